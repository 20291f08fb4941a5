"""What the engine indexes, built once from the knowledge base: phrases, their terms and their languages."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from bot.core.intents import Doc
from bot.core.normalize import Normalizer, fold
from bot.core.places import Gazetteer, PlaceMatch
from knowledge.model import Knowledge, Topic


def phrases(kb: Knowledge) -> Iterator[tuple[str, str, str, str | None]]:
    """(service id, kind, text, lang) for every phrase that describes a service; a topic's words count for
    each of its services."""
    for service in kb.services:
        for lang, examples in service.examples.items():
            for text in examples:
                yield service.id, "example", text, lang
        for lang, keywords in service.keywords.items():
            for text in keywords:
                yield service.id, "keyword", text, lang
        for lang, name in service.name.items():
            yield service.id, "name", name, lang
        for name in service.alternate_name:
            yield service.id, "name", name, None
    for topic in kb.topics:
        for lang, keywords in topic.keywords.items():
            for text in keywords:
                for sid in topic.services:
                    yield sid, "topic", text, lang


def primary_topics(kb: Knowledge) -> dict[str, str]:
    """Each service's first topic (its category when no topic lists it)."""
    out: dict[str, str] = {}
    for topic in kb.topics:
        for sid in topic.services:
            out.setdefault(sid, topic.id)
    for service in kb.services:
        out.setdefault(service.id, service.category)
    return out


def content_words(words: tuple[str, ...], places: list[PlaceMatch]) -> tuple[str, ...]:
    """The words of a message that are not part of a place name."""
    taken = {i for m in places for i in range(m.start, m.end + 1)}
    return tuple(w for i, w in enumerate(words) if i not in taken)


def build_docs(kb: Knowledge, terms: Callable[[str], tuple[str, ...] | None]) -> list[Doc]:
    """One document of content words per distinct phrase. `terms` reads a phrase (`phrase_terms`); the engine
    passes it through its readings, so a topic's words, phrases of each of its services, are read once."""
    seen = set()
    docs = []
    for sid, kind, text, _ in phrases(kb):
        found = terms(text)
        if found is None:
            continue
        if found and (sid, kind, found) not in seen:
            seen.add((sid, kind, found))
            docs.append(Doc(sid, kind, found))
    return docs


def phrase_terms(
    normalize: Normalizer, gazetteer: Gazetteer, meaningful: Callable[[str], bool], text: str
) -> tuple[str, ...] | None:
    """A phrase's content words without its place names (they rank by distance); None for a place and one word
    ("rue de Clausen", "MJ Gasperich"): without the place, that is no phrase of the service."""
    words = tuple(fold(text).split())
    places = gazetteer.find(words)
    terms = tuple(dict.fromkeys(t for t in normalize.expand(content_words(words, places)) if meaningful(t)))
    return None if places and len(terms) <= 1 else terms


def partner_docs(kb: Knowledge, normalize: Normalizer, meaningful: Callable[[str], bool]) -> list[Doc]:
    """One document per keyword and name of each referral partner (knowledge/partners.yaml)."""
    docs = []
    for partner in kb.partners:
        texts = [("keyword", t) for words in partner.keywords.values() for t in words]
        texts += [("name", t) for t in partner.name.values()]
        for kind, text in texts:
            terms = tuple(dict.fromkeys(t for t in normalize.phrase(text) if meaningful(t)))
            if terms:
                docs.append(Doc(partner.id, kind, terms))
    return docs


def knowledge_words(kb: Knowledge, gazetteer: Gazetteer) -> frozenset[str]:
    """Every word the knowledge base uses, except exact place names."""
    words = {w for _, _, text, _ in phrases(kb) for w in fold(text).split()}
    return frozenset(w for w in words if not gazetteer.is_name(w))


def proper_name_words(kb: Knowledge) -> frozenset[str]:
    """Words of service names left untranslated in three languages or more ("Klengt", "Butzenhaus"): they say
    nothing about the language of a message that quotes them."""
    words: set[str] = set()
    for service in kb.services:
        counts = Counter(w for text in service.name.values() for w in set(fold(text).split()))
        words |= {w for w, n in counts.items() if n >= 3 and len(w) > 2}
    return frozenset(words)


def own_name_words(kb: Knowledge) -> dict[str, frozenset[str]]:
    """Per service, the words of its names no other service's names have ("krounebierg", not "maison" or "relais"):
    a message with one of them names that service."""
    words = {
        s.id: {w for text in (*s.name.values(), *s.alternate_name) for w in fold(text).split() if len(w) > 2}
        for s in kb.services
    }
    counts = Counter(w for ws in words.values() for w in ws)
    return {sid: frozenset(w for w in ws if counts[w] == 1) for sid, ws in words.items()}


def one_offer_words(kb: Knowledge, topic: Topic, is_place: Callable[[str], bool]) -> dict[str, frozenset[str]]:
    """Per service of a topic that is one kind of offer at several places, the words of its names and keywords that
    no other of them has and that name it: a place ("pafendall", "gronn") or a word its name keeps in three
    languages or more and no other service's examples use ("annexe", "river"); not "jugendhaus", nor "travail" of
    "Travail communautaire Grund"."""
    told: Counter[str] = Counter()  # in how many services' examples a word is
    for service in kb.services:
        told.update({w for texts in service.examples.values() for text in texts for w in fold(text).split()})
    own: dict[str, set[str]] = {}
    for sid in topic.services:
        service = kb.service(sid)
        kept = Counter(w for text in service.name.values() for w in set(fold(text).split()))
        mine = {w for texts in service.examples.values() for text in texts for w in fold(text).split()}
        texts = [*service.name.values(), *service.alternate_name, *(k for ks in service.keywords.values() for k in ks)]
        said = {w for text in texts for w in fold(text).split() if len(w) > 2}
        # a name's word that other services' examples use is a word of the language ("travail", "petite")
        own[sid] = {w for w in said if is_place(w) or (kept[w] >= 3 and told[w] - (w in mine) == 0)}
    counts = Counter(w for ws in own.values() for w in ws)
    return {sid: frozenset(w for w in ws if counts[w] == 1) for sid, ws in own.items()}


def vocabulary_languages(kb: Knowledge, name_words: frozenset[str]) -> dict[str, dict[str, float]]:
    """Words of the knowledge base met (almost) only in one language's examples, keywords and small talk."""
    counts: dict[str, Counter] = defaultdict(Counter)
    texts = [(text, lang) for _, kind, text, lang in phrases(kb) if lang and kind != "name"]
    texts += [(text, lang) for table in kb.smalltalk.values() for lang, items in table.items() for text in items]
    for text, lang in texts:
        for word in set(fold(text).split()) - name_words:
            counts[word][lang] += 1
    out = {}
    for word, by_lang in counts.items():
        lang, top = by_lang.most_common(1)[0]
        if top / sum(by_lang.values()) >= 0.8 and len(word) > 1:
            out[word] = {lang: 1.0}
    return out
