"""A message's clauses that tell of what is over, set apart from what it asks now."""

from __future__ import annotations

import pytest

from bot.core.normalize import fold_text as fold
from bot.core.timeframe import Timeframe

TIMEFRAME = Timeframe.of(
    ["il y a # ans", "en ####", "virun # joer", "# years ago", "damals"], ["maintenant", "elo", "now", "aber"], fold
)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # a story of the past, then what is asked, at a punctuation mark or a turning word
        ("il y a deux ans j'étais à la rue, maintenant je voudrais aider", "maintenant je voudrais aider"),
        ("Virun 5 Joer war ech do elo wëll ech hëllefen", "elo wëll ech hëllefen"),
        ("I slept rough 3 years ago. Can I volunteer?", "Can I volunteer?"),  # the question mark is kept
        ("En 2015 ils m'ont aidé; je cherche un stage", "je cherche un stage"),
        ("Damals war ich obdachlos aber heute suche ich Arbeit", "aber heute suche ich Arbeit"),
        # nothing told of the past, or nothing else: read whole
        ("je cherche une maison des jeunes", None),
        ("il y a deux ans j'étais à la rue", None),
        ("depuis 2019 je suis au chômage, je cherche un travail", None),  # since: it still goes on
        ("en 2030 je veux partir, je cherche un travail", None),  # a year to come is no past
        ("en août je cherche un travail, vous avez ?", None),
    ],
)
def test_what_is_asked_now(text, asked):
    assert TIMEFRAME.asked_now(text, fold, 2026) == asked


def test_a_wildcard_stands_for_one_word_only():
    assert TIMEFRAME.asked_now("il y a bien deux ans, je cherche", fold, 2026) is None
    assert TIMEFRAME.asked_now("il y a quelques ans, je cherche", fold, 2026) == "je cherche"


def test_without_past_phrases_nothing_is_set_apart():
    assert Timeframe().asked_now("il y a deux ans j'étais à la rue, maintenant je cherche", fold, 2026) is None


def test_a_phrase_of_wildcards_only_is_still_read():
    years = Timeframe.of(["####"], [], fold)
    assert years.asked_now("2015 was hard, I need a job now", fold, 2026) == "I need a job now"


ORDER = Timeframe.of(
    [],
    ["mais", "aber", "now", "mas"],
    fold,
    first=["le plus urgent", "zuerst", "o mais urgente", "most important"],
    later=["can wait", "peut attendre"],
    otherwise=["sinon", "otherwise"],
)


def test_a_need_said_to_come_first_runs_past_turn_words_to_the_next_mark():
    order = ORDER.order("j'ai des dettes. Zuerst brauch ich aber ein Bett, sonst nichts", fold)
    assert order is not None
    assert [order.clauses[i] for i in order.first[0]] == [("zuerst", "brauch", "ich"), ("aber", "ein", "bett")]
    assert order.markers == {"zuerst"}


def test_what_happens_otherwise_is_a_clause_of_its_own():
    order = ORDER.order("des dettes, le plus urgent c'est la crèche sinon je perds mon travail", fold)
    assert order is not None
    assert [order.clauses[i] for i in order.first[0]] == [("le", "plus", "urgent", "c", "est", "la", "creche")]
    assert ("sinon", "je", "perds", "mon", "travail") in order.clauses


def test_a_word_inside_a_phrase_ends_no_clause():
    # "mais" is French for "but", but in "o mais urgente" Portuguese for "most"
    order = ORDER.order("tenho dividas, mas o mais urgente e a creche", fold)
    assert order is not None
    assert [order.clauses[i] for i in order.first[0]] == [("mas", "o", "mais", "urgente", "e", "a", "creche")]
    assert order.turned == (False, True)


def test_needs_that_can_wait_are_found():
    order = ORDER.order("the money can wait, I need a bed tonight", fold)
    assert order is not None and order.later == (0,) and order.first == ()


def test_a_message_that_orders_nothing_is_not_cut():
    assert ORDER.order("je cherche une crèche, mais pas trop loin", fold) is None
    assert ORDER.order("zuerst", fold) is not None  # one clause: the engine finds nothing to set aside
    assert Timeframe().order("le plus urgent c'est la crèche, les dettes peuvent attendre", fold) is None
