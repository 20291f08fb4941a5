"""What a studied development set teaches, and what it never does."""

from __future__ import annotations

from pathlib import Path

import knowledge
from benchmarks.eval.study import Studied, collect, first_of_one_kind, studied

SINGLE = """lang\texpected\ttext
fr\tsvc:surendettement\tles huissiers m appellent tous les jours
de\tsvc:mj-gare|mj-bonnevoie\tgibt es ein jugendhaus am bahnhof
en\tkind:fallback\thow do i renew my passport
pt\tkind:smalltalk\tobrigada
-\tsvc:mj-gare\tgeo:49.6,6.13
"""

CONVERSATIONS = """lang\texpected\tconv\ttext
fr\tsvc:surendettement\tc1\tj'ai trop de crédits
fr\tsvc:surendettement\tc1\tc'est gratuit ?
fr\tsvc:mj-gare\tc1\tet mon fils de 14 ans, il traîne à la gare
fr\t-\tc2\tbonjour
lb\tsvc:sefia\tc2\tmir hunn Problemer mat eisem Jong
"""

CRISIS = """lang\texpected\ttype\ttext
en\tkind:emergency\tfire\tsmoke everywhere in the stairs
en\tsvc:surendettement\tfigure\tthese bills are killing me
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_row_goes_where_the_models_read_it(tmp_path: Path) -> None:
    single = list(studied(_write(tmp_path, "dev9_single.tsv", SINGLE)))
    assert single == [
        Studied("messages", "fr", "surendettement", "les huissiers m appellent tous les jours"),
        Studied("out_of_scope", "en", "studied", "how do i renew my passport"),
    ]  # several services allowed, small talk and a location teach nothing
    conversations = list(studied(_write(tmp_path, "dev9_conversations.tsv", CONVERSATIONS)))
    assert conversations == [
        Studied("messages", "fr", "surendettement", "j'ai trop de crédits"),
        Studied("follow_ups", "fr", "studied", "c'est gratuit ?"),
        Studied("messages", "fr", "mj-gare", "et mon fils de 14 ans, il traîne à la gare"),
        Studied("messages", "lb", "sefia", "mir hunn Problemer mat eisem Jong"),  # a first turn after an unjudged one
    ]
    crisis = list(studied(_write(tmp_path, "dev9_crisis.tsv", CRISIS)))
    assert crisis == [Studied("crisis_corpus", "en", "fire", "smoke everywhere in the stairs")]  # no near-miss


def test_a_message_measured_elsewhere_or_already_known_is_never_taken(tmp_path: Path) -> None:
    path = _write(tmp_path, "dev9_single.tsv", SINGLE)
    knowledge = tmp_path / "knowledge"
    (knowledge / "messages").mkdir(parents=True)
    (knowledge / "out_of_scope").mkdir()
    _write(knowledge / "out_of_scope", "en.yaml", 'passport:\n  - "How do I renew my passport?"\n')
    frozen = {"les huissiers m appellent tous les jours"}  # folded, as a frozen test set's message
    assert collect([path], frozen, knowledge) == {}


def test_several_services_of_one_kind_that_is_no_place_teach_the_first_named(
    kb: knowledge.Knowledge, tmp_path: Path
) -> None:
    teach = first_of_one_kind(kb)
    assert teach("svc:schlaifmillen|polygone") == "schlaifmillen"  # work: one kind, no place
    assert teach("svc:surendettement") == "surendettement"
    assert teach("svc:foyer-obenthalt|wanteraktioun|streetwork") is None  # a shelter or the street workers
    assert teach("svc:mj-gare|mj-bonnevoie") is None  # houses of a kind that is a place: the place decides
    assert teach("cat:youth") is None and teach("kind:fallback") is None
    rows = "lang\texpected\ttext\nen\tsvc:schlaifmillen|polygone\ti am 19 and want to learn a trade\n"
    path = _write(tmp_path, "dev9_single.tsv", rows)
    assert list(studied(path, teach)) == [
        Studied("messages", "en", "schlaifmillen", "i am 19 and want to learn a trade")
    ]
    assert list(studied(path)) == []  # by default, one service only


MID_CHAT = """lang\texpected\tconv\ttext
fr\tsvc:mj-gare\tc1\tune maison des jeunes à la gare ?
fr\tkind:fallback\tc1\tok merci. et pour le titre de séjour je vais où ?
fr\tkind:emergency\tc2\tje veux mourir
fr\tkind:fallback\tc2\tje sais pas quoi faire du tout
"""


def test_a_later_turn_that_is_not_ours_teaches_what_is_not_ours_without_its_thanks(tmp_path: Path) -> None:
    rows = list(studied(_write(tmp_path, "dev9_conversations.tsv", MID_CHAT), courtesy=frozenset({"ok", "merci"})))
    assert rows == [
        Studied("messages", "fr", "mj-gare", "une maison des jeunes à la gare ?"),
        Studied("out_of_scope", "fr", "studied", "et pour le titre de séjour je vais où ?"),
    ]  # not a turn of care after an emergency
