"""Rate limits on submissions: per address, per survey and per API key, counted in the cache.

Counting uses django-ratelimit's fixed windows in the shared cache (Redis in production), so
every server process sees the same counts. If the cache cannot be reached the limits are not
applied: refusing every respondent because a counter is down would lose genuine answers,
while the spam score and the body-size limit still stand.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

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
        source = _count(request, "api-key", settings.RATE_LIMIT_PER_API_KEY, api_key_prefix)
        from_source = None
    else:
        source = _count(request, "ip", settings.RATE_LIMIT_PER_IP, client_address(request))
        from_source = source.count if source is not None else None
    per_survey = (
        _count(request, "survey", settings.RATE_LIMIT_PER_SURVEY, str(survey.public_id))
        if survey is not None
        else None
    )
    waits = [usage.wait for usage in (source, per_survey) if usage is not None and usage.over]
    return RateCheck(retry_after=max(waits) if waits else None, from_source=from_source)


def client_ip(request: HttpRequest) -> str | None:
    """`client_address` when it is an IP address (what a response may store), else None."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@dataclass(frozen=True)
class _Usage:
    count: int
    over: bool
    wait: int


def _count(request: HttpRequest, group: str, rate: str, value: str) -> _Usage | None:
    try:
        usage = get_usage(
            request,
            group=f"govcx.submissions.{group}",
            key=lambda _group, _request: value,
            rate=rate,
            increment=True,
        )
    except Exception:  # any cache failure: see the module docstring
        logger.warning("Rate-limit counter unavailable; submission allowed", exc_info=True)
        return None
    if usage is None or usage["time_left"] < 0:  # limits switched off, or the cache failed
        return None
    # django-ratelimit's window still counts its last second (time_left == 0): a client that
    # waits exactly `time_left` seconds would be refused again, so it is told one more.
    return _Usage(
        count=int(usage["count"]),
        over=bool(usage["should_limit"]),
        wait=int(usage["time_left"]) + 1,
    )
