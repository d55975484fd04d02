"""Known answers for the statistics helpers, worked out independently of the code under test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from govcx.lib.stats import (
    Figure,
    compare_proportions,
    mean,
    percentile,
    percentile_figure,
    percentile_interval,
    proportion,
    wilson_interval,
)

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson_by_hand(successes: int, n: int) -> tuple[float, float]:
    """The Wilson score interval written out from its formula."""
    share = successes / n
    denominator = 1 + Z_95**2 / n
    centre = (share + Z_95**2 / (2 * n)) / denominator
    half_width = Z_95 * math.sqrt(share * (1 - share) / n + Z_95**2 / (4 * n**2)) / denominator
    return centre - half_width, centre + half_width


@pytest.mark.parametrize(("successes", "n"), [(9, 12), (0, 10), (10, 10), (1, 3), (412, 500)])
def test_wilson_interval_matches_the_formula(successes: int, n: int) -> None:
    assert wilson_interval(successes, n) == pytest.approx(wilson_by_hand(successes, n))


def test_nine_of_twelve_is_75_percent_between_47_and_91() -> None:
    low, high = wilson_interval(9, 12)
    assert (round(low, 4), round(high, 4)) == (0.4677, 0.9111)


def test_a_wider_confidence_gives_a_wider_interval() -> None:
    low_95, high_95 = wilson_interval(9, 12)
    low_99, high_99 = wilson_interval(9, 12, confidence=0.99)
    assert low_99 < low_95 < high_95 < high_99


@pytest.mark.parametrize(("successes", "n"), [(0, 0), (-1, 5), (6, 5)])
def test_wilson_interval_refuses_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match="observation"):
        wilson_interval(successes, n)


def test_a_proportion_carries_value_n_and_interval() -> None:
    figure = proportion(9, 12, minimum_size=10)
    assert figure.value == 0.75
    assert figure.n == 12
    assert (figure.low, figure.high) == pytest.approx(wilson_by_hand(9, 12))
    assert not figure.suppressed
    assert figure.has_value
    assert figure.has_interval


def test_a_small_group_is_suppressed_with_nothing_but_its_n() -> None:
    figure = proportion(8, 9, minimum_size=10)
    assert figure == Figure(value=None, n=9, suppressed=True, minimum_size=10)
    assert not figure.has_value
    assert not figure.has_interval


def test_exactly_the_minimum_size_is_shown() -> None:
    assert not proportion(5, 10, minimum_size=10).suppressed


def test_no_observations_is_no_value_rather_than_a_small_group() -> None:
    figure = proportion(0, 0, minimum_size=10)
    assert figure.value is None
    assert figure.n == 0
    assert not figure.suppressed


def test_mean_has_a_t_interval() -> None:
    values = np.array([10.0, 20.0, 30.0, 40.0])
    figure = mean(values, minimum_size=1)
    # mean 25, sample sd 12.910, t(0.975, 3 df) = 3.18245: 25 ± 3.18245 × 12.910 / 2
    assert figure.value == 25.0
    assert figure.low == pytest.approx(25 - 3.182446 * 12.909944 / 2, rel=1e-5)
    assert figure.high == pytest.approx(25 + 3.182446 * 12.909944 / 2, rel=1e-5)


def test_a_single_value_has_a_mean_but_no_interval() -> None:
    figure = mean(np.array([7.0]), minimum_size=1)
    assert figure.value == 7.0
    assert not figure.has_interval


def test_percentiles_interpolate_between_order_statistics() -> None:
    values = np.arange(1, 21, dtype=np.float64)
    assert percentile(values, 50) == 10.5
    assert percentile(values, 90) == pytest.approx(18.1)
    assert math.isnan(percentile(np.array([], dtype=np.float64), 50))


def test_median_interval_of_twenty_is_the_6th_to_15th_value() -> None:
    # Binomial(20, 0.5): P(6 <= X <= 14) = 0.9586, the narrowest equal-tailed cover of 95%.
    values = np.arange(1, 21, dtype=np.float64) * 10
    assert percentile_interval(values, 50) == (60.0, 150.0)


def test_too_few_values_leave_a_percentile_without_an_interval() -> None:
    figure = percentile_figure(np.arange(1, 21, dtype=np.float64), 90, minimum_size=10)
    assert figure.value == pytest.approx(18.1)
    assert not figure.has_interval  # no 20-value order statistic covers the 90th at 95%


def test_fisher_exact_marks_only_real_differences() -> None:
    clear = compare_proportions(9, 10, 2, 10)
    assert clear is not None
    assert clear.p_value == pytest.approx(0.005477, rel=1e-3)  # summed over tables as extreme
    assert clear.significant
    same = compare_proportions(5, 10, 5, 10)
    assert same is not None
    assert same.p_value == 1.0
    assert not same.significant
    assert compare_proportions(1, 1, 0, 0) is None


@pytest.mark.parametrize("n", [1, 2, 7, 30, 1000, 123_457])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_the_wilson_interval_agrees_with_statsmodels(n: int, confidence: float) -> None:
    for successes in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        expected = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
        low, high = wilson_interval(successes, n, confidence)
        assert low == pytest.approx(float(expected[0]), abs=1e-12)
        assert high == pytest.approx(float(expected[1]), abs=1e-12)
