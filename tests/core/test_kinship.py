"""Services of one topic are alike as much as what people ask each of them for reads alike."""

from __future__ import annotations

from bot.core.engine import Incoming
from bot.core.state import ChatState


def test_a_maison_relais_is_most_like_the_other_maisons_relais(engine):
    alike = engine.kinship.to("mr-diddelfamill")
    assert set(alike) == set(engine.kb.topic("children").services)
    assert min(alike["mr-krounebierg"], alike["mr-wisestrooss"]) > max(
        alike["garderie-klengt-butzenhaus"], alike["foyer-butzenhaus-rolleng"]
    )


def test_a_day_care_centre_is_most_like_a_day_care_centre(engine):
    alike = engine.kinship.to("foyer-laladudo")
    assert alike["foyer-pinocchio"] > alike["mr-krounebierg"]


def test_the_service_given_is_no_likelier_than_its_closest_kin(engine):
    alike = engine.kinship.to("mr-krounebierg")
    assert alike["mr-krounebierg"] == max(v for k, v in alike.items() if k != "mr-krounebierg")


def test_a_service_of_no_topic_has_no_kin(engine):
    assert engine.kinship.to("no-such-service") == {}


def test_a_place_follow_up_gives_the_same_kind_of_offer_at_the_new_place(engine):
    # after-school care in Dudelange (a maison relais), then Mersch: its maisons relais before its garderie,
    # all three being at one place
    state = engine.answer(Incoming(text="je cherche une maison relais à Dudelange"), ChatState()).state
    assert state.last_service == "mr-diddelfamill"
    reply = engine.answer(Incoming(text="et à Mersch ?"), state)
    assert reply.kind == "answer" and reply.services[0] in ("mr-krounebierg", "mr-wisestrooss")
    # a day-care centre's follow-up at the same place gives the day-care offers first
    state = engine.answer(Incoming(text="crèche Pinocchio à la gare"), ChatState()).state
    assert state.last_service == "foyer-pinocchio"
    reply = engine.answer(Incoming(text="et à Mersch ?"), state)
    assert reply.services[0] in ("garderie-klengt-butzenhaus", "foyer-butzenhaus-rolleng")
