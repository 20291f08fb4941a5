"""Every fact carries its source and the date it was last checked; old facts are reported to staff."""

from __future__ import annotations

import datetime as dt

import knowledge
from knowledge.sources import STALE_AFTER_YEARS, stale_before
from tests.conftest import TODAY
from tests.knowledge.test_validation import errors_of, line_of, replace_in


def test_every_fact_of_services_and_helplines_has_an_assured_date(kb):
    for entry in (*kb.services, *kb.helplines):
        for source in entry.sources:
            assert source.assured_date is not None, f"{entry.id}.{source.field}"


def test_a_service_fact_without_assured_date_is_an_error(kb_copy):
    path = kb_copy / "services" / "youth.yaml"
    needle = "{field: year_founded, source: seed, assured_date: 2026-11-25}"
    line = replace_in(path, needle, "{field: year_founded, source: seed}")
    assert any(
        e.startswith(f"services/youth.yaml:{line} ")
        and e.endswith(".assured_date: missing: the date the source was published or last checked (YYYY-MM-DD)")
        for e in errors_of(kb_copy)
    )


def test_a_helpline_fact_without_assured_date_is_an_error(kb_copy):
    path = kb_copy / "helplines.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  - id: kanner-jugendtelefon-116111")
    old = "{field: number, source: "
    line = text[: text.index(old, at)].count("\n") + 1
    start = text.index(old, at)
    end = text.index("}", start)
    path.write_text(text[:start] + text[start:end].split(", assured_date")[0] + text[end:], encoding="utf-8")
    assert (
        f"helplines.yaml:{line} kanner-jugendtelefon-116111.sources[0].assured_date: missing: the date the source "
        f"was published or last checked (YYYY-MM-DD)"
    ) in errors_of(kb_copy)


def test_the_staleness_limit_is_defined_once_in_years():
    assert STALE_AFTER_YEARS == 5
    assert stale_before(dt.date(2026, 11, 25)) == dt.date(2021, 11, 25)


def test_an_old_helpline_fact_is_a_warning_at_its_own_line(kb_copy):
    path = kb_copy / "helplines.yaml"
    needle = '{field: number, source: "chronicle.lu (Oct 2023)", assured_date: 2023-10-01}'
    line = line_of(path, needle)
    replace_in(path, needle, needle.replace("2023-10-01", "2015-03-01"))
    kb, report = knowledge.check(kb_copy, today=TODAY)
    assert kb is not None
    assert (
        f"helplines.yaml:{line} elterentelefon-80024444.number: fact last checked 2015-03-01 (over 5 years ago): "
        f"please re-check (chronicle.lu (Oct 2023))"
    ) in [str(w) for w in report.warnings]
