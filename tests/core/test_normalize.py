import pytest

from bot.core.fuzzy import FuzzyVocabulary
from bot.core.normalize import MAX_CHARS, Normalizer, fold, typed_at_random
from knowledge.model import Lexicon


def small_normalizer() -> Normalizer:
    return Normalizer(
        Lexicon(
            markers={},
            stopwords={},
            variants={"schoulden": "scholden", "wuer": "wou"},
            sms={"jai": "j ai", "pr": "pour", "stp": "s il te plait"},
        )
    )


def test_fold_removes_case_accents_punctuation_emoji_and_zero_width():
    assert fold("Wéi eng HËLLEF?! 😀") == "wei eng hellef"
    assert fold("j’ai\u200b des dettes") == "j ai des dettes"
    assert fold("Straße ÇA Œuvre") == "strasse ca oeuvre"


def test_fold_shortens_stretched_words_but_keeps_one_letter_laughter():
    assert fold("MERCIIIII obrigadaaa 🙏🙏 pleeease") == "merci obrigada please"
    assert fold("kkk hahaha sinn 1000") == "kkk hahaha sinn 1000"  # two letters and digits are never stretched


def test_fold_applies_nfkc():
    assert fold("ﬁn ２０２６") == "fin 2026"


def test_sms_and_variants_expand_but_shown_text_keeps_accents():
    n = small_normalizer()("Jai des Schoulden, wuer pr aide stp 🙏")
    assert n.tokens == ("j", "ai", "des", "scholden", "wou", "pour", "aide", "s", "il", "te", "plait")
    assert n.shown.startswith("Jai des Schoulden")


def test_emoji_only_message_is_empty():
    assert small_normalizer()("🙂🙂 ❤️").empty


def test_very_long_message_is_cut_and_flagged():
    n = small_normalizer()("dettes " * 2000)
    assert n.truncated and len(n.shown) <= MAX_CHARS


def test_fuzzy_vocabulary_tolerates_one_typo_on_long_words_only():
    vocab = FuzzyVocabulary(["dettes", "tuer", "jugendhaus"])
    assert vocab.lookup("dettse") == [("dettes", 0.85)]  # swapped letters
    assert vocab.lookup("jugenhaus") == [("jugendhaus", 0.85)]  # a letter missing
    assert vocab.lookup("tue") == []  # short words must be exact
    assert vocab.lookup("dettes") == [("dettes", 1.0)]
    assert vocab.lookup("jugendhauss") == [("jugendhaus", 0.85)]  # a letter more, one length up
    assert vocab.lookup("edettes") == [] and vocab.lookup("jugendhausss") == []  # first letter, two letters more


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Wéi eng Hëllef?", "wei eng hellef"),
        ("Ça coûte combien, l’école ?", "ca coute combien l ecole"),
        ("Ich möchte Straße", "ich mochte strasse"),
        ("não consigo pagar", "nao consigo pagar"),
        ("merciii 🙏 obrigadaaa", "merci obrigada"),
        ("kkk", "kkk"),
        ("Привет ok", "ok"),  # letters outside a-z are no part of a word
    ],
)
def test_fold_drops_accents_marks_and_stretched_letters(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("word", ["asdfgh", "qsdfqsdf", "lkjhgfd", "qwertz", "poiuy"])
def test_a_word_typed_along_a_keyboard_row_is_typed_at_random(word):
    assert typed_at_random(word)


@pytest.mark.parametrize("word", ["fazer", "antwert", "konzert", "poverty", "hahaha", "kkkkk", "rsrsrs", "asd", "lol"])
def test_words_and_laughter_with_a_run_in_passing_are_not(word):
    assert not typed_at_random(word)
