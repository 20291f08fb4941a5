from __future__ import annotations

from bot.core.learned import Task
from bot.core.place_names import PlaceNames
from knowledge.model import Place


def _place(name: str, *aliases: str) -> Place:
    return Place(name=name, kind="quarter", commune="Luxembourg", latitude=49.6, longitude=6.1, aliases=aliases)


def test_a_house_learned_a_place_when_one_of_its_texts_names_it_by_any_of_its_names():
    task = Task(
        texts=("mon fils traine a hamm", "jugendhaus am kierchbierg", "an der weimershof", "hamm dettes"),
        labels=("mj-sandweiler", "mj-neudorf", "mj-neudorf", "surendettement"),
    )
    names = PlaceNames(task, lambda sid: sid.startswith("mj-"))  # debts are no kind that is a place
    assert names.learned_for(_place("Hamm")) == {"mj-sandweiler"}
    assert names.learned_for(_place("Kirchberg", "Kierchbierg")) == {"mj-neudorf"}
    assert names.learned_for(_place("Weimerskirch")) == frozenset()  # "weimershof" only looks like it


def test_no_service_model_no_place_learned():
    assert PlaceNames(None, lambda sid: True).learned_for(_place("Hamm")) == frozenset()
