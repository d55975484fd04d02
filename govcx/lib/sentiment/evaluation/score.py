"""Measure the sentiment scorers on a labelled set: accuracy per language, and the misses.

    python -m govcx.lib.sentiment.evaluation.score                 # the evaluation set
    python -m govcx.lib.sentiment.evaluation.score --development   # the tuning set
    python -m govcx.lib.sentiment.evaluation.score --show-errors

English and Spanish comments are grouped by the language they are written in; comments in any
other language form the group "other", where the right answer is always "not_scored".
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from govcx.lib.sentiment import SCORED_LANGUAGES, Sentiment, score_sentiment

HERE: Final = Path(__file__).resolve().parent
EVALUATION_SET: Final = HERE / "comments.jsonl"
DEVELOPMENT_SET: Final = HERE / "development.jsonl"
OTHER_GROUP: Final = "other"


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    label: str
    tag: str | None

    @property
    def group(self) -> str:
        return self.language if self.language in SCORED_LANGUAGES else OTHER_GROUP


@dataclass(frozen=True)
class Outcome:
    example: Example
    sentiment: Sentiment

    @property
    def correct(self) -> bool:
        return self.sentiment.label.value == self.example.label


def load_examples(path: Path = EVALUATION_SET) -> list[Example]:
    """The examples of a JSON-lines set; the tag defaults to the text's own language."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        tag = row["tag"] if "tag" in row else row["language"]
        examples.append(Example(row["text"], row["language"], row["label"], tag))
    return examples


def score_examples(examples: Iterable[Example]) -> list[Outcome]:
    return [Outcome(ex, score_sentiment(ex.text, language=ex.tag)) for ex in examples]


def accuracy_by_group(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Share of correct labels per group ("en", "es", "other")."""
    totals = Counter(outcome.example.group for outcome in outcomes)
    hits = Counter(outcome.example.group for outcome in outcomes if outcome.correct)
    return {group: hits[group] / total for group, total in sorted(totals.items())}


def confusion(outcomes: Sequence[Outcome], group: str) -> Counter[tuple[str, str]]:
    """(gold label, predicted label) -> count, within one group."""
    return Counter(
        (outcome.example.label, outcome.sentiment.label.value)
        for outcome in outcomes
        if outcome.example.group == group
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--development", action="store_true", help="measure the tuning set")
    parser.add_argument("--show-errors", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    path = DEVELOPMENT_SET if args.development else EVALUATION_SET
    outcomes = score_examples(load_examples(path))
    for group, accuracy in accuracy_by_group(outcomes).items():
        size = sum(1 for outcome in outcomes if outcome.example.group == group)
        print(f"{group}: accuracy {accuracy:.3f} (n = {size})")
        for (gold, predicted), count in sorted(confusion(outcomes, group).items()):
            print(f"    {gold:>10} -> {predicted:<10} {count}")
    if args.show_errors:
        for outcome in outcomes:
            if not outcome.correct:
                _print_miss(outcome)


def _print_miss(outcome: Outcome) -> None:
    sentiment = outcome.sentiment
    score = "-" if sentiment.score is None else f"{sentiment.score:+.3f}"
    print(
        f"[{outcome.example.group}] {outcome.example.label} -> {sentiment.label.value} "
        f"({score}, {sentiment.language}): {outcome.example.text}"
    )


if __name__ == "__main__":
    main()
