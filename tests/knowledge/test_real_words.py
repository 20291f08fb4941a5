"""real_words.txt lists every frequent dictionary word one typo from a place (made by tests/knowledge/real_words.py)."""

from __future__ import annotations

from pathlib import Path

from knowledge.places import load_real_words
from knowledge.problems import Report
from tests.knowledge.real_words import near_place_words


def test_every_frequent_word_one_typo_from_a_place_is_listed(engine, kb):
    missing = sorted(set(near_place_words(engine.gazetteer)) - kb.real_words)
    assert not missing, f"add to knowledge/places/real_words.txt (python -m tests.knowledge.real_words): {missing}"


def test_a_line_of_two_words_names_the_file_and_line(tmp_path: Path):
    (tmp_path / "places").mkdir()
    (tmp_path / "places" / "real_words.txt").write_text("# words\nsommer\nim Sommer\n", encoding="utf-8")
    report = Report(tmp_path)
    assert load_real_words(tmp_path, report) == {"sommer"}
    assert [(e.line, e.entry) for e in report.errors] == [(3, "im Sommer")]
