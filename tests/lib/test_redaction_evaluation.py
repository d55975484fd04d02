"""The redaction evaluation set, its scorer and `govcx evaluate-redaction`.

The set is checked the way a reviewer would check an annotator's work: sizes, languages, counts
per type, that every span covers text of its type, that the two files share nothing, and that
the hard cases the issue names are there. The scorer is checked on small hand-made cases.
The last test measures the real redactor on the held-out file against the issue's targets.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from govcx.lib.redaction import PII_TYPES, AgencyPattern, Finding, Redaction
from govcx.lib.redaction.evaluation import CLAIM_NUMBER_PATTERN, EVALUATION_PATTERNS, SETS
from govcx.lib.redaction.evaluation import build as set_build
from govcx.lib.redaction.evaluation import score as scoring
from govcx.lib.redaction.evaluation.score import (
    Example,
    SetError,
    Span,
    TypeScore,
    evaluate,
    f_beta,
    load_set,
    score,
)

HELD_OUT = load_set(SETS["held_out"])
DEVELOPMENT = load_set(SETS["development"])
TYPES = (*PII_TYPES, "CLAIM_NUMBER")


def span_text(example: Example, span: Span) -> str:
    return example.text[span.start : span.end]


def all_spans(examples: Sequence[Example]) -> list[tuple[Example, Span]]:
    return [(example, span) for example in examples for span in example.spans]


# --------------------------------------------------------------------------------------------
# The set
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("examples", "minimum"), [(HELD_OUT, 520), (DEVELOPMENT, 300)])
def test_sizes_languages_and_comments_without_personal_information(
    examples: list[Example], minimum: int
) -> None:
    languages = Counter(example.language for example in examples)
    assert len(examples) >= minimum
    assert set(languages) == {"en", "es"}
    assert languages["es"] * 3 >= len(examples), languages
    assert sum(1 for example in examples if not example.spans) * 4 >= len(examples)


def test_every_type_is_present_often_enough_in_the_held_out_file() -> None:
    counts = Counter(span.type for _, span in all_spans(HELD_OUT))
    assert set(counts) == set(TYPES)
    assert counts["NAME"] >= 80, counts
    assert all(counts[kind] >= 30 for kind in TYPES), counts


def test_every_type_is_in_the_development_file_to_tune_against() -> None:
    counts = Counter(span.type for _, span in all_spans(DEVELOPMENT))
    assert all(counts[kind] >= 15 for kind in TYPES), counts


def test_ids_are_unique_and_the_files_share_no_comment() -> None:
    ids = [example.id for example in HELD_OUT + DEVELOPMENT]
    assert len(ids) == len(set(ids))
    held_out_texts = {example.text for example in HELD_OUT}
    assert len(held_out_texts) == len(HELD_OUT)
    assert not held_out_texts & {example.text for example in DEVELOPMENT}


def test_spans_are_ordered_and_do_not_overlap() -> None:
    for example in HELD_OUT + DEVELOPMENT:
        for before, after in itertools.pairwise(example.spans):
            assert before.end <= after.start, example.id


def _luhn(digits: str) -> bool:
    return set_build.luhn_valid(digits)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
MES = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"
)
DATE_FORMS = (
    r"\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})",
    r"\d{4}-\d{2}-\d{2}",
    rf"{MONTH} \d{{1,2}}, \d{{4}}",
    rf"\d{{1,2}} {MONTH} \d{{4}}",
    rf"\d{{1,2}} de {MES} de \d{{4}}",
)


def _is_name(text: str) -> bool:
    words = text.split(" ")
    return (
        text[0].isalpha()
        and all(c.isalpha() or c in " '’.-" for c in text)
        and 1 <= len(words) <= 5
        and all(words)
    )


def _is_ssn(text: str) -> bool:
    match = re.fullmatch(r"(\d{3})([- .]?)(\d{2})\2(\d{4})", text)
    if match is None:
        return False
    area, _, group, serial = match.groups()
    return area not in {"000", "666"} and area[0] != "9" and group != "00" and serial != "0000"


PLAUSIBLE: dict[str, Callable[[str], bool]] = {
    "NAME": _is_name,
    # Only documentation domains, so no real mailbox is ever named.
    "EMAIL": lambda t: bool(
        re.fullmatch(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)*example\.(?:com|org|net|gov|edu)", t)
    ),
    # Only the 555-0100 to 555-0199 block, which is reserved for fiction.
    "PHONE": lambda t: (
        bool(re.fullmatch(r"[\d()+.\- ]+", t))
        and len(_digits(t)) in (7, 10, 11)
        and _digits(t)[-7:].startswith("55501")
    ),
    "SSN": _is_ssn,
    "TIN": lambda t: bool(
        re.fullmatch(r"9\d{2}([- ]?)(?:7\d|8[0-8]|9[0-24-9])\1\d{4}", t)
        or re.fullmatch(r"\d{2}-\d{7}", t)
    ),
    "A_NUMBER": lambda t: (
        bool(re.fullmatch(r"(?:A[#-]? ?)?[\d -]+", t)) and len(_digits(t)) in (8, 9)
    ),
    "PASSPORT": lambda t: bool(re.fullmatch(r"[A-Z]\d{8}|\d{9}", t)),
    "CARD": lambda t: (
        bool(re.fullmatch(r"[\d -]+", t)) and len(_digits(t)) in (15, 16) and _luhn(_digits(t))
    ),
    "BANK_ACCOUNT": lambda t: bool(re.fullmatch(r"[\d-]+", t)) and 8 <= len(_digits(t)) <= 17,
    "ROUTING_NUMBER": lambda t: bool(re.fullmatch(r"\d{9}", t)) and set_build.aba_valid(t),
    "ADDRESS": lambda t: (
        bool(re.match(r"\d|P\.?O\.? Box|Post Office Box|Apartado|Calle|Avenida|Av\.|Lot ", t, re.I))
        and any(c.isdigit() for c in t)
    ),
    "DOB": lambda t: any(re.fullmatch(form, t) for form in DATE_FORMS),
    "CLAIM_NUMBER": lambda t: bool(re.fullmatch(CLAIM_NUMBER_PATTERN, t)),
}


def test_every_span_covers_text_of_its_type_and_whole_words() -> None:
    wrong = []
    for example, span in all_spans(HELD_OUT + DEVELOPMENT):
        text = span_text(example, span)
        before = example.text[span.start - 1 : span.start]
        after = example.text[span.end : span.end + 1]
        cut_word = (before.isalnum() and text[0].isalnum()) or (
            after.isalnum() and text[-1].isalnum()
        )
        if not PLAUSIBLE[span.type](text) or text != text.strip() or cut_word:
            wrong.append((example.id, span.type, text))
    assert not wrong


def test_sixteen_digit_numbers_that_fail_luhn_are_not_labelled() -> None:
    unlabelled = []
    for example in HELD_OUT:
        for match in re.finditer(r"\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}", example.text):
            covered = any(s.start < match.end() and match.start() < s.end for s in example.spans)
            if not _luhn(_digits(match[0])):
                assert not covered, example.id
                unlabelled.append(match[0])
    assert len(unlabelled) >= 5


# The hard cases, by the words used in the notes.
HARD_CASES = (
    "name that is also a word",
    "a word that is also a name, used as a word",
    "name in capitals",
    "lowercase name",
    "person names inside place names",
    "an amount",
    "an ISO date",
    "a confirmation number",
    "a count",
    "time range",
    "ZIP+4",
    "'1-800 number' without digits",
    "address without a ZIP code",
    "apartment/unit number",
    "PO box",
    "Spanish address (calle",
    "Spanish address (avenida",
    "an appointment date, not a birth date",
    "16-digit number that fails the Luhn check",
    "SSN written with spaces",
    "ITIN",
    "EIN",
    "A-number written A-123-456-789",
    "A-number written A123456789",
    "passport number with context",
    "routing and account numbers together",
    "email with a plus tag",
    "email with a subdomain",
)


@pytest.mark.parametrize("case", HARD_CASES)
def test_the_held_out_file_has_each_hard_case(case: str) -> None:
    assert sum(1 for example in HELD_OUT if case in example.note) >= 1


@pytest.mark.parametrize(
    "word",
    ["Will", "Grace", "June", "Bill", "Rosario", "Luz", "Dolores", "Cruz", "Hope", "Faith", "Mark"],
)
def test_names_that_are_also_words_appear_both_ways(word: str) -> None:
    as_name = as_word = 0
    for example in HELD_OUT:
        names = [s for s in example.spans if s.type == "NAME"]
        for match in re.finditer(rf"\b{word}\b", example.text, flags=re.IGNORECASE):
            if any(s.start <= match.start() and match.end() <= s.end for s in names):
                as_name += 1
            else:
                as_word += 1
    assert as_name >= 1
    assert as_word >= 1


def test_the_files_are_exactly_what_the_builder_writes() -> None:
    held_out, development = set_build.build()
    assert SETS["held_out"].read_text(encoding="utf-8") == set_build.dumps(held_out)
    assert SETS["development"].read_text(encoding="utf-8") == set_build.dumps(development)


def test_the_example_agency_pattern() -> None:
    (pattern,) = EVALUATION_PATTERNS
    assert pattern.label == "CLAIM_NUMBER"
    assert pattern.pattern.search("claim CLM-2024-0012345, please")
    assert not pattern.pattern.search("CLM-24-12345")


# --------------------------------------------------------------------------------------------
# Loading errors
# --------------------------------------------------------------------------------------------


def _write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _record(text: str | None = "Call 202-555-0101 now", **overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": "x-1",
        "language": "en",
        "text": text,
        "spans": [{"start": 5, "end": 17, "type": "PHONE"}],
    }
    record.update(overrides)
    return record


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_record(language="fr"), "language 'fr'"),
        (_record(spans=[{"start": 5, "end": 99, "type": "PHONE"}]), "not within the text"),
        (_record(spans=[{"start": 5, "end": 17, "type": "SHOE_SIZE"}]), "'SHOE_SIZE'"),
        (
            _record(
                spans=[
                    {"start": 5, "end": 12, "type": "PHONE"},
                    {"start": 10, "end": 17, "type": "SSN"},
                ]
            ),
            "overlap",
        ),
        (_record(text=None), "'text'"),
    ],
)
def test_load_set_names_the_line_and_the_problem(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    path = _write(tmp_path, _record(id="ok"), record)
    with pytest.raises(SetError, match=r"set\.jsonl, line 2") as raised:
        load_set(path)
    assert message in str(raised.value)


def test_load_set_refuses_a_repeated_id(tmp_path: Path) -> None:
    with pytest.raises(SetError, match="used twice"):
        load_set(_write(tmp_path, _record(), _record()))


def test_load_set_reads_spans_in_order(tmp_path: Path) -> None:
    record = _record(
        text="Ann Lee, 202-555-0101",
        spans=[{"start": 9, "end": 21, "type": "PHONE"}, {"start": 0, "end": 7, "type": "NAME"}],
        note="two",
    )
    (example,) = load_set(_write(tmp_path, record))
    assert example.spans == (Span("NAME", 0, 7), Span("PHONE", 9, 21))
    assert example.note == "two"


# --------------------------------------------------------------------------------------------
# Scoring arithmetic
# --------------------------------------------------------------------------------------------


def test_f_beta_weighs_recall_twice() -> None:
    assert f_beta(0.5, 1.0) == pytest.approx(5 * 0.5 / (4 * 0.5 + 1))  # 0.833
    assert f_beta(1.0, 0.5) == pytest.approx(5 * 0.5 / (4 + 0.5))  # 0.556
    assert f_beta(0.8, 0.8) == pytest.approx(0.8)
    assert f_beta(0.0, 0.0) == 0.0


def _example(*spans: Span, text: str = "x" * 100) -> Example:
    return Example("e", "en", text, spans)


def test_overlap_counts_as_a_match_and_adjacency_does_not() -> None:
    gold = _example(Span("NAME", 10, 20), Span("PHONE", 30, 42))
    predictions = [[Finding("NAME", 15, 25), Finding("PHONE", 42, 50)]]
    result = score([gold], predictions)
    name, phone = result.score_for("NAME"), result.score_for("PHONE")
    assert (name.support, name.found, name.predicted, name.correct) == (1, 1, 1, 1)
    assert (phone.support, phone.found, phone.predicted, phone.correct) == (1, 0, 1, 0)
    assert [miss.type for miss in result.misses] == ["PHONE"]
    assert [alarm.type for alarm in result.false_alarms] == ["PHONE"]


def test_precision_recall_and_f2_per_type() -> None:
    examples = [
        _example(Span("SSN", 0, 11), Span("SSN", 20, 31)),
        _example(Span("SSN", 0, 11)),
        _example(),
    ]
    predictions = [
        [Finding("SSN", 0, 11)],  # found
        [Finding("SSN", 2, 5), Finding("SSN", 50, 60)],  # found; one false alarm
        [Finding("SSN", 0, 9)],  # false alarm
    ]
    ssn = score(examples, predictions).score_for("SSN")
    assert ssn.support == 3
    assert ssn.recall == pytest.approx(2 / 3)
    assert ssn.precision == pytest.approx(2 / 4)
    assert ssn.f2 == pytest.approx(f_beta(0.5, 2 / 3))


def test_a_finding_of_another_type_covers_the_leak_but_not_the_type() -> None:
    result = score([_example(Span("TIN", 0, 11))], [[Finding("SSN", 0, 11)]])
    assert result.score_for("TIN").recall == 0.0
    assert result.score_for("SSN").precision == 0.0
    assert result.leak_recall == 1.0
    assert result.misses[0].overlaps == ("SSN",)
    assert result.false_alarms[0].overlaps == ("TIN",)


def test_one_wide_finding_finds_two_spans_and_is_one_correct_prediction() -> None:
    example = _example(Span("ADDRESS", 0, 10), Span("ADDRESS", 12, 20))
    address = score([example], [[Finding("ADDRESS", 0, 20)]]).score_for("ADDRESS")
    assert (address.recall, address.precision) == (1.0, 1.0)


def test_leak_recall_by_language() -> None:
    examples = [
        Example("a", "en", "x" * 40, (Span("NAME", 0, 4), Span("PHONE", 10, 20))),
        Example("b", "es", "x" * 40, (Span("NAME", 0, 4),)),
    ]
    result = score(examples, [[Finding("EMAIL", 12, 14)], []])
    assert result.leak_recall == pytest.approx(1 / 3)
    assert result.leak_by_language == {"en": (1, 2), "es": (0, 1)}


def test_figures_that_cannot_be_computed_are_none_and_not_held_against_the_type() -> None:
    nothing_found = TypeScore("CARD", support=0, found=0, predicted=0, correct=0)
    assert (nothing_found.precision, nothing_found.recall, nothing_found.f2) == (None,) * 3
    assert nothing_found.met
    silent = TypeScore("CARD", support=4, found=0, predicted=0, correct=0)
    assert silent.precision is None
    assert not silent.met


@pytest.mark.parametrize(
    ("kind", "found", "correct", "predicted", "met"),
    [
        ("PHONE", 95, 90, 100, True),
        ("PHONE", 94, 100, 100, False),  # recall below 0.95
        ("PHONE", 100, 89, 100, False),  # precision below 0.90
        ("NAME", 85, 10, 100, True),  # names: recall only
        ("NAME", 84, 100, 100, False),
        ("CLAIM_NUMBER", 95, 90, 100, True),  # agency patterns: the general target
        ("CLAIM_NUMBER", 100, 89, 100, False),
    ],
)
def test_targets(kind: str, found: int, correct: int, predicted: int, met: bool) -> None:
    assert TypeScore(kind, 100, found, predicted, correct).met is met


# --------------------------------------------------------------------------------------------
# evaluate() and the command, with a stand-in redactor
# --------------------------------------------------------------------------------------------


class GoldRedactor:
    """Finds exactly the labelled spans of the examples it knows (found by their text)."""

    def __init__(self, examples: Sequence[Example], *, drop: str | None = None) -> None:
        self.spans = {e.text: [s for s in e.spans if s.type != drop] for e in examples}
        self.calls: list[tuple[str | None, tuple[AgencyPattern, ...]]] = []

    def __call__(
        self, text: str, *, language: str | None = None, patterns: Sequence[AgencyPattern] = ()
    ) -> Redaction:
        self.calls.append((language, tuple(patterns)))
        findings = tuple(Finding(s.type, s.start, s.end) for s in self.spans.get(text, []))
        return Redaction(text=text, findings=findings, placeholders=())


def test_evaluate_passes_each_comment_its_language_and_the_agency_pattern() -> None:
    examples = HELD_OUT[:40]
    redactor = GoldRedactor(examples)
    result = evaluate(examples, redactor=redactor)
    assert result.met
    assert result.leak_recall == 1.0
    assert result.comments == 40
    assert [language for language, _ in redactor.calls[1:]] == [e.language for e in examples]
    assert all(patterns == EVALUATION_PATTERNS for _, patterns in redactor.calls)


@pytest.fixture
def small_set(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    lines = _first_lines(60)
    path.write_text(set_build.dumps(json.loads(line) for line in lines), encoding="utf-8")
    return path


def _first_lines(count: int) -> list[str]:
    return SETS["held_out"].read_text(encoding="utf-8").splitlines()[:count]


def test_command_prints_the_table_and_succeeds_when_targets_are_met(
    small_set: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scoring, "redact", GoldRedactor(load_set(small_set)))
    call_command("evaluate-redaction", "--set", str(small_set))
    output = capsys.readouterr().out
    for kind in TYPES:
        assert re.search(rf"^{kind} ", output, flags=re.MULTILINE), kind
    assert "NOT MET" not in output
    assert "leak recall" in output
    assert "comments per second" in output


def test_command_exits_with_status_1_and_lists_errors_when_a_target_is_missed(
    small_set: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scoring, "redact", GoldRedactor(load_set(small_set), drop="NAME"))
    with pytest.raises(CommandError, match="targets not met: NAME") as raised:
        call_command("evaluate-redaction", "--set", str(small_set), "--show-errors", "2")
    assert raised.value.returncode == 1
    output = capsys.readouterr().out
    assert re.search(r"^NAME .*NOT MET$", output, flags=re.MULTILINE)
    assert output.count("NAME:") == 2  # --show-errors 2 lists two misses


def test_command_refuses_an_unknown_set() -> None:
    assert get_commands()["evaluate-redaction"] == "govcx.responses"
    with pytest.raises(CommandError, match="no such set or file"):
        call_command("evaluate-redaction", "--set", "nonexistent")


# --------------------------------------------------------------------------------------------
# The real redactor against the targets
# --------------------------------------------------------------------------------------------


def test_the_redactor_meets_the_targets_on_the_held_out_set() -> None:
    result = evaluate(HELD_OUT)
    unmet = [
        f"{s.type}: recall {s.recall}, precision {s.precision} (target {s.target.describe()})"
        for s in result.unmet
    ]
    assert not unmet, unmet
