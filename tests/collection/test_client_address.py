"""Which address a submission is counted against, with and without proxies in front."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import RequestFactory
from pytest_django import Settings

from govcx.collection.limits import client_address, client_ip


def request_from(remote: str, forwarded: str = "") -> HttpRequest:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, headers=headers)


def test_without_proxies_the_connection_is_the_client(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = 0
    request = request_from("198.51.100.7", forwarded="203.0.113.9")
    assert client_address(request) == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # The client wrote the first entry itself; the proxy appended the real one.
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        # Fewer entries than proxies: the header is not what the proxies write; use the peer.
        (2, "203.0.113.9", "10.1.1.1"),
    ],
)
def test_behind_proxies_the_client_is_counted_from_the_right(
    settings: Settings, proxies: int, forwarded: str, client: str
) -> None:
    settings.TRUSTED_PROXIES = proxies
    request = request_from("10.1.1.1", forwarded=forwarded)
    assert client_address(request) == client


def test_only_an_ip_address_is_stored(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request_from("10.1.1.1", forwarded="not-an-ip")) is None
    assert client_ip(request_from("10.1.1.1", forwarded="2001:db8::1")) == "2001:db8::1"
