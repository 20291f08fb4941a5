"""The understanding pipeline: normalise → language → crisis → small talk → intent and place → reply.

`Engine.build(knowledge)` prepares every index once; `Engine.answer(incoming, state)` is pure: the same
message and state always give the same reply, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.actions import Actions
from bot.core.care_gate import BIAS as CARE_BIAS
from bot.core.care_gate import FEATURES as CARE_FEATURES
from bot.core.care_gate import WEIGHTS as CARE_WEIGHTS
from bot.core.compose import Composer
from bot.core.crisis import OVER, CrisisDetector, CrisisSignal, crisis_tasks
from bot.core.crisis_gate import BIAS as CRISIS_BIAS
from bot.core.crisis_gate import FEATURES as CRISIS_FEATURES
from bot.core.crisis_gate import WEIGHTS as CRISIS_WEIGHTS
from bot.core.follow_up_gate import BIAS, WEIGHTS
from bot.core.follow_up_gate import FEATURES as FOLLOW_UP_FEATURES
from bot.core.geo import haversine_km
from bot.core.intents import Doc, IntentIndex, Match
from bot.core.kinship import Kinship
from bot.core.language import LanguageDetector, NgramModel
from bot.core.learned import NgramClassifier, Task, logistic, train
from bot.core.normalize import Normalized, Normalizer, fold, fold_text, typed_at_random
from bot.core.phrases import (
    build_docs,
    content_words,
    knowledge_words,
    one_offer_words,
    own_name_words,
    partner_docs,
    phrase_terms,
    phrases,
    primary_topics,
    proper_name_words,
    vocabulary_languages,
)
from bot.core.place_names import PlaceNames
from bot.core.places import Gazetteer, PlaceMatch
from bot.core.readings import Readings
from bot.core.reply import Reply, Text
from bot.core.service_gate import BIAS as SERVICE_BIAS
from bot.core.service_gate import FEATURES as SERVICE_FEATURES
from bot.core.service_gate import MATCH_KINDS, REPLY_KINDS
from bot.core.service_gate import WEIGHTS as SERVICE_WEIGHTS
from bot.core.smalltalk import SmallTalk
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds
from bot.core.timeframe import Timeframe
from knowledge.contacts import in_luxembourg
from knowledge.model import CRISIS_KINDS, LANGUAGES, CorpusMessage, Knowledge, Partner, Place, Service

LUXEMBOURG_TZ = ZoneInfo("Europe/Luxembourg")
PRACTICAL = ("answer", "nearest", "clarify", "detail")  # replies that answer a need
NOT_OURS = "~not-ours"  # the service model's label for what the association does not offer (never a service id)
# Crisis kinds that are what a person feels rather than something happening: in a practical story, a clause saying
# "I can't take it any more" is how the story feels ("socorro ja nao aguento mais, as contas nao param de chegar").
FEELINGS = frozenset({"self", "self_harm"})
FOLLOW_UP = "~follow-up"  # its label for a question about a service just given ("c'est gratuit ?")
TALK = "~talk:"  # its labels for small talk, one per kind ("~talk:bot": "t'es une IA ?")
_CLAUSE_MARKS = ".!?;:,\n"
_GLUED_AGE = re.compile(r"(\d{1,3})([a-z]+)")
_CLAUSE_BREAK = re.compile(f"[{_CLAUSE_MARKS}]+")  # where a clause of a long message ends
_CLAUSE_WITH_BREAK = re.compile(f"[^{_CLAUSE_MARKS}]+[{_CLAUSE_MARKS}]*")  # a clause and the marks ending it ("?" asks)


@dataclass(frozen=True)
class Understanding:
    places: list[PlaceMatch]
    lang: str
    language_evidence: float
    crisis: CrisisSignal | None
    smalltalk: str | None  # the message is only small talk
    courtesy: str | None  # small talk somewhere in the message ("..., merci et bonne soirée")
    tokens: tuple[str, ...]
    matches: list[Match]
    asks_detail: bool = False  # only asks a detail (phone, hours, price, age...): about the service just given
    mentions_detail: bool = False  # a detail word somewhere in it ("and how much would that cost me per month")
    typed_at_random: bool = False  # a word typed along a keyboard row ("asdfgh"): nothing said
    not_ours: float = 0.0  # the service model's share for "something the association does not offer"
    # ...against our services and a question about the service just given: mid-conversation, the other reading
    not_ours_mid: float = 0.0
    elsewhere: bool = False  # short, reads like what people ask elsewhere, and fits nothing of ours well
    clauses: tuple[tuple[str, ...], ...] = ()  # a long message's clauses, each normalised alone (`Engine._clauses`)
    follow_up: float = 0.0  # the service model's share for "a question about the service just given"
    talk: float = 0.0  # its share for small talk (against our services only)
    talk_kind: str | None = None  # the likeliest kind of small talk (hello, thanks, bye, bot, chat)
    topics: dict[str, float] = field(default_factory=dict)  # the service model's shares pooled by topic
    shares: dict[str, float] = field(default_factory=dict)  # the service model's shares of our services
    novel: int = 0  # words no question about a service given uses (knowledge/follow_ups, detail words)
    # with a place named, the follow-up share of the words without it ("on habite à" of "on habite à Bonnevoie")
    place_follows: float = 0.0
    # ...and the kind of service those words read likeliest, with its share among our services
    place_free_kind: tuple[str | None, float] = (None, 0.0)
    misfits: frozenset[str] = frozenset()  # kinds and services made for other ages than those said (`_misfits`)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def top(self) -> float:
        """How well the best service fits (0 when none does)."""
        return self.matches[0].score if self.matches else 0.0


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
    def __init__(
        self,
        knowledge: Knowledge,
        default_lang: str = "fr",
        thresholds: Thresholds | None = None,
        model_store: Path | None = None,
    ):
        """`model_store`: a folder where trained weights are kept between starts (see bot.core.learned.train)."""
        self.kb = knowledge
        self.default_lang = default_lang
        self.rules = thresholds or Thresholds()
        self.compose = Composer(knowledge, self.rules)
        self.actions = Actions(self.compose)
        self.normalize = Normalizer(knowledge.lexicon)
        self.smalltalk = SmallTalk(knowledge.smalltalk, self.normalize.phrase)
        self._topic_of = primary_topics(knowledge)
        self._order = {s.id: i for i, s in enumerate(knowledge.services)}
        common = frozenset(
            knowledge.lexicon.all_stopwords
            | self.smalltalk.words
            | {w for m in knowledge.lexicon.markers.values() for w in m}
        )
        self.gazetteer = Gazetteer(
            knowledge.places,
            common,
            leaves=(fold(p) for p in knowledge.lexicon.leaves),
            moves=(fold(w) for w in knowledge.lexicon.moves),
        )
        # A stop word that staff made a keyword on its own ("sos") is kept: they meant it.
        single_keywords = {
            terms[0]
            for _, kind, text, _ in phrases(knowledge)
            if kind in ("keyword", "topic")
            for terms in [self.normalize.phrase(text)]
            if len(terms) == 1
        }
        self.stopwords = knowledge.lexicon.all_stopwords - single_keywords
        self.details = frozenset(fold(w) for w in knowledge.lexicon.details)
        self.age_words = frozenset(fold(w) for w in knowledge.lexicon.ages)
        self.month_words = frozenset(fold(w) for w in knowledge.lexicon.months)
        self._join_words = frozenset(fold(w) for w in knowledge.lexicon.joins)
        self._young_care = frozenset(fold(w) for w in knowledge.lexicon.young_care)
        self._school_care = tuple({tuple(fold(p).split()) for p in knowledge.lexicon.school_care} - {()})
        self._school_care_starts = frozenset(words[0] for words in self._school_care)  # most messages have none
        self._for_me = tuple({tuple(fold(p).split()) for p in knowledge.lexicon.for_me} - {()})
        self._season_end = tuple({tuple(fold(p).split()) for p in knowledge.lexicon.season_end} - {()})
        self._writes_in = tuple({tuple(fold(p).split()) for p in knowledge.lexicon.writes_in} - {()})
        self._language_names = {fold(name): lang for name, lang in knowledge.lexicon.language_names.items()}
        self._seasonal = frozenset(s.id for s in knowledge.services if s.season is not None)
        self.cycle_words = frozenset(fold(w) for w in knowledge.lexicon.cycles)
        self.school_year_words = frozenset(fold(w) for w in knowledge.lexicon.school_years)
        self._prices = frozenset(fold(w) for w in knowledge.lexicon.prices)
        self._money = frozenset(fold(w) for w in knowledge.lexicon.money)
        self.people_words = frozenset(fold(w) for w in knowledge.lexicon.people)
        self._months_of = self.people_words | frozenset(fold(w) for w in knowledge.lexicon.child_pronouns)
        self.timeframe = Timeframe.of(
            sorted(knowledge.lexicon.past),
            knowledge.lexicon.turns,
            fold,
            first=knowledge.lexicon.first,
            later=knowledge.lexicon.later,
            otherwise=knowledge.lexicon.otherwise,
        )
        # A person and an age say who a need is for, not what happened: "mon fils a 14 ans" alone is no crisis to
        # the model (its corpus is full of sons of 14 who went missing), only to a phrase.
        self._who_words = self.people_words | self.age_words | self.month_words
        self._routing_ages = {s.id: s.routing_ages for s in knowledge.services if s.routing_ages is not None}
        self._topic_ages = {t.id: t.ages for t in knowledge.topics if t.ages is not None}  # kinds made for an age group
        self._fears = tuple(
            {self.normalize.phrase(text) for texts in knowledge.crisis.fear.values() for text in texts} - {()}
        )
        self._name_words = proper_name_words(knowledge)
        # every word of each service's names (a place among them: the youth house of the Gare)
        self._named_with = {
            s.id: frozenset(w for text in (*s.name.values(), *s.alternate_name) for w in fold(text).split())
            for s in knowledge.services
        }
        # a place in a name ("Garderie Mersch") names the place, not that service: "une garde à Mersch" names none
        self._own_names = {
            sid: frozenset(w for w in words if not self.gazetteer.is_name(w))
            for sid, words in own_name_words(knowledge).items()
        }
        # the topics that are one offer at several places, and the words that name each of their services
        one_offer = [t for t in knowledge.topics if t.one_offer and t.location_bound]
        self._one_offer = frozenset(t.id for t in one_offer)
        self._one_offer_words = {
            sid: ws for t in one_offer for sid, ws in one_offer_words(knowledge, t, self.gazetteer.is_name).items()
        }
        self._emergency_numbers = frozenset(fold(h.number).replace(" ", "") for h in knowledge.helplines if h.always)
        # What is no crisis: every phrase of the services, and small talk. Their words are words in their own right,
        # never a crisis word misspelt ("schléift", sleeps, is not "schléit", hits).
        ordinary = [text for _, _, text, _ in phrases(knowledge)]
        ordinary += [text for table in knowledge.smalltalk.values() for items in table.values() for text in items]
        # Whole messages people write to us that are no crisis (needs told as stories, questions about a service
        # just given, what we do not offer, chat) for a second crisis model: without them the crisis corpus's
        # short messages are better known than short ordinary ones ("kriegt man da lohn?" read as a crisis). Not
        # the studied ones of the development sets: their stories of distress, told as needs, would teach it to
        # read a crisis told the same way as none (frozen sets: 5 emergencies fewer for 22 false alarms fewer).
        told = [m.text for m in _told(knowledge) if not m.studied]
        # The knowledge base's texts are read by three of the models below and the index: once, or not at all when
        # the last start with the same knowledge and code kept its readings (start-up time).
        readings = Readings.open(model_store, knowledge.digest)
        phrase = readings.wrap("phrase", self.normalize.phrase)
        tasks = crisis_tasks(knowledge.crisis, phrase, ordinary, self.rules, told, knowledge.after_crisis)
        services = _service_task(knowledge, phrase, self.rules)
        if services is not None:
            tasks["services"] = services
        self.place_names = PlaceNames(services, self._location_bound)
        models = train(tasks, model_store) if tasks else {}
        self._features = tuple(dict.fromkeys(model.features for model in models.values()))  # to forget each message
        self.learned: NgramClassifier | None = models.get("services")
        self.kinship = Kinship(knowledge, self.learned.features, phrase) if self.learned is not None else None
        # the gates weigh the models' readings: without them, the rules decide alone
        self._gate_weights = WEIGHTS if self.rules.follow_up_gate and self.learned is not None else {}
        self._gate_bias = BIAS
        self._service_gate = bool(SERVICE_WEIGHTS) and self.rules.service_gate and self.learned is not None
        self.crisis = CrisisDetector(
            knowledge.crisis,
            self.normalize.phrase,
            self.rules,
            models.get("crisis"),
            models.get("crisis_kinds"),
            knowledge.lexicon.all_stopwords,
            _crisis_known_words(knowledge, phrase, ordinary),
            models.get("crisis_broad"),
        )
        self._over: NgramClassifier | None = models.get("over")
        self._crisis_gate = bool(CRISIS_WEIGHTS) and self.rules.crisis_gate and self.crisis.detector is not None
        self._care_gate = bool(CARE_WEIGHTS) and self.rules.care_gate
        # A word the knowledge base uses ("school", "Obenthalt") is that word, not a misspelt place ("Schoos",
        # "Openthalt"), and so is a word of the dictionaries one typo from a place ("Sommer", not Sommet:
        # knowledge/places/real_words.txt); exact place names stay places. Set before indexing, so the phrases keep
        # those words. A word's form without its final n is a word too (the Eifel rule of Luxembourgish: "maachen",
        # "wat kann een do maache wann...", is not Maacher).
        known = knowledge_words(knowledge, self.gazetteer) | common | knowledge.real_words
        self.gazetteer.known_words = known | _without_final_n(known)
        terms = readings.wrap("terms", partial(phrase_terms, self.normalize, self.gazetteer, self._meaningful))
        self.index = IntentIndex(build_docs(knowledge, terms), self._topic_of, self.rules)
        readings.save()
        self._asked_about = _words_asked_about(knowledge, phrase, self.details, self.rules.follow_up_stem)
        # calls for help that name no danger (crisis.yaml, `cries`)
        self._cries = tuple({p for texts in knowledge.crisis.cries.values() for t in texts if (p := phrase(t))})
        # each kind's own words (a topic's keywords), said word for word: "une crèche" names the kind whatever the age
        self._topic_words = {
            topic.id: tuple({p for texts in topic.keywords.values() for t in texts if (p := phrase(t))})
            for topic in knowledge.topics
        }
        # Needs that are not ours (a tax return, a residence permit): who can help instead.
        self.partners = IntentIndex(partner_docs(knowledge, self.normalize, self._meaningful), rules=self.rules)
        vocabulary = vocabulary_languages(knowledge, self._name_words)
        self.language = LanguageDetector(
            knowledge.lexicon, vocabulary, NgramModel(), default=default_lang, rules=self.rules
        )

    def _language_text(self, message: Normalized, places: list[PlaceMatch]) -> str:
        return _without(message, places, self._name_words)

    def _meaningful(self, token: str) -> bool:
        return token not in self.stopwords and not token.isdigit()

    # Answering -----------------------------------------------------------------------------------------

    def answer(self, incoming: Incoming, state: ChatState | None = None, now: dt.datetime | None = None) -> Reply:
        try:
            reply = self._answer(incoming, state or ChatState(), now)
        finally:
            for features in self._features:  # the models of one message shared its vectors; none outlives it
                features.forget()
        if reply.kind in PRACTICAL and reply.services:  # what a follow-up ("le numéro ?") asks about
            reply = replace(reply, state=self._given_now(reply.state, reply.services[0], reply.kind == "clarify"))
        return reply

    def _given_now(self, state: ChatState, given: str, choosing: bool) -> ChatState:
        """The service just given becomes the one follow-ups ask about; the one before joins the services given
        earlier (latest first, a few), which a later turn may come back to."""
        before = state.last_service
        earlier = (before, *state.earlier) if before and before != given else state.earlier
        earlier = tuple(s for s in dict.fromkeys(earlier) if s != given)[: self.rules.earlier_kept]
        return state.with_(last_service=given, choosing=choosing, earlier=earlier, crisis_need=False)

    def _answer(self, incoming: Incoming, state: ChatState, now: dt.datetime | None) -> Reply:
        now = now or dt.datetime.now(LUXEMBOURG_TZ)
        lang = state.lang or self.default_lang
        if incoming.location is not None:
            near = self.nearest(incoming.location, state, now)
            if state.care > 0 and state.care_firm:
                # During a crisis, a location shared is where the person is: the numbers again first, then what
                # is near when a kind of service was being talked about (not every kind nearby).
                emergency = self._emergency(lang, _remembered(state), state.with_(care=state.care - 1), person=True)
                asked = state.pending_topic or state.last_topic
                if asked and near.kind in ("answer", "nearest") and near.services:
                    return self.compose.with_practical(emergency, near)
                return emergency
            return near
        if incoming.text is None:
            return self.compose.simple("fallback", lang, state, "odd_message", menu=True)
        return self._answer_text(self.normalize(incoming.text), state, now)

    def understand(
        self, message: Normalized, state: ChatState, exact: bool = False, leave_out: frozenset[str] = frozenset()
    ) -> Understanding:
        """Everything the message says before deciding: places, language, crisis, small talk, candidates.
        `exact`: no word is read as a misspelt place (after a crisis, "maache" is not Maacher), nor as the plural of a
        word of a service ("ça fait 4 nuits que je dors pas" is no question about a night shelter). `leave_out`:
        folded words not read for the services (a need put off); places, ages and the crisis are read from all."""
        places, also_named = self.gazetteer.find_all(message.words)
        if exact:
            places, also_named = [m for m in places if m.exact], [m for m in also_named if m.exact]
        content = content_words(message.words, places + also_named)
        guess = self.language.detect(
            tuple(w for w in content if w not in self._name_words),
            self._language_text(message, places),
            state.lang,
            hints=tuple(m.lang for m in places if m.lang),
        )
        lang = state.lang if state.lang_chosen and state.lang else guess.lang
        expanded = self.normalize.expand(content)
        asked = self.normalize.expand(tuple(w for w in content if w not in leave_out)) if leave_out else expanded
        tokens = tuple(t for t in asked if self._meaningful(t) and t not in self.smalltalk.words)
        priced = self._priced(tokens, expanded, state)
        tokens = tuple(t for t in tokens if t not in priced)
        matches, used = self._match(tokens, inflected=not exact)
        by_words = matches[0].score if matches else 0.0  # the index alone: place names are not in it
        # The model reads a place as the house there; a town made more precise by its quarter would read as the
        # project named after both ("Al Esch–Brill–Grenz"), so the model reads the quarter alone.
        said_apart = _place_words(message, also_named) | priced
        said_apart |= self._cried(message.tokens)
        put_off = frozenset(self.normalize.expand(tuple(leave_out))) if leave_out else frozenset()
        said_apart |= put_off
        shares = self._shares(" ".join(t for t in message.tokens if t not in said_apart))
        place_follows, place_free_kind = 0.0, (None, 0.0)
        if places and shares:
            named = _place_words(message, places + also_named) | priced | put_off
            apart = self._shares(" ".join(t for t in message.tokens if t not in named))
            place_follows, place_free_kind = apart.get(FOLLOW_UP, 0.0), self._likeliest_kind(apart)
            shares = self._place_free(shares, apart)
        not_ours, follow_up = shares.pop(NOT_OURS, 0.0), shares.pop(FOLLOW_UP, 0.0)
        talks = {k[len(TALK) :]: shares.pop(k) for k in [k for k in shares if k.startswith(TALK)]}
        # "Not ours" and small talk against our services only: a short message reads much like a follow-up
        # question, and that share says nothing of whether it asks for something we offer (the floor keeps tiny
        # shares apart).
        services = sum(shares.values()) + self.rules.not_ours_floor
        not_ours_mid = not_ours / (not_ours + services + follow_up)
        not_ours = not_ours / (not_ours + services)
        talk = sum(talks.values()) / (sum(talks.values()) + services)
        # ages said that a kind of service is not made for ("mon fils 19 ans"), unless named by its words
        misfits = self._misfits(message.words, message.tokens)
        shares = own = _renormalised(self._shares_for_ages(shares, misfits))
        topics = self._pooled(shares)
        if not places:
            shares = self._tied(matches, shares)
        matches = self._blend(self._matches_for_ages(matches, misfits), shares, alone=bool(tokens))
        matches = self._for_cycles(matches, message.words)
        clauses = self._clauses(message)
        # A short word just before a place is its preposition, not a detail asked: "op Esch" (to), not "op" (open)
        before_places = {
            message.words[m.start - 1] for m in places if m.start > 0 and len(message.words[m.start - 1]) <= 3
        }
        return Understanding(
            places=places,
            lang=lang,
            language_evidence=guess.evidence,
            crisis=self.crisis.check(
                self._after_courtesy(message.tokens),
                content=len([t for t in tokens if t not in self._who_words]),
                clauses=clauses,
            ),
            smalltalk=self.smalltalk.kind_of(expanded, self.stopwords),
            courtesy=self.smalltalk.kind_within(expanded, self.stopwords),
            tokens=used,
            asks_detail=self._asks_detail(expanded),
            mentions_detail=any(w in self.details and w not in before_places for w in expanded),
            not_ours=not_ours,
            not_ours_mid=not_ours_mid,
            novel=sum(1 for t in tokens if not self._asked_about.knows(t)),
            typed_at_random=any(typed_at_random(w) for w in message.words),
            elsewhere=self._asked_elsewhere(not_ours, matches, places, used, by_words),
            follow_up=follow_up,
            place_follows=place_follows,
            place_free_kind=place_free_kind,
            clauses=clauses,
            talk=talk,
            talk_kind=max(talks, key=talks.__getitem__) if talks else None,
            topics=topics,
            shares=own,
            matches=matches,
            misfits=misfits,
        )

    def _priced(self, tokens: tuple[str, ...], expanded: tuple[str, ...], state: ChatState) -> frozenset[str]:
        """The words of money that ask the price of the service given ("it cost money?", "ça coûte de l'argent ?"),
        not for help with debts; none when money is what that service is about ("kostet die Beratung was? hab
        kein Geld" after debt counselling)."""
        given = self._given(state)
        money = frozenset(t for t in tokens if t in self._money)
        if not given or not money or not self._prices.intersection(expanded):
            return frozenset()
        named = self.index.match(tuple(money), limit=1)
        return frozenset() if named and named[0].service_id == given else money

    def _for_cycles(self, matches: list[Match], words: tuple[str, ...]) -> list[Match]:
        """A school cycle said ("si ass am Cycle 2 zu Miersch"): among the services of one topic, those that take
        children of that cycle come first, however well the words of a place for other cycles only (the maison
        relais for cycles 3 and 4) fit, unless it is named. They take the topic's best scores in turn; other topics
        keep theirs."""
        said = {int(n) for w, n in pairwise(words) if w in self.cycle_words and n.isdigit() and 1 <= int(n) <= 4}
        if not said:
            return matches
        # a place for other cycles only, unless named ("Maison relais Krounebierg, ass dat scho fir Cycle 1?")
        apart = {
            m.service_id
            for m in matches
            if (cycles := self.kb.service(m.service_id).school_cycles)
            and said.isdisjoint(cycles)
            and self._own_names[m.service_id].isdisjoint(words)
        }
        if not apart:
            return matches
        by_topic: dict[str | None, list[Match]] = {}
        for m in matches:
            by_topic.setdefault(self._topic_of.get(m.service_id), []).append(m)
        rescored = []
        for group in by_topic.values():
            scores = sorted((m.score for m in group), reverse=True)
            ordered = sorted(group, key=lambda m: (m.service_id in apart, -self._heir(m, group, apart)))
            rescored += [replace(m, score=score) for m, score in zip(ordered, scores, strict=True)]
        return self._best_first(rescored)

    def _misfits(self, words: tuple[str, ...], tokens: tuple[str, ...]) -> frozenset[str]:
        """The kinds of service made for an age group (knowledge/categories.yaml `ages`) that no age said fits ("mon
        fils 19 ans" is no crèche's child), unless the message names them by their own words ("j'ai 22 ans, je
        cherche une crèche": the writer's age, and a crèche asked); and within a kind, the services made for other
        ages (`routing_ages`: "18 Monate", or a crèche asked with no age, is no maison relais' child; care after school
        asked with no age is for a school child), unless named."""
        said = self._ages(words)
        topics = self._misfit_kinds(said, tokens)
        said = said or self._care_ages(words, tokens)
        if not said:
            return topics
        # within a kind the ages fit (of a kind set aside, all its services are)
        return topics.union(
            sid
            for sid, (youngest, oldest) in self._routing_ages.items()
            if not any(youngest <= age <= oldest for age in said)
            and self._own_names[sid].isdisjoint(words)
            and self._topic_of.get(sid) not in topics
        )

    def _care_ages(self, words: tuple[str, ...], tokens: tuple[str, ...]) -> set[int]:
        """The ages of the kinds of care named by their words, where no age is said: a child too young for school
        ("une crèche à Kayl"), a school child ("après l'école à Mersch")."""
        ages = set()
        if not self._young_care.isdisjoint(words):
            ages.add(self.rules.young_care_age)
        if any(
            not self._school_care_starts.isdisjoint(said) and any(_said(self._school_care, said))
            for said in (words, tokens)
        ):
            ages.update(range(self.rules.school_care_from, self.rules.school_care_to + 1))
        return ages

    def _misfit_kinds(self, said: set[int], tokens: tuple[str, ...]) -> frozenset[str]:
        """The kinds made for an age group that none of the ages `said` fits, unless named by their own words; a
        kind named while another named kind fits the age is still set aside ("une crèche pour mon bébé de 1 an, je
        commence un travail de nettoyage": the work is the mother's, the crèche the baby's)."""
        if not said:
            return frozenset()
        aged = self._topic_ages
        fits = {tid for tid, (youngest, oldest) in aged.items() if any(youngest <= a <= oldest for a in said)}
        named = {tid for tid in aged if any(_said(self._topic_words[tid], tokens))}
        return frozenset(tid for tid in aged if tid not in fits and (tid not in named or named & fits))

    def _age_weight(self, service_id: str, misfits: frozenset[str]) -> float:
        """How much a service weighs for the ages said: little if its kind is one of the `misfits`. A service made
        for other ages than its kind (`routing_ages`) keeps its weight: its kind is still the need; among the
        places of that kind, it comes after the others (`_topic_near`)."""
        return self.rules.age_misfit if self._topic_of.get(service_id) in misfits else 1.0

    def _shares_for_ages(self, shares: dict[str, float], misfits: frozenset[str]) -> dict[str, float]:
        """The service model's shares, those of the `misfits` kinds weighed less."""
        if not misfits:
            return shares
        return {sid: p * self._age_weight(sid, misfits) for sid, p in shares.items()}

    def _matches_for_ages(self, matches: list[Match], misfits: frozenset[str]) -> list[Match]:
        """The index's matches, those of the `misfits` kinds weighed less."""
        if not misfits:
            return matches
        return self._best_first(replace(m, score=m.score * self._age_weight(m.service_id, misfits)) for m in matches)

    def _heir(self, match: Match, group: list[Match], apart: set[str]) -> float:
        """A service that takes the children of the cycle said, scored at least as much as it is like the best one
        that does not ("maison relais, cycle 1" in Mersch: the other maison relais, not the garderie)."""
        best = next((m for m in group if m.service_id in apart), None)
        if best is None or self.kinship is None or match.service_id in apart:
            return match.score
        return max(match.score, self.kinship.to(best.service_id).get(match.service_id, 0.0) * best.score)

    def _after_courtesy(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """The message without the thanks it opens with, for the crisis model: "Merci villmols." before "ech si
        virdrun am Buedzemmer gefall an ech kommen net méi op" is what everyday messages say, and read with it the
        whole message reads much less as a crisis than what follows does alone."""
        start = self.smalltalk.opening(tokens, kinds=("thanks",))
        told = len(tokens) - start >= self.rules.courtesy_then_words  # a few words left say too little to read alone
        return tokens[start:] if start and told else tokens

    def _clauses(self, message: Normalized) -> tuple[tuple[str, ...], ...]:
        """A long message's clauses (between punctuation marks) of a few words or more, each normalised alone; none
        for a message of one clause."""
        pieces = _CLAUSE_BREAK.split(message.shown)
        if sum(1 for piece in pieces if piece.strip()) < 2:  # most messages: one clause, nothing more to read
            return ()
        parts = (self.normalize(piece).tokens for piece in pieces)
        clauses = tuple(tokens for tokens in parts if len(tokens) >= self.rules.crisis_clause_words)
        return clauses if len(clauses) > 1 else ()

    def _place_free(self, shares: dict[str, float], apart: dict[str, float]) -> dict[str, float]:
        """The service model reads a place as the house there: "moro em Leudelange, há alguma creche perto?" reads
        surely as Leudelange's youth house. When the message's words without the place read surely as another
        kind of service, that reading decides (the index still ranks the houses of that kind by the place)."""
        kind, _ = self._likeliest_kind(shares)
        other, share = self._likeliest_kind(apart)
        return apart if other is not None and other != kind and share >= self.rules.place_free_kind else shares

    def _likeliest_kind(self, shares: dict[str, float]) -> tuple[str | None, float]:
        """The kind of service the model reads likeliest, and its share among our services (the association's own
        phrases, "je cherche…", name no kind)."""
        ours = self._topic_of.get(self.kb.central_id)
        pooled = {kind: share for kind, share in self._pooled(shares).items() if kind != ours}
        total = sum(pooled.values())
        if not pooled or total <= 0:
            return None, 0.0
        kind = max(pooled, key=pooled.__getitem__)
        return kind, pooled[kind] / total

    def _pooled(self, shares: dict[str, float]) -> dict[str, float]:
        """The service model's shares summed by topic: it may not know which youth house, but that it is one."""
        topics: dict[str, float] = {}
        for sid, share in shares.items():
            if sid in self._topic_of:
                topics[self._topic_of[sid]] = topics.get(self._topic_of[sid], 0.0) + share
        return topics

    def _match(self, tokens: tuple[str, ...], inflected: bool = True) -> tuple[list[Match], tuple[str, ...]]:
        """Words asking for a detail (phone, address, hours) do not say which service: match without them.
        When nothing else in the message names a need, the detail is asked of us: the central contact.
        `inflected`: a word may be read as the plural of a known one (see IntentIndex.readings)."""
        core = tuple(t for t in tokens if t not in self.details)
        limit = self.rules.match_limit
        if core:
            matches = self.index.match(core, limit=limit, inflected=inflected)
            if matches and matches[0].score >= self.rules.min_score:
                return matches, core
        if len(core) < len(tokens):
            central = [
                m
                for m in self.index.match(tokens, limit=limit, inflected=inflected)
                if m.service_id == self.kb.central_id
            ]
            if central and central[0].score >= self.rules.min_score:
                return central, tokens
        return (matches if core else self.index.match(tokens, limit=limit, inflected=inflected)), core or tokens

    def _central_first(self, seen: Understanding) -> bool:
        return bool(seen.matches) and seen.matches[0].service_id == self.kb.central_id

    def _asks_who(self, seen: Understanding) -> bool:
        """Who "you" are, asked alone or with a word or two ("Moien, wien sidd dir eigentlech?"), not inside a
        question about a need ("vous êtes qui pour les dettes ?") nor at a place."""
        if seen.places or (seen.smalltalk != "who" and seen.courtesy != "who"):
            return False
        return seen.smalltalk == "who" or (
            self._other_words(seen.tokens) <= self.rules.detail_max_words and seen.top < self.rules.min_score
        )

    def _introduction(self, lang: str, state: ChatState, now: dt.datetime) -> Reply:
        """Who answers, with the association's card, which a follow-up ("le numéro ?") then asks about."""
        given = self._given_now(state, self.kb.central_id, choosing=False)
        return self.compose.introduction(lang, given, self.kb.service(self.kb.central_id), now)

    def _cried(self, tokens: tuple[str, ...]) -> set[str]:
        """The words of a call for help said in the message ("au secours", "hilfe schnell"): they name no need, so
        the service model does not read them ("secours" is not "cours", a language course)."""
        return {w for cry in _said(self._cries, tokens) for w in cry}

    def _novel_share(self, seen: Understanding) -> float:
        """The words no question about a service given uses, up to novel_words, over novel_words (a gate feature)."""
        return min(seen.novel, self.rules.novel_words) / self.rules.novel_words

    def _other_words(self, tokens: tuple[str, ...]) -> int:
        """How many of the message's words are not detail words ("âge", "Telefon")."""
        return sum(1 for t in tokens if t not in self.details)

    def _practical_need(self, seen: Understanding, state: ChatState, care: bool) -> bool:
        """The message fits a service well, or asks about the service the conversation is on."""
        if seen.top >= self.rules.crisis_practical_match:
            return True
        last = self._given(state)
        if care or seen.places or not last:
            return False
        return seen.asks_detail or (seen.courtesy in (None, "help") and self._continues(seen, last))

    def _continues(self, seen: Understanding, last: str) -> bool:
        """Mid-conversation, a turn asking about the service being talked about rather than a new need:
        - a short turn naming no other need well ("et pour s'inscrire ?", "d'Kontrakter?");
        - a short turn whose best fit is another service of the same kind ("tem aulas de frances?" after one
          neighbourhood project, "c des CDD ou CDI ?" after Ecotec);
        - the association's own phrases, weakly ("il parle uniquement portugais, c'est possible ?");
        - a turn that reads like a question about a service just given, naming no other need by its own words
          ("é preciso pagar alguma coisa para falar com eles?").
        What reads like a question asked elsewhere ("et l'ADEM, on s'inscrit comment ?") is no follow-up."""
        if self._elsewhere_now(seen, last):
            return False
        if self._reads_as_follow_up(seen, last):
            return True
        if self._central_first(seen):
            return not self._names_a_need(seen)
        if not 0 < self._other_words(seen.tokens) <= self.rules.detail_max_words:
            return False
        same_kind = bool(seen.matches) and self._topic_of.get(seen.matches[0].service_id) == self._topic_of.get(last)
        another = self._names_another(seen, last, self.rules.follow_up_below)
        return (same_kind and not another) or not self._names_a_need(seen)

    def _tied(self, matches: list[Match], shares: dict[str, float]) -> dict[str, float]:
        """With no place named, services of one topic that the index finds equally ("je cherche une maison des
        jeunes": every youth house by the same words of its name; "ech sichen Aarbecht": every job-insertion
        service by its topic's words) get the model's best share, unless it is sure of one ("researcher at the
        uni": the University's maison relais; a job for a young person: Polygone, the first the dev sets name).
        A weak preference among them echoes how many messages each has; the reply lists them (and, for a
        place-bound topic, asks where)."""
        ties: dict[tuple[str, float], list[str]] = {}
        for m in matches:
            if m.service_id in self._topic_of:
                ties.setdefault((self._topic_of[m.service_id], round(m.score, 3)), []).append(m.service_id)
        tied = dict(shares)
        for sids in ties.values():
            best = max(shares.get(s, 0.0) for s in sids)
            if len(sids) > 1 and best < self.rules.learned_tie_sure:
                tied.update({s: best for s in sids})
        return tied

    def _elsewhere_now(self, seen: Understanding, last: str | None) -> bool:
        """Asked elsewhere, in this conversation. After a service was given, a short question that names neither
        another office nor much else ("a wat sinn d'Öffnungszäiten?", "faut réserver ?") is about that service,
        however much it reads like a shop's opening hours: it must name the other office ("et l'ADEM ?"), say
        more ("tu sais s'il va pleuvoir demain ?"), or read to the service model surely as not ours and not as a
        follow-up ("c koi la meteo demain"; every dev set: +5 turns at 0.98, none lost). A partner named surely
        ("ok and how do i apply for REVIS?") makes it asked elsewhere, even read as a follow-up."""
        if not seen.elsewhere:
            return False
        if not last:
            return True
        found = self.partners.match(seen.tokens, limit=1) if seen.tokens else []
        partner = found[0].score if found else 0.0
        if partner >= self.rules.partner_named:
            return True
        if seen.follow_up >= self.rules.follow_up_share:
            return False
        says_more = self._other_words(seen.tokens) > self.rules.detail_max_words
        if says_more or seen.not_ours_mid >= self.rules.not_ours_mid_chat:  # "c koi la meteo demain": surely not ours
            return True
        return partner >= self.rules.min_score

    def _reads_as_follow_up(self, seen: Understanding, last: str) -> bool:
        """The service model reads a question about a service just given (knowledge/follow_ups), and the message
        names no need of another topic, by its own words or by words of its example questions that fit it well
        enough to answer ("he did boxing back home, is there something free for that?" after a youth house), nor
        reads to the service model as another kind of service only (`_tells_another`; surer then when the
        follow-up reading is sure)."""
        rules = self.rules
        if seen.follow_up < rules.follow_up_share or self._other_words(seen.tokens) > rules.follow_up_words:
            return False
        if seen.follow_up >= rules.follow_up_sure:
            return not self._tells_another(seen, last, rules.new_need_sure, rules.new_need_sure_given)
        return not self._names_another(seen, last, rules.min_score) and not self._tells_another(
            seen, last, rules.new_need, rules.new_need_given
        )

    def _tells_another(self, seen: Understanding, last: str, share: float, given_below: float) -> bool:
        """The turn says more than a detail, and the service model reads its words as another kind of service, and
        hardly at all as the kind of the service given: a new need told like a question about it ("et moi, la
        maman, je voudrais apprendre le français, il y a des cours aussi ?" after a youth house). The association's
        own phrases name no other kind."""
        if self._other_words(seen.tokens) <= self.rules.detail_max_words:
            return False
        given = self._topic_of.get(last)
        if seen.topics.get(given, 0.0) >= given_below:
            return False
        ours = self._topic_of.get(self.kb.central_id)
        return any(p >= share for topic, p in seen.topics.items() if topic not in (given, ours))

    def _names_another(self, seen: Understanding, last: str, example_fit: float) -> bool:
        """The message names another service of ours by its own words (a keyword, a name, a topic word), or fits
        one of its example questions this well ("hutt dir och eppes mat Sport, Boxen?" after violence prevention)."""
        best = seen.best
        fits = best is not None and best.doc.kind == "example" and best.score >= example_fit
        return (self._by_its_words(seen) or fits) and self._other_need(best, last)

    def _other_need(self, match: Match, last: str) -> bool:
        """Another need than the service given: another topic, another service of a topic whose services are
        different offers (street sport after violence prevention), or another offer of the kind at the same place;
        not the same offer elsewhere (another youth house)."""
        if match.service_id == last:
            return False
        if self._topic_of.get(match.service_id) != self._topic_of.get(last) or not self._location_bound(last):
            return True
        # Several offers of one kind at one place are different offers, not the same one elsewhere: "de Grousse ass am
        # Cycle 3, wou geet deen hin?" after one of the maisons relais of Mersch asks for the one for cycles 3 and 4.
        given = self.kb.service(last)
        apart = self._distance(match.service_id, given.location.point if given.location else None)
        return apart is not None and apart <= self.rules.same_place_km

    def _named_earlier(self, seen: Understanding, state: ChatState) -> str | None:
        """A service given before the last one, of another kind than the last, whose kind the message names by its own
        words ("pour revenir à ma fille, ils ont un numéro à la maison des jeunes ?" after debt advice)."""
        best, last = seen.best, self._given(state)
        # The association's own phrases ("kann ich für ihn anrufen?") name no need: they ask about the last one.
        if best is None or not last or not state.earlier or not (self._by_its_words(seen) and self._names_a_need(seen)):
            return None
        topic = self._topic_of.get(best.service_id)
        if topic == self._topic_of.get(last):
            return None
        # "l'école um Krounebierg" names that house, not the kind of an earlier one; "la maison des jeunes" is in the
        # name of every youth house and names them all alike: the kind.
        tied = [m for m in seen.matches if m.score >= best.score - 1e-9 and self._topic_of.get(m.service_id) == topic]
        named = best.doc.kind == "name" and len(tied) == 1
        for sid in state.earlier:
            same = sid == best.service_id or (not named and self._topic_of.get(sid) == topic)
            if same and self.kb.has_service(sid):
                return sid
        return None

    def _given(self, state: ChatState) -> str | None:
        """The service the conversation is on, if the knowledge base still has it (a /reload may remove it)."""
        last = state.last_service
        return last if last and self.kb.has_service(last) else None

    def _follows_up(self, seen: Understanding, state: ChatState) -> bool:
        """Reads surely as a question about the service the conversation is on."""
        return self._given(state) is not None and seen.follow_up >= self.rules.follow_up_sure

    def _chats(self, seen: Understanding, asks: bool) -> bool:
        """Reads surely as small talk (knowledge/chit_chat), short, with no place, and names no need of ours:
        "is this an AI?" may only fit the association's own phrases a little."""
        rules = self.rules
        if seen.talk < rules.talk_share or seen.not_ours >= rules.talk_not_ours or seen.places:
            return False  # "je veux commander une pizza" reads as chat too, but first as not ours
        if seen.typed_at_random:  # "asdfgh kkkkk" reads like laughter: not understood, with the menu
            return False
        thanking = seen.talk_kind in ("thanks", "bye")
        asked = seen.mentions_detail or seen.follow_up >= rules.follow_up_share  # "thx! do i need to book?"
        if asks and asked and thanking:
            return False  # "merci, c'est gratuit ?": thanks, then a question
        if seen.talk_kind == "bot" and seen.mentions_detail and seen.top >= rules.person_asked:
            return False  # "nicht mit einem Bot: gibt es eine Nummer?": a person of ours, and how to reach them
        if self._other_words(seen.tokens) > rules.talk_words:
            return False
        # Thanks or a goodbye that asks nothing is small talk, whatever topic word its courtesy uses ("merci, bon
        # travail à vous", "merci pour ces informations, bonne fin de journée": conversation dev sets +2 turns,
        # frozen +3, none lost)
        if thanking and not asks:
            return True
        courtesy = thanking or seen.talk_kind == "bot"
        # "is this an AI?", "ok obrigado, vou falar com ela": the association's own phrases, read surely as small talk
        return not self._names_a_need(seen) or (courtesy and self._central_first(seen))

    def _from_a_place(self, seen: Understanding, state: ChatState) -> bool:
        """A question about the service given, asked from a place ("c'est loin de Bouneweg ?", "a bus from
        Kirchberg to there?"): it reads as a follow-up and asks a detail, not the topic at that place ("Gibt es das
        auch in Esch?"). Not surely: "how do I get there by bus?" reads a little like a bus timetable asked of us."""
        return (
            self._given(state) is not None
            and seen.follow_up >= self.rules.follow_up_share
            and seen.mentions_detail
            and (
                self._named_by_the_place(seen)
                or not self._names_another(seen, state.last_service or "", self.rules.follow_up_below)
            )
        )

    def _named_by_the_place(self, seen: Understanding) -> bool:
        """The best fit is the service named after the place said ("vun der Gare aus": the youth house of the Gare),
        which the service model reads in the place's name."""
        best = seen.best
        names = self._named_with.get(best.service_id, frozenset()) if best is not None else frozenset()
        return any(set(fold(m.place.name).split()) <= names for m in seen.places)

    def _by_its_words(self, seen: Understanding) -> bool:
        """The best fit is named by a service's or a topic's own words (a keyword, a name, a topic word)."""
        best = seen.best
        return best is not None and best.doc.kind in ("keyword", "name", "topic") and best.score >= self.rules.min_score

    def _greets_a_need(self, seen: Understanding) -> bool:
        """After a greeting, a topic named by its own words, or read as one kind surely by the service model (not
        the association's own phrases: "oi, posso te perguntar uma coisa?" is still a greeting)."""
        ours = self._topic_of.get(self.kb.central_id)
        kinds = [share for kind, share in seen.topics.items() if kind != ours]
        return self._by_its_words(seen) or max(kinds, default=0.0) >= self.rules.greeted_need

    def _thanks_only(self, message: Normalized, seen: Understanding) -> bool:
        """Thanks or a goodbye said in a turn that asks nothing and names no need."""
        return seen.courtesy in ("thanks", "bye") and not message.asks and not self._names_a_need(seen)

    def _names_a_need(self, seen: Understanding) -> bool:
        """The message fits a service well. The association's own phrases (its phone, the languages spoken, a
        person to talk to) name no need: mid-conversation they ask about the service being talked about."""
        top = seen.best
        if top is None:
            return False
        if top.service_id == self.kb.central_id:  # unless asked of it by its own words ("le numéro du siège")
            # A detail asked in one of its example phrases ("hutt dir eng Nummer?") is of the service given.
            if seen.mentions_detail and top.doc.kind not in ("keyword", "name"):
                return False
            return top.score >= self.rules.follow_up_below and not any(t in self.details for t in seen.tokens)
        # A service's or a topic's own words ("maison des jeunes", "Schuldenberodung") name it, even when the
        # topic has so many services that each one scores little; a piece of an example question does not.
        # The learned model alone is no name: on a short turn its shares are sharp whatever the words.
        return self._by_its_words(seen) or (top.doc.kind != "learned" and top.score >= self.rules.follow_up_below)

    def _about_last(self, seen: Understanding, last: str) -> bool:
        """A detail asked ("c'est à partir de quel âge ?", "Kostet das etwas für die Schule?") of the service just
        given, unless the rest of the message names another need: the service just given is among the best fits
        or the best is the same offer elsewhere, or nothing fits well and the question is short (a new story with
        a weak match, "mon grand a 20 ans, pas de diplôme, pas de boulot", is a new need)."""
        matches = seen.matches
        if not self._names_a_need(seen):
            return self._other_words(seen.tokens) <= self.rules.detail_max_words
        close = [m.service_id for m in matches if m.score >= matches[0].score - self.rules.ambiguity_margin]
        if last in close:
            return True
        # Another offer is another need, even of the same kind: "le contrat chez Polygone, c'est combien d'heures ?"
        # after job coaching, "they're into breakdance, free sessions for young people?" after violence prevention
        # (street sport). The same offer elsewhere (another youth house) is not.
        return not self._other_need(matches[0], last)

    def _opens_with_detail(self, message: Normalized) -> bool:
        """The first question only asks a detail, and what follows says why ("ass dat gratis? ech kréien nëmmen eng
        kleng Pensioun", "c'est payant ? je touche que le chômage"): a question about the service given, whatever
        need the reasons' words read like (money words: debt advice)."""
        head, mark, rest = message.shown.partition("?")
        if not mark or not rest.strip():
            return False
        return self._asks_detail(self.normalize.expand(tuple(fold_text(head).split())))

    def _asks_detail(self, words: tuple[str, ...]) -> bool:
        """Only a detail is asked ("wéini ass et op?", "is it free?"): detail words, and nothing else but
        stop words and courtesy."""
        asked = [w for w in words if w in self.details]
        rest = [w for w in words if w not in self.details and self._meaningful(w) and w not in self.smalltalk.words]
        return bool(asked) and not rest

    def _shares(self, text: str) -> dict[str, float]:
        return self.learned.probabilities(text) if text and self.learned is not None else {}

    def _blend(self, matches: list[Match], probabilities: dict[str, float], alone: bool = True) -> list[Match]:
        """The index's scores mixed with the learned signal's: the index knows the structure (topics, names,
        places), the n-gram model reads what people write. A service either one finds is a candidate.
        `alone`: the message has words of its own besides places; without, the model is not read (a place name
        alone would make it sure of that place's youth house)."""
        if not probabilities or not alone:  # a place alone ("à Gasperich ?"): the model has no need to read
            return matches
        weight = self.rules.learned_weight
        found = {m.service_id: m for m in matches}
        candidates = set(found) | {sid for sid, p in probabilities.items() if p >= self.rules.learned_candidate}
        rules = self.rules

        def score(sid: str) -> float:
            mixed = (1 - weight) * (found[sid].score if sid in found else 0.0) + weight * probabilities.get(sid, 0.0)
            # The model sure of a service the index cannot read ("jai bcp de dett"): enough to answer.
            sure = probabilities.get(sid, 0.0) >= rules.learned_sure
            return max(mixed, rules.learned_sure_score) if sure else mixed

        blended = [
            Match(sid, score(sid), found[sid].doc if sid in found else Doc(sid, "learned", ())) for sid in candidates
        ]
        return self._best_first(blended)[: self.rules.match_limit]

    def _best_first(self, matches: Iterable[Match]) -> list[Match]:
        """Best score first; equal scores in the knowledge base's order: the same reply on every replica and run."""
        return sorted(matches, key=lambda m: (-m.score, self._order.get(m.service_id, 0)))

    def _answer_text(self, message: Normalized, state: ChatState, now: dt.datetime) -> Reply:
        care = state.care > 0  # the turns after a crisis: fear and vagueness get the numbers again
        seen = self.understand(message, state, exact=care)
        lang = seen.lang
        named = [m.place.name for m in seen.places if m.exact]
        state = state.with_(
            lang=lang,
            care=max(0, state.care - 1),
            place=named[0] if named else state.place,
            apart=self._apart(seen, state),
        )
        crisis = seen.crisis
        # "la police est venue, ils l'ont emmené", "we found her!!": the danger told earlier has passed. A reading of
        # the model alone ("sie haben ihn mitgenommen") is then no new crisis (a crisis said in words still is), and
        # a new need is answered under the header.
        over_by = self._over_margin(message) if care else float("-inf")  # read once: two margins weigh it
        over = over_by > self.rules.danger_over
        surely_over = over_by > self.rules.danger_over_sure
        if over and crisis is not None and not crisis.langs:
            crisis = None
        if crisis is None and not care and self._given(state) is None:
            crisis = self._possible_apart(seen)
        top = seen.top
        # The model alone, or a call for help that names no danger with a clear practical need ("SOS!!! evicted
        # today, where do i sleep"), may need more than usual.
        cried = crisis is not None and crisis.cried and top >= self.rules.crisis_practical_match
        going_on = care and state.care_firm and self._tells_crisis_going_on(message, seen)
        if crisis is not None and crisis.certain and (not crisis.langs or cried) and not going_on:
            needed = self._crisis_needs(seen, state, care, message.asks)
            if needed is not None:
                # a conversation's first question only: later turns are weighed in the conversation (see _crisis_needs)
                apart = (
                    not care
                    and self._given(state) is None
                    and crisis.risk <= needed
                    and self._danger_apart(seen) > self.rules.crisis_apart_certain
                )
                crisis = replace(crisis, certain=crisis.risk > needed or apart)
        if crisis is not None and seen.crisis is not None and not care:
            crisis = replace(crisis, certain=self._crisis_certain(seen, state, crisis))
        # A first message telling of a danger that has passed ("sorry for the panic earlier, my son called, he was at
        # the park, all ok"): the after-crisis model reads it surely as over, or the danger is told only in clauses of
        # what is over before a need now; the header is enough.
        first = not care and self._given(state) is None
        if (
            crisis is not None
            and crisis.certain
            and first
            and (
                self._over_margin(message) > self.rules.danger_passed_first
                or self._danger_told_past(message, state, now)
            )
        ):
            crisis = replace(crisis, certain=False)
        if crisis is not None and crisis.certain:
            emergency = self._emergency(lang, crisis, state, person=care)
            if top < self.rules.crisis_practical_match or going_on:
                return emergency
            asked = self._practical(message, seen, emergency.state, now, care=True)
            if asked.kind in ("answer", "nearest") and asked.services:
                return self.compose.with_practical(emergency, asked)
            return emergency
        # After a crisis only the model read, a turn asking a detail ("how i go there, i have no money for bus"), or
        # any question in which the model reads no crisis at all ("c confidentiel ?"), may follow up the service
        # given, as outside care.
        asks = seen.mentions_detail or (message.asks and crisis is None)
        # A question asked once the danger is surely said to be over ("la police est venue et l'a emmené. pour ce
        # soir on peut aller où ?") is read as outside care: the service model may name its need. At the margin of
        # `over` alone, "er ist eiskalt und die lippen sind blau, was mach ich bis die kommen??" would be one.
        passed = surely_over and message.asks and crisis is None
        strict = care and (state.care_firm or not asks) and not passed
        reply = self._practical(message, seen, state, now, strict)
        if first and reply.kind in ("answer", "clarify") and reply.services:
            reply = self._asked_now(message, seen, state, now, reply)
            reply = self._asked_first(message, seen, state, now, reply)
        practical = reply.kind in PRACTICAL and (not care or self._clear_need(seen, reply, state.care_firm))
        if care:  # a clear new need is answered under the help-lines; fear and vagueness get the numbers again
            # "can I talk to someone" is the association's card otherwise: now, the help-lines and a person.
            practical = practical and reply.services[:1] != (self.kb.central_id,)
            moved_on = over and self._new_need(seen, reply, said=surely_over)
            practical = practical or moved_on
            # "should i wait or call someone now, im shaking", "112 or 113?": the numbers first
            if self._says_fear(message) or self._names_emergency_number(message):
                emergency = self._emergency(lang, crisis or _remembered(state), state, person=True)
                if reply.kind in PRACTICAL and reply.services:
                    return self.compose.with_practical(emergency, reply)
                return emergency
            if crisis is None and reply.kind not in PRACTICAL:
                asked = self._asked_once_over(message, seen, state, now)
                if asked is not None:  # "a polícia veio e levaram-no. mas amanhã onde fico com a bebé?"
                    return self._moved_on(asked)
            if surely_over and crisis is None and self._thanks_only(message, seen):
                # "they took him to the hospital, he is safe now. thank you": the danger has passed and nothing is
                # asked; the thanks are answered, under the header.
                thanks = self.compose.simple("smalltalk", lang, state, f"smalltalk_{seen.courtesy}", confidence=0.5)
                return self._moved_on(thanks)
            answered = self._care_answer(message, seen, state, reply, practical, crisis, passed)
            # After a crisis said in words, where the rules answer little: the care gate (the rules alone after a cry
            # for help that named no danger, or a crisis only the model read, where they answer plain needs readily)
            weighed = state.care_firm and crisis is None and not moved_on
            if weighed and reply.kind in PRACTICAL and reply.services[:1] not in ((), (self.kb.central_id,)):
                answered = self._care_choice(message, seen, state, reply, answered)
            if answered is not None:
                return answered
            emergency = self._emergency(lang, crisis or _remembered(state), state, person=True)
            if reply.kind == "detail":  # "c'est gratuit ?": the numbers again first, then what was asked
                return self.compose.with_practical(emergency, reply)
            return emergency
        if crisis is not None:  # possible: the practical answer under a help-line line
            if (
                not practical
                and crisis.langs
                and reply.kind == "fallback"
                and crisis.risk > self.rules.crisis_phrase_alone
                and not seen.elsewhere  # understood: as an everyday question ("mon prof va me tuer si...")
            ):
                return self._emergency(lang, crisis, state)  # an alarm phrase and nothing else understood: "SOS"
            return self.compose.with_helpline_header(reply)
        return reply

    def _danger_told_past(self, message: Normalized, state: ChatState, now: dt.datetime) -> bool:
        """A first message whose danger is told in clauses of what is over ("il y a 20 ans mon mari me frappait, c'est
        loin tout ça. aujourd'hui je cherche une crèche"): what it asks now, read alone, tells of no crisis."""
        told = self.timeframe.asked_now(message.shown, fold_text, now.year)  # a message: nothing of it kept
        if told is None:
            return False
        asked = self.normalize(told)
        read = self.understand(asked, state)
        # and asks something now: "…stehen vor meiner Tür. Ich bin erst seit einer Woche raus" asks nothing
        asks = asked.asks or read.top >= self.rules.crisis_practical_match
        return asks and (read.crisis is None or not read.crisis.certain)

    def _asked_now(
        self, message: Normalized, seen: Understanding, state: ChatState, now: dt.datetime, reply: Reply
    ) -> Reply:
        """A story of what is over, then what is asked now ("i slept in the winter shelter 2 years ago, now i have a
        job and want to donate"): the service the story names is not the one asked for. When the clauses that ask
        name another service surely (an answer, not a choice), that one is answered, in the message's language. A
        service handed over to others is asked about with its past ("SEFIA helped us in 2013, is it still there?")."""
        told = self.timeframe.asked_now(message.shown, fold_text, now.year)  # a message: nothing of it kept
        if told is None or self.kb.service(reply.services[0]).transferred is not None:
            return reply
        asked = self.normalize(told)
        other = self._practical(asked, replace(self.understand(asked, state), lang=seen.lang), state, now)
        if other.kind != "answer" or not other.services:
            return reply
        # a choice offered between the story's service and the one asked is settled by what is asked now, even when
        # the one asked comes first in the choice
        return other if reply.kind == "clarify" or other.services[0] != reply.services[0] else reply

    def _asked_first(
        self, message: Normalized, seen: Understanding, state: ChatState, now: dt.datetime, reply: Reply
    ) -> Reply:
        """Several needs, one said to come first or the others to wait ("j'ai des dettes, mais le plus urgent c'est une
        crèche pour ma fille", "the money can wait, I just need a bed"): the services are read without the words of
        the needs put off, the places and ages from the whole message. When that reading answers with a service of
        ours, it is the answer."""
        put_off = self._put_off(message, seen)
        if not put_off:
            return reply
        read = self.understand(message, state, leave_out=put_off)
        other = self._practical(message, replace(read, lang=seen.lang), state, now)
        if other.kind not in ("answer", "nearest") or other.services[:1] in ((), (self.kb.central_id,)):
            return reply
        return other

    def _put_off(self, message: Normalized, seen: Understanding) -> frozenset[str]:
        """The words of the clauses whose need the message puts after another: with a need said to come first, those
        naming another kind of service; else those naming the kind said to wait. A clause naming no kind (the story
        around: "mon fils a 14 ans") stays. A clause that says what comes first or can wait but names no kind speaks
        of the clause before it ("isso é o mais importante", "ça peut attendre"), unless it opens with "but": then
        that clause is what waits ("j'ai aussi des dettes, mais la petite est plus importante")."""
        order = self.timeframe.order(message.shown, fold_text)  # a message: nothing of it kept
        if order is None:
            return frozenset()
        left = _place_words(message, seen.places) | order.markers
        kinds = [self._clause_kind(words, left) for words in order.clauses]
        wanted: set[str] = set()
        waiting: set[str] = set()
        for span in order.first:
            named = {kinds[i] for i in span} - {None}
            before = kinds[span[0] - 1] if span[0] else None
            if named:
                wanted |= named
            elif before is not None and order.turned[span[0]]:
                waiting.add(before)
            elif before is not None and not any(self._meaningful(w) for w in order.clauses[span[0]] if w not in left):
                wanted.add(before)
        for i in order.later:
            waits = kinds[i] or (kinds[i - 1] if i else None)
            if waits is not None:
                waiting.add(waits)
        if wanted:
            firsts = {i for span in order.first for i in span}
            off = {i for i, kind in enumerate(kinds) if i not in firsts and kind not in wanted}
        else:
            off = {i for i, kind in enumerate(kinds) if kind in waiting} | set(order.later)
        if not any(kind is not None and i not in off for i, kind in enumerate(kinds)):
            return frozenset()  # nothing would be left to ask
        kept = {w for i, words in enumerate(order.clauses) if i not in off for w in words}
        return frozenset(w for i in off for w in order.clauses[i]) - kept | order.markers

    def _clause_kind(self, words: tuple[str, ...], left: set[str]) -> str | None:
        """The kind of service a clause alone reads as surely (its places and the words saying what comes first left
        out: the model reads a place as the house there), if any; never the association itself."""
        said = tuple(w for w in words if w not in left)
        if not said:
            return None
        shares = self._shares(" ".join(self.normalize.expand(said)))
        kind, share = self._likeliest_kind(shares)  # its share among our services, > 0 when found
        if kind is None or share < self.rules.clause_kind:
            return None
        return kind if self._pooled(shares)[kind] / sum(shares.values()) >= self.rules.clause_kind_alone else None

    def _asked_once_over(
        self, message: Normalized, seen: Understanding, state: ChatState, now: dt.datetime
    ) -> Reply | None:
        """After a crisis, a turn telling that the danger has passed, then asking ("la police est venue, ils l'ont
        emmené. est-ce qu'il y a un endroit pour dormir ce soir avec ma fille ?"): the story of the danger weighs on
        every reading of the whole. The clauses the after-crisis model reads as telling it over are set apart; what
        the others ask is answered when they ask for a service of ours surely (an answer), with no crisis nor small
        talk."""
        pieces = [piece for piece in _CLAUSE_WITH_BREAK.findall(message.shown) if piece.strip(_CLAUSE_MARKS + " \t")]
        if len(pieces) < 2:
            return None
        told = [self._over_margin(self.normalize(piece)) > self.rules.danger_over for piece in pieces]
        if not any(told) or all(told):
            return None
        asked = self.normalize(" ".join(piece.strip() for piece, over in zip(pieces, told, strict=True) if not over))
        read = self.understand(asked, state, exact=True)
        if not asked.asks or read.crisis is not None or read.smalltalk is not None:
            return None
        other = self._practical(asked, replace(read, lang=seen.lang), state, now)
        if other.kind != "answer" or other.services[:1] in ((), (self.kb.central_id,)):
            return None
        return other

    def _crisis_certain(self, seen: Understanding, state: ChatState, crisis: CrisisSignal) -> bool:
        """The crisis reply first, or the practical answer under the help-line header: the rules' reading and the
        signals behind it weighed together (bot.core.crisis_gate). Not in the turns of care after a crisis, which
        the rules decide alone."""
        if not self._crisis_gate:
            return crisis.certain
        odds = logistic(self.crisis_features(seen, state, crisis), CRISIS_WEIGHTS, CRISIS_BIAS)
        return odds >= self.rules.crisis_gate_odds

    def crisis_features(self, seen: Understanding, state: ChatState, crisis: CrisisSignal) -> dict[str, float]:
        """What the crisis gate weighs (bot.core.crisis_gate.FEATURES, in that order): `crisis` as the rules read it,
        the message's own reading in `seen`."""
        read = seen.crisis or crisis
        kinds = read.kinds
        values = (
            float(crisis.certain),
            read.risk,
            math.log1p(min(read.doubt, 100.0)),
            float(read.worded),
            float(read.cried),
            float(read.clause),
            float(bool(read.langs)),
            float(read.young),
            seen.top,
            seen.not_ours,
            seen.talk,
            min(len(seen.tokens), 30) / 30,
            max(seen.topics.values(), default=0.0),
            float(self._given(state) is not None),
            float(len(kinds) > 1),
            read.broad,
            *(float(bool(kinds) and kinds[0] == kind) for kind in CRISIS_KINDS),
        )
        return dict(zip(CRISIS_FEATURES, values, strict=True))

    def _danger_apart(self, seen: Understanding) -> float:
        """The crisis risk of the surest clause whose own words fit no service well: a danger told apart from the
        practical question around it ("la maison relais est ouverte à Pâques ? et ça sent le gaz dans l'escalier
        depuis une heure"). The practical need is in another clause and does not make this one practical."""
        return self._told_apart(seen)[0]

    def _told_apart(self, seen: Understanding) -> tuple[float, str | None]:
        """`_danger_apart`'s risk and the kind of crisis its clause reads as (felt kinds left out). Only a clause
        read surely enough to count (over `crisis_apart_certain`) is matched against the services: the crisis model
        has read every clause already, the index has not."""
        readings = [(float("-inf"), None)]
        for clause in seen.clauses:
            risk, kind = self.crisis.kind_read(" ".join(clause))
            if risk <= self.rules.crisis_apart_certain or kind in FEELINGS:
                continue
            tokens = tuple(t for t in self.normalize.expand(clause) if self._meaningful(t))
            matches, _ = self._match(tokens) if tokens else ([], ())
            if not matches or matches[0].score < self.rules.crisis_practical_match:
                readings.append((risk, kind))
        return max(readings, key=lambda reading: reading[0])

    def _possible_apart(self, seen: Understanding) -> CrisisSignal | None:
        """A first message in which nothing reads as a crisis as a whole, but a clause apart from its question does
        ("hat die Maison Relais an Ostern offen? Und im Treppenhaus stinkt es seit einer Stunde nach Gas"): a
        possible crisis, the help-line header on the answer. As the crisis reply it costs more false alarms than it
        finds emergencies (every dev set: none found for 10 false alarms more; frozen test sets, counts: 3 for 9)."""
        risk, kind = self._told_apart(seen)
        if risk <= self.rules.crisis_apart_certain or kind is None:
            return None
        return CrisisSignal(kinds=(kind,), certain=False, risk=risk, clause=True)

    def _new_need(self, seen: Understanding, reply: Reply, said: bool) -> bool:
        """A service of ours (not the association's card) for a need named in more than a few words: "dad is in
        hospital, he's ok. my little brother is 13 and alone after school now, anything in Leudelange?". `said`:
        the danger surely over ("la police est venue, ils l'ont emmené. demain je peux aller où avec mon fils ?"):
        a need in words no service names as its own ("où aller avec mon fils") is answered too."""
        return (
            reply.kind in ("answer", "nearest")
            and reply.services[:1] not in ((), (self.kb.central_id,))
            and seen.top >= self.rules.min_score
            and (said or self._names_a_need(seen))
            and self._other_words(seen.tokens) > self.rules.detail_max_words
        )

    def _over_margin(self, message: Normalized) -> float:
        """How surely a turn after a crisis, or a first message, says its danger has passed (the model of
        knowledge/after_crisis)."""
        if self._over is None or not message.tokens:
            return float("-inf")
        return self._over.margins(" ".join(message.tokens))[OVER]

    def _says_fear(self, message: Normalized) -> bool:
        """Fear said in words (crisis.yaml, `fear`): "j'ai peur", "im shaking", "tenho medo", or with one word more
        before the last ("j'ai tellement peur", "tenho muito medo"). Word for word otherwise, unlike the crisis
        phrases' typo-tolerant reading: these words are short and common, one letter from others ("peur", "pour")."""
        return any(_said(self._fears, message.tokens, one_more_before_last=True))

    def _names_emergency_number(self, message: Normalized) -> bool:
        """The turn names a number every crisis reply shows first (helplines.yaml, `always`: 112, 113): after a
        crisis, "which do I call, 112 or 113?" asks for the numbers, whatever else it reads like."""
        return any(t in self._emergency_numbers for t in message.tokens)

    def _moved_on(self, reply: Reply) -> Reply:
        """A practical answer during the turns after a crisis, under the header: from now on its details are answered
        (care no longer firm), while fear still gets the numbers again."""
        return self.compose.with_helpline_header(replace(reply, state=reply.state.with_(care_firm=False)))

    def _care_answer(
        self,
        message: Normalized,
        seen: Understanding,
        state: ChatState,
        reply: Reply,
        practical: bool,
        crisis: CrisisSignal | None,
        passed: bool = False,
    ) -> Reply | None:
        """In the turns of care, what the rules answer under the header, or None: the numbers again. `passed`: the
        turn asks, once the danger is surely said to be over."""
        if practical and reply.kind != "detail":
            # The person has moved on to a practical need ("alles ok, mee ech brauch eng Betreiung"): its details
            # are answered next, under the header; fear still gets the numbers again.
            return self._moved_on(reply)
        if reply.kind == "fallback" and crisis is None and message.asks and reply.referral is not None:
            # A question a partner answers, asked plainly ("can you help me get my residence permit?", "vous pouvez
            # m'aider à remplir ma déclaration d'impôts ?"): who answers it, under the header; care goes on. Not any
            # question read as not ours: "je fais quoi ???", "soll ech d'Police uruffen?" are fear, the numbers again.
            return self.compose.with_helpline_header(reply)
        if reply.kind == "smalltalk" and seen.smalltalk != "help" and not (state.care_firm and seen.courtesy == "ok"):
            # thanks or a greeting under the header; a bare "ok" after a crisis said in words is the short, vague
            # turn that gets the numbers again, and so is "hilfe": after a crisis a cry for help, not the menu
            return self.compose.with_helpline_header(reply)
        if (
            reply.kind == "detail"
            and crisis is None
            and (not state.care_firm or passed or self._acts_on(message, seen, state))
        ):
            # After a crisis only the model read, and not surely ("40 000 € de dettes, ma femme ne sait
            # rien"), a person acting on the answer ("ok ich ruf an. ist das Jugendhaus heute offen?"), or once the
            # danger is over ("Police ass do, si huelen hien mat. Kann ech haut nach an dee Foyer?"), a question
            # about the service given is answered, under the help-lines; the person has moved on.
            return self._moved_on(reply)
        if not state.care_firm and crisis is None and reply.kind in PRACTICAL:
            # The crisis was a weak reading of the model alone, and the person answers plainly ("le plus grand,
            # 16 ans", "on est à Neudorf"), in words the model reads no crisis in: the answer, under the header.
            return self._moved_on(reply)
        return None

    def _care_choice(
        self, message: Normalized, seen: Understanding, state: ChatState, reply: Reply, answered: Reply | None
    ) -> Reply | None:
        """The rules' answer in a turn of care that reads no crisis, or the care gate's (bot.core.care_gate)."""
        if not self._care_gate:
            return answered
        odds = logistic(self.care_features(message, seen, state, reply, answered is not None), CARE_WEIGHTS, CARE_BIAS)
        if odds >= self.rules.care_gate_odds:  # the odds that the numbers again are what the turn needs
            return None
        return answered or self._moved_on(reply)

    def care_features(
        self, message: Normalized, seen: Understanding, state: ChatState, reply: Reply, rules: bool
    ) -> dict[str, float]:
        """What the care gate weighs (bot.core.care_gate.FEATURES, in that order)."""
        text = " ".join(message.tokens)
        values = (
            float(rules),
            self.crisis.risk_of(text) if self.crisis.detector is not None and text else -1.0,
            seen.top,
            reply.confidence,
            float(reply.kind == "detail"),
            float(self._names_a_need(seen)),
            float(self._by_its_words(seen)),
            min(self._other_words(seen.tokens), 12) / 12,
            float(message.asks),
            float(seen.mentions_detail),
            seen.talk,
            seen.not_ours,
            float(bool(seen.places)),
            float(self._acts_on(message, seen)),
            state.care / max(self.rules.care_turns, 1),
            self._novel_share(seen),
        )
        return dict(zip(CARE_FEATURES, values, strict=True))

    def _crisis_needs(self, seen: Understanding, state: ChatState, care: bool, asks: bool) -> float | None:
        """The margin the crisis model alone needs for the crisis reply, when more than usual:
        - a clear practical need ("jai plu dargent pr rembourcer mes dete", "where exactly is it?" about the service
          just given): else the answer, under the header;
        - a turn of a conversation on one of our services, with no crisis in care ("muss ech dofir an d'Stad kommen?
          ech fuere keen Auto méi"): the conversation is practical, and a crisis that comes up in it is said plainly
          (a new need, a phrase) or read surely by the model (dev sets: every such emergency above 0.55, every
          reading below it a false alarm).
        A crisis phrase is never weighed down so: "la banque me harcèle et je veux en finir avec la vie" fits debt
        advice well, and the model reads it as no crisis."""
        needs = []
        if self._practical_need(seen, state, care):
            surer = self._follows_up(seen, state)  # reads surely as a question about the service given
            needs.append(self.rules.crisis_follow_up_certain if surer else self.rules.crisis_practical_certain)
        understood = seen.top >= self.rules.min_score or seen.talk >= self.rules.talk_share  # a need, or small talk
        # Mid-conversation, a question or a turn that reads as something of ours is practical ("muss ech dofir an
        # d'Stad fueren? ech hunn keen Auto méi"); a statement that reads as nothing else ("oh nee et richt no Rauch
        # am Stéiegenhaus") needs less.
        if not care and self._given(state) is not None:
            practical = asks or understood or seen.follow_up >= self.rules.follow_up_share
            needs.append(self.rules.crisis_mid_certain if practical else self.rules.crisis_mid_unclear_certain)
        if seen.crisis is not None and seen.crisis.doubt >= self.rules.crisis_doubt and understood:
            needs.append(self.rules.crisis_doubt_certain)
        return max(needs, default=None)

    def _tells_crisis_going_on(self, message: Normalized, seen: Understanding) -> bool:
        """After a crisis said in words, a short statement asking nothing ("estou fechada na casa de banho", "nao
        tenho carro nem familia aqui"): where the person is in it, not a need, whatever service its few words fit
        ("casa de banho" fits the rental of toilets for a party). Read as a crisis, it gets the numbers again."""
        return not message.asks and self._other_words(seen.tokens) <= self.rules.detail_max_words

    def _acts_on(self, message: Normalized, seen: Understanding, state: ChatState | None = None) -> bool:
        """A detail question said in a whole sentence, naming what is being done ("ok i will call them tomorrow,
        can i still go to the youth house meanwhile?"): a practical step, not the short or fearful turn ("c'est
        gratuit ?", "j'ai peur", "ok j'appelle, tu peux rester avec moi ?") that gets the numbers again. About the
        service given with the crisis reply, the need the person came with, one detail asked in a whole sentence is
        enough ("kascht dat eppes fir do beroden ze ginn?" after debts and despair)."""
        asked = sum(1 for w in message.words if w in self.details)
        needed = 1 if state is not None and state.crisis_need else self.rules.care_step_details
        return asked >= needed and len(message.words) >= self.rules.care_detail_words

    def _asked_elsewhere(
        self,
        not_ours: float,
        matches: list[Match],
        places: list[PlaceMatch],
        tokens: tuple[str, ...],
        by_words: float,
    ) -> bool:
        """Short, reads like what people ask elsewhere (a tax return, the CNS), and fits nothing of ours well. With a
        place named, it must say more than the place and read so surely ("where can i renew my passport in
        luxembourg city", "a wien huet gëschter gewonnen, Lëtzebuerg géint Portugal?"): a place is what people
        name when they look for one of our houses."""
        rules = self.rules
        top = matches[0].score if matches else 0.0
        if places:  # the n-gram model reads a place as the house there: the words other than the place must fit
            top = min(top, by_words)
        return (
            not_ours >= rules.not_ours_share
            and top < rules.not_ours_below
            and (not places or (len(tokens) > 1 and not_ours >= rules.not_ours_with_place))
            and len(tokens) <= rules.not_ours_words
        )

    def _fits_a_little(self, top: float, tokens: tuple[str, ...]) -> bool:
        """A long story that fits nothing well but some services a little: ask which, not "not understood"."""
        return top >= self.rules.guess_score and len(tokens) >= self.rules.guess_words

    def _clear_need(self, seen: Understanding, reply: Reply, firm: bool) -> bool:
        """After a crisis, a practical need said clearly enough to answer it (under the help-lines): a sure
        match, or a message of more than a few words that names a service or a topic by its own words
        ("gibt es in Neudorf was für Kinder in seinem Alter?"). Short vague turns get the numbers again. After a
        crisis said in words (`firm`), the words must fit well: "não posso contar à minha mãe" after a child's
        disclosure reads "contar" like "contas" (bills), and is no question about debts."""
        short = self._other_words(seen.tokens) <= self.rules.detail_max_words
        if firm and seen.places and short and not self._by_its_words(seen):
            return False  # "on habite à Esch près de la gare": where the person is, no new need
        if reply.confidence >= self.rules.care_practical:
            return True
        return (
            self._names_a_need(seen)
            and (not firm or seen.top >= self.rules.care_practical)
            and self._other_words(seen.tokens) > self.rules.detail_max_words
        )

    def _referral(self, seen: Understanding, service_score: float) -> Partner | None:
        """A partner whose words fit the message better than any service of ours does. When one of ours fits
        too, the message must also read as asked elsewhere: "im 22 unemployed no qualifications, anything for
        young people?" is ours (job insertion), though "unemployed" is the job office's word."""
        if service_score >= self.rules.min_score and seen.not_ours < self.rules.refer_not_ours:
            return None
        found = self.partners.match(seen.tokens, limit=1) if seen.tokens else []
        if found and found[0].score >= self.rules.min_score and found[0].score > service_score:
            return self.kb.partner(found[0].service_id)
        return None

    def _detail(self, service_id: str, lang: str, state: ChatState, now: dt.datetime) -> Reply:
        """A detail asked of the service just given ("quel est le numéro ?", "is it free?"): its card again."""
        topic = state.last_topic
        return self.compose.services_reply(
            "detail", lang, state, [(self.kb.service(service_id), None)], 1.0, now, topic
        )

    def _emergency(self, lang: str, crisis: CrisisSignal, state: ChatState, person: bool = False) -> Reply:
        """The crisis reply first; the chat remembers it for the next turns (never the words, only the kinds), and
        whether it was firm: said in words (a crisis phrase or word combination) or read surely by the model in the
        whole message (not in one clause only), or a firm crisis still being cared for (`person`: this turn is one
        of its turns of care). A call for help that names no danger ("AU SECOURS, personne pour garder mon fils
        demain") is not firm: the person's plain answers next ("on est à Esch, il a 4 ans") are answered, under the
        help-lines."""
        read_surely = crisis.risk >= self.rules.care_firm_risk and not crisis.clause
        sure = (bool(crisis.langs) and not crisis.cried) or crisis.worded or read_surely
        firm = sure or (person and state.care_firm)
        state = state.with_(
            crisis=crisis.kinds, young=crisis.young, care=self.rules.care_turns, care_firm=firm, pending_topic=None
        )
        return self.compose.emergency(lang, crisis.kinds, state, young=crisis.young, person=person)

    def _practical(
        self, message: Normalized, seen: Understanding, state: ChatState, now: dt.datetime, care: bool = False
    ) -> Reply:
        """What the person asks for, crisis aside: small talk, a service, a place, or "not understood". `care`:
        the turns after a crisis, where a short vague turn is never read as a question about an earlier service."""
        lang = seen.lang
        if message.empty:
            return self.compose.simple("fallback", lang, state, "odd_message", menu=True)
        if seen.smalltalk == "association" and not seen.places:  # "c'est quoi Inter-Actions ?": its card
            central = self.kb.service(self.kb.central_id)
            return self.compose.services_reply("answer", lang, state, [(central, None)], 1.0, now, None)
        if self._asks_who(seen):  # "qui êtes-vous ?": who answers, and the association's card
            return self._introduction(lang, state, now)
        if seen.smalltalk is not None and not seen.places:
            key = {
                "hello": "smalltalk_hello",
                "thanks": "smalltalk_thanks",
                "bye": "smalltalk_bye",
                "help": "smalltalk_help",
                "ok": "smalltalk_hello",
                "bot": "smalltalk_bot",
            }[seen.smalltalk]
            return self.compose.simple(
                "smalltalk", lang, state, key, menu=seen.smalltalk in ("hello", "help", "ok", "bot"), confidence=1.0
            )
        # small talk no phrase lists ("yo", "t'es une IA ?", "une blague ?")
        if not care and self._chats(seen, message.asks):
            kind = seen.talk_kind or "chat"
            return self.compose.simple(
                "smalltalk", lang, state, f"smalltalk_{kind}", menu=kind in ("hello", "bot", "chat"), confidence=0.6
            )
        after = self._after_season(message, state, lang, now)
        if after is not None:
            return after
        written = self._language_asked(message, seen)
        if written is not None:  # "posso escrever em português?": yes, and in that language from now on
            chosen = state.with_(lang=written, lang_chosen=True)
            return self.compose.simple("smalltalk", written, chosen, "smalltalk_language", confidence=0.8)
        place = seen.places[0].place if seen.places else None
        for_age = self._topic_for_age(message, state)
        around = self._chat_place(state)  # where the conversation is: where the person lives, or the service given
        where = place or around
        named = self._names_a_need(seen) and self._by_its_words(seen)
        if for_age is not None and where is not None and not seen.elsewhere and not named:
            # "et sa petite sœur, elle a 4 ans ?" after a youth house: the kind made for her age, near there
            scores = {m.service_id: m.score for m in seen.matches}
            follow_up = self.rules.follow_up
            return self._topic_near(for_age, where, lang, state, now, follow_up, scores, misfits=seen.misfits)
        asked_first = self._place_asked_first(message, seen)  # read once: the detail from a place and the decision
        if place is not None and self._from_a_place(seen, state) and not asked_first:
            return self._detail(state.last_service or "", lang, state, now)
        back = self._named_earlier(seen, state) if place is None else None
        if back is not None and (seen.mentions_detail or message.asks or seen.follow_up >= self.rules.follow_up_share):
            # "pour revenir à ma fille, ils ont un numéro à la maison des jeunes ?": a service given before the last
            # one, named by its kind's own words, is asked about again
            return self._detail(back, lang, state.with_(last_topic=self._topic_of.get(back)), now)
        # keys typed at random ask nothing of the service given either
        last = self._given(state) if place is None and not seen.typed_at_random else None
        # After "which of these?", only a bare detail question is about the first: other words choose or say more
        # ("he tinkers with computers, that's more his thing").
        about = last is not None and not state.choosing
        # A first question asking only a detail of the service given, then why ("Ist das kostenlos? Wir müssen auf
        # jeden Euro schauen"), is about it, whatever the reasons read like.
        opens = about and self._opens_with_detail(message)
        # "comment je fais l'inscription à l'ADEM ?" after a service
        elsewhere = not opens and self._elsewhere_now(seen, last)
        # "help" here is a verb ("can they help with my homework?"); thanks or a goodbye around a question
        # ("maachen se och Sproochecoursen? dat wier top") do not end it
        courteous = seen.courtesy in (None, "help") or (seen.courtesy in ("thanks", "bye") and message.asks)
        # What the rules say: a question about the service given (a detail asked of it, or a turn that continues it)
        by_rules = (
            bool(last)
            and not elsewhere
            and (seen.asks_detail or opens or (about and seen.mentions_detail and self._about_last(seen, last or "")))
        )
        if not by_rules and about and not care and courteous:
            by_rules = self._continues(seen, last or "")
        reply, unclear = self._not_a_detail(
            message, seen, state, now, care, place, last, elsewhere, around, asked_first
        )
        by_rules = by_rules or unclear
        if last is None:
            return reply
        detail = self._detail(last, lang, state, now)
        # Only a detail asked ("merci, c'est gratuit ?"), or asked first and then why, is about the service given
        # whatever else the turn says, and so is a question around thanks ("thx! do i need to book?") when the rules
        # read it so; after a crisis a detail is answered under the help-lines only when the rules say so. The rules
        # alone decide those turns: the gate never learned them.
        thanked = seen.courtesy in ("thanks", "bye") and message.asks and by_rules
        # The writer's own need told like a question about the service given, of a kind the service model is sure
        # of ("et moi, la maman, je voudrais apprendre le français, il y a des cours aussi ?" after a youth house)
        for_me = not by_rules and any(_said(self._for_me, message.words))
        own_need = for_me and self._tells_another(seen, last, self.rules.new_need_sure, self.rules.new_need_sure_given)
        ruled = care or seen.asks_detail or opens or thanked or own_need
        return self._choose(seen, message, state, by_rules, detail, reply, ruled=ruled, elsewhere=elsewhere)

    def _choose(
        self,
        seen: Understanding,
        message: Normalized,
        state: ChatState,
        by_rules: bool,
        detail: Reply,
        reply: Reply,
        ruled: bool,
        elsewhere: bool,
    ) -> Reply:
        """The detail of the service given, or the other reply: the rules' reading and every signal behind it,
        weighed together (bot.core.follow_up_gate), unless the turn is `ruled` by the rules alone."""
        if not self._gate_weights or ruled:
            return detail if by_rules else reply
        features = self.follow_up_features(seen, message, state, by_rules, reply, elsewhere)
        odds = logistic(features, self._gate_weights, self._gate_bias)
        return detail if odds >= 0.5 else reply

    def follow_up_features(
        self,
        seen: Understanding,
        message: Normalized,
        state: ChatState,
        by_rules: bool,
        reply: Reply,
        elsewhere: bool,
    ) -> dict[str, float]:
        """What the follow-up gate weighs (bot.core.follow_up_gate.FEATURES, in that order)."""
        last = self._given(state)
        given_kind = self._topic_of.get(last)
        ours = self._topic_of.get(self.kb.central_id)
        others = [p for topic, p in seen.topics.items() if topic not in (given_kind, ours)]
        other_kind = max(others, default=0.0)
        best = seen.best
        found = self.partners.match(seen.tokens, limit=1) if seen.tokens else []
        other = reply.services[0] if reply.services else None
        same_kind = other is not None and self._topic_of.get(other) == given_kind
        served = reply.kind in ("answer", "nearest")
        words = min(self._other_words(seen.tokens), 12) / 12
        rules = float(by_rules)
        values = (
            rules,
            seen.follow_up,
            seen.not_ours_mid,
            seen.not_ours,
            seen.talk,
            seen.topics.get(given_kind, 0.0),
            other_kind,
            seen.topics.get(ours, 0.0),
            seen.top,
            float(self._by_its_words(seen)),
            float(self._names_a_need(seen)),
            float(best is not None and bool(last) and self._other_need(best, last or "")),
            words,
            float(seen.mentions_detail),
            float(message.asks),
            float(elsewhere),
            float(seen.elsewhere),
            found[0].score if found else 0.0,
            float(reply.kind == "fallback"),
            float(reply.kind == "smalltalk"),
            float(reply.kind == "clarify"),
            float(served and same_kind),
            float(served and not same_kind),
            float(other == self.kb.central_id),
            float(state.choosing),
            float(seen.courtesy is not None),
            seen.topics.get(self._topic_of.get(other), 0.0) if other else 0.0,
            seen.topics.get(given_kind, 0.0) - other_kind,
            rules * seen.follow_up,
            rules * words,
            float(self._other_words(seen.tokens) <= 2),
            float(seen.talk_kind in ("thanks", "bye")),
            float(best is not None and best.doc.kind == "learned"),
            self._novel_share(seen),
            float(reply.referral is not None),
            float(other is not None and other in state.earlier),
        )
        return dict(zip(FOLLOW_UP_FEATURES, values, strict=True))

    def _not_a_detail(
        self,
        message: Normalized,
        seen: Understanding,
        state: ChatState,
        now: dt.datetime,
        care: bool,
        place: Place | None,
        last: str | None,
        elsewhere: bool,
        around: Place | None,
        asked_first: bool,
    ) -> tuple[Reply, bool]:
        """What the turn asks if it is no question about the service given, and whether it is so unclear that the
        rules read it as one after all (a short turn understood as nothing, or a detail asked). `asked_first`: a
        short question naming the place opens the message (`_place_asked_first`)."""
        lang = seen.lang
        top = seen.top
        about_us = not place and (top < self.rules.follow_up_below or self._central_first(seen))
        # "help" and a few words that name no need ("wat kanns du eigentlech alles?"), not "Hëllef bei den
        # Hausaufgaben?" nor "vous pouvez m'aider pour ma déclaration d'impôts ?"
        helps = (
            seen.courtesy == "help"
            and (top < self.rules.min_score or self._central_first(seen))
            and self._other_words(seen.tokens) <= self.rules.detail_max_words
            and len(message.words) <= self.rules.help_max_words  # a story after "hilfe," is no question about us
            and not seen.elsewhere
        )
        # "je veux parler à une vraie personne, pas à un robot": asking for a person of ours, said in the association's
        # own phrases, which the small-talk model does not read as small talk. A question naming the bot ("t'es un
        # robot ou une vraie personne ?") asks what it is: its answer says how to reach a person.
        asks_a_person = (
            self._central_first(seen)
            and seen.top >= self.rules.person_asked
            and seen.talk < self.rules.talk_share
            and not (seen.courtesy == "bot" and message.asks and not seen.mentions_detail)
        )
        if about_us and self._asks_who(seen) and not asks_a_person:
            return self._introduction(lang, state, now), False
        if about_us and ((seen.courtesy == "bot" and not asks_a_person) or helps):
            # "t'es un robot ou une vraie personne ?", "wat kanns du eigentlech alles?": what the bot is or can do,
            # with the menu (not inside a long story that says "aidez-moi").
            key = f"smalltalk_{seen.courtesy}"
            return self.compose.simple("smalltalk", lang, state, key, menu=True, confidence=0.8), False
        guess = self._fits_a_little(top, seen.tokens)
        # "ok nickel", "ok peace out" after a service: an "ok" and a word or two that read as small talk, asking
        # nothing, acknowledge it too; "ok, pour ma femme aussi" goes on (no small talk to the model), and so does
        # "ok et le samedi", which the model reads as a question about the service given
        acknowledged = seen.courtesy in ("thanks", "bye") or (
            seen.courtesy == "ok"
            and not seen.mentions_detail
            and seen.follow_up < self.rules.follow_up_share
            and self._other_words(seen.tokens) <= self.rules.acknowledged_words
            and seen.talk >= self.rules.acknowledged_talk
            and not any(t in self._who_words for t in message.tokens)
        )
        thanked = acknowledged and bool(last) and not self._names_a_need(seen) and not message.asks
        # A greeting before a long story that fits nothing is no small talk: "not understood", with the menu.
        # A greeting before a few words that name a need ("moien, wou ass dat nächst Jugendhaus?", "moien, ech sichen
        # eng Plaz fir mäi Kand ze hueden") is that need, as it is without the greeting.
        greeted = seen.courtesy in ("thanks", "bye") or (
            seen.courtesy == "hello" and len(seen.tokens) < self.rules.guess_words and not self._greets_a_need(seen)
        )
        # "comment je renouvelle mon passeport ? merci"; after a greeting, with or without the question mark, words the
        # model reads as no small talk: "moien wéi fëllen ech meng Steiererklärung aus" asks something of someone else
        greets_elsewhere = seen.courtesy == "hello" and seen.talk < self.rules.talk_share
        asked_elsewhere = seen.elsewhere and (message.asks or greets_elsewhere)
        if thanked or (greeted and top < self.rules.min_score and not guess and not asked_elsewhere):
            # "mort de fatigue, merci et bonne soirée": nothing asked, something said: answer the courtesy.
            key = "smalltalk_thanks" if seen.courtesy == "ok" else f"smalltalk_{seen.courtesy}"
            return self.compose.simple("smalltalk", lang, state, key, confidence=0.5), False
        referral = self._referral(seen, top)
        if referral is not None:
            return self.compose.referral(lang, state.with_(pending_topic=None), referral), False
        # "Eigentlich geht es um unsere Schulden, wir wohnen in Esch" after family help: a need of another kind, named
        # by its own words and read by the service model as that kind, is that need at the place, not the
        # conversation's kind of service there.
        given = self._given(state)
        talked_of = state.pending_topic or state.last_topic
        switches = (
            given is not None
            and self._by_its_words(seen)
            and self._other_need(seen.best, given)
            and seen.topics.get(self._topic_of.get(seen.best.service_id), 0.0) >= self.rules.new_need
        ) or self._new_need_there(seen, talked_of)
        placed = self._place_asks_on(message, seen, talked_of)
        named_ids = self._named_services(message, seen.places)

        def decide(matches: list[Match], placed: bool = False, asked_first: bool = False) -> Reply:
            return self._decide(
                matches,
                seen.tokens,
                place,
                lang,
                state,
                now,
                elsewhere,
                around,
                care,
                switches,
                placed,
                seen.misfits,
                asked_first=asked_first,
                named_ids=named_ids,
            )

        reply = decide(seen.matches, placed, asked_first)
        if not care and seen.shares and seen.matches and last is None:
            # the service model alone may name another service: both replies, weighed by the service gate (not in a turn
            # about the service given, whose reply the follow-up gate weighs against a detail of it)
            model_top = max(seen.shares, key=seen.shares.__getitem__)
            if reply.services[:1] != (model_top,):
                alone = self._first_alone(seen, model_top)
                other = decide(alone)
                reply = self._service_choice(seen, state, reply, other, model_top)
        if reply.kind == "fallback" and not elsewhere and not care:
            reply = self._kind_only(seen, place, lang, state, now, around) or reply
        understood_nothing = reply.kind == "fallback" and not elsewhere
        short = self._other_words(seen.tokens) <= self.rules.follow_up_max_words
        # Nothing else understood, but a detail asked, or a short turn ("can i bring my dog?"): of the service the
        # conversation is about.
        unclear = bool(last) and understood_nothing and (seen.mentions_detail or (short and not care))
        if message.truncated:
            reply = _prepend_note(reply, self.compose.t(lang, "too_long"))
        return reply, unclear

    def _language_asked(self, message: Normalized, seen: Understanding) -> str | None:
        """The language someone asks to write to us in ("desculpa, posso escrever em português? o meu francês é
        fraco"), when the message asks nothing else: no need, no detail of a service."""
        words = message.words
        names = {i: self._language_names[w] for i, w in enumerate(words) if w in self._language_names}
        if not names:  # most messages name no language: nothing more is read
            return None
        said = [(i, len(p)) for i in range(len(words)) for p in self._writes_in if words[i : i + len(p)] == p]
        if not said or self._names_a_need(seen) or seen.places or not self._asked_alone(message):
            return None
        # a detail asked besides ("posso escrever em português? até que horas abre?"), not the words of the request
        # itself ("op Lëtzebuergesch schreiwen": "op" also asks when a place is open)
        asked = {j for i, n in said for j in range(i, i + n)} | {j for i in names for j in (i - 1, i)}
        if any(w in self.details for j, w in enumerate(words) if j not in asked):
            return None
        # the language next to the request ("escrever em português", "op Portugisesch schreiwen"), not the one the
        # writer apologises for ("o meu inglês é fraco"); after it when two are as near
        start, n = said[0]

        def away(i: int) -> tuple[int, int]:
            return (i - (start + n - 1), 0) if i >= start + n else (start - i, 1)

        nearest = min(names, key=away)
        return names[nearest] if away(nearest)[0] <= self.rules.language_asked_words else None

    def _asked_alone(self, message: Normalized) -> bool:
        """The request to write in a language is the message's only question ("posso escrever em português? é mais
        fácil"), not one of two ("…? vocês aceitam o chèque-service?") nor a statement before a need ("je vais
        écrire en français. vous pouvez m'aider…")."""
        questions = [fold(part) for part in re.findall(r"[^.?!]+\?", message.shown)]
        return len(questions) == 1 and any(_said(self._writes_in, tuple(questions[0].split())))

    def _after_season(self, message: Normalized, state: ChatState, lang: str, now: dt.datetime) -> Reply | None:
        """After a service open only part of the year (the winter shelter) was given in the conversation, a turn asking
        what comes once its season is over ("e depois do inverno, onde fico?"): the services of its kind open all year
        (the Foyer Obenthalt)."""
        given = next((s for s in (state.last_service, *state.earlier) if s in self._seasonal), None)
        if given is None or not any(_said(self._season_end, message.words)):
            return None
        topic = self.kb.topic(self._topic_of.get(given) or "")
        others = [
            (service, None)
            for sid in (topic.services if topic else ())
            if sid not in self._seasonal and (service := self.kb.service(sid)).active
        ]
        if not others:
            return None
        new_state = state.with_(pending_topic=None, last_topic=topic.id if topic else None)
        return self.compose.services_reply(
            "answer", lang, new_state, others, self.rules.follow_up, now, new_state.last_topic
        )

    def _place_asks_on(self, message: Normalized, seen: Understanding, talked_of: str | None) -> bool:
        """A place said with words that, read without it, ask on about the service given ("on habite à Neudorf"
        after a crèche): the place is the question, not the youth house named after it. Not when the turn says more
        ("e pra mim, tem aulas de frances pra adultos ai em esch?"), names a need by its own words, or says an age
        ("mäin Enkel, hien ass 13, gëtt et eppes zu Clausen?"): a need of its own; nor when what fits best is of the
        conversation's kind ("wéi kommen ech op de Findel?" after a shelter)."""
        return (
            seen.place_follows >= self.rules.place_follows
            and seen.best is not None
            and self._topic_of.get(seen.best.service_id) != talked_of
            and self._other_words(seen.tokens) <= self.rules.detail_max_words
            and not self._by_its_words(seen)
            and not self._ages(message.words)
        )

    def _place_asked_first(self, message: Normalized, seen: Understanding) -> bool:
        """A short question naming a place, then why ("Und in Esch? Da wohnt ihre Oma, das wäre praktischer", "et à
        Strassen ? mon bureau est là-bas"): the question is the place, however long the reason."""
        if not seen.places:
            return False
        first, asked, rest = message.shown.partition("?")
        if not asked or not rest.strip():
            return False
        said = self.normalize(first).words
        named = seen.places[0]
        if len(said) <= named.end:  # the place is named after the question
            return False
        others = [t for i, t in enumerate(said) if not named.start <= i <= named.end]
        # "c loin de Bonnevoie ? j'y habite" asks a detail from a place (`_from_a_place`)
        return len(others) <= self.rules.follow_up_max_words and not self.details.intersection(others)

    def _new_need_there(self, seen: Understanding, talked_of: str | None) -> bool:
        """A place said with words that, read without it, ask for another kind of service and not about the one
        given ("Meine Tochter ist erst 4, gibt es in Esch eine Tagesbetreuung?" after debt counselling): a new need
        at that place (a few words at least: "Esch, svp" asks on). Read with the place, the words would name its
        house ("et à Neudorf ?": its youth house), so they are read without it."""
        kind, share = seen.place_free_kind
        return (
            talked_of is not None
            and self._other_words(seen.tokens) > self.rules.detail_max_words
            and kind is not None
            and kind != talked_of
            and share >= self.rules.place_new_need
            and seen.place_follows < self.rules.follow_up_share
        )

    def _kind_only(
        self,
        seen: Understanding,
        place: Place | None,
        lang: str,
        state: ChatState,
        now: dt.datetime,
        around: Place | None,
    ) -> Reply | None:
        """Not understood, yet the service model is sure of the kind of service, though of no one service ("tenho 18
        anos sai da escola queria trabalhar, qualquer coisa serve": work, but which of four?): that kind's services,
        its likeliest first, rather than "not understood", at the start of a chat or after a service was given.
        Not for a message of no word that could name a need ("je sais pas"): the model's reading is then noise."""
        kind, share = self._likeliest_kind(seen.shares)
        rules = self.rules
        if (
            kind is None
            or not seen.tokens
            or share < rules.kind_sure
            or seen.not_ours >= rules.refer_not_ours
            or seen.talk >= rules.talk_share
        ):
            return None
        best = max((s for s in seen.shares if self._topic_of.get(s) == kind), key=seen.shares.__getitem__)
        alone = self._first_alone(seen, best)
        reply = self._decide(alone, seen.tokens, place, lang, state, now, False, around, misfits=seen.misfits)
        return reply if reply.kind in PRACTICAL else None

    def _first_alone(self, seen: Understanding, service_id: str) -> list[Match]:
        """The matches with this service first, alone among the best: ahead by more than the margin that makes
        services close candidates, and at least as sure as `min_score`."""
        lifted = max(seen.top, self.rules.min_score) + self.rules.ambiguity_margin + 0.01
        first = Match(service_id, lifted, Doc(service_id, "learned", ()))
        return [first, *(m for m in seen.matches if m.service_id != service_id)]

    def _service_choice(
        self, seen: Understanding, state: ChatState, reply: Reply, other: Reply, model_top: str
    ) -> Reply:
        """The engine's reply, or the other one with the service model's best service (bot.core.service_gate)."""
        if not self._service_gate:
            return reply
        odds = logistic(self.service_features(seen, state, reply, other, model_top), SERVICE_WEIGHTS, SERVICE_BIAS)
        return other if odds >= self.rules.service_gate_odds else reply

    def service_features(
        self, seen: Understanding, state: ChatState, reply: Reply, other: Reply, model_top: str
    ) -> dict[str, float]:
        """What the service gate weighs (bot.core.service_gate.FEATURES, in that order)."""
        best = seen.matches[0]
        second = seen.matches[1].score if len(seen.matches) > 1 else 0.0
        first = reply.services[0] if reply.services else None
        values = (
            best.score,
            best.score - second,
            seen.shares.get(model_top, 0.0),
            seen.shares.get(first, 0.0) if first else 0.0,
            seen.shares.get(best.service_id, 0.0),
            float(self._topic_of.get(model_top) == self._topic_of.get(best.service_id)),
            float(bool(seen.places)),
            min(len(seen.tokens), 30) / 30,
            seen.not_ours,
            seen.talk,
            float(self._given(state) is not None),
            seen.follow_up,
            max(seen.topics.values(), default=0.0),
            seen.topics.get(self._topic_of.get(model_top), 0.0),
            *(float(reply.kind == kind) for kind in REPLY_KINDS),
            *(float(other.kind == kind) for kind in REPLY_KINDS),
            *(float(best.doc.kind == kind) for kind in MATCH_KINDS),
            float(model_top == self.kb.central_id),
            float(first == self.kb.central_id),
        )
        return dict(zip(SERVICE_FEATURES, values, strict=True))

    def _decide(
        self,
        matches: list[Match],
        tokens: tuple[str, ...],
        place: Place | None,
        lang: str,
        state: ChatState,
        now: dt.datetime,
        elsewhere: bool = False,
        around: Place | None = None,
        care: bool = False,
        switches: bool = False,
        placed: bool = False,
        misfits: frozenset[str] = frozenset(),
        asked_first: bool = False,
        named_ids: frozenset[str] | None = None,
    ) -> Reply:
        """`around`: where the conversation is (the service given), for a need of a kind that is a place. `care`: the
        turns after a crisis, where a place is where someone is ("ich weiß wo sie wohnt, in Strassen"), not the
        topic of before the crisis asked there. `switches`: the message names another need than the service given
        by its own words, or by its words without the place (`_new_need_there`). `placed`: its words other than the
        place ask on about the service given. `asked_first`: a short question naming the place opens the message
        (`_place_asked_first`). `named_ids`: the services of one offer the message names (`_named_services`)."""
        rules = self.rules
        top = matches[0].score if matches else 0.0
        # A new story told with a place ("autre question, mon petit frère traîne à Bonnevoie") is no place follow-up.
        short = self._other_words(tokens) <= rules.follow_up_max_words or asked_first
        following = short and not elsewhere and not care and not switches and (state.pending_topic or state.last_topic)
        if place is not None and (top < rules.follow_up_below or placed) and following:
            # "et à Esch ?", "Gibt es das auch in Esch?": the topic of the conversation, at the new place.
            topic = self.kb.topic(state.pending_topic or state.last_topic or "")
            if topic is not None and topic.location_bound:
                like = self._alike_given(state)
                apart = misfits | frozenset(state.apart)
                return self._topic_near(
                    topic.id, place, lang, state, now, self.rules.follow_up, {}, like=like, misfits=apart
                )
            given = self._given(state)
            if given:  # one service for all places
                service = self.kb.service(given)
                return self.compose.services_reply(
                    "answer",
                    lang,
                    state,
                    [(service, None)],
                    self.rules.follow_up,
                    now,
                    state.last_topic,
                    place=place.name,
                )
        if top < rules.min_score:
            if place is not None and not tokens:  # nothing but a place: "what is near?"
                return self._near_anything(place, lang, state, now)
            other = not state.last_service or (bool(matches) and self._other_need(matches[0], state.last_service))
            if self._fits_a_little(top, tokens) and other and not elsewhere:
                # Mid-conversation, such a story is rather about the service being talked about, unless it fits
                # another kind of service best ("mäi jéngste Brudder ass 16 an hänkt um Busarrêt rëm").
                return self._clarify(matches, lang, state, top, place)
            return self.compose.fallback(lang, state.with_(pending_topic=None), top)
        if elsewhere:  # what people ask elsewhere (a tax return, the CNS)
            return self.compose.fallback(lang, state.with_(pending_topic=None), top)
        close = [m for m in matches if m.score >= top - rules.ambiguity_margin]
        if place is not None:
            # "... in Clausen": someone naming a place looks for a place; prefer the topics that are places.
            placed = [m for m in close if self._location_bound(m.service_id)]
            close = placed or close
        topics = list(dict.fromkeys(self._topic_of.get(m.service_id) for m in close))
        if len(topics) > 1:
            return self._clarify(close, lang, state, top, place)
        topic = self.kb.topic(topics[0] or "")
        if topic is not None and topic.location_bound:
            where = place or around  # no place named ("a fir hire grousse Brudder, no der Schoul?" in Mersch): there
            if where is not None:
                return self._topic_near(
                    topic.id,
                    where,
                    lang,
                    state,
                    now,
                    top,
                    {m.service_id: m.score for m in matches},
                    named=place is not None,
                    misfits=misfits,
                    named_ids=named_ids,
                )
            if len(close) > 1:
                services = [self.kb.service(m.service_id) for m in close]
                new_state = state.with_(pending_topic=topic.id, last_topic=topic.id)
                return self.compose.topic_list(lang, new_state, topic.id, topic.name.pick(lang), services, top, True)
        origin = place.point if place else None
        services = [(self.kb.service(m.service_id), self._distance(m.service_id, origin)) for m in close]
        if place is not None:  # equal fit: the one nearer the place named comes first (Wanteraktioun at Findel)
            scores = {m.service_id: round(m.score, 2) for m in close}
            services.sort(key=lambda x: (-scores[x[0].id], x[1] if x[1] is not None else float("inf")))
        new_state = state.with_(pending_topic=None, last_topic=topics[0])
        return self.compose.services_reply(
            "answer", lang, new_state, services, top, now, topics[0], place=place.name if place else None
        )

    def _clarify(
        self, matches: list[Match], lang: str, state: ChatState, top: float, place: Place | None = None
    ) -> Reply:
        """Which of these? The best service of each of the first topics, best first; with a place named, the
        topic's service nearest to it where the topic is one service per place ("on habite à Mersch...")."""
        topics = list(dict.fromkeys(self._topic_of.get(m.service_id) for m in matches))[: self.rules.max_choices]
        per_topic = []
        for t in topics:
            topic = self.kb.topic(t or "")
            nearest = self._ranked(topic.id, place.point) if place and topic and topic.location_bound else []
            per_topic.append(
                nearest[0][0]
                if nearest
                else next(self.kb.service(m.service_id) for m in matches if self._topic_of.get(m.service_id) == t)
            )
        # The likeliest reading's topic is the conversation's until another is chosen: a place said next ("moro em
        # Esch") asks for it there.
        first = self._topic_of.get(per_topic[0].id) if per_topic else None
        return self.compose.clarify(lang, state.with_(pending_topic=None, last_topic=first), per_topic, top)

    def _topic_near(
        self,
        topic_id: str,
        place: Place,
        lang: str,
        state: ChatState,
        now: dt.datetime,
        confidence: float,
        scores: dict[str, float],
        named: bool = False,
        like: Mapping[str, float] | None = None,
        misfits: frozenset[str] = frozenset(),
        named_ids: frozenset[str] | None = None,
    ) -> Reply:
        """The topic's services nearest the place first; what the text said still counts (score − distance). In a
        place follow-up, `like`: how alike each is to the service given (bot.core.kinship), for offers at one place.
        `misfits`: services made for other ages than those said come after the others, however near. `named_ids`:
        the services of a topic of one offer at several places that the message names (`_named_services`); when it
        names none of this topic's, the map decides which."""
        like = like or {}
        located = self._ranked(topic_id, place.point)
        best = max(scores.values(), default=0.0)
        divided = self.gazetteer.divided(place)  # "in Luxembourg" names no house of the city's
        fits = scores  # what the text fits, whatever decides first
        if named and not divided and self._read_by_its_letters(place, located):
            scores = {service.id: best for service, _ in located}  # the map decides
        elif named and not divided and (chosen := self._one_offer_first(topic_id, place, located, named_ids)):
            scores = {sid: best for sid in chosen}
        # Services missing from the candidates scored nothing, unless the candidate list was cut short.
        floor = min(scores.values(), default=0.0) if len(scores) >= self.rules.match_limit else 0.0

        def merit(item: tuple[Service, float]) -> float:
            score = scores.get(item[0].id, floor)  # not among the candidates kept: no better than the last
            # Services the text fits about equally well are told apart by distance alone.
            score = best if score >= best - self.rules.place_margin else score
            if named and item[1] <= self.rules.place_named_km and not divided:
                score = max(score, best)
            return score - self.rules.penalty_per_km * item[1]

        # Same merit (same distance, say: all of Mersch): the kind of offer given before decides in a place follow-up
        # (a maison relais for a maison relais), else the text ("Wisestrooss").
        ranked = sorted(
            located,
            key=lambda x: (x[0].id in misfits, -merit(x), -like.get(x[0].id, 0.0), -fits.get(x[0].id, 0.0)),
        )
        new_state = state.with_(pending_topic=None, last_topic=topic_id)
        intro = self.compose.near_place(place.name, lang)
        return self.compose.services_reply(
            "answer",
            lang,
            new_state,
            ranked,
            max(confidence, 0.5),
            now,
            topic_id,
            intro=intro,
            place=place.name,
        )

    def _one_offer_first(
        self,
        topic_id: str,
        place: Place,
        located: list[tuple[Service, float]],
        named_ids: frozenset[str] | None,
    ) -> frozenset[str]:
        """Of a topic that is one offer at several places (the youth houses), with a place named, the services that
        come first, the nearest first: those the message names by their own words or their place ("in Move", "am
        Gronn"), else those the service model learned the place's name for ("Hamm" as Sandweiler's, from the
        studied messages), else all of them (the map decides). Not those whose examples the story reads like ("mäi
        Jong hänkt doheem virum Handy" is in the Grund's). None for another topic, or when what the message named is
        not known."""
        if topic_id not in self._one_offer or named_ids is None:
            return frozenset()
        here = {service.id for service, _ in located}
        return (named_ids & here) or (self.place_names.learned_for(place) & here) or frozenset(here)

    def _named_services(self, message: Normalized, places: list[PlaceMatch]) -> frozenset[str]:
        """The services of one offer at several places that the message names: by a word of their own ("Pafendall",
        "Annexe") or by a place said where one of them is, the nearest of its topic ("am Gronn": the Grund's)."""
        words = set(message.words)
        named = {sid for sid, own in self._one_offer_words.items() if not own.isdisjoint(words)}
        for match in places:
            for topic_id in self._one_offer:
                located = self._ranked(topic_id, match.place.point)
                nearest = located[0][1] if located else float("inf")
                if nearest <= self.rules.place_named_km:  # with the offers at the same place (the Petite Italie's two)
                    named |= {s.id for s, km in located if km <= nearest + self.rules.same_place_km}
        return frozenset(named)

    def _read_by_its_letters(self, place: Place, located: list[tuple[Service, float]]) -> bool:
        """A place with no house of the kind of its own but some within reach (a quarter of the city), that the
        service model learned for none of them: its reading of the name is by letters alone ("Weimerskirch" read
        like Neudorf's "Weimershof", 1.9 km away, where Pfaffenthal's is 1.5 km). Farther away the model's
        reading stays: it carries where writers look from a village with nothing near."""
        nearest = min((km for _, km in located), default=float("inf"))
        if not self.rules.place_named_km < nearest <= self.rules.place_learned_km:
            return False
        return not self.place_names.learned_for(place) & {service.id for service, _ in located}

    def _near_anything(self, place: Place, lang: str, state: ChatState, now: dt.datetime) -> Reply:
        """A bare place name with no topic: the services nearest to it, whatever they are."""
        located = [
            (s, haversine_km(place.point, s.location.point))
            for s in self.kb.services
            if s.active and s.location and s.location.point and s.id != self.kb.central_id
        ]
        ranked = sorted(located, key=lambda x: x[1])
        intro = self.compose.near_place(place.name, lang)
        return self.compose.services_reply(
            "answer",
            lang,
            state.with_(pending_topic=None),
            ranked,
            0.5,
            now,
            None,
            intro=intro,
            place=place.name,
        )

    def nearest(self, point: tuple[float, float], state: ChatState, now: dt.datetime | None = None) -> Reply:
        """A shared location: the nearest services of the pending topic; with none, the nearest of each kind."""
        now = now or dt.datetime.now(LUXEMBOURG_TZ)
        lang = state.lang or self.default_lang
        topic_id = state.pending_topic or state.last_topic
        topic = self.kb.topic(topic_id) if topic_id else None
        intro_key = "nearest_intro" if in_luxembourg(*point) else "location_outside"
        last = state.last_service or ""
        if topic is not None and not topic.location_bound and self._topic_of.get(last) == topic.id:
            # After a service that is not one of a kind per place (street work, debt advice): that service again,
            # with how far it is when it has an address, rather than youth houses nobody asked for.
            new_state = state.with_(pending_topic=None)
            ranked = [(self.kb.service(last), self._distance(last, point))]
            return self.compose.services_reply("nearest", lang, new_state, ranked, 1.0, now, topic_id)
        if topic is None or not topic.location_bound:
            return self._nearest_of_each_kind(point, lang, state, now, intro_key)
        ranked = self._ranked(topic.id, point)
        new_state = state.with_(pending_topic=None, last_topic=topic.id)
        return self.compose.services_reply(
            "nearest", lang, new_state, ranked, 1.0, now, topic.id, intro=self.compose.t(lang, intro_key)
        )

    def _nearest_of_each_kind(
        self, point: tuple[float, float], lang: str, state: ChatState, now: dt.datetime, intro_key: str
    ) -> Reply:
        """No topic pending: the nearest service of each place-bound kind within reach, nearest first (from
        Dudelange, its maison relais before a youth house 14 km away); none within reach: which kind?"""
        nearest = []
        for topic in self.kb.topics:
            if topic.location_bound:
                ranked = self._ranked(topic.id, point)
                if ranked and ranked[0][1] <= self.rules.reach_km:
                    nearest.append(ranked[0])
        if not nearest:
            key = "which_kind" if intro_key == "nearest_intro" else "outside_which_kind"
            return self.compose.simple("clarify", lang, state.with_(pending_topic=None), key, menu=True)
        nearest.sort(key=lambda x: x[1])
        return self.compose.services_reply(
            "nearest",
            lang,
            state.with_(pending_topic=None),
            nearest,
            1.0,
            now,
            None,
            intro=self.compose.t(lang, intro_key),
        )

    def _topic_for_age(self, message: Normalized, state: ChatState) -> str | None:
        """Mid-conversation, an age said ("8 Joer") that the kind of service given is not for, and the place-bound
        kind that is: someone else's need (a younger sister, an older brother), not a detail of that service; the
        same kind again where the service given is made for other ages (`routing_ages`). A
        place-bound kind for every age (a neighbourhood project) is made for no child's age: "an eis Duechter ass 16,
        gëtt et eppes fir hatt?" after one asks for the kind made for 16."""
        given = self._given(state)
        topic = self.kb.topic(self._topic_of.get(given or "") or "")
        age = self._age(message.words)
        if (
            age is None
            and topic is not None
            and topic.ages is not None
            and not self._young_care.isdisjoint(message.words)
        ):
            # "e para o bebé, tem alguma coisa?" after a kind made for older children: a child too young for school
            # (not after a kind for everyone: "un cours de français où on peut venir avec un bébé ?")
            age = self.rules.young_care_age
        if topic is None or age is None:
            return None
        if topic.ages is None and not topic.location_bound:
            return None  # a kind for everyone, anywhere (debts): an age there says whose need it is, no other need
        if topic.ages is not None and topic.ages[0] <= age <= topic.ages[1]:
            # the same kind, unless the place given is made for other ages ("ele tem 11 meses" after a maison relais)
            made_for = self._routing_ages.get(given or "")
            misfit = made_for is not None and not made_for[0] <= age <= made_for[1]
            return topic.id if misfit and topic.location_bound else None
        fits = [t.id for t in self.kb.topics if t.location_bound and t.ages and t.ages[0] <= age <= t.ages[1]]
        return fits[0] if len(fits) == 1 else None

    def _unglued(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """An age typed in one word ("14jährigen", "17yo", "8ans", "18mois") as its number and its age word."""
        if not any(w[:1].isdigit() and not w.isdigit() for w in words):  # most messages
            return words
        out: list[str] = []
        for word in words:
            glued = _GLUED_AGE.fullmatch(word)
            if glued and (glued[2] in self.age_words or glued[2] in self.month_words):
                out += glued.groups()
            else:
                out.append(word)
        return tuple(out)

    def _said_ages(self, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        """(position, age in whole years) of every number followed by an age word ("4 ans", "8 Joer", "13 anos") or
        by a word of months just after a child or "he", "she" ("mon bébé de 18 mois", "elle a 20 mois": 1; "clean 4
        months now", "since 8 month" are no age)."""
        for i, (word, after) in enumerate(pairwise(words)):
            if not word.isdigit() or (after not in self.age_words and after not in self.month_words):
                continue
            if i > 0 and words[i - 1] in self.cycle_words:  # "am Cycle 2 an ech…": a school cycle, then "and"
                continue
            per_year = 12 if after in self.month_words else 1
            if per_year == 12 and self._months_of.isdisjoint(words[max(0, i - self.rules.age_gap) : i]):
                continue
            yield i, int(word) // per_year
            # the numbers listed before share the age word: "de 4, 8 et 14 ans"
            j = i - 1
            while j >= 0 and (
                words[j].isdigit() or (words[j] in self._join_words and j > 0 and words[j - 1].isdigit())
            ):
                if words[j].isdigit():
                    yield j, int(words[j]) // per_year
                j -= 1

    def _ages(self, words: tuple[str, ...]) -> set[int]:
        """The ages said with an age word of the person the need is for: of a child or relative just before ("mon fils
        de 19 ans"), or, where no one else is named, the writer's own ("j'ai 19 ans"). A parent's own age, or a number
        of years ("depuis 3 ans") next to a child named, is not one."""
        words = self._unglued(words)
        people = [i for i, word in enumerate(words) if word in self.people_words]
        gap = self.rules.age_gap
        said = {
            age
            for i, age in self._said_ages(words)
            if not people or any(0 < i - p <= gap + 1 for p in people) or self._age_of_next(words, i)
        }
        return said or {age for p in people if (age := self._age_after(words, p)) is not None}

    def _age_of_next(self, words: tuple[str, ...], at: int) -> bool:
        """The age at `at` describes the child or relative it comes before: "my 17 yo daughter", "a 15 year old
        boy", "meinen 14-jährigen Sohn"."""
        after = at + 2 + (words[at + 2 : at + 3] == ("old",))  # the number, its age word, "old" in English
        return after < len(words) and words[after] in self.people_words

    def _age_after(self, words: tuple[str, ...], person: int) -> int | None:
        """A small number just after the child or relative at `person` ("meng Schwëster ass 6", "my kid is 7"), not
        one of a count or unit ("mon fils a 2 enfants" is rare; "2 Kanner" has no person before it)."""
        within = range(person + 1, min(len(words), person + 1 + self.rules.age_gap))
        at = next((k for k in within if words[k].isdigit()), None)
        if at is None or words[at - 1] in self.cycle_words:  # "säi Brudder am Cycle 4": a school cycle, no age
            return None
        if words[at + 1 : at + 2] and words[at + 1] in self.school_year_words:  # "meinen Sohn (1. Klasse)"
            return None
        age = int(words[at])
        return age if 0 < age <= self.rules.age_young else None

    def _age(self, words: tuple[str, ...]) -> int | None:
        """The first number followed by an age word ("4 ans", "8 Joer", "13 anos"), else a small number just after
        a child or relative ("meng Schwëster ass 6", "a minha filha de 8"; not "2 Kanner")."""
        words = self._unglued(words)
        first = next(self._said_ages(words), None)
        if first is not None:
            return first[1]
        return next(
            (age for i, w in enumerate(words) if w in self.people_words and (age := self._age_after(words, i))), None
        )

    def _chat_place(self, state: ChatState) -> Place | None:
        """Where the conversation is: the place the person named earlier ("nós moramos em Bonnevoie"), else the
        place of the service given, when it is one of a kind per place."""
        if state.place:
            remembered = self.gazetteer.named(state.place)
            if remembered is not None:
                return remembered
        given = self._given(state)
        if given is None or not self._location_bound(given):
            return None
        location = self.kb.service(given).location
        if location is None or location.point is None:
            return None
        name = location.quarter or location.city or ""
        return Place(name, "quarter", location.city or name, location.point[0], location.point[1])

    def _location_bound(self, service_id: str) -> bool:
        topic = self.kb.topic(self._topic_of.get(service_id) or "")
        return topic is not None and topic.location_bound

    def _apart(self, seen: Understanding, state: ChatState) -> tuple[str, ...]:
        """The services made for other ages than this message says, or, if it says none, than the chat said
        before: a place asked next ("e em Mamer?") is for the same child."""
        said = tuple(sorted(sid for sid in seen.misfits if sid in self._routing_ages))
        return said if said or not seen.misfits.isdisjoint(self._topic_ages) else state.apart

    def _alike_given(self, state: ChatState) -> Mapping[str, float]:
        """How alike each service of its topic is to the service given (none given, or no service model: {})."""
        given = self._given(state)
        return self.kinship.to(given) if given and self.kinship is not None else {}

    def _ranked(self, topic_id: str, point: tuple[float, float]) -> list[tuple[Service, float | None]]:
        topic = self.kb.topic(topic_id)
        services = [self.kb.service(s) for s in topic.services] if topic else []
        located = [
            (s, haversine_km(point, s.location.point)) for s in services if s.active and s.location and s.location.point
        ]
        return sorted(located, key=lambda x: x[1])

    def _distance(self, service_id: str, point: tuple[float, float] | None) -> float | None:
        service = self.kb.service(service_id)
        if point is None or not service.location or not service.location.point:
            return None
        return haversine_km(point, service.location.point)

    # Building blocks used by the handlers --------------------------------------------------------------

    def languages(self) -> tuple[str, ...]:
        return LANGUAGES


@dataclass(frozen=True)
class AskedAbout:
    """The words people use asking about a service just given: those of knowledge/follow_ups and the detail words.
    Another word in a turn ("et pour faire reconnaître mon diplôme ?", "and the REVIS, where do I apply?") is
    rather a new need, ours or not, whatever the frame of the question around it. A word sharing its first
    `stem` letters with one of them is one of them ("Öffnungszeiten", "offen")."""

    words: frozenset[str]
    stems: frozenset[str]
    stem: int

    def knows(self, word: str) -> bool:
        return word in self.words or (len(word) >= self.stem and word[: self.stem] in self.stems)


def _words_asked_about(
    kb: Knowledge, phrase: Callable[[str], tuple[str, ...]], details: Iterable[str], stem: int
) -> AskedAbout:
    # Not the studied follow-ups: turns of the dev sets that stayed on the service given also name needs and places
    # ("and the maison des jeunes, is it far?"), and a need's words are what tells a new need from a detail asked.
    words = frozenset(w for m in kb.follow_ups if not m.studied for w in phrase(m.text)) | frozenset(details)
    return AskedAbout(words, frozenset(w[:stem] for w in words if len(w) >= stem), stem)


def _service_task(kb: Knowledge, phrase: Callable[[str], tuple[str, ...]], rules: Thresholds) -> Task | None:
    """Every phrase that describes a service (examples, keywords, names, topic words) and the messages
    people write about it (knowledge/messages) as training texts, and what people ask that is not ours as one
    more label. A linear model per service stops paying beyond a few hundred services (its size grows with their
    number): there the index answers alone."""
    if not 2 <= len(kb.services) <= rules.learned_max_services:
        return None
    rows = [(" ".join(phrase(text)), sid) for sid, _, text, _ in phrases(kb)]
    rows += [(" ".join(phrase(m.text)), m.kind) for m in kb.messages]
    rows += [(" ".join(phrase(m.text)), NOT_OURS) for m in kb.out_of_scope]
    rows += [(" ".join(phrase(m.text)), FOLLOW_UP) for m in kb.follow_ups]
    rows += [(" ".join(phrase(m.text)), TALK + m.kind) for m in kb.chit_chat]
    rows = [(text, sid) for text, sid in rows if text]
    return Task(tuple(t for t, _ in rows), tuple(s for _, s in rows), temperature=rules.learned_temperature)


def _said(
    phrases: Iterable[tuple[str, ...]], tokens: tuple[str, ...], one_more_before_last: bool = False
) -> Iterator[tuple[str, ...]]:
    """The phrases said word for word in the tokens; with `one_more_before_last`, also with one word more before
    their last ("j'ai tellement peur")."""
    for words in phrases:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if tokens[i : i + n] == words or (
                one_more_before_last
                and n >= 2
                and i + n < len(tokens)
                and tokens[i : i + n - 1] == words[:-1]
                and tokens[i + n] == words[-1]
            ):
                yield words
                break


def _without_final_n(words: frozenset[str]) -> frozenset[str]:
    """The forms of words in -en without their final n ("maachen" → "maache"), as Luxembourgish writes them before
    most consonants; short words are left out (their n-less form is too often another word)."""
    return frozenset(w[:-1] for w in words if len(w) >= 6 and w.endswith("en"))


def _crisis_known_words(
    knowledge: Knowledge, phrase: Callable[[str], tuple[str, ...]], ordinary: list[str]
) -> frozenset[str]:
    """Words in their own right, never read as a crisis word misspelt: every word of the services' phrases and of
    small talk ("schléift", sleeps, is not "schléit", hits), and every word of two or more of the messages people
    wrote us that are no crisis ("am besten", best, is not "beaten"). A word of one message only may be its
    writer's typo."""
    known = {w for text in ordinary for w in phrase(text)}
    told = Counter(w for m in _told(knowledge) for w in set(phrase(m.text)))
    return frozenset(known | {w for w, n in told.items() if n >= 2})


def _told(knowledge: Knowledge) -> Iterator[CorpusMessage]:
    """The messages people wrote us that are no crisis: needs told as stories, questions about a service just
    given, what we do not offer, chat."""
    for group in (knowledge.messages, knowledge.follow_ups, knowledge.out_of_scope, knowledge.chit_chat):
        yield from group


def _remembered(state: ChatState) -> CrisisSignal:
    """The crisis this chat is in the turns of care for (its kinds, never its words)."""
    return CrisisSignal(kinds=state.crisis or ("danger",), young=state.young)


def _renormalised(shares: dict[str, float]) -> dict[str, float]:
    """The services' shares among themselves: "not ours" decides on its own and does not dilute them."""
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items()} if total > 0 else shares


def _place_words(message: Normalized, places: Iterable[PlaceMatch]) -> set[str]:
    """The message's words that name these places."""
    return {w for m in places for w in message.words[m.start : m.end + 1]}


def _without(message: Normalized, places: list[PlaceMatch], names: frozenset[str]) -> str:
    """The message as written (accents kept, for the n-grams) without place and service names."""
    drop = _place_words(message, places) | names
    kept = []
    for word in message.shown.split():
        folded = fold_text(word)
        if not folded or not set(folded.split()) <= drop:
            kept.append(word)
    return " ".join(kept)


def _prepend_note(reply: Reply, note: str) -> Reply:
    return replace(reply, blocks=(Text(note), *reply.blocks))
