"""The crisis corpus: messages written as people in danger (and people who only sound like it) write them.

`crisis_corpus/<lang>.yaml` maps each crisis kind, and `none` for near-misses, to a list of whole messages. The
learned crisis signal is trained on them, so staff extend it by adding a message under the right kind: a new way
of saying "I want to die" under `self`, a figure of speech that raised a false alarm under `none`.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.model import CRISIS_KINDS, LANGUAGES, CorpusMessage
from knowledge.problems import Report
from knowledge.yamlsource import LineDict, LineList, YamlError, read_yaml

NEAR_MISS = "none"
STUDIED = "studied"  # `fr.studied.yaml`: messages of the development sets, learned from once studied
MAX_CHARS = 1000


def load_corpus(folder: Path, report: Report) -> tuple[CorpusMessage, ...]:
    """Every message of every language file; problems as `file:line kind[i]: message`."""
    return load_messages(folder, report, "the crisis corpus", (*CRISIS_KINDS, NEAR_MISS))


def load_out_of_scope(folder: Path, report: Report) -> tuple[CorpusMessage, ...]:
    """Messages asking for what the association does not offer (a tax return, a residence permit), under a tag
    of the staff's choosing: the service model learns them as one more label, "not us"."""
    return load_messages(folder, report, "the out-of-scope folder", None)


def load_follow_ups(folder: Path, report: Report) -> tuple[CorpusMessage, ...]:
    """What people ask next about a service the bot has just given ("c'est gratuit ?", "do they speak
    Portuguese?"), under an aspect of the staff's choosing: the service model learns them as one more label."""
    return load_messages(folder, report, "the follow-ups folder", None)


CHIT_CHAT_KINDS = ("hello", "thanks", "bye", "bot", "chat")
AFTER_KINDS = ("over", "ongoing")


def load_after_crisis(folder: Path, report: Report) -> tuple[CorpusMessage, ...]:
    """The next turns after an emergency, by whether the danger has passed ("la police l'a emmené, merci") or is
    still there ("il tape encore à la porte"): a model learns to tell them apart, so that care after a crisis
    answers the person who has moved on and keeps giving the numbers to the one still in danger. Optional."""
    if not folder.is_dir():
        return ()
    return load_messages(folder, report, "the after-crisis folder", AFTER_KINDS)


def load_chit_chat(folder: Path, report: Report) -> tuple[CorpusMessage, ...]:
    """Small talk as people write it ("yo", "merci c top je l'appelle demain", "t'es une IA ?"), by kind: the
    service model learns each kind as one more label, for what the phrases of smalltalk.yaml do not list."""
    return load_messages(folder, report, "the chit-chat folder", CHIT_CHAT_KINDS)


def load_service_messages(folder: Path, report: Report, services: set[str]) -> tuple[CorpusMessage, ...]:
    """How people write about each service, for the learned model: `kind` is the service id."""
    return load_messages(folder, report, "the messages folder", tuple(sorted(services)))


def load_messages(folder: Path, report: Report, name: str, kinds: tuple[str, ...] | None) -> tuple[CorpusMessage, ...]:
    """`<lang>.yaml` files mapping a kind (one of `kinds`, or any tag when None) to lists of whole messages, and
    `<lang>.studied.yaml` files of the same form: messages of the development sets, written blind to evaluate the
    bot and studied since (`benchmarks/eval/study.py` writes them; see knowledge/README.md)."""
    if not folder.is_dir():
        report.error(folder, 1, "", f"{name} is missing")
        return ()
    messages: list[CorpusMessage] = []
    first: dict[str, tuple[Path, int]] = {}  # where each message was first met (made readable only for a warning)
    for path in sorted(folder.glob("*.yaml")):
        lang, _, source = path.stem.partition(".")
        if lang not in LANGUAGES or source not in ("", STUDIED):
            codes = ", ".join(LANGUAGES)
            report.error(path, 1, "", f"file name must be a language code ({codes}), or one and .{STUDIED}")
            continue
        try:
            data = read_yaml(path)
        except YamlError as exc:
            report.error(path, exc.line, "", exc.message)
            continue
        if not isinstance(data, LineDict):
            report.error(path, getattr(data, "line", 1), "", "must map kinds to lists of messages")
            continue
        for kind, items in data.items():
            line = data.line_of(kind)
            if kinds is not None and kind not in kinds:
                report.error(path, line, str(kind), f"unknown kind (use one of: {', '.join(kinds)})")
                continue
            if not isinstance(items, LineList):
                report.error(path, line, str(kind), "must be a list of messages")
                continue
            for i, text in enumerate(items):
                where = items.line_of(i)
                if not isinstance(text, str) or not text.strip():
                    report.error(path, where, f"{kind}[{i}]", "must be a message (text)")
                    continue
                if len(text) > MAX_CHARS:
                    report.error(path, where, f"{kind}[{i}]", f"longer than {MAX_CHARS} characters")
                    continue
                key = " ".join(text.casefold().split())
                if key in first:
                    report.warn(
                        path, where, f"{kind}[{i}]", f"same message as {report.rel(first[key][0])}:{first[key][1]}"
                    )
                    continue
                first[key] = (path, where)
                messages.append(CorpusMessage(text=text, kind=str(kind), lang=lang, studied=bool(source)))
    return tuple(messages)
