"""The intent index (bot/core/intents.py) on tiny hand-made documents, so that every score is computable by hand.

- idf(word) = log(1 + services / services that have the word); a topic's idf counts topics instead of services.
- An example scores the F-measure (β² = example_recall_weight) of covered_q, the share of the message's weight it
  explains, and covered_d, the share of its own weight the message contains.
- A keyword, name or topic phrase scores covered_d² · (floor + (1 − floor) · covered_q) · (0.6 + 0.4 · specific),
  with specific = min(1, the sum of its words' topic idf / specific_idf) and floor = keyword_floor +
  keyword_floor_specific · specific; then every kind is weighed by kind_weights, and no score passes 1.

The rules are spelt out here (they are today's defaults), so that retuning thresholds.py does not move these
hand-computed figures. `make mutation-intents` checks that these tests notice changes to the module.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest

from bot.core.intents import Doc, IntentIndex
from bot.core.thresholds import Thresholds

RULES = Thresholds(
    compound_part=4,
    compound_similarity=0.7,
    unknown_weight=1.6,
    max_unknown=3,
    specific_idf=2.2,
    keyword_floor=0.3,
    keyword_floor_specific=0.25,
    candidate_budget=1000,
    example_recall_weight=1.5,
    union_weight=0.85,
    kind_weights={"example": 1.0, "keyword": 1.0, "name": 1.05, "topic": 0.95},
    inflected=0.8,
    stem_min=4,
)


def doc(service_id: str, kind: str, words: str) -> Doc:
    return Doc(service_id, kind, tuple(words.split()))


def examples(**by_service: str) -> tuple[Doc, ...]:
    """One example phrase per service."""
    return tuple(doc(sid, "example", words) for sid, words in by_service.items())


def index(*docs: Doc, groups: dict[str, str] | None = None, **rules) -> IntentIndex:
    return IntentIndex(docs, groups, replace(RULES, **rules))


def scores(idx: IntentIndex, message: str, **kwargs) -> dict[str, float]:
    return {m.service_id: m.score for m in idx.match(message.split(), **kwargs)}


def approx(expected: dict[str, float]):
    return pytest.approx(expected, abs=1e-9)


def example_score(q: float, d: float, beta2: float = 1.5) -> float:
    """The F-measure of an example, as the module's docstring defines it (used to spell out expected figures)."""
    return (1 + beta2) * q * d / (beta2 * d + q)


# --- examples -------------------------------------------------------------------------------------------------


def test_an_example_given_word_for_word_scores_one():
    debts = doc("debts", "example", "dettes aide")
    idx = index(debts, doc("youth", "example", "jeunes maison"))
    [found] = idx.match(["aide", "dettes"])  # the order of the words does not matter; "youth" shares none
    assert (found.service_id, found.doc) == ("debts", debts)
    assert found.score == pytest.approx(1.0)
    assert scores(idx, "dettes aide dettes") == approx({"debts": 1.0})  # a repeated word counts once


def test_no_words_or_only_unknown_words_match_nothing():
    idx = index(doc("debts", "example", "dettes aide"))
    assert idx.match([]) == []
    assert idx.match(["xy", "zz"]) == []


def test_idf_counts_services_not_phrases_and_drops_empty_phrases():
    idx = index(
        doc("debts", "example", "aide dettes"),
        doc("debts", "example", "dettes conseil"),  # "dettes" twice, in one service
        doc("housing", "example", "aide logement"),
        doc("youth", "example", "aide jeunes"),
        Doc("empty", "example", ()),  # no words: not a document, and not a service that counts
    )
    assert len(idx.docs) == 4
    log4 = math.log(1 + 3 / 1)
    assert idx.idf == pytest.approx(
        {"aide": math.log(1 + 3 / 3), "dettes": log4, "conseil": log4, "logement": log4, "jeunes": log4}
    )


def test_a_rare_word_decides_over_a_common_one():
    idx = index(
        doc("debts", "example", "aide dettes"),
        doc("housing", "example", "aide logement"),
        doc("youth", "example", "aide jeunes"),
    )
    # "aide" (every service: idf log 2) against "dettes" (one: idf log 4 = 2 · log 2): for "housing" the message
    # and the example each have a third of their weight in common.
    assert scores(idx, "aide dettes") == approx({"debts": 1.0, "housing": 1 / 3, "youth": 1 / 3})
    # "aide" alone: the whole message, a third of each example.
    assert scores(idx, "aide") == approx({s: example_score(1, 1 / 3) for s in ("debts", "housing", "youth")})
    assert example_score(1, 1 / 3) == pytest.approx(5 / 9)


def test_the_f_measure_leans_on_the_message_side():
    idx = index(doc("debts", "example", "dettes conseil budget famille"), doc("housing", "example", "logement"))
    # Every word is in one service of two: all weigh the same (log 3).
    # The message all explained by a longer example (covered_q 1, covered_d 1/4) ...
    assert scores(idx, "dettes") == approx({"debts": 2.5 * 0.25 / (1.5 * 0.25 + 1)})
    assert scores(idx, "dettes")["debts"] == pytest.approx(5 / 11)
    # ... scores more than a short example all inside a longer message (covered_q 1/4, covered_d 1).
    assert scores(idx, "logement dettes conseil budget") == approx({"housing": 5 / 14, "debts": 3 / 4})
    # With β² = 1 both directions count the same: the harmonic mean.
    even = index(*idx.docs, example_recall_weight=1.0)
    assert scores(even, "dettes") == approx({"debts": 2 * 0.25 / 1.25})
    # Half of the message in half of each example: 0.5 either way.
    halves = index(*examples(debts="dettes conseil", housing="logement urgence"))
    assert scores(halves, "dettes logement") == approx({"debts": 0.5, "housing": 0.5})


# --- reading the words ----------------------------------------------------------------------------------------


def test_one_typo_is_tolerated_at_a_lower_similarity():
    idx = index(doc("debts", "example", "dettes"), doc("housing", "example", "logement"))
    assert idx.readings("detets") == [("dettes", 0.85)]  # two letters swapped
    # covered_q = covered_d = 0.85: the similarity weighs the word on both sides.
    assert scores(idx, "detets") == approx({"debts": 0.85})
    assert scores(idx, "dettez") == approx({"debts": 0.85})
    assert scores(idx, "detez") == {}  # two edits away: not the word


def test_a_glued_elision_reads_as_the_word_behind_it():
    idx = index(doc("money", "example", "argent"), doc("help", "example", "aide ami"))
    assert idx.readings("dargent") == [("argent", 0.95)]  # "d'argent" typed without the apostrophe
    assert idx.readings("laide") == [("aide", 0.95)]  # the word behind may have four letters...
    assert idx.readings("lami") == []  # ...not three: "lami" is not "l'ami"
    assert idx.readings("xargent") == []  # x is no elision
    assert idx.readings("argent") == [("argent", 1.0)]  # a known word is itself
    assert scores(idx, "dargent") == approx({"money": 0.95})


def test_a_plural_or_inflected_form_reads_as_its_known_stem():
    idx = index(
        doc("youth", "keyword", "jugendhaus"),
        doc("house", "example", "casa jovens"),
        doc("debts", "example", "schuld"),
        doc("sea", "example", "mer"),
    )
    assert idx.readings("jugendhauser") == [("jugendhaus", 0.8)]  # "Jugendhäuser": two letters more, no typo
    assert idx.readings("casas") == [("casa", 0.8)]  # a four-letter word is looked up exactly, so only so
    assert idx.readings("schulden") == [("schuld", 0.8)]
    assert idx.readings("mers") == []  # a stem of three letters is too short to tell
    assert idx.readings("casax") == [("casa", 0.8)]
    assert idx.readings("casa") == [("casa", 1.0)]  # a known word is itself
    assert scores(idx, "casas jovens")["house"] == pytest.approx(
        example_score(*(2 * [covered(idx, 0.8, "casa", "jovens")]))
    )


def test_a_known_word_that_is_also_an_inflected_form_reads_as_both():
    idx = index(doc("children", "example", "kind"), doc("children2", "example", "kinder garten"))
    assert idx.readings("kinder") == [("kinder", 1.0), ("kind", 0.8)]


def covered(idx: IntentIndex, similarity: float, weak: str, *others: str) -> float:
    """The share of a phrase's idf weight a message covers when `weak` is read at `similarity`, the others fully."""
    weights = {w: idx.idf[w] for w in (weak, *others)}
    return (similarity * weights[weak] + sum(weights[w] for w in others)) / sum(weights.values())


COMPOUNDS = examples(
    debts="schulden beratung",
    advice="beratung",
    housing="wohnung hilfe",
    family="familie",
    fees="haus geld",
    office="amt",
)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("schuldenberatung", [("schulden", 0.7), ("beratung", 0.7)]),
        ("wohnungshilfe", [("wohnung", 0.7), ("hilfe", 0.7)]),  # linking s
        ("familienhilfe", [("familie", 0.7), ("hilfe", 0.7)]),  # linking n
        ("hausgeld", [("haus", 0.7), ("geld", 0.7)]),  # two parts of compound_part letters: the shortest read
        ("schuldenberatnug", [("schulden", 0.7), ("beratung", 0.7 * 0.85)]),  # a typo in the second part
        ("xyzwberatung", []),  # the first part must be a known word
        ("schuldenxyzw", []),  # and so must the second
        ("hausgel", []),  # shorter than two parts
        ("wohnungsamt", []),  # "amt" has fewer than compound_part letters: too short to read on its own
        ("wohnungxhilfe", []),  # only s and n link two words
    ],
)
def test_a_compound_word_reads_as_its_known_parts(word, parts):
    found = index(*COMPOUNDS).readings(word)
    assert [t for t, _ in found] == [t for t, _ in parts]
    assert [s for _, s in found] == pytest.approx([s for _, s in parts])


def test_a_compound_word_scores_like_its_parts_weakened():
    idx = index(*COMPOUNDS)
    # Each part is read at 0.7, on both sides; the word weighs as its rarer part ("schulden", not "beratung").
    found = scores(idx, "schuldenberatung")
    assert found["debts"] == pytest.approx(0.7)
    q = 0.7 * math.log(1 + 6 / 2) / math.log(1 + 6 / 1)
    assert found["advice"] == pytest.approx(example_score(q, 0.7))


def test_unknown_words_count_up_to_max_unknown():
    idx = index(doc("debts", "example", "dettes"), doc("housing", "example", "logement"))
    log3 = math.log(3)

    def expected(unknown: int) -> float:
        q = log3 / (log3 + 1.6 * unknown)  # an unknown word weighs unknown_weight
        return example_score(q, 1.0)

    assert scores(idx, "dettes xa") == approx({"debts": expected(1)})
    assert scores(idx, "dettes xa xb xc") == approx({"debts": expected(3)})
    # A long story around a clear need is not drowned: past three, unknown words weigh nothing more.
    assert scores(idx, "dettes xa xb xc xd xe") == approx({"debts": expected(3)})
    assert scores(index(*idx.docs, max_unknown=1), "dettes xa xb xc") == approx({"debts": expected(1)})


# --- services, kinds, limits ----------------------------------------------------------------------------------


def test_several_phrases_of_one_service_explain_a_message_together():
    budget, rent = doc("debts", "example", "dettes budget"), doc("debts", "example", "loyer retard")
    idx = index(budget, rent, doc("youth", "example", "jeunes maison"))
    # Each example explains half the message and has half its words there (0.5); together they explain it all.
    [found] = idx.match(["dettes", "loyer"])
    assert found.score == pytest.approx(0.85)  # union_weight
    assert found.doc in (budget, rent)
    # A typo weighs 0.85 in the union too: 0.85 · (0.85 + 1) / 2.
    assert scores(idx, "dettez loyer") == approx({"debts": 0.85 * 1.85 / 2})
    # One phrase alone is no union: "jeunes" is all of the message and half of the example.
    assert scores(idx, "jeunes") == approx({"youth": example_score(1, 0.5)})
    assert scores(index(*idx.docs, union_weight=0.9), "dettes loyer") == approx({"debts": 0.9})


def test_the_union_counts_each_word_at_its_best_reading():
    # "dettes" is read exactly in the first phrase, and as its neighbour "dette" (0.85) in the second, which also
    # has "loyer" but is long (0.66 alone): together they explain all of the message, "dettes" at 1.
    idx = index(
        doc("debts", "example", "dettes budget"),
        doc("debts", "example", "dette loyer famille conseil"),
        doc("youth", "example", "jeunes maison"),
    )
    assert scores(idx, "dettes loyer") == approx({"debts": 0.85})
    assert example_score(1.85 / 2, 1.85 / 4) < 0.85


KEYWORDS = (
    doc("house-a", "keyword", "jugendhaus"),  # two services, one topic
    doc("house-b", "keyword", "jugendhaus"),
    doc("debts", "keyword", "beratung"),  # two services, two topics
    doc("housing", "keyword", "beratung"),
    doc("debts", "example", "schulden"),
    doc("housing", "example", "wohnung"),
    doc("care", "keyword", "maison relais"),  # one topic, two words
)
TOPICS = {"house-a": "youth", "house-b": "youth", "debts": "debts", "housing": "housing", "care": "children"}


def keyword_score(q: float, d: float, specific: float) -> float:
    """A keyword's score, as the module's docstring defines it (used to spell out expected figures)."""
    floor = 0.3 + 0.25 * specific
    return d**2 * (floor + (1 - floor) * q) * (0.6 + 0.4 * specific)


def test_a_keyword_naming_one_topic_is_trusted_more():
    idx = index(*KEYWORDS, groups=TOPICS)
    # Among services, "jugendhaus" and "beratung" are as common (idf log 3.5); among the four topics,
    # "jugendhaus" names one (topic idf log 5), "beratung" two (log 3).
    assert idx.idf["jugendhaus"] == pytest.approx(idx.idf["beratung"]) == pytest.approx(math.log(3.5))
    one_topic, two_topics = math.log(5) / 2.2, math.log(3) / 2.2
    assert scores(idx, "jugendhaus") == approx({"house-a": 0.6 + 0.4 * one_topic, "house-b": 0.6 + 0.4 * one_topic})
    assert scores(idx, "beratung") == approx({"debts": 0.6 + 0.4 * two_topics, "housing": 0.6 + 0.4 * two_topics})
    # Two words of one topic are fully specific (2 · log 5 > specific_idf): the phrase alone scores 1.
    assert scores(idx, "maison relais") == approx({"care": 1.0})


def test_a_keyword_keeps_a_floor_whatever_else_the_message_says():
    idx = index(*KEYWORDS, groups=TOPICS)
    log35, log6 = math.log(3.5), math.log(6)
    # One unknown word (1.6) next to the keyword: the floor is higher for the more specific keyword.
    q = log35 / (log35 + 1.6)
    assert scores(idx, "jugendhaus xa")["house-a"] == pytest.approx(keyword_score(q, 1, math.log(5) / 2.2))
    assert scores(idx, "beratung xa")["debts"] == pytest.approx(keyword_score(q, 1, math.log(3) / 2.2))
    # Fully specific: floor 0.3 + 0.25 = 0.55, however many unknown words (at most three count).
    q = 2 * log6 / (2 * log6 + 3 * 1.6)
    many = scores(idx, "maison relais xa xb xc xd")["care"]
    assert many == pytest.approx(0.55 + 0.45 * q)
    assert many > 0.55
    # Without groups every service is its own topic: "jugendhaus" is in two of five.
    alone = index(*KEYWORDS)
    assert scores(alone, "jugendhaus")["house-a"] == pytest.approx(0.6 + 0.4 * math.log(3.5) / 2.2)


def test_a_keyword_must_be_all_there():
    idx = index(*KEYWORDS, groups=TOPICS)
    # Half of "maison relais" (covered_d 1/2) weighs a quarter, even though it is all the message says.
    assert scores(idx, "maison") == approx({"care": 0.25})
    # With a lower specific_idf, "beratung" (topic idf log 3) is fully specific too.
    assert scores(index(*KEYWORDS, groups=TOPICS, specific_idf=1.0), "beratung")["debts"] == pytest.approx(1.0)


@pytest.mark.parametrize(("kind", "weight"), [("keyword", 1.0), ("name", 1.05), ("topic", 0.95), ("alias", 1.0)])
def test_each_kind_of_phrase_has_its_weight(kind, weight):
    # Three services, three topics: "hellef" names one (topic idf log 4).
    idx = index(doc("bot", kind, "hellef"), doc("debts", "example", "dettes"), doc("youth", "example", "jeunes"))
    assert scores(idx, "hellef") == approx({"bot": weight * (0.6 + 0.4 * math.log(4) / 2.2)})


def test_a_score_is_at_most_one():
    # A name fully there and fully specific would score 1.05.
    idx = index(
        doc("bot", "name", "inter actions"), doc("debts", "example", "dettes"), doc("youth", "example", "jeunes")
    )
    assert scores(idx, "inter actions") == approx({"bot": 1.0})


def ranked_services(n: int) -> list[Doc]:
    """Service i: "aide" and i other words, so each scores less than the one before."""
    return [doc(f"s{i:02}", "example", " ".join(["aide", *(f"mot{i}x{j}" for j in range(i))])) for i in range(n)]


def test_the_best_services_come_first_up_to_the_limit():
    idx = index(*ranked_services(15))
    assert [m.service_id for m in idx.match(["aide"], limit=3)] == ["s00", "s01", "s02"]
    found = idx.match(["aide"])
    assert [m.service_id for m in found] == [f"s{i:02}" for i in range(12)]  # 12 by default
    assert found[0].score == pytest.approx(1.0)
    assert all(a.score > b.score for a, b in itertools.pairwise(found))


# --- the candidate budget -------------------------------------------------------------------------------------

BUDGET = examples(
    debts="dettes aide", housing="aide logement", youth="aide jeunes", family="conseil famille", budget="conseil budget"
)


def test_with_a_small_budget_commoner_words_only_score_candidates_already_found():
    # Postings: "dettes" 1, "conseil" 2, "aide" 3. The rarest words are read first, whatever their order.
    assert set(scores(index(*BUDGET), "aide dettes")) == {"debts", "housing", "youth"}
    tight = index(*BUDGET, candidate_budget=2)
    # "dettes" (1) brings "debts"; "aide" (1 + 3 > 2) then only scores it, fully.
    assert scores(tight, "aide dettes") == approx({"debts": 1.0})
    # Exactly the budget: "aide" is still read.
    assert set(scores(index(*BUDGET, candidate_budget=4), "aide dettes")) == {"debts", "housing", "youth"}
    # The budget counts every posting read: 1 + 2 = 3, then 3 + 3 > 5.
    found = scores(index(*BUDGET, candidate_budget=5), "aide conseil dettes")
    assert set(found) == {"debts", "family", "budget"}
    aide, conseil, dettes = math.log(1 + 5 / 3), math.log(1 + 5 / 2), math.log(1 + 5 / 1)
    assert found["debts"] == pytest.approx(example_score((aide + dettes) / (aide + conseil + dettes), 1.0))


def test_the_rarest_word_is_read_even_beyond_the_budget():
    assert set(scores(index(*BUDGET, candidate_budget=1), "aide")) == {"debts", "housing", "youth"}


def test_with_the_budget_spent_every_commoner_word_scores_the_candidates():
    idx = index(
        *examples(debts="dettes aide conseil", housing="aide logement", youth="aide jeunes", family="conseil famille"),
        candidate_budget=1,
    )
    # "dettes" brings "debts"; "conseil" and "aide" each add their own share of the message to it.
    assert scores(idx, "aide conseil dettes") == approx({"debts": 1.0})


def test_among_words_as_rare_the_word_as_typed_is_read_before_its_neighbours():
    docs = examples(debts="dettes", fees="dette")
    assert scores(index(*docs), "dettes") == approx({"debts": 1.0, "fees": 0.85})
    assert scores(index(*docs, candidate_budget=1), "dettes") == approx({"debts": 1.0})


def test_without_rules_the_index_takes_the_shipped_thresholds():
    assert IntentIndex([doc("debts", "example", "dettes")]).rules == Thresholds()
