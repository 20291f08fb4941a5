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
