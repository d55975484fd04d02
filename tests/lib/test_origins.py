"""Allowed-origin patterns: what a manager may write, and which browser origins each matches."""

from __future__ import annotations

import pytest

from govcx.lib.origins import (
    MAX_ORIGINS,
    origin_allowed,
    origin_list_problems,
    origin_of_url,
    origin_problem,
    parse_origin_lines,
)

# --- writing a pattern -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "https://www.agency.gov",
        "https://agency.gov",
        "https://www.agency.gov:8443",
        "https://*.agency.gov",
        "https://*.benefits.agency.gov",
        "https://www.agency.gov/",
        "HTTPS://WWW.Agency.GOV",
        "  https://www.agency.gov  ",
        "http://localhost",
        "http://localhost:8000",
        "http://127.0.0.1:8000",
        "http://[::1]:8000",
        "https://localhost:8443",
    ],
)
def test_good_patterns_have_no_problem(pattern: str) -> None:
    assert origin_problem(pattern) is None


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        " ",
        "www.agency.gov",
        "agency.gov",
        "//www.agency.gov",
        "ftp://www.agency.gov",
        "https://",
        "https://www.agency.gov/survey",
        "https://www.agency.gov?x=1",
        "https://www.agency.gov#top",
        "https://user@www.agency.gov",
        "https://www.agency.gov:0",
        "https://www.agency.gov:65536",
        "https://www.agency.gov:port",
        "https://www.agency.gov:-1",
        "https://www.agency.gov:\u00b9",  # a superscript one: str.isdigit() says yes
        "https://www.agency.gov:\u0663",  # an Arabic-Indic three
        "https://www.agency.gov\n:443",
        "https://www agency.gov",
        "https://-agency.gov",
        "https://agency-.gov",
        "https://agency..gov",
        "https://*",
        "https://*.*.agency.gov",
        "https://www.*.agency.gov",
        "https://*agency.gov",
        "http://[::1]8000",
        "https://ágency.gov",
    ],
)
def test_garbage_is_not_an_origin(pattern: str) -> None:
    problem = origin_problem(pattern)
    assert problem is not None
    assert "is not an origin such as https://www.agency.gov" in problem


@pytest.mark.parametrize("pattern", ["https://*.gov", "https://*.localhost", "https://*.com"])
def test_a_wildcard_over_a_whole_top_level_domain_is_refused_as_too_wide(pattern: str) -> None:
    problem = origin_problem(pattern)
    assert problem is not None
    assert "allows too much" in problem


@pytest.mark.parametrize(
    "pattern", ["http://www.agency.gov", "http://*.agency.gov", "http://10.0.0.1:8000"]
)
def test_plain_http_is_only_for_this_machine(pattern: str) -> None:
    problem = origin_problem(pattern)
    assert problem is not None
    assert "must use https://" in problem


def test_a_list_reports_one_message_per_bad_pattern() -> None:
    problems = origin_list_problems(
        ["https://www.agency.gov", "http://www.agency.gov", "https://*.gov", "agency.gov"]
    )
    assert len(problems) == 3
    assert "http://www.agency.gov" in problems[0]
    assert "https://*.gov" in problems[1]
    assert "agency.gov" in problems[2]


def test_an_empty_list_is_fine() -> None:
    assert origin_list_problems([]) == []


@pytest.mark.parametrize(
    "value", ["https://www.agency.gov", None, {"origin": "https://www.agency.gov"}, [1], [None]]
)
def test_anything_but_a_list_of_strings_is_refused(value: object) -> None:
    assert origin_list_problems(value) == ["Give a list of origins."]


def test_a_list_is_capped() -> None:
    at_cap = [f"https://site{n}.agency.gov" for n in range(MAX_ORIGINS)]
    assert origin_list_problems(at_cap) == []
    over = [*at_cap, "https://one-more.agency.gov"]
    assert origin_list_problems(over) == [f"List at most {MAX_ORIGINS} origins."]


# --- typing patterns into a form ---------------------------------------------------------------


def test_lines_commas_and_spaces_all_separate_origins_and_trailing_slashes_go() -> None:
    text = "https://www.agency.gov/\r\n\r\nhttps://*.agency.gov, https://a.example.gov//  \n"
    assert parse_origin_lines(text) == [
        "https://www.agency.gov",
        "https://*.agency.gov",
        "https://a.example.gov",
    ]


def test_blank_text_is_no_origins() -> None:
    assert parse_origin_lines("  \n , \n") == []


# --- matching a browser's origin ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "patterns"),
    [
        ("https://www.agency.gov", ["https://www.agency.gov"]),
        ("https://www.agency.gov", ["https://www.agency.gov/"]),
        ("https://WWW.Agency.gov", ["https://www.agency.gov"]),
        ("https://www.agency.gov", ["HTTPS://WWW.AGENCY.GOV"]),
        ("https://www.agency.gov:443", ["https://www.agency.gov"]),
        ("https://www.agency.gov", ["https://www.agency.gov:443"]),
        ("http://localhost:80", ["http://localhost"]),
        ("https://www.agency.gov:8443", ["https://www.agency.gov:8443"]),
        ("https://www.agency.gov", ["https://other.gov", "https://www.agency.gov"]),
        ("https://www.agency.gov", ["garbage", "https://www.agency.gov"]),
        ("http://[::1]:8000", ["http://[::1]:8000"]),
    ],
)
def test_exact_origins_match_with_default_ports_and_any_case(
    origin: str, patterns: list[str]
) -> None:
    assert origin_allowed(origin, patterns)


@pytest.mark.parametrize(
    ("origin", "patterns"),
    [
        ("https://www.agency.gov", []),
        ("http://www.agency.gov", ["https://www.agency.gov"]),
        ("https://www.agency.gov", ["http://www.agency.gov"]),
        ("https://www.agency.gov:8443", ["https://www.agency.gov"]),
        ("https://www.agency.gov", ["https://www.agency.gov:8443"]),
        ("https://www.agency.gov:444", ["https://www.agency.gov:443"]),
        ("https://agency.gov", ["https://www.agency.gov"]),
        ("https://www.agency.gov.evil.example", ["https://www.agency.gov"]),
        ("https://www.agency.gov/page", ["https://www.agency.gov"]),
        ("https://user@www.agency.gov", ["https://www.agency.gov"]),
        ("https://www.agency.gov:\u00b9", ["https://www.agency.gov"]),
        ("null", ["https://www.agency.gov"]),
        ("", ["https://www.agency.gov"]),
    ],
)
def test_anything_but_the_same_scheme_host_and_port_does_not_match(
    origin: str, patterns: list[str]
) -> None:
    assert not origin_allowed(origin, patterns)


@pytest.mark.parametrize(
    "origin",
    [
        "https://www.agency.gov",
        "https://benefits.agency.gov",
        "https://a.b.c.agency.gov",
        "https://WWW.AGENCY.GOV",
        "https://www.agency.gov:443",
    ],
)
def test_a_wildcard_matches_subdomains_at_any_depth(origin: str) -> None:
    assert origin_allowed(origin, ["https://*.agency.gov"])


@pytest.mark.parametrize(
    "origin",
    [
        "https://agency.gov",
        "https://evilagency.gov",
        "https://www.evilagency.gov",
        "https://agency.gov.evil.example",
        "https://www.agency.gov.evil.example",
        "http://www.agency.gov",
        "https://www.agency.gov:8443",
        "https://*.agency.gov",
    ],
)
def test_a_wildcard_does_not_match_the_bare_domain_lookalikes_or_other_ports(
    origin: str,
) -> None:
    assert not origin_allowed(origin, ["https://*.agency.gov"])


def test_the_bare_domain_and_its_subdomains_are_two_patterns() -> None:
    patterns = ["https://agency.gov", "https://*.agency.gov"]
    assert origin_allowed("https://agency.gov", patterns)
    assert origin_allowed("https://www.agency.gov", patterns)


# --- the origin of a Referer -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://www.agency.gov/apply/done?step=3#end", "https://www.agency.gov"),
        ("https://www.agency.gov", "https://www.agency.gov"),
        ("https://www.agency.gov:8443/x", "https://www.agency.gov:8443"),
        ("HTTPS://WWW.Agency.GOV/Path", "https://www.agency.gov"),
        ("  https://www.agency.gov/  ", "https://www.agency.gov"),
        ("http://testserver/s/", "http://testserver"),
    ],
)
def test_the_origin_of_a_full_url_is_its_scheme_and_host(url: str, origin: str) -> None:
    assert origin_of_url(url) == origin


@pytest.mark.parametrize("url", ["", "   ", "/s/abc/", "www.agency.gov/page", "//www.agency.gov/"])
def test_a_url_without_scheme_or_host_has_no_origin(url: str) -> None:
    assert origin_of_url(url) == ""
