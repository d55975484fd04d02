"""How many survey submissions per second govcx accepts over HTTP, against a bare INSERT.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_ingest_bench \
        .venv/bin/python bench/ingest.py --duration 60 --connections 16

The database named by DATABASE_URL is dropped and created afresh (its name must end in
`_bench`), migrated in a child process, and given one published A-11 v2 thumbs survey. govcx
then runs under gunicorn on 127.0.0.1 with rate limits raised out of the way, and wrk posts
valid submissions to `POST /api/v1/surveys/{id}/responses` over a fixed number of connections:
a short warm-up, then the timed run. At the deadline each wrk thread stops posting and waits
for the answers to the submissions it has sent, so every stored row was either acknowledged
(201) or is counted as an error. gunicorn is stopped cleanly and the stored rows are counted;
the script fails if they differ from the 201 replies.

In the same run pgbench inserts an equivalent row (the same columns and values as one the
application stored, a fresh uuid and receipt id, into the same table with the same indexes,
constraints and foreign keys) over the same number of connections, and the script prints both
rates, their ratio and how busy each process group kept the machine's cores.

wrk is installed with apt-get when it is missing and the script runs as root.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from benchdb import database_name, recreate_database
from benchdjango import free_port, stop_gunicorn, wait_until_serving
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcx_ingest_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/7"
ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
# A small static file WhiteNoise serves without reaching a view: wrk's filler after the deadline.
DRAIN_PATH = "/static/govcx/govcx.css"
# Far above anything one machine can post, so the limits are checked but never reached.
UNREACHABLE_RATE = "100000000/m"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# wrk gives up this long after the deadline if answers are still owed (a worker's first
# request loads most of govcx, which takes seconds on a busy machine).
DRAIN_SECONDS = 120

BODIES = [
    {
        "answers": {
            "trust": 1,
            "drivers_positive": ["ease", "efficiency"],
            "comments": "Quick and easy, thank you.",
        },
        "channel": "website",
        "language": "en",
    },
    {
        "answers": {"trust": 1, "drivers_positive": ["effectiveness", "employee"]},
        "channel": "website",
        "language": "en",
    },
    {
        "answers": {
            "trust": 0,
            "drivers_negative": ["efficiency"],
            "comments": "The form timed out twice before I could finish it.",
        },
        "channel": "mobile_app",
        "language": "en",
    },
    {
        "answers": {
            "trust": 1,
            "drivers_positive": ["ease", "humanity", "transparency"],
            "comments": "Muy fácil de usar.",
        },
        "channel": "website",
        "language": "es",
    },
]

# Each wrk thread keeps its own Lua state: counters are globals read back through
# `thread:get` in done(). At the deadline a thread stops posting and, while it waits for the
# answers to the submissions it has sent, fetches a small static file (200) instead, which
# WhiteNoise serves before any view. Once it has every answer it leaves a marker file; when
# all threads have, the script interrupts wrk (SIGINT: wrk stops its threads together and
# reports). A thread stopping alone could leave a reconnected, silent connection holding a
# sync worker while another thread still waits for an answer.
LUA_SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  -- wrk calls request() once in the first thread to check it, before any connection.
  thread:set("checking", #threads == 1)
end

local names = {"sent", "accepted", "accepted_late", "rejected", "failed", "drained"}
for _, name in ipairs(names) do _G[name] = 0 end
local path = %(path)s
local drain_path = %(drain_path)s
local bodies = %(bodies)s
local posts = {}
local drain_request
local deadline, barrier
local answered = 0
local next_body = 0
local finished = false

function init(args)
  deadline, barrier = tonumber(args[1]), args[2]
  local headers = {["Content-Type"] = "application/json", ["User-Agent"] = "govcx-ingest-bench"}
  for i, body in ipairs(bodies) do posts[i] = wrk.format("POST", path, headers, body) end
  drain_request = wrk.format("GET", drain_path, {})
end

function request()
  if checking then
    checking = false
    return posts[1]
  end
  if os.time() >= deadline then return drain_request end
  sent = sent + 1
  next_body = next_body %% #posts + 1
  return posts[next_body]
end

function response(status, headers, body)
  local late = os.time() >= deadline
  if status == 200 then
    drained = drained + 1
  else
    answered = answered + 1
    if status == 201 then
      if late then accepted_late = accepted_late + 1 else accepted = accepted + 1 end
    elseif status < 500 then
      rejected = rejected + 1
    else
      failed = failed + 1
    end
  end
  if late and answered == sent and not finished then
    finished = true
    io.open(barrier .. "/" .. id, "w"):close()
  end
end

function done(summary, latency, requests)
  for _, name in ipairs(names) do
    local total = 0
    for _, thread in ipairs(threads) do total = total + thread:get(name) end
    io.write(string.format("govcx %%s %%d\\n", name, total))
  end
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("govcx p%%s %%d\\n", p, latency:percentile(p)))
  end
  io.write(string.format("govcx mean %%d\\n", latency.mean))
  io.write(string.format("govcx max %%d\\n", latency.max))
  for _, kind in ipairs({"connect", "read", "write", "timeout", "status"}) do
    io.write(string.format("govcx error_%%s %%d\\n", kind, summary.errors[kind]))
  end
end
"""


@dataclass
class LoadResult:
    window: float
    counts: dict[str, int]

    @property
    def acknowledged(self) -> int:
        return self.counts["accepted"] + self.counts["accepted_late"]

    @property
    def unanswered(self) -> int:
        answered = sum(self.counts[k] for k in ("accepted", "accepted_late", "rejected", "failed"))
        return self.counts["sent"] - answered

    def milliseconds(self, key: str) -> float:
        return self.counts[key] / 1000


@dataclass
class CpuSample:
    """Clock ticks used so far by each group of processes, and by the whole machine."""

    groups: dict[str, int] = field(default_factory=dict)
    machine_busy: int = 0
    machine_total: int = 0


@dataclass
class PgbenchResult:
    tps: float
    p50: float
    p99: float
    transactions: int


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of timed load")
    parser.add_argument("--connections", type=int, default=16, help="wrk and pgbench connections")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before timing")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument(
        "--pgbench-duration", type=int, help="seconds of pgbench (default: --duration, 0: skip)"
    )
    parser.add_argument(
        "--synchronous-commit",
        default="on",
        choices=("on", "off"),
        help="set on the benchmark database; off is NOT durable, for comparison only",
    )
    parser.add_argument("--cache-url", default=DEFAULT_CACHE_URL)
    return parser.parse_args()


def pgbench_path() -> str:
    found = shutil.which("pgbench") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))), None
    )
    if found is None:
        raise SystemExit("pgbench is missing: apt-get install -y postgresql-contrib")
    return found


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing; installing it with apt-get …", flush=True)
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
            subprocess.run(command, check=False, stdout=subprocess.DEVNULL)  # noqa: S603
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is missing: sudo apt-get update && sudo apt-get install -y wrk")
    return found


def check_redis(cache_url: str) -> None:
    """Rate limits count in this cache; without it every submission would fail."""
    if not cache_url.startswith("redis://"):
        return
    address = cache_url.removeprefix("redis://").split("/")[0]
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host or HOST, int(port or 6379)), timeout=3) as connection:
            connection.sendall(b"PING\r\n")
            if not connection.recv(64).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as error:
        raise SystemExit(f"Redis at {cache_url} does not answer ({error}).") from None


def prepare(url: str) -> None:
    """Migrate, then create one published A-11 v2 thumbs survey (run in a child process)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcx.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from govcx.registry.services import (
        organization_create,
        service_create,
        service_provider_create,
    )
    from govcx.surveys.services import survey_create_from_template, survey_publish

    call_command("migrate", verbosity=0)
    organization = organization_create(
        name="Ingest Benchmark Agency", abbreviation="IBA", email_domains=["iba.example.gov"]
    )
    provider = service_provider_create(
        organization=organization, name="IBA Benefits Office", slug="iba-benefits"
    )
    service = service_create(
        organization=organization,
        provider=provider,
        name="IBA benefit applications",
        kind="benefits",
        channels=["website", "mobile_app"],
        is_hisp_service=True,
        estimated_annual_customers=1_000_000,
    )
    survey = survey_create_from_template(
        organization=organization, service=service, template_key="a11_v2_thumbs", user=None
    )
    survey_publish(survey=survey, user=None)


def run_in_child(url: str) -> str:
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(target=prepare, args=(url,))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"Preparing the benchmark database failed (exit {child.exitcode}).")
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT public_id FROM surveys_survey WHERE state = 'published'"
        ).fetchone()
    if row is None:
        raise SystemExit("No published survey in the benchmark database.")
    return str(row[0])


def server_environment(url: str, arguments: argparse.Namespace) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        DATABASE_URL=url,
        SECRET_KEY="ingest-benchmark-" + "k" * 40,
        DEBUG="false",
        ALLOWED_HOSTS=HOST,
        CACHE_URL=arguments.cache_url,
        RATE_LIMIT_PER_IP=UNREACHABLE_RATE,
        RATE_LIMIT_PER_SURVEY=UNREACHABLE_RATE,
        RATE_LIMIT_PER_API_KEY=UNREACHABLE_RATE,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="govcx.settings",
    )
    return environment


def start_gunicorn(
    url: str, arguments: argparse.Namespace, port: int, log: Path
) -> subprocess.Popen[bytes]:
    command = [
        str(GUNICORN),
        "govcx.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={arguments.workers}",
        f"--worker-class={arguments.worker_class}",
        f"--threads={arguments.threads}",
        f"--error-logfile={log}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=server_environment(url, arguments))  # noqa: S603


def lua_script(path: str) -> str:
    def lua_string(text: str) -> str:
        return "[==[" + text + "]==]"

    bodies = ", ".join(lua_string(json.dumps(body, ensure_ascii=False)) for body in BODIES)
    return LUA_SCRIPT % {
        "path": lua_string(path),
        "drain_path": lua_string(DRAIN_PATH),
        "bodies": "{" + bodies + "}",
    }


def process_table() -> dict[int, tuple[int, str, int]]:
    """Every process: its parent, its name, and the ticks it and its reaped children used."""
    table: dict[int, tuple[int, str, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        table[int(entry.name)] = (int(fields[1]), name, ticks)
    return table


def tree_ticks(table: dict[int, tuple[int, str, int]], roots: set[int]) -> int:
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(pid)
    total, pending = 0, [pid for pid in roots if pid in table]
    while pending:
        pid = pending.pop()
        total += table[pid][2]
        pending.extend(children.get(pid, []))
    return total


def cpu_sample(named_roots: dict[str, int]) -> CpuSample:
    """Ticks of gunicorn, wrk or pgbench (by pid), and of PostgreSQL and Redis (by name)."""
    table = process_table()
    postmasters = {
        pid for pid, (parent, name, _) in table.items() if name == "postgres" and parent == 1
    }
    roots = {name: {pid} for name, pid in named_roots.items()}
    roots["postgres"] = postmasters
    roots["redis"] = {pid for pid, (_, name, _) in table.items() if name == "redis-server"}
    sample = CpuSample(groups={name: tree_ticks(table, pids) for name, pids in roots.items()})
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    sample.machine_total = sum(values)
    sample.machine_busy = sample.machine_total - values[3] - values[4]  # idle, iowait
    return sample


def cpu_split(before: CpuSample, after: CpuSample, seconds: float) -> str:
    """Cores kept busy on average by each group; `other` is everything else on the machine."""
    cores = os.cpu_count() or 1
    parts, accounted = [], 0.0
    for name, ticks in after.groups.items():
        used = (ticks - before.groups.get(name, 0)) / CLOCK_TICKS / seconds
        accounted += used
        parts.append(f"{name} {used:.2f}")
    # /proc/stat counts every core's ticks, so a fully busy machine shows `cores` here.
    total = after.machine_total - before.machine_total
    busy = cores * (after.machine_busy - before.machine_busy) / total if total else 0.0
    parts.append(f"other {max(busy - accounted, 0.0):.2f}")
    parts.append(f"idle {cores - busy:.2f}")
    return ", ".join(parts) + f" (cores, of {cores})"


@dataclass
class Load:
    wrk: str
    script: Path
    base: str  # http://127.0.0.1:port
    path: str
    arguments: argparse.Namespace
    server: int  # gunicorn's master pid


def run_wrk(load: Load, seconds: int) -> tuple[LoadResult, str]:
    """Post for `seconds`, then let wrk collect the answers still owed; returns the counts."""
    arguments = load.arguments
    started = time.time()
    deadline = math.ceil(started) + seconds  # whole seconds: the Lua side only has os.time()
    with tempfile.TemporaryDirectory(prefix="govcx-wrk-") as barrier:
        command = [
            load.wrk,
            f"--threads={arguments.wrk_threads}",
            f"--connections={arguments.connections}",
            f"--duration={deadline - int(started) + DRAIN_SECONDS}s",
            "--timeout=10s",
            f"--script={load.script}",
            load.base + load.path,
            "--",
            str(deadline),
            barrier,
        ]
        wrk_process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
        roots = {"gunicorn": load.server, "wrk": wrk_process.pid}
        time.sleep(0.2)
        before, sampled = cpu_sample(roots), time.time()
        time.sleep(max(deadline - time.time() - 0.05, 0))
        split = cpu_split(before, cpu_sample(roots), time.time() - sampled)
        while len(list(Path(barrier).iterdir())) < arguments.wrk_threads:
            if wrk_process.poll() is not None:
                break
            time.sleep(0.05)
        wrk_process.send_signal(signal.SIGINT)
        output, _ = wrk_process.communicate()
    counts = {
        key: int(value)
        for line in output.splitlines()
        if line.startswith("govcx ")
        for key, value in [line.split()[1:3]]
    }
    if wrk_process.returncode != 0 or "sent" not in counts:
        raise SystemExit(f"wrk failed (exit {wrk_process.returncode}):\n{output}")
    return LoadResult(window=deadline - started, counts=counts), split


def stored_rows(url: str) -> tuple[int, int | None]:
    """Responses stored, and how many of them the spam score marked (if the column exists)."""
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM responses_response").fetchone()
        has_spam = connection.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'responses_response' AND column_name = 'spam_score'"
        ).fetchone()
        spam = None
        if has_spam:
            spam_row = connection.execute(
                "SELECT count(*) FROM responses_response WHERE is_spam"
            ).fetchone()
            spam = int(spam_row[0]) if spam_row else 0
    return (int(row[0]) if row else 0), spam


def equivalent_insert(url: str) -> str:
    """An INSERT of one stored row's values, with a new uuid, receipt id and time."""
    fresh = {
        "uuid": sql.SQL("gen_random_uuid()"),
        "receipt_id": sql.SQL("upper(substr(md5(random()::text), 1, 10))"),
        "created_at": sql.SQL("now()"),
    }
    with psycopg.connect(url) as connection:
        columns = connection.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'responses_response'::regclass AND attnum > 0"
            " AND NOT attisdropped AND attname <> 'id' ORDER BY attnum"
        ).fetchall()
        names = [sql.Identifier(column) for column, _ in columns]
        as_text = sql.SQL(", ").join(sql.SQL("{}::text").format(name) for name in names)
        query = sql.SQL("SELECT {} FROM responses_response ORDER BY id LIMIT 1").format(as_text)
        row = connection.execute(query).fetchone()
        if row is None:
            raise SystemExit("No stored response to copy for pgbench.")
        values = [
            fresh.get(column)
            or sql.SQL("{}::{}").format(sql.Literal(value), sql.SQL(kind))  # type from PostgreSQL
            for (column, kind), value in zip(columns, row, strict=True)
        ]
        insert = sql.SQL("INSERT INTO responses_response ({}) VALUES ({});\n").format(
            sql.SQL(", ").join(names), sql.SQL(", ").join(values)
        )
        return insert.as_string(connection)


def run_pgbench(
    url: str, name: str, connections: int, threads: int, seconds: int
) -> tuple[PgbenchResult, str]:
    """pgbench inserting the equivalent row, one transaction each; latencies from its log."""
    conninfo = psycopg.conninfo.conninfo_to_dict(url)
    with tempfile.TemporaryDirectory(prefix="govcx-pgbench-") as directory:
        script = Path(directory) / "insert.sql"
        script.write_text(equivalent_insert(url))
        command = [
            pgbench_path(),
            "--no-vacuum",
            f"--file={script}",
            f"--client={connections}",
            f"--jobs={min(threads, connections)}",
            f"--time={seconds}",
            "--log",
            f"--host={conninfo.get('host', HOST)}",
            f"--port={conninfo.get('port', 5432)}",
            f"--username={conninfo.get('user', 'postgres')}",
            name,
        ]
        started = time.time()
        process = subprocess.Popen(  # noqa: S603
            command, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        roots = {"pgbench": process.pid}
        time.sleep(0.5)
        before = cpu_sample(roots)
        time.sleep(max(started + seconds - time.time() - 0.1, 0))
        split = cpu_split(before, cpu_sample(roots), seconds - 0.6)
        output, _ = process.communicate()
        tps = next((line for line in output.splitlines() if line.startswith("tps =")), None)
        if process.returncode != 0 or tps is None:
            raise SystemExit(f"pgbench failed (exit {process.returncode}):\n{output}")
        latencies = sorted(
            int(line.split()[2])
            for log in Path(directory).glob("pgbench_log.*")
            for line in log.read_text().splitlines()
        )
    cuts = statistics.quantiles(latencies, n=100)
    result = PgbenchResult(
        tps=float(tps.split()[2]),
        p50=cuts[49] / 1000,
        p99=cuts[98] / 1000,
        transactions=len(latencies),
    )
    return result, split


def print_load(title: str, result: LoadResult) -> None:
    counts = result.counts
    print(
        f"{title:<16}{counts['accepted'] / result.window:,.0f} accepted/s"
        f" over {result.window:.1f} s"
        f" ({counts['accepted']:,} accepted, {counts['accepted_late']} answered after the"
        f" deadline, {counts['rejected']} 4xx, {counts['failed']} 5xx,"
        f" {result.unanswered} never answered)"
    )


def main() -> None:
    arguments = parse_arguments()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = database_name(url)
    wrk = wrk_path()
    pgbench_seconds = (
        arguments.duration if arguments.pgbench_duration is None else arguments.pgbench_duration
    )
    if pgbench_seconds:
        pgbench_path()
    check_redis(arguments.cache_url)
    recreate_database(url, name, parameters={"synchronous_commit": arguments.synchronous_commit})
    survey_id = run_in_child(url)
    port = free_port(HOST)
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="govcx-ingest-") as directory:
        path = f"/api/v1/surveys/{survey_id}/responses"
        script = Path(directory) / "post.lua"
        script.write_text(lua_script(path))
        log = Path(directory) / "gunicorn.log"
        server = start_gunicorn(url, arguments, port, log)
        try:
            wait_until_serving(server, base + DRAIN_PATH, seconds=60)
            load = Load(wrk, script, base, path, arguments, server.pid)
            warmup, _ = run_wrk(load, arguments.warmup)
            run, split = run_wrk(load, arguments.duration)
        finally:
            stop_gunicorn(server)
            errors = log.read_text().strip()
    stored, spam = stored_rows(url)
    acknowledged = warmup.acknowledged + run.acknowledged
    counts = run.counts
    server_kind = f"{arguments.workers} {arguments.worker_class} workers"
    if arguments.worker_class == "gthread":
        server_kind += f" × {arguments.threads} threads"
    print()
    print(f"database        {name} (synchronous_commit {arguments.synchronous_commit})")
    print(f"server          gunicorn, {server_kind}, on {HOST}:{port}")
    print(f"load            wrk, {arguments.wrk_threads} threads, {arguments.connections} conns")
    print_load("warm-up", warmup)
    print_load("timed run", run)
    print(
        f"latency         p50 {run.milliseconds('p50'):.1f} ms, p90 {run.milliseconds('p90'):.1f}"
        f" ms, p99 {run.milliseconds('p99'):.1f} ms, p99.9 {run.milliseconds('p99.9'):.1f} ms,"
        f" max {run.milliseconds('max'):.1f} ms"
    )
    wrk_errors = {k.removeprefix("error_"): v for k, v in counts.items() if k.startswith("error_")}
    print(f"wrk errors      {wrk_errors}")
    print(f"cpu, timed run  {split}")
    print(f"acknowledged    {acknowledged:,} (201 replies, warm-up and timed run)")
    spam_note = "" if spam is None else f" ({spam:,} of them marked as spam)"
    print(f"stored          {stored:,} rows in responses_response{spam_note}")
    if errors:
        print(f"gunicorn log    {errors[-2000:]}")
    if pgbench_seconds:
        bench, pg_split = run_pgbench(
            url, name, arguments.connections, arguments.wrk_threads, pgbench_seconds
        )
        print(
            f"pgbench         {bench.tps:,.0f} INSERTs/s over {pgbench_seconds} s,"
            f" {arguments.connections} connections (p50 {bench.p50:.1f} ms, p99 {bench.p99:.1f} ms)"
        )
        print(f"cpu, pgbench    {pg_split}")
        ratio = counts["accepted"] / run.window / bench.tps
        print(f"ratio           govcx / pgbench = {ratio:.3f}")
    failures = []
    if stored != acknowledged:
        failures.append(f"{acknowledged:,} submissions acknowledged but {stored:,} stored")
    if warmup.counts["rejected"] + warmup.counts["failed"] + counts["rejected"] + counts["failed"]:
        failures.append("some valid submissions were not accepted")
    if failures:
        raise SystemExit("FAIL: " + "; ".join(failures))
    print("OK              every acknowledged submission is stored, and only those")


if __name__ == "__main__":
    main()
