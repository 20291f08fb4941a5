"""`inter-actions-bot report unanswered`: what people asked that the bot could not answer, grouped.

Only with UNANSWERED_LOG=on: the normalised text of messages that ended in a fallback, with no chat identifier,
kept 30 days at most. Staff read the groups and add the missing example questions to knowledge/.
"""

from __future__ import annotations

from rapidfuzz import fuzz

SIMILAR = 80  # token_set_ratio at or above which two questions are counted as one


def group(texts: list[str], limit: int = 30) -> list[tuple[int, str, list[str]]]:
    """(count, representative, variants), most frequent first."""
    groups: list[list[str]] = []
    for text in sorted(texts, key=len):
        for members in groups:
            if fuzz.token_set_ratio(text, members[0]) >= SIMILAR:
                members.append(text)
                break
        else:
            groups.append([text])
    ranked = sorted(groups, key=lambda g: -len(g))[:limit]
    return [(len(g), g[0], sorted(set(g[1:]))[:5]) for g in ranked]


def report(store_texts: list[str]) -> str:
    if not store_texts:
        return "No unanswered questions kept (is UNANSWERED_LOG=on?)."
    lines = []
    for count, text, variants in group(store_texts):
        lines.append(f"{count:4}  {text}")
        lines.extend(f"        ~ {v}" for v in variants)
    return "\n".join(lines)
