"""The crisis gate: the detector's readings and the rules about them, weighed together by one logistic regression,
decide between the crisis reply first and the practical answer under the help-line header."""

from __future__ import annotations

from dataclasses import replace

import pytest

import knowledge
from bot.core.crisis_gate import FEATURES, WEIGHTS
from bot.core.engine import Engine, Incoming
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds


@pytest.fixture(scope="module")
def rules_alone(kb: knowledge.Knowledge, model_store) -> Engine:
    return Engine(kb, model_store=model_store, thresholds=replace(Thresholds(), crisis_gate=False))


def test_every_feature_has_a_weight_and_no_weight_is_left_over():
    assert list(WEIGHTS) == list(FEATURES)


def test_the_features_are_named_in_order_and_read_the_message(engine):
    text = "je veux mourir"
    seen = engine.understand(engine.normalize(text), ChatState())
    features = engine.crisis_features(seen, ChatState(), seen.crisis)
    assert tuple(features) == FEATURES
    assert features["rules"] == 1.0 and features["risk"] > 0 and features["kind_self"] == 1.0
    assert features["mid_chat"] == 0.0 and sum(features[f"kind_{k}"] for k in knowledge.model.CRISIS_KINDS) == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "je veux mourir",
        "my boyfriend is hitting me and i'm hiding in the bathroom",
        "mon bébé ne se réveille pas il est tout mou",
        "FEUER im Keller, der Rauch kommt schon in die Wohnung",
        "o meu filho de 6 anos desapareceu no parque, nao o encontro",
        "ech wëll net méi liewen",
    ],
)
def test_emergencies_keep_the_crisis_reply_first(engine, text):
    assert engine.answer(Incoming(text=text)).kind == "emergency"


@pytest.mark.parametrize(
    ("text", "service"),
    [
        (
            "my wife threw me out on friday, since then i sleep in my car, its getting really cold at night",
            "wanteraktioun",
        ),
    ],
)
def test_a_hard_day_with_no_danger_named_gets_the_help_lines_and_the_service(engine, rules_alone, text, service):
    # The gate decides which comes first on such a borderline message (since its refit with dev round 61 this one
    # gets the crisis reply first again); either way the help-lines and the service it needs are in the reply.
    assert rules_alone.answer(Incoming(text=text)).kind == "emergency"  # the rules alone: the crisis reply
    reply = engine.answer(Incoming(text=text))
    assert reply.to_json()["helplines"] is True and reply.services[0] == service


def test_a_teenager_tired_of_evenings_at_home_gets_the_youth_house_under_the_help_lines(engine):
    # since dev61 the crisis model itself reads this as a hard day, not a danger: no gate needed for the header
    text = "ech sinn 16 an hunn keng Loscht méi all Owend doheem ze sëtzen, gëtt et e Jugendhaus zu Bouneweg?"
    reply = engine.answer(Incoming(text=text))
    assert reply.kind == "answer" and reply.services[0] == "mj-bonnevoie" and reply.to_json()["helplines"] is True


def test_the_turns_of_care_after_a_crisis_are_the_rules_alone(engine, rules_alone):
    turns = ("j'ai envie d'en finir", "j'ai peur", "je sais pas quoi faire")
    for each in (engine, rules_alone):
        state, kinds = ChatState(), []
        for text in turns:
            reply = each.answer(Incoming(text=text), state)
            state, kinds = reply.state, [*kinds, reply.kind]
        assert kinds == ["emergency", "emergency", "emergency"]
