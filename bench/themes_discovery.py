"""How long theme discovery takes on 100,000 comments, and assignment per comment.

    .venv/bin/python bench/themes_discovery.py [--comments 100000] [--threads 1]
    .venv/bin/python bench/themes_discovery.py --whole-narratives 1.0
    .venv/bin/python bench/themes_discovery.py --source synthetic

The comments are built in memory, never written anywhere:

- `--source cfpb` (default): from the CFPB narratives in `--data-dir` (read in place):
  nine comments in ten are one to three consecutive sentences of a narrative (a survey-length
  comment on one subject), one in ten a whole narrative (hundreds of words; the share is
  `--whole-narratives`);
- `--source synthetic`: the development corpus generator (`govcx.lib.themes.development`),
  short comments, English and Spanish.

Then, in this process:

1. `discover_themes(comments, max_themes=12)`, timed: seconds, themes, unassigned share;
2. `ThemeAssigner.assign` over every comment in batches of 1,000, against the twelve
   development themes with five examples each (after one untimed batch): µs per comment.

`discover_themes` holds the BLAS and OpenMP pools to one thread itself; `--threads N` holds
them to N threads (threadpoolctl) for the whole run, assignment included; without it they
use their defaults (one per core). Peak resident memory is the process's `ru_maxrss`, after
the comments are built and at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import platform
import random
import re
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govcx.lib.themes import ThemeAssigner, discover_themes
from govcx.lib.themes.calibration import with_examples
from govcx.lib.themes.development import generate

ROOT = Path(__file__).resolve().parent.parent
NARRATIVE_FILES = ("cfpb_products_2015_2017.csv", "cfpb_payday_loans_2023.csv")
WHOLE_NARRATIVE_SHARE = 0.1
BATCH = 1_000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def main() -> None:
    options = parse_arguments()
    comments = build_comments(options)
    words = sum(len(comment.split()) for comment in comments)
    print(f"comments: {len(comments):,} from {options.source}, {words / len(comments):.0f} words")
    print(f"peak memory after building them: {peak_mib():.0f} MiB")
    print(f"threads: {options.threads or 'default'}; {platform.platform()}")
    with pools(options.threads):
        time_discovery(comments, options.seed)
        time_assignment(comments)
    print(f"peak memory at the end: {peak_mib():.0f} MiB")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--source", choices=("cfpb", "synthetic"), default="cfpb")
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--whole-narratives", type=float, default=WHOLE_NARRATIVE_SHARE)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


@contextlib.contextmanager
def pools(threads: int | None) -> Iterator[None]:
    if threads is None:
        yield
        return
    with threadpool_limits(limits=threads):
        yield


def build_comments(options: argparse.Namespace) -> list[str]:
    if options.source == "synthetic":
        return [comment.text for comment in generate(options.comments, seed=options.seed)]
    narratives = read_narratives(options.data_dir)
    rng = random.Random(options.seed)
    whole = options.whole_narratives
    return [comment_from(rng.choice(narratives), whole, rng) for _ in range(options.comments)]


def read_narratives(data_dir: Path) -> list[list[str]]:
    csv.field_size_limit(10_000_000)
    narratives = []
    for name in NARRATIVE_FILES:
        with (data_dir / name).open(newline="", encoding="utf-8-sig") as file:
            for row in csv.DictReader(file):
                sentences = [s for s in _SENTENCE_END.split(row["narrative"]) if s.strip()]
                if sentences:
                    narratives.append(sentences)
    return narratives


def comment_from(sentences: list[str], whole: float, rng: random.Random) -> str:
    if rng.random() < whole:
        return " ".join(sentences)
    start = rng.randrange(len(sentences))
    return " ".join(sentences[start : start + rng.randint(1, 3)])


def time_discovery(comments: list[str], seed: int) -> None:
    started = time.perf_counter()
    found = discover_themes(comments, max_themes=12, seed=seed)
    seconds = time.perf_counter() - started
    print(
        f"discover_themes: {seconds:.1f} s, {len(found.themes)} themes, "
        f"{found.unassigned_share:.1%} unassigned"
    )
    for theme in found.themes[:3]:
        print(f"  {len(theme.members):,}: {theme.label}")


def time_assignment(comments: list[str]) -> None:
    assigner = ThemeAssigner(with_examples(5))
    assigner.assign(comments[:BATCH])  # warm-up: the word cache and the first allocations
    started = time.perf_counter()
    assigned = 0
    for start in range(0, len(comments), BATCH):
        assigned += sum(1 for found in assigner.assign(comments[start : start + BATCH]) if found)
    seconds = time.perf_counter() - started
    print(
        f"ThemeAssigner.assign: {seconds * 1e6 / len(comments):.0f} µs per comment "
        f"({len(comments) / seconds:,.0f} per second), {assigned / len(comments):.1%} assigned"
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
