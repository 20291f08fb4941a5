"""Crisis first: the phrases (typos, gaps, combinations) on their own, the learned model, the grades and the
numbers each kind leads to."""

from __future__ import annotations

import pytest

from bot.core.crisis import CrisisDetector
from bot.core.engine import Incoming
from bot.core.reply import Phones
from bot.core.state import ChatState


@pytest.fixture(scope="module")
def phrases_only(kb, engine) -> CrisisDetector:
    """The detector without its learned models: what the phrases and combinations of crisis.yaml catch."""
    return CrisisDetector(kb.crisis, engine.normalize.phrase)


def _kinds(detector: CrisisDetector, engine, text: str) -> tuple[str, ...]:
    signal = detector.check(engine.normalize(text).tokens)
    return signal.kinds if signal and signal.certain else ()


@pytest.mark.parametrize(
    "text",
    [
        "je veux mourrir",  # one typo in a long word
        "ich will sterbn",
        "i want to dye",  # short words must be exact: no typo there
        "ech well net mei liewe",
        "quero morer",
    ],
)
def test_phrases_tolerate_one_typo_in_words_of_five_letters_or_more(phrases_only, engine, text):
    expected = () if text == "i want to dye" else ("self",)
    assert _kinds(phrases_only, engine, text)[:1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "je veux vraiment tellement mourir",  # two words between the phrase's words
        "ich will einfach nur sterben",
        "i really just want to die",
        "ech wëll wierklech net méi liewen",
        "eu quero mesmo morrer",
    ],
)
def test_phrases_allow_two_other_words_between_their_words(phrases_only, engine, text):
    assert "self" in _kinds(phrases_only, engine, text)


def test_three_words_between_are_too_many(phrases_only, engine):
    assert _kinds(phrases_only, engine, "je veux vraiment tellement beaucoup mourir") == ()


@pytest.mark.parametrize(
    "text",
    [
        "i have pills and there is no point",
        "j'ai les cachets, plus aucun sens",
        "ech hunn d'Tabletten, et huet kee Sënn",
        "tenho os comprimidos prontos em cima da mesa",
        "Tabletten sind da, alles hat keinen Sinn",
    ],
)
def test_two_groups_of_a_combination_make_a_crisis_however_the_sentence_goes(phrases_only, engine, text):
    assert "self" in _kinds(phrases_only, engine, text)


def test_one_group_of_a_combination_alone_is_no_crisis(phrases_only, engine):
    assert _kinds(phrases_only, engine, "j'ai oublié mes cachets pour la tension") == ()


def test_figures_of_speech_are_taken_out_before_the_phrases(phrases_only, engine):
    assert _kinds(phrases_only, engine, "je suis mort de rire") == ()


def ask(engine, text: str, state: ChatState | None = None):
    return engine.answer(Incoming(text=text), state)


def numbers(reply) -> list[str]:
    return [line.number for block in reply.blocks if isinstance(block, Phones) for line in block.lines]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("mon bébé ne respire plus, il est tout bleu", "112"),
        ("il y a de la fumée partout dans l'escalier, ça brûle", "112"),
        ("my 8 year old son never came home from school, we can't find him anywhere", "116 000"),
        ("mon mari me frappe, je suis enfermée dans la salle de bain", "2060 1060"),
    ],
)
def test_each_kind_of_emergency_leads_to_its_own_line(engine, text, line):
    reply = ask(engine, text)
    assert reply.kind == "emergency"
    first = reply.blocks[0].text
    assert "112" in first and "113" in first  # in the first line, before anything else
    assert line in first or any(n.replace(" ", "").endswith(line.replace(" ", "")) for n in numbers(reply))


def test_danger_buried_in_a_long_debt_story_is_a_crisis(engine):
    text = (
        "Bonjour, j'ai perdu mon travail en mars, les factures s'accumulent, l'huissier est passé deux fois et "
        "ma banque refuse tout. Honnêtement je ne vois plus qu'une solution, partir pour de bon, ce soir peut-être."
    )
    assert ask(engine, text).kind == "emergency"


@pytest.mark.parametrize(
    "text", ["SOS dettes, je reçois des lettres de l'huissier", "le crédit me tue, aidez-moi à rembourser"]
)
def test_an_alarm_word_with_a_practical_need_gets_the_answer_under_a_help_line_header(engine, text):
    reply = ask(engine, text)
    assert reply.kind == "answer" and reply.services[0] == "surendettement"
    assert reply.header and "112" in reply.header
    assert reply.to_json()["helplines"] is True


def test_an_ordinary_question_carries_no_header(engine):
    reply = ask(engine, "où aide aux dettes ?")
    assert reply.header is None and reply.to_json()["helplines"] is False


def test_after_a_crisis_a_vague_message_gets_the_numbers_again_and_a_person(engine):
    first = ask(engine, "ech wëll net méi liewen")
    assert first.kind == "emergency" and first.state.care > 0
    again = ask(engine, "ech weess net wat ech maache soll", first.state)
    assert again.kind == "emergency"
    assert any(b.action.startswith("p:") for row in again.buttons for b in row)


def test_after_a_crisis_no_word_is_read_as_a_misspelt_place(engine):
    state = ask(engine, "ech wëll net méi liewen").state
    seen = engine.understand(engine.normalize("ech weess net wat ech maache soll"), state, exact_places=True)
    assert seen.places == []


def test_after_a_crisis_a_clear_need_is_answered_under_the_header(engine):
    state = ask(engine, "je me sens tellement seul, j'ai envie de mourir").state
    reply = ask(engine, "et en plus j'ai des dettes partout, qui peut m'aider pour ça ?", state)
    assert reply.kind == "answer" and reply.services[0] == "surendettement" and reply.header


def test_care_ends_after_its_turns(engine):
    state = ask(engine, "je veux mourir").state
    for _ in range(state.care):
        state = ask(engine, "où aide aux dettes ?", state).state
    assert state.care == 0
    assert ask(engine, "où aide aux dettes ?", state).header is None


def test_a_child_at_risk_is_marked_young(engine):
    assert ask(engine, "j'ai 13 ans et mon beau-père me touche la nuit").state.young
