"""`govcx evaluate-redaction [--set held_out|development|PATH] [--show-errors N]`.

Prints precision, recall and F2 per type against the labelled evaluation set, the leak recall
and the speed, and exits with status 1 when a type misses its target, so that CI can run it.
The set, the targets and the matching rules live in `govcx.lib.redaction.evaluation`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govcx.lib.redaction.evaluation import SETS
from govcx.lib.redaction.evaluation.score import (
    Error,
    Evaluation,
    SetError,
    TypeScore,
    evaluate,
    load_set,
)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _share(found: int, total: int) -> str:
    return "—" if not total else f"{found / total:.3f} ({found:,} of {total:,})"


class Command(BaseCommand):
    help = (
        "Measure the comment redactor against the labelled evaluation set: precision, recall "
        "and F2 per type, leak recall and comments per second. Exits with status 1 when a type "
        "misses its target."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--set",
            dest="set_name",
            default="held_out",
            metavar="held_out|development|PATH",
            help="the set to measure: held_out (default, the reported figures), development "
            "(the one to tune against) or the path of a JSON Lines file in the same format",
        )
        parser.add_argument(
            "--show-errors",
            type=_count,
            default=0,
            metavar="N",
            help="also list up to N misses and N false alarms, with the text around them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["set_name"]
        path = SETS.get(name, Path(name))
        if not path.is_file():
            raise CommandError(f"--set: no such set or file: {name!r}")
        try:
            examples = load_set(path)
        except SetError as error:
            raise CommandError(str(error)) from None
        result = evaluate(examples)
        self._report(path, result)
        limit: int = options["show_errors"]
        if limit:
            self._errors("Misses (gold spans not found as their type)", result.misses, limit)
            self._errors(
                "False alarms (findings with no gold span of their type)",
                result.false_alarms,
                limit,
            )
        if not result.met:
            unmet = ", ".join(score.type for score in result.unmet)
            raise CommandError(f"targets not met: {unmet}", returncode=1)

    def _report(self, path: Path, result: Evaluation) -> None:
        self.stdout.write(f"Redaction evaluation: {path.name}, {result.comments:,} comments\n")
        self.stdout.write(
            f"{'type':<16}{'support':>8}{'precision':>11}{'recall':>8}{'F2':>7}  "
            f"{'target':<15}result"
        )
        for score in result.scores:
            self.stdout.write(self._row(score))
        self.stdout.write("")
        languages = ", ".join(
            f"{language} {_share(found, total)}"
            for language, (found, total) in result.leak_by_language.items()
        )
        self.stdout.write(
            f"leak recall (gold spans overlapped by a finding of any type): "
            f"{_share(result.leak_found, result.gold_total)}; by language: {languages}"
        )
        speed = result.comments_per_second
        self.stdout.write(
            f"speed: {result.comments:,} comments in {result.seconds:.2f} s"
            + ("" if speed is None else f", {speed:,.0f} comments per second")
            + f" (first call before timing: {result.warmup_seconds:.2f} s)"
        )

    def _row(self, score: TypeScore) -> str:
        if score.support == 0 and score.predicted == 0:
            verdict = "—"
        else:
            verdict = "met" if score.met else "NOT MET"
        return (
            f"{score.type:<16}{score.support:>8}{_figure(score.precision):>11}"
            f"{_figure(score.recall):>8}{_figure(score.f2):>7}  "
            f"{score.target.describe():<15}{verdict}"
        )

    def _errors(self, title: str, errors: Sequence[Error], limit: int) -> None:
        self.stdout.write(f"\n{title}: {len(errors)}")
        for error in errors[:limit]:
            other = f" (overlaps {', '.join(error.overlaps)})" if error.overlaps else ""
            self.stdout.write(
                f"  {error.example_id} [{error.language}] {error.type}{other}: {error.context}"
            )
