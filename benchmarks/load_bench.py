"""Load through the real bot process and a fake Bot API on 127.0.0.1 (a benchmark, not a test).

N simulated users each send a script of messages (mixed languages, commands, a location, button presses),
waiting for the bot's reply before the next one, as people do. Every user's replies are compared with the
replies the same script gets when it runs alone: same calls, same texts, same order, so a lost, duplicated
or reordered reply is caught. Prints messages answered per second, p50/p95 reply latency, the bot's peak memory.

    python -m benchmarks.load_bench --users 200 --messages 10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.e2e.conftest import TOKEN, BotProcess, wait_until
from tests.e2e.fake_bot_api import FakeBotApi

# Each step: (kind, value). Scripts mix languages, commands, buttons and a location.
SCRIPTS = [
    [
        ("text", "/start"),
        ("press", "t:debts"),
        ("text", "jai des dettes pr mon loyer"),
        ("press", "p:surendettement"),
        ("text", "merci"),
        ("text", "maison des jeunes a bonnevoie"),
        ("press", "f:+:mj-bonnevoie"),
        ("text", "et à Gasperich ?"),
        ("text", "quel temps demain"),
        ("text", "au revoir"),
    ],
    [
        ("text", "moien"),
        ("text", "wou ass de Jugendhaus zu Leideleng"),
        ("press", "t:youth"),
        ("location", (49.586, 6.121)),
        ("text", "ech hu vill Schold"),
        ("press", "l:lb"),
        ("text", "/help"),
        ("text", "Kannerbetreiung zu Miersch"),
        ("press", "s:mr-krounebierg"),
        ("text", "merci villmools"),
    ],
    [
        ("text", "Guten Tag"),
        ("text", "Ich habe Schulden und brauche Hilfe"),
        ("text", "Jugendhaus in Gasperich"),
        ("press", "t:children"),
        ("location", (49.4998, 5.98)),
        ("text", "/contact"),
        ("text", "Notunterkunft"),
        ("press", "sos"),
        ("text", "/privacy"),
        ("text", "danke"),
    ],
    [
        ("text", "hello"),
        ("text", "debt advice please"),
        ("text", "youth club in Clausen"),
        ("press", "t:housing"),
        ("text", "I need a place to sleep tonight"),
        ("text", "/language"),
        ("press", "l:en"),
        ("text", "childcare in Dudelange"),
        ("location", (49.6, 6.13)),
        ("text", "thanks"),
    ],
    [
        ("text", "olá"),
        ("text", "preciso de ajuda com as minhas dívidas"),
        ("text", "casa da juventude em Gasperich"),
        ("press", "t:work"),
        ("text", "procuro trabalho para jovens"),
        ("text", "creche em Mersch"),
        ("location", (49.75, 6.10)),
        ("press", "s:inter-actions"),
        ("text", "qual é o vosso número de telefone"),
        ("text", "obrigado"),
    ],
]
LANGS = ["fr", "lb", "de", "en", "pt"]
QUIET = 0.4  # seconds without a new reply that end a step during calibration


def act(api: FakeBotApi, chat: int, lang: str, kind: str, value) -> None:
    if kind == "text":
        api.send(chat, value, language_code=lang)
    elif kind == "press":
        api.press(chat, value, language_code=lang)
    else:
        api.send_location(chat, *value)


def signature(sent: list[dict]) -> list[tuple[str, str]]:
    return [(m["method"], str(m["params"].get("text", m["params"].get("title", "")))) for m in sent]


def calibrate(api: FakeBotApi, script, lang: str, chat: int) -> list[int]:
    """Replies per step when the script runs alone."""
    counts = []
    for kind, value in script:
        before = len(api.sent(chat))
        act(api, chat, lang, kind, value)
        api.wait_for(chat, before + 1, 20)
        while True:
            n = len(api.sent(chat))
            time.sleep(QUIET)
            if len(api.sent(chat)) == n:
                break
        counts.append(len(api.sent(chat)) - before)
    return counts


def user(
    api: FakeBotApi,
    chat: int,
    script,
    lang: str,
    counts: list[int],
    latencies: list[float],
    errors: list[str],
    steps: int,
) -> None:
    total = 0
    for (kind, value), count in list(zip(script, counts, strict=True))[:steps]:
        total += count
        start = time.monotonic()
        act(api, chat, lang, kind, value)
        sent = api.wait_for(chat, total, 60)
        if len(sent) < total:
            errors.append(f"chat {chat}: {len(sent)} replies, expected {total}")
            return
        latencies.append((sent[total - count]["at"] - start) * 1000 if sent[total - count]["at"] >= start else 0.0)


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--outgoing-per-second", default="0", help="the bot's outgoing limiter (0: off)")
    args = parser.parse_args()
    api = FakeBotApi(token=TOKEN).start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = BotProcess(
            Path(tmp),
            api,
            LOG_LEVEL="WARNING",
            RATE_LIMIT_PER_MINUTE="1000",
            OUTGOING_PER_SECOND=args.outgoing_per_second,
        ).start()
        try:
            if not wait_until(lambda: "getUpdates" in api.calls, 60):
                print(bot.log()[-2000:])
                return 1
            expected = []
            for i, script in enumerate(SCRIPTS):
                counts = calibrate(api, script, LANGS[i], 900_000 + i)
                expected.append((counts, signature(api.sent(900_000 + i))))
            latencies: list[float] = []
            errors: list[str] = []
            threads = []
            began = time.monotonic()
            for u in range(args.users):
                s = u % len(SCRIPTS)
                t = threading.Thread(
                    target=user,
                    args=(api, 1_000_000 + u, SCRIPTS[s], LANGS[s], expected[s][0], latencies, errors, args.messages),
                )
                threads.append(t)
                t.start()
            for t in threads:
                t.join()
            seconds = time.monotonic() - began
            time.sleep(1.0)  # late duplicates would arrive now
            mismatched = 0
            for u in range(args.users):
                s = u % len(SCRIPTS)
                want = expected[s][1][: sum(expected[s][0][: args.messages])]
                if signature(api.sent(1_000_000 + u)) != want:
                    mismatched += 1
            sent_messages = len(latencies)
            ordered = sorted(latencies)
            print(
                f"users {args.users} x messages {args.messages}: {sent_messages} answered in {seconds:.1f} s "
                f"= {sent_messages / seconds:.1f} messages/s (outgoing limiter: {args.outgoing_per_second}/s)"
            )
            p95 = ordered[int(0.95 * len(ordered))]
            print(f"reply latency: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms")
            print(
                f"lost or late: {len(errors)}; users whose replies differ from the script alone (lost, "
                f"duplicated, reordered): {mismatched}"
            )
            print(f"bot peak memory (VmHWM): {peak_memory_mb(bot.proc.pid):.0f} MB")
            return 0 if not errors and not mismatched else 1
        finally:
            bot.stop()
            api.stop()


if __name__ == "__main__":
    sys.exit(main())
