"""The fixed windows rate limits count in, without a database or a server."""

from __future__ import annotations

import pytest

from govcx.collection.limits import current_window, increment_counters, parse_rate


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("30/m", (30, 60)), ("5/10s", (5, 10)), ("1000/h", (1000, 3600)), ("2/d", (2, 86400))],
)
def test_rates_read_as_count_per_seconds(rate: str, expected: tuple[int, int]) -> None:
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["30", "30/w", "m/30", "", "30/m/extra"])
def test_a_rate_that_is_not_one_is_refused(rate: str) -> None:
    with pytest.raises(ValueError, match="Not a rate"):
        parse_rate(rate)


def test_a_window_ends_on_its_boundary_and_keys_never_show_the_address() -> None:
    window = current_window("ip", "198.51.100.7", "30/m", now=1_800_000_030.5)
    assert (window.limit, window.seconds, window.ends_at) == (30, 60, 1_800_000_060)
    assert "198.51.100.7" not in window.key
    same = current_window("ip", "198.51.100.7", "30/m", now=1_800_000_059.9)
    following = current_window("ip", "198.51.100.7", "30/m", now=1_800_000_060.0)
    assert same.key == window.key
    assert following.key != window.key
    assert current_window("ip", "198.51.100.8", "30/m", now=1_800_000_030.5).key != window.key


def test_counters_in_the_local_cache_count_up_per_window() -> None:
    first = current_window("survey", "s-1", "3/m", now=1_800_000_000)
    other = current_window("survey", "s-2", "3/m", now=1_800_000_000)
    assert increment_counters([first, other]) == [1, 1]
    assert increment_counters([first]) == [2]
    assert increment_counters([first, other]) == [3, 2]
