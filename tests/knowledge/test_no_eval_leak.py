"""The evaluation sets measure understanding only if none of their messages is a knowledge-base example.

The development sets here (independent*, dev<N>_*), once studied, are training (`<lang>.studied.yaml`, written by
benchmarks/eval/study.py): their messages may be studied lines, never hand-written ones. The frozen test sets and
the client's shared dev sets measure: none of their messages is any training line, studied or not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import knowledge
from bot.core.normalize import fold

ROOT = Path(__file__).resolve().parents[2]
SETS = [*sorted((ROOT.parent / "shared" / "eval").glob("*.tsv")), *sorted((ROOT / "benchmarks" / "eval").glob("*.tsv"))]
OURS = ROOT / "benchmarks" / "eval"
STUDIED = {*OURS.glob("independent*.tsv"), *OURS.glob("dev[0-9]*_*.tsv")}  # training since (benchmarks/eval/study.py)


def _texts(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {fold(row["text"]) for row in csv.DictReader(f, delimiter="\t") if row.get("text")}


@pytest.fixture(scope="module")
def examples(kb: knowledge.Knowledge) -> dict[str, str]:
    """Every example question, folded, with its service: read once for all the sets."""
    return {fold(x): s.id for s in kb.services for xs in s.examples.values() for x in xs}


@pytest.fixture(scope="module")
def trained(kb: knowledge.Knowledge) -> dict[str, bool]:
    """Every training message, folded, and whether it is only a studied one (a dev set's own message)."""
    studied = tuple(m for m in kb.crisis.corpus if m.studied)  # the hand-written crisis corpus is checked when sealing
    groups = (*kb.out_of_scope, *kb.messages, *kb.follow_ups, *kb.chit_chat, *kb.after_crisis, *studied)
    folded: dict[str, bool] = {}
    for m in groups:
        folded[fold(m.text)] = folded.get(fold(m.text), True) and m.studied
    return folded


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_no_evaluation_message_is_a_knowledge_example(path: Path, examples: dict[str, str]) -> None:
    leaked = sorted(t for t in _texts(path) if t in examples)
    assert not leaked, f"{path.name}: {len(leaked)} message(s) are knowledge examples: {leaked[:5]}"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_no_evaluation_message_is_a_training_message(path: Path, trained: dict[str, bool]) -> None:
    # a dev set's messages may be studied lines (they are its own), never hand-written ones
    own = path in STUDIED
    leaked = sorted(t for t in _texts(path) if t and t in trained and not (own and trained[t]))  # "": emoji only
    assert not leaked, f"{path.name}: {len(leaked)} message(s) are training messages: {leaked[:5]}"
