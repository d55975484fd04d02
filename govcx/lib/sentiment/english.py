"""English sentiment: vaderSentiment's analyzer with a few customer-service words added."""

from __future__ import annotations

from functools import cache
from typing import Final, Protocol, cast

from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
    SentimentIntensityAnalyzer,
)

from govcx.lib.sentiment.lexicon import DATA, read_lexicon

SUPPLEMENT: Final = DATA / "en_supplement.txt"


class _Analyzer(Protocol):
    lexicon: dict[str, float]

    def polarity_scores(self, text: str) -> dict[str, float]: ...


@cache
def english_analyzer() -> _Analyzer:
    """One analyzer per process: building it reads VADER's 7,500-entry lexicon (tens of ms)."""
    analyzer = cast(_Analyzer, SentimentIntensityAnalyzer())
    analyzer.lexicon.update(english_supplement())
    return analyzer


@cache
def english_supplement() -> dict[str, float]:
    """The words added to VADER's lexicon (lower case, as VADER looks them up)."""
    return read_lexicon(SUPPLEMENT, key=str.lower)


def english_polarity(text: str) -> float:
    """VADER's compound score, -1.0 .. 1.0, of an English text."""
    return float(english_analyzer().polarity_scores(text)["compound"])
