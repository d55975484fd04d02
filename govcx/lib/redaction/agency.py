"""Agency-defined patterns (claim numbers, case numbers) checked before they are ever used.

An agency administrator types these regular expressions, and every comment of that agency is
then run through them, so a pattern that backtracks catastrophically would stall submission
for everyone. Python's `re` has no time limit, so the risky shapes are refused up front by
reading the parsed pattern rather than by trying it on hostile input.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from govcx.lib.redaction.model import PII_TYPES

# The parser behind `re`; imported by name because its public alias warns on import.
_parser: Any = importlib.import_module("re._parser")

LABEL_SHAPE = re.compile(r"[A-Z][A-Z0-9_]*")
MAX_PATTERN_LENGTH = 500
MAX_LABEL_LENGTH = 40
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
# Characters used to compare what alternatives can start with: ASCII and common accents.
_PROBE = frozenset(chr(code) for code in range(128)) | frozenset("áéíóúñüÁÉÍÓÚÑÜ–—’")
_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}


class PatternError(ValueError):
    """An agency pattern cannot be used; the message says why, for the administrator."""


class AgencyPattern(NamedTuple):
    label: str
    pattern: re.Pattern[str]


def compile_agency_pattern(label: str, pattern: str, test_string: str) -> AgencyPattern:
    """Check and compile one agency pattern; PatternError names the first problem found."""
    _check_label(label)
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"the pattern is longer than {MAX_PATTERN_LENGTH} characters")
    parsed = _parse(pattern)
    if parsed.getwidth()[0] == 0:
        raise PatternError(
            "the pattern can match the empty string; it must match at least one character"
        )
    if _has_nested_repeat(parsed, inside_repeat=False):
        raise PatternError(
            "the pattern repeats a group that itself contains a repeat, such as (a+)+; "
            "this can take exponential time on some comments"
        )
    if _has_ambiguous_alternation(parsed, inside_repeat=False):
        raise PatternError(
            "the pattern repeats alternatives that can start with the same character, such as "
            "(a|ab)+; this can take exponential time on some comments"
        )
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise PatternError(f"the pattern is not a valid regular expression: {error}") from None
    if compiled.search(test_string) is None:
        raise PatternError(f"the pattern does not find anything in the test string {test_string!r}")
    return AgencyPattern(label, compiled)


def _check_label(label: str) -> None:
    if not LABEL_SHAPE.fullmatch(label) or len(label) > MAX_LABEL_LENGTH:
        raise PatternError(
            f"the label {label!r} must be UPPER_SNAKE: capital letters, digits and underscores, "
            f"starting with a letter, at most {MAX_LABEL_LENGTH} characters"
        )
    if label in PII_TYPES:
        raise PatternError(f"the label {label!r} is a built-in type; choose another name")


def _parse(pattern: str) -> Any:
    try:
        return _parser.parse(pattern)
    except re.error as error:
        raise PatternError(f"the pattern is not a valid regular expression: {error}") from None
    except (RecursionError, OverflowError):
        raise PatternError("the pattern is too deeply nested") from None


def _has_nested_repeat(subpattern: Any, *, inside_repeat: bool) -> bool:
    """True when a variable-length repeat sits inside another repeat that can run many times.

    A fixed-width repeat inside a repeat, as in (\\d{3}-)+, has one way to match and is safe.
    """
    for op, av in subpattern:
        name = str(op)
        if name in _REPEATS:
            low, high, body = av
            variable = low != high
            if inside_repeat and variable:
                return True
            if _has_nested_repeat(body, inside_repeat=inside_repeat or high > 1):
                return True
        elif any(
            _has_nested_repeat(child, inside_repeat=inside_repeat) for child in _children(op, av)
        ):
            return True
    return False


def _has_ambiguous_alternation(subpattern: Any, *, inside_repeat: bool) -> bool:
    """True when a repeated group has two alternatives that can start alike: (a|ab)+.

    The engine then tries both at every repetition, which is exponential when the rest fails.
    """
    for op, av in subpattern:
        name = str(op)
        if name in _REPEATS:
            if _has_ambiguous_alternation(av[2], inside_repeat=inside_repeat or av[1] > 1):
                return True
            continue
        if name == "BRANCH" and inside_repeat and _alternatives_overlap(av[1]):
            return True
        if any(
            _has_ambiguous_alternation(child, inside_repeat=inside_repeat)
            for child in _children(op, av)
        ):
            return True
    return False


def _alternatives_overlap(alternatives: list[Any]) -> bool:
    starts = [_first_characters(alternative) for alternative in alternatives]
    for index, first in enumerate(starts):
        for second in starts[index + 1 :]:
            if first is None or second is None or first & second:
                return True
    return False


def _first_characters(subpattern: Any) -> frozenset[str] | None:
    """The probe characters that can start a match of `subpattern`; None when it could be any
    (or nothing, which is as bad)."""
    if not len(subpattern):
        return None
    op, av = subpattern[0]
    name = str(op)
    if name == "LITERAL":
        return frozenset({chr(av)})
    if name == "IN":
        return _class_characters(av)
    if name == "SUBPATTERN":
        return _first_characters(av[3])
    if name in _REPEATS and av[0] > 0:
        return _first_characters(av[2])
    return None


def _class_characters(items: Any) -> frozenset[str] | None:
    chars: set[str] = set()
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE":
            chars.update(c for c in _PROBE if av[0] <= ord(c) <= av[1])
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            chars.update(c for c in _PROBE if _CATEGORIES[str(av)](c))
        else:
            return None
    return frozenset(_PROBE - chars) if negate else frozenset(chars)


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns below one node of the parsed pattern."""
    name = str(op)
    if name == "SUBPATTERN":
        return [av[3]]
    if name == "BRANCH":
        return list(av[1])
    if name in {"ASSERT", "ASSERT_NOT"}:
        return [av[1]]
    if name == "ATOMIC_GROUP":
        return [av]
    if name == "GROUPREF_EXISTS":
        return [branch for branch in av[1:] if branch is not None]
    return []
