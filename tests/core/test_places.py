"""Places named in a message (bot/core/places.py): local names, and which place a name means."""

from __future__ import annotations

import pytest


def places(engine, text: str) -> list[str]:
    return [m.place.name for m in engine.gazetteer.find(engine.normalize(text).words)]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("c'est près de la gare de Dudelange ?", "Dudelange"),
        ("Bahnhof Ettelbréck", "Ettelbruck"),
        ("fica perto da gare d esch", "Esch-sur-Alzette"),
    ],
)
def test_a_station_named_with_its_town_is_that_town_not_the_citys_gare_quarter(engine, text, town):
    assert places(engine, text) == [town]


@pytest.mark.parametrize("text", ["maison des jeunes gare", "je suis à la gare, ensuite Esch"])
def test_the_gare_quarter_alone_or_apart_from_a_town_stays_the_quarter(engine, text):
    assert places(engine, text)[0] == "Gare"
