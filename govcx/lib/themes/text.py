"""Turn a comment into the terms that say what it is about.

Comments reach themes already redacted, in English or Spanish, sometimes with another
system's masks (the CFPB's `XXXX`, `XX/XX/XXXX`, `{$1000.00}`). `content_terms` lower-cases,
folds accents, drops placeholders, masks, links, @mentions and numbers, removes stop words in
both languages, maps common Spanish service words to English (`words.SPANISH_GLOSSARY`) and
strips plural endings, so "Checks", "check" and "cheques" meet as "check". `analyze` adds the
bigrams of neighbouring terms ("phone line", "refund check"), which carry much of the meaning
of short comments.

Discovery and assignment use the same functions, so a theme discovered from one month's
comments and a comment arriving the next month are read alike.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from govcx.lib.themes.words import SPANISH_GLOSSARY, STOP_WORDS

# Placeholders ("[NAME]"), the CFPB's masks ("XXXX", "XX/XX/XXXX", "{$1000.00}"), links and
# @mentions, in one pass; matched before lower-casing, while placeholders and masks are still
# told apart from words by their capitals.
_NOISE = re.compile(
    r"\[[A-Z][A-Z0-9_]*\]"
    r"|\bX{2,}(?:/X{2,})*\b"
    r"|\{\$[\d,.]*\}"
    r"|(?i:https?://|www\.)\S+"
    r"|@\w+"
)
# Apostrophes are removed so that "don't" is one stop word ("dont"), not "don" and "t".
_APOSTROPHE = re.compile(r"['’`]")
_WORD = re.compile(r"[a-z]{2,}")


# Latin letters with diacritics → plain letters, as a translation table built once: faster per
# comment than Unicode NFKD, and it covers both languages (anything else is not a letter a-z
# and never becomes a term).
def _folding_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1].lower()
        if base.isascii() and base.isalpha():
            table[code] = base
    return table


_FOLD = _folding_table()


def fold(text: str) -> str:
    """Lower-case `text` and remove placeholders, masks, links, @mentions and accents."""
    text = _NOISE.sub(" ", text)
    text = _APOSTROPHE.sub("", text.lower())
    return text.translate(_FOLD)


def content_terms(text: str) -> list[str]:
    """The content words of `text`, normalised, in order."""
    return [term for term in map(normalise_word, _WORD.findall(fold(text))) if term is not None]


def analyze(text: str) -> list[str]:
    """The content words of `text` and the bigrams of neighbouring content words."""
    return with_bigrams(content_terms(text))


def with_bigrams(terms: list[str]) -> list[str]:
    """`terms` and the bigrams of neighbours ("phone line"); a word twice over is no bigram."""
    return terms + [
        f"{first} {second}" for first, second in itertools.pairwise(terms) if first != second
    ]


@functools.lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str | None:
    """The term a folded word stands for, or None for a stop word or a mask.

    Cached: a corpus repeats a few thousand words millions of times.
    """
    if word in STOP_WORDS or _is_mask(word):
        return None
    term = SPANISH_GLOSSARY.get(word)
    if term is None:
        term = singular(word)
        term = SPANISH_GLOSSARY.get(term, term)
    if term in STOP_WORDS:
        return None
    return term


def singular(word: str) -> str:
    """Strip a plural ending: "checks" → "check", "taxes" → "tax", "replies" → "reply".

    Deliberately light: it only has to make the plural and the singular of a word meet, and it
    must leave a word a person can read, since key terms are shown as they come out.
    """
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _is_mask(word: str) -> bool:
    # Lower-case masks ("xxxx") that came in without the CFPB's capitals.
    return word.strip("x") == ""
