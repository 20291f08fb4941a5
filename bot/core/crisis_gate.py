"""The crisis reply first, or the practical answer under a one-line help-line header?

The crisis detector's readings (its model's margin and kind, phrases found, a call for help, a clause apart) and the
engine's rules about them (a clear practical need, a conversation on one of our services, a kind model that doubts)
each come with a hand-set margin, tuned on the development sets. They still decide, but as features of one logistic
regression that weighs them with how well a service fits, small talk and "not ours". Its weights were fit on every
development set (single messages, crisis sets, conversations), each replayed by models that did not learn from it
(benchmarks.eval.gate_fitting: cross-fitting), by `python -m benchmarks.eval.fit_crisis_gate`, which counts a missed
emergency five times a false alarm, prints them for this file and checks them set by set, leaving each set out in
turn. The turns of care after a crisis are decided by the rules alone.
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
    "rules": 0.505,
    "risk": 1.079,
    "doubt": -1.094,
    "worded": 2.972,
    "cried": -0.811,
    "clause": -0.926,
    "phrases": 1.153,
    "young": -0.471,
    "fit": -0.289,
    "not_ours": 0.365,
    "talk": -0.513,
    "words": 1.040,
    "kind_share": -2.090,
    "mid_chat": -1.241,
    "kinds": -0.656,
    "broad": 3.079,
    "kind_self": -1.688,
    "kind_self_harm": -0.381,
    "kind_other": 0.011,
    "kind_medical": -0.731,
    "kind_fire": 0.609,
    "kind_violence": 0.806,
    "kind_child_abuse": 1.211,
    "kind_sexual_assault": -0.334,
    "kind_forced_marriage": 0.432,
    "kind_missing_child": 0.440,
    "kind_danger": 0.933,
}
BIAS = 1.984
