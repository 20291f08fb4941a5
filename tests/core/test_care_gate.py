"""The care gate: in the turns of care after a crisis, a turn that reads no crisis of its own gets what it asks under
the help-line header, or the crisis numbers again, as one logistic regression weighs the rules' reading and the
turn's signals."""

from __future__ import annotations

from dataclasses import replace

import pytest

import knowledge
from bot.core.care_gate import FEATURES, WEIGHTS
from bot.core.engine import Engine, Incoming
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds


@pytest.fixture(scope="module")
def rules_alone(kb: knowledge.Knowledge, model_store) -> Engine:
    return Engine(kb, model_store=model_store, thresholds=replace(Thresholds(), care_gate=False))


def _chat(engine: Engine, turns: tuple[str, ...]) -> list[dict]:
    state, out = ChatState(), []
    for text in turns:
        reply = engine.answer(Incoming(text=text), state)
        state = reply.state
        out.append(reply.to_json())
    return out


def test_every_feature_has_a_weight_and_no_weight_is_left_over():
    assert list(WEIGHTS) == list(FEATURES)


def test_the_features_are_named_in_order_and_read_the_turn(engine):
    first = engine.answer(Incoming(text="j'ai envie d'en finir"))
    message = engine.normalize("il y a une maison des jeunes à Esch ?")
    seen = engine.understand(message, first.state, exact=True)
    reply = engine.answer(Incoming(text=message.shown), first.state)
    features = engine.care_features(message, seen, first.state, reply, rules=False)
    assert tuple(features) == FEATURES
    assert first.state.care_firm and features["asks"] == 1.0 and features["place"] == 1.0
    assert features["risk"] < 0 and 0 < features["turns_left"] <= 1
    assert features["novel"] > 0  # "maison des jeunes": a need, in words no question about a service uses
    detail = engine.normalize("c'est gratuit ?")
    seen = engine.understand(detail, first.state, exact=True)
    assert engine.care_features(detail, seen, first.state, reply, rules=False)["novel"] == 0.0


@pytest.mark.parametrize(
    ("turns", "service"),
    [
        (  # the call was made: the person acts on it and asks where the youth house given before the crisis is
            (
                "maison des jeunes à Gasperich ?",
                "mon beau-père me frappe tous les soirs",
                "je sais pas",
                "la dame au téléphone dit que la maison des jeunes peut m'aider, vous êtes où ?",
            ),
            "youth",
        ),
    ],
)
def test_a_person_moving_on_gets_what_they_ask_under_the_help_lines(engine, rules_alone, turns, service):
    assert _chat(rules_alone, turns)[-1]["kind"] == "emergency"  # the rules alone: the numbers again
    last = _chat(engine, turns)[-1]
    assert last["kind"] in ("answer", "clarify", "detail") and last["helplines"] is True
    assert engine._topic_of[last["services"][0]] == service


def test_a_person_still_in_danger_gets_the_numbers_again(engine, rules_alone):
    turns = (
        "he is hitting me, i am hiding in the bathroom",
        "he is still banging on the door",
        "my phone has no credit left",
    )
    assert _chat(rules_alone, turns)[-1]["kind"] == "answer"  # the rules alone read "credit" as a debt question
    assert [reply["kind"] for reply in _chat(engine, turns)] == ["emergency"] * 3
