"""The follow-up gate: after a service was given, one logistic regression weighs the rules' reading with the signals
behind it, and chooses between the detail of that service and the other reply."""

from __future__ import annotations

from dataclasses import replace

import pytest

import knowledge
from bot.core.engine import Engine, Incoming
from bot.core.follow_up_gate import BIAS, FEATURES, WEIGHTS
from bot.core.learned import logistic
from bot.core.reply import Reply
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds


class _Watching(Engine):
    """Keeps what the gate weighed at each choice."""

    def _choose(self, seen, message, state, by_rules, detail, reply, ruled, elsewhere):  # type: ignore[no-untyped-def]
        self.weighed.append(self.follow_up_features(seen, message, state, by_rules, reply, elsewhere))
        return super()._choose(seen, message, state, by_rules, detail, reply, ruled, elsewhere)


@pytest.fixture(scope="module")
def watching(kb: knowledge.Knowledge, model_store) -> _Watching:
    engine = _Watching(kb, model_store=model_store)
    engine.weighed = []
    return engine


@pytest.fixture(scope="module")
def rules_alone(kb: knowledge.Knowledge, model_store) -> Engine:
    return Engine(kb, model_store=model_store, thresholds=replace(Thresholds(), follow_up_gate=False))


def talk(engine: Engine, *turns: str) -> list:
    state, replies = ChatState(), []
    for text in turns:
        reply = engine.answer(Incoming(text=text), state)
        replies.append(reply)
        state = reply.state
    return replies


def test_every_feature_has_a_weight_and_no_weight_is_left_over():
    assert list(WEIGHTS) == list(FEATURES)


def test_the_features_are_weighed_in_order_and_stay_small(watching):
    watching.weighed.clear()
    talk(watching, "où aide aux dettes?", "c'est gratuit ?", "et pour ma fille de 15 ans, une maison des jeunes ?")
    assert len(watching.weighed) == 2  # the first turn had no service given: nothing to choose
    for features in watching.weighed:
        assert tuple(features) == FEATURES
        assert all(-1.0 <= value <= 1.0 for value in features.values())
    detail, new_need = watching.weighed
    assert detail["rules"] == 1.0 and detail["mentions_detail"] == 1.0 and detail["two_words"] == 1.0
    assert new_need["rules"] == 0.0 and new_need["other_other_kind"] == 1.0


def test_the_odds_follow_the_weights():
    features = dict.fromkeys(FEATURES, 0.0)
    assert logistic(features, WEIGHTS, BIAS) == pytest.approx(1 / (1 + 2.718281828459045**-BIAS))
    asks = {**features, "rules": 1.0, "asks_detail": 1.0, "two_words": 1.0, "follow_up": 1.0}
    assert logistic(asks, WEIGHTS, BIAS) > 0.9
    elsewhere = {**features, "partner": 1.0, "other_words": 0.5, "courtesy": 1.0}
    assert logistic(elsewhere, WEIGHTS, BIAS) < 0.1
    assert logistic({"rules": 1e9}, {"rules": 1.0}, 0.0) == pytest.approx(1.0)  # no overflow on wild input


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (("où aide aux dettes?", "c'est gratuit ?"), ("detail", "surendettement")),
        (("jugendhaus in gasperich", "where is it exactly?"), ("detail", "mj-gasperich")),
        (("où aide aux dettes?", "et pour ma fille de 15 ans, une maison des jeunes ?"), ("answer", "mj-")),
    ],
)
def test_plain_details_and_plain_new_needs_are_read_as_before(engine, rules_alone, turns, expected):
    for each in (engine, rules_alone):
        last = talk(each, *turns)[-1]
        assert last.kind == expected[0]
        assert last.services[0].startswith(expected[1])


def test_asking_for_a_person_of_ours_after_a_youth_house_is_the_association_not_the_house(engine, rules_alone):
    turns = (
        "ech sichen eng Maison des jeunes zu Bouneweg",
        "kann ech iech iergendwou uruffen, ech géif léiwer mat enger Persoun schwätzen",
    )
    assert talk(rules_alone, *turns)[-1].kind == "detail"  # the rules alone: a question about the house
    last = talk(engine, *turns)[-1]
    assert last.kind == "answer" and last.services[0] == "inter-actions"


def test_after_a_crisis_the_rules_decide_alone(engine, rules_alone):
    turns = ("je veux mourir", "c'est gratuit ?", "merci")
    assert [r.kind for r in talk(engine, *turns)] == [r.kind for r in talk(rules_alone, *turns)]


def test_the_words_of_questions_about_a_service_are_known_with_their_inflections(engine):
    asked = engine._asked_about
    assert asked.knows("gratuit") and asked.knows("telefon")  # knowledge/follow_ups, detail words
    stem = next(w for w in sorted(asked.words) if len(w) >= asked.stem + 2)
    assert asked.knows(stem[: asked.stem] + "xyz")  # another ending of a known word
    assert not asked.knows("renouveler") and not asked.knows("diplome") and not asked.knows("zzzzzzz")


def test_a_new_need_asked_in_the_frame_of_a_detail_question_is_not_a_detail(engine, watching):
    turns = ("j'ai trop de dettes, qui peut m'aider ?", "et pour renouveler mon passeport, vous savez où ?")
    watching.weighed.clear()
    talk(watching, *turns)
    assert watching.weighed[-1]["novel"] > 0  # "renouveler": no question about a service says it
    last = talk(engine, *turns)[-1]
    assert last.kind != "detail" and last.services[:1] != ("surendettement",)
    details = talk(engine, "j'ai trop de dettes, qui peut m'aider ?", "et c'est ouvert quand ?")[-1]
    assert details.kind == "detail" and details.services[0] == "surendettement"


def test_a_public_service_named_mid_chat_is_weighed_and_answered(engine, watching):
    """The other reply refers to a public service that is not ours ("ADEM"): a feature, and the referral wins."""
    referred = ("ech sichen eng Aarbecht, ech sinn 20", "wou muss ech mech beim ADEM umellen?")
    watching.weighed.clear()
    talk(watching, *referred)
    assert watching.weighed[-1]["other_referral"] == 1.0
    last = talk(engine, *referred)[-1]
    assert last.kind == "fallback" and last.referral == "adem-job-seekers"


def test_a_service_given_earlier_in_the_chat_is_a_feature_of_the_other_reply(engine):
    """Two turns after debt counselling ("back to the debts..."): the other reply names a service given earlier."""
    text = "et pour les dettes, ils parlent aussi avec la banque ?"
    message = engine.normalize(text)
    state = ChatState(last_service="mj-bonnevoie", earlier=("surendettement",))
    seen = engine.understand(message, state)
    reply = Reply(kind="answer", lang="fr", state=state, services=("surendettement",))
    features = engine.follow_up_features(seen, message, state, False, reply, False)
    assert features["other_earlier"] == 1.0 and features["other_referral"] == 0.0
    elsewhere = replace(reply, services=("polygone",))
    assert engine.follow_up_features(seen, message, state, False, elsewhere, False)["other_earlier"] == 0.0
