"""Crisis first: suicide, self-harm, someone else at risk, violence, abuse, medical emergencies, fire, a missing
child or immediate danger, in five languages, with typos, inside long messages.

Two signals, read together for recall:
- phrases and word combinations of knowledge/crisis.yaml (words in order with at most `crisis_max_gap` others
  between them; words of five letters or more tolerate one typo, unless the message's word is a word of the
  knowledge base's ordinary questions in its own right; figures of speech listed as exceptions are taken out
  first);
- a learned n-gram model trained on knowledge/crisis_corpus (whole messages of every kind, and near-misses) and on
  the knowledge base's ordinary questions, which reads what no phrase foresaw.

The result is graded. A *certain* crisis gets the crisis reply first. A *possible* one (an alarm word with a clear
practical need, "SOS dettes") gets the practical answer with a one-line help-line header on top.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.core.fuzzy import FuzzyVocabulary
from bot.core.learned import NgramClassifier, Task
from bot.core.thresholds import Thresholds
from knowledge.model import CRISIS_KINDS, CorpusMessage, CrisisLexicon

NONE = "none"
CRISIS = "crisis"
OVER = "over"  # knowledge/after_crisis: the danger of a crisis told earlier has passed
ONGOING = "ongoing"
# An age of a child or a teenager next to its unit ("14 ans", "13 Joer", "15 yo"): the young people's line first.
_CHILD_AGE = re.compile(r"\b([6-9]|1[0-7]) ?(ans?|joer|jahre?n?|years?|yrs?|yo|anos?)\b")


@dataclass(frozen=True)
class CrisisSignal:
    kinds: tuple[str, ...]  # the kinds found, most serious first (knowledge.model.CRISIS_KINDS)
    certain: bool = True  # False: possible only, a help-line header on the practical answer
    young: bool = False  # the person at risk is a child or a teenager
    langs: tuple[str, ...] = ()  # the languages of the phrases that matched (none: the model alone spoke)
    risk: float = 0.0  # the crisis model's margin (above 0: more crisis than not)
    doubt: float = 0.0  # the kind model's share for "no crisis" against its likeliest kind's (above 1: none likelier)
    cried: bool = False  # the only phrases found are calls for help that name no danger ("au secours", "SOS")
    worded: bool = False  # a phrase or a word combination named the danger (not the model alone, not a cry)
    clause: bool = False  # a clause decided it, and the whole message alone was no sure reading (no firm care)
    broad: float = 0.0  # the margin of the crisis model that also read everyday messages (`risk` without it)


class _PhraseSet:
    def __init__(
        self, phrases: list[tuple[tuple[str, ...], str, str]], max_gap: int, known: frozenset[str] = frozenset()
    ) -> None:
        """`known`: words in their own right, read only as themselves, never as a typo of a phrase's word."""
        self.max_gap = max_gap
        self.known = known
        # the readings of known words, kept once read: they are the knowledge base's words, never only a person's
        self._known_readings: dict[str, frozenset[str]] = {}
        self.phrases = [p for p in phrases if p[0]]
        self.vocabulary = FuzzyVocabulary(w for words, _, _ in self.phrases for w in words)
        self.words = frozenset(self.vocabulary.words())
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, (words, _, _) in enumerate(self.phrases):
            self._by_word[words[0]].append(i)

    def find(
        self, tokens: tuple[str, ...], read: Sequence[frozenset[str]] | None = None
    ) -> list[tuple[int, tuple[int, ...]]]:
        """(phrase index, positions of its words in `tokens`) for every phrase present. `read`: each token's readings
        in a set of phrases that holds these (and has the same `known`): looked up once for many sets."""
        readings = [self.readings(t) for t in tokens] if read is None else [r & self.words for r in read]
        found = []
        for start, words in enumerate(readings):
            for first in words:
                for i in self._by_word.get(first, ()):
                    positions = _follow(self.phrases[i][0], readings, start, self.max_gap)
                    if positions is not None:
                        found.append((i, positions))
        return found

    def readings(self, token: str) -> frozenset[str]:
        if token not in self.known:
            return frozenset(w for w, _ in self.vocabulary.lookup(token))
        kept = self._known_readings.get(token)
        if kept is None:
            # a word in its own right is itself ("schléift", sleeps, is not "schléit", hits; "am besten" is not
            # "beaten"), or a phrase word with another ending ("ich bring mich um": "bringt")
            found = (w for w, _ in self.vocabulary.lookup(token))
            kept = self._known_readings[token] = frozenset(w for w in found if w == token or _same_stem(token, w))
        return kept


def _same_stem(a: str, b: str) -> bool:
    """One word is the other with an ending added ("bring", "bringt") or its last letter changed ("perds",
    "perdu"), and they share three letters at least: not "schléift" (sleeps) and "schléit" (hits)."""
    short, long = sorted((a, b), key=len)
    if len(short) < 3 or short == long:
        return False
    if len(short) == len(long):
        return short[:-1] == long[:-1]
    return len(long) - len(short) <= 2 and long.startswith(short)


def _follow(
    phrase: tuple[str, ...], readings: list[frozenset[str]], start: int, max_gap: int
) -> tuple[int, ...] | None:
    positions = [start]
    at = start
    for word in phrase[1:]:
        nxt = next((j for j in range(at + 1, min(len(readings), at + 2 + max_gap)) if word in readings[j]), None)
        if nxt is None:
            return None
        positions.append(nxt)
        at = nxt
    return tuple(positions)


class CrisisDetector:
    def __init__(
        self,
        lexicon: CrisisLexicon,
        phrase: Callable[[str], tuple[str, ...]],
        rules: Thresholds | None = None,
        detector: NgramClassifier | None = None,
        kinds: NgramClassifier | None = None,
        stopwords: frozenset[str] = frozenset(),
        known: frozenset[str] = frozenset(),
        broad: NgramClassifier | None = None,
    ) -> None:
        """`detector` tells crisis from none, `kinds` which kind or none (trained from `crisis_tasks`); without
        them the phrases decide alone. An alarm word that is a stop word of another language (English "die", German
        "die") alarms no one."""
        self.rules = rules or Thresholds()
        signals = [
            (phrase(text), kind, lang)
            for kind, by_lang in lexicon.signals.items()
            for lang, texts in by_lang.items()
            for text in texts
        ]
        exceptions = [(phrase(text), "exception", lang) for lang, texts in lexicon.exceptions.items() for text in texts]
        # A call for help alone ("SOS", "au secours") alarms like a phrase of danger; `cried` says it named no danger.
        cries = [(phrase(text), "danger", lang) for lang, texts in lexicon.cries.items() for text in texts]
        self._cries = frozenset(range(len(signals), len(signals) + len(cries)))
        signals += cries
        gap = self.rules.crisis_max_gap
        self._signals = _PhraseSet(signals, gap, known)
        self._exceptions = _PhraseSet(exceptions, gap)
        # Combinations: a kind is signalled when words of two of its groups meet in one message
        # ("pills" + "no point", "hits" + "little brother"), however the sentence is built.
        self._groups = [
            (kind, i, _PhraseSet([(phrase(text), kind, "") for text in words], gap, known))
            for kind, groups in lexicon.combinations.items()
            for i, words in enumerate(groups)
        ]
        # every word of the phrases and combinations, to read each word of a message once for all of them
        self._every = _PhraseSet(signals + [p for _, _, group in self._groups for p in group.phrases], gap, known)
        self._young = _PhraseSet(
            [(phrase(t), "young", lang) for lang, texts in lexicon.young.items() for t in texts], gap
        )
        self._alarm = frozenset(w for texts in lexicon.alarm.values() for t in texts for w in phrase(t)) - stopwords
        self.detector = detector
        self.kinds = kinds
        self.broad = broad

    def check(
        self, tokens: tuple[str, ...], content: int | None = None, clauses: Sequence[tuple[str, ...]] = ()
    ) -> CrisisSignal | None:
        """The crisis this message speaks of, graded, or None. `content`: how many of its words say something
        (not stop words, places or small talk); with none ("Äddi", "et à Esch ?") only a phrase can alarm.
        `clauses`: the tokens of a long message's clauses, each read alone too (see `_surest_clause`)."""
        if not tokens:
            return None
        phrased, langs, unmasked, cried = self._phrased(tokens)
        text = " ".join(tokens)
        heard = self.detector is not None and (content is None or content > 0)
        risk, kind_margins = self._read(text) if heard else (1.0 if phrased else -1.0, {})
        rules = self.rules
        clause = False
        read_text = text
        if heard and clauses:
            clause_risk, clause_margins, clause_text = self._surest_clause(clauses)
            if clause_risk > max(risk, rules.crisis_clause_certain):
                # read surely only in one clause: no firmer care than the whole message's reading gives
                clause = risk < rules.care_firm_risk
                risk, kind_margins, read_text = clause_risk, clause_margins, clause_text
        every_share = self.kinds.shares(kind_margins) if kind_margins else {}
        shares = {k: p for k, p in every_share.items() if k != NONE}
        likeliest = max(shares, key=shares.__getitem__) if shares else None
        # Missing someone who wants to die costs most: the model alone needs less when it reads that kind.
        certain_from = rules.crisis_certain_self if likeliest in ("self", "self_harm") else rules.crisis_certain
        if risk > certain_from or (phrased and risk > rules.crisis_phrase_certain):
            certain = True
        elif phrased or risk > rules.crisis_possible or self._alarm.intersection(unmasked):
            # A crisis phrase the model has seen in near-misses ("SOS dettes", violence told years later), a
            # message the model is unsure about, or an alarm word ("le crédit me tue"): the practical answer,
            # under the help-lines.
            certain = False
        else:
            return None
        kinds = set(phrased)
        top = max(shares.values(), default=0.0)
        kinds |= {k for k, p in shares.items() if p >= rules.crisis_kind_share * top}
        return CrisisSignal(
            kinds=tuple(k for k in CRISIS_KINDS if k in kinds) or ("danger",),
            certain=certain,
            young="child_abuse" in kinds or self._is_young(tokens),
            langs=langs,
            risk=risk,
            # how much likelier the kind model finds "no crisis" than its likeliest kind
            doubt=every_share.get(NONE, 0.0) / max(top, 1e-9) if shares else 0.0,
            cried=cried,
            worded=bool(phrased) and not cried,
            clause=clause,
            broad=self.broad.margins(read_text)[CRISIS] if heard and self.broad is not None else risk,
        )

    def _surest_clause(self, clauses: Sequence[tuple[str, ...]]) -> tuple[float, dict[str, float], str]:
        """The crisis risk of the clause read most surely as a crisis, its kind margins and its text. The model
        reads a whole message as one bag of n-grams: in a long story of debts or work, the few words of a crisis
        weigh little against the many practical ones, and the story reads as no crisis."""
        texts = [" ".join(clause) for clause in clauses]
        return max(
            ((*self._read(text), text) for text in texts), key=lambda read: read[0], default=(float("-inf"), {}, "")
        )

    def risk_of(self, text: str) -> float:
        """More crisis than not above 0. A crisis is many different things (fire, pills, a knife): besides the
        one crisis-or-not line, the kind model's best kind against its `none` votes, in `crisis_kind_vote`
        share (about two points of recall at the same false alarms, 4-fold cross-validated)."""
        return self._read(text)[0]

    def kind_read(self, text: str) -> tuple[float, str | None]:
        """The crisis risk of a text and the kind the kind model finds likeliest in it (None without that model)."""
        risk, margins = self._read(text)
        shares = {k: p for k, p in self.kinds.shares(margins).items() if k != NONE} if margins else {}
        return risk, (max(shares, key=shares.__getitem__) if shares else None)

    def _read(self, text: str) -> tuple[float, dict[str, float]]:
        """The crisis risk of a text and the kind model's margins it was weighed with."""
        margins = self.kinds.margins(text) if self.kinds is not None else {}
        return self._risk(text, margins), margins

    def _risk(self, text: str, kind_margins: dict[str, float]) -> float:
        risk = self.detector.margins(text)[CRISIS]
        vote = self.rules.crisis_kind_vote
        if not vote or NONE not in kind_margins:
            return risk
        best = max(v for k, v in kind_margins.items() if k != NONE)
        return (risk + vote * (best - kind_margins[NONE])) / (1 + vote)

    def _phrased(self, tokens: tuple[str, ...]) -> tuple[set[str], tuple[str, ...], tuple[str, ...], bool]:
        """The kinds the phrases and combinations find, their languages, the words left once figures of speech are
        taken out, and whether calls for help were all they found."""
        masked = set()
        for _, positions in self._exceptions.find(tokens):
            masked.update(range(positions[0], positions[-1] + 1))
        if masked:
            tokens = tuple("" if i in masked else t for i, t in enumerate(tokens))
        read = [self._every.readings(t) for t in tokens]
        hits = self._signals.find(tokens, read)
        combined = self._combined(tokens, read)
        kinds = {self._signals.phrases[i][1] for i, _ in hits} | combined
        cried = bool(hits) and not combined and all(i in self._cries for i, _ in hits)
        return kinds, tuple(dict.fromkeys(self._signals.phrases[i][2] for i, _ in hits)), tokens, cried

    def _combined(self, tokens: tuple[str, ...], read: Sequence[frozenset[str]]) -> set[str]:
        seen: dict[str, set[int]] = {}
        for kind, group, phrases in self._groups:
            if phrases.find(tokens, read):
                seen.setdefault(kind, set()).add(group)
        return {kind for kind, groups in seen.items() if len(groups) >= 2}

    def _is_young(self, tokens: tuple[str, ...]) -> bool:
        return bool(self._young.find(tokens)) or bool(_CHILD_AGE.search(" ".join(tokens)))


def crisis_tasks(
    lexicon: CrisisLexicon,
    phrase: Callable[[str], tuple[str, ...]],
    ordinary: Sequence[str],
    rules: Thresholds,
    told: Sequence[str] = (),
    after: Sequence[CorpusMessage] = (),
) -> dict[str, Task]:
    """What the crisis models learn from: crisis or not (every kind pooled against the near-misses and the
    ordinary messages, where the line is hardest to draw), which kind or none, and, with `told`, crisis or not
    again against those and everyday messages too.
    `ordinary`: phrases that are no crisis (the services' phrases, small talk). `told`: whole messages people
    write that are no crisis (stories of a need, questions about a service, what we do not offer, chat). `after`:
    turns after an emergency (knowledge/after_crisis), for a model that reads whether its danger has passed."""
    crises = [(" ".join(phrase(m.text)), m.kind) for m in lexicon.corpus if m.kind != NONE]
    others = [" ".join(phrase(m.text)) for m in lexicon.corpus if m.kind == NONE]
    others += [" ".join(phrase(text)) for text in ordinary]
    crises = [(t, k) for t, k in crises if t]
    others = [t for t in others if t]
    if not crises or not others:
        return {}  # no corpus (a test knowledge base): phrases alone
    texts = tuple(t for t, _ in crises) + tuple(others)
    tasks = {
        "crisis": Task(
            texts,
            (CRISIS,) * len(crises) + (NONE,) * len(others),
            c=rules.crisis_c,
            balanced=rules.crisis_balanced,
            intercept=False,  # a message the model knows nothing of is no evidence either way
            space=rules.crisis_space,
        )
    }
    everyday = [t for t in (" ".join(phrase(text)) for text in told) if t]
    if everyday:
        # Kept apart from the first model, which it does not replace: it learns that long stories of debts or
        # a lost flat and short questions ("kriegt man da lohn?") are everyday, and with them misses some crises
        # told inside such stories. The crisis gate weighs both readings. The everyday messages add no n-gram
        # of their own to the crisis models' space (memory: every n-gram is a weight in each of them).
        first = tasks["crisis"]
        tasks["crisis_broad"] = replace(
            first, texts=texts + tuple(everyday), labels=first.labels + (NONE,) * len(everyday), space_texts=texts
        )
    over = [t for t in (" ".join(phrase(m.text)) for m in after if m.kind == OVER) if t]
    if over:
        # Has the danger passed? Every crisis told as it happens is one that has not, like the turns of the
        # after-crisis corpus that say so ("il est encore là"). Its texts add no n-gram to the crisis space: the
        # crisis models stay as they are (and memory too).
        ongoing = [t for t in (" ".join(phrase(m.text)) for m in after if m.kind == ONGOING) if t]
        ongoing += [t for t, _ in crises]
        tasks["over"] = Task(
            tuple(over) + tuple(ongoing),
            (OVER,) * len(over) + (ONGOING,) * len(ongoing),
            c=rules.crisis_c,
            balanced=True,
            space=rules.crisis_space,
            space_texts=texts,
        )
    if len({k for _, k in crises}) > 1:
        # Which kind, or none: every kind against the rest, so it also says how much of a crisis it is.
        tasks["crisis_kinds"] = Task(
            texts,
            tuple(k for _, k in crises) + (NONE,) * len(others),
            c=rules.crisis_c,
            balanced=True,
            intercept=False,
            space=rules.crisis_space,
        )
    return tasks
