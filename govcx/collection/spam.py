"""A spam score for every response, from signals that cost nothing to compute on arrival.

No single weak signal marks a response as spam: a person can type fast, paste a link, or share
an office's address with colleagues. Two weak signals together, or the honeypot alone, reach
the default threshold. The score and the names of the signals are stored with the response,
so a manager can see why it was marked and overrule it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

from govcx.surveys.structure import TEXT_TYPES, SurveyStructure, other_text_key

HONEYPOT = "honeypot"
TOO_FAST = "too_fast"
REPEATED_TEXT = "repeated_text"
LINKS = "links"
BURST = "burst"

# Points per signal; the total is capped at 100.
WEIGHTS = {HONEYPOT: 100, TOO_FAST: 40, REPEATED_TEXT: 30, LINKS: 25, BURST: 30}
MAX_SCORE = 100
# Nobody reads and answers even the two-question A-11 survey in under three seconds.
FASTEST_HUMAN_SECONDS = 3.0
# More submissions than this from one address in one rate-limit window is a burst.
BURST_SUBMISSIONS = 10
LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|ru|cn|xyz|top|info)\b", re.I
)
WORD = re.compile(r"\w+", re.UNICODE)
# Text made of a handful of distinct words said over and over ("buy buy buy buy …").
REPEATED_MIN_WORDS = 8
REPEATED_MAX_DISTINCT_SHARE = 0.25
# A run of the same character, like "!!!!!!!!!!!!!!!!!!!!" or "aaaaaaaaaaaaaaaaaaaa"; not of
# spaces or line breaks, which text pasted from a form or a letter is full of.
CHARACTER_RUN = re.compile(r"(\S)\1{19,}")


@dataclass(frozen=True)
class SpamEvidence:
    """What the channel knows about how a submission was made, besides its answers."""

    honeypot: str = ""
    seconds_to_complete: float | None = None
    # Submissions from the same address in the current rate-limit window, this one included;
    # None when the source is a system with an API key, for which many in a row is normal.
    recent_from_source: int | None = None


@dataclass(frozen=True)
class SpamAssessment:
    score: int
    signals: tuple[str, ...]

    @property
    def is_spam(self) -> bool:
        return self.score >= settings.SPAM_THRESHOLD


def spam_assess(
    evidence: SpamEvidence, structure: SurveyStructure, answers: Mapping[str, object]
) -> SpamAssessment:
    """Score a response that has passed validation."""
    texts = list(free_texts(structure, answers))
    signals = [
        name
        for name, present in (
            (HONEYPOT, bool(evidence.honeypot.strip())),
            (TOO_FAST, _too_fast(evidence.seconds_to_complete)),
            (REPEATED_TEXT, any(map(is_repeated_text, texts))),
            (LINKS, any(LINK.search(text) for text in texts)),
            (BURST, (evidence.recent_from_source or 0) > BURST_SUBMISSIONS),
        )
        if present
    ]
    score = sum(WEIGHTS[name] for name in signals) + _extra_link_points(texts)
    return SpamAssessment(score=min(score, MAX_SCORE), signals=tuple(signals))


def free_texts(structure: SurveyStructure, answers: Mapping[str, object]) -> Iterable[str]:
    """The answers a person typed freely: text questions and "other" write-ins."""
    for question in structure.questions():
        keys = [other_text_key(question.key)]
        if question.type in TEXT_TYPES:
            keys.append(question.key)
        for key in keys:
            value = answers.get(key)
            if isinstance(value, str) and value:
                yield value


def is_repeated_text(text: str) -> bool:
    if CHARACTER_RUN.search(text):
        return True
    words = [word.lower() for word in WORD.findall(text)]
    if len(words) < REPEATED_MIN_WORDS:
        return False
    return len(set(words)) / len(words) <= REPEATED_MAX_DISTINCT_SHARE


def _too_fast(seconds: float | None) -> bool:
    return seconds is not None and 0 <= seconds < FASTEST_HUMAN_SECONDS


def _extra_link_points(texts: list[str]) -> int:
    """A second link and more add as much again: one link may be a citation, three are an ad."""
    links = sum(len(LINK.findall(text)) for text in texts)
    return WEIGHTS[LINKS] if links > 1 else 0
