"""A small VADER-style scorer, for languages the vaderSentiment package does not read.

It follows VADER's rules and constants (Hutto & Gilbert 2014, vaderSentiment 3.3.2): each
lexicon word has a valence from -4 to +4; a booster or dampener among the three words before
it moves the valence by 0.293 (less with distance); a negator before it multiplies the valence
by -0.74; an all-capitals word among lower-case ones gains 0.733; what comes before a contrast
word ("but") weighs half and what follows one and a half; each "!" (up to four) adds 0.292 in
the direction of the sum, as do several "?"; the sum is squashed into -1..1 by x / sqrt(x² + 15).

Subclassing the package's analyzer was not an option: its negators, boosters and "but" are
module globals and literals read by its static methods. The differences from VADER, all for
Spanish:

- Words are matched without acute accents (people type "atencion", "rapido").
- Multi-word entries ("falta de respeto", "sin embargo", "un poco") are joined into one token
  before scoring.
- Negation reaches four words back, not three, because clitics sit between "no" and the verb
  ("no me lo explicaron bien"), and it stops at punctuation ("No, todo bien"). Spanish
  negation is concord, so "no ... nada" negates once: several negators flip a valence once, and
  a negator's own valence ("nadie", "nunca") is never flipped, and counts only when no lexicon
  word follows it in reach ("nadie me ayudó" reads as a negated "ayudó", not twice).
- A concessive ("aunque", "si bien") halves the valence of its own clause only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from govcx.lib.sentiment.text import fold

# VADER's empirically derived constants (vaderSentiment.vaderSentiment, version 3.3.2).
B_INCR: Final = 0.293
B_DECR: Final = -0.293
C_INCR: Final = 0.733
N_SCALAR: Final = -0.74
NORMALIZE_ALPHA: Final = 15.0
EXCLAMATION_INCR: Final = 0.292
EXCLAMATION_MAX: Final = 4
QUESTION_INCR: Final = 0.18
QUESTION_MAX_AMPLIFIER: Final = 0.96

BOOSTER_WINDOW: Final = 3
BOOSTER_DECAY: Final = (1.0, 0.95, 0.9)
NEGATION_WINDOW: Final = 4
CONTRAST_BEFORE: Final = 0.5
CONTRAST_AFTER: Final = 1.5
CONCESSIVE_WEIGHT: Final = 0.5

# Clauses end at punctuation, except the colon or semicolon of an emoticon such as ":)".
_CLAUSE_BREAK: Final = re.compile(r"(?:[.,!?¿¡]|[:;](?!-?[()DPp]))+")
_WORD: Final = re.compile(r"[:;=]-?[()DPpd]|[^\W\d_]+")


@dataclass(frozen=True)
class LanguageRules:
    """What the scorer needs to know about a language. Every key is folded (see `text.fold`)."""

    lexicon: Mapping[str, float]
    negations: frozenset[str]
    boosters: Mapping[str, float]
    contrasts: frozenset[str] = frozenset()
    concessives: frozenset[str] = frozenset()
    phrases: Mapping[str, tuple[tuple[str, ...], ...]] = field(init=False)

    def __post_init__(self) -> None:
        multiword = [
            key
            for key in (*self.lexicon, *self.boosters, *self.contrasts, *self.concessives)
            if " " in key
        ]
        object.__setattr__(self, "phrases", _phrase_index(multiword))


@dataclass
class _Tokens:
    words: list[str]
    capitals: list[bool]
    clauses: list[int]

    @property
    def capitals_stand_out(self) -> bool:
        """Some words, not all, are in capitals: VADER reads those as emphasis."""
        return any(self.capitals) and not all(self.capitals)


def polarity(text: str, rules: LanguageRules) -> float:
    """The compound score of `text`, -1.0 .. 1.0, rounded to four places like VADER's."""
    tokens = _join_phrases(_tokenize(text), rules.phrases)
    if not tokens.words:
        return 0.0
    sentiments = [_valence(tokens, i, rules) for i in range(len(tokens.words))]
    _weigh_contrast(tokens, sentiments, rules)
    total = math.fsum(sentiments)
    if total:
        total += math.copysign(_punctuation_emphasis(text), total)
    return round(_normalize(total), 4)


def _tokenize(text: str) -> _Tokens:
    tokens = _Tokens([], [], [])
    for clause, part in enumerate(_CLAUSE_BREAK.split(text)):
        written = _WORD.findall(part)
        folded = _WORD.findall(fold(part))
        if len(folded) != len(written):  # lower() changed the word count (a dotted İ): be exact
            folded = [fold(word) for word in written]
        tokens.words.extend(folded)
        tokens.capitals.extend(
            len(word) > 1 and word.isalpha() and word.isupper() for word in written
        )
        tokens.clauses.extend([clause] * len(written))
    return tokens


def _join_phrases(tokens: _Tokens, phrases: Mapping[str, tuple[tuple[str, ...], ...]]) -> _Tokens:
    """Merge each multi-word entry found (longest first) into a single token."""
    words = tokens.words
    starts = [i for i, word in enumerate(words) if word in phrases]
    lengths = {i: _phrase_length(tokens, i, phrases[words[i]]) for i in starts}
    if all(length == 1 for length in lengths.values()):
        return tokens
    joined = _Tokens([], [], [])
    i = 0
    while i < len(words):
        length = lengths.get(i, 1)
        joined.words.append(" ".join(words[i : i + length]))
        joined.capitals.append(all(tokens.capitals[i : i + length]))
        joined.clauses.append(tokens.clauses[i])
        i += length
    return joined


def _phrase_length(tokens: _Tokens, i: int, candidates: tuple[tuple[str, ...], ...]) -> int:
    for rest in candidates:
        end = i + 1 + len(rest)
        within_clause = end <= len(tokens.words) and tokens.clauses[end - 1] == tokens.clauses[i]
        if within_clause and tuple(tokens.words[i + 1 : end]) == rest:
            return 1 + len(rest)
    return 1


def _valence(tokens: _Tokens, i: int, rules: LanguageRules) -> float:
    word = tokens.words[i]
    valence = rules.lexicon.get(word)
    if valence is None:
        return 0.0
    if _is_negator(tokens, i, rules):
        return 0.0 if _lexicon_word_in_reach(tokens, i, rules) else valence
    if tokens.capitals[i] and tokens.capitals_stand_out:
        valence += math.copysign(C_INCR, valence)
    valence += _booster_scalar(tokens, i, valence, rules)
    if _negated(tokens, i, rules):
        valence *= N_SCALAR
    return valence


def _booster_scalar(tokens: _Tokens, i: int, valence: float, rules: LanguageRules) -> float:
    scalar = 0.0
    for distance, decay in zip(range(1, BOOSTER_WINDOW + 1), BOOSTER_DECAY, strict=True):
        j = i - distance
        if j < 0 or tokens.clauses[j] != tokens.clauses[i]:
            break
        word = tokens.words[j]
        if word in rules.lexicon or word not in rules.boosters:
            continue
        # A booster pushes the valence away from zero, a dampener towards it.
        step = rules.boosters[word] if valence > 0 else -rules.boosters[word]
        if tokens.capitals[j] and tokens.capitals_stand_out:
            step += math.copysign(C_INCR, valence)
        scalar += step * decay
    return scalar


def _negated(tokens: _Tokens, i: int, rules: LanguageRules) -> bool:
    for j in range(i - 1, max(i - NEGATION_WINDOW, 0) - 1, -1):
        if tokens.clauses[j] != tokens.clauses[i]:
            return False
        if _is_negator(tokens, j, rules):
            return True
    return False


def _is_negator(tokens: _Tokens, i: int, rules: LanguageRules) -> bool:
    return tokens.words[i] in rules.negations


def _lexicon_word_in_reach(tokens: _Tokens, i: int, rules: LanguageRules) -> bool:
    end = min(i + NEGATION_WINDOW, len(tokens.words) - 1)
    return any(
        tokens.clauses[j] == tokens.clauses[i]
        and tokens.words[j] in rules.lexicon
        and not _is_negator(tokens, j, rules)
        for j in range(i + 1, end + 1)
    )


def _weigh_contrast(tokens: _Tokens, sentiments: list[float], rules: LanguageRules) -> None:
    words = tokens.words
    contrast = next((i for i, word in enumerate(words) if word in rules.contrasts), None)
    if contrast is not None:
        for i in range(len(sentiments)):
            if i != contrast:
                sentiments[i] *= CONTRAST_BEFORE if i < contrast else CONTRAST_AFTER
    for i, word in enumerate(words):
        if word in rules.concessives:
            for j in range(i + 1, len(words)):
                if tokens.clauses[j] != tokens.clauses[i]:
                    break
                sentiments[j] *= CONCESSIVE_WEIGHT


def _punctuation_emphasis(text: str) -> float:
    exclamations = min(text.count("!"), EXCLAMATION_MAX) * EXCLAMATION_INCR
    questions = text.count("?")
    if questions <= 1:
        return exclamations
    if questions <= 3:
        return exclamations + questions * QUESTION_INCR
    return exclamations + QUESTION_MAX_AMPLIFIER


def _normalize(total: float) -> float:
    return max(-1.0, min(1.0, total / math.sqrt(total * total + NORMALIZE_ALPHA)))


def _phrase_index(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the remaining words of each phrase starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        first, *rest = phrase.split()
        index.setdefault(first, []).append(tuple(rest))
    return {first: tuple(sorted(rests, key=len, reverse=True)) for first, rests in index.items()}
