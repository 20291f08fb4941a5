"""Two versions of the engine, one process, the same messages in turn: which is faster, per message?

    git worktree add ../before <commit>
    .venv/bin/python -m benchmarks.ab_bench ../before . [--store data/models] [--runs 5]

On a shared, noisy machine two runs of `core_bench` minutes apart differ by more than most changes make. Here both
engines answer each message of benchmarks/eval/independent.tsv in turn (the order alternating), each keeps its
fastest of `--runs` times per message (noise only adds), and the median per-message ratio is printed with both
medians and p99s. Both trees must read the same knowledge (one model store).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def load(root: Path, store: Path) -> tuple[Any, Any]:
    """The engine of the code tree at `root`, and its Incoming class: each tree's modules imported apart."""
    for name in [m for m in sys.modules if m.split(".")[0] in ("bot", "knowledge", "handlers")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    cwd = os.getcwd()
    os.chdir(root)  # the knowledge base is read from the tree
    try:
        knowledge = importlib.import_module("knowledge")
        engine = importlib.import_module("bot.core.engine")
        return engine.Engine(knowledge.load(None), model_store=store), engine.Incoming
    finally:
        os.chdir(cwd)
        sys.path.remove(str(root))


def fastest(pairs: list[tuple[Any, Any]], messages: list[str], runs: int) -> list[list[float]]:
    """Per engine, per message: the fastest of `runs` answers in ms."""
    best = [[float("inf")] * len(messages) for _ in pairs]
    for run in range(runs):
        for i, text in enumerate(messages):
            order = range(len(pairs)) if (i + run) % 2 else reversed(range(len(pairs)))
            for k in order:
                engine, incoming = pairs[k]
                start = time.perf_counter()
                engine.answer(incoming.parse_line(text))
                best[k][i] = min(best[k][i], (time.perf_counter() - start) * 1000)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--store", type=Path, default=HERE.parent / "data" / "models")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with (HERE / "eval" / "independent.tsv").open(encoding="utf-8", newline="") as f:
        messages = [row["text"] for row in csv.DictReader(f, delimiter="\t")]
    pairs = [load(root.resolve(), args.store.resolve()) for root in (args.before, args.after)]
    for engine, incoming in pairs:  # warm caches as a running bot would be
        for text in messages[:50]:
            engine.answer(incoming.parse_line(text))
    before, after = fastest(pairs, messages, args.runs)
    ratio = statistics.median(b / a for a, b in zip(before, after, strict=True))
    for name, times in (("before", before), ("after", after)):
        ordered = sorted(times)
        p99 = ordered[int(len(ordered) * 0.99)]
        print(f"{name}: median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms ({len(times)} messages)")
    print(f"after / before, median per message: {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
