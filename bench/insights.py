"""Insights on ten million responses: rollup rebuild, dashboards, and a DuckDB cross-check.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/insights10m_bench \
        .venv/bin/python bench/insights.py --responses 10000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rollup10m_bench \
        .venv/bin/python bench/insights.py --reuse

The database named by DATABASE_URL (its name must end in `_bench`) is dropped and created
afresh, migrated in a child process and seeded with `seed-demo` (no rollups); with `--reuse`
it is used as it is, only migrated. Then, in one run:

1. the rollup tables are emptied, then every rollup is rebuilt from the responses
   (`rollups_rebuild`), and timed;
2. the organization dashboard of the demo agency (DDS) and the dashboard of its busiest
   service are computed in this process (`dashboard_for`), all time and for a fiscal year,
   and timed warm;
3. the same pages are fetched over HTTP from gunicorn (its cache in Redis), signed in as the
   demo user, one request after another: warm, with the view's cached dashboard, and then
   with the rollups marked as just updated before each request, so that every request
   computes its dashboard again; an address that no view answers yet is reported as such;
4. the responses, with their spam, flagged and deleted states, are exported to Parquet
   (PostgreSQL `COPY … TO STDOUT` in CSV to a temporary file, then DuckDB to Parquet), and
   DuckDB computes the organization dashboard's figures from the Parquet file and the survey
   table alone: trust overall, by channel and by fiscal quarter, the version 1 items and the
   version 2 drivers. Every figure must equal govcx's: n exactly, values to 1e-9. A mismatch
   fails the run (exit status 1), listing the first ones.

A summary table and the machine's facts are printed at the end.
"""

# DuckDB and PostgreSQL statements here are built from constants, the benchmark's own file
# paths and ids read from the database, never from input.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import http.cookiejar
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import psycopg
from benchdb import database_name, recreate_database
from benchdjango import django_setup, free_port, migrate_in_child, stop_gunicorn, wait_until_serving

if TYPE_CHECKING:
    from govcx.insights.dashboard import Dashboard
    from govcx.insights.periods import Period
    from govcx.insights.rows import FigureRow
    from govcx.insights.selectors import InsightsFilters, Scope

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/insights10m_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/8"
ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "govcx-demo-2026")
ORGANIZATION = "DDS"
REBUILD_TARGET_SECONDS = 120.0
P95_TARGET_MS = 200.0
TOLERANCE = 1e-9

# The A-11 definitions, written out here from the design document rather than imported, so
# that DuckDB's figures do not share govcx's code.
V1_KIND = "a11_v1"
V2_KINDS = ("a11_v2_thumbs", "a11_v2_likert")
A11_KINDS = (V1_KIND, *V2_KINDS)
V1_ITEMS = (
    "satisfaction",
    "trust",
    "effectiveness",
    "ease",
    "efficiency",
    "transparency",
    "employee",
)
DRIVERS = ("effectiveness", "ease", "efficiency", "transparency", "humanity", "employee", "other")
DRIVER_QUESTIONS = {"drivers_positive": "v2_went_well", "drivers_negative": "v2_not_well"}
COMPARED_SECTIONS = (
    ("trust", ""),
    ("breakdown", "channel"),
    ("trend", ""),
    ("v1_items", ""),
    ("v2_went_well", ""),
    ("v2_not_well", ""),
)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="use the database as it is (only migrate it)"
    )
    parser.add_argument(
        "--no-rebuild", action="store_true", help="keep the rollups as they are (not timed)"
    )
    parser.add_argument("--period", help="the fiscal year compared, e.g. FY2026 (default: found)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first")
    parser.add_argument("--repeats", type=int, default=20, help="timed in-process dashboards")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--cache-url",
        default=DEFAULT_CACHE_URL,
        help="gunicorn's cache, where the view keeps dashboards (locmem:// for one per worker)",
    )
    parser.add_argument("--workdir", help="where the CSV and Parquet files go (default: /tmp)")
    parser.add_argument("--keep-parquet", action="store_true")
    return parser.parse_args()


# --- database, migration and seeding (as bench/seed_demo.py) ---------------------------------


def seed(responses: int, seed: int) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed-demo", responses=responses, seed=seed, no_rollups=True)
    return time.perf_counter() - started


def table_figures() -> tuple[int, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('responses_response'))"
            " FROM responses_response"
        )
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "?")


# --- timing helpers ----------------------------------------------------------------------------


@dataclass
class Timings:
    label: str
    milliseconds: list[float] = field(default_factory=list)
    note: str = ""

    def percentile(self, percent: int) -> float:
        values = sorted(self.milliseconds)
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]

    def text(self) -> str:
        if not self.milliseconds:
            return self.note or "not measured"
        return (
            f"p50 {self.percentile(50):.0f} ms, p95 {self.percentile(95):.0f} ms,"
            f" max {max(self.milliseconds):.0f} ms ({len(self.milliseconds)} runs){self.note}"
        )


def p95_verdict(timing: Timings) -> str:
    if not timing.milliseconds:
        return ""
    met = timing.percentile(95) < P95_TARGET_MS
    return f"; p95 target {'met' if met else 'NOT met'} (< {P95_TARGET_MS:.0f} ms)"


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    result = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        result.append((time.perf_counter() - started) * 1000)
    return result


@contextmanager
def stopwatch(name: str) -> Iterator[dict[str, float]]:
    print(f"… {name}", flush=True)
    box: dict[str, float] = {}
    started = time.perf_counter()
    yield box
    box["seconds"] = time.perf_counter() - started
    print(f"  {name}: {box['seconds']:.1f} s", flush=True)


# --- what is measured: scopes, the period, the busiest service --------------------------------


@dataclass
class Subjects:
    organization: Scope
    service: Scope
    period: Period
    minimum_size: int
    survey_ids: list[int]

    def periods(self) -> list[tuple[str, Period | None]]:
        """All time (no period) and the fiscal year, each with its name."""
        return [("all time", None), (self.period.key, self.period)]


def subjects(period_key: str | None) -> Subjects:
    from govcx.insights.selectors import scope_for
    from govcx.registry.models import User

    user = User.objects.get(username=DEMO_USERNAME)
    organization = scope_for(user, "organization", ORGANIZATION)
    if organization is None:
        raise SystemExit(f"The demo user cannot read organization {ORGANIZATION}.")
    service_id = busiest_service(organization.survey_ids)
    service = scope_for(user, "service", service_id)
    if service is None:
        raise SystemExit(f"The demo user cannot read service {service_id}.")
    return Subjects(
        organization=organization,
        service=service,
        period=fiscal_year(organization.survey_ids, period_key),
        minimum_size=organization.organization.minimum_group_size,
        survey_ids=organization.survey_ids,
    )


def busiest_service(survey_ids: list[int]) -> str:
    """The public id of the service with the most counted respondents (from the rollups)."""
    from django.db.models import Sum

    from govcx.insights.models import RollupMonth
    from govcx.registry.models import Service

    totals = (
        RollupMonth.objects.filter(survey_id__in=survey_ids, kind="n", segment="")
        .values("survey__service")
        .annotate(total=Sum("count"))
        .order_by("-total")
    )
    first = totals.first()
    if first is None or first["survey__service"] is None:
        raise SystemExit("No rollups: run without --no-rebuild.")
    return str(Service.objects.get(pk=first["survey__service"]).public_id)


def fiscal_year(survey_ids: list[int], key: str | None) -> Period:
    """The named fiscal year, or the latest complete one with data (else the latest)."""
    from django.db.models import Max, Min

    from govcx.insights.models import RollupMonth
    from govcx.insights.periods import fiscal_year_period, period_from_key
    from govcx.lib.fiscal import fiscal_year_of

    if key:
        return period_from_key(key)
    months = RollupMonth.objects.filter(survey_id__in=survey_ids).aggregate(
        first=Min("month"), last=Max("month")
    )
    first, last = months["first"], months["last"]
    if first is None or last is None:
        raise SystemExit("No rollups: run without --no-rebuild.")
    latest = fiscal_year_of(last)
    complete = last.month == 9 or fiscal_year_of(first) == latest
    return fiscal_year_period(latest if complete else latest - 1)


# --- dashboards in this process --------------------------------------------------------------


def filters_for(period: Period | None) -> InsightsFilters:
    from govcx.insights.periods import ALL_TIME
    from govcx.insights.selectors import InsightsFilters

    return InsightsFilters(period=period or ALL_TIME)


def in_process(
    scope: Scope, period: Period | None, label: str, repeats: int
) -> tuple[Timings, Dashboard]:
    from govcx.insights.dashboard import dashboard_for

    filters = filters_for(period)
    dashboard = dashboard_for(scope, filters)  # warm: imports, plans, caches
    dashboard_for(scope, filters)
    result = Timings(label, timed(lambda: dashboard_for(scope, filters), repeats))
    print(f"  {label}: {result.text()}", flush=True)
    return result, dashboard


# --- dashboards over HTTP ----------------------------------------------------------------------


def start_gunicorn(
    url: str, arguments: argparse.Namespace, port: int, log: Path
) -> subprocess.Popen[bytes]:
    environment = dict(os.environ)
    environment.update(
        DATABASE_URL=url,
        CACHE_URL=arguments.cache_url,
        SECRET_KEY="insights-benchmark-" + "k" * 40,
        DEBUG="false",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="govcx.settings",
    )
    command = [
        str(GUNICORN),
        "govcx.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={arguments.workers}",
        "--worker-class=sync",
        "--timeout=300",
        f"--error-logfile={log}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603


def signed_in(base: str) -> urllib.request.OpenerDirector:
    """An opener holding the demo user's session, signed in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/accounts/login/", timeout=60) as reply:
        page = reply.read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise SystemExit("The login page has no CSRF token.")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": found.group(1),
            "username": DEMO_USERNAME,
            "password": DEMO_PASSWORD,
        }
    ).encode()
    login = urllib.request.Request(base + "/accounts/login/", data=form, method="POST")  # noqa: S310
    with opener.open(login, timeout=60) as reply:
        reply.read()
        landed = reply.url
    if "sessionid" not in {cookie.name for cookie in jar} or "/accounts/login/" in landed:
        raise SystemExit(f"Signing in as {DEMO_USERNAME} failed (landed on {landed}).")
    return opener


def fetch(opener: urllib.request.OpenerDirector, address: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with opener.open(address, timeout=120) as reply:
            reply.read()
            status = int(reply.status)
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def routed(path: str) -> bool:
    """Whether any view answers this address yet (the dashboard pages are new)."""
    from django.urls import Resolver404, resolve

    try:
        resolve(urllib.parse.urlsplit(path).path)
    except Resolver404:
        return False
    return True


def rollups_touched() -> None:
    """Mark the rollups as just updated, as the update job does: the view's cached dashboard is
    keyed on that moment, so the next request computes the dashboard again."""
    from django.utils import timezone

    from govcx.insights.models import RollupState

    RollupState.objects.filter(pk=1).update(updated_at=timezone.now())


def over_http(
    opener: urllib.request.OpenerDirector,
    address: str,
    warmup: int,
    requests: int,
    before_each: Callable[[], None] | None = None,
) -> tuple[list[float], list[int]]:
    """Milliseconds of the requests answered 200, and every status seen (warm-up included)."""
    statuses = [fetch(opener, address)[0] for _ in range(warmup)]
    milliseconds = []
    for _ in range(requests):
        if before_each is not None:
            before_each()
        status, elapsed = fetch(opener, address)
        statuses.append(status)
        if status == 200:
            milliseconds.append(elapsed)
    return milliseconds, statuses


def page_timings(
    opener: urllib.request.OpenerDirector, base: str, path: str, arguments: argparse.Namespace
) -> tuple[list[Timings], str]:
    """Warm timings of `path` (the view's cache holding its dashboard), then with the cache
    missed on every request; or a failure when a routed page does not answer 200."""
    if not routed(path):
        note = "not available: no view answers this address yet"
        return [Timings(f"HTTP GET {path}", note=note)], ""
    results, seen = [], []
    for label, before_each in (
        (f"HTTP GET {path}, warm", None),
        (f"HTTP GET {path}, rollups just updated", rollups_touched),
    ):
        milliseconds, statuses = over_http(
            opener, base + path, arguments.warmup, arguments.requests, before_each
        )
        results.append(Timings(label, milliseconds))
        seen.extend(statuses)
        print(f"  {label}: {results[-1].text()}", flush=True)
    bad = sorted({status for status in seen if status != 200})
    if bad:
        return results, f"{path} answered {bad}, not 200, in some of {len(seen)} requests"
    return results, ""


def http_timings(
    url: str, paths: list[str], arguments: argparse.Namespace
) -> tuple[list[Timings], list[str]]:
    port = free_port(HOST)
    base = f"http://{HOST}:{port}"
    failures: list[str] = []
    results: list[Timings] = []
    with tempfile.TemporaryDirectory(prefix="govcx-insights-") as directory:
        log = Path(directory) / "gunicorn.log"
        server = start_gunicorn(url, arguments, port, log)
        try:
            wait_until_serving(server, base + "/accounts/login/", seconds=120)
            opener = signed_in(base)
            for path in paths:
                timings, failure = page_timings(opener, base, path, arguments)
                results.extend(timings)
                if failure:
                    failures.append(failure)
        finally:
            stop_gunicorn(server)
            errors = log.read_text().strip()
    if errors:
        print(f"gunicorn log:\n{errors[-3000:]}")
    return results, failures


# --- DuckDB: the export and the same figures from Parquet --------------------------------------

EXPORT_SQL = """
COPY (
  SELECT id, survey_id, survey_version_id, created_at AT TIME ZONE 'UTC', channel, language,
         answers::text, page_url, is_spam, is_flagged, is_deleted
  FROM responses_response
) TO STDOUT (FORMAT csv)
"""
CSV_COLUMNS = {
    "id": "BIGINT",
    "survey_id": "BIGINT",
    "survey_version_id": "BIGINT",
    "created_at": "TIMESTAMP",  # UTC
    "channel": "VARCHAR",
    "language": "VARCHAR",
    "answers": "VARCHAR",  # JSON text
    "page_url": "VARCHAR",
    "is_spam": "BOOLEAN",
    "is_flagged": "BOOLEAN",
    "is_deleted": "BOOLEAN",
}


@dataclass
class Export:
    csv_seconds: float
    parquet_seconds: float
    csv_bytes: int
    parquet_bytes: int
    rows: int


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_parquet(url: str, directory: Path, parquet: Path) -> Export:
    csv = directory / "responses.csv"
    started = time.perf_counter()
    with (
        psycopg.connect(url) as connection,
        connection.cursor() as cursor,
        csv.open("wb") as out,
        cursor.copy(EXPORT_SQL) as copy,
    ):
        for block in copy:
            out.write(block)
    csv_seconds = time.perf_counter() - started
    csv_bytes = csv.stat().st_size
    print(f"  PostgreSQL → CSV: {csv_seconds:.1f} s, {csv_bytes / 1e9:.2f} GB", flush=True)
    columns = "{" + ", ".join(f"{sql_text(k)}: {sql_text(v)}" for k, v in CSV_COLUMNS.items()) + "}"
    started = time.perf_counter()
    with duckdb.connect() as duck:
        duck.execute(
            f"COPY (SELECT * FROM read_csv({sql_text(str(csv))}, header = false,"
            f" columns = {columns})) TO {sql_text(str(parquet))} (FORMAT parquet)"
        )
        counted = duck.execute(f"SELECT count(*) FROM read_parquet({sql_text(str(parquet))})")
        row = counted.fetchone()
    parquet_seconds = time.perf_counter() - started
    csv.unlink()
    print(f"  CSV → Parquet: {parquet_seconds:.1f} s", flush=True)
    return Export(
        csv_seconds, parquet_seconds, csv_bytes, parquet.stat().st_size, row[0] if row else 0
    )


def survey_table() -> list[tuple[int, str, int | None, int]]:
    from govcx.surveys.models import Survey

    return list(Survey.objects.values_list("pk", "kind", "service_id", "organization_id"))


def check_driver_assumption() -> list[str]:
    """DuckDB takes every v2 version to offer all seven drivers to those it shows them to."""
    from govcx.surveys.models import SurveyVersion
    from govcx.surveys.structure import SurveyStructure

    notes = []
    for pk, structure in SurveyVersion.objects.filter(survey__kind__in=V2_KINDS).values_list(
        "pk", "structure"
    ):
        questions = SurveyStructure.from_json(structure).question_map()
        for question in DRIVER_QUESTIONS:
            found = questions.get(question)
            offered = {option.value for option in found.options} if found else set()
            if offered != set(DRIVERS):
                notes.append(f"version {pk} offers {sorted(offered)} for {question}")
    return notes


ANSWER_SHAPE = (
    "{"
    + ", ".join(f'"{key}": "JSON"' for key in V1_ITEMS)
    + ', "drivers_positive": "VARCHAR[]", "drivers_negative": "VARCHAR[]"}'
)
# An answer counts when it is a number or non-empty text (not true/false, a list or null).
SETUP_SQL = """
CREATE OR REPLACE MACRO answer(j) AS
    CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR')
         THEN nullif(json_extract_string(j, '$'), '') END;
"""
ANSWERED_SQL = """
CREATE OR REPLACE TEMP TABLE answered AS
WITH counted AS (
    SELECT r.channel, s.kind, r.created_at, json_transform(r.answers, {shape}) AS a
    FROM read_parquet({parquet}) AS r JOIN surveys AS s ON s.id = r.survey_id
    WHERE s.organization_id = {organization} AND s.kind IN ({kinds})
      AND NOT r.is_spam AND NOT r.is_flagged AND NOT r.is_deleted {period}
), parsed AS (
    SELECT channel, kind,
           'FY' || (year(created_at) + CASE WHEN month(created_at) >= 10 THEN 1 ELSE 0 END)
               || '-Q' || ((month(created_at) + 2) % 12 // 3 + 1) AS quarter,
           {items}, a.drivers_positive, a.drivers_negative
    FROM counted
)
SELECT *,
       CASE WHEN kind = 'a11_v2_thumbs' THEN trust = '1' ELSE trust IN ('4', '5') END
           AS positive,
       CASE WHEN kind = 'a11_v2_thumbs' THEN trust = '0' ELSE trust IN ('1', '2', '3') END
           AS negative
FROM parsed
"""


@dataclass(frozen=True)
class Expected:
    """DuckDB's figure: n, and successes (a share) or the sum of the answers (a mean)."""

    n: int
    total: float

    @property
    def value(self) -> float | None:
        return self.total / self.n if self.n else None


FigureKey = tuple[str, str, str, str]  # section, metric, group_by, group


def duckdb_figures(
    duck: duckdb.DuckDBPyConnection, parquet: Path, organization_id: int, period: Period | None
) -> dict[FigureKey, Expected]:
    period_sql = ""
    if period is not None and period.first_month and period.last_month:
        from govcx.lib.fiscal import Month

        end = Month.of(period.last_month).end_exclusive
        period_sql = (
            f"AND r.created_at >= TIMESTAMP '{period.first_month.isoformat()}'"
            f" AND r.created_at < TIMESTAMP '{end.isoformat()}'"
        )
    duck.execute(
        ANSWERED_SQL.format(
            shape=sql_text(ANSWER_SHAPE),
            parquet=sql_text(str(parquet)),
            organization=int(organization_id),
            kinds=", ".join(sql_text(kind) for kind in A11_KINDS),
            period=period_sql,
            items=", ".join(f"answer(a.{key}) AS {key}" for key in V1_ITEMS),
        )
    )
    figures: dict[FigureKey, Expected] = {}
    figures.update(trust_figures(duck))
    figures.update(v1_figures(duck))
    figures.update(driver_figures(duck))
    return figures


def trust_figures(duck: duckdb.DuckDBPyConnection) -> dict[FigureKey, Expected]:
    figures: dict[FigureKey, Expected] = {}
    select = "count(trust), count(*) FILTER (WHERE positive)"
    row = duck.execute(f"SELECT {select} FROM answered").fetchone()
    if row:
        figures["trust", "trust", "", ""] = Expected(int(row[0]), float(row[1]))
    for section, column, group_by in (
        ("breakdown", "channel", "channel"),
        ("trend", "quarter", "fiscal_quarter"),
    ):
        rows = duck.execute(
            f"SELECT {column}, {select} FROM answered WHERE trust IS NOT NULL GROUP BY {column}"
        ).fetchall()
        for group, n, positive in rows:
            figures[section, "trust", group_by, str(group)] = Expected(int(n), float(positive))
    return figures


def v1_figures(duck: duckdb.DuckDBPyConnection) -> dict[FigureKey, Expected]:
    parts = []
    for key in V1_ITEMS:
        parts.append(f"count({key})")
        parts.append(f"coalesce(sum(CAST({key} AS DOUBLE)), 0)")
        parts.append(f"count(*) FILTER (WHERE {key} IN ('4', '5'))")
        parts.extend(f"count(*) FILTER (WHERE {key} = '{point}')" for point in range(1, 6))
    row = duck.execute(
        f"SELECT {', '.join(parts)} FROM answered WHERE kind = {sql_text(V1_KIND)}"
    ).fetchone()
    values = list(row) if row else [0] * len(parts)
    figures: dict[FigureKey, Expected] = {}
    for index, key in enumerate(V1_ITEMS):
        n, total, agree, *points = values[index * 8 : index * 8 + 8]
        figures["v1_items", f"{key}:mean", "", ""] = Expected(int(n), float(total))
        figures["v1_items", f"{key}:agree", "", ""] = Expected(int(n), float(agree))
        for point, count in enumerate(points, start=1):
            key_point = ("v1_items", f"{key}:{point}", "scale_point", str(point))
            figures[key_point] = Expected(int(n), float(count))
    return figures


def driver_figures(duck: duckdb.DuckDBPyConnection) -> dict[FigureKey, Expected]:
    """Of respondents shown a driver question (positive or negative trust), who chose each."""
    figures: dict[FigureKey, Expected] = {}
    kinds = ", ".join(sql_text(kind) for kind in V2_KINDS)
    for question, shown in (("drivers_positive", "positive"), ("drivers_negative", "negative")):
        parts = [f"count(*) FILTER (WHERE {shown})"]
        parts.extend(
            f"count(*) FILTER (WHERE {shown} AND list_contains({question}, {sql_text(driver)}))"
            for driver in DRIVERS
        )
        row = duck.execute(
            f"SELECT {', '.join(parts)} FROM answered WHERE kind IN ({kinds})"
        ).fetchone()
        n, *chosen = list(row) if row else [0] * len(parts)
        for driver, count in zip(DRIVERS, chosen, strict=True):
            key = (DRIVER_QUESTIONS[question], f"{question}:{driver}", "", "")
            figures[key] = Expected(int(n), float(count))
    return figures


# --- comparing govcx's figures with DuckDB's ---------------------------------------------------


@dataclass
class Comparison:
    label: str
    figures: int = 0
    counts: dict[str, str] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)


def compared_rows(dashboard: Dashboard) -> dict[str, list[FigureRow]]:
    result = {}
    for section, group_by in COMPARED_SECTIONS:
        rows = dashboard.section(section, group_by or None)
        result[f"{section}/{group_by}" if group_by else section] = rows
    return result


def row_key(row: FigureRow) -> FigureKey:
    return (row.section, row.metric, row.group_by, row.group)


def compare(
    label: str, dashboard: Dashboard, expected: dict[FigureKey, Expected], minimum: int
) -> Comparison:
    result = Comparison(label)
    seen: set[FigureKey] = set()
    for name, rows in compared_rows(dashboard).items():
        grouped = any(row.group_by in ("channel", "fiscal_quarter") for row in rows)
        tally = {"equal": 0, "small": 0, "complement": 0}
        for row in rows:
            key = row_key(row)
            seen.add(key)
            result.figures += 1
            wanted = expected.get(key, Expected(0, 0.0))
            problem = (
                suppression_problem(row, wanted, rows, expected, minimum, grouped=grouped)
                if row.suppressed
                else value_problem(row, wanted)
            )
            if problem:
                result.mismatches.append(f"{label} {'/'.join(key)}: {problem}")
            else:
                small = row.suppressed and wanted.n < minimum
                tally["small" if small else "complement" if row.suppressed else "equal"] += 1
        text = f"{tally['equal']} equal, {tally['small']} suppressed (DuckDB n under {minimum})"
        if tally["complement"]:
            text += f", {tally['complement']} suppressed as the complement of a small group"
        result.counts[name] = text
    for key, wanted in expected.items():
        if key not in seen and wanted.n:
            result.mismatches.append(f"{label} {'/'.join(key)}: missing in govcx (n {wanted.n})")
    return result


def value_problem(row: FigureRow, wanted: Expected) -> str:
    if row.n != wanted.n:
        return f"n {row.n} in govcx, {wanted.n} in DuckDB"
    if wanted.value is None:
        return "" if row.value is None else f"value {row.value} in govcx for n 0"
    if row.value is None or not math.isclose(row.value, wanted.value, rel_tol=0, abs_tol=TOLERANCE):
        return f"value {row.value!r} in govcx, {wanted.value!r} in DuckDB (n {wanted.n})"
    return ""


def suppression_problem(
    row: FigureRow,
    wanted: Expected,
    rows: list[FigureRow],
    expected: dict[FigureKey, Expected],
    minimum: int,
    *,
    grouped: bool,
) -> str:
    """A row may be hidden when it is small, or as the smallest shown neighbour of the one
    small group of its breakdown (so that group cannot be recovered by subtraction); the
    reason govcx gives must be the one DuckDB's counts call for."""
    reason = row.suppression  # "small", "complement" or "rest"
    if 0 < wanted.n < minimum:
        return "" if reason in ("", "small") else f"hidden as {reason!r}, but n is {wanted.n}"
    sizes = {row_key(other): expected.get(row_key(other), Expected(0, 0.0)).n for other in rows}
    small = [key for key, n in sizes.items() if 0 < n < minimum]
    large = {key: n for key, n in sizes.items() if n >= minimum}
    smallest = min(large, key=large.__getitem__) if large else None
    if grouped and len(small) == 1 and smallest == row_key(row) and reason != "small":
        return ""
    return f"suppressed ({reason or 'no reason'}) in govcx, but DuckDB's n is {wanted.n}"


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.lines.append((label, value))

    def load(self, stage: str) -> None:
        one, five, _ = os.getloadavg()
        self.loads.append(f"{stage} {one:.2f}/{five:.2f}")


def rebuild(report: Report) -> int | None:
    """Empty the rollup tables (untimed), then time rebuilding them from the responses: a
    rebuild that writes only what changed would otherwise find most of its work done."""
    from django.db import connection

    from govcx.insights.models import RollupDay, RollupMonth
    from govcx.insights.rollups import rollups_rebuild

    with connection.cursor() as cursor:
        tables = f"{RollupDay._meta.db_table}, {RollupMonth._meta.db_table}"
        cursor.execute(f"TRUNCATE {tables}")
        cursor.execute(f"VACUUM ANALYZE {tables}")
    report.load("rebuild")
    print("… rebuilding every rollup from empty tables", flush=True)
    result = rollups_rebuild()
    met = "met" if result.seconds < REBUILD_TARGET_SECONDS else "NOT met"
    report.add(
        "rollup rebuild",
        f"{result.seconds:.1f} s ({met}: < {REBUILD_TARGET_SECONDS:.0f} s);"
        f" {result.responses_counted:,} responses counted, {result.day_rows:,} day rows,"
        f" {result.month_rows:,} month rows",
    )
    print(f"  {report.lines[-1][1]}", flush=True)
    return result.responses_counted


def dashboards_in_process(who: Subjects, repeats: int, report: Report) -> dict[str, Dashboard]:
    """Times each dashboard; returns the organization's, by period name, for the cross-check."""
    report.load("in-process dashboards")
    print("… dashboards in this process", flush=True)
    dashboards: dict[str, Dashboard] = {}
    for scope, level in ((who.organization, "organization"), (who.service, "service")):
        for name, period in who.periods():
            timing, dashboard = in_process(scope, period, f"{level} {name}", repeats)
            report.add(
                f"in-process dashboard_for, {level}, {name}", timing.text() + p95_verdict(timing)
            )
            if scope is who.organization:
                dashboards[name] = dashboard
    return dashboards


def dashboard_paths(who: Subjects) -> list[str]:
    service = who.service.service
    assert service is not None
    bases = [
        f"/staff/insights/org/{ORGANIZATION}/",
        f"/staff/insights/services/{service.public_id}/",
    ]
    return [path for base in bases for path in (base, f"{base}?period={who.period.key}")]


def cross_check(
    url: str,
    arguments: argparse.Namespace,
    who: Subjects,
    dashboards: dict[str, Dashboard],
    counts: tuple[int, int | None],  # responses in the table, and counted by the rebuild
    report: Report,
) -> None:
    report.load("export")
    directory = Path(tempfile.mkdtemp(prefix="govcx-insights-", dir=arguments.workdir))
    parquet = directory / "responses.parquet"
    try:
        print("… exporting the responses to Parquet", flush=True)
        export = export_parquet(url, directory, parquet)
        report.add(
            "export, PostgreSQL → CSV (COPY TO STDOUT)",
            f"{export.csv_seconds:.1f} s ({export.csv_bytes / 1e9:.2f} GB)",
        )
        report.add(
            "export, CSV → Parquet (DuckDB)",
            f"{export.parquet_seconds:.1f} s ({export.rows:,} rows,"
            f" {export.parquet_bytes / 1e6:,.0f} MB)",
        )
        if export.rows != counts[0]:
            report.failures.append(f"{counts[0]:,} responses, {export.rows:,} exported")
        report.load("DuckDB figures")
        compare_with_duckdb(parquet, who, dashboards, counts[1], report)
    finally:
        if arguments.keep_parquet:
            print(f"Parquet file kept: {parquet}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def compare_with_duckdb(
    parquet: Path,
    who: Subjects,
    dashboards: dict[str, Dashboard],
    counted: int | None,
    report: Report,
) -> None:
    surveys = survey_table()
    organization_id = who.organization.organization.pk
    in_organization = sorted(pk for pk, _k, _s, org in surveys if org == organization_id)
    if sorted(who.survey_ids) != in_organization:
        report.failures.append(
            f"the demo user's scope has surveys {sorted(who.survey_ids)},"
            f" the organization {in_organization}"
        )
    for note in check_driver_assumption():
        report.failures.append(f"DuckDB's driver definition does not hold: {note}")
    with duckdb.connect() as duck:
        duck.execute(
            "CREATE TABLE surveys (id BIGINT, kind VARCHAR, service_id BIGINT,"
            " organization_id BIGINT)"
        )
        duck.executemany("INSERT INTO surveys VALUES (?, ?, ?, ?)", surveys)
        duck.execute(SETUP_SQL)
        if counted is not None:
            check_counted(duck, parquet, counted, report)
        for name, period in who.periods():
            with stopwatch(f"DuckDB: organization figures, {name}") as clock:
                expected = duckdb_figures(duck, parquet, organization_id, period)
            result = compare(name, dashboards[name], expected, who.minimum_size)
            summary = "; ".join(f"{section} {text}" for section, text in result.counts.items())
            print(f"  compared ({name}): {summary}", flush=True)
            report.add(f"DuckDB, organization figures, {name}", f"{clock['seconds']:.1f} s")
            report.add(
                f"cross-check, {name}",
                f"{result.figures} figures, {len(result.mismatches)} mismatches",
            )
            report.failures.extend(result.mismatches)


def check_counted(
    duck: duckdb.DuckDBPyConnection, parquet: Path, counted: int, report: Report
) -> None:
    row = duck.execute(
        f"SELECT count(*) FROM read_parquet({sql_text(str(parquet))})"
        " WHERE NOT is_spam AND NOT is_flagged AND NOT is_deleted"
    ).fetchone()
    in_parquet = int(row[0]) if row else 0
    if in_parquet != counted:
        report.failures.append(
            f"the rebuild counted {counted:,} responses, DuckDB finds {in_parquet:,}"
        )


def machine_facts() -> list[tuple[str, str]]:
    from django import get_version
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('shared_buffers')")
        row = cursor.fetchone()
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return [
        ("cores", str(os.cpu_count())),
        ("memory", f"{int(memory) / 1024 / 1024:.1f} GiB"),
        ("PostgreSQL", f"{row[0] if row else '?'} (shared_buffers {row[1] if row else '?'})"),
        ("platform", platform.platform()),
        (
            "Python, Django, DuckDB",
            f"{platform.python_version()}, {get_version()}, {duckdb.__version__}",
        ),
    ]


def print_summary(report: Report) -> None:
    width = max(len(label) for label, _ in report.lines) + 2
    print()
    print(f"{'figure':<{width}}value")
    print(f"{'-' * (width - 2):<{width}}-----")
    for label, value in report.lines + machine_facts():
        print(f"{label:<{width}}{value}")
    print(f"{'load average (1/5 min)':<{width}}{', '.join(report.loads)}")


def main() -> None:
    arguments = parse_arguments()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = database_name(url)
    report = Report()
    report.load("start")
    if not arguments.reuse:
        recreate_database(url, name)
    migrate_in_child(url)
    django_setup(url)
    if arguments.reuse:
        report.add("seeding", "skipped (--reuse)")
    else:
        print(f"… seeding {arguments.responses:,} responses", flush=True)
        report.add(
            "seeding (seed-demo, no rollups)", f"{seed(arguments.responses, arguments.seed):.1f} s"
        )
    rows, size = table_figures()
    report.add("database", f"{name}: {rows:,} responses ({size} with indexes)")
    counted = None if arguments.no_rebuild else rebuild(report)
    who = subjects(arguments.period)
    report.add(
        "measured",
        f"organization {ORGANIZATION}, service {who.service.title!r}; all time and"
        f" {who.period.key}",
    )
    dashboards = dashboards_in_process(who, arguments.repeats, report)
    report.load("HTTP")
    print("… dashboards over HTTP", flush=True)
    timings, failures = http_timings(url, dashboard_paths(who), arguments)
    for timing in timings:
        report.add(timing.label, timing.text() + p95_verdict(timing))
    report.failures.extend(failures)
    cross_check(url, arguments, who, dashboards, (rows, counted), report)
    report.load("end")
    print_summary(report)
    if report.failures:
        print(f"\nFAIL: {len(report.failures)} problems; the first ones:")
        for failure in report.failures[:20]:
            print(f"  {failure}")
        raise SystemExit(1)
    print("\nOK: every compared figure is equal in govcx and DuckDB")


if __name__ == "__main__":
    main()
