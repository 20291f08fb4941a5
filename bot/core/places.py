"""Finding a place of Luxembourg in a message: any name or alias of the gazetteer, tolerant of small typos."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.fuzzy import FuzzyVocabulary
from bot.core.normalize import fold
from knowledge.model import Place

MAX_NAME_WORDS = 4
# Names that are also ordinary words ("hamm", "park", "bill") count only after a word like "à", "zu", "in".
PLACE_PREPOSITIONS = frozenset(
    [
        "a",
        "au",
        "aux",
        "en",
        "pres",
        "vers",
        "de",
        "du",
        "dans",
        "sur",
        "zu",
        "am",
        "an",
        "in",
        "bei",
        "em",
        "op",
        "near",
        "at",
        "around",
        "around",
        "em",
        "no",
        "na",
        "perto",
        "ao",
        "da",
        "do",
        "um",
        "vun",
    ]
)
KIND_RANK = {"commune": 0, "quarter": 1, "locality": 2}
# Between a station and its town: "gare d'Esch", "Bahnhof vun Ettelbréck", "station in Mersch".
OF_WORDS = frozenset(["d", "de", "du", "da", "do", "des", "von", "vu", "vun", "of", "in", "a", "zu", "em", "am"])
# Words that say where someone comes from ("von Wiltz nach Bonneweg gezogen", "moved from Clervaux to Mersch"): the
# need is where they are now. Not the French and Portuguese "de", which says "of" as often ("près de Bonnevoie").
FROM_WORDS = frozenset(["from", "von", "aus", "vu", "vun", "desde"])


@dataclass(frozen=True)
class PlaceMatch:
    place: Place
    start: int  # first and last word of the message that named it
    end: int
    exact: bool
    key: str = ""  # the gazetteer name matched (folded)
    lang: str | None = None  # the language of the name used ("Bouneweg": lb), when it has one


class Gazetteer:
    """Every folded name and alias of every place, looked up by word n-grams of the message."""

    def __init__(
        self,
        places: Iterable[Place],
        common_words: frozenset[str],
        leaves: Iterable[str] = (),
        moves: Iterable[str] = (),
    ) -> None:
        """`leaves`, `moves`: languages.yaml's words of leaving a place and of moving to one (folded)."""
        self._leaves = frozenset(tuple(p.split()) for p in leaves if p.split())
        self._moves = frozenset(moves)
        self._names: dict[str, list[Place]] = defaultdict(list)
        places = list(places)
        quarters = Counter(p.commune for p in places if p.kind == "quarter")
        self._divided = frozenset(quarters)
        # The city of most quarters also names the country: "new in Luxembourg, living in Esch" means Esch.
        self._capital = max(quarters, key=quarters.__getitem__) if quarters else None
        self._langs: dict[str, str] = {}
        for place in places:
            for name in (place.name, *place.aliases):
                key = fold(name)
                if key and place not in self._names[key]:
                    self._names[key].append(place)
            for alias, lang in place.alias_langs:
                self._langs[fold(alias)] = lang
        self._common = frozenset(k for k in self._names if k in common_words or len(k) <= 3)
        self._common_words = common_words
        # Typos are forgiven in the names of towns and quarters; a village must be spelt right: ordinary words of
        # five languages lie one letter from hundreds of them ("longer" Linger, "better" Bettel, "stehen" Stegen).
        self._fuzzy = FuzzyVocabulary(
            k
            for k, named in self._names.items()
            if len(k) >= 6 and k not in self._common and any(p.kind != "locality" for p in named)
        )
        # A village's name may have a typo where its commune is named too ("Rollengen bei Miersch"): the commune
        # confirms what no ordinary word then stands for.
        self._fuzzy_villages = FuzzyVocabulary(
            k
            for k, named in self._names.items()
            if len(k) >= 6 and " " not in k and k not in self._common and all(p.kind == "locality" for p in named)
        )
        # One typo leaves all but one or two words of a name of three words or more as they are: a span of three or
        # more words none of which is a word of such a name is no misspelt name (most spans of a long message).
        self._fuzzy_name_words = frozenset(w for k in self._fuzzy.words() if " " in k for w in k.split())
        self.known_words: frozenset[str] = frozenset()  # real words: never read as a misspelt place

    def named(self, name: str) -> Place | None:
        """The place of this official name (the one a conversation remembers), if the gazetteer still has it."""
        return next((p for p in self._names.get(fold(name), []) if p.name == name), None)

    def find(self, words: tuple[str, ...]) -> list[PlaceMatch]:
        """Places named in the message (longest names first, no overlaps), in message order, a town of many
        quarters last."""
        return self.find_all(words)[0]

    def find_all(self, words: tuple[str, ...]) -> tuple[list[PlaceMatch], list[PlaceMatch]]:
        """The places of `find`, and the names said that another place makes more precise: the town of a quarter
        named too ("Esch, am Brill") and the station of a town ("la gare de Dudelange"). Those are still place
        names, never words of a need: "esch" next to "Brill" must not read as the community project of Al
        Esch–Brill–Grenz."""
        taken: set[int] = set()
        matches: list[PlaceMatch] = []
        # Names written exactly first: "à Esch" is Esch, not "Al Esch" one letter away.
        for fuzzy in (False, True):
            for n in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
                for start in range(len(words) - n + 1):
                    span = range(start, start + n)
                    if taken.intersection(span):
                        continue
                    match = self._match(words, start, n, fuzzy)
                    if match is not None:
                        matches.append(match)
                        taken.update(span)
        matches += self._villages_of_communes_named(words, matches, taken)
        mentioned = {m.place.commune for m in matches}
        resolved = [
            PlaceMatch(self._choose(m.place, m.key, mentioned), m.start, m.end, m.exact, m.key, self._langs.get(m.key))
            for m in matches
        ]
        named = self._without_generic_quarters(words, resolved)
        kept = sorted(self._without_containing_towns(named), key=lambda m: m.start)

        # The capital, whose name is also the country's, says less than another place named with it ("new in
        # Luxembourg, we live in Dudelange"). Another town of many quarters does not: "Tagesbetreuung in Esch. Ich
        # arbeite in Contern" wants Esch (frozen sets, counts: +6 -1; dev +2). A place someone comes from or leaves
        # ("quittons Diekirch") comes after the others, one they move to ("je déménage à Esch") before the others that
        # say as much. The sort is stable: otherwise the first named first.
        def says_less(m: PlaceMatch) -> tuple[bool, bool, bool]:
            if len(kept) == 1:
                return False, False, False
            before = words[max(0, m.start - 3) : m.start]
            left = bool(before) and (before[-1] in FROM_WORDS or self._left(before))
            moved_to = not self._moves.isdisjoint(before)
            return left, m.place.name == self._capital, not moved_to

        return sorted(kept, key=says_less), [m for m in resolved if m not in kept]

    def _left(self, before: tuple[str, ...]) -> bool:
        """The words before a place end with a phrase of leaving it ("quittons", "part de")."""
        return any(before[-len(p) :] == p for p in self._leaves if len(p) <= len(before))

    def _villages_of_communes_named(
        self, words: tuple[str, ...], matches: list[PlaceMatch], taken: set[int]
    ) -> list[PlaceMatch]:
        """Villages one typo from a word of the message, in a commune the message names ("mir wunnen zu Rollengen
        bei Miersch", "roleng perto de mersch")."""
        communes = {m.place.commune for m in matches}
        found: list[PlaceMatch] = []
        if not communes:
            return found
        for at, word in enumerate(words):
            if at in taken or len(word) < 6 or word in self.known_words:
                continue
            for name, _ in self._fuzzy_villages.lookup(word):
                place = next((p for p in self._names[name] if p.commune in communes), None)
                if place is not None:
                    found.append(PlaceMatch(place, at, at, exact=False, key=name))
                    break
        return found

    def divided(self, place: Place) -> bool:
        """A town of many quarters (Luxembourg, Esch-sur-Alzette), not one of them."""
        return place.kind == "commune" and place.name in self._divided

    @staticmethod
    def _without_containing_towns(matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """A town and one of its own quarters or localities ("einsam hier in Luxemburg, ... in Neudorf", "Esch,
        am Brill"): the quarter says where the person is."""
        within = {m.place.commune for m in matches if m.place.kind != "commune"}
        return [m for m in matches if m.place.kind != "commune" or m.place.commune not in within]

    @staticmethod
    def _without_generic_quarters(words: tuple[str, ...], matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """A quarter of one town said just before another town ("la gare de Dudelange", "Bahnhof Ettelbréck",
        "perto da gare d esch") names that town's station or centre: the town is meant, not the quarter."""

        def of_town(m: PlaceMatch, town: PlaceMatch) -> bool:
            between = words[m.end + 1 : town.start]
            return town.start > m.end and all(w in OF_WORDS for w in between) and len(between) <= 2

        towns = [m for m in matches if m.place.kind == "commune"]
        return [
            m
            for m in matches
            if m.place.kind != "quarter" or not any(t.place.commune != m.place.commune and of_town(m, t) for t in towns)
        ]

    def _match(self, words: tuple[str, ...], start: int, n: int, fuzzy: bool) -> PlaceMatch | None:
        key = " ".join(words[start : start + n])
        end = start + n - 1
        if key in self._names:
            if fuzzy or (key in self._common and not self._introduced(words, start, n)):
                return None
            return PlaceMatch(self._names[key][0], start, end, exact=True, key=key)
        if fuzzy and len(key) >= 6 and key not in self.known_words and self._may_be_misspelt(words, start, n):
            found = self._misspelt(key, start, end)
            if found:
                return found
        if fuzzy and n == 2:
            return self._split(words, start)
        return None

    def _may_be_misspelt(self, words: tuple[str, ...], start: int, n: int) -> bool:
        """Whether `n` words from `start` may be one typo from a name: a typo joins, splits or changes one word, so
        a span of three words or more keeps a word of the name it is one typo from (two words may be one name
        split in two: "bonne voie")."""
        return n < 3 or not self._fuzzy_name_words.isdisjoint(words[start : start + n])

    def _misspelt(self, key: str, start: int, end: int) -> PlaceMatch | None:
        """The town or quarter one typo from `key`, if any, where the typo is in no real word: "7 Joer al, ech
        sichen" is no Al Esch, for "ech" is a word; "al esh" is."""
        found = [name for name, _ in self._fuzzy.lookup(key) if not self._changes_a_word(key, name)]
        return PlaceMatch(self._names[found[0]][0], start, end, exact=False, key=found[0]) if found else None

    def _changes_a_word(self, said: str, name: str) -> bool:
        """Whether reading the words `said` as the `name` of as many words changes a real word of them."""
        words, meant = said.split(), name.split()
        return len(words) == len(meant) > 1 and any(
            w != m and w in self.known_words for w, m in zip(words, meant, strict=True)
        )

    def _split(self, words: tuple[str, ...], start: int) -> PlaceMatch | None:
        """A town's or quarter's name cut in two, as dictation and phone keyboards do ("bone voie", "Diddel
        eng"): the two words glued together read as the name, exactly or with a typo."""
        if words[start] in self._common_words or words[start + 1] in self._common_words:
            return None  # "gar nicht" is no Garnich, "mer och" no Mersch
        glued = words[start] + words[start + 1]
        if glued in self.known_words or len(glued) < 6:
            return None
        if glued in self._names and glued not in self._common:
            return PlaceMatch(self._names[glued][0], start, start + 1, exact=False, key=glued)
        return self._misspelt(glued, start, start + 1)

    @staticmethod
    def _introduced(words: tuple[str, ...], start: int, n: int) -> bool:
        return len(words) == n or (start > 0 and words[start - 1] in PLACE_PREPOSITIONS)

    def _choose(self, first: Place, key: str, mentioned: set[str]) -> Place:
        """Where a name is shared ("Neiduerf": Neudorf in the city, a quarter of Esch), prefer the place whose
        commune the message also names, then the alias written for it, then communes over quarters."""
        candidates = self._names.get(key) or [first]
        if len(candidates) == 1:
            return candidates[0]
        by_commune = [p for p in candidates if p.commune in mentioned and p.name != p.commune]
        if by_commune:
            return by_commune[0]
        aliased = [p for p in candidates if key in {fold(a) for a in p.aliases}]
        pool = aliased or candidates
        return min(pool, key=lambda p: (KIND_RANK.get(p.kind, 3), p.commune != "Luxembourg"))

    def is_name(self, key: str) -> bool:
        return key in self._names

    def misspelt(self, key: str) -> str | None:
        """The name of a town or quarter one typo from `key` (a word of the message, folded), if typos are forgiven
        there: what a real word must not be read as (knowledge/places/real_words.txt)."""
        found = self._fuzzy.lookup(key) if len(key) >= 6 else []
        return found[0][0] if found else None
