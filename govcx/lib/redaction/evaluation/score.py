"""Measure the redactor against a labelled set: precision, recall and F2 per type, leak recall.

Matching is by overlap, not exact boundaries: a gold span counts as found when a finding of the
same type overlaps it, and a finding counts as correct when it overlaps a gold span of the same
type. Boundaries matter less than coverage here, because whatever a finding overlaps is
replaced. "Leak recall" ignores the type: the share of gold spans that some finding overlaps,
that is, the share of planted values that would not be stored as written.

F2 weighs recall twice as much as precision: a missed Social Security number is worse than a
redacted word.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Protocol

from govcx.lib.redaction import PII_TYPES, AgencyPattern, Redaction, redact
from govcx.lib.redaction.evaluation import EVALUATION_PATTERNS

LANGUAGES: Final = ("en", "es")
BETA: Final = 2.0
CONTEXT_CHARS: Final = 30


class SetError(ValueError):
    """A line of an evaluation file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int


class SpanLike(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Example:
    id: str
    language: str
    text: str
    spans: tuple[Span, ...]
    note: str = ""


class Redactor(Protocol):
    def __call__(
        self, text: str, *, language: str | None = ..., patterns: Sequence[AgencyPattern] = ...
    ) -> Redaction: ...


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def known_types(patterns: Sequence[AgencyPattern] = EVALUATION_PATTERNS) -> tuple[str, ...]:
    return (*PII_TYPES, *(p.label for p in patterns if p.label not in PII_TYPES))


def load_set(
    path: str | Path, *, patterns: Sequence[AgencyPattern] = EVALUATION_PATTERNS
) -> list[Example]:
    """Read a JSON Lines set, refusing anything a score could be silently wrong about."""
    path = Path(path)
    types = set(known_types(patterns))
    examples: list[Example] = []
    ids: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path.name}, line {number}"
            example = _example(line, where, types)
            if example.id in ids:
                raise SetError(f"{where}: id {example.id!r} is used twice")
            ids.add(example.id)
            examples.append(example)
    return examples


def _example(line: str, where: str, types: set[str]) -> Example:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise SetError(f"{where}: not JSON ({error.msg}, column {error.colno})") from None
    if not isinstance(record, dict):
        raise SetError(f"{where}: a line must be a JSON object")
    for key, kind in (("id", str), ("language", str), ("text", str), ("spans", list)):
        if not isinstance(record.get(key), kind):
            raise SetError(f"{where}: {key!r} is missing or not a {kind.__name__}")
    if record["language"] not in LANGUAGES:
        raise SetError(f"{where}: language {record['language']!r} is not one of {LANGUAGES}")
    note = record.get("note", "")
    if not isinstance(note, str):
        raise SetError(f"{where}: 'note' must be a string")
    spans = tuple(_span(raw, record["text"], where, types) for raw in record["spans"])
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise SetError(f"{where}: spans {before} and {after} overlap")
    return Example(record["id"], record["language"], record["text"], tuple(ordered), note)


def _span(raw: object, text: str, where: str, types: set[str]) -> Span:
    if not isinstance(raw, dict):
        raise SetError(f"{where}: a span must be an object")
    start, end, kind = raw.get("start"), raw.get("end"), raw.get("type")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise SetError(f"{where}: span {raw} is not within the text (0..{len(text)})")
    if kind not in types:
        raise SetError(f"{where}: span type {kind!r} is not one of {sorted(types)}")
    return Span(str(kind), start, end)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    min_recall: float
    min_precision: float | None

    def describe(self) -> str:
        recall = f"R≥{self.min_recall:.2f}"
        return recall if self.min_precision is None else f"{recall} P≥{self.min_precision:.2f}"


# The targets: names are hard enough that only their recall is held to a bar (0.85);
# every other type, agency patterns included, must reach recall 0.95 and precision 0.90.
DEFAULT_TARGET: Final = Target(min_recall=0.95, min_precision=0.90)
TARGETS: Final = {"NAME": Target(min_recall=0.85, min_precision=None)}


def target_for(kind: str) -> Target:
    return TARGETS.get(kind, DEFAULT_TARGET)


def f_beta(precision: float, recall: float, beta: float = BETA) -> float:
    if precision + recall == 0:
        return 0.0
    weight = beta * beta
    return (1 + weight) * precision * recall / (weight * precision + recall)


@dataclass(frozen=True)
class TypeScore:
    type: str
    support: int  # gold spans of the type
    found: int  # of those, overlapped by a finding of the same type
    predicted: int  # findings of the type
    correct: int  # of those, overlapping a gold span of the same type

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.support if self.support else None

    @property
    def f2(self) -> float | None:
        if self.precision is None or self.recall is None:
            return None
        return f_beta(self.precision, self.recall)

    @property
    def target(self) -> Target:
        return target_for(self.type)

    @property
    def met(self) -> bool:
        """A figure that cannot be computed (no spans, or no findings) is not held against it."""
        target = self.target
        recall_ok = self.recall is None or self.recall >= target.min_recall
        precision_ok = (
            target.min_precision is None
            or self.precision is None
            or self.precision >= target.min_precision
        )
        return recall_ok and precision_ok


@dataclass(frozen=True)
class Error:
    """A miss (a gold span no finding of its type overlaps) or a false alarm (the reverse)."""

    example_id: str
    language: str
    type: str
    text: str  # the span's text
    context: str  # the span with some text either side, the span in ⟦ ⟧
    overlaps: tuple[str, ...]  # types of the other side's spans that overlap it


@dataclass(frozen=True)
class Evaluation:
    scores: tuple[TypeScore, ...]
    gold_total: int
    leak_found: int
    leak_by_language: dict[str, tuple[int, int]]  # language: (found, total)
    misses: tuple[Error, ...]
    false_alarms: tuple[Error, ...]
    comments: int
    seconds: float = 0.0  # time spent redacting, the warm-up call excluded
    warmup_seconds: float = 0.0

    @property
    def leak_recall(self) -> float | None:
        return self.leak_found / self.gold_total if self.gold_total else None

    @property
    def comments_per_second(self) -> float | None:
        return self.comments / self.seconds if self.seconds > 0 else None

    @property
    def unmet(self) -> tuple[TypeScore, ...]:
        return tuple(score for score in self.scores if not score.met)

    @property
    def met(self) -> bool:
        return not self.unmet

    def score_for(self, kind: str) -> TypeScore:
        return next(score for score in self.scores if score.type == kind)


def overlaps(a: SpanLike, b: SpanLike) -> bool:
    return a.start < b.end and b.start < a.end


def _context(text: str, span: SpanLike) -> str:
    before = text[max(0, span.start - CONTEXT_CHARS) : span.start]
    after = text[span.end : span.end + CONTEXT_CHARS]
    return f"{before}⟦{text[span.start : span.end]}⟧{after}".replace("\n", " ")


def _error(example: Example, span: SpanLike, others: Iterable[SpanLike]) -> Error:
    return Error(
        example_id=example.id,
        language=example.language,
        type=span.type,
        text=example.text[span.start : span.end],
        context=_context(example.text, span),
        overlaps=tuple(sorted({o.type for o in others if overlaps(span, o)})),
    )


def score(
    examples: Sequence[Example],
    predictions: Sequence[Sequence[SpanLike]],
    *,
    types: Sequence[str] = (),
) -> Evaluation:
    """Compare predicted spans (one sequence per example, in order) with the gold spans.

    `types` lists the types to report even when neither side has any (the built-in ones).
    """
    if len(examples) != len(predictions):
        raise ValueError(f"{len(examples)} examples but {len(predictions)} predictions")
    support: Counter[str] = Counter()
    found: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    leak: dict[str, list[int]] = {}
    misses: list[Error] = []
    false_alarms: list[Error] = []
    for example, found_spans in zip(examples, predictions, strict=True):
        by_language = leak.setdefault(example.language, [0, 0])
        for gold in example.spans:
            support[gold.type] += 1
            by_language[1] += 1
            if any(overlaps(gold, p) for p in found_spans):
                by_language[0] += 1
            if any(p.type == gold.type and overlaps(gold, p) for p in found_spans):
                found[gold.type] += 1
            else:
                misses.append(_error(example, gold, found_spans))
        for prediction in found_spans:
            predicted[prediction.type] += 1
            if any(g.type == prediction.type and overlaps(g, prediction) for g in example.spans):
                correct[prediction.type] += 1
            else:
                false_alarms.append(_error(example, prediction, example.spans))
    ordered = list(dict.fromkeys([*types, *sorted(support), *sorted(predicted)]))
    scores = tuple(
        TypeScore(kind, support[kind], found[kind], predicted[kind], correct[kind])
        for kind in ordered
    )
    return Evaluation(
        scores=scores,
        gold_total=sum(support.values()),
        leak_found=sum(language[0] for language in leak.values()),
        leak_by_language={language: (f, t) for language, (f, t) in sorted(leak.items())},
        misses=tuple(misses),
        false_alarms=tuple(false_alarms),
        comments=len(examples),
    )


def evaluate(
    examples: Sequence[Example],
    *,
    redactor: Redactor | None = None,
    patterns: Sequence[AgencyPattern] = EVALUATION_PATTERNS,
) -> Evaluation:
    """Redact every example in its own language with the agency patterns, then score.

    One call is made before the clock starts, so loading anything the redactor loads lazily is
    reported apart (`warmup_seconds`) rather than spread over the per-comment figure.
    """
    redactor = redactor or redact  # looked up now, so a test can stand in for the redactor
    started = time.perf_counter()
    redactor("Warm-up call before timing.", language=None, patterns=patterns)
    warmup = time.perf_counter() - started
    predictions: list[tuple[SpanLike, ...]] = []
    started = time.perf_counter()
    for example in examples:
        redaction = redactor(example.text, language=example.language, patterns=patterns)
        predictions.append(tuple(redaction.findings))
    seconds = time.perf_counter() - started
    result = score(examples, predictions, types=known_types(patterns))
    return replace(result, seconds=seconds, warmup_seconds=warmup)
