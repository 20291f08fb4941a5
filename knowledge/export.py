"""The validated knowledge as JSON: the bot's own shape, or Open Referral HSDS 3.0 services."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from knowledge.model import Knowledge, Localized, Service


def _plain(value: Any) -> Any:
    if isinstance(value, Localized):
        return dict(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if not f.name.startswith("_")}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [_plain(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    return value


def export_json(kb: Knowledge) -> dict[str, Any]:
    """One object with `services`, `places`, `helplines`, `topics` and `partners`, plus the attribution."""
    return {
        "services": [_plain(s) | {"messages": _messages(kb, s.id)} for s in kb.services],
        "places": [_plain(p) for p in kb.places],
        "helplines": [_plain(h) for h in kb.helplines],
        "topics": [_plain(t) for t in kb.topics],
        "partners": [_plain(p) for p in kb.partners],
        "attribution": kb.attribution,
    }


def _messages(kb: Knowledge, service_id: str) -> dict[str, list[str]]:
    """knowledge/messages for one service, by language: what the learned model reads besides the examples."""
    by_lang: dict[str, list[str]] = {}
    for m in kb.messages:
        if m.kind == service_id:
            by_lang.setdefault(m.lang, []).append(m.text)
    return by_lang


def export_hsds(kb: Knowledge, lang: str = "fr") -> dict[str, Any]:
    """Services as HSDS 3.0 objects (service with nested phones, schedules and a service_at_location)."""
    return {"services": [_hsds_service(s, kb, lang) for s in kb.services], "attribution": kb.attribution}


def _hsds_service(s: Service, kb: Knowledge, lang: str) -> dict[str, Any]:
    contact = s if (s.phones or s.email) else kb.central
    out: dict[str, Any] = {
        "id": s.id,
        "name": s.name.pick(lang),
        "alternate_name": ", ".join(s.alternate_name) or None,
        "description": s.description.pick(lang),
        "url": s.url or contact.url,
        "email": contact.email,
        "status": "active" if s.active else "inactive",
        "languages": [{"code": code} for code in s.languages],
        "eligibility_description": s.eligibility_description.pick(lang) if s.eligibility_description else None,
        "minimum_age": s.minimum_age,
        "maximum_age": s.maximum_age,
        "fees_description": s.fees_description.pick(lang) if s.fees_description else None,
        "application_process": s.application_process.pick(lang) if s.application_process else None,
        "assured_date": max((x.assured_date for x in s.sources if x.assured_date), default=None),
        "phones": [{"number": p.number, "type": p.type} for p in contact.phones],
        "schedules": [
            {
                "byday": ",".join(x.byday),
                "opens_at": x.opens_at.isoformat("minutes"),
                "closes_at": x.closes_at.isoformat("minutes"),
                "description": x.description.pick(lang) if x.description else None,
                "valid_from": x.valid_from,
                "valid_to": x.valid_to,
                "freq": "WEEKLY",
            }
            for x in s.schedules
        ],
        "attributes": [{"taxonomy_term": {"code": s.category, "taxonomy": "inter-actions-category"}}],
    }
    if s.location and s.location.point:
        loc = s.location
        out["service_at_locations"] = [
            {
                "location": {
                    "name": ", ".join(x for x in (loc.quarter, loc.city) if x),
                    "latitude": loc.latitude,
                    "longitude": loc.longitude,
                    "addresses": [
                        {
                            "address_1": loc.address_1,
                            "postal_code": loc.postal_code,
                            "city": loc.city,
                            "country": "LU",
                            "address_type": "physical",
                        }
                    ]
                    if loc.address_1
                    else [],
                }
            }
        ]
    return _plain({k: v for k, v in out.items() if v not in (None, [], "")})
