"""The result of scoring one comment, and the rule that turns a score into a label."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

SCORED_LANGUAGES: Final[frozenset[str]] = frozenset({"en", "es"})

# VADER's conventional cut-offs on the compound score (Hutto & Gilbert 2014, and the package's
# README): anything strictly between them reads as neutral.
POSITIVE_FROM: Final = 0.05
NEGATIVE_FROM: Final = -0.05


class SentimentLabel(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    NOT_SCORED = "not_scored"


@dataclass(frozen=True)
class Sentiment:
    """A comment's sentiment. `score` is the compound score in -1.0 .. 1.0.

    `score` and `language` are None exactly when the label is NOT_SCORED.
    """

    label: SentimentLabel
    score: float | None
    language: str | None


NOT_SCORED: Final = Sentiment(SentimentLabel.NOT_SCORED, None, None)


def label_for(score: float) -> SentimentLabel:
    """The label of a compound score."""
    if score >= POSITIVE_FROM:
        return SentimentLabel.POSITIVE
    if score <= NEGATIVE_FROM:
        return SentimentLabel.NEGATIVE
    return SentimentLabel.NEUTRAL


def scored(score: float, language: str) -> Sentiment:
    """A scored result, labelled from its score."""
    return Sentiment(label_for(score), score, language)
