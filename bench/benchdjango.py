"""govcx inside a benchmark script: Django set up against the benchmark database, migrations
run in a child process, and gunicorn started, awaited and stopped. Shared by every script here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcx.settings")
    import django

    django.setup()


def migrate(url: str) -> None:
    django_setup(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def migrate_in_child(url: str) -> None:
    """Migrate in a separate process, so that the benchmark's own memory figures are its own."""
    child = multiprocessing.get_context("spawn").Process(target=migrate, args=(url,))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"Migrating the benchmark database failed (exit {child.exitcode}).")


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_serving(server: subprocess.Popen[bytes], url: str, *, seconds: float) -> None:
    """Wait until `url` answers 200 (a worker has loaded govcx), or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=30) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{url} answered {error.code}, not 200.") from None
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start serving within {seconds:.0f} seconds.")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM: gunicorn lets every worker finish the request it is handling, then exits."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise SystemExit("gunicorn did not stop within 60 seconds of SIGTERM.") from None
