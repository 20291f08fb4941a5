"""In the turns of care after a crisis said in words: answer what a turn asks, under the help-line header, or give
the numbers again?

After a crisis said in words, the chat is in care for a few turns. A turn that reads no crisis of its own may be the
person moving on ("la police est venue, ils l'ont emmené. demain je peux aller où avec mon fils ?", "sonntag auch
offen?") or still lost ("je sais pas", "what now"). The rules (`Engine._care_answer`) answer only clear needs and
detail questions said in a whole sentence. This gate weighs their reading with the turn's own signals: how well a
service fits, the crisis model's margin (below alarm), the words the turn says, a detail asked, small talk. Its
weights were fit on those turns of the development conversations by `python -m benchmarks.eval.fit_care_gate`, which
prints them for this file and checks them leaving each set out in turn. It gives the odds that the numbers again are
what the turn needs; in the fit (`--missed 3`), a turn that needed them and got an answer counts three times the
other mistake: at twice, the refit of 2026-12-06 lost emergency turns of care ("welche nummer?? ich bin in Esch").

The rules alone decide fear and emergency numbers ("112 or 113?": the numbers again), a turn the crisis detector
reads a crisis in, and the turns after a cry for help that named no danger or a crisis only the model read, where
they answer plain needs readily ("on est à Esch, il a 4 ans").
"""

from __future__ import annotations

from collections.abc import Mapping

FEATURES = (
    "rules",  # the rules answer the turn (under the header)
    "risk",  # the crisis model's margin for the turn (below alarm: under 0 mostly)
    "fit",  # how well the best service fits
    "confidence",  # the reply's confidence
    "detail",  # the reply is a detail of the service given
    "names_need",  # the turn names a need
    "own_words",  # ...by the service's own words
    "words",  # the turn's other words, up to 12, over 12
    "asks",  # a question
    "mentions_detail",  # a word asking a detail (phone, open, free)
    "talk",  # the service model's share for small talk
    "not_ours",  # ...and for what the association does not offer
    "place",  # a place named
    "acts_on",  # a detail asked in a whole sentence naming what is being done
    "turns_left",  # how many more turns the chat stays in care, over the turns of care
    "novel",  # words no question about a service given uses, up to novel_words, over novel_words
)

WEIGHTS: Mapping[str, float] = {
    "rules": -1.290,
    "risk": 0.869,
    "fit": 0.008,
    "confidence": -0.366,
    "detail": -0.116,
    "names_need": -1.312,
    "own_words": 0.439,
    "words": -3.838,
    "asks": -2.256,
    "mentions_detail": -0.305,
    "talk": 1.409,
    "not_ours": 1.091,
    "place": 0.201,
    "acts_on": -1.067,
    "turns_left": 0.894,
    "novel": -0.782,
}
BIAS = 5.241
