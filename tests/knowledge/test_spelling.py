"""Spelling of every text a person reads: dictionaries for fr/de/en/pt, a reviewed word list and the n-rule for lb."""

from __future__ import annotations

import pytest

import knowledge
from tests.conftest import TODAY
from tests.knowledge.spelling import misspelled, n_rule_slips
from tests.knowledge.test_validation import replace_in


@pytest.mark.parametrize("lang", ["fr", "de", "en", "pt", "lb"])
def test_every_shown_text_is_spelt_right(kb, lang):
    assert misspelled(kb, lang) == []


def test_luxembourgish_follows_the_n_rule(kb):
    assert n_rule_slips(kb) == []


@pytest.mark.parametrize(
    ("lang", "key", "right", "typo"),
    [
        ("fr", "menu_title", "Comment puis-je vous aider", "Comment puis-je vous aidre"),
        ("de", "menu_title", "Wie kann ich Ihnen", "Wie kann ich Ihenn"),
        ("en", "menu_title", "How can I help", "How can I hlep"),
        ("pt", "menu_title", "Como posso ajudar", "Como posso ajduar"),
        ("lb", "menu_title", "Wéi kann ech Iech", "Wéi kann ech Iesch"),
    ],
)
def test_a_planted_typo_fails_in_each_language(kb_copy, lang, key, right, typo):
    replace_in(kb_copy / "replies" / f"{lang}.yaml", f'{key}: "{right}', f'{key}: "{typo}')
    kb = knowledge.load(kb_copy, today=TODAY)
    assert misspelled(kb, lang) == [f"replies/{lang}.yaml {key}: {typo.split()[-1]!r}"]


def test_a_new_luxembourgish_word_fails_until_it_is_in_the_reviewed_list(kb_copy):
    path = kb_copy / "services" / "social.yaml"
    replace_in(path, "Gratis fir Privatpersounen.", "Gratis fir Privatpersounen, och fir Studenten.")
    kb = knowledge.load(kb_copy, today=TODAY)
    assert misspelled(kb, "lb") == ["surendettement.fees_description: 'Studenten'"]


@pytest.mark.parametrize(
    ("file", "right", "slip", "message"),
    [
        (
            "replies/lb.yaml",
            "fir den nooste Service",
            "fir de nooste Service",
            "replies/lb.yaml help: 'de nooste' -> 'den'",
        ),
        (
            "services/street.yaml",
            "d'Tournéeë gi bis 23 Auer",
            "d'Tournéeë ginn bis 23 Auer",
            "streetwork.description: 'ginn bis' -> 'gi'",
        ),
        (
            "services/youth.yaml",
            "ass en Treffpunkt",
            "ass e Treffpunkt",
            "mj-clausen.description: 'e Treffpunkt' -> 'en'",
        ),
    ],
)
def test_an_n_rule_slip_is_named_with_its_fix(kb_copy, file, right, slip, message):
    replace_in(kb_copy / file, right, slip)
    kb = knowledge.load(kb_copy, today=TODAY)
    assert n_rule_slips(kb) == [message]
