"""Fit the follow-up gate's weights (bot/core/follow_up_gate.py) on the development conversations.

    python -m benchmarks.eval.fit_gate [--c 1.0] [conversation sets ...]

Replays every development conversation (../shared/eval/dev_conversations.tsv and
benchmarks/eval/dev*_conversations*.tsv; never a test set) with the rules alone. Wherever a service was given, the
turn is one the gate weighs (not a bare detail question, not a turn of care after a crisis), the engine composed both
a detail of it and another reply, and exactly one of the two is right for the turn (judged like
../shared/eval/score.py), the turn's features and which one was right make one training row. Prints a
leave-one-set-out check (rows the rules get right, rows the gate would get right, fit without that set) and the
weights to paste into the module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from benchmarks.eval.gate_fitting import (
    ROOT,
    collect,
    dev_sets,
    fit_arguments,
    left_out,
    print_weights,
    replay,
)
from bot.core.engine import Engine
from bot.core.follow_up_gate import FEATURES
from bot.core.reply import Reply

sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
from score import judge


class _Recording(Engine):
    """The engine with the rules alone, keeping the last choice of each turn between a detail and another reply that
    the gate would weigh (not those the rules alone decide)."""

    kept: list[tuple[dict[str, float], Reply, Reply, Reply]]

    def _choose(self, seen, message, state, by_rules, detail, reply, ruled, elsewhere):  # type: ignore[no-untyped-def]
        chosen = super()._choose(seen, message, state, by_rules, detail, reply, ruled, elsewhere)
        if not ruled:
            features = self.follow_up_features(seen, message, state, by_rules, reply, elsewhere)
            self.kept.append((features, detail, reply, chosen))
        return chosen


def rows_of(engine: _Recording, path: Path) -> Iterator[tuple[list[float], bool]]:
    """(features, the detail is right) for each turn where exactly one of the two is right."""
    for turn, reply, kept in replay(engine, path):
        if not kept:
            continue
        features, detail, other, chosen = kept[-1]
        if chosen.to_json() != reply.to_json():  # the turn's reply is not this choice alone (a crisis, care)
            continue
        detail_right, other_right = judge(turn["expected"], detail.to_json()), judge(turn["expected"], other.to_json())
        if detail_right != other_right:
            yield [features[name] for name in FEATURES], bool(detail_right)


def main() -> int:
    args = fit_arguments(__doc__)
    sets = args.sets or dev_sets(conversations_only=True)
    xs, ys, groups = collect(_Recording, "follow_up_gate", sets, rows_of)
    ruled_detail = xs[:, FEATURES.index("rules")] > 0.5
    predicted = left_out(xs, ys, groups, args.c)
    print(f"{len(ys)} turns where one reply is right: rules {int((ruled_detail == ys).sum())}, ", end="")
    print(f"gate fit without the turn's set {int((predicted == ys).sum())}")
    print_weights(xs, ys, FEATURES, args.c)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
