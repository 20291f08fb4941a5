"""Referral partners from `partners.yaml`: who helps when a need is not Inter-Actions' own."""

from __future__ import annotations

from pathlib import Path

from knowledge.contacts import is_email, is_url
from knowledge.fields import Fields
from knowledge.model import LANGUAGES, Partner
from knowledge.problems import Report
from knowledge.services import checked, parse_phones, require_sources
from knowledge.sources import parse_review, parse_sources
from knowledge.yamlsource import LineDict, YamlError, read_yaml

PARTNER_FIELDS = {"id", "name", "description", "keywords", "phones", "email", "url", "sources", "review"}
CONTACT_FIELDS = ("phones", "email", "url")


def load_partners(path: Path, report: Report, service_ids: set[str]) -> list[Partner]:
    """Every partner of `path` (the file is optional); each problem as `file:line partner.field: message`."""
    if not path.exists():
        return []
    try:
        data = read_yaml(path)
    except YamlError as exc:
        report.error(path, exc.line, "", exc.message)
        return []
    if not isinstance(data, LineDict) or not isinstance(data.get("partners"), list):
        report.error(path, getattr(data, "line", 1), "", "must have a top-level list `partners:`")
        return []
    top = Fields(data, path, "", report)
    top.unknown_keys({"partners"})
    partners: list[Partner] = []
    first_line: dict[str, int] = {}
    for _, f in top.items("partners"):
        partner = _parse_partner(f)
        if partner is None:
            continue
        if partner.id in first_line:
            f.error("", f"duplicate id (first defined at line {first_line[partner.id]})", f.data.line)
            continue
        if partner.id in service_ids:
            f.error("", "id is already a service of Inter-Actions: a partner is someone else", f.data.line)
            continue
        first_line[partner.id] = f.data.line
        partners.append(partner)
    return partners


def _parse_partner(f: Fields) -> Partner | None:
    pid = f.text("id")
    if pid is None:
        f.error("id", "missing: every partner needs an id")
        return None
    f.entry = pid
    f.unknown_keys(PARTNER_FIELDS)
    sources = parse_sources(f)
    require_sources(f, sources, (*CONTACT_FIELDS, "description"))
    if all(f.data.get(key) in (None, [], "") for key in CONTACT_FIELDS):
        f.error("", "no contact: give a sourced phone, e-mail or web address (never one from memory)", f.data.line)
    keywords = f.per_language_lists("keywords")
    for lang in LANGUAGES:
        if not keywords.get(lang):
            f.error("keywords", f"needs at least one word in {lang!r}: the words a person would use for this need")
    return Partner(
        id=pid,
        name=f.localized("name", mandatory=LANGUAGES),
        description=f.localized("description", mandatory=LANGUAGES),
        keywords=keywords,
        phones=tuple(parse_phones(f)),
        email=checked(f, "email", is_email, "is not a valid e-mail address"),
        url=checked(f, "url", is_url, "is not a valid http(s) web address"),
        sources=sources,
        review=parse_review(f),
    )
