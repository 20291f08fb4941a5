"""The crisis reply first, or the practical answer under a one-line help-line header?

The crisis detector's readings (its model's margin and kind, phrases found, a call for help, a clause apart) and the
engine's rules about them (a clear practical need, a conversation on one of our services, a kind model that doubts)
each come with a hand-set margin, tuned on the development sets. They still decide, but as features of one logistic
regression that weighs them with how well a service fits, small talk and "not ours". Its weights were fit on every
development set (single messages, crisis sets, conversations) by `python -m benchmarks.eval.fit_crisis_gate`, which
counts a missed emergency five times a false alarm, prints them for this file and checks them set by set, leaving
each set out in turn. The turns of care after a crisis are decided by the rules alone.
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
    "rules": -0.170,
    "risk": 1.580,
    "doubt": -1.644,
    "worded": 3.405,
    "cried": -1.070,
    "clause": -0.419,
    "phrases": 1.651,
    "young": -1.185,
    "fit": -0.033,
    "not_ours": 0.306,
    "talk": -0.088,
    "words": 1.838,
    "kind_share": -1.735,
    "mid_chat": -2.286,
    "kinds": -0.992,
    "broad": 2.318,
    "kind_self": -1.946,
    "kind_self_harm": -1.312,
    "kind_other": -0.377,
    "kind_medical": -0.651,
    "kind_fire": 0.818,
    "kind_violence": 1.149,
    "kind_child_abuse": 1.416,
    "kind_sexual_assault": 0.204,
    "kind_forced_marriage": 0.533,
    "kind_missing_child": 1.185,
    "kind_danger": 0.486,
}
BIAS = 2.433
