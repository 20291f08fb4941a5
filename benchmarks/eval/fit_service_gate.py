"""Fit the service gate's weights (bot/core/service_gate.py) on every development set.

    python -m benchmarks.eval.fit_service_gate [--c 1.0] [sets ...]

Replays every development set (never a test set; conversations turn by turn) with the engine's own choice. Wherever
the service model alone names another service than the engine's reply, both replies are composed; when exactly one
of the two is right for the message (judged like ../shared/eval/score.py), its features and which one was right make
one training row. Prints, leaving each set out in turn, the rows the engine and the gate get right, and the weights
to paste into the module.
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
from bot.core.engine import Engine, Understanding
from bot.core.reply import Reply
from bot.core.service_gate import FEATURES
from bot.core.state import ChatState

sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
from score import judge


class _Recording(Engine):
    """The engine with its own choice, keeping both replies wherever the service gate would choose."""

    kept: list[tuple[dict[str, float], Reply, Reply]]

    def _service_choice(
        self, seen: Understanding, state: ChatState, reply: Reply, other: Reply, model_top: str
    ) -> Reply:
        self.kept.append((self.service_features(seen, state, reply, other, model_top), reply, other))
        return super()._service_choice(seen, state, reply, other, model_top)


def rows_of(engine: _Recording, path: Path) -> Iterator[tuple[list[float], bool]]:
    """(features, the model's service is right) for each turn where exactly one of the two replies is."""
    for turn, reply, kept in replay(engine, path):
        if not kept:
            continue
        features, own, other = kept[-1]
        if own.to_json() != reply.to_json():  # the turn's reply is not this choice alone (a crisis reply first)
            continue
        own_right, other_right = judge(turn["expected"], own.to_json()), judge(turn["expected"], other.to_json())
        if own_right != other_right:
            yield [features[name] for name in FEATURES], bool(other_right)


def main() -> int:
    args = fit_arguments(__doc__)
    xs, ys, groups = collect(_Recording, "service_gate", args.sets or dev_sets(), rows_of)
    predicted = left_out(xs, ys, groups, args.c)
    print(f"{len(ys)} turns where one of the two replies is right: the engine's {int((~ys).sum())}, ", end="")
    print(f"the gate's fit without the turn's set {int((predicted == ys).sum())}")
    print_weights(xs, ys, FEATURES, args.c)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
