"""Read settings from the environment, failing loudly on values that cannot be right.

Every helper names the variable in its error so a bad deployment stops at start-up with a
message an operator can act on, instead of misbehaving later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class SettingError(ValueError):
    """A configuration variable holds a value govcx cannot use."""


def env_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    source = os.environ if environ is None else environ
    return source.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    word = source[name].strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {word!r}")


def env_int(
    name: str, default: int, *, minimum: int = 0, environ: Mapping[str, str] | None = None
) -> int:
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    raw = source[name].strip()
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number; got {raw!r}") from None
    if value < minimum:
        raise SettingError(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    return [item.strip() for item in source[name].split(",") if item.strip()]


def env_choice(
    name: str, default: str, choices: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> str:
    """A value from a fixed vocabulary, mapped to what Django wants (an alias to a path)."""
    source = os.environ if environ is None else environ
    word = source.get(name, default).strip()
    if word not in choices:
        allowed = ", ".join(sorted(choices))
        raise SettingError(f"{name} must be one of {allowed}; got {word!r}")
    return choices[word]
