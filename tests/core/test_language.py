"""Language detection: Luxembourgish is never taken for German when it is clearly Luxembourgish."""

from __future__ import annotations

import pytest

from bot.core.engine import Incoming
from bot.core.state import ChatState

CLEAR_LUXEMBOURGISH = [
    "ech sichen eng Aarbecht",
    "wou ass d'Jugendhaus",
    "mäi Kand brauch Hëllef bei den Hausaufgaben",
    "ech hunn keng Wunneng méi",
    "kënnt Dir mir hëllefen",
    "gëtt et eng Maison relais zu Miersch",
    "ech hu Scholden a weess net wat maachen",
    "wéi kann ech Iech uruffen",
    "mir wunnen zu Bouneweg",
    "wou kann ech haut schlofen",
    "meng Duechter ass 14 Joer al",
    "hutt Dir eng Telefonsnummer",
    "ech verstinn dat net",
    "wat kascht dat",
    "ass dat gratis",
    "Jugendhaus am Pafendall",
    "ech wëll mat engem schwätzen",
    "moien, ech hunn eng Fro",
    "villmools merci fir d'Hëllef",
    "mir brauchen eng Kannerbetreiung fir eise Jong",
]


@pytest.mark.parametrize("text", CLEAR_LUXEMBOURGISH)
def test_clear_luxembourgish_is_luxembourgish(engine, text):
    assert engine.answer(Incoming(text=text), ChatState()).lang == "lb"


@pytest.mark.parametrize(
    "text",
    [
        "Ich suche eine Arbeit",
        "Wo ist das Jugendhaus?",
        "Ich habe Schulden",
        "Können Sie mir helfen?",
        "Jugendhaus in Düdelingen",
        "Mein Kind braucht Hilfe bei den Hausaufgaben",
    ],
)
def test_german_stays_german(engine, text):
    assert engine.answer(Incoming(text=text), ChatState()).lang == "de"


def test_detection_is_deterministic(engine):
    text = "mon fils cherche un Jugendhaus"
    assert len({engine.answer(Incoming(text=text), ChatState()).lang for _ in range(20)}) == 1


@pytest.mark.parametrize(
    ("first", "lang"),
    [
        ("moien, mäi Jong ass 15 an hänkt just doheem, gëtt et e Jugendhaus zu Gaasperech?", "lb"),
    ],
)
def test_thanks_in_words_of_many_languages_keep_the_chats_language(engine, first, lang):
    # "merci" is Luxembourgish and French, "top" and "bis" are said in many languages: the chat's own stays
    state = engine.answer(Incoming(text=first), ChatState()).state
    assert state.lang == lang
    for thanks in ("top merci, bis dann", "merci du bass top"):
        reply = engine.answer(Incoming(text=thanks), state)
        assert reply.kind == "smalltalk" and reply.lang == lang, thanks


def test_a_whole_sentence_in_another_language_still_switches_the_chat(engine):
    state = engine.answer(Incoming(text="bonjour, il y a une maison des jeunes à Gasperich ?"), ChatState()).state
    reply = engine.answer(Incoming(text="obrigado, e a que horas abre? o meu filho só fala português"), state)
    assert reply.lang == "pt"


@pytest.mark.parametrize(("text", "lang"), [("merci", "fr"), ("Hallo", "de"), ("obrigado", "pt"), ("thanks", "en")])
def test_one_short_word_opening_a_chat_is_read_by_its_own_language_not_by_letter_patterns(engine, text, lang):
    # langdetect's letter patterns read "merci" as Portuguese and "Hallo" as English: one word is too little for them
    assert engine.answer(Incoming(text=text), ChatState()).lang == lang
