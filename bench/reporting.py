"""The A-11 quarterly collection at realistic sizes: respondent files, freezing, published figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_reporting_bench \
        .venv/bin/python bench/reporting.py

The database named by DATABASE_URL (its name must end in `_bench`) is dropped and created
afresh and migrated in a child process. The script then builds, through govcx's services
where a team would use them and with `bulk_create` or `COPY` where only the volume matters:

- one agency whose high-impact service has a published A-11 version 2 thumbs survey, with
  `--freeze-responses` counted responses on the website in FY2026 Q4 (and, among them, 5 %
  of the quarter's responses marked spam or set aside), half as many in the quarter before
  (`bulk_create` in batches of 2,000), and that quarter's collection opened
  (`collections_open`), so it holds a survey-linked row, plus two rows taking uploaded files
  (`detail_create`);
- respondent files in the A-11 version 2 format of `--rows` and `--large-rows` respondents,
  and a copy of the first with errors on more than half of its lines (a question 1 that is
  not 0 or 1, a flag that is not 1, 0 or null, a repeated external_id, a driver missing on
  the side shown, a driver chosen on the side not shown, a missing field);
- `--agencies` agencies with `--services` high-impact services between them, each with a
  published collection in each of `--quarters` quarters from FY2025 Q1, each collection with
  `--channels` rows of uploaded respondents (thumbs or five-point); each row's respondents
  are drawn from a log-normal distribution (median `--median-respondents`), so that a few
  rows are under the minimum group size and a few hold tens of thousands.

Each measurement then runs in a fresh process of its own (spawned, Django set up, its input
read from disk) so that its memory figure is its own: the peak resident memory of that
process during the measurement, and its growth over the resident size just before. The peak
is the kernel's high-water mark, VmHWM in /proc/self/status, reset to the current size through
/proc/self/clear_refs as the measurement starts. It is the figure getrusage's ru_maxrss is
made from, but ru_maxrss is not used: in a process started with fork and exec it never falls
below the size of the process it was forked from. Database statements are counted with
`connection.execute_wrapper`.

1. the respondent file is parsed and checked (`parse_respondent_file`), and then parsed,
   checked and stored (`respondents_upload`): `--rows`, then `--large-rows` (0 skips it);
2. the file with errors is offered to `respondents_upload`, which must refuse it naming every
   problem, and leave the earlier upload untouched;
3. each stored file is exported as it streams (`exports.detail_respondents_csv`), and must
   give back the uploaded file byte for byte;
4. `collection_freeze` copies the survey-linked row's counted responses into respondent rows,
   then again as for a resubmission (replacing them);
5. `published_figures()` for every published collection (first call, then the best of
   `--repeats`), for one agency, and the open data CSV and JSON built from them;
6. gunicorn (`--workers` sync workers; `DEBUG` off) serves the open data downloads, the upload
   page (the file with errors, then the valid one, posted as a signed-in preparer) and the
   export of each stored file; the time is from sending the request to reading the last byte,
   and the memory is the serving worker's peak resident memory during the request.

A summary table and the machine's facts are printed at the end; a failed check (a refused
file stored, an export that differs, a count that does not add up) exits with status 1.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import hashlib
import http.client
import http.cookiejar
import json
import math
import multiprocessing
import os
import platform
import random
import re
import select
import shutil
import statistics
import subprocess
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from benchdb import database_name, recreate_database
from benchdjango import django_setup, free_port, migrate_in_child, stop_gunicorn, wait_until_serving

if TYPE_CHECKING:
    from django.db.models import Model

    from govcx.lib.fiscal import FiscalQuarter
    from govcx.registry.models import Organization, Service
    from govcx.reporting.models import CollectionDetail
    from govcx.responses.models import Response
    from govcx.surveys.models import Survey

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcx_reporting_bench"
ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
PREPARER = "bench_preparer"
PASSWORD = "reporting-bench-password-" + "x" * 8
MIB = 1024  # KiB in a MiB: /proc counts in KiB
# How long a POST waits for an answer to its headers alone before sending its body.
HEADERS_ANSWER_SECONDS = 0.5
# How the upload page lists each problem of a refused file.
PROBLEM_ROW = b'<tr><th scope="row">'

# The quarter whose collection is uploaded to and frozen, and the first published quarter.
WORK_QUARTER = (2026, 4)  # July to September 2026
FIRST_PUBLISHED_QUARTER = (2025, 1)  # October to December 2024

# What respondents are like (the demo's A-11 habits, roughly).
POSITIVE_SHARE = 0.78
DRIVER_CHOSEN_SHARE = 0.27
DRIVERS_ANSWERED_SHARE = 0.86
COMMENT_SHARE = {True: 0.2, False: 0.34}
LIKERT_WEIGHTS = (0.07, 0.08, 0.12, 0.33, 0.40)  # 1 … 5
SPANISH_SHARE = 0.12
NOT_COUNTED_SHARE = 0.05  # spam or set aside
RESPONSE_RATE = (0.03, 0.09)  # of customers offered a survey, the share who answered
OFFERED_SHARE = (0.45, 0.8)  # of customers served, the share offered a survey
BULK_CREATE_ROWS = 2_000
COPY_CHUNK_ROWS = 5_000
COMMENTS = (
    "Quick and easy, thank you.",
    "The form kept timing out, and I had to start over twice.",
    'The page said "processing" for ten minutes.',
    "I couldn't find where to upload my documents.",
    "Staff were kind and explained everything.",
    "Too many steps, and the same questions were asked twice.",
    "Muy fácil de usar, gracias.",
    "No entendí qué documentos necesitaba.",
    "I waited 45 minutes on hold; then the call dropped.",
    "Great experience overall!",
    "Why do I need to create an account just to check my status?",
    "Line one of my comment.\nLine two, after pressing Enter.",
    "The letter didn't say what happens next.",
    "It worked on my phone, which I did not expect.",
    "-1 star: nobody called me back",
    "Please add a way to save and come back later.",
)
AGENCY_NAMES = (
    "Administration for Benefits",
    "Bureau of Records",
    "Customs and Travel Service",
    "Department of Housing Assistance",
    "Education Aid Office",
    "Farm Support Agency",
    "Federal Student Services",
    "Health Coverage Administration",
    "Immigration Services",
    "Internal Revenue Office",
    "Land Management Bureau",
    "Maritime Administration",
    "National Parks Service Desk",
    "Passport Services",
    "Pension Guaranty Office",
    "Postal Customer Office",
    "Small Business Administration Desk",
    "Social Insurance Administration",
    "Transportation Security Office",
    "Treasury Payments Bureau",
    "Veterans Benefits Office",
    "Veterans Health Office",
    "Weather and Climate Service",
    "Workforce Programs Office",
    "Youth Services Administration",
)
SERVICE_NAMES = (
    "Apply for benefits",
    "Check the status of an application",
    "Renew a document",
    "Report a change of address",
    "Make a payment",
    "Get a replacement card",
    "Appeal a decision",
    "Schedule an appointment",
)
CHANNEL_SETS = (
    ("website", "phone", "in_person"),
    ("website", "mobile_app", "phone"),
    ("website", "phone", "postal_mail"),
    ("mobile_app", "website", "live_chat"),
)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="respondents in the file")
    parser.add_argument(
        "--large-rows", type=int, default=1_000_000, help="respondents in the large file (0: skip)"
    )
    parser.add_argument("--freeze-responses", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=25)
    parser.add_argument("--services", type=int, default=200, help="services, over the agencies")
    parser.add_argument("--quarters", type=int, default=8, help="published quarters")
    parser.add_argument("--channels", type=int, default=3, help="rows per collection (≤ 3)")
    parser.add_argument("--median-respondents", type=int, default=300, help="per published row")
    parser.add_argument("--repeats", type=int, default=2, help="warm calls of published_figures")
    parser.add_argument("--requests", type=int, default=3, help="timed requests per download")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn sync workers")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="where the respondent files go (default: /tmp)")
    arguments = parser.parse_args()
    if not 1 <= arguments.channels <= len(CHANNEL_SETS[0]):
        parser.error(f"--channels must be from 1 to {len(CHANNEL_SETS[0])}")
    if not 1 <= arguments.agencies <= len(AGENCY_NAMES):
        parser.error(f"--agencies must be from 1 to {len(AGENCY_NAMES)}")
    if arguments.services < arguments.agencies:
        parser.error("--services must be at least --agencies")
    return arguments


# --- memory and statements ---------------------------------------------------------------------


def status_kib(name: str, pid: int | None = None) -> int:
    """A figure of /proc/<pid>/status in KiB: VmRSS (resident now), VmHWM (peak resident)."""
    text = Path(f"/proc/{pid or 'self'}/status").read_text()
    for line in text.splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise LookupError(f"/proc/{pid or 'self'}/status has no {name}")


def peak_reset(pid: int | None = None) -> None:
    """Set the process's peak resident size (VmHWM) to its current size (Linux 4.0 and later)."""
    Path(f"/proc/{pid or 'self'}/clear_refs").write_text("5")


@dataclass
class Measure:
    seconds: float = 0.0
    before_kib: int = 0
    peak_kib: int = 0
    queries: int = 0

    def figures(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "before_kib": self.before_kib,
            "peak_kib": self.peak_kib,
            "queries": self.queries,
        }


@contextmanager
def measured() -> Iterator[Measure]:
    """Time the block, count its database statements and take its peak resident memory."""
    from django.db import connection

    result = Measure()

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result.queries += 1
        return execute(sql, params, many, context)

    gc.collect()
    peak_reset()
    result.before_kib = status_kib("VmRSS")
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        yield result
    result.seconds = time.perf_counter() - started
    result.peak_kib = status_kib("VmHWM")


# --- measurements, each in a process of its own -------------------------------------------------

Stage = Callable[[dict[str, Any]], dict[str, Any]]


def detail_of(pk: int) -> CollectionDetail:
    from govcx.reporting.models import CollectionDetail

    return CollectionDetail.objects.select_related("collection", "survey").get(pk=pk)


def stored_count(detail_pk: int) -> int:
    from govcx.reporting.models import CollectionRespondent

    return CollectionRespondent.objects.filter(detail_id=detail_pk).count()


def stage_parse(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.reporting.respondents import parse_respondent_file

    data = Path(parameters["path"]).read_bytes()
    with measured() as measure:
        rows = parse_respondent_file(data, parameters["survey_type"])
    return measure.figures() | {"rows": len(rows)}


def stage_upload(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.registry.models import User
    from govcx.reporting.collections import respondents_upload

    data = Path(parameters["path"]).read_bytes()
    detail = detail_of(parameters["detail"])
    user = User.objects.get(pk=parameters["user"])
    with measured() as measure:
        stored = respondents_upload(detail, data=data, file_name=parameters["name"], user=user)
    return measure.figures() | {"rows": stored, "in_table": stored_count(detail.pk)}


def stage_reject(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.registry.models import User
    from govcx.reporting.collections import respondents_upload
    from govcx.reporting.respondents import RespondentFileError

    data = Path(parameters["path"]).read_bytes()
    detail = detail_of(parameters["detail"])
    user = User.objects.get(pk=parameters["user"])
    before = (stored_count(detail.pk), detail.uploaded_file_name, detail.uploaded_at)
    problems: list[tuple[int, str]] = []
    with measured() as measure:
        try:
            respondents_upload(detail, data=data, file_name="with-errors.csv", user=user)
        except RespondentFileError as error:
            problems = [(problem.line, problem.column) for problem in error.problems]
            message_chars = len(str(error))
    detail.refresh_from_db()
    after = (stored_count(detail.pk), detail.uploaded_file_name, detail.uploaded_at)
    lines = sorted({line for line, _ in problems})
    return measure.figures() | {
        "refused": bool(problems),
        "problems": len(problems),
        "lines": lines,
        "message_chars": message_chars if problems else 0,
        "untouched": before == after,
        "stored": after[0],
    }


def stage_export(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.reporting.exports import detail_respondents_csv

    detail = detail_of(parameters["detail"])
    digest = hashlib.sha256()
    size = pieces = 0
    with measured() as measure:
        for piece in detail_respondents_csv(detail):
            data = piece.encode()  # as StreamingHttpResponse encodes each piece
            digest.update(data)
            size += len(data)
            pieces += 1
    return measure.figures() | {
        "rows": pieces - 1,
        "bytes": size,
        "identical": digest.hexdigest() == parameters["sha256"],
    }


def stage_freeze(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.reporting.collections import collection_freeze
    from govcx.reporting.counting import detail_responses
    from govcx.reporting.models import Collection

    detail = detail_of(parameters["detail"])
    counted = detail_responses(detail).count()
    collection = Collection.objects.get(pk=detail.collection_id)
    with measured() as measure:
        collection_freeze(collection)
    return measure.figures() | {"rows": stored_count(detail.pk), "counted": counted}


def stage_published(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.registry.models import Organization
    from govcx.reporting.published import published_figures

    with measured() as first:
        figures = published_figures()
    warm = []
    for _ in range(parameters["repeats"]):
        with measured() as again:
            published_figures()
        warm.append(again.seconds)
    organization = Organization.objects.get(pk=parameters["organization"])
    with measured() as one:
        agency = published_figures(organization)
    return first.figures() | {
        "rows": len(figures),
        "collections": len({figure.collection.pk for figure in figures}),
        "suppressed": sum(figure.row.suppressed for figure in figures),
        "warm_seconds": min(warm) if warm else None,
        "agency_seconds": one.seconds,
        "agency_figures": len(agency),
        "agency_queries": one.queries,
    }


def stage_open_data_csv(parameters: dict[str, Any]) -> dict[str, Any]:
    from govcx.public.opendata import open_data_csv_lines
    from govcx.reporting.published import published_figures

    size = lines = 0
    with measured() as measure:
        for line in open_data_csv_lines(published_figures()):
            size += len(line.encode())
            lines += 1
    return measure.figures() | {"rows": lines - 1, "bytes": size}


def stage_open_data_json(parameters: dict[str, Any]) -> dict[str, Any]:
    from django.core.serializers.json import DjangoJSONEncoder

    from govcx.public.opendata import open_data_json
    from govcx.reporting.published import published_figures

    with measured() as measure:
        document = open_data_json(published_figures())
        data = json.dumps(document, cls=DjangoJSONEncoder).encode()  # as JsonResponse does
    return measure.figures() | {"rows": len(document["rows"]), "bytes": len(data)}


def stage_upload_page(parameters: dict[str, Any]) -> dict[str, Any]:
    """The upload page's view called directly, without the middleware (after one GET of the
    page, as a warm worker would have served): the form reads the multipart body, the
    service stores or refuses the file, the template lists the problems."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    from govcx.registry.models import User
    from govcx.reporting.collection_views import detail_upload

    public_id = parameters["public_id"]
    address = f"/staff/collections/rows/{public_id}/upload/"
    user = User.objects.get(pk=parameters["user"])

    def as_preparer(request: WSGIRequest) -> WSGIRequest:
        request.user = user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)  # type: ignore[attr-defined]  # as the middleware
        return request

    detail_upload(as_preparer(RequestFactory().get(address)), uuid.UUID(public_id))  # warm
    upload = SimpleUploadedFile(
        parameters["name"], Path(parameters["path"]).read_bytes(), content_type="text/csv"
    )
    request = as_preparer(RequestFactory().post(address, {"file": upload}))
    del upload
    with measured() as measure:
        response = detail_upload(request, uuid.UUID(public_id))
        content = response.content
    return measure.figures() | {
        "status": response.status_code,
        "bytes": len(content),
        "listed": content.count(PROBLEM_ROW),
        "in_table": stored_count(parameters["detail"]),
    }


STAGES: dict[str, Stage] = {
    "parse": stage_parse,
    "upload": stage_upload,
    "reject": stage_reject,
    "upload_page": stage_upload_page,
    "export": stage_export,
    "freeze": stage_freeze,
    "published": stage_published,
    "open_data_csv": stage_open_data_csv,
    "open_data_json": stage_open_data_json,
}


def child_main(url: str, stage: str, parameters: dict[str, Any], sender: Connection) -> None:
    try:
        django_setup(url)
        sender.send(("ok", STAGES[stage](parameters)))
    except BaseException:
        sender.send(("error", traceback.format_exc()))
        raise
    finally:
        sender.close()


def in_child(url: str, stage: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """Run a stage in a fresh process and return what it measured."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=child_main, args=(url, stage, parameters, sender))
    child.start()
    sender.close()
    try:
        status, payload = receiver.recv()
    except EOFError:
        status, payload = "error", "the process ended without a result"
    child.join()
    if status != "ok":
        raise SystemExit(f"Measuring {stage} failed:\n{payload}")
    result: dict[str, Any] = payload
    return result


# --- building the data -------------------------------------------------------------------------


def fiscal_quarter(fiscal_year: int, quarter: int) -> FiscalQuarter:
    from govcx.lib.fiscal import FiscalQuarter

    return FiscalQuarter(fiscal_year, quarter)


@dataclass
class World:
    """The agency whose collection is uploaded to and frozen."""

    preparer: int
    collection: int
    survey_detail: int
    upload_detail: int
    large_detail: int
    upload_public_id: str
    large_public_id: str
    responses: int
    responses_seconds: float


def receipt_id(number: int) -> str:
    """A distinct receipt id for each number (Crockford base 32, ten characters)."""
    from govcx.responses.models import RECEIPT_ALPHABET, RECEIPT_LENGTH

    letters = []
    for _ in range(RECEIPT_LENGTH):
        number, digit = divmod(number, len(RECEIPT_ALPHABET))
        letters.append(RECEIPT_ALPHABET[digit])
    return "".join(reversed(letters))


def v2_answers(rng: random.Random) -> dict[str, Any]:
    from govcx.lib.a11 import V2_DRIVERS

    positive = rng.random() < POSITIVE_SHARE
    answers: dict[str, Any] = {"trust": 1 if positive else 0}
    if rng.random() < DRIVERS_ANSWERED_SHARE:
        key = "drivers_positive" if positive else "drivers_negative"
        answers[key] = rng.sample(V2_DRIVERS, k=rng.choice((1, 1, 1, 2, 2, 3)))
    if rng.random() < COMMENT_SHARE[positive]:
        answers["comments"] = rng.choice(COMMENTS)
    return answers


def responses_of(
    survey: Survey, quarter: FiscalQuarter, counted: int, rng: random.Random, *, first: int
) -> Iterator[Response]:
    """`counted` website responses spread over the quarter, and among them, at random places,
    as many more as make NOT_COUNTED_SHARE of the whole marked spam or set aside."""
    from govcx.reporting.counting import quarter_window
    from govcx.responses.models import Response

    start, end = quarter_window(quarter)
    span = (end - start).total_seconds()
    version = survey.current_version_id
    assert version is not None, "the survey is published"
    total = round(counted / (1 - NOT_COUNTED_SHARE))
    not_counted = set(rng.sample(range(total), total - counted))
    for index in range(total):
        spam = index in not_counted and rng.random() < 0.5
        yield Response(
            uuid=uuid.UUID(int=rng.getrandbits(128)),
            receipt_id=receipt_id(first + index),
            organization_id=survey.organization_id,
            service_id=survey.service_id,
            survey_id=survey.pk,
            survey_version_id=version,
            channel="website",
            language="es" if rng.random() < SPANISH_SHARE else "en",
            created_at=start + dt.timedelta(seconds=rng.random() * span),
            answers=v2_answers(rng),
            page_url="https://www.rba.example.gov/apply/confirmation",
            is_spam=spam,
            is_flagged=index in not_counted and not spam,
            spam_score=80 if spam else 0,
        )


def responses_create(survey: Survey, counted: int, seed: int) -> tuple[int, float]:
    """`counted` counted responses in the quarter (and the not counted among them), half as
    many in the quarter before; `bulk_create` in batches. Returns the rows and the seconds."""
    from itertools import islice

    from govcx.responses.models import Response

    quarter = fiscal_quarter(*WORK_QUARTER)
    started = time.perf_counter()
    written = 0
    for which, (period, count) in enumerate(
        ((quarter, counted), (quarter.previous(), counted // 2))
    ):
        rng = random.Random(f"govcx-bench/{seed}/responses/{which}")
        rows = responses_of(survey, period, count, rng, first=1 + written)
        while batch := list(islice(rows, BULK_CREATE_ROWS)):
            Response.objects.bulk_create(batch)
            written += len(batch)
    return written, time.perf_counter() - started


def world_create(arguments: argparse.Namespace) -> World:
    from govcx.registry.models import Role, User
    from govcx.registry.services import (
        membership_grant,
        organization_create,
        service_create,
        service_provider_create,
    )
    from govcx.reporting.collections import collections_open, detail_create
    from govcx.reporting.models import RespondentSource, SurveyType
    from govcx.surveys.services import survey_create_from_template, survey_publish

    organization = organization_create(
        name="Reporting Benchmark Agency", abbreviation="RBA", email_domains=["rba.example.gov"]
    )
    provider = service_provider_create(
        organization=organization, name="RBA Benefits Office", slug="rba-benefits"
    )
    service = service_create(
        organization=organization,
        provider=provider,
        name="Apply for retirement benefits",
        kind="benefits",
        channels=["website", "mobile_app", "phone"],
        is_hisp_service=True,
        estimated_annual_customers=8_000_000,
    )
    preparer = User.objects.create_user(
        username=PREPARER, email="preparer@rba.example.gov", password=PASSWORD
    )
    membership_grant(user=preparer, organization=organization, role=Role.SURVEY_MANAGER)
    survey = survey_create_from_template(
        organization=organization, service=service, template_key="a11_v2_thumbs", user=None
    )
    survey = survey_publish(survey=survey, user=None)
    print(f"… {arguments.freeze_responses:,} counted responses in the quarter", flush=True)
    responses, seconds = responses_create(survey, arguments.freeze_responses, arguments.seed)
    (collection,) = collections_open(fiscal_quarter(*WORK_QUARTER), organization)
    survey_detail = collection.details.get()
    uploads = [
        detail_create(
            collection,
            user=preparer,
            channel=channel,
            source=RespondentSource.UPLOAD,
            survey_type=SurveyType.THUMBS_UP_DOWN,
            survey_title=title,
            trust_question_text="I trust the agency to fulfill our country's commitment to "
            "retirees.",
            volume_of_customers=customers,
            volume_offered_survey=customers // 2,
        )
        for channel, title, customers in (
            ("phone", "Contact center survey (vendor)", 4_000_000),
            ("mobile_app", "Mobile app survey (vendor)", 40_000_000),
        )
    ]
    return World(
        preparer=preparer.pk,
        collection=collection.pk,
        survey_detail=survey_detail.pk,
        upload_detail=uploads[0].pk,
        large_detail=uploads[1].pk,
        upload_public_id=str(uploads[0].public_id),
        large_public_id=str(uploads[1].public_id),
        responses=responses,
        responses_seconds=seconds,
    )


# --- respondent files --------------------------------------------------------------------------


def respondent_cells(count: int, seed: str) -> Iterator[list[str]]:
    """Rows of a thumbs survey's respondent file: all seven drivers offered on the side shown."""
    rng = random.Random(seed)
    unseen = ["null"] * 7
    for number in range(1, count + 1):
        positive = rng.random() < POSITIVE_SHARE
        shown = ["1" if rng.random() < DRIVER_CHOSEN_SHARE else "0" for _ in range(7)]
        flags = shown + unseen if positive else unseen + shown
        comment = rng.choice(COMMENTS) if rng.random() < COMMENT_SHARE[positive] else ""
        yield [f"RBA-{number:08d}", "1" if positive else "0", *flags, comment]


def with_errors(cells: list[str], number: int, first_id: str) -> bool:
    """Spoil about half of the rows, each in at least one way; True if this one was."""
    positive = cells[1] == "1"
    shown, unseen = (2, 9) if positive else (9, 2)
    spoiled = False
    if number % 7 == 1:
        cells[1], spoiled = "yes", True  # not 0 or 1
    if number % 7 == 3:
        cells[shown + 1], spoiled = "2", True  # not 1, 0 or null
    if number % 11 == 5:
        cells[0], spoiled = first_id, True  # repeated external_id
    if number % 13 == 2:
        cells[shown], spoiled = "null", True  # effectiveness not offered on the side shown
    if number % 17 == 4:
        cells[unseen + 2], spoiled = "1", True  # chosen on the side not shown
    if number % 19 == 6:
        del cells[-1]  # a field missing
        spoiled = True
    return spoiled


@dataclass
class RespondentFile:
    path: Path
    rows: int
    size: int
    sha256: str
    spoiled_lines: list[int] = field(default_factory=list)


def respondent_file_write(path: Path, count: int, seed: str, *, spoil: bool) -> RespondentFile:
    """Write the file as CSV UTF-8 with CRLF, as a spreadsheet or an agency system would."""
    from govcx.reporting.models import RESPONDENT_COLUMNS

    spoiled: list[int] = []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(RESPONDENT_COLUMNS)
        line = 2  # the header is line 1; a comment may run over several lines
        first_id = ""
        for number, cells in enumerate(respondent_cells(count, seed), start=1):
            first_id = first_id or cells[0]
            if spoil and with_errors(cells, number, first_id):
                spoiled.append(line)
            writer.writerow(cells)
            line += 1 + sum(cell.count("\n") for cell in cells)
    data = path.read_bytes()
    return RespondentFile(path, count, len(data), hashlib.sha256(data).hexdigest(), spoiled)


# --- published collections ---------------------------------------------------------------------


@dataclass
class Published:
    collections: int
    details: int
    respondents: int
    seconds: float
    organization: int  # one agency, for the per-agency figures


def copy_text(value: str) -> str:
    """A value in COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def published_create(arguments: argparse.Namespace) -> Published:
    """Agencies, services and published collections written directly; respondents by COPY."""
    from govcx.registry.services import (
        organization_create,
        service_create,
        service_provider_create,
    )
    from govcx.reporting.models import (
        Collection,
        CollectionDetail,
        CollectionState,
        Rating,
        RespondentSource,
        SurveyType,
        TransactionPoint,
    )

    started = time.perf_counter()
    rng = random.Random(f"govcx-bench/{arguments.seed}/published")
    services: list[Service] = []
    organizations: list[Organization] = []
    for index in range(arguments.agencies):
        name = AGENCY_NAMES[index]
        abbreviation = "".join(word[0] for word in name.split() if word[0].isupper())
        abbreviation = f"{abbreviation}{index + 1:02d}"
        organization = organization_create(
            name=name, abbreviation=abbreviation, email_domains=[f"a{index}.example.gov"]
        )
        organizations.append(organization)
        provider = service_provider_create(
            organization=organization, name=f"{name} HISP", slug=f"hisp-{index + 1:02d}"
        )
        share = arguments.services // arguments.agencies
        extra = 1 if index < arguments.services % arguments.agencies else 0
        for number in range(share + extra):
            base = SERVICE_NAMES[number % len(SERVICE_NAMES)]
            suffix = (
                f" ({number // len(SERVICE_NAMES) + 1})" if number >= len(SERVICE_NAMES) else ""
            )
            services.append(
                service_create(
                    organization=organization,
                    provider=provider,
                    name=f"{base}{suffix}",
                    kind="benefits",
                    channels=list(CHANNEL_SETS[number % len(CHANNEL_SETS)]),
                    is_hisp_service=True,
                )
            )
    first = fiscal_quarter(*FIRST_PUBLISHED_QUARTER)
    quarters = [first.shifted(offset) for offset in range(arguments.quarters)]
    collections = []
    for quarter in quarters:
        submitted = dt.datetime.combine(quarter.due_date, dt.time(15), tzinfo=dt.UTC)
        for service in services:
            collections.append(
                Collection(
                    organization_id=service.organization_id,
                    service=service,
                    fiscal_year=quarter.fiscal_year,
                    quarter=quarter.quarter,
                    state=CollectionState.PUBLISHED,
                    rating=Rating.GREEN,
                    submitted_at=submitted,
                    published_at=submitted + dt.timedelta(days=12),
                )
            )
    Collection.objects.bulk_create(collections, batch_size=1000)
    details, sizes = [], []
    for collection in collections:
        uploaded_at = collection.submitted_at
        for position, channel in enumerate(collection.service.channels[: arguments.channels], 1):
            likert = rng.random() < 0.3
            respondents = min(
                50_000, round(rng.lognormvariate(math.log(arguments.median_respondents), 1.2))
            )
            offered = math.ceil(max(respondents, 5) / rng.uniform(*RESPONSE_RATE))
            details.append(
                CollectionDetail(
                    collection=collection,
                    position=position,
                    channel=channel,
                    transaction_point=TransactionPoint.POST_INTERACTION,
                    survey_type=SurveyType.LIKERT_SCALE if likert else SurveyType.THUMBS_UP_DOWN,
                    survey_title=f"{collection.service.name} survey ({channel.replace('_', ' ')})",
                    trust_question_text="I trust the agency to fulfill our country's commitment.",
                    volume_of_customers=math.ceil(offered / rng.uniform(*OFFERED_SHARE)),
                    volume_offered_survey=offered,
                    source=RespondentSource.UPLOAD,
                    uploaded_file_name=f"respondents-{channel}.csv",
                    uploaded_at=uploaded_at,
                )
            )
            sizes.append(respondents)
    CollectionDetail.objects.bulk_create(details, batch_size=1000)
    print(f"… COPY of {sum(sizes):,} respondent rows into {len(details):,} rows", flush=True)
    respondents = respondents_copy(details, sizes, rng)
    return Published(
        collections=len(collections),
        details=len(details),
        respondents=respondents,
        seconds=time.perf_counter() - started,
        organization=organizations[0].pk,
    )


def other_columns(model: type[Model], written: set[str]) -> tuple[list[str], str]:
    """The model's other columns, and their defaults as the tail of a COPY text line."""
    from django.db.models import JSONField

    columns: list[str] = []
    values: list[str] = []
    for each in model._meta.concrete_fields:
        if each.column is None or each.column in written:
            continue
        default = each.get_default()
        columns.append(each.column)
        if default is None:
            values.append("\\N")
        elif isinstance(each, JSONField):
            values.append(copy_text(json.dumps(default)))
        else:
            values.append(copy_text(str(default)))
    return columns, "".join(f"\t{value}" for value in values)


def respondents_copy(details: list[CollectionDetail], sizes: list[int], rng: random.Random) -> int:
    from django.db import connection

    from govcx.reporting.models import (
        RESPONDENT_COLUMNS,
        CollectionRespondent,
        SurveyType,
    )

    # Each side's flags as COPY text: the side shown offers all seven drivers (each 1 or 0);
    # the side not shown has none (null).
    null_side = "\t".join(["\\N"] * 7)
    sides = ["\t".join("1" if bits >> bit & 1 else "0" for bit in range(7)) for bits in range(128)]
    positive = [f"{side}\t{null_side}" for side in sides]
    negative = [f"{null_side}\t{side}" for side in sides]
    comments = [copy_text(comment) for comment in COMMENTS]
    table = connection.ops.quote_name(CollectionRespondent._meta.db_table)
    names = ("detail_id", "line", *RESPONDENT_COLUMNS)
    others, defaults = other_columns(CollectionRespondent, {"id", *names})
    columns = ", ".join((*names, *others))
    written = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        lines: list[str] = []
        for detail, size in zip(details, sizes, strict=True):
            likert = detail.survey_type == SurveyType.LIKERT_SCALE
            for line in range(1, size + 1):
                if likert:
                    question_1 = rng.choices((1, 2, 3, 4, 5), LIKERT_WEIGHTS)[0]
                    good = question_1 >= 4
                else:
                    good = rng.random() < POSITIVE_SHARE
                    question_1 = int(good)
                chosen = rng.getrandbits(7) & rng.getrandbits(7)  # each driver about 1 in 4
                flags = positive[chosen] if good else negative[chosen]
                comment = rng.choice(comments) if rng.random() < COMMENT_SHARE[good] else ""
                lines.append(
                    f"{detail.pk}\t{line}\tR{line:08d}\t{question_1}\t{flags}\t{comment}"
                    f"{defaults}\n"
                )
                if len(lines) >= COPY_CHUNK_ROWS:
                    copy.write("".join(lines))
                    written += len(lines)
                    lines.clear()
        copy.write("".join(lines))
        written += len(lines)
    return written


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def table_sizes() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('reporting_collectionrespondent')),"
            " (SELECT count(*) FROM reporting_collectionrespondent),"
            " pg_size_pretty(pg_total_relation_size('responses_response')),"
            " (SELECT count(*) FROM responses_response)"
        )
        row = cursor.fetchone()
    if row is None:
        return "?"
    return (
        f"respondent rows {row[1]:,} ({row[0]} with indexes),"
        f" responses {row[3]:,} ({row[2]} with indexes)"
    )


# --- over HTTP ---------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect rather than follow it: the time is the request's own."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


@dataclass
class Fetched:
    status: int
    seconds: float
    body: bytes
    location: str = ""


def fetch(opener: urllib.request.OpenerDirector, request: urllib.request.Request) -> Fetched:
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=900) as reply:
            body = reply.read()
            status = int(reply.status)
            location = ""
    except urllib.error.HTTPError as error:
        body = error.read()
        status = error.code
        location = error.headers.get("Location", "")
    return Fetched(status, time.perf_counter() - started, body, location)


def http_request(
    address: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> urllib.request.Request:
    """A request to the local gunicorn (http:// only)."""
    if not address.startswith(f"http://{HOST}:"):
        raise ValueError(f"Not the benchmark's server: {address}")
    return urllib.request.Request(address, data=data, headers=headers or {})  # noqa: S310


def getter(opener: urllib.request.OpenerDirector, address: str) -> Callable[[], Fetched]:
    return lambda: fetch(opener, http_request(address))


def post_declared(
    jar: http.cookiejar.CookieJar, address: str, body: bytes, content_type: str
) -> Fetched:
    """POST a body only if the server has not already answered on reading the headers: one
    that refuses a body by its declared length answers at once and closes the connection,
    which urllib reports as a broken pipe rather than the answer. The time runs from sending
    the body, or from sending the headers when the server answers them alone."""
    parts = urllib.parse.urlsplit(address)
    carrier = http_request(address)
    jar.add_cookie_header(carrier)
    headers = {
        "Content-Type": content_type,
        "Content-Length": str(len(body)),
        "Cookie": carrier.get_header("Cookie") or "",
    }
    connection = http.client.HTTPConnection(parts.hostname or HOST, parts.port, timeout=900)
    try:
        started = time.perf_counter()
        connection.putrequest("POST", parts.path)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        answered, _, _ = select.select([connection.sock], [], [], HEADERS_ANSWER_SECONDS)
        if not answered:
            started = time.perf_counter()
            connection.send(body)
        reply = connection.getresponse()
        data = reply.read()
        return Fetched(
            reply.status, time.perf_counter() - started, data, reply.getheader("Location") or ""
        )
    finally:
        connection.close()


def form_token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise SystemExit("The page has no CSRF token.")
    return found.group(1).decode()


def signed_in(base: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = fetch(opener, http_request(base + "/accounts/login/"))
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": form_token(page.body), "username": PREPARER, "password": PASSWORD}
    ).encode()
    reply = fetch(opener, http_request(base + "/accounts/login/", data=form))
    if reply.status != 302 or "sessionid" not in {cookie.name for cookie in jar}:
        raise SystemExit(f"Signing in as {PREPARER} failed (status {reply.status}).")
    return opener, jar


def multipart(token: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = f"----govcx-bench-{uuid.uuid4().hex}"
    body = b"".join(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n'
            f"\r\n{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        )
    )
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass
class HttpFigure:
    """Requests of one kind: their times, and the serving worker's peak memory and CPU time."""

    label: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    size: int = 0
    peak_kib: int = 0
    growth_kib: int = 0
    note: str = ""

    def text(self) -> str:
        def times(values: list[float]) -> str:
            if len(values) == 1:
                return f"{values[0]:.2f} s"
            return f"p50 {statistics.median(values):.2f} s, max {max(values):.2f} s"

        status = ",".join(str(status) for status in sorted(set(self.statuses)))
        return (
            f"{times(self.seconds)} ({len(self.seconds)} × HTTP {status});"
            f" {self.size / 1e6:.1f} MB; worker CPU {times(self.cpu_seconds)};"
            f" worker peak {self.peak_kib / MIB:.0f} MiB (+{self.growth_kib / MIB:.0f}){self.note}"
        )


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """gunicorn with the benchmark database, and the worker that serves each request."""

    def __init__(self, url: str, workers: int, log: Path) -> None:
        self.port = free_port(HOST)
        self.base = f"http://{HOST}:{self.port}"
        environment = dict(os.environ)
        environment.update(
            DATABASE_URL=url,
            CACHE_URL="locmem://",
            SECRET_KEY="reporting-benchmark-" + "k" * 40,
            DEBUG="false",
            ALLOWED_HOSTS=HOST,
            LOG_LEVEL="WARNING",
            EMAIL_BACKEND="locmem",
            DJANGO_SETTINGS_MODULE="govcx.settings",
        )
        command = [
            str(GUNICORN),
            "govcx.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=900",
            f"--error-logfile={log}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603

    def workers(self) -> list[int]:
        pid = self.process.pid
        return [int(each) for each in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def measured(
        self, label: str, perform: Callable[[], Fetched], repeats: int
    ) -> tuple[HttpFigure, Fetched]:
        """`repeats` requests one after another, each worker's peak reset before each; the
        worker that served a request is the one that used the most CPU time meanwhile."""
        figure = HttpFigure(label)
        reply = Fetched(0, 0.0, b"")
        for _ in range(repeats):
            workers = self.workers()
            for pid in workers:
                peak_reset(pid)
            before = {pid: (status_kib("VmRSS", pid), cpu_seconds(pid)) for pid in workers}
            reply = perform()
            after = {pid: (status_kib("VmHWM", pid), cpu_seconds(pid)) for pid in workers}
            served = max(workers, key=lambda pid: after[pid][1] - before[pid][1])
            figure.seconds.append(reply.seconds)
            figure.cpu_seconds.append(after[served][1] - before[served][1])
            figure.statuses.append(reply.status)
            figure.size = len(reply.body)
            # The kernel's resident counters are approximate to a few pages: never below 0.
            growth = max(0, after[served][0] - before[served][0])
            if not figure.peak_kib or growth > figure.growth_kib:
                figure.peak_kib, figure.growth_kib = after[served][0], growth
        return figure, reply


def http_figures(
    url: str,
    arguments: argparse.Namespace,
    world: World,
    files: dict[str, RespondentFile],
    report: Report,
) -> list[HttpFigure]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="govcx-reporting-") as directory:
        log = Path(directory) / "gunicorn.log"
        server = Server(url, arguments.workers, log)
        try:
            wait_until_serving(server.process, server.base + "/open-data/", seconds=120)
            public = urllib.request.build_opener(NoRedirect())
            for path in ("/open-data/results.csv", "/open-data/results.json"):
                fetch(public, http_request(server.base + path))  # warm
                figure, _ = server.measured(
                    f"GET {path}", getter(public, server.base + path), arguments.requests
                )
                figures.append(figure)
                print(f"  {figure.label}: {figure.text()}", flush=True)
            figures.extend(staff_figures(server, world, files, report))
        finally:
            stop_gunicorn(server.process)
            errors = log.read_text().strip()
    if errors:
        print(f"gunicorn log:\n{errors[-3000:]}")
    return figures


def staff_figures(
    server: Server, world: World, files: dict[str, RespondentFile], report: Report
) -> list[HttpFigure]:
    """The upload page given the file with errors, then the valid file; then the export of
    each stored file."""
    opener, jar = signed_in(server.base)
    rows = f"{server.base}/staff/collections/rows/{world.upload_public_id}"
    figures = []
    for key, label, wanted in (
        ("errors", "POST upload page, file with errors", 400),
        ("upload", "POST upload page, valid file", 302),
    ):
        page = fetch(opener, http_request(f"{rows}/upload/"))
        data = files[key].path.read_bytes()
        body, content_type = multipart(form_token(page.body), files[key].path.name, data)

        def post(body: bytes = body, content_type: str = content_type) -> Fetched:
            return post_declared(jar, f"{rows}/upload/", body, content_type)

        figure, reply = server.measured(label, post, 1)
        if reply.status != wanted:
            answer = reply.body[:200].decode(errors="replace")
            figure.note = f"; refused: {answer}"
            report.failures.append(f"{label}: HTTP {reply.status}, not {wanted}: {answer}")
        elif key == "errors":
            listed = reply.body.count(PROBLEM_ROW)
            figure.note = f"; {listed:,} problems listed on the page"
            report.check(
                listed == report.problems,
                f"the page lists {listed:,} problems, the service found {report.problems:,}",
            )
        figures.append(figure)
        print(f"  {figure.label}: {figure.text()}", flush=True)
    for key, public_id in (("upload", world.upload_public_id), ("large", world.large_public_id)):
        if key not in files:
            continue
        address = f"{server.base}/staff/collections/rows/{public_id}/respondents.csv"
        label = f"GET respondents.csv of the stored {files[key].rows:,}-row file"
        figure, reply = server.measured(label, getter(opener, address), 1)
        same = hashlib.sha256(reply.body).hexdigest() == files[key].sha256
        report.check(same, f"{label}: differs from the file uploaded")
        figure.note = "; identical to the file uploaded" if same else "; DIFFERS from the upload"
        figures.append(figure)
        print(f"  {figure.label}: {figure.text()}", flush=True)
    return figures


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Line:
    label: str
    figures: dict[str, Any]
    note: str = ""


@dataclass
class Report:
    lines: list[Line] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    problems: int = 0

    def load(self, stage: str) -> None:
        one, five, _ = os.getloadavg()
        self.loads.append(f"{stage} {one:.2f}/{five:.2f}")

    def add(self, label: str, figures: dict[str, Any], note: str = "") -> None:
        self.lines.append(Line(label, figures, note))
        print(f"  {label}: {row_text(figures)}{'; ' + note if note else ''}", flush=True)

    def check(self, ok: bool, failure: str) -> None:
        if not ok:
            self.failures.append(failure)


def row_text(figures: dict[str, Any]) -> str:
    cells = table_cells(figures)
    return (
        f"{cells[1]} s, {cells[2]} rows/s, peak {cells[3]} MiB ({cells[4]} MiB), {cells[5]} queries"
    )


def table_cells(figures: dict[str, Any]) -> list[str]:
    seconds = figures["seconds"]
    rows = figures.get("rows")
    return [
        "" if rows is None else f"{rows:,}",
        f"{seconds:.2f}",
        "" if not rows else f"{rows / seconds:,.0f}",
        f"{figures['peak_kib'] / MIB:,.0f}",
        f"+{max(0, figures['peak_kib'] - figures['before_kib']) / MIB:,.0f}",
        f"{figures['queries']:,}",
    ]


def measure_files(url: str, world: World, files: dict[str, RespondentFile], report: Report) -> None:
    for key, detail in (("upload", world.upload_detail), ("large", world.large_detail)):
        if key not in files:
            continue
        file = files[key]
        size = f"{file.rows:,}-row file ({file.size / 1e6:.1f} MB)"
        report.load(f"parse {file.rows:,}")
        parsed = in_child(url, "parse", {"path": str(file.path), "survey_type": "thumbs_up_down"})
        report.add(f"parse + check, {size}", parsed, "parse_respondent_file")
        report.load(f"upload {file.rows:,}")
        uploaded = in_child(
            url,
            "upload",
            {"path": str(file.path), "detail": detail, "user": world.preparer, "name": "f.csv"},
        )
        report.add(f"upload (parse, check, store), {size}", uploaded, "respondents_upload")
        report.check(
            uploaded["rows"] == file.rows == uploaded["in_table"],
            f"{file.rows:,} rows uploaded, {uploaded['rows']:,} stored,"
            f" {uploaded['in_table']:,} in the table",
        )
        if key == "upload":
            refused(url, world, files["errors"], report)
            upload_page(url, world, files, report)
        report.load(f"export {file.rows:,}")
        exported = in_child(url, "export", {"detail": detail, "sha256": file.sha256})
        same = "identical to the upload" if exported["identical"] else "DIFFERS from the upload"
        report.add(
            f"export respondents.csv, {file.rows:,} rows",
            exported,
            f"detail_respondents_csv, streamed; {exported['bytes'] / 1e6:.1f} MB, {same}",
        )
        report.check(exported["identical"], f"the export of {file.rows:,} rows differs")


def refused(url: str, world: World, file: RespondentFile, report: Report) -> None:
    report.load("refused file")
    result = in_child(
        url,
        "reject",
        {"path": str(file.path), "detail": world.upload_detail, "user": world.preparer},
    )
    result["rows"] = file.rows
    lines = result.pop("lines")
    report.problems = result["problems"]
    report.add(
        f"refuse a {file.rows:,}-row file with errors ({file.size / 1e6:.1f} MB)",
        result,
        f"{result['problems']:,} problems on {len(lines):,} lines; message"
        f" {result['message_chars'] / 1e6:.1f} M characters;"
        f" earlier upload {'untouched' if result['untouched'] else 'CHANGED'}",
    )
    report.check(result["refused"], "the file with errors was accepted")
    report.check(result["untouched"], "refusing the file changed the earlier upload")
    report.check(
        lines == file.spoiled_lines,
        f"{len(file.spoiled_lines):,} lines spoiled, problems reported on {len(lines):,}",
    )


def upload_page(url: str, world: World, files: dict[str, RespondentFile], report: Report) -> None:
    for key, wanted in (("errors", 400), ("upload", 302)):
        file = files[key]
        report.load(f"upload page, {key}")
        result = in_child(
            url,
            "upload_page",
            {
                "path": str(file.path),
                "name": file.path.name,
                "detail": world.upload_detail,
                "public_id": world.upload_public_id,
                "user": world.preparer,
            },
        )
        result["rows"] = file.rows
        what = "file with errors" if key == "errors" else "valid file"
        note = f"HTTP {result['status']}, page {result['bytes'] / 1e6:.1f} MB"
        if key == "errors":
            note += f", {result['listed']:,} problems listed"
            report.check(
                result["listed"] == report.problems,
                f"the page lists {result['listed']:,} problems, the service {report.problems:,}",
            )
        report.add(f"upload page view, {file.rows:,}-row {what}", result, note)
        report.check(result["status"] == wanted, f"the upload page answered {result['status']}")
        report.check(
            result["in_table"] == files["upload"].rows,
            f"{result['in_table']:,} rows stored after the upload page,"
            f" not {files['upload'].rows:,}",
        )


def measure_freeze(url: str, world: World, report: Report) -> None:
    for label in ("collection_freeze, first", "collection_freeze, again (resubmission)"):
        report.load(label)
        result = in_child(url, "freeze", {"detail": world.survey_detail})
        report.add(
            f"{label}, {result['counted']:,} counted responses",
            result,
            f"{result['rows']:,} respondent rows stored",
        )
        report.check(
            result["rows"] == result["counted"],
            f"{result['counted']:,} counted responses, {result['rows']:,} rows frozen",
        )


def measure_published(
    url: str, arguments: argparse.Namespace, published: Published, report: Report
) -> None:
    report.load("published_figures")
    result = in_child(
        url, "published", {"repeats": arguments.repeats, "organization": published.organization}
    )
    report.add(
        f"published_figures(), {result['collections']:,} collections",
        result,
        f"{result['suppressed']:,} of the figures suppressed; warm best"
        f" {result['warm_seconds']:.2f} s; one agency {result['agency_seconds']:.2f} s"
        f" ({result['agency_figures']:,} figures, {result['agency_queries']} queries)",
    )
    report.check(
        result["collections"] == published.collections,
        f"{published.collections:,} collections published, figures for {result['collections']:,}",
    )
    report.load("open data CSV")
    csv_result = in_child(url, "open_data_csv", {})
    report.add(
        "open data CSV (published_figures + open_data_csv_lines)",
        csv_result,
        f"{csv_result['bytes'] / 1e6:.1f} MB",
    )
    report.check(csv_result["rows"] == result["rows"], "the open data CSV misses figures")
    report.load("open data JSON")
    json_result = in_child(url, "open_data_json", {})
    report.add(
        "open data JSON (published_figures + open_data_json + dumps)",
        json_result,
        f"{json_result['bytes'] / 1e6:.1f} MB",
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
    from importlib.metadata import version

    return [
        ("cores", str(os.cpu_count())),
        ("memory", f"{int(memory) / 1024 / 1024:.1f} GiB"),
        ("PostgreSQL", f"{row[0] if row else '?'} (shared_buffers {row[1] if row else '?'})"),
        ("platform", platform.platform()),
        (
            "Python, Django, psycopg, gunicorn",
            f"{platform.python_version()}, {get_version()}, {version('psycopg')},"
            f" {version('gunicorn')}",
        ),
    ]


def print_summary(report: Report, http: list[HttpFigure]) -> None:
    headers = ["measurement", "rows", "seconds", "rows/s", "peak MiB", "growth", "queries"]
    table = [[line.label, *table_cells(line.figures)] for line in report.lines]
    widths = [max(len(row[index]) for row in [headers, *table]) for index in range(len(headers))]
    print()
    print(
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w)
            for i, (h, w) in enumerate(zip(headers, widths, strict=True))
        )
    )
    print("  ".join("-" * width for width in widths))
    for row in table:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(
        "peak: the measuring process's peak resident memory (VmHWM, reset as the measurement"
        " starts); growth: over its resident size just before; rows/s of published figures:"
        " figures per second"
    )
    print()
    for line in report.lines:
        if line.note:
            print(f"{line.label}: {line.note}")
    if http:
        print()
        for figure in http:
            print(f"{figure.label}: {figure.text()}")
    print()
    width = max(len(label) for label, _ in report.facts) + 2
    for label, value in report.facts:
        print(f"{label:<{width}}{value}")
    print(f"{'load average (1/5 min)':<{width}}{', '.join(report.loads)}")


def main() -> None:
    arguments = parse_arguments()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = database_name(url)
    report = Report()
    report.load("start")
    recreate_database(url, name)
    migrate_in_child(url)
    django_setup(url)
    directory = Path(tempfile.mkdtemp(prefix="govcx-reporting-", dir=arguments.workdir))
    http: list[HttpFigure] = []
    try:
        print("… the agency, its survey and its responses", flush=True)
        world = world_create(arguments)
        report.facts.append(
            (
                "responses written (bulk_create)",
                f"{world.responses:,} in {world.responses_seconds:.1f} s",
            )
        )
        print("… respondent files", flush=True)
        files = {
            "upload": respondent_file_write(
                directory / "respondents.csv", arguments.rows, "rows", spoil=False
            ),
            "errors": respondent_file_write(
                directory / "respondents-with-errors.csv", arguments.rows, "rows", spoil=True
            ),
        }
        if arguments.large_rows:
            files["large"] = respondent_file_write(
                directory / "respondents-large.csv", arguments.large_rows, "large", spoil=False
            )
        print("… published collections", flush=True)
        published = published_create(arguments)
        report.facts.append(
            (
                "published collections (written directly)",
                f"{published.collections:,} collections, {published.details:,} rows,"
                f" {published.respondents:,} respondents, {published.seconds:.1f} s",
            )
        )
        analyze()
        report.facts.append(("database", f"{name}: {table_sizes()}"))
        measure_files(url, world, files, report)
        measure_freeze(url, world, report)
        measure_published(url, arguments, published, report)
        if not arguments.no_http:
            http = http_via_gunicorn(url, arguments, world, files, report)
        report.load("end")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    report.facts.extend(machine_facts())
    print_summary(report, http)
    if report.failures:
        print(f"\nFAIL: {len(report.failures)} problems:")
        for failure in report.failures[:20]:
            print(f"  {failure}")
        raise SystemExit(1)
    print("\nOK: every check passed")


def http_via_gunicorn(
    url: str,
    arguments: argparse.Namespace,
    world: World,
    files: dict[str, RespondentFile],
    report: Report,
) -> list[HttpFigure]:
    report.load("HTTP")
    print("… over HTTP (gunicorn)", flush=True)
    return http_figures(url, arguments, world, files, report)


if __name__ == "__main__":
    main()
