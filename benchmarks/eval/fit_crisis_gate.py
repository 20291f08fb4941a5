"""Fit the crisis gate's weights (bot/core/crisis_gate.py) on every development set.

    python -m benchmarks.eval.fit_crisis_gate [--c 1.0] [--missed 5] [sets ...]

Replays every development set (../shared/eval/dev*.tsv, benchmarks/eval/independent*.tsv and benchmarks/eval/dev*.tsv;
never a test set; conversations turn by turn) with the rules alone. Each judged message or turn the crisis detector
reads something in, outside the turns of care after a crisis, is one training row: its features, and whether a crisis
reply is what it needs (`kind:emergency`). A missed emergency counts `--missed` times a false alarm. Prints, leaving
each set out in turn, the emergencies caught and the false alarms of the rules and of the gate, and the weights to
paste into the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from benchmarks.eval.gate_fitting import collect, dev_sets, fit_arguments, left_out, print_weights, replay
from bot.core.crisis import CrisisSignal
from bot.core.crisis_gate import FEATURES
from bot.core.engine import Engine, Understanding
from bot.core.state import ChatState


class _Recording(Engine):
    """The engine with the rules alone, keeping what the crisis gate would weigh in each turn."""

    kept: list[dict[str, float]]

    def _crisis_certain(self, seen: Understanding, state: ChatState, crisis: CrisisSignal) -> bool:
        self.kept.append(self.crisis_features(seen, state, crisis))
        return super()._crisis_certain(seen, state, crisis)


def rows_of(engine: _Recording, path: Path) -> Iterator[tuple[list[float], bool]]:
    """(features, a crisis reply is what the turn needs) for each judged turn the gate would weigh."""
    for turn, _, kept in replay(engine, path):
        if kept:
            yield [kept[0][name] for name in FEATURES], turn["expected"] == "kind:emergency"


def main() -> int:
    args = fit_arguments(__doc__, missed=5.0, missed_help="what a missed emergency costs, in false alarms")
    sets = args.sets or dev_sets()
    xs, ys, groups = collect(_Recording, "crisis_gate", sets, rows_of)
    rules = xs[:, FEATURES.index("rules")] > 0.5
    predicted = left_out(xs, ys, groups, args.c, args.missed)
    print(f"{len(ys)} turns read as a crisis at all, {int(ys.sum())} emergencies:")
    for who, said in (("rules", rules), ("gate fit without the turn's set", predicted)):
        print(f"  {who}: {int((said & ys).sum())} emergencies caught, {int((said & ~ys).sum())} false alarms")
    print_weights(xs, ys, FEATURES, args.c, args.missed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
