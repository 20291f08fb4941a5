"""Command line: run | chat | ask | train | knowledge check/export | qr | report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import knowledge


def _load_engine(directory: str | None, default_lang: str = "fr"):
    from bot.core.engine import Engine
    from bot.settings import SettingsError, load_settings

    try:
        store = load_settings(require_token=False).models
    except SettingsError:
        store = None  # a broken setting is `run`'s to report; answering works without kept models
    return Engine(knowledge.load(directory), default_lang=default_lang, model_store=store)


def cmd_knowledge_check(args: argparse.Namespace) -> int:
    kb, report = knowledge.check(args.dir)
    for problem in report.errors:
        print(f"ERROR   {problem}")
    for problem in report.warnings:
        print(f"warning {problem}")
    if kb is None:
        print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s): the knowledge cannot be loaded")
        return 1
    examples = sum(len(v) for s in kb.services for v in s.examples.values())
    print(
        f"ok: {len(kb.services)} services, {examples} example questions, {len(kb.places)} places, "
        f"{len(kb.helplines)} help-lines, {len(kb.partners)} referral partners; {len(report.warnings)} warning(s)"
    )
    return 0


def cmd_knowledge_export(args: argparse.Namespace) -> int:
    from knowledge.export import export_hsds, export_json

    try:
        kb = knowledge.load(args.dir)
    except knowledge.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    data = export_hsds(kb) if args.format == "hsds" else export_json(kb)
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1 if args.pretty else None)
    print()
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.core.engine import Incoming
    from handlers.render import reply_text

    try:
        engine = _load_engine(args.knowledge)
    except knowledge.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.json:
        _answer_lines(engine, sys.stdin, sys.stdout, conversations=args.conversations)
        return 0
    text = " ".join(args.message) if args.message else sys.stdin.read()
    if args.explain:
        print(explain(engine, text.strip()))
    print(reply_text(engine.answer(Incoming.parse_line(text.strip()))))
    return 0


def _answer_lines(engine, lines, out, conversations: bool) -> None:
    """One JSON object per non-empty line. Without `conversations` every line is a chat of its own, so the
    scorer's lines cannot influence each other; with it the chat state carries from one line to the next and an
    empty line starts a new chat."""
    from bot.core.engine import Incoming
    from bot.core.state import ChatState

    state = ChatState()
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            state = ChatState()
            continue
        reply = engine.answer(Incoming.parse_line(line), state if conversations else ChatState())
        state = reply.state
        out.write(json.dumps(reply.to_json(), ensure_ascii=False) + "\n")
        out.flush()


def explain(engine, text: str) -> str:
    """What the core saw: places, language, tokens and the best documents (for staff tuning examples)."""
    from bot.core.state import ChatState

    seen = engine.understand(engine.normalize(text), ChatState())
    lines = [
        f"places: {[m.place.name for m in seen.places]}  lang: {seen.lang} (evidence {seen.language_evidence:.2f})",
        f"crisis: {seen.crisis}  smalltalk: {seen.smalltalk}  tokens: {list(seen.tokens)}",
    ]
    lines += [f"  {m.score:.3f} {m.service_id:32} {m.doc.kind:8} {' '.join(m.doc.terms)}" for m in seen.matches[:8]]
    return "\n".join(lines) + "\n"


def cmd_train(args: argparse.Namespace) -> int:
    """Train the learned models now and keep them (MODEL_DIR or DATA_DIR/models), so that the bot's next start
    loads them in a moment instead of training: for an image build, a deployment, or after editing knowledge."""
    import time

    from bot.core.engine import Engine
    from bot.settings import SettingsError, load_settings

    try:
        store = load_settings(require_token=False).models
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not _writable(store):  # said before training, not a minute later
        print(f"error: the models could not be kept in {store}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    Engine(knowledge.load(args.knowledge), model_store=store)
    kept = sorted(store.glob("models-*.npz"))
    if not kept:
        print(f"error: the models could not be kept in {store}", file=sys.stderr)
        return 1
    print(f"models ready in {time.perf_counter() - start:.1f} s: {kept[-1]}")
    return 0


def _writable(folder: Path) -> bool:
    """The folder exists, or can be made, and takes a file."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.console import run_console

    return run_console(args.knowledge)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_bot

    return run_bot()


def cmd_qr(args: argparse.Namespace) -> int:
    from bot.posters import write_qr

    return write_qr(args.service_id, args.bot_username, Path(args.output) if args.output else None, args.knowledge)


def cmd_report(args: argparse.Namespace) -> int:
    import asyncio

    from bot.settings import SettingsError, load_settings
    from bot.store import store_for
    from bot.unanswered import report

    try:
        settings = load_settings(require_token=False)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    location = settings.state_location()
    if location.startswith("sqlite") and not (settings.data_dir / "state.sqlite3").exists() and not settings.state_url:
        print(report([]))
        return 0

    async def kept() -> list[str]:
        store = store_for(location)
        await store.open()
        try:
            return await store.unanswered()
        finally:
            await store.close()

    print(report(asyncio.run(kept())))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="inter-actions-bot", description="Hëllef, the help bot of Inter-Actions.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="the Telegram bot (settings from the environment and .env)").set_defaults(func=cmd_run)
    chat = sub.add_parser("chat", help="the local console chat: no token, no network")
    chat.add_argument("--knowledge", default=None, help="knowledge folder")
    chat.set_defaults(func=cmd_chat)
    ask = sub.add_parser("ask", help="answer one message, or with --json one per line of standard input")
    ask.add_argument("message", nargs="*")
    ask.add_argument("--json", action="store_true", help="read lines on stdin, write one JSON object per line")
    ask.add_argument(
        "--conversations", action="store_true", help="with --json: one chat, an empty line starts a new one"
    )
    ask.add_argument("--explain", action="store_true", help="show what the core saw and the best matches")
    ask.add_argument("--knowledge", default=None, help="knowledge folder")
    ask.set_defaults(func=cmd_ask)
    train = sub.add_parser("train", help="train the learned models and keep them (MODEL_DIR or DATA_DIR/models)")
    train.add_argument("--knowledge", default=None, help="knowledge folder")
    train.set_defaults(func=cmd_train)
    kn = sub.add_parser("knowledge", help="check or export the knowledge base")
    ksub = kn.add_subparsers(dest="action", required=True)
    check = ksub.add_parser("check", help="validate; exit 1 on errors")
    check.add_argument("dir", nargs="?", default=None)
    check.set_defaults(func=cmd_knowledge_check)
    export = ksub.add_parser("export", help="the validated knowledge as JSON on stdout")
    export.add_argument("dir", nargs="?", default=None)
    export.add_argument("--format", choices=("json", "hsds"), default="json")
    export.add_argument("--pretty", action="store_true")
    export.set_defaults(func=cmd_knowledge_export)
    qr = sub.add_parser("qr", help="a PNG QR code of the deep link to a service, for posters")
    qr.add_argument("service_id")
    qr.add_argument("--bot-username", default=None, help="the bot's @username (else BOT_USERNAME)")
    qr.add_argument("--output", "-o", default=None)
    qr.add_argument("--knowledge", default=None)
    qr.set_defaults(func=cmd_qr)
    rep = sub.add_parser("report", help="reports for staff")
    rep.add_argument("what", choices=["unanswered"])
    rep.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (`ask ... | head -1`): not an error. Point stdout at /dev/null so the
        # interpreter's final flush cannot raise again, and exit quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
