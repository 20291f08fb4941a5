"""The service gate: when the service model alone names another service than the engine's reply, both replies are
composed and one logistic regression chooses, when it is sure; not for a turn about the service given."""

from __future__ import annotations

from dataclasses import replace

import pytest

import knowledge
from bot.core.engine import Engine, Incoming
from bot.core.service_gate import FEATURES, WEIGHTS
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds


class _Watching(Engine):
    """Keeps both replies and what the gate weighed at each choice."""

    def _service_choice(self, seen, state, reply, other, model_top):  # type: ignore[no-untyped-def]
        self.weighed.append((self.service_features(seen, state, reply, other, model_top), reply, other, model_top))
        return super()._service_choice(seen, state, reply, other, model_top)


@pytest.fixture(scope="module")
def watching(kb: knowledge.Knowledge, model_store) -> _Watching:
    engine = _Watching(kb, model_store=model_store)
    engine.weighed = []
    return engine


@pytest.fixture(scope="module")
def engine_alone(kb: knowledge.Knowledge, model_store) -> Engine:
    return Engine(kb, model_store=model_store, thresholds=replace(Thresholds(), service_gate=False))


# The engine's words (debts) read as debt advice; the model reads a youth house (a boy of 14, somewhere to go after
# school): the two disagree and the gate weighs them. Which house the model prefers is its own business.
TORN = (
    "mon fils de 15 ans a des dettes de telephone et il traine tout le temps dehors, il lui faut un endroit pour voir "
    "des jeunes"
)


def test_every_feature_has_a_weight_and_no_weight_is_left_over():
    assert list(WEIGHTS) == list(FEATURES)


def test_the_gate_weighs_only_where_the_model_names_another_service(watching):
    watching.weighed.clear()
    watching.answer(Incoming(text="où aide aux dettes?"))  # the engine and the model agree: nothing to weigh
    assert watching.weighed == []
    watching.answer(Incoming(text=TORN))
    (features, reply, other, model_top), *_ = watching.weighed
    assert tuple(features) == FEATURES and all(-1.0 <= v <= 1.0 for v in features.values())
    assert other.services[0] == model_top != (reply.services or ("",))[0]
    assert features["place"] == 0.0 and features[f"reply_{reply.kind}"] == 1.0


def test_the_model_s_service_is_chosen_when_the_gate_trusts_it(kb, model_store, engine, engine_alone):
    alone = engine_alone.answer(Incoming(text=TORN))
    assert alone.services[0] == "surendettement"
    assert engine.answer(Incoming(text=TORN)).to_json() == alone.to_json()  # not sure enough: the engine's reply
    trusting = Engine(kb, model_store=model_store, thresholds=replace(Thresholds(), service_gate_odds=0.0))
    reply = trusting.answer(Incoming(text=TORN))
    assert reply.kind == "answer" and reply.services[0] in kb.topic("youth").services


def test_a_turn_after_a_service_was_given_keeps_the_engine_s_choice(engine, engine_alone):
    state = engine.answer(Incoming(text="où aide aux dettes?")).state
    text = "how does the admission work, do we send an application ourselves?"
    assert (
        engine.answer(Incoming(text=text), state).to_json() == engine_alone.answer(Incoming(text=text), state).to_json()
    )


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("où aide aux dettes?", "surendettement"),
        ("jugendhaus in gasperich", "mj-gasperich"),
        ("ech sichen eng Maison relais zu Diddeleng fir mäi Meedchen", "mr-diddelfamill"),
    ],
)
def test_clear_needs_keep_their_service(engine, text, service):
    assert engine.answer(Incoming(text=text), ChatState()).services[0] == service
