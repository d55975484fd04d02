"""Comments at volume: redaction, sentiment and theme assignment of a million comments.

    .venv/bin/python bench/comments.py [--comments 1000000] [--batch 1000] [--themes 20]

What a comment goes through between arriving and being counted in a theme, in one process on
one core (BLAS and OpenMP pools are held to one thread before NumPy loads):

1. `redact` (govcx.lib.redaction) with the organization's own pattern, as `response_store`
   does before storing;
2. `score_many` (govcx.lib.sentiment) on the redacted text, in the response's language;
3. `ThemeAssigner.assign` (govcx.lib.themes) against a taxonomy of `--themes` themes, each
   with a name, description, key terms and examples, as the analysis job does per batch.

The comments are the demo's (`govcx.demo.comments.CommentWriter`: sentences people write
about each A-11 driver, English and Spanish, one or two sentences; `--longer N` joins N more
onto each), one in ten carrying
personal information (a phone number, email address, name, claim number or SSN) so that
the redactor has something to replace. They are written batch by batch, outside the timed
part, so the figure is the pipeline's alone and memory does not hold a million strings.

Printed: comments per second on one core for the whole pipeline and each step, and the
process's peak resident memory (VmHWM from /proc/self/status, reset when timing starts).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# One core: NumPy and SciPy read these when they load, which the govcx imports below do.
for _pool in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_pool, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govcx.demo.comments import TOPICS, CommentWriter  # noqa: E402
from govcx.lib.redaction import AgencyPattern, compile_agency_pattern, redact  # noqa: E402
from govcx.lib.sentiment import score_many  # noqa: E402
from govcx.lib.themes import ThemeAssigner, ThemeDefinition  # noqa: E402

CHANNELS = ("website", "phone", "in_person", "postal_mail", "live_chat", "mobile_app")
PERSONAL = (
    "You can call me back at 202-555-0143.",
    "My email is maria.lopez@example.com if you need it.",
    "My name is Robert Jenkins and nobody answered.",
    "The claim CL-12345678 is still not processed.",
    "They asked for my SSN 123-45-6789 twice.",
    "Mi teléfono es (305) 555-0178, llámenme por favor.",
)
PERSONAL_SHARE = 0.1


def status_kib(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise LookupError(name)


def reset_peak() -> None:
    """Set VmHWM to the current resident size (Linux 4.0 and later)."""
    Path("/proc/self/clear_refs").write_text("5")


@dataclass
class Batch:
    texts: list[str]
    languages: list[str]


class CommentSource:
    """Demo comments, written batch by batch, a tenth with personal information in them."""

    def __init__(self, seed: int, *, extra: int = 0) -> None:
        self.rng = random.Random(seed)
        self.writer = CommentWriter()
        self.extra = extra  # more comments joined onto each, to make them longer

    def batch(self, size: int) -> Batch:
        texts, languages = [], []
        for _ in range(size):
            language = "es" if self.rng.random() < 0.2 else "en"
            text = " ".join(self._one(language) for _ in range(1 + self.extra))
            if self.rng.random() < PERSONAL_SHARE:
                text = f"{text} {self.rng.choice(PERSONAL)}"
            texts.append(text)
            languages.append(language)
        return Batch(texts, languages)

    def _one(self, language: str) -> str:
        return self.writer.write(
            self.rng,
            language=language,
            positive=self.rng.random() < 0.45,
            topic=self.rng.choice(TOPICS),
            channel=self.rng.choice(CHANNELS),
        )


def taxonomy(count: int, source: CommentSource) -> list[ThemeDefinition]:
    """`count` themes like an agency's: a named topic each, with terms and a few examples."""
    seeds = [
        ("Long waits on hold", "Waiting on the phone", ("hold", "wait", "espera", "minutes")),
        ("Website problems", "Pages and sign-in", ("website", "page", "login", "página")),
        ("Helpful staff", "Kind and helpful employees", ("helpful", "kind", "amable", "staff")),
        ("Unclear instructions", "Letters and forms", ("confusing", "form", "letter", "unclear")),
        ("Slow processing", "How long it took", ("weeks", "slow", "took", "tardó")),
        ("Treated unfairly", "Fairness and respect", ("fair", "rude", "respect", "grosero")),
    ]
    themes = []
    for index in range(count):
        name, description, terms = seeds[index % len(seeds)]
        examples = tuple(source.batch(3).texts)
        themes.append(
            ThemeDefinition(
                key=str(index),
                name=f"{name} {index // len(seeds) + 1}",
                description=description,
                key_terms=terms,
                examples=examples,
            )
        )
    return themes


@dataclass
class Timings:
    redaction: float = 0.0
    sentiment: float = 0.0
    assignment: float = 0.0
    comments: int = 0
    words: int = 0
    assigned: int = 0
    placeholders: int = 0
    not_scored: int = 0
    labels: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.redaction + self.sentiment + self.assignment


def run_batch(
    batch: Batch, patterns: list[AgencyPattern], assigner: ThemeAssigner, timings: Timings
) -> None:
    started = time.perf_counter()
    stored = []
    for text, language in zip(batch.texts, batch.languages, strict=True):
        result = redact(text, language=language, patterns=patterns)
        timings.placeholders += len(result.findings)
        stored.append(result.text)
    redacted = time.perf_counter()
    sentiments = score_many(stored, languages=batch.languages)
    scored = time.perf_counter()
    assignments = assigner.assign(stored)
    assigned = time.perf_counter()
    timings.redaction += redacted - started
    timings.sentiment += scored - redacted
    timings.assignment += assigned - scored
    timings.comments += len(stored)
    timings.words += sum(len(text.split()) for text in batch.texts)
    timings.assigned += sum(assignment is not None for assignment in assignments)
    for sentiment in sentiments:
        label = str(sentiment.label)
        timings.labels[label] = timings.labels.get(label, 0) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--themes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--longer", type=int, default=0, help="join this many more comments onto each one"
    )
    options = parser.parse_args()

    source = CommentSource(options.seed, extra=options.longer)
    patterns = [compile_agency_pattern("CLAIM_NUMBER", r"\bCL-\d{8}\b", "claim CL-00000001")]
    assigner = ThemeAssigner(taxonomy(options.themes, source))
    run_batch(source.batch(options.batch), patterns, assigner, Timings())  # warm every cache
    timings = Timings()
    rss_before = status_kib("VmRSS")
    reset_peak()
    wall = time.perf_counter()
    while timings.comments < options.comments:
        size = min(options.batch, options.comments - timings.comments)
        run_batch(source.batch(size), patterns, assigner, timings)
    wall = time.perf_counter() - wall
    report(options, timings, wall, rss_before, status_kib("VmHWM"))


def report(
    options: argparse.Namespace, timings: Timings, wall: float, rss_before: int, peak: int
) -> None:
    n = timings.comments
    print(
        f"comments: {n:,} of {timings.words / n:.1f} words on average, in batches of "
        f"{options.batch:,}; taxonomy of {options.themes} themes"
    )
    print(f"wall time, writing the comments included: {wall:,.1f} s")
    for step, seconds in (
        ("redaction", timings.redaction),
        ("sentiment", timings.sentiment),
        ("theme assignment", timings.assignment),
        ("all three", timings.total),
    ):
        print(f"{step:>17}: {seconds:8.1f} s  {n / seconds:10,.0f} comments/s on one core")
    print(
        f"placeholders: {timings.placeholders:,}; assigned to a theme: "
        f"{timings.assigned / n:.1%}; sentiment: {dict(sorted(timings.labels.items()))}"
    )
    print(
        f"resident before: {rss_before / 1024:,.0f} MiB; peak while running: {peak / 1024:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
