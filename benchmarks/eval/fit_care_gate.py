"""Fit the care gate's weights (bot/core/care_gate.py) on the development conversations.

    python -m benchmarks.eval.fit_care_gate [--c 1.0] [--missed 3] [sets ...]

Replays every development conversation (never a test set) with the rules alone. Each judged turn of care after a
crisis that reads no crisis of its own, and that has a practical reply to give, is one training row when exactly one
of the two replies is right (judged like ../shared/eval/score.py): the crisis numbers again (`kind:emergency`), or
the practical reply under the help-line header. A turn that needed the numbers again and got an answer counts
`--missed` times the other mistake. Prints, leaving each set out in turn, the turns the rules and the gate get right,
and the weights to paste into the module.
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
from bot.core.care_gate import FEATURES
from bot.core.engine import Engine, Understanding
from bot.core.normalize import Normalized
from bot.core.reply import Reply
from bot.core.state import ChatState

sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
from score import judge


class _Recording(Engine):
    """The engine with the rules alone, keeping what the care gate would weigh in each turn."""

    kept: list[tuple[dict[str, float], Reply]]

    def _care_choice(
        self, message: Normalized, seen: Understanding, state: ChatState, reply: Reply, answered: Reply | None
    ) -> Reply | None:
        self.kept.append((self.care_features(message, seen, state, reply, answered is not None), reply))
        return super()._care_choice(message, seen, state, reply, answered)


def rows_of(engine: _Recording, path: Path) -> Iterator[tuple[list[float], bool]]:
    """(features, the numbers again are right) for each weighed turn where exactly one of the two replies is."""
    for turn, _, kept in replay(engine, path):
        if not kept:
            continue
        features, reply = kept[-1]
        numbers_right = turn["expected"] == "kind:emergency"
        if numbers_right != judge(turn["expected"], reply.to_json()):
            yield [features[name] for name in FEATURES], numbers_right


def main() -> int:
    args = fit_arguments(__doc__, missed=3.0, missed_help="what an answer costs when the numbers were needed")
    xs, ys, groups = collect(_Recording, "care_gate", args.sets or dev_sets(conversations_only=True), rows_of)
    rules = xs[:, FEATURES.index("rules")] < 0.5  # the rules give the numbers again
    predicted = left_out(xs, ys, groups, args.c, args.missed)
    print(f"{len(ys)} turns of care where one of the two replies is right, {int(ys.sum())} needing the numbers again:")
    for who, said in (("rules", rules), ("gate fit without the turn's set", predicted)):
        print(f"  {who}: {int((said == ys).sum())} right, {int((~said & ys).sum())} answered that needed the numbers")
    print_weights(xs, ys, FEATURES, args.c, args.missed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
