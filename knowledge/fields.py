"""Typed reading of one YAML entry, reporting each bad field as `file:line entry.field: message`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from knowledge.model import LANGUAGES, MANDATORY_LANGUAGES, Localized
from knowledge.problems import Report
from knowledge.yamlsource import LineDict, LineList


class Fields:
    """Reads the fields of one mapping; every problem goes to the report, never an exception."""

    def __init__(self, data: LineDict, path: Path, entry: str, report: Report) -> None:
        self.data = data
        self.path = path
        self.entry = entry
        self.report = report

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def error(self, key: str, message: str, line: int | None = None) -> None:
        where = f"{self.entry}.{key}" if key else self.entry
        self.report.error(self.path, line or self.line(key), where, message)

    def warn(self, key: str, message: str, line: int | None = None) -> None:
        where = f"{self.entry}.{key}" if key else self.entry
        self.report.warn(self.path, line or self.line(key), where, message)

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.error(str(key), f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")

    def sub(self, key: str) -> Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.error(key, "must be a mapping of fields")
            return None
        return Fields(value, self.path, f"{self.entry}.{key}", self.report)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, "missing")
            return None
        if isinstance(value, (dict, list)) or str(value).strip() == "":
            self.error(key, "must be a non-empty text")
            return None
        return str(value).strip()

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.error(key, f"must be a whole number between {low} and {high}, not {value!r}")
            return None
        return value

    def age_range(self, key: str) -> tuple[int, int] | None:
        """[youngest, oldest], in whole years."""
        value = self.data.get(key)
        if value is None:
            return None
        fine = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            and 0 <= value[0] <= value[1] <= 120
        )
        if not fine:
            self.error(key, f"must be [youngest, oldest], two whole numbers of years from 0 to 120, not {value!r}")
            return None
        return (value[0], value[1])

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.error(key, f"must be a number, not {value!r}")
            return None
        return float(value)

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(key, f"must be a date YYYY-MM-DD, not {value!r}")
            return None

    def time(self, key: str) -> dt.time | None:
        value = self.data.get(key)
        if isinstance(value, int):  # YAML 1.1 reads 07:00 as sexagesimal 420
            value = f"{value // 60:02d}:{value % 60:02d}"
        try:
            return dt.time.fromisoformat(str(value))
        except ValueError:
            self.error(key, f"must be a time HH:MM, not {value!r}")
            return None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(key, "must be a list")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None or str(item).strip() == "":
                self.error(f"{key}[{i}]", "must be a non-empty text", self._item_line(value, i))
            else:
                out.append(str(item).strip())
        return tuple(out)

    def localized(
        self, key: str, required: bool = True, mandatory: tuple[str, ...] = MANDATORY_LANGUAGES
    ) -> Localized | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, "missing")
            return None
        if not isinstance(value, LineDict):
            self.error(key, f"must give the text per language ({', '.join(LANGUAGES)})")
            return None
        texts: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.error(
                    f"{key}.{lang}",
                    f"unknown language {lang!r} (allowed: {', '.join(LANGUAGES)})",
                    value.line_of(lang),
                )
            elif not isinstance(text, str) or not text.strip():
                self.error(f"{key}.{lang}", "must be a non-empty text", value.line_of(lang))
            else:
                texts[lang] = text.strip()
        for lang in mandatory:
            if lang not in value:
                self.error(key, f"missing language {lang!r}")
        return Localized(texts)

    def per_language_lists(self, key: str, minimum: dict[str, int] | None = None) -> dict[str, tuple[str, ...]]:
        value = self.data.get(key)
        if value is None:
            value = LineDict()
            value.line, value.key_lines = self.data.line, {}
        if not isinstance(value, LineDict):
            self.error(key, "must be a mapping: language -> list")
            return {}
        sub = Fields(value, self.path, f"{self.entry}.{key}", self.report)
        out: dict[str, tuple[str, ...]] = {}
        for lang in value:
            if lang not in LANGUAGES:
                sub.error(str(lang), f"unknown language {lang!r} (allowed: {', '.join(LANGUAGES)})")
                continue
            out[lang] = sub.strings(lang)
        for lang, count in (minimum or {}).items():
            if len(out.get(lang, ())) < count:
                have = len(out.get(lang, ()))
                if lang in MANDATORY_LANGUAGES:
                    self.error(key, f"needs at least {count} in {lang!r}, has {have}")
                elif have < count:
                    self.warn(key, f"has {have} in {lang!r}; {count} expected")
        return out

    @staticmethod
    def _item_line(value: Any, index: int) -> int:
        return value.line_of(index) if isinstance(value, LineList) else 0

    def items(self, key: str) -> list[tuple[int, Fields]]:
        """The entries of a list of mappings, each as Fields named `entry.key[i]`."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, "must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, LineDict):
                self.error(f"{key}[{i}]", "must be a mapping of fields", self._item_line(value, i))
                continue
            out.append((i, Fields(item, self.path, f"{self.entry}.{key}[{i}]", self.report)))
        return out
