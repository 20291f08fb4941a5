"""Readings of knowledge text kept between starts: a start with nothing changed reads exactly as a fresh one."""

from __future__ import annotations

import logging
from functools import partial

from bot.core import readings
from bot.core.phrases import phrase_terms
from bot.core.readings import Readings


def _counting(calls: list[str]):
    def read(text: str):
        calls.append(text)
        return None if text == "rue de Clausen" else tuple(text.lower().split())

    return read


def test_kept_readings_are_looked_up_at_the_next_start(tmp_path) -> None:
    calls: list[str] = []
    first = Readings.open(tmp_path, "kb1")
    read = first.wrap("terms", _counting(calls))
    texts = ("Maison des Jeunes", "rue de Clausen", "", "deux\tmots", "deux\nlignes")
    before = [read(t) for t in texts]
    first.save()
    assert len(list(tmp_path.glob("readings-*.txt"))) == 1

    again = Readings.open(tmp_path, "kb1").wrap("terms", _counting(calls := []))
    assert (
        [again(t) for t in texts]
        == before
        == [("maison", "des", "jeunes"), None, (), ("deux", "mots"), ("deux", "lignes")]
    )
    assert calls == ["deux\tmots", "deux\nlignes"]  # only what the file cannot hold is read again


def test_other_knowledge_or_code_reads_again_and_replaces_the_file(tmp_path, monkeypatch) -> None:
    kept = Readings.open(tmp_path, "kb1")
    kept.wrap("phrase", _counting([]))("Schold")
    kept.save()
    for digest, code in (("kb2", "same code"), ("kb2", "other code")):
        monkeypatch.setattr(readings, "code_digest", lambda code=code: code)
        calls: list[str] = []
        other = Readings.open(tmp_path, digest)
        other.wrap("phrase", _counting(calls))("Schold")
        assert calls == ["Schold"]
        other.save()
        assert len(list(tmp_path.glob("readings-*.txt"))) == 1  # the other knowledge's readings are gone


def test_unreadable_readings_are_made_again(tmp_path, caplog) -> None:
    kept = Readings.open(tmp_path, "kb1")
    kept.wrap("phrase", _counting([]))("Schold")
    kept.save()
    (path,) = tmp_path.glob("readings-*.txt")
    path.write_text("phrase\tonly two fields", encoding="utf-8")
    calls: list[str] = []
    with caplog.at_level(logging.WARNING):
        read = Readings.open(tmp_path, "kb1").wrap("phrase", _counting(calls))
    assert read("Schold") == ("schold",) and calls == ["Schold"]
    assert "kept readings unreadable" in caplog.text


def test_nothing_is_kept_without_a_store_or_for_knowledge_built_in_code(tmp_path) -> None:
    for store, digest in ((None, "kb1"), (tmp_path, "")):
        readings = Readings.open(store, digest)
        readings.wrap("phrase", _counting([]))("Schold")
        readings.save()
    assert not list(tmp_path.iterdir())


def test_the_engine_kept_readings_equal_a_fresh_reading_of_every_text(engine, model_store) -> None:
    """The session's engine was built on readings kept by the one before it: each must be what the code reads
    now, or a restart would understand differently from a fresh start."""
    (path,) = model_store.glob("readings-*.txt")
    terms = partial(phrase_terms, engine.normalize, engine.gazetteer, engine._meaningful)
    fresh = {"phrase": engine.normalize.phrase, "terms": terms}
    counts = {"phrase": 0, "terms": 0}
    for line in path.read_text(encoding="utf-8").split("\n"):
        name, text, kept = line.split("\t")
        reading = fresh[name](text)
        assert kept == ("-" if reading is None else " ".join(reading)), (name, text)
        counts[name] += 1
    assert counts["phrase"] > 10_000 and counts["terms"] > 1_000
