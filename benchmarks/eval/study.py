"""The development sets' messages, once studied, as training: `knowledge/<folder>/<lang>.studied.yaml`.

    python -m benchmarks.eval.study            # writes the files (run `inter-actions-bot train` after)

The development sets here (`independent*.tsv`, `dev<N>_*.tsv`) were written blind, by helpers who never saw the
knowledge base, to evaluate the bot; their misses were studied and the method tuned on them, so they no longer
measure anything. They are what people write, labelled. Each message goes where the learned models read it:
- a single message, or a conversation's first turn, that expects one service: `messages`, under that service;
- a later turn that expects one service other than the turn before: `messages` too (a new need mid-chat), unless
  the turn before was an emergency (a need said in the turns of care is no model of how needs are said);
- a later turn that expects the same service as the turn before: `follow_ups` (a question about the service given);
- a message that expects `kind:fallback`: `out_of_scope`, a later turn too ("et pour le chômage, c'est chez vous ?"
  after a youth house is still a need that is not ours), unless the turn before was an emergency;
- a crisis set's emergency: `crisis_corpus`, under its type. Not its near-misses: written to sound like a crisis,
  they would teach the crisis models that a crisis told the same way is none (frozen sets, crisis corpus with them
  against without: 8 emergencies fewer for 17 false alarms fewer), and the service model that distress is a need.
A row allowing several services of one kind that is no place teaches the first named (a young person looking for
work: `svc:polygone|schlaifmillen|consultation-socio-pedagogique`, as the brief has it; any of them is right, one
sure answer serves better than three unsure ones). Several kinds (a homeless person: a shelter or the street
workers) or houses of a kind that is a place (which one is the place's to decide) teach nothing. Frozen test sets,
counts (2026-12-06), against teaching nothing: single messages' services +14, rows +16, false alarms -2,
emergencies the same; teaching each of them: services +9, rows -5 (conversation turns -14); the first of one topic,
places too: rows +20 but one emergency fewer; the first of any: services +30, but conversation turns -23 (the winter
shelter's chats lost to the shelter named first for the homeless).
Never taken: the client's shared dev sets (they stay a check), a message equal (folded) to one of theirs or of a
frozen test set, a shared location, a message already in the folder. Small talk and care turns are left: their
kinds are not labelled.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, zip_longest
from pathlib import Path

import yaml

from bot.core.normalize import fold
from bot.core.phrases import primary_topics
from knowledge.corpus import MAX_CHARS, STUDIED
from knowledge.model import CRISIS_KINDS, LANGUAGES, Knowledge

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "benchmarks" / "eval"
KNOWLEDGE = ROOT / "knowledge"
HEADER = """\
# {folder}, {lang}, studied: messages of the development sets (benchmarks/eval: independent*.tsv, dev<N>_*.tsv),
# written blind by helpers to evaluate the bot, studied since, and learned from as training. Written by
# `python -m benchmarks.eval.study`: edit the sets or that script, not this file (it is written again whole).
"""


@dataclass(frozen=True)
class Studied:
    folder: str  # messages, follow_ups, out_of_scope, crisis_corpus
    lang: str
    kind: str  # a service id, a crisis kind, or the tag `studied`
    text: str


def dev_sets(folder: Path = SETS) -> list[Path]:
    return sorted(folder.glob("independent*.tsv")) + sorted(folder.glob("dev[0-9]*_*.tsv"))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


Teach = Callable[[str], str | None]  # an `expected` label -> the service it teaches, or None


def one_service(expected: str) -> str | None:
    if expected.startswith("svc:") and "|" not in expected:
        return expected[4:]
    return None


def first_of_one_kind(kb: Knowledge) -> Teach:
    """`one_service`, and for several services of one topic that is no place, the first named."""
    topic_of = primary_topics(kb)
    placed = {topic.id for topic in kb.topics if topic.location_bound}

    def teach(expected: str) -> str | None:
        if not expected.startswith("svc:"):
            return None
        ids = expected[4:].split("|")
        topics = {topic_of.get(sid) for sid in ids}
        if len(ids) == 1 or (len(topics) == 1 and not topics & placed and None not in topics):
            return ids[0]
        return None

    return teach


def studied(path: Path, teach: Teach = one_service, courtesy: frozenset[str] = frozenset()) -> Iterator[Studied]:
    """What one development set teaches, row by row (see the module's docstring). `courtesy`: one-word thanks,
    greetings and "ok"s, taken off the start of a later turn that is not ours."""
    rows = read(path)
    crisis = "crisis" in path.name
    before, conv = "", None
    for row in rows:
        text, expected = row["text"].strip(), row["expected"]
        lang = row["lang"] if row["lang"] in LANGUAGES else "en"
        first = "conv" not in row or row["conv"] != conv
        conv, previous, before = row.get("conv"), before, expected
        if not text or text.startswith("geo:") or len(text) > MAX_CHARS:
            continue
        service = teach(expected)
        if crisis:  # its near-misses, written to sound like a crisis, would teach both models that one is none
            kind = row.get("type", "")
            if expected == "kind:emergency" and kind in CRISIS_KINDS:
                yield Studied("crisis_corpus", lang, kind, text)
        elif first and service:
            yield Studied("messages", lang, service, text)
        elif expected == "kind:fallback" and (first or previous != "kind:emergency"):
            yield Studied("out_of_scope", lang, STUDIED, text if first else after_courtesy(text, courtesy))
        elif not first and service and expected == previous and len(text) < 200:
            yield Studied("follow_ups", lang, STUDIED, text)
        elif not first and service and expected != previous and previous != "kind:emergency":
            yield Studied("messages", lang, service, text)


def after_courtesy(text: str, courtesy: frozenset[str]) -> str:
    """The turn without the thanks or "ok" it opens with ("ok top. a wéi gëtt d'Wieder um Weekend?"): they answer
    the chat's last reply, and taught as not ours they would make "ok merci" read as not ours."""
    words = text.split()
    start = 0
    while start < len(words) - 2 and fold(words[start]) in courtesy:  # fold drops the word's punctuation
        start += 1
    return " ".join(words[start:]) if start else text


def known(folder: Path) -> set[str]:
    """The messages already in a folder's own files (not its studied ones), folded as the leak test compares them."""
    seen: set[str] = set()
    for path in folder.glob("*.yaml"):
        if path.stem in LANGUAGES:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            seen |= {fold(text) for texts in data.values() for text in texts or () if isinstance(text, str)}
    return seen


def measuring(folder: Path = SETS) -> set[str]:
    """The messages of the sets that measure: the frozen test sets and the client's shared dev sets."""
    paths = [*folder.glob("test*.tsv"), *(ROOT.parent / "shared" / "eval").glob("*.tsv")]
    return {fold(row["text"]) for path in paths for row in read(path)}


def collect(
    paths: Iterable[Path],
    frozen: set[str],
    knowledge: Path,
    teach: Teach = one_service,
    courtesy: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], dict[str, list[str]]]:
    """Per (folder, lang), kind → messages, in the sets' order, each message once per folder."""
    out: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    taken: dict[str, set[str]] = {}
    for path in paths:
        for item in studied(path, teach, courtesy):
            if item.folder not in taken:
                taken[item.folder] = known(knowledge / item.folder)
            folded = fold(item.text)
            if folded in frozen or folded in taken[item.folder]:
                continue
            taken[item.folder].add(folded)
            out[(item.folder, item.lang)][item.kind].append(item.text)
    return out


def balanced(
    collected: dict[tuple[str, str], dict[str, list[str]]], groups: Iterable[Iterable[str]]
) -> dict[tuple[str, str], dict[str, list[str]]]:
    """As many messages for each service of a group (the houses of a kind that is one per place) as for the one
    with fewest, taken in turn from each language: the writers' own preferences (more questions about one youth
    house) would become the model's, and among houses the index cannot tell apart, the nearest is the answer."""
    out = {key: {kind: list(texts) for kind, texts in kinds.items()} for key, kinds in collected.items()}
    messages = sorted(key for key in out if key[0] == "messages")
    for group in map(tuple, groups):
        cap = min(sum(len(out[key].get(sid, ())) for key in messages) for sid in group)
        for sid in group:
            kept: dict[tuple[str, str], list[str]] = defaultdict(list)
            for key, text in islice(_in_turn([(key, out[key].get(sid, [])) for key in messages]), cap):
                kept[key].append(text)
            for key in messages:
                if sid in out[key]:
                    out[key][sid] = kept.get(key, [])
    return out


def _in_turn(queues: list[tuple[tuple[str, str], list[str]]]) -> Iterator[tuple[tuple[str, str], str]]:
    """One message of each queue in turn, the queues' order kept, until all are spent."""
    rounds = zip_longest(*([(key, text) for text in texts] for key, texts in queues))
    return (item for taken in rounds for item in taken if item is not None)


def render(folder: str, lang: str, kinds: dict[str, list[str]]) -> str:
    lines = [HEADER.format(folder=folder, lang=lang)]
    for kind, texts in kinds.items():
        lines.append(f"{kind}:")
        lines += [f"  - {json.dumps(text, ensure_ascii=False)}" for text in texts]
    return "\n".join(lines) + "\n"


def write(knowledge_dir: Path, paths: Iterable[Path]) -> dict[tuple[str, str], int]:
    """The studied files of a knowledge folder, written again whole from these sets: messages per (folder, lang)."""
    import knowledge

    kb = knowledge.load(knowledge_dir)
    groups = [topic.services for topic in kb.topics if topic.location_bound and len(topic.services) > 1]
    said = {fold(p) for kind in ("hello", "thanks", "ok") for ps in kb.smalltalk.get(kind, {}).values() for p in ps}
    courtesy = frozenset(phrase for phrase in said if " " not in phrase)
    collected = balanced(collect(paths, measuring(), knowledge_dir, first_of_one_kind(kb), courtesy), groups)
    for path in knowledge_dir.glob("*/*.studied.yaml"):
        path.unlink()
    counts = {}
    for (folder, lang), kinds in sorted(collected.items()):
        kinds = {kind: texts for kind, texts in kinds.items() if texts}
        (knowledge_dir / folder / f"{lang}.studied.yaml").write_text(render(folder, lang, kinds), encoding="utf-8")
        counts[(folder, lang)] = sum(map(len, kinds.values()))
    return counts


def main() -> None:
    for (folder, lang), count in write(KNOWLEDGE, dev_sets()).items():
        print(f"knowledge/{folder}/{lang}.studied.yaml: {count} messages")


if __name__ == "__main__":
    main()
