"""The sourced facts of 2026-11-30 reach people's cards; CHECK and HISTORICAL facts never do."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.compose import Composer

NOW = dt.datetime(2026, 11, 30, 10, 0)


def card_text(kb, service_id: str, lang: str = "fr") -> str:
    """The card and what its details button shows (a card keeps to what fits a phone screen)."""
    card = Composer(kb).card(kb.service(service_id), lang, NOW)
    service = kb.service(service_id)
    extras = (service.eligibility_description, service.fees_description, service.application_process)
    full = [service.description.pick(lang), *(e.pick(lang) for e in extras if e)]
    return "\n".join([card.title, card.description, *full, *card.lines, card.address or ""])


def test_wanteraktioun_shows_the_2024_25_season_dräieck_and_the_dated_hours(kb):
    text = card_text(kb, "wanteraktioun")
    assert "du 15 novembre 2024 au 15 avril 2025" in text
    assert "3 jours et 3 nuits" in text and "inconditionnel" in text
    assert "Horaires de la saison 2023/24" in text and "19 h 15 à 8 h 45" in text
    assert "depuis le 1er janvier 2021, la Wanteraktioun est menée par Dräieck" in text
    assert "Dernier Sol" not in text and "250" not in text  # historical set-up, capacity of 2022: staff only


def test_polygone_shows_its_registered_office(kb):
    assert kb.service("polygone").location.address_1 == "37, rue de la Gare"
    assert "37, rue de la Gare, L-7535 Mersch" in card_text(kb, "polygone")
    assert "220" not in card_text(kb, "polygone")


def test_streetwork_shows_its_on_call_points_and_keeps_the_seed_year(kb):
    text = card_text(kb, "streetwork", "en")
    assert "Café Millewee in Gasperich, Café B-ONE in Bonnevoie, Quick and McDonald's" in text
    assert "2003" in text and "2001" not in text


def test_debt_advice_names_the_three_free_entry_points(kb):
    text = card_text(kb, "surendettement", "de")
    assert "Drei kostenlose Anlaufstellen" in text and "Ligue médico-sociale" in text
    assert "rue du Laboratoire" not in text


@pytest.mark.parametrize("service_id", ["mj-grund", "mj-bonnevoie", "mj-gasperich", "mj-sandweiler"])
def test_a_youth_house_without_its_own_ages_shows_the_national_rule(kb, service_id):
    assert "Règle nationale des maisons de jeunes : de 12 à 26 ans" in card_text(kb, service_id)


def test_a_youth_house_with_its_own_ages_keeps_them(kb):
    text = card_text(kb, "mj-gare")
    assert "De 12 à 25 ans" in text and "Règle nationale" not in text


def test_every_check_and_historical_fact_is_a_staff_warning(kb):
    warned = [w for w in kb.warnings if "to review by staff" in w.message]
    for marker in ("390 children", "since 2001", "Dernier Sol", "rue du Laboratoire", "247-88888", "Auguste-Charles"):
        assert any(marker in w.message for w in warned), marker


def test_no_unsourced_claims_are_left(kb):
    for lang in ("fr", "lb", "de", "en", "pt"):  # 112 and 113 are neither anonymous nor said to be
        crisis_texts = [text for key, text in kb.replies[lang].items() if key.startswith("crisis")]
        assert crisis_texts and not any("anonym" in text.lower() for text in crisis_texts)
    assert "urgence" not in kb.service("foyer-obenthalt").name["fr"]
    assert all("cantine" not in s.description["fr"] for s in kb.services if s.category == "children")
    assert kb.text("fr", "fallback").startswith("Désolé,")
