"""Rate limits on submissions: per address, per survey and per API key, counted in the cache.

Each limit is a fixed window ("30 a minute") counted in the shared cache, Redis in production,
so every server process sees the same counts. On Redis all of a submission's counters are
created and incremented in one round trip (`SET NX EX` then `INCR`, pipelined), because the
counting sits on every public request; any other cache backend counts with `add` and `incr`.
If the cache cannot be reached the limits are not applied: refusing every respondent because
a counter is down would lose genuine answers, while the spam score and body limits still stand.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from govcx.surveys.models import Survey

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateCheck:
    """The outcome of counting one submission against its limits."""

    retry_after: int | None  # seconds to wait when refused, None when allowed
    from_source: int | None  # submissions from this address in the window (None for API keys)

    @property
    def refused(self) -> bool:
        return self.retry_after is not None


def client_address(request: HttpRequest) -> str:
    """The address a request came from. Behind TRUSTED_PROXIES proxies, each of which appends
    the address it received from to X-Forwarded-For, the client is that many entries from the
    right; anything further left was written by the client and proves nothing."""
    proxies = int(settings.TRUSTED_PROXIES)
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def submission_rate_check(
    request: HttpRequest, *, survey: Survey | None, api_key_prefix: str | None
) -> RateCheck:
    """Count this submission and say whether it must wait. Every limit is counted each time,
    so a client hammering past one limit keeps using up the others as well."""
    if api_key_prefix is not None:
        limits = [("api-key", settings.RATE_LIMIT_PER_API_KEY, api_key_prefix)]
    else:
        limits = [("ip", settings.RATE_LIMIT_PER_IP, client_address(request))]
    if survey is not None:
        limits.append(("survey", settings.RATE_LIMIT_PER_SURVEY, str(survey.public_id)))
    usages = _count_all(limits)
    source = usages[0]
    from_source = source.count if source is not None and api_key_prefix is None else None
    waits = [usage.wait for usage in usages if usage is not None and usage.over]
    return RateCheck(retry_after=max(waits) if waits else None, from_source=from_source)


def client_ip(request: HttpRequest) -> str | None:
    """`client_address` when it is an IP address (what a response may store), else None."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
KEY_PREFIX = "govcx:rate"


@dataclass(frozen=True)
class Window:
    """One limit's current window: its counter's key, and when the window ends."""

    key: str
    limit: int
    seconds: int
    ends_at: int


def parse_rate(rate: str) -> tuple[int, int]:
    """(how many, per how many seconds) from a rate such as 30/m or 5/10s."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIOD_SECONDS[unit]


def current_window(group: str, value: str, rate: str, now: float) -> Window:
    limit, seconds = parse_rate(rate)
    start = int(now) // seconds * seconds
    # Hashed, so an address or key never appears in the cache as it is.
    digest = hashlib.sha256(f"{group}:{value}".encode()).hexdigest()[:32]
    key = f"{KEY_PREFIX}:{group}:{digest}:{seconds}:{start}"
    return Window(key=key, limit=limit, seconds=seconds, ends_at=start + seconds)


@dataclass(frozen=True)
class _Usage:
    count: int
    over: bool
    wait: int


def _count_all(limits: Sequence[tuple[str, str, str]]) -> list[_Usage | None]:
    """Count one submission against each (group, rate, value); None where it was not counted."""
    now = time.time()
    windows = [current_window(group, value, rate, now) for group, rate, value in limits]
    try:
        counts = increment_counters(windows)
    except Exception:  # any cache failure: see the module docstring
        logger.warning("Rate-limit counter unavailable; submission allowed", exc_info=True)
        return [None] * len(windows)
    return [
        _Usage(count=count, over=count > window.limit, wait=max(1, window.ends_at - int(now)))
        if count is not None
        else None
        for window, count in zip(windows, counts, strict=True)
    ]


def increment_counters(windows: Sequence[Window]) -> list[int | None]:
    """Add one to each window's counter, creating it to expire with its window."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return [_increment_in_cache(window) for window in windows]
    pipeline = _redis_client(backend).pipeline(transaction=False)
    for window in windows:
        key = backend.make_key(window.key)  # the cache's KEY_PREFIX keeps deployments apart
        pipeline.set(key, 0, ex=window.seconds + 1, nx=True)
        pipeline.incr(key)
    results = pipeline.execute()
    return [int(count) for count in results[1::2]]


def _increment_in_cache(window: Window) -> int | None:
    backend = caches[DEFAULT_CACHE_ALIAS]
    backend.add(window.key, 0, window.seconds + 1)
    try:
        return int(backend.incr(window.key))
    except ValueError:  # the counter expired between add and incr: count it as the first
        return 1 if backend.add(window.key, 1, window.seconds + 1) else None


def _redis_client(backend: RedisCache) -> Any:
    """The Redis connection Django's cache already holds: its API has no pipeline, so the
    counters reach past it to the client (and its connection pool) instead of opening more."""
    return backend._cache.get_client(write=True)
