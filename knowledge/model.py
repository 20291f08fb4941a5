"""Frozen, typed records of the knowledge base. Built once by the loader, then only read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

LANGUAGES: tuple[str, ...] = ("fr", "lb", "de", "en", "pt")
MANDATORY_LANGUAGES: tuple[str, ...] = ("fr", "lb")
CATEGORIES: tuple[str, ...] = ("youth", "children", "neighbourhood", "street", "social", "association")
# Kinds of crisis, most serious first: each leads to its own numbers (helplines.yaml `topics`).
CRISIS_KINDS: tuple[str, ...] = (
    "self",  # the writer thinks of suicide
    "self_harm",  # the writer hurts themself (cutting, burning)
    "other",  # someone else is at risk of suicide or self-harm
    "medical",  # overdose, unconscious, not breathing, a baby who won't wake
    "fire",  # fire, smoke, gas
    "violence",  # violence happening now or ongoing at home
    "child_abuse",  # a child disclosing abuse, or an adult reporting it
    "sexual_assault",
    "forced_marriage",
    "missing_child",
    "danger",  # followed, threatened, locked in, someone trying to get in
)


class Localized(Mapping[str, str]):
    """Text in several languages; `pick(lang)` falls back to French, then to any language present."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = MappingProxyType(dict(texts))

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Localized({dict(self._texts)!r})"

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._texts.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Localized) and dict(self._texts) == dict(other._texts)

    def pick(self, lang: str) -> str:
        if lang in self._texts:
            return self._texts[lang]
        if "fr" in self._texts:
            return self._texts["fr"]
        return next(iter(self._texts.values()), "")


@dataclass(frozen=True)
class Source:
    field: str
    source: str
    assured_date: dt.date | None = None
    line: int = field(default=0, compare=False, repr=False)  # where it is written, for staff messages


@dataclass(frozen=True)
class ReviewPoint:
    """A fact staff must re-check (for instance two sources that disagree)."""

    field: str
    note: str
    source: str
    assured_date: dt.date | None = None


@dataclass(frozen=True)
class Phone:
    number: str
    type: str = "voice"
    description: Localized | None = None


@dataclass(frozen=True)
class Location:
    city: str | None = None
    quarter: str | None = None
    address_1: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class Schedule:
    """An HSDS weekly schedule item: open on `byday` from `opens_at` to `closes_at`."""

    byday: tuple[str, ...]
    opens_at: dt.time
    closes_at: dt.time
    description: Localized | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    period: str | None = None  # bot field: "school" or "holidays" where hours differ in school holidays


@dataclass(frozen=True)
class Transfer:
    date: dt.date
    message: Localized


@dataclass(frozen=True)
class Service:
    id: str
    category: str
    status: str
    name: Localized
    description: Localized
    examples: Mapping[str, tuple[str, ...]]
    keywords: Mapping[str, tuple[str, ...]]
    alternate_name: tuple[str, ...] = ()
    year_founded: int | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    school_cycles: tuple[int, ...] = ()  # the school cycles it takes children of, where only some (for routing)
    # open only part of each year: (month, day) it opens and (month, day) it closes (the winter shelter)
    season: tuple[tuple[int, int], tuple[int, int]] | None = None
    # the ages its kind of service is made for ("maison relais": school children), for routing only, never shown
    routing_ages: tuple[int, int] | None = None
    eligibility_description: Localized | None = None
    fees_description: Localized | None = None
    application_process: Localized | None = None
    languages: tuple[str, ...] = ()
    location: Location | None = None
    contact_ref: str | None = None
    phones: tuple[Phone, ...] = ()
    email: str | None = None
    url: str | None = None
    schedules: tuple[Schedule, ...] = ()
    transferred: Transfer | None = None
    sources: tuple[Source, ...] = ()
    review: tuple[ReviewPoint, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: an official name, its commune, a centre point and the other names people use."""

    name: str
    kind: str  # quarter | commune | locality
    commune: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()
    alias_langs: tuple[tuple[str, str], ...] = ()  # (alias, language) where the name belongs to one language

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class Helpline:
    id: str
    number: str
    name: Localized
    description: Localized
    topics: tuple[str, ...]
    always: bool = False
    hours: Localized | None = None
    url: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Partner:
    """An organisation that is not Inter-Actions, for needs the association does not answer (a referral)."""

    id: str
    name: Localized
    description: Localized  # what they are for
    keywords: Mapping[str, tuple[str, ...]]  # lang -> the words a person would use for that need
    phones: tuple[Phone, ...] = ()
    email: str | None = None
    url: str | None = None
    sources: tuple[Source, ...] = ()
    review: tuple[ReviewPoint, ...] = ()  # never shown to people


@dataclass(frozen=True)
class Topic:
    """A menu topic or category: what people call it and which services answer it."""

    id: str
    name: Localized
    icon: str
    services: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    location_bound: bool = False
    # one kind of offer at several places (the youth houses): which one is asked for is said by its own words or its
    # place, never by how a message reads like one house's examples; with a place named and none of them, the map
    # decides
    one_offer: bool = False
    menu: bool = True
    ages: tuple[int, int] | None = None  # who its services are for, youngest and oldest (for routing, never shown)


@dataclass(frozen=True)
class Lexicon:
    """Language knowledge from languages.yaml, all words folded (lower case, no accents)."""

    markers: Mapping[str, Mapping[str, float]]
    stopwords: Mapping[str, frozenset[str]]
    variants: Mapping[str, str]
    sms: Mapping[str, str]
    details: frozenset[str] = frozenset()  # words asking about a detail of a service (address, phone, hours)
    ages: frozenset[str] = frozenset()  # words that make the number before them an age ("ans", "Joer", "anos")
    months: frozenset[str] = frozenset()  # words that make the number before them an age in months ("18 mois")
    joins: frozenset[str] = frozenset()  # words that join a list of numbers before one age word ("4, 8 et 14 ans")
    young_care: frozenset[str] = frozenset()  # care of children too young for school ("crèche"): a young child
    school_care: frozenset[str] = frozenset()  # care of school children ("après l'école"): a child of school age
    child_pronouns: frozenset[str] = frozenset()  # he, she: months after them are an age ("elle a 20 mois")
    for_me: frozenset[str] = frozenset()  # the writer's own need mid-chat ("et moi", "fir mech")
    season_end: frozenset[str] = frozenset()  # after a season's end ("après l'hiver", "wenn das zumacht")
    writes_in: frozenset[str] = frozenset()  # asking to write to the bot in a language ("escrever em")
    language_names: Mapping[str, str] = field(default_factory=dict)  # "portugues" -> "pt"
    cycles: frozenset[str] = frozenset()  # words that make the number after them a school cycle ("cycle", "Zyklus")
    school_years: frozenset[str] = frozenset()  # words that make the number before them a school year ("1. Klasse")
    leaves: frozenset[str] = frozenset()  # phrases of leaving the place after them ("quittons", "part de")
    moves: frozenset[str] = frozenset()  # words of moving to a place named within three words after ("déménage")
    prices: frozenset[str] = frozenset()  # words asking a price ("coûte", "kostet"): with them, money is the price
    money: frozenset[str] = frozenset()  # words of money ("argent", "Suen")
    people: frozenset[str] = frozenset()  # a child or relative ("Jong", "sister"): a small number after it is an age
    past: frozenset[str] = frozenset()  # phrases telling of what is over ("il y a # ans"; bot.core.timeframe)
    turns: frozenset[str] = frozenset()  # words turning from a story to what is asked now ("now", "elo")
    first: frozenset[str] = frozenset()  # phrases saying a need comes first ("le plus urgent"; bot.core.timeframe)
    later: frozenset[str] = frozenset()  # phrases putting a need off ("can wait", "on verra après")
    otherwise: frozenset[str] = frozenset()  # words before what happens if a need is not met ("sinon")
    emoji: Mapping[str, str] = field(default_factory=dict)  # an emoji said as a word ("👍" -> "ok")

    @property
    def all_stopwords(self) -> frozenset[str]:
        return frozenset().union(*self.stopwords.values()) if self.stopwords else frozenset()


@dataclass(frozen=True)
class CrisisLexicon:
    signals: Mapping[str, Mapping[str, tuple[str, ...]]]  # kind -> lang -> phrases
    exceptions: Mapping[str, tuple[str, ...]]  # lang -> phrases
    combinations: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # kind -> groups
    young: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> words saying the writer is a child
    alarm: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> words that may hide a crisis
    cries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> calls for help that name no danger
    fear: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> fear said in the turns after a crisis
    corpus: tuple[CorpusMessage, ...] = ()  # whole messages the learned signal is trained on


@dataclass(frozen=True)
class CorpusMessage:
    """One message of the crisis corpus: `kind` is a crisis kind, or "none" for a near-miss."""

    text: str
    kind: str
    lang: str
    studied: bool = False  # from a `<lang>.studied.yaml` file: a development set's message, not written as training


@dataclass(frozen=True)
class Warning_:
    """A point for staff that does not stop the bot."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Knowledge:
    services: tuple[Service, ...]
    topics: tuple[Topic, ...]
    places: tuple[Place, ...]
    helplines: tuple[Helpline, ...]
    replies: Mapping[str, Mapping[str, str]]  # lang -> key -> template
    lexicon: Lexicon
    crisis: CrisisLexicon
    smalltalk: Mapping[str, Mapping[str, tuple[str, ...]]]  # kind (hello, thanks, ...) -> lang -> phrases
    attribution: str
    central_id: str = "inter-actions"
    warnings: tuple[Warning_, ...] = ()
    partners: tuple[Partner, ...] = ()
    out_of_scope: tuple[CorpusMessage, ...] = ()  # what people ask that the association does not offer
    messages: tuple[CorpusMessage, ...] = ()  # how people write about each service (kind: the service id)
    follow_ups: tuple[CorpusMessage, ...] = ()  # what people ask next about a service just given (kind: the aspect)
    chit_chat: tuple[CorpusMessage, ...] = ()  # small talk as people write it (kind: hello, thanks, bye, bot, chat)
    after_crisis: tuple[CorpusMessage, ...] = ()  # the turns after an emergency (kind: over, ongoing)
    real_words: frozenset[str] = frozenset()  # words one typo from a place name that are no typo of it
    digest: str = field(default="", compare=False)  # hash of the files it was loaded from; "" when built in code
    _by_id: Mapping[str, Service] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({s.id: s for s in self.services}))

    def service(self, service_id: str) -> Service:
        return self._by_id[service_id]

    def has_service(self, service_id: str) -> bool:
        return service_id in self._by_id

    @property
    def central(self) -> Service:
        return self._by_id[self.central_id]

    def partner(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def text(self, lang: str, key: str, **values: object) -> str:
        """A reply template in `lang` (French when missing), filled with `values`."""
        table = self.replies.get(lang) or self.replies["fr"]
        template = table.get(key) or self.replies["fr"][key]
        return template.format(**values) if values else template
