"""Helpers shared by the staff page tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client

from govcx.registry.models import User

ClientFor = Callable[[User], Client]


def content_of(reply: HttpResponseBase) -> str:
    """The whole body of a reply, reading a streamed one to its end."""
    if isinstance(reply, StreamingHttpResponse):
        chunks = reply.streaming_content
        assert isinstance(chunks, Iterable)
        return b"".join(chunks).decode()
    assert isinstance(reply, HttpResponse)
    return reply.content.decode()
