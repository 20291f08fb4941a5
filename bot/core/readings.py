"""Readings of knowledge-base text kept between starts, so a restart does not read every phrase again.

Building the engine reads some 25,000 texts of the knowledge base (the crisis corpus, the services' phrases and
messages): each is folded and normalised, and each service phrase loses its place names. These readings are pure:
the same text, knowledge files and engine code give the same reading (no threshold takes part). So they are kept in
the model store under a hash of the knowledge files and the code, and a start with nothing changed looks them up
instead (start-up time). Any change of a knowledge file or of the engine's code makes a new key and the texts are
read again. Only knowledge-base text goes in, never a person's message.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import knowledge.model

log = logging.getLogger(__name__)

# The code a reading depends on: the engine's, and the loader's that built the lexicon and places it reads with (a
# knowledge folder named by KNOWLEDGE_DIR holds data only, so its hash does not cover the loader).
_SOURCES = (Path(__file__).resolve().parent, Path(knowledge.model.__file__).resolve().parent)
_NONE = "-"  # a reading of None; a reading is folded words (letters and digits), so never "-"
_UNSAFE = ("\t", "\n", "\r")  # the file's separators: a text holding one is read again at each start

Reading = tuple[str, ...] | None


def code_digest() -> str:
    """A hash of the engine's and the loader's source: a reading depends on the code that made it."""
    digest = hashlib.sha256()
    for folder in _SOURCES:
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{folder.name}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Readings:
    """Readings by name ("phrase", "terms"), found in the store or made now; `save` keeps the new ones."""

    def __init__(self, path: Path | None, known: dict[str, dict[str, Reading]]) -> None:
        self._path = path
        self._known = known
        self._added = False

    @classmethod
    def open(cls, store: Path | None, knowledge_digest: str) -> Readings:
        """The readings kept for this knowledge and code, or none. Without a store or a digest of the knowledge
        files (a knowledge base built in code), readings are made and never kept."""
        if store is None or not knowledge_digest:
            return cls(None, {})
        key = hashlib.sha256(f"{knowledge_digest}\n{code_digest()}".encode()).hexdigest()[:24]
        path = store / f"readings-{key}.txt"
        return cls(path, _read(path))

    def wrap(self, name: str, read: Callable[[str], Reading]) -> Callable[[str], Reading]:
        """`read`, looked up first: what was read at the last start, or earlier in this one."""
        known = self._known.setdefault(name, {})

        def looked_up(text: str) -> Reading:
            if text in known:
                return known[text]
            reading = read(text)
            known[text] = reading
            self._added = self._added or _keepable(text)
            return reading

        return looked_up

    def save(self) -> None:
        """Keep the readings when this start made new ones; older files of other knowledge go."""
        if self._path is None or not self._added:
            return
        lines = [
            f"{name}\t{text}\t{_NONE if reading is None else ' '.join(reading)}"
            for name, table in sorted(self._known.items())
            for text, reading in table.items()
            if _keepable(text)
        ]
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            for old in self._path.parent.glob("readings-*.txt"):
                if old != self._path:
                    old.unlink(missing_ok=True)
            partial = self._path.with_name(f".{self._path.name}.partial")
            partial.write_text("\n".join(lines), encoding="utf-8")
            partial.replace(self._path)  # whole or not at all: replicas may start at the same moment
        except OSError as exc:
            log.warning("could not keep the readings (%s): they will be made again at the next start", exc)
        self._added = False


def _keepable(text: str) -> bool:
    return not any(c in text for c in _UNSAFE)


def _read(path: Path) -> dict[str, dict[str, Reading]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("kept readings unreadable (%s): reading again", type(exc).__name__)
        return {}
    known: dict[str, dict[str, Reading]] = {}
    for line in text.split("\n") if text else ():
        parts = line.split("\t")
        if len(parts) != 3:
            log.warning("kept readings unreadable (a line of %d fields): reading again", len(parts))
            return {}
        name, said, reading = parts
        known.setdefault(name, {})[said] = None if reading == _NONE else tuple(reading.split())
    return known
