"""Greetings, thanks, goodbyes, "help", "ok" and questions about the bot: messages that hold nothing else, or
small talk said inside a longer message."""

from __future__ import annotations

from collections.abc import Callable, Mapping

_PRECEDENCE = ("bot", "who", "thanks", "bye", "hello", "help", "ok")  # what a message mixing them is answered as


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
        # "boa noite" greets and bids good night: opening a message with more after it, it greets
        self._greetings = frozenset(words for words, kind in self._phrases if kind == "hello")
        self._starting: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # phrases by their first word
        for words, kind in self._phrases:
            if words:
                self._starting.setdefault(words[0], []).append((words, kind))

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

    def opening(self, tokens: tuple[str, ...], kinds: tuple[str, ...]) -> int:
        """How many of the first tokens are small talk of these kinds ("merci villmols"), however many follow."""
        start = 0
        while start < len(tokens):
            found = next(
                (
                    words
                    for words, kind in self._starting.get(tokens[start], ())  # longest first
                    if kind in kinds and tokens[start : start + len(words)] == words
                ),
                None,
            )
            if found is None:
                break
            start += len(found)
        return start

    def kind_within(self, tokens: tuple[str, ...], stopwords: frozenset[str]) -> str | None:
        """The small talk said somewhere in the message, if any ("..., merci et bonne soirée"): a question about
        the bot first ("merci, t'es un robot ?"), then who "you" are, thanks, a goodbye, a greeting ("obrigada pela
        ajuda" is thanks; its "ajuda" asks for nothing). Inside a longer message a phrase counts when it holds a word
        that is no stop word, or is a thanks, goodbye or question about the bot or "you" of five letters or more
        ("merci infiniment"): "re", "hei" or "jo" inside a sentence say nothing."""
        found = set()
        for i, token in enumerate(tokens):
            for words, kind in self._starting.get(token, ()):
                if kind == "hello" and len(words) == 1 and 0 < i < len(tokens) - 1:
                    continue  # a greeting of one word opens or closes a message: "muss ech do eleng hi" (there)
                if tokens[i : i + len(words)] == words and (
                    any(w not in stopwords and len(w) > 1 for w in words)
                    or (kind in ("thanks", "bye", "bot", "who") and len(" ".join(words)) >= 5)
                ):
                    opens = i == 0 and len(words) < len(tokens) and words in self._greetings
                    found.add("hello" if opens else kind)
        return next((kind for kind in _PRECEDENCE if kind in found), None)
