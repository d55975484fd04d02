"""How well comment sentiment agrees with people's labels on real feedback, and how fast it is.

    .venv/bin/python bench/evaluate_sentiment.py [--data-dir ../shared/data] [--repeats 3]

Reads `airline_tweets.csv` (tweets to U.S. airlines, each labelled negative, neutral or
positive by crowd workers) in place from the shared data directory; nothing of it is copied.
Every tweet is passed as written to `score_sentiment(text, language="en")`, exactly as a
comment is in production: the scorer itself skips @handles and web addresses, a tweet the
language check reads as Spanish is scored in Spanish and one it reads as another language is
not scored.

Two baselines run on the same tweets: the majority class (always "negative") and a word list
of twenty positive and twenty negative everyday words. Two more rows explain the figures:
vaderSentiment as packaged (no added words, no language check, handles read as words).
Neither the lexicons, the thresholds nor the word lists were tuned on these tweets; skipping
handles was added after the first run showed "@united" read as the positive word "united"
(docs/benchmarks.md records both runs). Prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import functools
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sklearn.metrics import (  # type: ignore[import-untyped]
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
    SentimentIntensityAnalyzer,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govcx.lib.sentiment import Sentiment, SentimentLabel, score_sentiment
from govcx.lib.sentiment.evaluation.score import (
    EVALUATION_SET,
    Example,
    accuracy_by_group,
    load_examples,
    score_examples,
)

ROOT: Final = Path(__file__).resolve().parent.parent
LABELS: Final = ("negative", "neutral", "positive")
NOT_SCORED: Final = SentimentLabel.NOT_SCORED.value
DATA_FILE: Final = "airline_tweets.csv"

# Everyday words of praise and complaint, written without looking at the tweets.
_POSITIVE: Final = (
    "good great thanks thank love excellent awesome amazing best happy helpful nice "
    "appreciate wonderful perfect fantastic glad kind friendly easy"
)
_NEGATIVE: Final = (
    "bad worst terrible awful horrible rude never hate poor disappointed angry late wait "
    "problem broken delay lost cancelled unacceptable useless"
)
POSITIVE_WORDS: Final = frozenset(_POSITIVE.split())
NEGATIVE_WORDS: Final = frozenset(_NEGATIVE.split())
_WORD: Final = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class Tweet:
    text: str
    label: str


@dataclass(frozen=True)
class Evaluation:
    name: str
    gold: list[str]
    predicted: list[str]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeats", type=int, default=3, help="timed scoring runs (best kept)")
    return parser.parse_args()


def read_tweets(path: Path) -> list[Tweet]:
    with path.open(encoding="utf-8", newline="") as file:
        return [Tweet(row["text"], row["airline_sentiment"]) for row in csv.DictReader(file)]


def word_list_label(text: str) -> str:
    words = _WORD.findall(text.lower())
    positive = sum(word in POSITIVE_WORDS for word in words)
    negative = sum(word in NEGATIVE_WORDS for word in words)
    if positive > negative:
        return "positive"
    return "negative" if negative > positive else "neutral"


def packaged_vader_labels(texts: Sequence[str]) -> list[str]:
    analyzer = SentimentIntensityAnalyzer()
    return [_label(float(analyzer.polarity_scores(text)["compound"])) for text in texts]


def _label(compound: float) -> str:
    if compound >= 0.05:
        return "positive"
    return "negative" if compound <= -0.05 else "neutral"


def labels_of(results: Sequence[Sentiment]) -> list[str]:
    return [result.label.value for result in results]


def score_all(texts: Sequence[str]) -> list[Sentiment]:
    return [score_sentiment(text, language="en") for text in texts]


def best_time(run: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def summary_row(evaluation: Evaluation) -> str:
    gold, predicted = evaluation.gold, evaluation.predicted
    accuracy = float(accuracy_score(gold, predicted))
    macro_f1 = float(f1_score(gold, predicted, labels=list(LABELS), average="macro"))
    kappa = float(cohen_kappa_score(gold, predicted))
    not_scored = predicted.count(NOT_SCORED)
    return (
        f"| {evaluation.name} | {len(gold):,} | {accuracy:.3f} | {macro_f1:.3f} "
        f"| {kappa:.3f} | {not_scored} |"
    )


def per_class_rows(evaluation: Evaluation) -> list[str]:
    precision, recall, f1, support = precision_recall_fscore_support(
        evaluation.gold, evaluation.predicted, labels=list(LABELS), zero_division=0
    )
    return [
        f"| {evaluation.name} | {label} | {float(p):.3f} | {float(r):.3f} | {float(f):.3f} "
        f"| {int(s):,} |"
        for label, p, r, f, s in zip(LABELS, precision, recall, f1, support, strict=True)
    ]


def confusion_rows(evaluation: Evaluation) -> list[str]:
    matrix = confusion_matrix(evaluation.gold, evaluation.predicted, labels=[*LABELS, NOT_SCORED])
    return [
        f"| {label} | " + " | ".join(f"{int(count):,}" for count in matrix[row]) + " |"
        for row, label in enumerate(LABELS)
    ]


def print_report(evaluations: Sequence[Evaluation]) -> None:
    print("| system | n | accuracy | macro-F1 | Cohen's κ | not scored |")
    print("|---|---:|---:|---:|---:|---:|")
    for evaluation in evaluations:
        print(summary_row(evaluation))
    print("\n| system | class | precision | recall | F1 | support |")
    print("|---|---|---:|---:|---:|---:|")
    for evaluation in evaluations:
        print("\n".join(per_class_rows(evaluation)))
    for evaluation in evaluations:
        print(f"\nConfusion matrix, {evaluation.name} (rows: label; columns: predicted)\n")
        print("| label | negative | neutral | positive | not scored |")
        print("|---|---:|---:|---:|---:|")
        print("\n".join(confusion_rows(evaluation)))


def print_evaluation_set(repeats: int) -> None:
    """Accuracy on the project's own labelled comments, and the time per comment there."""
    examples = load_examples(EVALUATION_SET)
    accuracy = accuracy_by_group(score_examples(examples))
    print("\n| evaluation set | n | accuracy | µs per comment |")
    print("|---|---:|---:|---:|")
    for group, share in accuracy.items():
        chosen = [example for example in examples if example.group == group]
        seconds = best_time(functools.partial(_score_examples_times, chosen, 20), repeats)
        micros = seconds / (20 * len(chosen)) * 1e6
        print(f"| {group} | {len(chosen)} | {share:.3f} | {micros:.0f} |")


def _score_examples_times(examples: Sequence[Example], times: int) -> None:
    for _ in range(times):
        for example in examples:
            score_sentiment(example.text, language=example.tag)


def main() -> None:
    arguments = parse_arguments()
    tweets = read_tweets(arguments.data_dir / DATA_FILE)
    texts = [tweet.text for tweet in tweets]
    gold = [tweet.label for tweet in tweets]

    start = time.perf_counter()
    score_sentiment("warm up: the first call reads the lexicons", language="en")
    first_call = time.perf_counter() - start
    results = score_all(texts)
    seconds = best_time(lambda: score_all(texts), arguments.repeats)

    evaluations = [
        Evaluation("govcx", gold, labels_of(results)),
        Evaluation("majority class", gold, ["negative"] * len(tweets)),
        Evaluation("word list", gold, [word_list_label(text) for text in texts]),
        Evaluation("vaderSentiment as packaged", gold, packaged_vader_labels(texts)),
    ]
    print(f"{len(tweets):,} tweets; labels: {dict(sorted(Counter(gold).items()))}")
    print(f"scored as: {dict(Counter(str(result.language) for result in results))}\n")
    print_report(evaluations)
    print(
        f"\nSpeed: {len(tweets):,} tweets in {seconds:.2f} s (best of {arguments.repeats}), "
        f"{len(tweets) / seconds:,.0f} per second on one core, "
        f"{seconds / len(tweets) * 1e6:.0f} µs each; first call {first_call * 1e3:.0f} ms."
    )
    print_evaluation_set(arguments.repeats)


if __name__ == "__main__":
    main()
