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
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

import knowledge
from benchmarks.synthetic import synthetic_knowledge, synthetic_queries
from bot.core.engine import Engine, Incoming

HERE = Path(__file__).resolve().parent


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


def bench_startup(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        Engine(knowledge.load())
        times.append((time.perf_counter() - start) * 1000)
    return times


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
    startup = bench_startup(2 if args.quick else 5)
    print(
        f"start-up to a ready engine: median {statistics.median(startup):.0f} ms "
        f"(min {min(startup):.0f}, runs {len(startup)}; target < 1000 ms)"
    )
    engine = Engine(knowledge.load())
    latency = bench_real(engine, rounds)
    print(
        f"real knowledge base ({len(engine.kb.services)} services, {len(engine.index.docs)} phrases): "
        f"{len(latency)} messages, median {statistics.median(latency):.3f} ms, p99 {percentile(latency, 0.99):.3f} "
        f"ms (targets < 1 ms, < 5 ms; language detection included)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory after the real engine: {peak:.0f} MB (target < 150 MB)")
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
