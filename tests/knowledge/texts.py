"""Every sentence a person can read, per language, with where it comes from: what the spelling tests read."""

from __future__ import annotations

from collections.abc import Iterator

from knowledge.model import Knowledge, Localized


def _localized(where: str, value: Localized | None, lang: str) -> Iterator[tuple[str, str]]:
    if value is not None and lang in value:
        yield where, value[lang]


def user_texts(kb: Knowledge, lang: str) -> Iterator[tuple[str, str]]:
    """(where, text) for each shown text in `lang`: templates, services, help-lines, partners, topic names."""
    for key, template in kb.replies.get(lang, {}).items():
        yield f"replies/{lang}.yaml {key}", template
    for s in kb.services:
        for field in ("name", "description", "eligibility_description", "fees_description", "application_process"):
            yield from _localized(f"{s.id}.{field}", getattr(s, field), lang)
        if s.transferred:
            yield from _localized(f"{s.id}.transferred.message", s.transferred.message, lang)
        for i, phone in enumerate(s.phones):
            yield from _localized(f"{s.id}.phones[{i}].description", phone.description, lang)
        for i, schedule in enumerate(s.schedules):
            yield from _localized(f"{s.id}.schedules[{i}].description", schedule.description, lang)
    for h in kb.helplines:
        for field in ("name", "description", "hours"):
            yield from _localized(f"{h.id}.{field}", getattr(h, field), lang)
    for p in kb.partners:
        for field in ("name", "description"):
            yield from _localized(f"{p.id}.{field}", getattr(p, field), lang)
    for t in kb.topics:
        yield from _localized(f"topic {t.id}.name", t.name, lang)
