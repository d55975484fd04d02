"""Sentiment of free-text comments, in English and Spanish, computed locally.

`score_sentiment(text, language=tag)` gives a compound score in -1..1 and a label (positive
from 0.05, negative from -0.05, neutral between: VADER's conventional cut-offs), or NOT_SCORED
when there is nothing to read or the comment is in a language neither scorer reads. English is
scored by vaderSentiment's lexicon and rules with a few customer-service words added; Spanish
by a lexicon written for this project and a scorer following VADER's rules. `scoring.py`
states how the language is chosen; `detect_language` is the check it uses. Placeholders left
by the redactor ("[NAME]") are ignored. Pure Python, no model download, no Django.
"""

from govcx.lib.sentiment.language import detect_language
from govcx.lib.sentiment.model import SCORED_LANGUAGES, Sentiment, SentimentLabel
from govcx.lib.sentiment.scoring import score_many, score_sentiment

__all__ = [
    "SCORED_LANGUAGES",
    "Sentiment",
    "SentimentLabel",
    "detect_language",
    "score_many",
    "score_sentiment",
]
