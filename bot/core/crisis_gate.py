"""The crisis reply first, or the practical answer under a one-line help-line header?

The crisis detector's readings (its model's margin and kind, phrases found, a call for help, a clause apart) and the
engine's rules about them (a clear practical need, a conversation on one of our services, a kind model that doubts)
each come with a hand-set margin, tuned on the development sets. They still decide, but as features of one logistic
regression that weighs them with how well a service fits, small talk and "not ours". Its weights were fit on every
development set (single messages, crisis sets, conversations), each replayed by models that did not learn from it
(benchmarks.eval.gate_fitting: cross-fitting), by `python -m benchmarks.eval.fit_crisis_gate`, which counts a missed
emergency five times a false alarm, prints them for this file and checks them set by set, leaving each set out in
turn. The turns of care after a crisis are decided by the rules alone. Refit on 2026-12-07 with dev round 61 (leaving
each set out: 2634 of 2649 emergencies and 109 false alarms, against 2627 and 163 for the rules alone).
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.model import CRISIS_KINDS

FEATURES = (
    "rules",  # the rules give the crisis reply first
    "risk",  # the crisis model's margin (above 0: more crisis than not)
    "doubt",  # log(1 + the kind model's share for no crisis against its likeliest kind's)
    "worded",  # a phrase or a word combination named the danger
    "cried",  # the only phrases found are calls for help that name no danger ("SOS")
    "clause",  # a clause of a long message decided it
    "phrases",  # a phrase matched at all
    "young",  # the person at risk is a child or a teenager
    "fit",  # how well the best service fits
    "not_ours",  # the service model's share for what the association does not offer
    "talk",  # its share for small talk
    "words",  # the message's meaningful words, up to 30, over 30
    "kind_share",  # the service model's best share for a kind of service
    "mid_chat",  # a service of ours was given earlier in the conversation
    "kinds",  # more than one kind of crisis read
    "broad",  # the margin of the crisis model that also read everyday messages (knowledge/messages...)
    *(f"kind_{kind}" for kind in CRISIS_KINDS),  # the likeliest kind
)

WEIGHTS: Mapping[str, float] = {
    "rules": 0.313,
    "risk": 0.403,
    "doubt": -0.937,
    "worded": 1.590,
    "cried": -1.370,
    "clause": -2.526,
    "phrases": 1.591,
    "young": -0.827,
    "fit": 0.339,
    "not_ours": -0.093,
    "talk": -0.552,
    "words": 0.285,
    "kind_share": -2.877,
    "mid_chat": -1.480,
    "kinds": -0.968,
    "broad": 3.880,
    "kind_self": -1.435,
    "kind_self_harm": -0.205,
    "kind_other": -0.919,
    "kind_medical": -0.242,
    "kind_fire": 1.484,
    "kind_violence": 0.455,
    "kind_child_abuse": 1.056,
    "kind_sexual_assault": 0.024,
    "kind_forced_marriage": 0.381,
    "kind_missing_child": 0.872,
    "kind_danger": 0.237,
}
BIAS = 3.010
