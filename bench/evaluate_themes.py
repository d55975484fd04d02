"""Comment themes against real, labelled public feedback: discovery, baselines and assignment.

    .venv/bin/python bench/evaluate_themes.py [--data-dir ../shared/data] [--seed 0] [--threads 1]

Reads, in place and never copied, from `--data-dir` (default: `../shared/data` next to the
repository):

- `cfpb_products_2015_2017.csv`: CFPB complaint narratives, labelled `product`;
- `cfpb_payday_loans_2023.csv`: payday, title and personal loan narratives, labelled `issue`
  and, separately, `sub_product`;
- `airline_tweets.csv`: the negative tweets only, labelled `negativereason`.

For each labelling, `discover_themes(texts, max_themes=<label classes, at most 12>)` runs once
and is compared with the labels: NMI and purity (a) over every text, "unassigned" counted as
one more group, and (b) over the texts given a theme only. Two baselines with the same k:
"top word" (each text's most frequent content word, if it is one of the k most common such
words, else "other") and "chance" (the discovered grouping shuffled across texts: the same
group sizes, no information; the mean of ten shuffles).

Then `ThemeAssigner` on the same texts (half to define themes, half to assign): one theme per
label class, defined by the label's name alone, then with 5 and 20 example texts of the class
drawn from the defining half; accuracy over every assigned-half text (None counts as wrong),
coverage (share assigned to some theme) and accuracy among those assigned. The baseline
gives every text the class most common in the defining half.

Prints Markdown tables and, per labelling, the key terms of the three largest themes (words,
never comments). Nothing is written to disk. `--threads N` holds the BLAS and OpenMP pools to
N threads (threadpoolctl); the times are discovery's alone.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govcx.lib.themes import (
    Discovery,
    ThemeAssigner,
    ThemeDefinition,
    discover_themes,
    normalized_mutual_information,
    purity,
)
from govcx.lib.themes.text import content_terms

ROOT = Path(__file__).resolve().parent.parent
MAX_THEMES = 12
SHUFFLES = 10
EXAMPLES_PER_THEME = (0, 5, 20)
UNASSIGNED = "(unassigned)"


@dataclass(frozen=True)
class Labelled:
    name: str
    label: str
    texts: list[str]
    labels: list[str]


@dataclass(frozen=True)
class Scores:
    method: str
    themes: int
    unassigned_share: float
    nmi_all: float
    purity_all: float
    nmi_assigned: float | None
    purity_assigned: float | None
    seconds: float | None


def main() -> None:
    options = parse_arguments()
    with threadpool_limits(limits=options.threads):
        evaluate(options)


def evaluate(options: argparse.Namespace) -> None:
    csv.field_size_limit(10_000_000)
    sets = load_sets(options.data_dir)
    discovery_rows: list[tuple[Labelled, Scores]] = []
    assignment_rows: list[tuple[Labelled, str, float, float, float]] = []
    top_terms: list[tuple[Labelled, Discovery]] = []
    for labelled in sets:
        k = min(len(set(labelled.labels)), MAX_THEMES)
        started = time.perf_counter()
        found = discover_themes(labelled.texts, max_themes=k, seed=options.seed)
        seconds = time.perf_counter() - started
        predicted = grouping(found)
        discovery_rows.append((labelled, scores("discover_themes", labelled, predicted, seconds)))
        discovery_rows.append((labelled, scores("top word", labelled, top_word(labelled, k), None)))
        discovery_rows.append((labelled, chance(labelled, predicted, options.seed)))
        top_terms.append((labelled, found))
        baseline = majority(labelled, options)
        assignment_rows.append((labelled, "largest class for all (baseline)", *baseline))
        for examples in EXAMPLES_PER_THEME:
            accuracy, coverage, precise = assignment(labelled, examples, options)
            assignment_rows.append(
                (labelled, f"its name + {examples} examples", accuracy, coverage, precise)
            )
        print(f"done: {labelled.name} / {labelled.label} ({seconds:.1f} s)", file=sys.stderr)
    print_discovery(discovery_rows)
    print_assignment(assignment_rows)
    print_key_terms(top_terms)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None, help="default: one per core")
    return parser.parse_args()


def load_sets(data_dir: Path) -> list[Labelled]:
    products = read_rows(data_dir / "cfpb_products_2015_2017.csv")
    payday = read_rows(data_dir / "cfpb_payday_loans_2023.csv")
    tweets = [
        row
        for row in read_rows(data_dir / "airline_tweets.csv")
        if row["airline_sentiment"] == "negative"
    ]
    return [
        labelled("CFPB products 2015–2017", "product", products, "narrative"),
        labelled("CFPB payday loans 2023", "issue", payday, "narrative"),
        labelled("CFPB payday loans 2023", "sub_product", payday, "narrative"),
        labelled("airline tweets, negative", "negativereason", tweets, "text"),
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def labelled(name: str, label: str, rows: list[dict[str, str]], text: str) -> Labelled:
    kept = [row for row in rows if row[label].strip()]
    return Labelled(name, label, [row[text] for row in kept], [row[label] for row in kept])


def grouping(found: Discovery) -> list[str]:
    """Each text's theme number, or UNASSIGNED."""
    predicted = [UNASSIGNED] * found.n
    for number, theme in enumerate(found.themes):
        for index in theme.members:
            predicted[index] = str(number)
    return predicted


def scores(method: str, labelled: Labelled, predicted: list[str], seconds: float | None) -> Scores:
    truth = labelled.labels
    assigned = [i for i, group in enumerate(predicted) if group != UNASSIGNED]
    assigned_truth = [truth[i] for i in assigned]
    assigned_predicted = [predicted[i] for i in assigned]
    return Scores(
        method=method,
        themes=len(set(assigned_predicted)),
        unassigned_share=1 - len(assigned) / len(truth),
        nmi_all=normalized_mutual_information(truth, predicted),
        purity_all=purity(truth, predicted),
        nmi_assigned=(
            normalized_mutual_information(assigned_truth, assigned_predicted) if assigned else None
        ),
        purity_assigned=purity(assigned_truth, assigned_predicted) if assigned else None,
        seconds=seconds,
    )


def top_word(labelled: Labelled, k: int) -> list[str]:
    """Each text's most frequent content word, when it is among the k most common such words."""
    words = [_most_frequent(content_terms(text)) for text in labelled.texts]
    common = {word for word, _ in Counter(w for w in words if w).most_common(k)}
    return [word if word in common else "other" for word in words]


def _most_frequent(terms: list[str]) -> str:
    # Counter keeps first occurrence order among equal counts, so ties go to the earlier word.
    return Counter(terms).most_common(1)[0][0] if terms else ""


def chance(labelled: Labelled, predicted: list[str], seed: int) -> Scores:
    """The discovered grouping shuffled across texts, averaged over SHUFFLES shuffles."""
    rng = random.Random(seed)
    runs = []
    for _ in range(SHUFFLES):
        shuffled = list(predicted)
        rng.shuffle(shuffled)
        runs.append(scores("chance (same sizes)", labelled, shuffled, None))
    return Scores(
        method="chance (same sizes)",
        themes=runs[0].themes,
        unassigned_share=runs[0].unassigned_share,
        nmi_all=_mean(run.nmi_all for run in runs),
        purity_all=_mean(run.purity_all for run in runs),
        nmi_assigned=_mean(run.nmi_assigned or 0.0 for run in runs),
        purity_assigned=_mean(run.purity_assigned or 0.0 for run in runs),
        seconds=None,
    )


def _mean(values: Iterable[float]) -> float:
    numbers = list(values)
    return sum(numbers) / len(numbers)


def assignment(
    labelled: Labelled, examples: int, options: argparse.Namespace
) -> tuple[float, float, float]:
    """Accuracy, coverage and accuracy among assigned on the assigning half."""
    define, check = halves(len(labelled.texts), options.seed)
    by_label: defaultdict[str, list[str]] = defaultdict(list)
    for index in define:
        by_label[labelled.labels[index]].append(labelled.texts[index])
    definitions = [
        ThemeDefinition(key=label, name=label, examples=tuple(texts[:examples]))
        for label, texts in sorted(by_label.items())
        if content_terms(label) or examples
    ]
    assigner = ThemeAssigner(definitions)
    got = assigner.assign([labelled.texts[i] for i in check])
    right = sum(
        1
        for index, found in zip(check, got, strict=True)
        if found and found.key == labelled.labels[index]
    )
    assigned = sum(1 for found in got if found)
    return right / len(check), assigned / len(check), right / assigned if assigned else 0.0


def majority(labelled: Labelled, options: argparse.Namespace) -> tuple[float, float, float]:
    """Every assigning-half text given the class most common in the defining half."""
    define, check = halves(len(labelled.texts), options.seed)
    largest = Counter(labelled.labels[i] for i in define).most_common(1)[0][0]
    accuracy = sum(labelled.labels[i] == largest for i in check) / len(check)
    return accuracy, 1.0, accuracy


def halves(n: int, seed: int) -> tuple[list[int], list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order[: n // 2], order[n // 2 :]


def print_discovery(rows: list[tuple[Labelled, Scores]]) -> None:
    print("\n### Discovery against the labels\n")
    print(
        "| data | label (classes) | method | n | themes | unassigned | NMI all | purity all "
        "| NMI assigned | purity assigned | time |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for labelled, row in rows:
        classes = len(set(labelled.labels))
        print(
            f"| {labelled.name} | {labelled.label} ({classes}) | {row.method} "
            f"| {len(labelled.texts):,} | {row.themes} | {row.unassigned_share:.1%} "
            f"| {row.nmi_all:.3f} | {row.purity_all:.3f} | {_figure(row.nmi_assigned)} "
            f"| {_figure(row.purity_assigned)} "
            f"| {'' if row.seconds is None else f'{row.seconds:.1f} s'} |"
        )


def print_assignment(rows: list[tuple[Labelled, str, float, float, float]]) -> None:
    print("\n### Assignment to the label classes as defined themes (half defines, half checks)\n")
    print("| data | label | themes defined by | accuracy | coverage | accuracy when assigned |")
    print("|---|---|---|---:|---:|---:|")
    for labelled, method, accuracy, coverage, precise in rows:
        print(
            f"| {labelled.name} | {labelled.label} | {method} | {accuracy:.3f} "
            f"| {coverage:.1%} | {precise:.3f} |"
        )


def print_key_terms(found: list[tuple[Labelled, Discovery]]) -> None:
    print("\n### Key terms of the three largest discovered themes\n")
    for labelled, discovery in found:
        print(f"- {labelled.name} / {labelled.label}:")
        for theme in discovery.themes[:3]:
            share = len(theme.members) / discovery.n
            print(f"  - {share:.0%}: {', '.join(theme.key_terms[:8])}")


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
