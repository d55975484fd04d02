"""How fast `govcx seed-demo` loads responses into PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_bench \
        .venv/bin/python bench/seed_demo.py --responses 1000000

The database named by DATABASE_URL is dropped and created afresh, then migrated (in a
separate process, so the memory figure is the seeding's own), then seeded through the
`seed-demo` command. To keep a typo from wiping real data, its name must end in `_bench`.
Prints the elapsed seconds, rows per second and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from benchdb import database_name, recreate_database
from benchdjango import django_setup, migrate_in_child

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcx_bench"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def seed(url: str, responses: int, seed: int) -> float:
    django_setup(url)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed-demo", responses=responses, seed=seed, no_rollups=True, no_comments=True)
    return time.perf_counter() - started


def database_figures() -> tuple[int, str]:
    from django.db import connection

    from govcx.responses.models import Response

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s))", [Response._meta.db_table]
        )
        row = cursor.fetchone()
    return Response.objects.count(), str(row[0]) if row else "?"


def main() -> None:
    arguments = parse_arguments()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = database_name(url)
    recreate_database(url, name)
    migrate_in_child(url)
    elapsed = seed(url, arguments.responses, arguments.seed)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows, table_size = database_figures()
    print()
    print(f"database        {name}")
    print(f"responses       {rows:,} rows ({table_size} with indexes)")
    print(f"elapsed         {elapsed:.1f} s (whole command: agencies, users, surveys, responses)")
    print(f"rows/second     {rows / elapsed:,.0f}")
    print(f"peak memory     {peak_kib / 1024:.0f} MiB resident (this process)")


if __name__ == "__main__":
    main()
