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


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("einsam hier in Luxemburg, wo treffen sich junge Leute in Neudorf?", ["Neudorf/Weimershof"]),
        ("je vis à Luxembourg, quartier Bonnevoie", ["Bonnevoie-Sud"]),
    ],
)
def test_a_town_and_one_of_its_quarters_named_together_is_the_quarter(engine, text, where):
    assert places(engine, text) == where


@pytest.mark.parametrize("text", ["à Esch", "je suis a esch", "on a déménagé de Dudelange à Esch"])
def test_a_name_written_exactly_beats_a_longer_name_one_letter_away(engine, text):
    # "a esch" is one letter from the quarter "Al Esch"
    assert places(engine, text)[-1] == "Esch-sur-Alzette"


def test_two_towns_named_together_are_both_kept(engine):
    assert places(engine, "on a déménagé de Dudelange à Esch") == ["Dudelange", "Esch-sur-Alzette"]


def test_only_the_capital_says_less_than_another_place_named_with_it(engine):
    # Luxembourg is also the country; Esch is a town like any other, named first here
    assert places(engine, "neu in Luxemburg, wir wohnen in Düdelingen") == ["Dudelange", "Luxembourg"]
    assert places(engine, "eine Krippe in Esch, ich arbeite in Contern") == ["Esch-sur-Alzette", "Contern"]


def test_a_quarter_named_with_its_town_gets_the_house_of_the_quarter(engine):
    reply = engine.answer(engine_incoming("hier in Luxemburg, wo treffen sich junge Leute in Neudorf?"), fresh())
    assert reply.kind in ("answer", "nearest") and reply.services[0] == "mj-neudorf"


def engine_incoming(text: str):
    from bot.core.engine import Incoming

    return Incoming.parse_line(text)


def fresh():
    from bot.core.state import ChatState

    return ChatState()


@pytest.mark.parametrize(
    "text",
    [
        "i'm on a friends couch but cant stay there much longer",
        "my cousin goes to the one in grund, is that one better?",
    ],
)
def test_an_ordinary_word_one_letter_from_a_village_is_no_place(engine, text):
    assert "Linger" not in places(engine, text) and "Bettel" not in places(engine, text)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("wir ziehen im Sommer nach Weimershof", ["Neudorf/Weimershof"]),  # not Sommet, a quarter of Esch
        ("er ist lieber daheim in Mamer", ["Mamer"]),  # not Dalheim
        ("der Mensch vom Jugendhaus in Hollerich", ["Hollerich"]),  # not Mersch
        ("il aime pas marcher, on est a Clausen", ["Clausen"]),  # not Maacher
    ],
)
def test_a_dictionary_word_one_typo_from_a_town_is_that_word(engine, text, only):
    assert places(engine, text) == only


def test_the_dictionary_words_kept_from_places_are_the_knowledge_bases():
    """The engine reads knowledge/places/real_words.txt; without it, "sommer" is Sommet again."""
    import dataclasses

    import knowledge
    from bot.core.engine import Engine

    kb = knowledge.load(None)
    assert "sommer" in kb.real_words
    bare = Engine(dataclasses.replace(kb, real_words=frozenset()))
    assert [m.place.name for m in bare.gazetteer.find(("im", "sommer"))] == ["Sommet"]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("je suis a Dudelnge", "Dudelange"),
        ("mir wunnen zu Gasperch", "Gasperich"),
    ],
)
def test_a_typo_in_a_town_or_quarter_is_forgiven(engine, text, town):
    assert places(engine, text) == [town]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("we came to Luxembourg two years ago and live in Diekirch now", "Diekirch"),
        ("nei zu Lëtzebuerg, mir wunnen zu Mamer", "Mamer"),
    ],
)
def test_a_city_of_many_quarters_named_with_another_place_comes_last(engine, text, first):
    """Luxembourg is also the country's name: the other place says where the person is."""
    assert places(engine, text)[0] == first


@pytest.mark.parametrize(
    "text",
    [
        "just moved to Luxembourg, living in Esch with my sister",
        "nouvelle au Luxembourg, on habite à Esch",
        "Luxemburgo é caro, moramos em Esch",
    ],
)
def test_the_capital_named_with_another_town_of_many_quarters_comes_last(engine, text):
    """Esch has quarters too, but the capital's name is also the country's."""
    assert places(engine, text)[0] == "Esch-sur-Alzette"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Meine Tochter ist von Wiltz zu ihrem Vater nach Bonneweg gezogen", "Bonnevoie-Sud"),
        ("we moved from Clervaux to Mersch last month", "Mersch"),
        ("mir si vu Gréiwemaacher op Bouneweg geplënnert", "Bonnevoie-Sud"),
        # languages.yaml `leaves` and `moves`
        ("nous quittons Wiltz pour Bonnevoie en juin", "Bonnevoie-Sud"),
        ("on part de Clervaux pour Mersch à la rentrée", "Mersch"),
        ("ech schaffen zu Manternach mee mir plënneren op Diddeleng", "Dudelange"),
        ("I work in Mamer but we are moving to Esch next month", "Esch-sur-Alzette"),
    ],
)
def test_a_place_someone_comes_from_or_leaves_comes_after_and_one_moved_to_before_the_others(engine, text, first):
    """The need is where the person is now, or will live."""
    assert places(engine, text)[0] == first


def test_a_place_moved_to_that_is_the_capital_still_says_less(engine):
    assert places(engine, "we just moved to Luxembourg and live in Esch")[0] == "Esch-sur-Alzette"


def test_a_place_said_after_from_alone_is_still_the_place(engine):
    assert places(engine, "how do I get there from Bonnevoie") == ["Bonnevoie-Sud"]


def test_a_town_of_many_quarters_is_divided_and_its_quarters_are_not(engine, kb):
    by_name = {p.name: p for p in kb.places}
    assert engine.gazetteer.divided(by_name["Luxembourg"])
    assert not engine.gazetteer.divided(by_name["Bonnevoie-Sud"])
    assert not engine.gazetteer.divided(by_name["Sandweiler"])


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("on habite a diferd ange", ["Differdange"]),
        ("mir wunnen zu gaas perch", ["Gasperich"]),
        ("on habite a dudl ange", ["Dudelange"]),
        ("mir wunnen zu bone weg", ["Bonnevoie-Sud"]),
    ],
)
def test_a_place_name_cut_in_two_by_dictation_is_still_the_place(engine, text, where):
    assert places(engine, text) == where


@pytest.mark.parametrize(
    "text", ["ich weiß gar nicht wo anfangen", "kënnt dir mer och hëllefen", "weil er nicht fragt"]
)
def test_two_ordinary_words_glued_together_are_no_place(engine, text):
    assert places(engine, text) == []


def test_a_name_of_three_words_is_found_with_a_typo_and_other_spans_are_not_looked_up():
    from bot.core.places import Gazetteer
    from knowledge.model import Place

    gazetteer = Gazetteer([Place("Mont Saint Martin", "quarter", "Testville", 49.6, 6.1)], frozenset({"au"}))
    looked_up = []
    lookup = gazetteer._fuzzy.lookup
    gazetteer._fuzzy.lookup = lambda key: looked_up.append(key) or lookup(key)
    found = gazetteer.find(("on", "vit", "au", "mont", "saint", "martn"))
    assert [(m.place.name, m.exact) for m in found] == [("Mont Saint Martin", False)]
    # a span of three words or more is looked up only with a word of such a name in it
    assert "on vit au" not in looked_up and "vit au mont" in looked_up


@pytest.mark.parametrize(
    ("text", "apart"),
    [("on habite à Esch au Brill", ["Esch-sur-Alzette"]), ("c'est près de la gare de Dudelange ?", ["Gare"])],
)
def test_a_name_made_more_precise_by_another_is_still_a_place_name(engine, text, apart):
    places, also_named = engine.gazetteer.find_all(engine.normalize(text).words)
    assert [m.place.name for m in also_named] == apart
    assert not set(apart) & {m.place.name for m in places}


@pytest.mark.parametrize(
    "text",
    [
        "je cherche une creche pour ma fille de 1 an, on habite a esch au brill",
        "moramos em Esch no Brill e preciso de uma creche para o bebé",
    ],
)
def test_a_town_named_with_its_quarter_is_no_word_of_the_project_named_after_both(engine, text):
    # "Ensemble Al Esch–Brill–Grenz" is named after the town and the quarter: here a crèche in Esch is asked for
    reply = engine.answer(engine_incoming(text), fresh())
    assert reply.kind == "answer" and reply.services[0] == "foyer-kannervilla"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("ech wunnen zu Kockelscheier", "Kockelscheuer"),
        ("mir wunnen zu Zolwer", "Soleuvre"),
        ("ech sinn vun Houwald", "Howald"),
    ],
)
def test_villages_are_found_by_their_luxembourgish_names(engine, text, where):
    """Villages are matched exactly (no typo forgiven), so their Luxembourgish names are listed in places.yaml."""
    assert places(engine, text) == [where]


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("meng Duechter ass 7 Joer al, ech sichen eng Betreiung am Gronn", ["Grund"]),  # "al ech" is no Al Esch
        ("kannerbetreiung al esh", ["Al Esch"]),  # a typo in the name itself is still forgiven
    ],
)
def test_a_name_of_several_words_is_not_read_into_real_words_by_a_typo(engine, text, only):
    assert places(engine, text) == only


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("wat kann een zu Gaasperech maache wann een 14 ass?", ["Gasperich"]),  # "maache" is "maachen", no Maacher
        ("ech weess net wat ech maache soll", []),
    ],
)
def test_a_word_without_its_final_n_is_no_misspelt_place(engine, text, only):
    assert "maachen" in engine.gazetteer.known_words
    assert places(engine, text) == only


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("mir wunnen zu Kapellen", ["Capellen"]),  # a village by its Luxembourgish name
        ("on habite à Lallange, à Esch", ["Lalleng"]),  # a quarter of Esch by its French name
        ("wir wohnen in Tetingen", ["Tétange"]),
    ],
)
def test_villages_and_quarters_are_found_by_their_local_names(engine, text, where):
    assert places(engine, text) == where


def test_a_luxembourgish_word_one_letter_from_a_town_is_no_town(engine):
    assert places(engine, "et feelen mir Suen fir de Loyer") == []  # "feelen" (missing), not Feulen


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("mir wunnen zu Rollengen bei Miersch", "Rollingen"),
        ("moro em roleng perto de mersch", "Rollingen"),
    ],
)
def test_a_misspelt_village_is_found_where_its_commune_is_named_too(engine, text, first):
    assert places(engine, text)[0] == first


def test_a_misspelt_village_alone_or_an_ordinary_word_near_its_commune_is_no_place(engine):
    assert places(engine, "une crèche à Rollengen") == []
    assert "Linger" not in places(engine, "i live in Petange but cant stay there much longer")
