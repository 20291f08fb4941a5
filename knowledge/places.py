"""The gazetteer: places of Luxembourg from the CSV files, with the names people use from places.yaml."""

from __future__ import annotations

import csv
from pathlib import Path

from knowledge.contacts import in_luxembourg
from knowledge.fields import Fields
from knowledge.model import LANGUAGES, Place
from knowledge.problems import Report
from knowledge.yamlsource import LineDict, YamlError, read_yaml

PLACES_CSV = "places/lu_places.csv"
COMMUNES_CSV = "places/lu_communes.csv"
REAL_WORDS = "places/real_words.txt"
KINDS = ("quarter", "commune", "locality")


def load_places(root: Path, report: Report) -> tuple[list[Place], str]:
    """All places with their aliases, and the attribution line that must ship with them."""
    rows = _read_csv_places(root / PLACES_CSV, report)
    former = _read_former_names(root / COMMUNES_CSV, report)
    aliases, attribution = _read_aliases(root / "places.yaml", report, rows)
    places = []
    for key, (name, kind, commune, lat, lon) in rows.items():
        tagged = aliases.get(key, ())
        extra = [alias for alias, _ in tagged]
        if kind == "commune":
            extra += former.get(name, [])
        if "/" in name:  # "Neudorf/Weimershof": each part is a name people use
            extra += [part.strip() for part in name.split("/")]
        langs = tuple((alias, lang) for alias, lang in tagged if lang)
        places.append(
            Place(
                name=name,
                kind=kind,
                commune=commune,
                latitude=lat,
                longitude=lon,
                aliases=tuple(dict.fromkeys(a for a in extra if a and a != name)),
                alias_langs=langs,
            )
        )
    return places, attribution


def load_real_words(root: Path, report: Report) -> frozenset[str]:
    """Words one typo from a place name that are words, not typos of it (one per line, # comments)."""
    path = root / REAL_WORDS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return frozenset()
    except (OSError, UnicodeDecodeError) as exc:
        report.error(path, 1, "", f"cannot read the word list: {exc}")
        return frozenset()
    words = set()
    for number, line in enumerate(lines, start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if " " in word or word != word.lower():
            report.error(path, number, word, "one word per line, in lower case")
            continue
        words.add(word)
    return frozenset(words)


def _read_csv_places(path: Path, report: Report) -> dict[str, tuple[str, str, str, float, float]]:
    """Rows keyed by name, or "name, commune" where a name occurs in two communes (Weiler, Fischbach, ...)."""
    rows: dict[str, tuple[str, str, str, float, float]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = list(csv.DictReader(f))
    except OSError as exc:
        report.error(path, 1, "", f"cannot read the gazetteer: {exc.strerror}")
        return rows
    communes = {r.get("name") for r in reader if r.get("kind") == "commune"}
    counts: dict[str, int] = {}
    for r in reader:
        if not (r.get("kind") == "locality" and r.get("name") in communes and r.get("name") == r.get("commune")):
            counts[r.get("name", "")] = counts.get(r.get("name", ""), 0) + 1
    for line, row in enumerate(reader, start=2):
        try:
            name, kind, commune = row["name"].strip(), row["kind"].strip(), row["commune"].strip()
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError, AttributeError):
            report.error(path, line, "", "needs name, kind, commune, lat and lon")
            continue
        if kind not in KINDS:
            report.error(path, line, name, f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
        if not in_luxembourg(lat, lon):
            report.error(path, line, name, f"coordinates {lat}, {lon} are outside Luxembourg")
        if kind == "locality" and name in communes and name == commune:
            continue  # a commune's seat repeats as a locality: the commune stands for both
        key = f"{name}, {commune}" if counts.get(name, 0) > 1 and kind == "locality" else name
        if key in rows:
            report.error(path, line, name, f"{key!r} occurs twice in the gazetteer")
            continue
        rows[key] = (name, kind, commune, lat, lon)
    return rows


def _read_former_names(path: Path, report: Report) -> dict[str, list[str]]:
    former: dict[str, list[str]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                names = [n.strip() for n in (row.get("former_geonames_names") or "").split("|") if n.strip()]
                if names:
                    former[row["commune"]] = names
    except OSError as exc:
        report.error(path, 1, "", f"cannot read the communes: {exc.strerror}")
    return former


def _read_aliases(path: Path, report: Report, rows: dict) -> tuple[dict[str, tuple[tuple[str, str | None], ...]], str]:
    """Aliases per gazetteer name, each with its language when given (`{lb: [...], de: [...]}`)."""
    try:
        data = read_yaml(path)
    except YamlError as exc:
        report.error(path, exc.line, "", exc.message)
        return {}, ""
    if not isinstance(data, LineDict):
        report.error(path, 1, "", "must be a mapping with `attribution` and `aliases`")
        return {}, ""
    top = Fields(data, path, "", report)
    top.unknown_keys({"attribution", "aliases"})
    attribution = top.text("attribution", required=True) or ""
    table = data.get("aliases")
    if not isinstance(table, LineDict):
        top.error("aliases", "must map a gazetteer name to its other names")
        return {}, attribution
    aliases: dict[str, tuple[tuple[str, str | None], ...]] = {}
    sub = Fields(table, path, "aliases", report)
    for key in table:
        if key not in rows:
            sub.error(
                str(key),
                f'unknown place {key!r}: use the name of {PLACES_CSV} ("name, commune" where a name occurs twice)',
            )
            continue
        value = table[key]
        if isinstance(value, dict):
            by_lang = Fields(value, path, f"aliases.{key}", report)
            by_lang.unknown_keys({*LANGUAGES, "other"})
            aliases[key] = tuple(
                (alias, None if lang == "other" else lang) for lang in value for alias in by_lang.strings(lang)
            )
        else:
            aliases[key] = tuple((alias, None) for alias in sub.strings(key))
    return aliases, attribution
