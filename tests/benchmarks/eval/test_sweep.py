"""The sweep answers a conversation as one chat, judges as the scorer does, and counts what a change won and lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.eval.sweep import answer_rows, compare, summary, thresholds

CONVERSATION = """conv\tlang\texpected\ttext
c1\tfr\tsvc:surendettement\tj'ai trop de dettes, les huissiers m'appellent
c1\tfr\tsvc:surendettement\tc'est gratuit ?
c1\tfr\t-\tok
"""


def test_thresholds_are_read_as_the_type_of_their_field():
    rules = thresholds(["crisis_gate_odds=0.6", "crisis_gate=false", "max_choices=2"])
    assert rules.crisis_gate_odds == 0.6 and rules.crisis_gate is False and rules.max_choices == 2
    with pytest.raises(SystemExit, match="no_such_threshold"):
        thresholds(["no_such_threshold=1"])


def test_a_conversation_is_one_chat_and_judged_as_the_scorer_does(engine, tmp_path: Path):
    path = tmp_path / "dev1_conversations.tsv"
    path.write_text(CONVERSATION, encoding="utf-8")
    rows = list(answer_rows(engine, path))
    assert [r["turn"] for r in rows] == [1, 2, 3]
    # the second turn is a detail of the debt advice given in the first: only the chat's state makes it one
    assert rows[1]["kind"] == "detail" and rows[1]["services"][0] == "surendettement" and rows[1]["ok"] is True
    assert rows[2]["ok"] is None  # "-": not judged
    assert summary(rows).startswith("all 2/2  conversation turns 2/2")


def test_compare_counts_rows_won_and_lost():
    def row(text: str, ok: bool) -> dict:
        return {"file": "f.tsv", "conv": "", "turn": 1, "text": text, "ok": ok}

    before = [row("a", False), row("b", True), row("c", True)]
    after = [row("a", True), row("b", False), row("c", True)]
    won, lost = compare(before, after)
    assert [old["text"] for old, _ in won] == ["a"] and [old["text"] for old, _ in lost] == ["b"]
