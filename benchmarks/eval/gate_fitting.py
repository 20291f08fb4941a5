"""What the gates' fitting scripts share (fit_gate, fit_care_gate, fit_crisis_gate, fit_service_gate): the
development sets, the engines that replay them, a logistic regression fit leaving each set out in turn, and the
weights printed for the gate's module.

The models learn from the development sets' messages (benchmarks.eval.study), so the shipped models read those
messages as they read nothing new: surer than they are of a message nobody wrote for them. A gate fit on those
readings learns to trust the models more than it should. So each studied set is replayed by an engine whose models
learned from every studied set but those of its fold (cross-fitting, five folds): its readings are what the shipped
models give a new message. The folds' knowledge and models are kept in data/cross_fit/ (trained again only when
the knowledge changed, about a minute a fold); the client's shared dev sets, never studied, use the shipped models."""

from __future__ import annotations

import argparse
import csv
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

import knowledge
from benchmarks.eval import study
from bot.core.engine import Engine, Incoming
from bot.core.reply import Reply
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
CROSS_FIT = ROOT / "data" / "cross_fit"
FOLDS = 5


def dev_sets(conversations_only: bool = False) -> list[Path]:
    """Every development set (never a test set): the shared ones, the independent ones and benchmarks/eval/dev*."""
    here, shared = ROOT / "benchmarks" / "eval", ROOT.parent / "shared" / "eval"
    if conversations_only:
        return [shared / "dev_conversations.tsv", *sorted(here.glob("dev*_conversations*.tsv"))]
    return [*sorted(shared.glob("dev*.tsv")), *sorted(here.glob("independent*.tsv")), *sorted(here.glob("dev*.tsv"))]


def fit_arguments(doc: str | None, missed: float | None = None, missed_help: str = "") -> argparse.Namespace:
    """The fitting scripts' command line: the sets (none: every dev set), the regularisation and, for a gate whose
    two mistakes cost differently, what a wrong False costs against a wrong True."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation of the logistic regression")
    if missed is not None:
        parser.add_argument("--missed", type=float, default=missed, help=missed_help)
    return parser.parse_args()


def set_name(path: Path) -> str:
    """The set a file belongs to ("dev12" for dev12_conversations_a.tsv): the unit left out in turn."""
    return path.name.split("_")[0].split(".")[0]


def recording(
    engine_class: type[Engine], gate: str, knowledge_dir: Path | None = None, models: Path | None = None
) -> Engine:
    """The knowledge and its kept models (the shipped ones unless named), with the gate named by its threshold switch
    off: the rules it weighs."""
    return engine_class(
        knowledge.load(knowledge_dir),
        default_lang="fr",
        model_store=models or load_settings(require_token=False).models,
        thresholds=replace(Thresholds(), **{gate: False}),
    )


def folds() -> dict[str, int]:
    """Each studied set's fold: the sets in name order, dealt in turn."""
    names = sorted({set_name(path) for path in study.dev_sets()})
    return {name: i % FOLDS for i, name in enumerate(names)}


def fold_engine(engine_class: type[Engine], gate: str, fold: int, fold_of: dict[str, int]) -> Engine:
    """The engine whose models learned from every studied set but this fold's."""
    home = CROSS_FIT / f"fold{fold}"
    knowledge_dir = home / "knowledge"
    shutil.rmtree(knowledge_dir, ignore_errors=True)
    shutil.copytree(ROOT / "knowledge", knowledge_dir, ignore=shutil.ignore_patterns("*.studied.yaml", "__pycache__"))
    study.write(knowledge_dir, [path for path in study.dev_sets() if fold_of[set_name(path)] != fold])
    return recording(engine_class, gate, knowledge_dir, home / "models")


def replay(engine: Engine, path: Path) -> Iterator[tuple[dict[str, str], Reply, list]]:
    """Each judged turn of a set with the engine's reply and what the engine kept while answering it (its `kept`
    list, emptied before each turn): a conversation's turns in order, a single message alone."""
    with path.open(encoding="utf-8", newline="") as f:
        turns = list(csv.DictReader(f, delimiter="\t"))
    state, conversation = ChatState(), None
    for turn in turns:
        if "conv" not in turn or turn["conv"] != conversation:
            state, conversation = ChatState(), turn.get("conv")
        engine.kept = []
        reply = engine.answer(Incoming.parse_line(turn["text"]), state)
        state = reply.state
        if turn["expected"] != "-":
            yield turn, reply, engine.kept


def collect(
    engine_class: type[Engine],
    gate: str,
    paths: Sequence[Path],
    rows_of: Callable[[Engine, Path], Iterator[tuple[list[float], bool]]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every training row of the sets, each replayed by an engine that did not learn from it (see the module's
    docstring): features, label and the set each comes from (the unit left out in turn)."""
    fold_of = folds()
    by_fold: dict[int, list[Path]] = defaultdict(list)
    for path in paths:
        by_fold[fold_of.get(set_name(path), -1)].append(path)
    x, y, group = [], [], []
    for fold, fold_paths in sorted(by_fold.items()):
        engine = recording(engine_class, gate) if fold < 0 else fold_engine(engine_class, gate, fold, fold_of)
        for path in fold_paths:
            for features, label in rows_of(engine, path):
                x.append(features), y.append(label), group.append(set_name(path))
    return np.array(x), np.array(y), np.array(group)


def _model(c: float, missed: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000, class_weight={False: 1.0, True: missed})


def left_out(xs: np.ndarray, ys: np.ndarray, groups: np.ndarray, c: float, missed: float = 1.0) -> np.ndarray:
    """Each row's prediction by a model fit without its set. `missed`: what a wrong False costs against a wrong True."""
    predicted = np.zeros(len(ys), dtype=bool)
    for name in sorted(set(groups)):
        apart = groups == name
        model = _model(c, missed).fit(xs[~apart], ys[~apart])
        predicted[apart] = model.predict_proba(xs[apart])[:, 1] >= 0.5
    return predicted


def print_weights(xs: np.ndarray, ys: np.ndarray, features: Sequence[str], c: float, missed: float = 1.0) -> None:
    """The weights fit on every row, as the gate's module spells them."""
    model = _model(c, missed).fit(xs, ys)
    print("WEIGHTS: Mapping[str, float] = {")
    for name, weight in zip(features, model.coef_[0], strict=True):
        print(f'    "{name}": {weight:.3f},')
    print("}")
    print(f"BIAS = {model.intercept_[0]:.3f}")
