"""Settings come from the environment; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govcx.lib.env import SettingError, env_bool, env_choice, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Start govcx's settings in a fresh interpreter, as a deployment would."""
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    environ.update(
        {"GOVCX_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "govcx.settings"}
    )
    environ.update(env)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME'])"
    )
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "-c", code],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of"),
        ("DATABASE_URL", "nonsense://nowhere", "DATABASE_URL is not a usable database address"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be a whole number"),
        ("EMAIL_BACKEND", "pigeon", "EMAIL_BACKEND must be one of"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 32 characters"),
        ("RESPONSES_PAGE_SIZE", "0", "RESPONSES_PAGE_SIZE must be at least 1"),
        ("CACHE_URL", "memcached://x", "CACHE_URL must be locmem:// or a redis:// address"),
        ("RATE_LIMIT_PER_IP", "lots", "RATE_LIMIT_PER_IP must look like 30/m"),
        ("RATE_LIMIT_PER_SURVEY", "0/m", "RATE_LIMIT_PER_SURVEY must look like 30/m"),
        ("RATE_LIMIT_PER_API_KEY", "10/week", "RATE_LIMIT_PER_API_KEY must look like 30/m"),
        ("SPAM_THRESHOLD", "101", "SPAM_THRESHOLD must be from 1 to 100"),
        ("SUBMISSION_MAX_BYTES", "10", "SUBMISSION_MAX_BYTES must be at least 1024"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = start(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_defaults_use_sqlite_under_var_and_generate_a_secret_key_once(tmp_path: Path) -> None:
    first = start(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == str(tmp_path / "var" / "govcx.sqlite3")
    key_file = tmp_path / "var" / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert start(tmp_path).returncode == 0
    assert key_file.read_text() == key


def test_secret_key_file_is_never_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "var/" in ignored


def test_helpers() -> None:
    assert env_bool("X", False, {"X": "Yes"}) is True
    assert env_bool("X", True, {"X": "off"}) is False
    assert env_bool("X", True, {}) is True
    assert env_int("X", 5, environ={"X": " 7 "}) == 7
    assert env_list("X", [], {"X": "a, b,,c "}) == ["a", "b", "c"]
    assert env_choice("X", "a", {"a": "A"}, {}) == "A"
    with pytest.raises(SettingError, match="X must be at least 1"):
        env_int("X", 5, minimum=1, environ={"X": "0"})


def test_every_environment_variable_is_documented() -> None:
    """docs/configuration.md lists every variable the settings read, and nothing more."""
    source = (ROOT / "govcx" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    documented = set(
        re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "docs" / "configuration.md").read_text(), re.M)
    )
    assert read, "no variables found: the pattern above no longer matches settings.py"
    assert read - documented == set(), "undocumented"
    assert documented - read == set(), "documented but not read"
