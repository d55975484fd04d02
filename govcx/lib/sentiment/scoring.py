"""Score a comment in the language it is written in, or mark it not scored.

Which language a comment is scored in:

1. A comment with nothing to read once placeholders, @handles and web addresses are removed
   (empty, white space, punctuation, "[NAME] [PHONE]") is NOT_SCORED.
2. When the text clearly is English or Spanish (`language.guess_language`), it is scored in
   that language whatever the tag says: customers answer an English survey in Spanish and the
   reverse.
3. When the text clearly is another language (another script, French, Vietnamese …), it is
   NOT_SCORED, whatever the tag says.
4. Otherwise (short or mixed texts such as "ok", "great!", "gracias, thank you") the tag's
   primary subtag decides: "en-US" is scored as English, "es-MX" as Spanish; a tag of another
   language, an empty tag or none means NOT_SCORED, since nothing says the text is one the
   scorers read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from govcx.lib.sentiment.english import english_polarity
from govcx.lib.sentiment.language import OTHER, guess_language
from govcx.lib.sentiment.model import NOT_SCORED, SCORED_LANGUAGES, Sentiment, scored
from govcx.lib.sentiment.spanish import spanish_polarity
from govcx.lib.sentiment.text import has_content, readable

_POLARITY: Final[dict[str, Callable[[str], float]]] = {
    "en": english_polarity,
    "es": spanish_polarity,
}


def score_sentiment(text: str, *, language: str | None) -> Sentiment:
    """The sentiment of one (redacted) comment; `language` is the response's language tag."""
    words = readable(text)
    if not has_content(words):
        return NOT_SCORED
    scoring_language = choose_language(words, tag=language)
    if scoring_language is None:
        return NOT_SCORED
    return scored(_POLARITY[scoring_language](words), scoring_language)


def score_many(texts: Sequence[str], *, languages: Sequence[str | None]) -> list[Sentiment]:
    """`score_sentiment` of each text with the language tag at the same position."""
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} language tags")
    return [
        score_sentiment(text, language=language)
        for text, language in zip(texts, languages, strict=True)
    ]


def choose_language(text: str, *, tag: str | None) -> str | None:
    """The language to score `text` in ("en" or "es"), or None when it is not scored."""
    guess = guess_language(text)
    if guess in SCORED_LANGUAGES:
        return guess
    if guess == OTHER:
        return None
    tagged = primary_subtag(tag)
    return tagged if tagged in SCORED_LANGUAGES else None


def primary_subtag(tag: str | None) -> str | None:
    """The language part of a tag, lower case: "es-MX" -> "es", "EN_us" -> "en", "" -> None."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary or None
