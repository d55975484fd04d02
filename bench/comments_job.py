"""The comment analysis job through PostgreSQL: stored responses to analysed comments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_comments_bench \
        .venv/bin/python bench/comments_job.py --responses 1000000

The database named by DATABASE_URL (its name must end in `_bench`) is dropped, created and
migrated in a child process, then filled by `govcx seed-demo --responses N --no-rollups
--no-comments` (the demo's responses, about a quarter with a comment). Then, timed, each as
an agency would meet it:

1. the demo's taxonomy of seven themes is defined (`theme_create`);
2. `comments_analyse()` reads every stored response and writes a `Comment` per free-text
   answer, with sentiment, the customer's negative answers and a theme — what
   `govcx analyse-comments` does as responses arrive, here all at once;
3. one more theme is defined and `comments_analyse()` assigns the organization's comments
   again under the new taxonomy (`comments_reassign`);
4. the root-cause view of the main service over all time (`root_causes_for`), as a page
   would ask for it, with its number of queries.

Printed per step: seconds, responses or comments per second, and the process's peak resident
memory (VmHWM from /proc/self/status, reset before each step).
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from benchdb import database_name, recreate_database
from benchdjango import django_setup, migrate_in_child

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcx_comments_bench"
T = TypeVar("T")


def status_kib(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise LookupError(name)


def measured(what: str, step: Callable[[], T]) -> tuple[T, float]:
    """Run `step`, print its time and peak memory, and return its result and seconds."""
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current size
    before = status_kib("VmRSS")
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = status_kib("VmHWM")
    print(f"{what}: {seconds:,.1f} s; peak {peak / 1024:,.0f} MiB (+{(peak - before) / 1024:,.0f})")
    return result, seconds


def seed(responses: int) -> None:
    from django.core.management import call_command

    call_command(
        "seed-demo",
        responses=responses,
        seed=1,
        no_rollups=True,
        no_comments=True,
        stdout=io.StringIO(),  # its sign-in notice is not a figure
    )


def define_taxonomy() -> Any:
    from govcx.comments.services import theme_create
    from govcx.demo.comments_seed import DEMO_THEMES
    from govcx.demo.seed import demo_organization

    organization = demo_organization()
    assert organization is not None
    for theme in DEMO_THEMES:
        theme_create(
            organization=organization,
            name=theme.name,
            description=theme.description,
            key_terms=theme.key_terms,
            examples=theme.examples,
            user=None,
        )
    return organization


def add_theme(organization: Any) -> None:
    from govcx.comments.services import theme_create

    theme_create(
        organization=organization,
        name="Fees and payments",
        description="What customers were charged and how they paid.",
        key_terms=["fee", "fees", "payment", "paid", "pago", "cobro"],
        examples=["The fees are too high."],
        user=None,
    )


def root_causes(organization: Any) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from govcx.comments.root_causes import GROUP_NEGATIVE, root_causes_for
    from govcx.demo.seed import public_survey_of
    from govcx.insights.periods import ALL_TIME

    survey = public_survey_of(organization)
    assert survey is not None
    assert survey.service is not None
    user = get_user_model().objects.get(username="demo")
    with CaptureQueriesContext(connection) as queries:
        result = root_causes_for(
            user=user,
            service=survey.service,
            period=ALL_TIME,
            group=GROUP_NEGATIVE,
            today=timezone.localdate(),
        )
    print(
        f"  {result.table.n_group:,} comments of unhappy customers against "
        f"{result.table.n_comparison:,}; {len(result.table.shown_rows)} rows shown"
    )
    return len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    recreate_database(url, database_name(url))
    migrate_in_child(url)
    django_setup(url)
    from govcx.comments.analysis import comments_analyse

    measured(
        f"seed-demo, {options.responses:,} responses (not the job)", lambda: seed(options.responses)
    )
    organization, _ = measured("define 7 themes", define_taxonomy)
    first, seconds = measured("analyse every stored response", comments_analyse)
    print(
        f"  {first.responses_read:,} responses, {first.comments_created:,} comments: "
        f"{first.responses_read / seconds:,.0f} responses/s, "
        f"{first.comments_created / seconds:,.0f} comments/s"
    )
    measured("define an eighth theme", lambda: add_theme(organization))
    from govcx.comments.models import Comment

    again, seconds = measured("assign the organization's comments again", comments_analyse)
    read = Comment.objects.filter(organization=organization).count()
    print(
        f"  {read:,} comments of the organization read, {again.comments_reassigned:,} with a "
        f"new theme or score: {read / seconds:,.0f} comments/s"
    )
    queries, _ = measured(
        "root causes of the main service, all time", lambda: root_causes(organization)
    )
    print(f"  {queries} queries")


if __name__ == "__main__":
    main()
