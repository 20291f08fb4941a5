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


# The engine's words (a boy, a building, someone to talk to) read as the association itself or street work; the model
# reads street work surely.
SLEEPER = (
    "ha um rapaz que dorme sempre a entrada do meu predio em gasperich, muito magro, parece mal. existe alguem que va "
    "falar com ele? eu nao sei como ajudar"
)


def test_every_feature_has_a_weight_and_no_weight_is_left_over():
    assert list(WEIGHTS) == list(FEATURES)


def test_the_gate_weighs_only_where_the_model_names_another_service(watching):
    watching.weighed.clear()
    watching.answer(Incoming(text="où aide aux dettes?"))  # the engine and the model agree: nothing to weigh
    assert watching.weighed == []
    watching.answer(Incoming(text=SLEEPER))
    (features, reply, other, model_top), *_ = watching.weighed
    assert tuple(features) == FEATURES and all(-1.0 <= v <= 1.0 for v in features.values())
    assert other.services[0] == model_top != (reply.services or ("",))[0]
    assert features["place"] == 1.0 and features[f"reply_{reply.kind}"] == 1.0


def test_the_model_s_service_is_chosen_when_the_gate_trusts_it(engine, engine_alone):
    alone = engine_alone.answer(Incoming(text=SLEEPER))
    assert alone.kind == "clarify" and alone.services[0] != "streetwork"
    reply = engine.answer(Incoming(text=SLEEPER))
    assert reply.kind == "answer" and reply.services[0] == "streetwork"


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
