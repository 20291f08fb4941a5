"""Every row of many sets, answered in one process, and two such runs compared row by row.

    python -m benchmarks.eval.sweep run OUT.json [--set NAME=VALUE ...] [--sets dev|test|all|FILE ...]
    python -m benchmarks.eval.sweep compare BEFORE.json AFTER.json [--show]

`run` answers each set's rows as `ask --json` would (a conversation's turns in one chat), with the thresholds of
bot/core/thresholds.py changed by `--set` (`--set crisis_gate_odds=0.6`), and keeps for each row what the reply was
and whether ../shared/eval/score.py judges it right. `compare` counts the rows a change won and lost and, with
`--show`, lists them. One process for thousands of rows: a threshold is measured on every dev set and every frozen
set in a minute or two, counts only. Never tune on the frozen sets' rows: look at their categories of misses.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import knowledge
from benchmarks.eval.gate_fitting import dev_sets
from bot.core.engine import Engine, Incoming
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "benchmarks" / "eval"
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
from score import judge  # noqa: E402  (the scorer's own judgement)

SERVICE_KINDS = ("svc:", "cat:")


def sets(names: Iterable[str]) -> list[Path]:
    """`dev`: the shared dev sets, ours and the independent ones; `test`: the frozen test sets; else file paths."""
    out: list[Path] = []
    for name in names:
        if name in ("dev", "all"):
            out += dev_sets()
        if name in ("test", "all"):
            out += sorted(HERE.glob("test*.tsv"))
        if name not in ("dev", "test", "all"):
            out.append(Path(name))
    return out


def thresholds(settings: Iterable[str]) -> Thresholds:
    """`NAME=VALUE` pairs over the defaults, each VALUE read as the type of the field it changes."""
    base = Thresholds()
    known = {f.name for f in fields(base)}
    changes: dict[str, Any] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in known:
            raise SystemExit(f"unknown threshold {name!r}")
        current = getattr(base, name)
        changes[name] = value.lower() in ("1", "true", "yes") if isinstance(current, bool) else type(current)(value)
    return replace(base, **changes)


def answer_rows(engine: Engine, path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    state, chat, turn = ChatState(), None, 0
    for row in rows:
        conv = row.get("conv") or ""
        if conv != chat:
            state, chat, turn = ChatState(), conv, 0
        turn += 1
        reply = engine.answer(Incoming.parse_line(row["text"]), state if conv else ChatState())
        if conv:
            state = reply.state
        got = reply.to_json()
        expected = row["expected"]
        yield {
            "file": path.name,
            "conv": conv,
            "turn": turn,
            "lang": row["lang"],
            "expected": expected,
            "type": row.get("type", ""),
            "kind": got.get("kind"),
            "services": list(got.get("services") or []),
            "helplines": got.get("helplines"),
            "got_lang": got.get("lang"),
            "ok": None if expected == "-" else judge(expected, got),
            "text": row["text"],
        }


def summary(rows: list[dict[str, Any]]) -> str:
    judged = [r for r in rows if r["ok"] is not None]

    def count(selected: list[dict[str, Any]]) -> str:
        return f"{sum(r['ok'] for r in selected)}/{len(selected)}"

    emergencies = [r for r in judged if r["expected"] == "kind:emergency"]
    alarms = sum(1 for r in judged if r["expected"] != "kind:emergency" and r["kind"] == "emergency")
    return (
        f"all {count(judged)}  conversation turns {count([r for r in judged if r['conv']])}  "
        f"emergencies {count(emergencies)}  false alarms {alarms}  "
        f"services {count([r for r in judged if r['expected'].startswith(SERVICE_KINDS)])}"
    )


def _key(row: dict[str, Any]) -> tuple[str, str, int, str]:
    return row["file"], row["conv"], row["turn"], row["text"]


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> tuple[list, list]:
    """The rows judged in both runs that the second got right and the first wrong, and the other way round."""
    later = {_key(r): r for r in after}
    won, lost = [], []
    for old in before:
        new = later.get(_key(old))
        if new is None or old["ok"] is None or old["ok"] == new["ok"]:
            continue
        (won if new["ok"] else lost).append((old, new))
    return won, lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="answer every row and keep the results")
    run.add_argument("out")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    run.add_argument("--sets", nargs="+", default=["dev"])
    both = sub.add_parser("compare", help="rows won and lost between two runs")
    both.add_argument("before")
    both.add_argument("after")
    both.add_argument("--show", action="store_true")
    args = parser.parse_args()
    if args.command == "run":
        store = load_settings(require_token=False).models
        engine = Engine(knowledge.load(), model_store=store, thresholds=thresholds(args.set))
        rows = [row for path in sets(args.sets) for row in answer_rows(engine, path)]
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        print(summary(rows))
        return 0
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (args.before, args.after))
    won, lost = compare(before, after)
    if args.show:
        for sign, pairs in (("+", won), ("-", lost)):
            for old, new in pairs:
                print(
                    f"{sign} {old['file']} {old['conv']} {old['turn']} {old['expected']} {old['kind']} "
                    f"{old['services'][:2]} -> {new['kind']} {new['services'][:2]} | {old['text'][:100]}"
                )
    print(f"before: {summary(before)}\nafter:  {summary(after)}\nwon {len(won)}, lost {len(lost)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
