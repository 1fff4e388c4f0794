"""Words for the text index: split, fold and stem Swedish and English alike.

SQLite's FTS5 cannot load a stemmer from Python, so the index holds text that has already
been through :func:`normalise`, and every query goes through the same function. The stemmer
is a light suffix stripper in the manner of the Snowball Swedish and Porter stemmers: one
list of common inflectional endings of both languages (``-erna``, ``-ing``, ``-ies``, ``-s``
…), removed only after the word's first syllable (the Snowball "R1" region), at most twice.
The language of a query is not known, so both languages' endings apply to every word; the
same rule on both sides keeps matching consistent (``tjänsterna`` and ``tjänst`` meet, as do
``services`` and ``service``). A query word also matches as a prefix of an indexed stem,
which covers compounds typed in part (``folkbokför`` → ``folkbokföring``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Word characters: letters and digits of any script (a query's punctuation is dropped).
WORD = re.compile(r"\w+", re.UNICODE)
VOWELS = frozenset("aeiouyåäöéü")
#: Endings removed from a word (Swedish: Snowball step 1 and the plural and definite forms
#: of -ing nouns; English: Porter step 1, roughly), the longest that fits is removed.
SWEDISH_ENDINGS = (
    "heterna hetens anden andes andet arens ernas ornas arnas ingarna ingar ingen heten heter "
    "arna erna orna ande arne aste aren ades erns ade are ern ens het ast ad en ar er or as es "
    "at et a e"
)
ENGLISH_ENDINGS = "ings ing ies ied ed ly y"
ENDINGS = frozenset(SWEDISH_ENDINGS.split()) | frozenset(ENGLISH_ENDINGS.split())
LONGEST = max(map(len, ENDINGS))
#: Letters after which a final -s is an ending (Snowball Swedish), not part of the stem.
S_ENDING = frozenset("bcdfghjklmnoprtvy")
MIN_STEM = 3
#: The shortest part of a word that is looked for inside longer words (FTS5 trigrams).
MIN_PART = 3


def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics (as FTS5's ``remove_diacritics 2``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Return the words of ``text``, lower-cased, in order."""
    return [word.casefold() for word in WORD.findall(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the stem of one lower-cased word (at most two endings removed)."""
    for _ in range(2):
        shorter = _strip(word)
        if shorter == word:
            break
        word = shorter
    return word


def normalise(text: str) -> str:
    """Return ``text`` as the index holds it: its words stemmed, separated by spaces."""
    return " ".join(stem(word) for word in words(text))


def _strip(word: str) -> str:
    region = max(_r1(word), MIN_STEM)
    for size in range(min(LONGEST, len(word) - region), 0, -1):
        if word[-size:] in ENDINGS:
            return _respell(word[:-size], word[-size:])
    if word.endswith("s") and len(word) - 1 >= region and word[-2] in S_ENDING:
        return word[:-1]
    return word


def _respell(stem: str, ending: str) -> str:
    """Return ``stem`` as the other forms of the word spell it (``activit-ies`` → ``activiti``)."""
    if ending in {"ies", "ied", "y"}:
        return stem + "i"
    return stem


def _r1(word: str) -> int:
    """Return where the word's R1 region starts: after its first vowel-consonant pair."""
    for index in range(1, len(word)):
        if word[index] not in VOWELS and word[index - 1] in VOWELS:
            return index + 1
    return len(word)
