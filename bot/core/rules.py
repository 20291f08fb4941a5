"""Named thresholds of the decision (Rasa style): tuned on the development sets, changed here only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    min_score: float = 0.45  # below: nothing the charity offers fits → fallback
    ambiguity_margin: float = 0.08  # services within this of the best are "close candidates"
    max_choices: int = 3  # a clarifying question offers at most this many
    penalty_per_km: float = 0.03  # with a place named, each km away costs this much score
    place_margin: float = 0.35  # with a place named, services of a topic this close in score are ranked by distance
    learned_weight: float = 0.3  # share of the learned n-gram signal in a service's score (the index has the rest)
    learned_temperature: float = 8.0  # softmax temperature turning the n-gram model's margins into shares
    learned_candidate: float = 0.05  # a service the n-gram model gives this share or more is a candidate
