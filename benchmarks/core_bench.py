"""`make bench`: the understanding core's speed and memory. A benchmark, not a test: report, don't assert.

Prints: start-up to a ready engine; latency per message on the real knowledge base (median, p99, language
detection included); peak memory; and latency on synthetic knowledge bases of 1,000 and 10,000 services next
to a naive baseline that scores every example with rapidfuzz.process.extractOne.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

import knowledge
from benchmarks.synthetic import synthetic_knowledge, synthetic_queries
from bot.core.engine import Engine, Incoming

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return out


def real_messages() -> list[str]:
    path = HERE / "eval" / "independent.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f, delimiter="\t")]


def bench_startup(runs: int, store: Path | None) -> list[tuple[float, float]]:
    """(ms to a ready engine, peak MB) per run, each in a fresh process: imports and training included."""
    code = (
        "import time, resource, sys; t = time.perf_counter(); import knowledge; from bot.core.engine import Engine; "
        "from pathlib import Path; s = sys.argv[1]; Engine(knowledge.load(), model_store=Path(s) if s else None); "
        "print((time.perf_counter() - t) * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code, str(store or "")], capture_output=True, text=True, check=True, cwd=ROOT
        )
        ms, mb = (float(x) for x in done.stdout.split())
        out.append((ms, mb))
    return out


def bench_real(engine: Engine, rounds: int) -> list[float]:
    messages = real_messages()
    for text in messages[:50]:  # warm caches as a running bot would be
        engine.answer(Incoming.parse_line(text))
    return timed(lambda t: engine.answer(Incoming.parse_line(t)), messages * rounds)


def bench_synthetic(base: knowledge.Knowledge, size: int, queries: int, baseline_queries: int) -> dict:
    kb = synthetic_knowledge(base, size)
    start = time.perf_counter()
    engine = Engine(kb)
    build_ms = (time.perf_counter() - start) * 1000
    texts = synthetic_queries(kb, queries)
    engine_ms = timed(lambda t: engine.answer(Incoming(text=t)), texts)
    examples = [ex for s in kb.services for exs in s.examples.values() for ex in exs]
    processed = [utils.default_process(e) for e in examples]
    base_ms = timed(
        lambda t: process.extractOne(utils.default_process(t), processed, scorer=fuzz.WRatio),
        texts[:baseline_queries],
    )
    return {
        "size": size,
        "examples": len(examples),
        "build_ms": build_ms,
        "engine_p50": statistics.median(engine_ms),
        "engine_p99": percentile(engine_ms, 0.99),
        "baseline_p50": statistics.median(base_ms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (for a smoke run)")
    args = parser.parse_args()
    rounds = 2 if args.quick else 10
    runs = 2 if args.quick else 5
    with tempfile.TemporaryDirectory() as folder:
        cold = bench_startup(runs, None)
        bench_startup(1, Path(folder))  # trains once and keeps the weights
        warm = bench_startup(runs, Path(folder))
        engine = Engine(knowledge.load(), model_store=Path(folder))
    for name, runs_ in (("trained at start (no kept models)", cold), ("kept models (every later start)", warm)):
        ms = [m for m, _ in runs_]
        print(
            f"start-up to a ready engine, {name}: median {statistics.median(ms):.0f} ms, min {min(ms):.0f} "
            f"(runs {len(ms)}; target < 2000 ms); peak memory median {statistics.median(m for _, m in runs_):.0f} MB"
        )
    latency = bench_real(engine, rounds)
    print(
        f"real knowledge base ({len(engine.kb.services)} services, {len(engine.index.docs)} phrases): "
        f"{len(latency)} messages, median {statistics.median(latency):.3f} ms, p99 {percentile(latency, 0.99):.3f} "
        f"ms (targets < 2 ms, < 10 ms; language detection, crisis models and the learned signal included)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process after the real engine: {peak:.0f} MB (target < 200 MB)")
    results = [
        bench_synthetic(engine.kb, size, 300 if args.quick else 1000, 20 if args.quick else 50)
        for size in (1000, 10000)
    ]
    print(
        f"{'services':>9} {'examples':>9} {'build s':>8} {'engine p50':>11} {'engine p99':>11} "
        f"{'baseline p50':>13} {'speed-up':>9}"
    )
    for r in results:
        print(
            f"{r['size']:>9} {r['examples']:>9} {r['build_ms'] / 1000:>8.1f} {r['engine_p50']:>9.3f}ms "
            f"{r['engine_p99']:>9.3f}ms {r['baseline_p50']:>11.2f}ms {r['baseline_p50'] / r['engine_p50']:>8.0f}x"
        )
    small, large = results
    engine_growth = large["engine_p50"] / small["engine_p50"]
    baseline_growth = large["baseline_p50"] / small["baseline_p50"]
    print(
        f"growth from 1,000 to 10,000 services (10x the examples): engine x{engine_growth:.1f}, "
        f"baseline x{baseline_growth:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
