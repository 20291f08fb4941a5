"""Referral partners: sourced contacts for needs that are not Inter-Actions', each rule broken on purpose."""

from __future__ import annotations

import dataclasses

import pytest

import knowledge
from knowledge.model import LANGUAGES
from tests.conftest import TODAY
from tests.knowledge.test_validation import errors_of, line_of, replace_in


def test_the_partners_the_issue_asks_for_are_there_with_sourced_contacts(kb):
    assert kb.partner("myguichet-tax-return").url.startswith("https://guichet.public.lu/")
    assert kb.partner("guichet-lu").phones[0].number == "247-82000"
    assert kb.partner("red-cross-social-office-helpline").phones[0].number == "2755"
    assert kb.partner("adem-job-seekers").url.startswith("https://guichet.public.lu/")
    assert kb.partner("helpline-violence").email == "info@helpline-violence.lu"
    for partner in kb.partners:
        assert partner.phones or partner.email or partner.url
        named = {s.field for s in partner.sources}
        assert all(s.assured_date for s in partner.sources)
        for key in ("phones", "email", "url"):
            if getattr(partner, key):
                assert key in named, f"{partner.id}.{key}"
        for lang in LANGUAGES:
            assert partner.name[lang] and partner.description[lang] and partner.keywords[lang]


def test_the_emergency_numbers_partner_gives_the_numbers_every_crisis_reply_gives(kb):
    numbers = tuple(p.number for p in kb.partner("emergency-numbers").phones)
    assert numbers == tuple(h.number for h in kb.helplines if h.always) == ("112", "113")


def test_partner_records_are_frozen(kb):
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.partners[0].url = "https://example.lu"  # type: ignore[misc]


def test_facts_to_check_are_never_on_the_record_but_warned_to_staff(kb):
    adem = kb.partner("adem-job-seekers")
    assert adem.phones == ()
    assert "247-88888" in adem.review[0].note
    assert any(w.where.startswith("partners.yaml:") and "247-88888" in w.message for w in kb.warnings)


def test_referral_templates_exist_in_every_language(kb):
    for lang in LANGUAGES:
        assert "Inter-Actions" in kb.text(lang, "referral_intro")
        assert "Inter-Actions" in kb.text(lang, "referral_outro")


def test_partner_without_contact_is_an_error(kb_copy):
    path = kb_copy / "partners.yaml"
    line = line_of(path, "  - id: office-social-luxembourg-city")
    replace_in(path, "    url: https://www.vdl.lu/en/living/aid-and-assistance/people-need/social-assistance\n", "")
    assert (
        f"partners.yaml:{line} office-social-luxembourg-city: no contact: give a sourced phone, e-mail or web "
        f"address (never one from memory)"
    ) in errors_of(kb_copy)


def test_partner_contact_without_source_is_an_error(kb_copy):
    path = kb_copy / "partners.yaml"
    replace_in(
        path,
        '      - {field: email, source: "https://lequotidien.lu',
        '      - {field: mail, source: "https://lequotidien.lu',
    )
    line = line_of(path, "    email: info@helpline-violence.lu")
    assert (
        f"partners.yaml:{line} helpline-violence.email: has no source: add an item to `sources:` with field 'email'"
    ) in errors_of(kb_copy)


def test_partner_bad_phone_and_email(kb_copy):
    path = kb_copy / "partners.yaml"
    phone_line = replace_in(path, 'number: "2755"', 'number: "27 5S"')
    mail_line = replace_in(path, "email: info@helpline-violence.lu", "email: info(at)helpline-violence.lu")
    errors = errors_of(kb_copy)
    assert (
        f"partners.yaml:{phone_line} red-cross-social-office-helpline.phones[0].number: '27 5S' is not a "
        f"Luxembourg or international phone number"
    ) in errors
    assert (
        f"partners.yaml:{mail_line} helpline-violence.email: 'info(at)helpline-violence.lu' "
        f"is not a valid e-mail address"
    ) in errors


def test_partner_needs_keywords_and_texts_in_all_five_languages(kb_copy):
    path = kb_copy / "partners.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  - id: adem-job-seekers")
    start = text.index("      de: Die Anmeldung", at)
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    description = line_of(path, "    description:\n      fr: Pour s'inscrire comme demandeur")
    keywords = replace_in(path, "      pt: [ADEM, candidato a emprego", "      xx: [ADEM, candidato a emprego")
    errors = errors_of(kb_copy)
    assert f"partners.yaml:{description} adem-job-seekers.description: missing language 'de'" in errors
    assert any(e.startswith(f"partners.yaml:{keywords} adem-job-seekers.keywords.xx: unknown language") for e in errors)
    assert any(
        e.endswith(
            "adem-job-seekers.keywords: needs at least one word in 'pt': the words a person would use for this need"
        )
        for e in errors
    )


def test_partner_id_must_be_unique_and_not_a_service(kb_copy):
    path = kb_copy / "partners.yaml"
    dup = replace_in(path, "  - id: office-social-luxembourg-city", "  - id: guichet-lu")
    svc = replace_in(path, "  - id: helpline-violence\n", "  - id: surendettement\n")
    errors = errors_of(kb_copy)
    assert (
        f"partners.yaml:{dup} guichet-lu: duplicate id (first defined at line {line_of(path, '  - id: guichet-lu')})"
        in errors
    )
    assert (
        f"partners.yaml:{svc} surendettement: id is already a service of Inter-Actions: a partner is someone else"
        in errors
    )


def test_partners_file_is_optional(kb_copy):
    (kb_copy / "partners.yaml").unlink()
    kb, _ = knowledge.check(kb_copy, today=TODAY)
    assert kb is not None and kb.partners == ()
