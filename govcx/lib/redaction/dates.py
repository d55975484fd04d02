"""Dates of birth: any date form, but only where the writer says it is a birth date.

An appointment date or the day a letter arrived says nothing about who the writer is, so a
date is personal information only after a birth cue ("born on", "DOB", "fecha de nacimiento",
"nací el") that is nearer to it than any other cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govcx.lib.redaction.context import Context
from govcx.lib.redaction.model import Candidate

RANK_DOB = 2

_EN_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?"
    r"|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
_ES_MONTHS = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre"
    r"|diciembre|ene\.?|feb\.?|mar\.?|abr\.?|jun\.?|jul\.?|ago\.?|sept?\.?|oct\.?|nov\.?|dic\.?"
)
_MONTH = rf"(?:{_EN_MONTHS}|{_ES_MONTHS})"
_DAY = r"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°|o)?|primero|first)"
_YEAR = r"(?:19|20)\d{2}"

DATE = re.compile(
    r"(?<![\w/.-])(?:"
    # 03/15/1980, 15-03-80, 1980-03-15
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
    # 05-Mar-1980, 5/mar/80
    rf"|\d{{1,2}}[/.-]{_MONTH}[/.-](?:\d{{4}}|\d{{2}})"
    # March 15, 1980 / March 15th 1980 / March 1980
    rf"|{_MONTH}\s+{_DAY}(?:\s*,\s*|\s+)(?:of\s+)?{_YEAR}"
    rf"|{_MONTH}\s+{_DAY}"
    rf"|{_MONTH},?\s+(?:of\s+|de\s+|del\s+)?{_YEAR}"
    # 15 March 1980 / 15th of March, 1980 / 15 de marzo de 1980 / 15 de marzo
    rf"|{_DAY}\s+(?:of\s+|de\s+)?{_MONTH}(?:\s*,?\s*(?:of\s+|de(?:l)?\s+)?{_YEAR})?"
    r")(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
# "born in 1980": a year alone is a birth date only right after a birth cue.
BARE_YEAR = re.compile(rf"(?<![\w/.$-]){_YEAR}(?![\w/-]|\.\d)")
BIRTH_WINDOW = 40
_CLAUSE_BREAK = re.compile(r"[.!?;](?:\s|$)|\s(?:and|but|then|y|pero|luego)\s", re.IGNORECASE)
YEAR_WINDOW = 12


def detect_dates_of_birth(text: str, context: Context) -> Iterator[Candidate]:
    if not context.has_cue("DOB"):
        return
    for match in DATE.finditer(text):
        if _after_birth_cue(text, context, match.start(), BIRTH_WINDOW):
            yield Candidate("DOB", match.start(), match.end(), RANK_DOB)
    # A year inside a full date overlaps that date's candidate, which is longer and wins.
    for match in BARE_YEAR.finditer(text):
        if _after_birth_cue(text, context, match.start(), YEAR_WINDOW):
            yield Candidate("DOB", match.start(), match.end(), RANK_DOB)


def _after_birth_cue(text: str, context: Context, start: int, window: int) -> bool:
    """The nearest cue is a birth cue, in the same clause: "I was born in Mexico and came
    here on 03/05/2001" gives the day of arrival, not of birth."""
    cue = context.nearest_cue_before(start, window)
    if cue is None or cue.name != "DOB":
        return False
    after_cue = cue.end
    while after_cue < start and text[after_cue] in ".:# ":
        after_cue += 1  # the dot of "D.O.B." or "DOB." belongs to the cue
    return _CLAUSE_BREAK.search(text, after_cue, start) is None
