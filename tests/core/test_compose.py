"""Replies a phone can use: cards, lists, crisis lines and button labels, composed from the templates."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.compose import distinct_labels
from bot.core.engine import LUXEMBOURG_TZ
from bot.core.state import ChatState
from handlers.render import html_to_text, reply_html_messages

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=LUXEMBOURG_TZ)
LANGS = ("fr", "lb", "de", "en", "pt")


def shown(reply) -> str:
    return "\n\n".join(html_to_text(m) for m in reply_html_messages(reply))


def numbers(reply) -> list[str]:
    """The help-line numbers as people in Luxembourg dial them (cards show them in international form)."""
    return [
        line.number.removeprefix("+352 ") for block in reply.blocks if hasattr(block, "lines") for line in block.lines
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kinds", [("self",), ("other",), ("violence",), ("missing_child",), ("child_abuse",)])
def test_crisis_reply_is_short_with_112_and_113_on_its_first_line(engine, lang, kinds):
    reply = engine.compose.emergency(lang, kinds, ChatState())
    text = shown(reply)
    assert len(text) <= 500
    assert "112" in text.splitlines()[0] and "113" in text.splitlines()[0]
    assert len([line for line in text.splitlines()[1:] if line.strip()]) <= 2


def test_adult_at_risk_of_suicide_gets_45_45_45_before_the_childrens_line(engine):
    assert numbers(engine.compose.emergency("fr", ("self",), ChatState())) == ["45 45 45", "116 111"]
    assert numbers(engine.compose.emergency("fr", ("other",), ChatState()))[0] == "45 45 45"


def test_a_child_or_teenager_gets_116_111_first(engine):
    assert numbers(engine.compose.emergency("fr", ("self",), ChatState(), young=True))[0] == "116 111"
    assert numbers(engine.compose.emergency("fr", ("child_abuse",), ChatState()))[0] == "116 111"


def test_domestic_violence_gets_2060_1060_with_its_hours(engine):
    reply = engine.compose.emergency("fr", ("violence",), ChatState())
    assert numbers(reply)[0].replace(" ", "") == "20601060"
    assert "12h à 20h" in shown(reply)


def test_missing_child_gets_116_000_first_and_the_childrens_line_after(engine):
    assert numbers(engine.compose.emergency("en", ("missing_child",), ChatState()))[0] == "116 000"
    assert numbers(engine.compose.emergency("fr", ("missing_child",), ChatState(), young=True)) == [
        "116 000",
        "116 111",
    ]


def test_earlier_crisis_kind_names_still_pick_the_adult_line(engine):
    assert numbers(engine.compose.emergency("fr", ("suicide",), ChatState()))[0] == "45 45 45"


@pytest.mark.parametrize("lang", LANGS)
def test_crisis_reply_claims_nothing_the_sources_do_not_say(engine, lang):
    text = shown(engine.compose.emergency(lang, ("self", "violence"), ChatState())).lower()
    for claim in ("anonym", "gratuit", "gratis", "kostenlos", "free", "nuit", "night", "nacht", "nuets", "noite"):
        assert claim not in text


def test_the_possible_crisis_header_is_one_line_put_first(engine):
    reply = engine.actions.service("surendettement", ChatState(), "fr", NOW)
    with_header = engine.compose.with_helpline_header(reply)
    first = shown(with_header).splitlines()[0]
    assert "112" in first and "113" in first and "45 45 45" in first
    assert shown(with_header).endswith(shown(reply))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("service", ["surendettement", "mj-gasperich", "mj-clausen", "mr-krounebierg", "sefia"])
def test_a_card_fits_600_characters_and_names_the_service_and_its_phone_first(engine, lang, service):
    reply = engine.actions.service(service, ChatState(), lang, NOW)
    text = shown(reply)
    assert len(text) <= 600, text
    first = text.splitlines()[0]
    assert first.startswith(engine.kb.service(service).name.pick(lang)) and "📞 +352" in first
    assert text.count("49 26 60") == 1
    assert "inter-actions@inter-actions.lu" not in text


NO_CONTACT = ("contact direct", "direkte kontakt", "direkter kontakt", "direct contact", "contacto direto")


@pytest.mark.parametrize("lang", LANGS)
def test_no_card_says_no_direct_contact_is_published_and_each_names_its_phone(engine, lang):
    for service in engine.kb.services:
        text = shown(engine.actions.service(service.id, ChatState(), lang, NOW)).lower()
        assert not any(phrase in text for phrase in NO_CONTACT), service.id
        assert "📞" in text.splitlines()[0], service.id


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_fits_900_characters_with_the_central_contact_once_and_a_button_each(engine, lang):
    reply = engine.nearest((49.5915, 6.1247), ChatState(lang=lang), NOW)
    text = shown(reply)
    assert len(text) <= 900
    assert text.count("49 26 60") == 1
    items = reply.blocks[0].items
    service_buttons = [b for row in reply.buttons for b in row if b.action.startswith("s:")]
    assert len(items) == len(service_buttons) >= 3
    assert "0.0 km" not in text and "0,0 km" not in text
    assert sum(len(row) for row in reply.buttons) + len(reply.feedback) <= 8


def test_labels_drop_the_words_they_all_begin_with():
    labels = ["Maison des jeunes Gasperich", "Maison des jeunes Studio Bonnevoie", "Maison des jeunes Gare"]
    assert distinct_labels(labels, 15) == ["Gasperich", "Studio Bonnevoie", "Gare"]
    assert distinct_labels(["Jugendhaus Studio Bouneweg", "Jugendhaus Gaasperech"], 15) == [
        "Studio Bouneweg",
        "Gaasperech",
    ]
    assert distinct_labels(["Gare youth house", "Grund youth house"], 15) == ["Gare youth house", "Grund youth house"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_topic_page_has_labels_that_differ_in_their_first_15_characters(engine, lang):
    for topic in engine.kb.topics:
        reply = engine.actions.topic(topic.id, ChatState(), lang, NOW)
        labels = [b.label for row in reply.buttons for b in row]
        assert len({label[:15] for label in labels}) == len(labels), labels
        assert len(labels) + len(reply.feedback) <= 8


@pytest.mark.parametrize("service", ["surendettement", "inter-actions"])
def test_no_button_leads_back_to_the_card_it_is_on(engine, service):
    reply = engine.actions.service(service, ChatState(), "fr", NOW)
    topic = reply.topic
    actions = [b.action for row in reply.buttons for b in row]
    assert f"s:{service}" not in actions
    assert len(engine.kb.topic(topic).services) > 1 or f"t:{topic}" not in actions


def test_venue_only_for_a_services_own_sourced_address(engine):
    near_clausen = engine.nearest((49.6134, 6.1405), ChatState(), NOW)
    assert near_clausen.venue is not None and near_clausen.venue.address.startswith("67, rue de Clausen")
    assert "Wou" not in near_clausen.venue.address and "Où" not in near_clausen.venue.address
    near_gasperich = engine.nearest((49.5915, 6.1247), ChatState(), NOW)
    assert near_gasperich.venue is None


@pytest.mark.parametrize(
    ("name", "lang", "label"),
    [
        ("Al Esch", "fr", "Esch-sur-Alzette"),
        ("Al Esch", "lb", "Esch-Uelzecht"),
        ("Bonnevoie-Sud", "lb", "Bouneweg"),
        ("Bonnevoie-Sud", "fr", "Bonnevoie"),
        ("Neudorf/Weimershof", "fr", "Neudorf"),
        ("Nowhere", "fr", "Nowhere"),
    ],
)
def test_places_are_shown_as_people_say_them(engine, name, lang, label):
    assert engine.compose.place_label(name, lang) == label


def test_a_place_typed_after_a_preposition_is_named_as_people_say_it(engine):
    from bot.core.engine import Incoming

    reply = engine.answer(Incoming(text="foyer de jour à Esch"), ChatState(lang="fr"), NOW)
    assert "Al Esch" not in shown(reply) and "Esch-sur-Alzette" in shown(reply).splitlines()[0]


def test_distance_is_exact_only_from_a_shared_location_to_a_services_own_address(engine):
    from bot.core.engine import Incoming

    shared = engine.nearest((49.6134, 6.1405), ChatState(lang="fr"), NOW).blocks[0].items[0]
    assert "67, rue de Clausen" in shared and "à 0,2 km" in shared
    named = engine.answer(Incoming(text="maison des jeunes clausen"), ChatState(lang="fr"), NOW)
    assert "à environ 1 km" in named.blocks[0].items[0]


def test_outside_sourced_office_hours_talk_to_a_person_gives_the_phone_and_the_hours(kb):
    from dataclasses import replace

    from bot.core.actions import Actions
    from bot.core.compose import Composer

    # A knowledge base whose central office has sourced hours (borrowed from a maison relais).
    hours = kb.service("mr-krounebierg").schedules
    central = replace(kb.central, schedules=hours)
    actions = Actions(
        Composer(replace(kb, services=tuple(central if s.id == kb.central_id else s for s in kb.services)))
    )
    night = actions.person(
        kb.central_id, ChatState(), "fr", dt.datetime(2026, 11, 27, 20, 0, tzinfo=LUXEMBOURG_TZ), True
    )
    assert "n'est pas là" in shown(night) and "lundi" in shown(night) and "+352 49 26 60" in shown(night)
    assert not [b for row in night.buttons for b in row if b.action.startswith("c:")]
    day = actions.person(
        kb.central_id, ChatState(), "fr", dt.datetime(2026, 11, 25, 12, 30, tzinfo=LUXEMBOURG_TZ), True
    )
    assert day.buttons[0][0].action == "c:inter-actions"


@pytest.mark.parametrize(
    ("place", "lang", "line"),
    [
        ("Esch-sur-Alzette", "fr", "Près d'Esch-sur-Alzette :"),
        ("Eich", "fr", "Près d'Eich :"),
        ("Gasperich", "fr", "Près de Gasperich :"),
        ("Esch-sur-Alzette", "en", "Near Esch-sur-Alzette:"),
        ("Esch-sur-Alzette", "lb", "No bei Esch-Uelzecht:"),
    ],
)
def test_the_line_before_services_near_a_place_elides_in_french_before_a_vowel(engine, place, lang, line):
    assert engine.compose.near_place(place, lang) == line
