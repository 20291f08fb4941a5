"""The charity's knowledge as data, and the one way to load it: `load(path) -> Knowledge`.

`check(path)` returns every problem at once (for `inter-actions-bot knowledge check`); `load` raises
KnowledgeError when there is any error, so a bot never runs on knowledge it cannot trust.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from knowledge.corpus import (
    load_after_crisis,
    load_chit_chat,
    load_corpus,
    load_follow_ups,
    load_out_of_scope,
    load_service_messages,
)
from knowledge.lexicons import (
    load_crisis,
    load_helplines,
    load_lexicon,
    load_replies,
    load_smalltalk,
    load_topics,
)
from knowledge.model import LANGUAGES, Knowledge, Partner, Service, Warning_
from knowledge.partners import load_partners
from knowledge.places import load_places, load_real_words
from knowledge.problems import KnowledgeError, Problem, Report
from knowledge.services import load_services
from knowledge.sources import warn_stale

__all__ = [
    "DEFAULT_DIR",
    "LANGUAGES",
    "Knowledge",
    "KnowledgeError",
    "Partner",
    "Problem",
    "Report",
    "check",
    "load",
]

DEFAULT_DIR = Path(__file__).resolve().parent
CENTRAL_ID = "inter-actions"


def load(path: Path | str | None = None, today: dt.date | None = None) -> Knowledge:
    """Load and validate the knowledge base; raise KnowledgeError listing every error."""
    knowledge, report = check(path, today)
    if knowledge is None:
        raise KnowledgeError(report.errors, report.warnings)
    return knowledge


def check(path: Path | str | None = None, today: dt.date | None = None) -> tuple[Knowledge | None, Report]:
    """Validate everything; the Knowledge is returned only when there is no error."""
    root = Path(path) if path else DEFAULT_DIR
    report = Report(root=root)
    if not root.is_dir():
        report.error(root, 1, "", "no such knowledge folder")
        return None, report
    digest = _digest(root)  # before reading: a file changed meanwhile makes a key no later start has
    located = load_services(root / "services", report)
    services = _unique_services(located, report)
    topics = load_topics(root / "categories.yaml", report)
    places, attribution = load_places(root, report)
    real_words = load_real_words(root, report)
    helplines = load_helplines(root / "helplines.yaml", report)
    lexicon = load_lexicon(root / "languages.yaml", report)
    crisis = load_crisis(root / "crisis.yaml", report, load_corpus(root / "crisis_corpus", report))
    replies = load_replies(root / "replies", report)
    out_of_scope = load_out_of_scope(root / "out_of_scope", report)
    follow_ups = load_follow_ups(root / "follow_ups", report)
    chit_chat = load_chit_chat(root / "chit_chat", report)
    after_crisis = load_after_crisis(root / "after_crisis", report)
    smalltalk = load_smalltalk(root / "smalltalk.yaml", report)
    known = {s.id for s in services}
    partners = load_partners(root / "partners.yaml", report, known)
    messages = load_service_messages(root / "messages", report, known)
    quarters = {p.name for p in places}
    for service, path, line in located:
        _check_references(service, path, line, known, quarters, report)
    for topic, fields in topics:
        listed = fields.data.get("services")
        for i, sid in enumerate(topic.services):
            if sid not in known:
                line = listed.line_of(i) if hasattr(listed, "line_of") else fields.line("services")
                fields.error(f"services[{i}]", f"unknown service id {sid!r}", line)
    if CENTRAL_ID not in known:
        report.error(root / "services", 1, CENTRAL_ID, "the association's own entry (central contact) is missing")
    _warn_shared_examples(located, report)
    _warn_stale_facts(located, root, helplines, partners, today or dt.date.today(), report)
    if report.errors:
        return None, report
    knowledge = Knowledge(
        services=tuple(services),
        topics=tuple(t for t, _ in topics),
        places=tuple(places),
        helplines=tuple(helplines),
        partners=tuple(partners),
        out_of_scope=out_of_scope,
        follow_ups=follow_ups,
        chit_chat=chit_chat,
        after_crisis=after_crisis,
        real_words=real_words,
        messages=messages,
        replies=replies,
        lexicon=lexicon,
        crisis=crisis,
        smalltalk=smalltalk,
        attribution=attribution,
        central_id=CENTRAL_ID,
        warnings=tuple(Warning_(f"{w.file}:{w.line} {w.entry}".strip(), w.message) for w in report.warnings),
        digest=digest,
    )
    return knowledge, report


def _digest(root: Path) -> str:
    """A hash of every file of the knowledge folder, the loading code included: the same hash, the same knowledge
    (the engine keeps readings of its text under it)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _unique_services(located: list[tuple[Service, Path, int]], report: Report) -> list[Service]:
    first: dict[str, tuple[Path, int]] = {}
    services = []
    for service, path, line in located:
        if service.id in first:
            where = f"{report.rel(first[service.id][0])}:{first[service.id][1]}"
            report.error(path, line, service.id, f"duplicate id (first defined at {where})")
            continue
        first[service.id] = (path, line)
        services.append(service)
    return services


def _check_references(
    service: Service, path: Path, line: int, known: set[str], places: set[str], report: Report
) -> None:
    if service.contact_ref is not None and service.contact_ref not in known:
        report.error(path, line, f"{service.id}.contact_ref", f"unknown service id {service.contact_ref!r}")
    has_own = bool(service.phones or service.email)
    if not has_own and service.contact_ref is None:
        report.error(
            path,
            line,
            service.id,
            f"no contact: give a sourced phone or e-mail, or `contact_ref: {CENTRAL_ID}`",
        )
    if service.location and service.location.quarter and service.location.quarter not in places:
        report.error(
            path,
            line,
            f"{service.id}.location.quarter",
            f"unknown place {service.location.quarter!r} (not in the gazetteer)",
        )


def _fold_example(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _warn_shared_examples(located: list[tuple[Service, Path, int]], report: Report) -> None:
    owner: dict[str, str] = {}
    for service, path, line in located:
        for lang, examples in service.examples.items():
            for example in examples:
                key = _fold_example(example)
                if key in owner and owner[key] != service.id:
                    report.warn(
                        path,
                        line,
                        f"{service.id}.examples.{lang}",
                        f"example {example!r} is also claimed by {owner[key]!r}",
                    )
                owner.setdefault(key, service.id)


def _warn_stale_facts(located, root: Path, helplines, partners, today: dt.date, report: Report) -> None:
    for service, path, _ in located:
        warn_stale(path, service.id, service.sources, today, report)
    for helpline in helplines:
        warn_stale(root / "helplines.yaml", helpline.id, helpline.sources, today, report)
    for partner in partners:
        warn_stale(root / "partners.yaml", partner.id, partner.sources, today, report)
