"""Cross-validated crisis detection on the crisis corpus: how the crisis thresholds were chosen (never on a test set).

    python benchmarks/eval/crisis_cv.py [--folds 4]

The corpus (knowledge/crisis_corpus) is cut into folds; for each, the crisis models are trained without it and
its messages are checked with the phrases and the models, as the bot would. Printed: recall of emergencies and
false alarms among `none` messages (near-misses and ordinary ones), for the current thresholds and a few others.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys

import knowledge
from bot.core.crisis import CrisisDetector, crisis_tasks
from bot.core.engine import Engine
from bot.core.learned import train
from bot.core.phrases import phrases
from bot.core.thresholds import Thresholds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=4)
    args = parser.parse_args()
    kb = knowledge.load()
    engine = Engine(kb)
    corpus = list(kb.crisis.corpus)
    random.Random(0).shuffle(corpus)
    ordinary = [t for _, _, t, _ in phrases(kb)]
    scored = []  # (is a crisis, margin, a phrase matched, read as suicide or self-harm)
    for fold in range(args.folds):
        kept = tuple(m for i, m in enumerate(corpus) if i % args.folds != fold)
        lexicon = dataclasses.replace(kb.crisis, corpus=kept)
        models = train(crisis_tasks(lexicon, engine.normalize.phrase, ordinary, Thresholds()))
        detector = CrisisDetector(
            lexicon, engine.normalize.phrase, Thresholds(), models["crisis"], models.get("crisis_kinds")
        )
        for i, message in enumerate(corpus):
            if i % args.folds == fold:
                tokens = engine.normalize(message.text).tokens
                signal = detector.check(tokens)
                margin = detector.risk_of(" ".join(tokens))
                read_self = signal is not None and signal.kinds[0] in ("self", "self_harm")
                scored.append((message.kind != "none", margin, bool(detector._phrased(tokens)[0]), read_self))
    rules = Thresholds()
    shift = rules.crisis_certain_self - rules.crisis_certain
    for certain in (rules.crisis_certain - 0.1, rules.crisis_certain, rules.crisis_certain + 0.1):
        alarms = [m > certain + (shift if s else 0) or (p and m > rules.crisis_phrase_certain) for _, m, p, s in scored]
        crises = [a for (c, *_), a in zip(scored, alarms, strict=True) if c]
        others = [a for (c, *_), a in zip(scored, alarms, strict=True) if not c]
        mark = (
            f" (current; {rules.crisis_certain_self:+.2f} when read as suicide)"
            if certain == rules.crisis_certain
            else ""
        )
        print(
            f"crisis_certain {certain:+.2f}{mark}: recall {sum(crises) / len(crises):.1%} of {len(crises)}, "
            f"false alarms {sum(others) / len(others):.1%} of {len(others)} none messages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
