"""Small statistics helpers: every figure a person reads carries its n and a 95% interval.

A `Figure` is a value with its n and interval, or the fact that it is suppressed because it
describes fewer people or cases than the organization's minimum group size. A suppressed
figure carries no value and no interval at all, so nothing downstream can show them by
mistake.

The insights helpers work from aggregated counts (value → number of respondents) without
expanding them, compare two groups (`Comparison`, adjusted across a family with `holm`) and
split a regression's R² among correlated drivers (`relative_importance`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportions_ztest,
)
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
    # The closed form, as statsmodels' proportion_confint(method="wilson") computes it, with the
    # normal quantile looked up once per confidence level: that lookup was four fifths of the
    # cost of a public page with a hundred thousand figures.
    z = two_sided_normal_quantile(confidence)
    share, z2 = successes / n, z * z
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / denominator
    return centre - half_width, centre + half_width


@functools.lru_cache(maxsize=8)
def two_sided_normal_quantile(confidence: float) -> float:
    """z such that a standard normal lies within ±z with the given probability."""
    return float(scipy_stats.norm.isf((1 - confidence) / 2))


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


# --- Insights: figures from aggregated counts, comparisons and driver importance -------------
#
# The insights dashboards read pre-aggregated count tables (value → number of respondents), so
# everything below works from counts and never expands them into one row per respondent.

_MAXIMUM_PREDICTORS = 10  # LMG visits every subset: 2^10 = 1024 small solves, still instant
_SMALLEST_EXPECTED_COUNT = 5  # the usual rule for when the z-test's normal approximation holds


def share_from_counts(successes: int, n: int, *, minimum_size: int) -> Figure:
    """A share (0–1) of `n` with its Wilson interval: `proportion` under the insights name."""
    return proportion(successes, n, minimum_size=minimum_size)


def mean_from_counts(counts: Mapping[float, int], *, minimum_size: int) -> Figure:
    """The mean of a value → count distribution with its t interval, as `mean` of the rows.

    A single distinct value has no spread: its interval is the value at both ends, as
    DescrStatsW gives for a zero standard deviation (exactly, without rounding noise).
    """
    values, weights = _positive_counts(counts)
    n = int(weights.sum())
    if n == 0:
        return Figure.of(None, 0, minimum_size=minimum_size)
    if values.size == 1:
        value = float(values[0])
        bound = value if n > 1 else None  # one respondent: no spread to go on at all
        return Figure.of(value, n, low=bound, high=bound, minimum_size=minimum_size)
    # Frequency weights give the same mean and (two-pass, around the mean) variance as the
    # expanded rows, and tconfint_mean uses their sum as n.
    described = DescrStatsW(values, weights=weights)
    low, high = described.tconfint_mean(alpha=1 - CONFIDENCE)
    return Figure.of(
        float(described.mean), n, low=float(low), high=float(high), minimum_size=minimum_size
    )


def _positive_counts(counts: Mapping[float, int]) -> tuple[FloatArray, FloatArray]:
    """The values and counts of a distribution, without its zero counts."""
    if any(count < 0 for count in counts.values()):
        raise ValueError("A count of respondents cannot be negative.")
    kept = [(float(value), float(count)) for value, count in counts.items() if count > 0]
    if not all(math.isfinite(value) for value, _ in kept):
        raise ValueError("Counted values must be finite numbers.")
    values = np.array([value for value, _ in kept], dtype=np.float64)
    weights = np.array([count for _, count in kept], dtype=np.float64)
    return values, weights


@dataclass(frozen=True)
class Comparison:
    """Two groups compared: the test used, the difference a − b and its (adjusted) p-value."""

    test: str
    difference: float
    p_value: float
    adjusted_p_value: float
    correction: str  # "" until a correction for multiple comparisons is applied, then "Holm"
    significant: bool  # adjusted_p_value < SIGNIFICANCE

    def with_adjusted(self, adjusted_p_value: float, correction: str) -> Comparison:
        """The same comparison judged on a p-value corrected for multiple comparisons."""
        return replace(
            self,
            adjusted_p_value=adjusted_p_value,
            correction=correction,
            significant=adjusted_p_value < SIGNIFICANCE,
        )


def _unadjusted(test: str, difference: float, p_value: float) -> Comparison:
    """A comparison standing alone, judged on its own p-value."""
    return Comparison(
        test=test,
        difference=difference,
        p_value=p_value,
        adjusted_p_value=p_value,
        correction="",
        significant=p_value < SIGNIFICANCE,
    )


_FISHER = "Fisher's exact test"
_Z_TEST = "Two-proportion z-test"
_WELCH = "Welch's t-test"


def compare_shares(successes_a: int, n_a: int, successes_b: int, n_b: int) -> Comparison | None:
    """Two shares compared: Fisher's exact test for small tables, else the pooled z-test.

    None when either group is empty. When no one or everyone in both groups succeeded there is
    nothing to tell apart, and the p-value is 1 (the z-test's standard error would be 0).
    """
    if n_a == 0 or n_b == 0:
        return None
    _check_counts(successes_a, n_a)
    _check_counts(successes_b, n_b)
    difference = successes_a / n_a - successes_b / n_b
    successes = successes_a + successes_b
    if successes in (0, n_a + n_b):
        return _unadjusted(_FISHER, difference, 1.0)
    if _smallest_expected_count(successes_a, n_a, successes_b, n_b) < _SMALLEST_EXPECTED_COUNT:
        table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
        p_value = scipy_stats.fisher_exact(table, alternative="two-sided").pvalue
        return _unadjusted(_FISHER, difference, float(p_value))
    _, p_value = proportions_ztest([successes_a, successes_b], [n_a, n_b])
    return _unadjusted(_Z_TEST, difference, float(p_value))


def _check_counts(successes: int, n: int) -> None:
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes cannot come from {n} observations.")


def _smallest_expected_count(successes_a: int, n_a: int, successes_b: int, n_b: int) -> float:
    """The smallest cell of the 2×2 table expected if both groups shared one rate."""
    total = n_a + n_b
    successes = successes_a + successes_b
    return min(n_a, n_b) * min(successes, total - successes) / total


def compare_means_from_counts(
    counts_a: Mapping[float, int], counts_b: Mapping[float, int]
) -> Comparison | None:
    """Welch's t-test of two means given as value → count; None when a group has under 2 values.

    When neither group varies at all (everyone in a gave one answer, everyone in b one answer),
    the t statistic is 0/0 or ±∞. We take the limit: equal answers show no difference (p = 1);
    different answers are a difference with no sampling noise around it (p = 0).
    """
    a = _described(counts_a)
    b = _described(counts_b)
    if a is None or b is None:
        return None
    difference = float(a.mean - b.mean)
    if a.data.size == 1 and b.data.size == 1:  # one distinct value each: no variance at all
        difference = float(a.data[0] - b.data[0])  # exact, free of the means' rounding
        return _unadjusted(_WELCH, difference, 1.0 if difference == 0 else 0.0)
    result = scipy_stats.ttest_ind_from_stats(
        a.mean, a.std, a.sum_weights, b.mean, b.std, b.sum_weights, equal_var=False
    )
    return _unadjusted(_WELCH, difference, float(result.pvalue))


def _described(counts: Mapping[float, int]) -> Any:
    """Weighted summary statistics (sample, ddof = 1) of a distribution; None under 2 values."""
    values, weights = _positive_counts(counts)
    if weights.sum() < 2:
        return None
    return DescrStatsW(values, weights=weights, ddof=1)


def holm(comparisons: Sequence[Comparison | None]) -> list[Comparison | None]:
    """Holm–Bonferroni adjustment across the comparisons made; None (not compared) stays None.

    A single comparison is still marked "Holm" so a reader knows the family was considered.
    """
    made = [(index, each) for index, each in enumerate(comparisons) if each is not None]
    adjusted_list: list[Comparison | None] = list(comparisons)
    if not made:  # an empty family has nothing to adjust
        return adjusted_list
    raw = [comparison.p_value for _, comparison in made]
    for (index, comparison), p_value in zip(made, holm_adjusted(raw), strict=True):
        adjusted_list[index] = comparison.with_adjusted(float(p_value), "Holm")
    return adjusted_list


def holm_adjusted(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, as statsmodels' `multipletests(method="holm")`.

    Written out because that function runs a full garbage collection on every call (about
    90 ms here), which a dashboard making several families of comparisons cannot afford; a
    test holds the two equal.
    """
    order = np.argsort(p_values, kind="stable")
    count = len(p_values)
    adjusted = np.empty(count)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (count - rank) * p_values[index]))
        adjusted[index] = running
    return [float(value) for value in adjusted]


def difference_interval(
    successes_a: int, n_a: int, successes_b: int, n_b: int
) -> tuple[float, float]:
    """Newcombe's hybrid score interval (95%) for the difference of two shares, a − b."""
    if n_a <= 0 or n_b <= 0:
        raise ValueError("A difference of proportions needs at least one observation per group.")
    _check_counts(successes_a, n_a)
    _check_counts(successes_b, n_b)
    low, high = confint_proportions_2indep(
        successes_a,
        n_a,
        successes_b,
        n_b,
        method="newcomb",
        compare="diff",
        alpha=1 - CONFIDENCE,
    )
    return float(low), float(high)


def pearson_from_joint_counts(joint: Mapping[tuple[float, float], int]) -> tuple[float, int]:
    """The Pearson correlation of paired values given as (x, y) → count, and its n.

    NaN when n < 2 or when either variable takes a single value (no variance to relate).
    """
    if any(count < 0 for count in joint.values()):
        raise ValueError("A count of respondents cannot be negative.")
    pairs = [(float(x), float(y), float(count)) for (x, y), count in joint.items() if count > 0]
    n = int(sum(count for _, _, count in pairs))
    if n < 2 or len({x for x, _, _ in pairs}) < 2 or len({y for _, y, _ in pairs}) < 2:
        return math.nan, n
    data = np.array([(x, y) for x, y, _ in pairs], dtype=np.float64)
    weights = np.array([count for _, _, count in pairs], dtype=np.float64)
    correlation = float(DescrStatsW(data, weights=weights).corrcoef[0, 1])
    return max(-1.0, min(1.0, correlation)), n  # rounding can step just past ±1, as in scipy


def relative_importance(
    correlations: npt.NDArray[np.float64], outcome: int, predictors: Sequence[int]
) -> dict[int, float]:
    """Each predictor's share of R² (LMG: Shapley values over every order of entry).

    Computed exactly over all subsets from the correlation matrix alone, with
    R²(S) = r_yS' R_SS⁺ r_yS; the pseudo-inverse lets perfectly collinear predictors share
    their R² instead of failing. The shares add up to the full model's R². Only the entries
    for `outcome` and `predictors` are read, so a NaN elsewhere (an unrelated item without
    variance) does not matter.
    """
    indices = _check_importance_inputs(correlations, outcome, predictors)
    r_squared = _subset_r_squared(correlations[np.ix_(indices, indices)])
    count = len(predictors)
    importance = dict.fromkeys(predictors, 0.0)
    for subset, subset_r_squared in enumerate(r_squared):
        size = subset.bit_count()
        for position, predictor in enumerate(predictors):
            if not subset & (1 << position):
                gain = r_squared[subset | (1 << position)] - subset_r_squared
                importance[predictor] += _shapley_weight(size, count) * gain
    return importance


def _check_importance_inputs(
    correlations: npt.NDArray[np.float64], outcome: int, predictors: Sequence[int]
) -> list[int]:
    """The matrix indices to read (outcome first), after refusing what cannot be decomposed."""
    if correlations.ndim != 2 or correlations.shape[0] != correlations.shape[1]:
        raise ValueError("A correlation matrix must be square.")
    if len(predictors) > _MAXIMUM_PREDICTORS:
        raise ValueError(
            f"Relative importance is limited to {_MAXIMUM_PREDICTORS} predictors "
            f"(it visits every subset); {len(predictors)} were given."
        )
    indices = [outcome, *predictors]
    if len(set(indices)) != len(indices):
        raise ValueError("The outcome and the predictors must be distinct variables.")
    if not all(0 <= index < correlations.shape[0] for index in indices):
        raise ValueError("A variable index lies outside the correlation matrix.")
    if not np.isfinite(correlations[np.ix_(indices, indices)]).all():
        raise ValueError(
            "The correlation matrix has NaN or infinite entries for these variables "
            "(a variable without variance?); relative importance cannot be computed."
        )
    return indices


def _subset_r_squared(matrix: FloatArray) -> list[float]:
    """R² of the outcome (row 0) on every subset of the others, indexed by bit mask."""
    count = matrix.shape[0] - 1
    r_squared = [0.0] * (1 << count)
    for subset in range(1, 1 << count):
        columns = [position + 1 for position in range(count) if subset & (1 << position)]
        r_y = matrix[0, columns]
        r_squared[subset] = float(r_y @ np.linalg.pinv(matrix[np.ix_(columns, columns)]) @ r_y)
    return r_squared


def _shapley_weight(size: int, count: int) -> float:
    """The share of orders of entry in which a predictor joins exactly `size` others."""
    return math.factorial(size) * math.factorial(count - size - 1) / math.factorial(count)
