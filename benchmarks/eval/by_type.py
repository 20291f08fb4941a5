"""Crisis recall per kind and per language, and false alarms per near-miss kind, for a set with a `type` column.

    python -m benchmarks.eval.by_type benchmarks/eval/crisis_fresh1.tsv

Runs `ask --json` once over the set, judges each row like ../shared/eval/score.py, and also counts the rows
that carried the help-line header (`"helplines": true`) without being an emergency reply.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import defaultdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries")
    parser.add_argument("--cmd", default=f"{sys.executable} -m bot ask --json")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    with open(args.queries, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    done = subprocess.run(
        args.cmd.split(), input="".join(r["text"] + "\n" for r in rows), capture_output=True, text=True, check=True
    )
    replies = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(replies) == len(rows), "one JSON line per row"
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    alarms: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # [false alarms, headers, total]
    misses = []
    for row, reply in zip(rows, replies, strict=True):
        emergency = reply.get("kind") == "emergency"
        if row["expected"] == "kind:emergency":
            for key in (f"kind {row['type']}", f"lang {row['lang']}", "all emergencies"):
                caught[key][0] += emergency
                caught[key][1] += 1
            if not emergency:
                misses.append(("MISSED", row, reply))
        else:
            for key in (f"near {row['type']}", "all near-misses"):
                alarms[key][0] += emergency
                alarms[key][1] += bool(reply.get("helplines")) and not emergency
                alarms[key][2] += 1
            if emergency:
                misses.append(("ALARM", row, reply))
    for key in sorted(caught):
        hit, total = caught[key]
        print(f"{key:24} {hit:4}/{total:<4} {hit / total:6.1%}")
    for key in sorted(alarms):
        false, header, total = alarms[key]
        print(f"{key:24} false alarms {false:3}/{total:<4} headers {header:3}")
    if args.show_misses:
        for what, row, reply in misses:
            print(
                f"{what} {row['lang']} {row['type']:14} {row['text']!r} -> {reply.get('kind')} {reply.get('services')}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
