"""Mid-conversation, after a service was given: is this turn a question about it, or something else?

The engine's rules (`Engine._continues`, `_about_last`, `_elsewhere_now`...) each weigh a few signals with a
hand-set threshold, and every one was tuned on the development conversations. Those readings still decide, but
as features of one logistic regression that sees them all at once: what the rules say, the service model's shares
(a follow-up, not ours, small talk, the given kind against another kind), how well the index fits, how many other
words the turn has, what the other reply would be. Its weights were fit on the development conversations by
`python -m benchmarks.eval.fit_gate`, which prints them for this file and the leave-one-set-out check; refit them
when the rules or the models change a lot.

The gate only chooses between two replies the engine has already composed (the detail of the service given, or
what the turn asks otherwise). The rules alone decide a turn that only asks a detail ("merci, c'est gratuit ?"), asks
one first and then says why, or asks a question around thanks that the rules read as a detail, and the turns of care
after a crisis.
"""

from __future__ import annotations

from collections.abc import Mapping

# The features, in order: every one is 0..1 (or a share), so that no weight is large because a value is.
FEATURES = (
    "rules",  # the hand-written rules read it as a question about the service given
    "follow_up",  # the service model's share for a question about a service just given
    "not_ours_mid",  # its share for what the association does not offer, against a follow-up too
    "not_ours",  # the same against our services only
    "talk",  # its share for small talk
    "given_kind",  # its share for the kind of the service given
    "other_kind",  # its best share for another kind
    "ours_kind",  # its share for the association's own phrases
    "fit",  # how well the best service fits (index and model)
    "own_words",  # the best fit is named by a service's or a topic's own words
    "names_need",  # the message fits a service well (Engine._names_a_need)
    "other_need",  # the best fit is another need than the service given
    "other_words",  # words that are not detail words, up to 12, over 12
    "mentions_detail",  # a detail word somewhere
    "asks",  # a question mark or a question word
    "elsewhere_now",  # the rules read it as asked elsewhere, in this conversation
    "elsewhere",  # it reads like what people ask elsewhere, and fits nothing of ours well
    "partner",  # how well a partner's name or keyword fits
    "other_fallback",  # the other reply: not understood / not ours
    "other_smalltalk",  # ... small talk
    "other_clarify",  # ... "which of these?"
    "other_same_kind",  # ... a service of the kind given
    "other_other_kind",  # ... a service of another kind
    "other_central",  # ... the association itself
    "choosing",  # the last reply asked "which of these?"
    "courtesy",  # thanks, a greeting, a goodbye somewhere in it
    "other_kind_share",  # the model's share for the kind of the other reply's service
    "given_over_other",  # given_kind minus other_kind
    "rules_x_follow_up",  # what the rules say, times the follow-up share
    "rules_x_other_words",  # what the rules say, times other_words
    "two_words",  # at most two other words
    "thanks_or_bye",  # the likeliest small talk is thanks or a goodbye
    "model_only",  # the best fit is the service model's alone (no phrase of the index)
    "novel",  # words no question about a service given uses, up to novel_words, over novel_words
    "other_referral",  # the other reply names a public service that answers this need (not ours)
    "other_earlier",  # the other reply's service was given earlier in the chat ("back to the anger thing")
)

# Fit by `python -m benchmarks.eval.fit_gate` (C=1.0) on the development conversations, each replayed by models that
# did not learn from it (benchmarks.eval.gate_fitting: cross-fitting); see its output in
# benchmarks/eval/README.md. Empty: the rules decide alone.
WEIGHTS: Mapping[str, float] = {
    "rules": 0.617,
    "follow_up": 2.984,
    "not_ours_mid": -0.664,
    "not_ours": -1.413,
    "talk": -0.504,
    "given_kind": 0.936,
    "other_kind": 0.431,
    "ours_kind": -0.330,
    "fit": -0.808,
    "own_words": 0.161,
    "names_need": -0.482,
    "other_need": 0.118,
    "other_words": -1.029,
    "mentions_detail": 0.008,
    "asks": 0.676,
    "elsewhere_now": 0.188,
    "elsewhere": -0.089,
    "partner": -0.766,
    "other_fallback": 0.295,
    "other_smalltalk": -1.848,
    "other_clarify": 0.820,
    "other_same_kind": -0.288,
    "other_other_kind": 0.968,
    "other_central": 0.499,
    "choosing": -0.119,
    "courtesy": -0.669,
    "other_kind_share": -2.955,
    "given_over_other": 0.505,
    "rules_x_follow_up": 0.406,
    "rules_x_other_words": -0.572,
    "two_words": 0.547,
    "thanks_or_bye": -0.039,
    "model_only": -0.317,
    "novel": -0.581,
    "other_referral": -1.175,
    "other_earlier": -1.185,
}
BIAS = -0.312
