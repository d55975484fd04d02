"""Web origins a survey may be embedded on, and matching a request's origin against them.

An allowed origin is written `https://www.agency.gov`, `https://www.agency.gov:8443` or, for
every subdomain, `https://*.agency.gov` (which does not match `https://agency.gov` itself: list
both when both are meant). Plain `http://` is accepted only for this machine's own addresses,
so that an agency can try an embed locally; a public federal site is served over HTTPS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
DEFAULT_PORTS = {"https": 443, "http": 80}
LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOST = re.compile(rf"(\*\.)?{LABEL}(\.{LABEL})*")
# ASCII digits only: str.isdigit() also says yes to "¹", on which int() then fails.
PORT = re.compile(r"[0-9]{1,5}")
MAX_ORIGINS = 50


def origin_problem(pattern: str) -> str | None:
    """Why `pattern` is not an allowed-origin pattern, or None when it is one."""
    parts = _split(pattern)
    if parts is None:
        return f"“{pattern}” is not an origin such as https://www.agency.gov."
    scheme, host, _port = parts
    if host.startswith("*.") and host.count(".") < 2:  # "*.gov" is far too wide
        return f"“{pattern}” allows too much: name a domain below the wildcard, like *.agency.gov."
    if scheme == "http" and host not in LOOPBACK_HOSTS:
        return f"“{pattern}” must use https:// (http:// is only for localhost)."
    return None


def origin_list_problems(patterns: object) -> list[str]:
    """Every problem with a list of patterns, one message each."""
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        return ["Give a list of origins."]
    if len(patterns) > MAX_ORIGINS:
        return [f"List at most {MAX_ORIGINS} origins."]
    return [problem for problem in map(origin_problem, patterns) if problem]


def parse_origin_lines(text: str) -> list[str]:
    """Origins typed one per line (or separated by spaces or commas), trailing slashes dropped."""
    return [item.rstrip("/") for item in re.split(r"[\s,]+", text) if item.strip()]


def origin_allowed(origin: str, patterns: Iterable[str]) -> bool:
    """Whether a browser's `Origin` (scheme://host[:port]) is one of the allowed patterns."""
    request = _split(origin)
    if request is None or request[1].startswith("*."):
        return False
    return any(_matches(request, pattern) for pattern in patterns)


def origin_of_url(url: str) -> str:
    """The origin of a full URL such as a Referer, or "" when it has none."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def _matches(request: tuple[str, str, int], pattern: str) -> bool:
    allowed = _split(pattern)
    if allowed is None:
        return False
    scheme, host, port = allowed
    if request[0] != scheme or request[2] != port:
        return False
    if host.startswith("*."):
        return request[1].endswith(host[1:])
    return request[1] == host


def _split(origin: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin with nothing after the host, or None."""
    text = origin.strip().lower().rstrip("/")
    scheme, separator, rest = text.partition("://")
    if not separator or scheme not in DEFAULT_PORTS or not rest or re.search(r"[/?#@]", rest):
        return None
    host, port = _host_and_port(rest, DEFAULT_PORTS[scheme])
    if port is None or not (host in LOOPBACK_HOSTS or HOST.fullmatch(host)):
        return None
    return scheme, host, port


def _host_and_port(rest: str, default_port: int) -> tuple[str, int | None]:
    if rest.startswith("[::1]"):
        host, after = "[::1]", rest[len("[::1]") :]
        if after and not after.startswith(":"):  # "[::1]8000" is not a host and a port
            return host, None
        port_text = after[1:]
    else:
        host, _, port_text = rest.partition(":")
    if not port_text:
        return host, default_port
    if not PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
        return host, None
    return host, int(port_text)
