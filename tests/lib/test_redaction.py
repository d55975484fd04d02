"""The redactor's contract: placeholders, positions, idempotency, agency patterns, checksums."""

from __future__ import annotations

import re

import pytest

from govcx.lib.redaction import (
    PII_TYPES,
    AgencyPattern,
    Finding,
    PatternError,
    Placeholder,
    Redaction,
    compile_agency_pattern,
    redact,
)
from govcx.lib.redaction.checksums import aba_valid, luhn_valid
from govcx.lib.redaction.engine import languages_for, resolve
from govcx.lib.redaction.model import Candidate

SAMPLE = (
    "My name is Will Turner, call me at (202) 555-0143 or write to will.t@example.com. "
    "SSN 123-45-6789, born on March 5, 1980, living at 1234 N Main Street Apt 5B."
)
CLAIM = compile_agency_pattern("CLAIM_NUMBER", r"\bCLM-\d{4}-\d{7}\b", "claim CLM-2024-0012345")


def test_every_built_in_type_has_its_placeholder() -> None:
    assert list(PII_TYPES) == [
        "NAME",
        "EMAIL",
        "PHONE",
        "SSN",
        "TIN",
        "A_NUMBER",
        "PASSPORT",
        "CARD",
        "BANK_ACCOUNT",
        "ROUTING_NUMBER",
        "ADDRESS",
        "DOB",
    ]
    assert all(label == f"[{kind}]" for kind, label in PII_TYPES.items())


def test_each_finding_is_replaced_by_its_typed_placeholder() -> None:
    redaction = redact(SAMPLE)
    assert redaction.text == (
        "My name is [NAME], call me at [PHONE] or write to [EMAIL]. "
        "SSN [SSN], born on [DOB], living at [ADDRESS]."
    )
    assert redaction.changed


def test_findings_point_into_the_original_text() -> None:
    redaction = redact(SAMPLE)
    values = [(f.type, SAMPLE[f.start : f.end]) for f in redaction.findings]
    assert values == [
        ("NAME", "Will Turner"),
        ("PHONE", "(202) 555-0143"),
        ("EMAIL", "will.t@example.com"),
        ("SSN", "123-45-6789"),
        ("DOB", "March 5, 1980"),
        ("ADDRESS", "1234 N Main Street Apt 5B"),
    ]
    assert all(isinstance(f, Finding) for f in redaction.findings)


def test_placeholders_point_exactly_at_their_text_in_the_redacted_text() -> None:
    redaction = redact(SAMPLE)
    for placeholder in redaction.placeholders:
        assert isinstance(placeholder, Placeholder)
        assert redaction.text[placeholder.start : placeholder.end] == f"[{placeholder.type}]"
    assert [p.type for p in redaction.placeholders] == [f.type for f in redaction.findings]


def test_stored_positions_are_plain_dicts_without_values() -> None:
    redaction = redact("Call (202) 555-0143 now")
    assert redaction.stored_positions() == [{"type": "PHONE", "start": 5, "end": 12}]


def test_text_without_personal_information_is_unchanged() -> None:
    text = "The wait was long but the staff were kind. I will pay the bill in June."
    redaction = redact(text)
    assert redaction == Redaction(text, (), ())
    assert not redaction.changed
    assert redaction.stored_positions() == []


def test_empty_text() -> None:
    assert redact("") == Redaction("", (), ())


@pytest.mark.parametrize("text", [SAMPLE, "Gracias, Luz Cruz. Mi cel es 202-555-0143.", "x"])
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once = redact(text, patterns=[CLAIM])
    twice = redact(once.text, patterns=[CLAIM])
    assert twice.text == once.text
    assert twice.findings == ()
    assert not twice.changed


def test_placeholders_typed_by_the_public_are_left_alone() -> None:
    text = "[NAME] said to call [PHONE] about [CLAIM_NUMBER]"
    assert redact(text, patterns=[CLAIM]).findings == ()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", {"en"}),
        ("es", {"es"}),
        ("es-US", {"es"}),
        ("EN_us", {"en"}),
        ("fr", {"en", "es"}),
        (None, {"en", "es"}),
        ("", {"en", "es"}),
    ],
)
def test_languages(language: str | None, expected: set[str]) -> None:
    assert languages_for(language) == expected


def test_overlaps_keep_the_longest_then_the_most_specific() -> None:
    candidates = [
        Candidate("PHONE", 0, 12, 2),
        Candidate("CARD", 0, 19, 1),
        Candidate("SSN", 20, 31, 3),
        Candidate("TIN", 20, 31, 2),
        Candidate("NAME", 25, 40, 4),
    ]
    assert resolve(candidates) == [Candidate("CARD", 0, 19, 1), Candidate("NAME", 25, 40, 4)]
    assert resolve(reversed(candidates)) == resolve(candidates)
    assert resolve([Candidate("SSN", 20, 31, 3), Candidate("TIN", 20, 31, 2)]) == [
        Candidate("TIN", 20, 31, 2)
    ]


# Agency patterns


def test_an_agency_pattern_gives_its_own_placeholder() -> None:
    text = "Please look up claim CLM-2024-0012345 for me."
    redaction = redact(text, patterns=[CLAIM])
    assert redaction.text == "Please look up claim [CLAIM_NUMBER] for me."
    assert redaction.findings == (Finding("CLAIM_NUMBER", 21, 37),)


def test_agency_patterns_apply_only_when_given() -> None:
    assert redact("claim CLM-2024-0012345").findings == ()


def test_compile_agency_pattern_returns_the_compiled_pattern() -> None:
    pattern = compile_agency_pattern("CASE_NO", r"[A-Z]{3}\d{6}", "case ABC123456 open")
    assert pattern == AgencyPattern("CASE_NO", re.compile(r"[A-Z]{3}\d{6}"))


@pytest.mark.parametrize(
    ("label", "pattern", "test_string", "message"),
    [
        ("CLAIM", r"CLM-(\d+", "CLM-1", "not a valid regular expression"),
        ("CLAIM", r"\d*", "123", "empty string"),
        ("CLAIM", r"(?:x)?", "x", "empty string"),
        ("CLAIM", r"CLM-\d{7}", "no claim here", "does not find anything in the test string"),
        ("CLAIM", r"(a+)+b", "aab", "repeats a group that itself contains a repeat"),
        ("CLAIM", r"(\d+-?)*X", "12-X", "repeats a group that itself contains a repeat"),
        ("CLAIM", r"(?:(?:ab)*c)+", "abc", "repeats a group that itself contains a repeat"),
        ("CLAIM", r"(a|ab)+c", "abc", "alternatives that can start with the same character"),
        ("CLAIM", r"(?:\d\d|\d)*X", "12X", "alternatives that can start with the same character"),
        ("CLAIM", r"(?<=ab*)c", "abc", "not a valid regular expression"),
        ("claim", r"CLM", "CLM", "UPPER_SNAKE"),
        ("CLAIM NUMBER", r"CLM", "CLM", "UPPER_SNAKE"),
        ("1CLAIM", r"CLM", "CLM", "UPPER_SNAKE"),
        ("", r"CLM", "CLM", "UPPER_SNAKE"),
        ("PHONE", r"CLM", "CLM", "built-in type"),
        ("SSN", r"CLM", "CLM", "built-in type"),
    ],
)
def test_bad_agency_patterns_are_refused_with_the_reason(
    label: str, pattern: str, test_string: str, message: str
) -> None:
    with pytest.raises(PatternError, match=message):
        compile_agency_pattern(label, pattern, test_string)


def test_pattern_error_is_a_value_error() -> None:
    assert issubclass(PatternError, ValueError)


@pytest.mark.parametrize(
    "pattern",
    [r"(\d{3}-)+\d{4}", r"CLM-\d{4}-\d{7}", r"(?i)case\s?#?\d{5,8}", r"[A-Z]{2}(?:-\d{2}){3}"],
)
def test_safe_repeats_are_accepted(pattern: str) -> None:
    test_string = {
        r"(\d{3}-)+\d{4}": "123-456-7890",
        r"CLM-\d{4}-\d{7}": "CLM-2024-1234567",
        r"(?i)case\s?#?\d{5,8}": "Case #123456",
        r"[A-Z]{2}(?:-\d{2}){3}": "AB-12-34-56",
    }[pattern]
    assert compile_agency_pattern("CASE", pattern, test_string).pattern.pattern == pattern


# Checksums


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),
        ("5555555555554444", True),
        ("378282246310005", True),
        ("79927398713", True),
        ("4111111111111112", False),
        ("79927398710", False),
        ("", False),
        ("4111-1111", False),
        ("٤١١١١١١١١١١١١١١١", False),
    ],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("021000021", True),  # JPMorgan Chase
        ("011000015", True),  # Federal Reserve Bank of Boston
        ("122105278", True),
        ("021000022", False),  # one digit off
        ("000000000", False),
        ("123456789", False),
        ("02100002", False),
        ("9990000021", False),
    ],
)
def test_aba_routing_checksum(digits: str, valid: bool) -> None:
    assert aba_valid(digits) is valid


# Long texts


def test_a_long_text_is_redacted_in_one_pass_with_exact_positions() -> None:
    paragraph = (
        "Maria Lopez helped me. Call (202) 555-0143. The wait was long and the office in "
        "Austin was closed on Tuesday, but I will pay the bill in June. "
    )
    text = paragraph * 700  # about 100 KB
    redaction = redact(text)
    assert len(text) > 100_000
    assert len(redaction.findings) == 1400
    assert redaction.text.count("[NAME]") == 700
    assert redaction.text.count("[PHONE]") == 700
    assert "Maria" not in redaction.text
    assert "555-0143" not in redaction.text
    for placeholder in redaction.placeholders[-3:]:
        assert redaction.text[placeholder.start : placeholder.end] == f"[{placeholder.type}]"


def test_text_with_no_spaces_or_letters_is_handled() -> None:
    assert redact("-" * 50_000 + "1" * 50_000).findings == ()
    assert redact("a" * 100_000).findings == ()
