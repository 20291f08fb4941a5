"""Where each fact comes from and when it was last checked: sources, points for staff to review, staleness.

Every fact names its source and its `assured_date` (the day the source was published, or, for an undated page,
the day it was read for this knowledge base). A fact checked longer ago than STALE_AFTER_YEARS is reported to staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from knowledge.fields import Fields
from knowledge.model import ReviewPoint, Source
from knowledge.problems import Report

STALE_AFTER_YEARS = 5
SOURCE_FIELDS = {"field", "source", "assured_date"}
REVIEW_FIELDS = {"field", "note", "source", "assured_date"}


def parse_sources(f: Fields) -> tuple[Source, ...]:
    """The `sources:` of one entry; each item needs a field, a source and an assured_date."""
    sources = []
    for _, s in f.items("sources"):
        s.unknown_keys(SOURCE_FIELDS)
        field, source = s.text("field", required=True), s.text("source", required=True)
        assured = s.date("assured_date")
        if "assured_date" not in s.data:
            s.error("assured_date", "missing: the date the source was published or last checked (YYYY-MM-DD)")
        if field and source:
            sources.append(Source(field=field, source=source, assured_date=assured, line=s.data.line))
    return tuple(sources)


def parse_review(f: Fields) -> tuple[ReviewPoint, ...]:
    """The `review:` points of one entry: facts never shown to people, each reported to staff as a warning."""
    points = []
    for _, r in f.items("review"):
        r.unknown_keys(REVIEW_FIELDS)
        field, note, source = r.text("field", True), r.text("note", True), r.text("source", True)
        if field and note and source:
            points.append(ReviewPoint(field=field, note=note, source=source, assured_date=r.date("assured_date")))
            r.warn("", f"to review by staff: {note} ({source})")
    return tuple(points)


def stale_before(today: dt.date) -> dt.date:
    """The oldest assured_date that is still fresh on `today`."""
    return today - dt.timedelta(days=round(365.25 * STALE_AFTER_YEARS))


def warn_stale(path: Path, entry: str, sources: Iterable[Source], today: dt.date, report: Report) -> None:
    """One warning per fact of `entry` checked more than STALE_AFTER_YEARS before `today`."""
    limit = stale_before(today)
    for source in sources:
        if source.assured_date and source.assured_date < limit:
            report.warn(
                path,
                source.line,
                f"{entry}.{source.field}",
                f"fact last checked {source.assured_date.isoformat()} (over {STALE_AFTER_YEARS} "
                f"years ago): please re-check ({source.source})",
            )
