"""How long the replies are, as a Telegram client receives them (a measurement, not a test).

Each message runs through the real Application and handlers with the in-process Bot API, in a chat whose
language was chosen with the language button. For every reply it prints the characters the person reads
(HTML markup removed, all messages of the reply together), the number of messages and of buttons.

    python -m benchmarks.reply_sizes            # the issue's five messages, in fr and lb
    python -m benchmarks.reply_sizes --show     # and the replies themselves
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from telegram import Update

from bot.app import build_application, make_runtime
from bot.local_api import LocalBotApi, Sent, UpdateFactory
from bot.settings import Settings
from handlers.render import html_to_text

MESSAGES = (
    "où aide aux dettes?",
    "maisons des jeunes",
    "je veux mourir",
    "wou ass den noosten Jugendhaus?",
    "geo:49.5915,6.1247",  # a shared location near Gasperich
)
LANGS = ("fr", "lb")


def shown(sent: list[Sent]) -> tuple[int, int, int, str]:
    """(characters read, messages, buttons, the text) of what the bot sent for one update."""
    texts = []
    for s in sent:
        if s.method == "sendMessage":
            texts.append(html_to_text(s.text))
        elif s.method == "sendVenue":
            texts.append(f"{s.params['title']}\n{s.params['address']}")
    buttons = sum(1 for s in sent for b in s.buttons() if "callback_data" in b)
    text = "\n\n".join(texts)
    return len(text), len(texts), buttons, text


async def measure(show: bool) -> list[tuple[str, str, int, int, int]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), api_base_url="http://127.0.0.1:9/bot")
        rt = make_runtime(settings)
        api = LocalBotApi()
        app = build_application(rt, request=api, rate_limiter=False)
        async with app:
            for n, lang in enumerate(LANGS):
                for i, message in enumerate(MESSAGES):
                    factory = UpdateFactory(chat_id=1000 + 10 * n + i, language_code=lang)
                    await app.process_update(Update.de_json(factory.callback(f"l:{lang}"), app.bot))
                    api.take()
                    if message.startswith("geo:"):
                        lat, lon = (float(x) for x in message[4:].split(","))
                        update = factory.location(lat, lon)
                    else:
                        update = factory.text(message)
                    await app.process_update(Update.de_json(update, app.bot))
                    chars, count, buttons, text = shown(api.take())
                    rows.append((lang, message, chars, count, buttons))
                    if show:
                        print(f"--- {lang} {message!r}\n{text}\n")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the replies too")
    args = parser.parse_args()
    rows = asyncio.run(measure(args.show))
    print(f"{'lang':4}  {'message':34} {'chars':>6} {'msgs':>5} {'buttons':>8}")
    for lang, message, chars, count, buttons in rows:
        print(f"{lang:4}  {message:34} {chars:6d} {count:5d} {buttons:8d}")


if __name__ == "__main__":
    main()
