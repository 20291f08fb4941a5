"""Load through the real bot process and a fake Bot API on 127.0.0.1 (a benchmark, not a test).

N simulated users each send a script of messages (mixed languages, commands, a location, button presses),
waiting for the bot's reply before the next one, as people do. Every user's replies are compared with the
replies the same script gets when it runs alone: same calls, same texts, same order, so a lost, duplicated
or reordered reply is caught. Prints messages answered per second, p50/p95 reply latency, the bot's peak memory.

    python -m benchmarks.load_bench --users 200 --messages 10
    python -m benchmarks.load_bench --replicas 2 --state postgresql   # webhook replicas behind a proxy
    python -m benchmarks.load_bench --slow-chat 30   # one chat's replies fail for 30 s: the others' p95
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from tests.e2e.conftest import TOKEN, BotProcess, free_port, wait_until
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.proxy import RoundRobinProxy

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
SLOW_CHAT = 999_999
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# The models `make` trained at install: a deployed bot starts with its models kept, so the benchmark's bots do too
# (without them each bot trains at start, and its peak memory is the training's).
KEPT_MODELS = Path(__file__).resolve().parents[1] / "data" / "models"


def start_bots(api: FakeBotApi, tmp: Path, args: argparse.Namespace, stack: contextlib.ExitStack) -> list[BotProcess]:
    """One polling bot, or N webhook replicas behind a round-robin proxy that the fake Telegram posts to."""
    env = {"LOG_LEVEL": "WARNING", "RATE_LIMIT_PER_MINUTE": "1000", "OUTGOING_PER_SECOND": args.outgoing_per_second}
    if args.state == "postgresql":
        from tests.pg import Postgres

        folder = Path(tempfile.mkdtemp(prefix="hellef-bench-pg-"))
        folder.chmod(0o755)
        server = Postgres(folder / "data")
        stack.callback(shutil.rmtree, folder, True)
        stack.callback(server.stop)
        env |= {"STATE_URL": server.new_database(), "CHAT_HASH_KEY": secrets.token_hex(32)}
    if args.replicas == 1 and args.state == "sqlite":
        bot = BotProcess(tmp, api, models=KEPT_MODELS, **env).start()
        stack.callback(bot.stop)
        return [bot]
    ports = [free_port() for _ in range(args.replicas)]
    proxy = RoundRobinProxy([f"http://127.0.0.1:{port}" for port in ports]).start()
    stack.callback(proxy.stop)
    bots = []
    for i, port in enumerate(ports):
        folder = tmp / f"replica{i}"
        folder.mkdir()
        bot = BotProcess(
            folder,
            api,
            models=KEPT_MODELS,
            BOT_MODE="webhook",
            WEBHOOK_URL=proxy.url + "/telegram",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET=secrets.token_urlsafe(32),
            **env,
        )
        if i:  # every replica has the same secret, as behind one WEBHOOK_URL
            bot.env["WEBHOOK_SECRET"] = bots[0].env["WEBHOOK_SECRET"]
        bots.append(bot.start())
        stack.callback(bot.stop)
    return bots


def ready(api: FakeBotApi, bots: list[BotProcess]) -> bool:
    if len(bots) == 1 and bots[0].env.get("BOT_MODE") != "webhook":
        return wait_until(lambda: "getUpdates" in api.calls, 90)
    ports = [b.env["WEBHOOK_PORT"] for b in bots]
    return wait_until(lambda: api.webhook is not None and all(_healthy(p) for p in ports), 90)


def _healthy(port: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--outgoing-per-second", default="0", help="the bot's outgoing limiter (0: off)")
    parser.add_argument(
        "--slow-chat", type=float, default=0.0, help="one more chat whose replies fail (502) for this many seconds"
    )
    parser.add_argument("--replicas", type=int, default=1, help="webhook replicas behind a round-robin proxy")
    parser.add_argument("--state", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    api = FakeBotApi(token=TOKEN).start()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        stack.callback(api.stop)
        bots = start_bots(api, Path(tmp), args, stack)
        if not ready(api, bots):
            print(bots[0].log()[-2000:])
            return 1
        expected = []
        for i, script in enumerate(SCRIPTS):
            counts = calibrate(api, script, LANGS[i], 900_000 + i)
            expected.append((counts, signature(api.sent(900_000 + i))))
        latencies: list[float] = []
        errors: list[str] = []
        threads = []
        cpu_before = sum(cpu_seconds(b.proc.pid) for b in bots)
        began = time.monotonic()
        if args.slow_chat:
            api.faults.failing_chats[SLOW_CHAT] = began + args.slow_chat
            api.send(SLOW_CHAT, "bonjour")
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
        cpu = sum(cpu_seconds(b.proc.pid) for b in bots) - cpu_before
        time.sleep(1.0)  # late duplicates would arrive now
        mismatched = 0
        for u in range(args.users):
            s = u % len(SCRIPTS)
            want = expected[s][1][: sum(expected[s][0][: args.messages])]
            got = signature(api.sent(1_000_000 + u))
            if got != want:
                mismatched += 1
                if mismatched == 1:
                    first = next((i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w), None)
                    print(f"first mismatch: user {u}, {len(got)} replies for {len(want)} expected, at {first}:")
                    if first is not None:
                        print(f"  got  {got[first][0]} {got[first][1][:70]!r}")
                        print(f"  want {want[first][0]} {want[first][1][:70]!r}")
        sent_messages = len(latencies)
        ordered = sorted(latencies)
        where = f"{args.replicas} replica(s), {args.state}" + (", webhook" if bots[0].env.get("BOT_MODE") else "")
        print(
            f"[{where}] users {args.users} x messages {args.messages}: {sent_messages} answered in {seconds:.1f} s "
            f"= {sent_messages / seconds:.1f} messages/s (outgoing limiter: {args.outgoing_per_second}/s)"
        )
        p95 = ordered[int(0.95 * len(ordered))]
        print(f"reply latency: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms")
        print(
            f"lost or late: {len(errors)}; users whose replies differ from the script alone (lost, "
            f"duplicated, reordered): {mismatched}"
        )
        if args.slow_chat:
            print(f"slow chat: its replies failed for {args.slow_chat:.0f} s; the p95 above is the other chats'")
        print(f"bot CPU: {cpu:.1f} s in all, {cpu / max(1, len(latencies)) * 1000:.1f} ms per message")
        memory = ", ".join(f"{peak_memory_mb(b.proc.pid):.0f} MB" for b in bots)
        print(f"peak memory (VmHWM) per replica: {memory}")
        return 0 if not errors and not mismatched else 1


if __name__ == "__main__":
    sys.exit(main())
