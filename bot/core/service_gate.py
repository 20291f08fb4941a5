"""Which service: the engine's, or the one the service model alone likes best?

The engine blends its index (names, keywords, example questions, topics, places) with the service model's shares
and decides by hand-set margins. When the model alone would name another service, both replies are composed and one
logistic regression chooses, weighing how well the index fits and how sure the model is of each, how the reply and
the other would look, and whether a place or a conversation is there. Its weights were fit on every development set
by `python -m benchmarks.eval.fit_service_gate`, which prints them for this file and checks them set by set, leaving
each set out in turn. It switches only when sure (`service_gate_odds`), and never in the turns of care after a crisis
nor in a turn after a service was given that names no place, where the follow-up gate weighs the engine's reply.
"""

from __future__ import annotations

from collections.abc import Mapping

REPLY_KINDS = ("answer", "nearest", "clarify", "fallback", "smalltalk", "detail")
MATCH_KINDS = ("keyword", "name", "topic", "example", "learned")

FEATURES = (
    "fit",  # how well the engine's best service fits
    "fit_margin",  # by how much it fits better than the next one
    "model_share",  # the model's share for its own best service
    "model_share_of_reply",  # the model's share for the reply's first service
    "model_share_of_best",  # the model's share for the engine's best service
    "same_kind",  # the model's best and the engine's best are of one kind of service
    "place",  # a place is named
    "words",  # the message's meaningful words, up to 30, over 30
    "not_ours",  # the model's share for what the association does not offer
    "talk",  # its share for small talk
    "mid_chat",  # a service was given earlier in the conversation
    "follow_up",  # its share for a question about a service just given
    "kind_share",  # its best share for a kind of service
    "model_kind_share",  # its share for the kind of its best service
    *(f"reply_{kind}" for kind in REPLY_KINDS),  # what the engine's reply is
    *(f"other_{kind}" for kind in REPLY_KINDS),  # what the reply with the model's service is
    *(f"best_by_{kind}" for kind in MATCH_KINDS),  # what the engine's best fit was found by
    "model_central",  # the model's best is the association itself
    "reply_central",  # the reply's first service is the association itself
)

WEIGHTS: Mapping[str, float] = {
    "fit": -0.709,
    "fit_margin": -0.630,
    "model_share": 0.037,
    "model_share_of_reply": -0.687,
    "model_share_of_best": 0.076,
    "same_kind": 0.064,
    "place": 0.285,
    "words": 1.212,
    "not_ours": -1.044,
    "talk": -0.578,
    "mid_chat": 0.546,
    "follow_up": -0.652,
    "kind_share": 0.583,
    "model_kind_share": 0.804,
    "reply_answer": -1.186,
    "reply_nearest": 0.000,
    "reply_clarify": 0.355,
    "reply_fallback": 0.831,
    "reply_smalltalk": 0.000,
    "reply_detail": 0.000,
    "other_answer": 0.000,
    "other_nearest": 0.000,
    "other_clarify": 0.000,
    "other_fallback": 0.000,
    "other_smalltalk": 0.000,
    "other_detail": 0.000,
    "best_by_keyword": -0.314,
    "best_by_name": 0.604,
    "best_by_topic": 0.905,
    "best_by_example": 0.161,
    "best_by_learned": -1.356,
    "model_central": -1.491,
    "reply_central": 0.575,
}
BIAS = -1.286
