"""The understanding pipeline: normalise → language → crisis → small talk → intent and place → reply.

`Engine.build(knowledge)` prepares every index once; `Engine.answer(incoming, state)` is pure: the same
message and state always give the same reply, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.actions import Actions
from bot.core.compose import Composer
from bot.core.crisis import CrisisDetector
from bot.core.geo import haversine_km
from bot.core.intents import Doc, IntentIndex, Match
from bot.core.language import LanguageDetector, NgramModel
from bot.core.normalize import Normalized, Normalizer, fold
from bot.core.places import Gazetteer, PlaceMatch
from bot.core.reply import Reply
from bot.core.rules import Thresholds
from bot.core.smalltalk import SmallTalk
from bot.core.state import ChatState
from knowledge.model import LANGUAGES, Knowledge, Service
from knowledge.rules import in_luxembourg

LUXEMBOURG_TZ = ZoneInfo("Europe/Luxembourg")
DEFAULT_LOCATION_TOPIC = "youth"  # a shared location with no topic pending looks for youth houses


@dataclass(frozen=True)
class Incoming:
    """What arrived: text, a shared location, or something the bot cannot read (sticker, voice...)."""

    text: str | None = None
    location: tuple[float, float] | None = None
    other: str | None = None  # the kind of unreadable content

    @classmethod
    def parse_line(cls, line: str) -> Incoming:
        """A console or `ask --json` line: `geo:LAT,LON` stands for a shared location."""
        if line.startswith("geo:"):
            try:
                lat, lon = (float(x) for x in line[4:].split(","))
                return cls(location=(lat, lon))
            except ValueError:
                pass
        return cls(text=line)


class Engine:
    def __init__(self, knowledge: Knowledge, default_lang: str = "fr", thresholds: Thresholds | None = None):
        self.kb = knowledge
        self.default_lang = default_lang
        self.rules = thresholds or Thresholds()
        self.compose = Composer(knowledge)
        self.actions = Actions(self.compose)
        self.normalize = Normalizer(knowledge.lexicon)
        self.smalltalk = SmallTalk(knowledge.smalltalk, self.normalize.phrase)
        self._topic_of = _primary_topics(knowledge)
        common = frozenset(knowledge.lexicon.all_stopwords | self.smalltalk.words
                           | {w for m in knowledge.lexicon.markers.values() for w in m})
        self.gazetteer = Gazetteer(knowledge.places, common)
        keyword_terms = {t for doc in self._phrases() if doc[1] != "example" for t in self.normalize.phrase(doc[2])}
        self.stopwords = knowledge.lexicon.all_stopwords - keyword_terms
        self.crisis = CrisisDetector(knowledge.crisis, self.normalize.phrase)
        self.index = IntentIndex(self._docs())
        self.language = LanguageDetector(knowledge.lexicon, self._vocabulary_languages(), NgramModel(),
                                         default=default_lang)

    # Building ------------------------------------------------------------------------------------------

    def _phrases(self):
        """(service id, kind, text, lang) for every phrase that describes a service."""
        for service in self.kb.services:
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
        for topic in self.kb.topics:
            for lang, keywords in topic.keywords.items():
                for text in keywords:
                    for sid in topic.services:
                        yield sid, "topic", text, lang

    def content_words(self, words: tuple[str, ...], places: list[PlaceMatch]) -> tuple[str, ...]:
        taken = {i for m in places for i in range(m.start, m.end + 1)}
        return tuple(w for i, w in enumerate(words) if i not in taken)

    def _terms(self, text: str) -> tuple[str, ...]:
        words = tuple(fold(text).split())
        words = self.content_words(words, self.gazetteer.find(words))
        return tuple(dict.fromkeys(t for t in self.normalize.expand(words) if t not in self.stopwords))

    def _docs(self) -> list[Doc]:
        seen = set()
        docs = []
        for sid, kind, text, _ in self._phrases():
            terms = self._terms(text)
            if terms and (sid, kind, terms) not in seen:
                seen.add((sid, kind, terms))
                docs.append(Doc(sid, kind, terms))
        return docs

    def _vocabulary_languages(self) -> dict[str, dict[str, float]]:
        """Words of the knowledge base met (almost) only in one language's examples and keywords."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for _, kind, text, lang in self._phrases():
            if lang and kind in ("example", "keyword", "topic"):
                for word in set(fold(text).split()):
                    counts[word][lang] += 1
        out = {}
        for word, by_lang in counts.items():
            lang, top = by_lang.most_common(1)[0]
            if top / sum(by_lang.values()) >= 0.8 and len(word) > 2:
                out[word] = {lang: 1.0}
        return out

    # Answering -----------------------------------------------------------------------------------------

    def answer(self, incoming: Incoming, state: ChatState | None = None, now: dt.datetime | None = None) -> Reply:
        state = state or ChatState()
        now = now or dt.datetime.now(LUXEMBOURG_TZ)
        lang = state.lang or self.default_lang
        if incoming.location is not None:
            return self.nearest(incoming.location, state, now)
        if incoming.text is None:
            return self.compose.simple("fallback", lang, state, "odd_message", menu=True)
        return self._answer_text(self.normalize(incoming.text), state, now)

    def _answer_text(self, message: Normalized, state: ChatState, now: dt.datetime) -> Reply:
        places = self.gazetteer.find(message.words)
        content = self.content_words(message.words, places)
        current = state.lang if state.lang_chosen else state.lang
        guess = self.language.detect(content, _without_places(message, places), current)
        lang = state.lang if state.lang_chosen and state.lang else guess.lang
        state = state.with_(lang=lang)
        signal = self.crisis.check(message.tokens)
        if signal is not None:
            return self.compose.emergency(lang, signal.kinds, state)
        if message.empty:
            return self.compose.simple("fallback", lang, state, "odd_message", menu=True)
        tokens = tuple(t for t in self.normalize.expand(content) if t not in self.stopwords)
        talk = self.smalltalk.kind_of(self.normalize.expand(content), self.stopwords)
        if talk is not None and not places:
            key = {"hello": "smalltalk_hello", "thanks": "smalltalk_thanks", "bye": "smalltalk_bye",
                   "help": "smalltalk_help", "ok": "smalltalk_hello"}[talk]
            return self.compose.simple("smalltalk", lang, state, key, menu=talk in ("hello", "help", "ok"),
                                       confidence=1.0)
        matches = self.index.match(t for t in tokens if t not in self.smalltalk.words)
        place = places[0].place if places else None
        reply = self._decide(matches, place, lang, state, now)
        if message.truncated:
            reply = _prepend_note(reply, self.compose.t(lang, "too_long"))
        return reply

    def _decide(self, matches: list[Match], place, lang: str, state: ChatState, now: dt.datetime) -> Reply:
        rules = self.rules
        top = matches[0].score if matches else 0.0
        if top < rules.min_score:
            topic = state.pending_topic or state.last_topic
            if place is not None:
                return self._topic_near(topic or DEFAULT_LOCATION_TOPIC, place, lang, state, now, top)
            return self.compose.fallback(lang, state.with_(pending_topic=None), top)
        scored = [(m, m.score - self._distance_penalty(m.service_id, place)) for m in matches]
        scored.sort(key=lambda x: -x[1])
        best = scored[0][1]
        close = [m for m, s in scored if s >= best - rules.ambiguity_margin]
        topics = list(dict.fromkeys(self._topic_of.get(m.service_id) for m in close))
        if len(topics) > 1:
            per_topic = []
            for t in topics[: rules.max_choices]:
                per_topic.append(next(self.kb.service(m.service_id) for m in close
                                      if self._topic_of.get(m.service_id) == t))
            new_state = state.with_(pending_topic=None, last_topic=None)
            return self.compose.clarify(lang, new_state, per_topic, top)
        topic_id = topics[0]
        topic = self.kb.topic(topic_id) if topic_id else None
        if topic is not None and topic.location_bound and len(close) > 1:
            if place is not None:
                return self._topic_near(topic.id, place, lang, state, now, top)
            services = [(self.kb.service(m.service_id), None) for m in close]
            new_state = state.with_(pending_topic=topic.id, last_topic=topic.id)
            intro = self.compose.t(lang, "category_intro", topic=topic.name.pick(lang))
            return self.compose.services_reply("answer", lang, new_state, services, top, now, topic.id,
                                               intro=intro, ask_location=True)
        services = [(self.kb.service(m.service_id), self._distance(m.service_id, place)) for m in close]
        new_state = state.with_(pending_topic=None, last_topic=topic_id, last_services=tuple(s.id for s, _ in services))
        return self.compose.services_reply("answer", lang, new_state, services, top, now, topic_id,
                                           place=place.name if place else None)

    def _topic_near(self, topic_id: str, place, lang: str, state: ChatState, now: dt.datetime,
                    confidence: float) -> Reply:
        ranked = self._ranked(topic_id, place.point)
        new_state = state.with_(pending_topic=None, last_topic=topic_id, last_services=tuple(s.id for s, _ in ranked))
        intro = self.compose.t(lang, "near_place", place=place.name)
        return self.compose.services_reply("answer", lang, new_state, ranked, max(confidence, 0.5), now, topic_id,
                                           intro=intro, place=place.name)

    def nearest(self, point: tuple[float, float], state: ChatState, now: dt.datetime | None = None) -> Reply:
        """A shared location: the nearest services of the pending topic (youth houses when none)."""
        now = now or dt.datetime.now(LUXEMBOURG_TZ)
        lang = state.lang or self.default_lang
        topic_id = state.pending_topic or state.last_topic
        topic = self.kb.topic(topic_id) if topic_id else None
        if topic is None or not topic.location_bound:
            topic_id = DEFAULT_LOCATION_TOPIC
        ranked = self._ranked(topic_id, point)
        intro_key = "nearest_intro" if in_luxembourg(*point) else "location_outside"
        new_state = state.with_(pending_topic=None, last_topic=topic_id, last_services=tuple(s.id for s, _ in ranked))
        return self.compose.services_reply("nearest", lang, new_state, ranked, 1.0, now, topic_id,
                                           intro=self.compose.t(lang, intro_key))

    def _ranked(self, topic_id: str, point: tuple[float, float]) -> list[tuple[Service, float | None]]:
        topic = self.kb.topic(topic_id)
        services = [self.kb.service(s) for s in topic.services] if topic else []
        located = [(s, haversine_km(point, s.location.point)) for s in services
                   if s.active and s.location and s.location.point]
        return sorted(located, key=lambda x: x[1])

    def _distance(self, service_id: str, place) -> float | None:
        service = self.kb.service(service_id)
        if place is None or not service.location or not service.location.point:
            return None
        return haversine_km(place.point, service.location.point)

    def _distance_penalty(self, service_id: str, place) -> float:
        topic = self.kb.topic(self._topic_of.get(service_id) or "")
        if place is None or topic is None or not topic.location_bound:
            return 0.0
        km = self._distance(service_id, place)
        return self.rules.penalty_per_km * km if km is not None else self.rules.max_distance_penalty

    # Building blocks used by the handlers --------------------------------------------------------------

    def detect_language(self, text: str, current: str | None = None) -> str:
        message = self.normalize(text)
        return self.language.detect(message.words, message.shown, current).lang

    def languages(self) -> tuple[str, ...]:
        return LANGUAGES


def _primary_topics(knowledge: Knowledge) -> dict[str, str]:
    out: dict[str, str] = {}
    for topic in knowledge.topics:
        for sid in topic.services:
            out.setdefault(sid, topic.id)
    for service in knowledge.services:
        out.setdefault(service.id, service.category)
    return out


def _without_places(message: Normalized, places: list[PlaceMatch]) -> str:
    if not places:
        return message.shown
    taken = {i for m in places for i in range(m.start, m.end + 1)}
    return " ".join(w for i, w in enumerate(message.words) if i not in taken)


def _prepend_note(reply: Reply, note: str) -> Reply:
    from bot.core.reply import Text

    return Reply(**{**reply.__dict__, "blocks": (Text(note), *reply.blocks)})
