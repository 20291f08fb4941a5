"""The words of French, German, English and Portuguese that lie one typo from a place name the bot forgives typos in.

pyspellchecker's dictionaries (a test dependency) list them; knowledge/places/real_words.txt keeps them so that the
running bot never reads them as a misspelt place ("im Sommer" is no Sommet, "daheim" no Dalheim, "marcher" no
Maacher) without loading a dictionary. Regenerate the file after adding places:

    python -m tests.knowledge.real_words > knowledge/places/real_words.txt
"""

from __future__ import annotations

from spellchecker import SpellChecker

from bot.core.normalize import fold
from bot.core.places import Gazetteer

DICTIONARY_LANGUAGES = ("fr", "de", "en", "pt")
# Rarer dictionary entries are as often a typo of the place as the word ("sussem" is German "süßem" folded, and
# Suessem as people type it).
MIN_FREQUENCY = 100
HEADER = """\
# Words of French, German, English and Portuguese that lie one typo from a town or quarter whose name the bot
# forgives typos in: they are never read as a misspelt place ("im Sommer" is no Sommet, "daheim" no Dalheim).
# Made from pyspellchecker's dictionaries (words seen at least 100 times) by
#     python -m tests.knowledge.real_words > knowledge/places/real_words.txt
# Remove a word here only if people use it for the place; add one the same way (lower case, no accents).
"""


def near_place_words(gazetteer: Gazetteer) -> list[str]:
    """Every frequent dictionary word one typo from a place name, sorted."""
    found: set[str] = set()
    for lang in DICTIONARY_LANGUAGES:
        frequencies = SpellChecker(language=lang).word_frequency
        for word, count in frequencies.dictionary.items():
            key = fold(word)
            if count >= MIN_FREQUENCY and key.isalpha() and not gazetteer.is_name(key) and gazetteer.misspelt(key):
                found.add(key)
    return sorted(found)


def main() -> None:
    import knowledge
    from bot.core.engine import Engine

    print(HEADER + "\n".join(near_place_words(Engine(knowledge.load(None)).gazetteer)))


if __name__ == "__main__":
    main()
