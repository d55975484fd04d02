"""Identifying numbers: SSN, ITIN/EIN, A-number, passport, card, bank account, routing, phone.

The shape of a number narrows what it can be (3-2-4 digits is an SSN or an ITIN; 13-19 digits
passing Luhn is a card); the words around it decide the rest (nine bare digits are an SSN after
"seguro social", a routing number after "ABA", an order number after "order").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govcx.lib.redaction.checksums import aba_valid, luhn_valid
from govcx.lib.redaction.context import Context
from govcx.lib.redaction.model import Candidate

# Ranks: lower wins a tie in length. A checksum or a labelled shape is the most specific.
RANK_CHECKED = 1
RANK_SHAPE = 2
RANK_CONTEXT = 3

# A number starts at a digit that no word, amount, decimal, date or other number runs into.
# The digit comes first and the look-behind after it, so the regex engine can skip straight to
# digits instead of trying every position of the text.
_START = r"\d(?<![\w$€£.,/@-]\d)(?<!\d:\d)"
_NOT_AFTER = r"(?![\w@]|[.,/:-]\d|\s?%)"

SSN_SHAPE = re.compile("(" + _START + r"\d\d)([- .])(\d{2})\2(\d{4})" + _NOT_AFTER)
EIN_SHAPE = re.compile("(" + _START + r"\d)-(\d{7})" + _NOT_AFTER)
A_NUMBER_SHAPE = re.compile(
    r"[Aa](?<![\w-][Aa])(?:\s?[-#:]\s?|\s)?(\d{2,3})[- ]?(\d{3})[- ]?(\d{3})(?![\w]|[.,/:-]\d)"
)
CARD_SHAPE = re.compile(_START + r"(?:[ -]?\d){12,18}" + _NOT_AFTER)
DIGIT_RUN = re.compile(_START + r"\d{3,16}" + _NOT_AFTER)
# Long numbers are also written in groups: "4737-3855824", "1234 5678 9012", "123-456-789".
GROUPED_RUN = re.compile(
    _START + r"(?:\d{1,16}(?:-\d{2,17}){1,4}|\d{2,3}(?: \d{3,4}){1,3})" + _NOT_AFTER
)
ROUTING_REACH = 70
PASSPORT_TOKEN = re.compile(r"(?<![\w-])(?=[A-Z0-9]*\d{5})[A-Z0-9]{6,9}(?![\w-])", re.IGNORECASE)

_ITIN_GROUPS = frozenset(range(50, 66)) | frozenset(range(70, 89)) | frozenset({90, 91, 92})
_ITIN_GROUPS |= frozenset(range(94, 100))
# Issuer prefixes of cards in use in the US, with their lengths.
_CARD_PREFIXES: tuple[tuple[tuple[str, ...], frozenset[int]], ...] = (
    (("4",), frozenset({13, 16, 19})),
    (("51", "52", "53", "54", "55"), frozenset({16})),
    (tuple(str(n) for n in range(2221, 2721)), frozenset({16})),
    (("34", "37"), frozenset({15})),
    (("6011", "65", "644", "645", "646", "647", "648", "649"), frozenset({16, 19})),
    (tuple(str(n) for n in range(622126, 622926)), frozenset({16, 19})),
    (("62",), frozenset({16, 17, 18, 19})),
    (("35",), frozenset({16, 19})),
    (("300", "301", "302", "303", "304", "305", "36", "38"), frozenset({14, 16, 19})),
    (("50", "56", "57", "58", "6"), frozenset({12, 13, 14, 15, 16, 17, 18, 19})),
)


def detect_ssn_and_tin(text: str, context: Context) -> Iterator[Candidate]:
    """3-2-4 digit groups (SSN or ITIN) and 2-7 digit groups after an employer-ID cue (EIN)."""
    for match in SSN_SHAPE.finditer(text):
        area, _, group, serial = match.groups()
        kind = _ssn_shape_type(area, group, serial, context.cue_near(match.start(), match.end()))
        if kind:
            yield Candidate(kind, match.start(), match.end(), RANK_SHAPE)
    for match in EIN_SHAPE.finditer(text):
        if context.cue_near(match.start(), match.end()) in {"TIN", "SSN"}:
            yield Candidate("TIN", match.start(), match.end(), RANK_SHAPE)


def _ssn_shape_type(area: str, group: str, serial: str, cue: str | None) -> str | None:
    if cue == "TIN" or (area.startswith("9") and int(group) in _ITIN_GROUPS):
        return "TIN"
    if area.startswith("9") and cue != "SSN":
        return "TIN"  # no SSN starts with 9: an ITIN (or an EIN-like) number, mistyped or not
    if cue in {"PHONE", "OTHER", "ROUTING", "ACCOUNT"} and not _valid_ssn(area, group, serial):
        return None
    return "SSN"


def _valid_ssn(area: str, group: str, serial: str) -> bool:
    return area not in {"000", "666"} and area[0] != "9" and group != "00" and serial != "0000"


def detect_a_number(text: str, context: Context) -> Iterator[Candidate]:
    """ "A" followed by 8 or 9 digits, with or without dashes or spaces."""
    for match in A_NUMBER_SHAPE.finditer(text):
        if len("".join(match.groups())) not in {8, 9}:
            continue
        cue = context.cue_near(match.start(), match.end())
        if cue == "PASSPORT":
            continue  # US passports are a letter and eight digits too
        if cue == "A_NUMBER" or _a_number_written_as_such(match):
            yield Candidate("A_NUMBER", match.start(), match.end(), RANK_SHAPE)


def _a_number_written_as_such(match: re.Match[str]) -> bool:
    """ "A123456789", "A-123-456-789", "A# 12345678": a capital A joined to the digits.

    A lowercase or space-separated "a 12345678" is running text and needs an A-number cue.
    """
    raw = match.group(0)
    return raw[0] == "A" and not raw[1:2].isspace()


def detect_cards(text: str, context: Context) -> Iterator[Candidate]:
    """13-19 digits, in groups or not, that pass Luhn and start like a real issuer's cards."""
    for match in CARD_SHAPE.finditer(text):
        digits = _digits(match.group(0))
        if not _plausible_card(digits):
            continue
        if not _consistent_grouping(match.group(0)):
            continue
        yield Candidate("CARD", match.start(), match.end(), RANK_CHECKED)


def _plausible_card(digits: str) -> bool:
    if not 13 <= len(digits) <= 19 or not luhn_valid(digits) or len(set(digits)) == 1:
        return False
    return any(
        len(digits) in lengths and digits.startswith(prefixes)
        for prefixes, lengths in _CARD_PREFIXES
    )


def _consistent_grouping(raw: str) -> bool:
    """A card is written in groups of 4 (or 4-6-5 for Amex), not digits split at random."""
    groups = re.split(r"[ -]", raw)
    if len(groups) == 1:
        return True
    return all(len(g) >= 3 for g in groups)


def detect_passport(text: str, context: Context) -> Iterator[Candidate]:
    """6-9 letters and digits after a passport cue."""
    if not context.has_cue("PASSPORT"):
        return
    for match in PASSPORT_TOKEN.finditer(text):
        if context.cue_before(match.start(), window=30) == "PASSPORT":
            yield Candidate("PASSPORT", match.start(), match.end(), RANK_CONTEXT)


def detect_digit_runs(text: str, context: Context) -> Iterator[Candidate]:
    """Runs of digits, plain or grouped ("4737-3855824"), typed by the cue nearest to them."""
    for expression in (DIGIT_RUN, GROUPED_RUN):
        plain = expression is DIGIT_RUN
        for match in expression.finditer(text):
            digits = _digits(match.group(0))
            kind = _run_type(digits, context, match.start(), match.end(), plain=plain)
            if kind:
                yield Candidate(kind, match.start(), match.end(), RANK_CONTEXT)


def _run_type(digits: str, context: Context, start: int, end: int, *, plain: bool) -> str | None:
    cue = context.cue_near(start, end)
    if cue is None:
        return _uncued_run_type(digits) if plain else None
    if cue == "OTHER":
        return None
    if cue == "ACCOUNT" and _routing_beside_account(digits, context, start):
        return "ROUTING_NUMBER"
    return _type_for_cue(digits, cue)


def _routing_beside_account(digits: str, context: Context, start: int) -> bool:
    """ "routing and account numbers: 021000021 and 12345678": the checksum tells them apart."""
    return aba_valid(digits) and context.cue_named_before("ROUTING", start, ROUTING_REACH)


def _type_for_cue(digits: str, cue: str) -> str | None:
    length = len(digits)
    if cue == "ROUTING":
        return "ROUTING_NUMBER" if length == 9 and aba_valid(digits) else None
    if cue == "ACCOUNT":
        return "BANK_ACCOUNT" if 4 <= length <= 17 and not _year_like(digits) else None
    if cue == "SSN":
        return _ssn_run_type(digits)
    if cue == "TIN" and length == 9:
        return "TIN"
    if cue == "A_NUMBER" and length in {8, 9}:
        return "A_NUMBER"
    if cue == "PASSPORT" and 6 <= length <= 9:
        return "PASSPORT"
    if cue == "PHONE" and length in {7, 10, 11}:
        return "PHONE" if _plausible_phone_digits(digits) else None
    return None


def _uncued_run_type(digits: str) -> str | None:
    """Ten digits (or eleven after a 1) that could be a US phone number, with no word saying
    otherwise, are most likely one: order and case numbers are named as such."""
    if len(digits) in {10, 11} and _plausible_phone_digits(digits) and digits[-7] in "23456789":
        return "PHONE"
    return None


def _ssn_run_type(digits: str) -> str | None:
    if len(digits) == 9:
        return "TIN" if digits[0] == "9" and int(digits[3:5]) in _ITIN_GROUPS else "SSN"
    # "the last four of my SSN, 6789": still part of the number, and often all that is asked.
    if len(digits) == 4 and not _year_like(digits):
        return "SSN"
    return None


def _year_like(digits: str) -> bool:
    """A year (2019) or a span of years (2019-2024, once its dash is dropped)."""
    if len(digits) == 8:
        return _year_like(digits[:4]) and _year_like(digits[4:])
    return len(digits) == 4 and digits[:2] in {"19", "20"}


def _plausible_phone_digits(digits: str) -> bool:
    if len(digits) == 11:
        return digits[0] == "1" and digits[1] in "23456789"
    return digits[0] in "23456789"


def _digits(raw: str) -> str:
    return "".join(char for char in raw if char.isdigit())
