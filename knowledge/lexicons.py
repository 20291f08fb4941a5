"""The smaller files: languages, crisis signals, help-lines, topics and reply templates."""

from __future__ import annotations

import string
from pathlib import Path

from knowledge.contacts import is_phone, is_url
from knowledge.fields import Fields
from knowledge.model import (
    CRISIS_KINDS,
    LANGUAGES,
    CorpusMessage,
    CrisisLexicon,
    Helpline,
    Lexicon,
    Localized,
    Topic,
)
from knowledge.problems import Report
from knowledge.sources import parse_sources
from knowledge.yamlsource import LineDict, YamlError, read_yaml


def _top(path: Path, report: Report, allowed: set[str] | None) -> Fields | None:
    try:
        data = read_yaml(path)
    except YamlError as exc:
        report.error(path, exc.line, "", exc.message)
        return None
    if not isinstance(data, LineDict):
        report.error(path, getattr(data, "line", 1), "", "must be a mapping of names to values")
        return None
    top = Fields(data, path, "", report)
    if allowed is not None:
        top.unknown_keys(allowed)
    return top


def _lang_table(f: Fields, key: str) -> LineDict:
    value = f.data.get(key)
    if not isinstance(value, LineDict):
        f.error(key, "must map each language to its words")
        empty = LineDict()
        empty.line, empty.key_lines = f.data.line, {}
        return empty
    for lang in value:
        if lang not in LANGUAGES:
            f.error(f"{key}.{lang}", f"unknown language {lang!r}", value.line_of(lang))
    return value


def _word_set(top: Fields, key: str, path: Path, report: Report) -> frozenset[str]:
    """The words of a section listed per language, all languages together."""
    words = Fields(_lang_table(top, key), path, key, report)
    return frozenset(w.lower() for lang in LANGUAGES for w in words.strings(lang))


def load_lexicon(path: Path, report: Report) -> Lexicon:
    top = _top(
        path,
        report,
        {
            "markers",
            "stopwords",
            "variants",
            "sms",
            "details",
            "emoji",
            "ages",
            "months",
            "joins",
            "young_care",
            "school_care",
            "child_pronouns",
            "for_me",
            "season_end",
            "writes_in",
            "language_names",
            "people",
            "cycles",
            "school_years",
            "leaves",
            "moves",
            "prices",
            "money",
            "past",
            "turns",
            "first",
            "later",
            "otherwise",
        },
    )
    if top is None:
        return Lexicon({}, {}, {}, {})
    markers: dict[str, dict[str, float]] = {}
    table = _lang_table(top, "markers")
    for lang in LANGUAGES:
        words = table.get(lang)
        if not isinstance(words, dict):
            top.error(f"markers.{lang}", "missing: every language needs marker words")
            continue
        markers[lang] = {}
        for word, weight in words.items():
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight <= 3:
                top.error(f"markers.{lang}.{word}", "weight must be a number from 0 to 3", words.line_of(word))
                continue
            markers[lang][str(word).lower()] = float(weight)
    stops = Fields(_lang_table(top, "stopwords"), path, "stopwords", report)
    stopwords = {lang: frozenset(w.lower() for w in stops.strings(lang)) for lang in LANGUAGES}
    return Lexicon(
        markers=markers,
        stopwords=stopwords,
        variants=_word_map(top, "variants"),
        sms=_word_map(top, "sms"),
        details=_word_set(top, "details", path, report),
        ages=_word_set(top, "ages", path, report),
        months=_word_set(top, "months", path, report),
        joins=_word_set(top, "joins", path, report),
        young_care=_word_set(top, "young_care", path, report),
        school_care=_word_set(top, "school_care", path, report),
        child_pronouns=_word_set(top, "child_pronouns", path, report),
        for_me=_word_set(top, "for_me", path, report),
        season_end=_word_set(top, "season_end", path, report),
        writes_in=_word_set(top, "writes_in", path, report),
        language_names=_language_names(top, path, report),
        cycles=_word_set(top, "cycles", path, report),
        school_years=_word_set(top, "school_years", path, report),
        leaves=_word_set(top, "leaves", path, report),
        moves=_word_set(top, "moves", path, report),
        prices=_word_set(top, "prices", path, report),
        money=_word_set(top, "money", path, report),
        people=_word_set(top, "people", path, report),
        past=_word_set(top, "past", path, report),
        turns=_word_set(top, "turns", path, report),
        first=_word_set(top, "first", path, report),
        later=_word_set(top, "later", path, report),
        otherwise=_word_set(top, "otherwise", path, report),
        emoji={str(k): str(v).lower() for k, v in (top.data.get("emoji") or {}).items() if v},
    )


def _language_names(top: Fields, path: Path, report: Report) -> dict[str, str]:
    """Each name of one of the five languages, in lower case, and the language it names."""
    names = Fields(_lang_table(top, "language_names"), path, "language_names", report)
    return {name.lower(): lang for lang in LANGUAGES for name in names.strings(lang)}


def _word_map(top: Fields, key: str) -> dict[str, str]:
    value = top.data.get(key) or {}
    if not isinstance(value, dict):
        top.error(key, "must map a spelling to its usual form")
        return {}
    return {str(k).lower(): str(v).lower() for k, v in value.items() if v is not None}


def load_crisis(path: Path, report: Report, corpus: tuple[CorpusMessage, ...] = ()) -> CrisisLexicon:
    top = _top(path, report, {"signals", "exceptions", "combinations", "young", "alarm", "cries", "fear"})
    if top is None:
        return CrisisLexicon({}, {}, corpus=corpus)
    signals: dict[str, dict[str, tuple[str, ...]]] = {}
    table = top.sub("signals")
    if table is None:
        top.error("signals", "missing")
        return CrisisLexicon({}, {}, corpus=corpus)
    table.unknown_keys(set(CRISIS_KINDS))
    for kind in CRISIS_KINDS:
        if kind in table.data:
            signals[kind] = table.per_language_lists(kind)
    exceptions = top.per_language_lists("exceptions")
    young = top.per_language_lists("young") if "young" in top.data else {}
    alarm = top.per_language_lists("alarm") if "alarm" in top.data else {}
    cries = top.per_language_lists("cries") if "cries" in top.data else {}
    fear = top.per_language_lists("fear") if "fear" in top.data else {}
    combinations: dict[str, tuple[tuple[str, ...], ...]] = {}
    table_c = top.sub("combinations")
    if table_c is not None:
        table_c.unknown_keys(set(CRISIS_KINDS))
        for kind in table_c.data:
            groups = [g.strings("words") for _, g in table_c.items(kind)]
            if len(groups) < 2:
                table_c.error(str(kind), "needs at least two groups of words")
            combinations[str(kind)] = tuple(groups)
    return CrisisLexicon(
        signals=signals,
        exceptions=exceptions,
        combinations=combinations,
        young=young,
        alarm=alarm,
        cries=cries,
        fear=fear,
        corpus=corpus,
    )


def load_helplines(path: Path, report: Report) -> list[Helpline]:
    top = _top(path, report, {"helplines"})
    if top is None:
        return []
    out = []
    allowed = {"id", "number", "name", "description", "hours", "url", "topics", "always", "sources"}
    for _, f in top.items("helplines"):
        hid = f.text("id", required=True) or "?"
        f.entry = hid
        f.unknown_keys(allowed)
        number = f.text("number", required=True)
        if number is not None and not is_phone(number):
            f.error("number", f"{number!r} is not a Luxembourg or international phone number")
        url = f.text("url")
        if url is not None and not is_url(url):
            f.error("url", f"{url!r} is not a valid http(s) web address")
        sources = parse_sources(f)
        if not sources:
            f.error("sources", "a help-line number needs its source")
        topics = f.strings("topics")
        for topic in topics:
            if topic not in (*CRISIS_KINDS, "parents"):
                f.error("topics", f"unknown crisis kind {topic!r} (use: {', '.join(CRISIS_KINDS)}, parents)")
        out.append(
            Helpline(
                id=hid,
                number=number or "",
                name=f.localized("name"),
                description=f.localized("description"),
                topics=topics,
                always=bool(f.data.get("always", False)),
                hours=f.localized("hours", required=False),
                url=url,
                sources=sources,
            )
        )
    return out


def load_topics(path: Path, report: Report) -> list[tuple[Topic, Fields]]:
    top = _top(path, report, {"topics"})
    if top is None:
        return []
    allowed = {"id", "name", "icon", "services", "category", "keywords", "location_bound", "one_offer", "menu", "ages"}
    out = []
    for _, f in top.items("topics"):
        tid = f.text("id", required=True) or "?"
        f.entry = tid
        f.unknown_keys(allowed)
        topic = Topic(
            id=tid,
            name=f.localized("name") or Localized({}),
            icon=f.text("icon") or "",
            services=f.strings("services"),
            keywords=f.per_language_lists("keywords"),
            location_bound=bool(f.data.get("location_bound", False)),
            one_offer=bool(f.data.get("one_offer", False)),
            menu=bool(f.data.get("menu", True)),
            ages=f.age_range("ages"),
        )
        out.append((topic, f))
    return out


def load_replies(folder: Path, report: Report) -> dict[str, dict[str, str]]:
    """Templates per language; every language must have every template French has, with the same fields."""
    replies: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.yaml"
        if not path.exists():
            report.error(path, 1, "", f"missing: the bot needs its sentences in {lang!r}")
            continue
        top = _top(path, report, None)
        if top is None:
            continue
        replies[lang], lines[lang] = {}, {}
        for key, text in top.data.items():
            if not isinstance(text, str) or not text.strip():
                top.error(str(key), "must be a non-empty text")
                continue
            replies[lang][str(key)] = text.rstrip("\n")
            lines[lang][str(key)] = top.data.line_of(key)
    base = replies.get("fr", {})
    for lang, table in replies.items():
        path = folder / f"{lang}.yaml"
        for key in base:
            if key not in table:
                report.error(path, 1, key, f"template missing in {lang!r} (it is in fr.yaml)")
            elif _fields(table[key]) != _fields(base[key]):
                report.error(
                    path,
                    lines[lang][key],
                    key,
                    f"uses {sorted(_fields(table[key]))} but fr.yaml uses {sorted(_fields(base[key]))}",
                )
        for key in table:
            if key not in base:
                report.error(path, lines[lang][key], key, "unknown template (not in fr.yaml)")
    return replies


def _fields(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return {"<unbalanced braces>"}


SMALLTALK_KINDS = ("hello", "thanks", "bye", "help", "ok", "bot", "who", "association")


def load_smalltalk(path: Path, report: Report) -> dict[str, dict[str, tuple[str, ...]]]:
    top = _top(path, report, set(SMALLTALK_KINDS))
    if top is None:
        return {}
    return {kind: top.per_language_lists(kind, {lang: 1 for lang in LANGUAGES}) for kind in SMALLTALK_KINDS}
