"""Word lists behind name detection, read once from data/ into sets.

first_names.txt and surnames.txt are public-domain census name lists; name_words.txt lists the
names that are also everyday words ("will", "grace", "luz"); not_person.txt lists capitalised
words that are places, agencies, programs, peoples and brands. Keys are lowercase without
accents, so "José", "JOSE" and "jose" meet the same entry.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"


def _read_words(name: str) -> frozenset[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    # The files are stored already folded, so loading is a plain split.
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(word for line in lines for word in line.split())


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase, accents removed, apostrophes dropped: the key every list is stored under."""
    lowered = word.lower()
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    return lowered.replace("'", "").replace("’", "")


FIRST_NAMES = _read_words("first_names.txt")
SURNAMES = _read_words("surnames.txt")
NAME_WORDS = _read_words("name_words.txt")
NOT_PERSON = _read_words("not_person.txt")
ANY_NAME = FIRST_NAMES | SURNAMES
