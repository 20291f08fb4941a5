"""Greetings, thanks, goodbyes, "help" and "ok": messages that hold nothing else."""

from __future__ import annotations

from collections.abc import Callable, Mapping

_PRECEDENCE = ("bot", "thanks", "bye", "hello", "help", "ok")  # what a message mixing them is answered as


class SmallTalk:
    def __init__(
        self, table: Mapping[str, Mapping[str, tuple[str, ...]]], phrase: Callable[[str], tuple[str, ...]]
    ) -> None:
        self._phrases: list[tuple[tuple[str, ...], str]] = []
        for kind, by_lang in table.items():
            for texts in by_lang.values():
                self._phrases.extend((phrase(t), kind) for t in texts)
        self._phrases.sort(key=lambda p: -len(p[0]))  # longest first: "merci beaucoup" before "merci"
        self.words = frozenset(w for words, _ in self._phrases for w in words)

    def kind_of(self, tokens: tuple[str, ...], stopwords: frozenset[str]) -> str | None:
        """The kind of small talk when the message is only that, else None."""
        rest = [t for t in tokens if t not in stopwords or t in self.words]
        if not rest or any(t not in self.words for t in rest):
            return None
        text = " " + " ".join(rest) + " "
        for words, kind in self._phrases:
            if f" {' '.join(words)} " in text:
                return kind
        return None

    def kind_within(self, tokens: tuple[str, ...], stopwords: frozenset[str]) -> str | None:
        """The small talk said somewhere in the message, if any ("..., merci et bonne soirée"), thanks before a
        goodbye before a greeting ("obrigada pela ajuda" thanks; its "ajuda" asks for nothing); a question about
        the bot before all ("merci, t'es un robot ?"). Inside a longer
        message a phrase counts when it holds a word that is no stop word, or is a thanks or goodbye of five
        letters or more ("merci infiniment"): "re", "hei" or "jo" inside a sentence say nothing."""
        text = " " + " ".join(tokens) + " "
        found = {
            kind
            for words, kind in self._phrases
            if (
                any(w not in stopwords and len(w) > 1 for w in words)
                or (kind in ("thanks", "bye", "bot") and len(" ".join(words)) >= 5)
            )
            and f" {' '.join(words)} " in text
        }
        return next((kind for kind in _PRECEDENCE if kind in found), None)
