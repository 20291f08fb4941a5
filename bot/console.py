"""The local console chat: the same Application and handlers as on Telegram, fed local updates.

Type a message; buttons appear as numbered choices (type the number); `/location LAT LON` shares a location.
It reads standard input line by line, so `printf 'où aide aux dettes?\\n' | make chat` answers and exits.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from telegram import Update

from bot.local_api import LocalBotApi, Sent, UpdateFactory
from bot.settings import Settings
from handlers.render import html_to_text


def to_console(sent: Sent, choices: list[dict]) -> str:
    """One sent message as plain text; its buttons are appended to `choices` and numbered."""
    if sent.method == "sendVenue":
        p = sent.params
        return f"📍 {p['title']} — {p['address']} ({float(p['latitude']):.5f}, {float(p['longitude']):.5f})"
    if sent.method not in ("sendMessage", "editMessageReplyMarkup"):
        return ""
    lines = [html_to_text(sent.text)] if sent.method == "sendMessage" else []  # an edit adds only buttons
    for button in sent.buttons():
        choices.append(button)
        hint = "  (/location LAT LON)" if button.get("request_location") else ""
        lines.append(f"  [{len(choices)}] {button.get('text', '')}{hint}")
    return "\n".join(lines)


async def chat_loop(
    app, api: LocalBotApi, factory: UpdateFactory, stdin: TextIO, stdout: TextIO, interactive: bool
) -> None:
    choices: list[dict] = []
    async with app:
        api.take()
        for line in _lines(stdin, stdout, interactive):
            update = _update_for(line.strip(), choices, factory)
            if update is None:
                continue
            choices = []
            await app.process_update(Update.de_json(update, app.bot))
            out = [to_console(s, choices) for s in api.take()]
            stdout.write("\n\n".join(o for o in out if o) + "\n\n")
            stdout.flush()


def _lines(stdin: TextIO, stdout: TextIO, interactive: bool):
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return
        yield line


def _update_for(line: str, choices: list[dict], factory: UpdateFactory) -> dict | None:
    if not line:
        return None
    if line.isdigit() and 1 <= int(line) <= len(choices):
        button = choices[int(line) - 1]
        if button.get("callback_data"):
            return factory.callback(button["callback_data"])
        if button.get("request_location"):
            return None  # a phone would send its location here; in the console: /location LAT LON
        return factory.text(button.get("text", ""))
    if line.startswith("/location"):
        try:
            lat, lon = (float(x) for x in line.split()[1:3])
            return factory.location(lat, lon)
        except ValueError:
            return factory.text(line)
    return factory.text(line)


def run_console(knowledge_dir: str | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    from bot.app import build_application, make_runtime

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    settings = Settings(knowledge_dir=knowledge_dir, api_base_url="http://console.invalid/bot")
    rt = make_runtime(settings, data_dir_enabled=False)
    api = LocalBotApi()
    app = build_application(rt, request=api, rate_limiter=False)
    interactive = stdin.isatty()
    if interactive:
        stdout.write("Hëllef — console chat (Ctrl-D to quit). Type /start for the menu.\n")
    asyncio.run(chat_loop(app, api, UpdateFactory(language_code=None), stdin, stdout, interactive))
    return 0
