"""Small statistics helpers: every figure a person reads carries its n and a 95% interval.

A `Figure` is a value with its n and interval, or the fact that it is suppressed because it
describes fewer people or cases than the organization's minimum group size. A suppressed
figure carries no value and no interval at all, so nothing downstream can show them by
mistake.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

CONFIDENCE = 0.95
SIGNIFICANCE = 0.05

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Figure:
    """A figure as published: value, n and interval; or only n and `suppressed`."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    suppressed: bool = False
    minimum_size: int = 0

    @classmethod
    def of(
        cls,
        value: float | None,
        n: int,
        *,
        low: float | None = None,
        high: float | None = None,
        minimum_size: int,
    ) -> Figure:
        """A figure, suppressed (value and interval dropped) when n is below the minimum size.

        An empty group (n = 0) is not suppressed: it describes no one, and "none" is clearer
        than "fewer than 10".
        """
        if 0 < n < minimum_size:
            return cls(value=None, n=n, suppressed=True, minimum_size=minimum_size)
        return cls(
            value=_finite_or_none(value),
            n=n,
            low=_finite_or_none(low),
            high=_finite_or_none(high),
            minimum_size=minimum_size,
        )

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None


def _finite_or_none(number: float | None) -> float | None:
    if number is None or not math.isfinite(number):
        return None
    return float(number)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The Wilson score interval of a proportion; unlike the normal one it stays inside 0–1."""
    if n <= 0:
        raise ValueError("A proportion needs at least one observation.")
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes cannot come from {n} observations.")
    low, high = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
    return float(low), float(high)


def proportion(successes: int, n: int, *, minimum_size: int) -> Figure:
    """A share (0–1) with its Wilson interval, suppressed under the minimum size."""
    if n == 0:
        return Figure.of(None, 0, minimum_size=minimum_size)
    low, high = wilson_interval(successes, n)
    return Figure.of(successes / n, n, low=low, high=high, minimum_size=minimum_size)


def mean(values: FloatArray, *, minimum_size: int) -> Figure:
    """A mean with its t interval (none for a single value: there is no spread to go on)."""
    n = int(values.size)
    if n == 0:
        return Figure.of(None, 0, minimum_size=minimum_size)
    low, high = mean_interval(values)
    return Figure.of(float(values.mean()), n, low=low, high=high, minimum_size=minimum_size)


def mean_interval(values: FloatArray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    if values.size < 2:  # a spread needs two values
        return math.nan, math.nan
    low, high = DescrStatsW(values).tconfint_mean(alpha=1 - confidence)
    return float(low), float(high)


def percentile(values: FloatArray, percent: float) -> float:
    """The `percent`-th percentile (linear interpolation between order statistics)."""
    if values.size == 0:
        return math.nan
    return float(np.percentile(values, percent))


def percentile_interval(
    values: FloatArray, percent: float, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """A distribution-free interval for a percentile, from order statistics (exact binomial).

    Elapsed times are skewed and often tied, so no distribution is assumed; with too few values
    for the requested confidence a bound is NaN and the figure shows no interval.
    """
    if values.size == 0:
        return math.nan, math.nan
    result = scipy_stats.quantile_test(values, q=percentile(values, percent), p=percent / 100)
    interval = result.confidence_interval(confidence_level=confidence)
    return float(interval.low), float(interval.high)


def percentile_figure(values: FloatArray, percent: float, *, minimum_size: int) -> Figure:
    n = int(values.size)
    if n == 0:
        return Figure.of(None, 0, minimum_size=minimum_size)
    low, high = percentile_interval(values, percent)
    return Figure.of(percentile(values, percent), n, low=low, high=high, minimum_size=minimum_size)


@dataclass(frozen=True)
class ProportionComparison:
    """Two shares compared with Fisher's exact test (two-sided), valid for small groups too."""

    p_value: float
    significant: bool


def compare_proportions(
    successes_a: int, n_a: int, successes_b: int, n_b: int, *, alpha: float = SIGNIFICANCE
) -> ProportionComparison | None:
    """Fisher's exact test of two shares; None when either group is empty."""
    if n_a == 0 or n_b == 0:
        return None
    table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
    p_value = float(scipy_stats.fisher_exact(table, alternative="two-sided").pvalue)
    return ProportionComparison(p_value=p_value, significant=p_value < alpha)
