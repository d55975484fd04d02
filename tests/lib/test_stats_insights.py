"""The insights statistics checked against SciPy, statsmodels or brute force on expanded rows.

Every function that works from counts is compared with the same statistic computed the long
way, on one row per respondent, so the shortcut can never drift from the definition.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pytest
import statsmodels.api as sm
from scipy import stats as scipy_stats
from scipy.stats.contingency import expected_freq
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)
from statsmodels.stats.weightstats import DescrStatsW

from govcx.lib.stats import (
    Comparison,
    Figure,
    compare_means_from_counts,
    compare_shares,
    difference_interval,
    holm,
    holm_adjusted,
    mean,
    mean_from_counts,
    pearson_from_joint_counts,
    proportion,
    relative_importance,
    share_from_counts,
    wilson_interval,
)

FloatArray = npt.NDArray[np.float64]
EXACT = 1e-12  # "equal" for the same statistic reached by another order of floating sums


def expand(counts: Mapping[float, int]) -> FloatArray:
    """One row per respondent: the data the count shortcuts must agree with."""
    values = np.array(list(counts), dtype=np.float64)
    return np.repeat(values, np.array(list(counts.values()), dtype=np.int64))


def expand_pairs(joint: Mapping[tuple[float, float], int]) -> tuple[FloatArray, FloatArray]:
    pairs = np.array(list(joint), dtype=np.float64).reshape(-1, 2)
    repeats = np.array(list(joint.values()), dtype=np.int64)
    return np.repeat(pairs[:, 0], repeats), np.repeat(pairs[:, 1], repeats)


def assert_same_figure(actual: Figure, expected: Figure) -> None:
    """Two figures equal to EXACT: n and suppression exactly, numbers within rounding."""
    assert (actual.n, actual.suppressed, actual.minimum_size) == (
        expected.n,
        expected.suppressed,
        expected.minimum_size,
    )
    for got, want in [
        (actual.value, expected.value),
        (actual.low, expected.low),
        (actual.high, expected.high),
    ]:
        assert (got is None) == (want is None)
        if got is not None:
            assert got == pytest.approx(want, rel=EXACT, abs=EXACT)


# --- The existing helpers at their edges ---------------------------------------------------

EDGE_SHARES = [(0, 10), (10, 10), (0, 1), (1, 1), (3, 7), (412, 500)]


@pytest.mark.parametrize(("successes", "n"), EDGE_SHARES)
def test_wilson_interval_matches_statsmodels_at_the_edges(successes: int, n: int) -> None:
    expected = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert wilson_interval(successes, n) == pytest.approx(expected, abs=EXACT)


@pytest.mark.parametrize(("successes", "n"), EDGE_SHARES)
def test_proportion_keeps_value_and_wilson_interval_at_the_edges(successes: int, n: int) -> None:
    figure = proportion(successes, n, minimum_size=1)
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert figure.value == successes / n
    assert (figure.low, figure.high) == pytest.approx((low, high), abs=EXACT)


def test_zero_and_full_shares_have_intervals_touching_0_and_1() -> None:
    none, everyone = proportion(0, 20, minimum_size=10), proportion(20, 20, minimum_size=10)
    assert none.low == pytest.approx(0.0, abs=EXACT)
    assert none.high is not None
    assert 0 < none.high < 1
    assert everyone.high == pytest.approx(1.0, abs=EXACT)
    assert everyone.low is not None
    assert 0 < everyone.low < 1


@pytest.mark.parametrize(
    "values", [[10.0, 20.0, 30.0, 40.0], [1.0, 1.0, 5.0], [2.5, 7.25], [3.0] * 9 + [4.0]]
)
def test_mean_interval_matches_scipy_t_interval(values: list[float]) -> None:
    data = np.array(values)
    expected = scipy_stats.t.interval(
        0.95, df=data.size - 1, loc=data.mean(), scale=scipy_stats.sem(data)
    )
    figure = mean(data, minimum_size=1)
    assert (figure.low, figure.high) == pytest.approx(expected, rel=EXACT)


# --- share_from_counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "n", "minimum_size"),
    [(9, 12, 10), (0, 12, 10), (12, 12, 10), (1, 1, 1), (0, 0, 10), (3, 9, 10)],
)
def test_share_from_counts_is_proportion(successes: int, n: int, minimum_size: int) -> None:
    expected = proportion(successes, n, minimum_size=minimum_size)
    assert share_from_counts(successes, n, minimum_size=minimum_size) == expected


# --- mean_from_counts -----------------------------------------------------------------------

DISTRIBUTIONS: list[dict[float, int]] = [
    {1: 3, 4: 10, 5: 7},
    {1: 0, 2: 5, 3: 0, 5: 2},  # zero counts are points nobody chose
    {0.1: 3, 0.2: 4, 0.7: 1},
    {4: 1, 5: 1},  # n = 2, the smallest sample with a spread
    {1: 100_000, 5: 250_000, 3: 1},
    {1e9: 4, 1e9 + 1: 6},  # far from zero: Σx² − (Σx)²/n would lose every digit here
    {-3.5: 2, 0: 5, 12.25: 3},
]


@pytest.mark.parametrize("counts", DISTRIBUTIONS)
def test_mean_from_counts_equals_mean_of_the_rows(counts: dict[float, int]) -> None:
    expected = mean(expand(counts), minimum_size=1)
    assert_same_figure(mean_from_counts(counts, minimum_size=1), expected)


@pytest.mark.parametrize("counts", DISTRIBUTIONS)
def test_mean_from_counts_interval_matches_scipy_t_interval(counts: dict[float, int]) -> None:
    rows = expand(counts)
    low, high = scipy_stats.t.interval(
        0.95, df=rows.size - 1, loc=rows.mean(), scale=scipy_stats.sem(rows)
    )
    figure = mean_from_counts(counts, minimum_size=1)
    # A relative tolerance: the interval is narrow next to 1e9, so compare to its width.
    width = high - low
    assert figure.low == pytest.approx(low, abs=width * 1e-9)
    assert figure.high == pytest.approx(high, abs=width * 1e-9)


def test_mean_from_counts_example_by_hand() -> None:
    # {1: 3, 4: 10, 5: 7}: Σx = 78, n = 20, mean 3.9; Σ(x − 3.9)² = 25.23 + 0.1 + 8.47 = 33.8
    figure = mean_from_counts({1: 3, 4: 10, 5: 7}, minimum_size=10)
    half_width = scipy_stats.t.ppf(0.975, 19) * math.sqrt(33.8 / 19 / 20)
    assert figure.value == pytest.approx(3.9, rel=EXACT)
    assert (figure.low, figure.high) == pytest.approx((3.9 - half_width, 3.9 + half_width))


@pytest.mark.parametrize("counts", [{}, {3: 0}, {1: 0, 5: 0}])
def test_mean_from_counts_of_no_one_is_no_value(counts: dict[float, int]) -> None:
    assert mean_from_counts(counts, minimum_size=10) == Figure.of(None, 0, minimum_size=10)


def test_mean_from_counts_of_one_respondent_has_no_interval() -> None:
    figure = mean_from_counts({4: 1, 2: 0}, minimum_size=1)
    assert figure.value == 4.0
    assert not figure.has_interval
    assert_same_figure(figure, mean(np.array([4.0]), minimum_size=1))


def test_mean_from_counts_under_the_minimum_size_is_suppressed() -> None:
    figure = mean_from_counts({1: 3, 5: 6}, minimum_size=10)
    assert figure == Figure(value=None, n=9, suppressed=True, minimum_size=10)
    assert not mean_from_counts({1: 4, 5: 6}, minimum_size=10).suppressed


@pytest.mark.parametrize("value", [4.0, 0.1, -2.0])
def test_mean_from_counts_without_variance_is_the_value_at_both_ends(value: float) -> None:
    figure = mean_from_counts({value: 12}, minimum_size=10)
    assert (figure.value, figure.low, figure.high) == (value, value, value)
    # DescrStatsW gives the same for a zero standard deviation (within its rounding of Σx/n).
    low, high = DescrStatsW(np.full(12, value)).tconfint_mean(alpha=0.05)
    assert (low, high) == pytest.approx((value, value), rel=EXACT)
    assert_same_figure(figure, mean(np.full(12, value), minimum_size=10))


def test_mean_from_counts_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        mean_from_counts({1: 3, 2: -1}, minimum_size=1)


# --- Comparison -----------------------------------------------------------------------------


def a_comparison(p_value: float) -> Comparison:
    return Comparison(
        test="Welch's t-test",
        difference=0.5,
        p_value=p_value,
        adjusted_p_value=p_value,
        correction="",
        significant=p_value < 0.05,
    )


def test_with_adjusted_judges_on_the_adjusted_p_value_and_keeps_the_raw_one() -> None:
    adjusted = a_comparison(0.03).with_adjusted(0.09, "Holm")
    assert (adjusted.p_value, adjusted.adjusted_p_value) == (0.03, 0.09)
    assert adjusted.correction == "Holm"
    assert not adjusted.significant
    assert (adjusted.test, adjusted.difference) == ("Welch's t-test", 0.5)


# --- compare_shares -------------------------------------------------------------------------


def test_small_tables_use_fisher_exact() -> None:
    comparison = compare_shares(9, 10, 2, 10)
    assert comparison is not None
    assert comparison.test == "Fisher's exact test"
    assert comparison.p_value == scipy_stats.fisher_exact([[9, 1], [2, 8]]).pvalue
    assert comparison.difference == pytest.approx(0.7)
    assert comparison.adjusted_p_value == comparison.p_value
    assert comparison.correction == ""
    assert comparison.significant


def test_large_tables_use_the_pooled_z_test() -> None:
    comparison = compare_shares(412, 500, 380, 500)
    assert comparison is not None
    assert comparison.test == "Two-proportion z-test"
    _, expected = proportions_ztest([412, 380], [500, 500])
    assert comparison.p_value == pytest.approx(expected, rel=EXACT)
    assert comparison.difference == pytest.approx(0.064)
    assert comparison.significant == (expected < 0.05)


@pytest.mark.parametrize("n_a", [1, 3, 8, 10, 25])
@pytest.mark.parametrize("n_b", [2, 10, 40])
def test_the_test_follows_the_smallest_expected_count(n_a: int, n_b: int) -> None:
    for successes_a, successes_b in itertools.product(range(n_a + 1), range(n_b + 1)):
        table = np.array([[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]])
        comparison = compare_shares(successes_a, n_a, successes_b, n_b)
        assert comparison is not None
        if table.sum(axis=0).min() == 0:  # a column of zeros: expected counts of zero too
            assert (comparison.test, comparison.p_value) == ("Fisher's exact test", 1.0)
        elif expected_freq(table).min() < 5:
            assert comparison.test == "Fisher's exact test"
            expected = scipy_stats.fisher_exact(table).pvalue
            assert comparison.p_value == pytest.approx(expected, rel=EXACT)
        else:
            assert comparison.test == "Two-proportion z-test"
            _, expected = proportions_ztest([successes_a, successes_b], [n_a, n_b])
            assert comparison.p_value == pytest.approx(expected, rel=EXACT)


def test_an_expected_count_of_exactly_five_is_enough_for_the_z_test() -> None:
    at_five = compare_shares(5, 10, 5, 10)  # expected cells 5, 5, 5, 5
    under_five = compare_shares(5, 10, 4, 10)  # expected successes 4.5
    assert at_five is not None
    assert at_five.test == "Two-proportion z-test"
    assert under_five is not None
    assert under_five.test == "Fisher's exact test"


@pytest.mark.parametrize(
    ("successes_a", "n_a", "successes_b", "n_b"),
    [(0, 500, 0, 800), (500, 500, 800, 800), (0, 1, 0, 1), (1, 1, 1, 1), (0, 12, 0, 3)],
)
def test_all_none_or_all_everyone_is_no_difference(
    successes_a: int, n_a: int, successes_b: int, n_b: int
) -> None:
    comparison = compare_shares(successes_a, n_a, successes_b, n_b)
    assert comparison is not None
    assert (comparison.difference, comparison.p_value, comparison.significant) == (0, 1.0, False)


def test_none_against_everyone_is_a_clear_difference() -> None:
    small, large = compare_shares(0, 3, 3, 3), compare_shares(0, 50, 50, 50)
    assert small is not None
    assert large is not None
    assert small.p_value == scipy_stats.fisher_exact([[0, 3], [3, 0]]).pvalue  # 0.1: n too small
    assert (small.difference, small.significant) == (-1.0, False)
    assert (large.test, large.difference, large.significant) == ("Two-proportion z-test", -1, True)


def test_single_respondents_are_compared_exactly() -> None:
    comparison = compare_shares(1, 1, 0, 1)
    assert comparison is not None
    assert (comparison.test, comparison.p_value, comparison.difference) == (
        "Fisher's exact test",
        1.0,
        1.0,
    )


def test_an_empty_group_is_not_compared() -> None:
    assert compare_shares(0, 0, 5, 10) is None
    assert compare_shares(5, 10, 0, 0) is None


def test_compare_shares_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match="observations"):
        compare_shares(11, 10, 5, 10)


# --- compare_means_from_counts --------------------------------------------------------------

PAIRS_OF_DISTRIBUTIONS: list[tuple[dict[float, int], dict[float, int]]] = [
    ({1: 3, 4: 10, 5: 7}, {1: 8, 3: 4, 5: 6}),
    ({2: 5, 3: 0, 5: 2}, {4: 1, 5: 1}),
    ({1: 40, 5: 60}, {1: 45, 5: 55}),
    ({4: 12}, {3: 2, 5: 7}),  # one group without variance: Welch still has a standard error
    ({1e9: 4, 1e9 + 1: 6}, {1e9: 7, 1e9 + 1: 3}),
]


# SciPy warns of cancellation in the variance of the constant group {4: 12}: that ~0 variance is
# the case under test, and its p-value is checked against ours all the same.
@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
@pytest.mark.parametrize(("counts_a", "counts_b"), PAIRS_OF_DISTRIBUTIONS)
def test_welch_from_counts_equals_welch_on_the_rows(
    counts_a: dict[float, int], counts_b: dict[float, int]
) -> None:
    rows_a, rows_b = expand(counts_a), expand(counts_b)
    expected = scipy_stats.ttest_ind(rows_a, rows_b, equal_var=False).pvalue
    comparison = compare_means_from_counts(counts_a, counts_b)
    assert comparison is not None
    assert comparison.test == "Welch's t-test"
    assert comparison.p_value == pytest.approx(expected, rel=1e-9, abs=EXACT)
    assert comparison.difference == pytest.approx(rows_a.mean() - rows_b.mean(), abs=1e-6)
    assert comparison.significant == (comparison.p_value < 0.05)


@pytest.mark.parametrize(
    ("counts_a", "counts_b"),
    [({}, {1: 3, 2: 4}), ({4: 1}, {1: 3, 2: 4}), ({1: 3, 2: 4}, {4: 1, 5: 0}), ({}, {})],
)
def test_a_group_under_two_values_is_not_compared(
    counts_a: dict[float, int], counts_b: dict[float, int]
) -> None:
    assert compare_means_from_counts(counts_a, counts_b) is None


def test_equal_answers_without_variance_are_no_difference() -> None:
    comparison = compare_means_from_counts({4: 12}, {4: 3, 2: 0})
    assert comparison is not None
    assert (comparison.difference, comparison.p_value, comparison.significant) == (0, 1.0, False)


def test_different_answers_without_variance_are_a_certain_difference() -> None:
    comparison = compare_means_from_counts({0.3: 12}, {0.1: 3})
    assert comparison is not None
    assert (comparison.difference, comparison.p_value, comparison.significant) == (
        0.3 - 0.1,
        0.0,
        True,
    )


# --- holm -----------------------------------------------------------------------------------


def holm_by_hand(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down: the i-th smallest times (m − i), never below an earlier one, cap 1."""
    m = len(p_values)
    adjusted = [0.0] * m
    running = 0.0
    for rank, index in enumerate(sorted(range(m), key=lambda i: p_values[i])):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def test_holm_matches_statsmodels_and_the_step_down_by_hand() -> None:
    raw = [0.01, 0.04, 0.03, 0.005, 0.5]
    adjusted = holm([a_comparison(p_value) for p_value in raw])
    expected = multipletests(raw, method="holm")[1]
    assert [c.adjusted_p_value for c in adjusted if c] == pytest.approx(list(expected))
    assert [c.adjusted_p_value for c in adjusted if c] == pytest.approx(holm_by_hand(raw))
    assert [c.p_value for c in adjusted if c] == raw
    assert [c.significant for c in adjusted if c] == [True, False, False, True, False]
    assert {c.correction for c in adjusted if c} == {"Holm"}


def test_holm_keeps_uncompared_groups_in_place_and_leaves_them_out_of_the_family() -> None:
    adjusted = holm([None, a_comparison(0.02), None, a_comparison(0.03)])
    assert adjusted[0] is None
    assert adjusted[2] is None
    assert [c.adjusted_p_value for c in adjusted if c] == pytest.approx([0.04, 0.04])


def test_holm_of_one_comparison_marks_it_without_changing_it() -> None:
    (adjusted,) = holm([a_comparison(0.03)])
    assert adjusted is not None
    assert (adjusted.adjusted_p_value, adjusted.correction, adjusted.significant) == (
        0.03,
        "Holm",
        True,
    )


@pytest.mark.parametrize("comparisons", [[], [None], [None, None]])
def test_holm_of_no_comparisons_changes_nothing(comparisons: list[Comparison | None]) -> None:
    assert holm(comparisons) == comparisons


def test_holm_on_real_comparisons() -> None:
    comparisons = [
        compare_shares(412, 500, 380, 500),
        compare_shares(0, 0, 3, 4),
        compare_means_from_counts({1: 3, 4: 10, 5: 7}, {1: 8, 3: 4, 5: 6}),
    ]
    adjusted = holm(comparisons)
    raw = [c.p_value for c in comparisons if c]
    assert [c.adjusted_p_value for c in adjusted if c] == pytest.approx(holm_by_hand(raw))
    assert adjusted[1] is None


# --- difference_interval --------------------------------------------------------------------


def newcombe_by_hand(a: int, n_a: int, b: int, n_b: int) -> tuple[float, float]:
    """Newcombe (1998) method 10, from the two Wilson intervals."""
    share_a, share_b = a / n_a, b / n_b
    low_a, high_a = proportion_confint(a, n_a, alpha=0.05, method="wilson")
    low_b, high_b = proportion_confint(b, n_b, alpha=0.05, method="wilson")
    difference = share_a - share_b
    return (
        difference - math.sqrt((share_a - low_a) ** 2 + (high_b - share_b) ** 2),
        difference + math.sqrt((high_a - share_a) ** 2 + (share_b - low_b) ** 2),
    )


DIFFERENCES = [(56, 70, 48, 80), (9, 10, 2, 10), (0, 10, 0, 20), (10, 10, 0, 10), (0, 1, 1, 1)]


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), DIFFERENCES)
def test_difference_interval_is_newcombes(a: int, n_a: int, b: int, n_b: int) -> None:
    expected = confint_proportions_2indep(a, n_a, b, n_b, method="newcomb", compare="diff")
    interval = difference_interval(a, n_a, b, n_b)
    assert interval == pytest.approx(tuple(expected), abs=EXACT)
    assert interval == pytest.approx(newcombe_by_hand(a, n_a, b, n_b), abs=EXACT)
    assert -1 <= interval[0] <= a / n_a - b / n_b <= interval[1] <= 1


def test_newcombes_published_example() -> None:
    # Newcombe (1998), Table II example (a): 56/70 − 48/80 = 0.2, interval 0.0524 to 0.3339.
    low, high = difference_interval(56, 70, 48, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), [(0, 0, 1, 2), (1, 2, 0, 0), (3, 2, 1, 2)])
def test_difference_interval_refuses_impossible_groups(a: int, n_a: int, b: int, n_b: int) -> None:
    with pytest.raises(ValueError, match="observation"):
        difference_interval(a, n_a, b, n_b)


# --- pearson_from_joint_counts --------------------------------------------------------------

JOINTS: list[dict[tuple[float, float], int]] = [
    {(1, 1): 5, (2, 3): 4, (3, 2): 6, (5, 5): 9, (4, 1): 2},
    {(1, 5): 3, (5, 1): 3, (3, 3): 0, (2, 4): 7},
    {(0.1, 10): 2, (0.2, 30): 1},  # n = 3 over two points: a line, r = 1
    {(1e9, 1): 4, (1e9 + 1, 2): 3, (1e9 + 2, 2): 5},
    {(x, y): (x * 7 + y * 3) % 5 for x in range(1, 6) for y in range(1, 6)},
]


@pytest.mark.parametrize("joint", JOINTS)
def test_pearson_from_joint_counts_equals_pearsonr_on_the_rows(
    joint: dict[tuple[float, float], int],
) -> None:
    x, y = expand_pairs(joint)
    correlation, n = pearson_from_joint_counts(joint)
    assert n == x.size
    assert correlation == pytest.approx(scipy_stats.pearsonr(x, y).statistic, abs=1e-9)


def test_a_perfect_line_correlates_exactly() -> None:
    assert pearson_from_joint_counts({(1, 2): 3, (2, 4): 5, (3, 6): 1}) == (1.0, 9)
    assert pearson_from_joint_counts({(1, 6): 3, (2, 4): 5, (3, 2): 1}) == (-1.0, 9)


@pytest.mark.parametrize(
    ("joint", "n"),
    [
        ({(3, 1): 4, (3, 5): 6}, 10),  # x never varies
        ({(1, 2): 4, (5, 2): 6}, 10),  # y never varies
        ({(1, 2): 1, (5, 4): 0}, 1),
        ({(1, 2): 0}, 0),
        ({}, 0),
    ],
)
def test_pearson_without_variance_or_pairs_is_nan(
    joint: dict[tuple[float, float], int], n: int
) -> None:
    correlation, counted = pearson_from_joint_counts(joint)
    assert math.isnan(correlation)
    assert counted == n


def test_pearson_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        pearson_from_joint_counts({(1, 2): 3, (2, 3): -1})


# --- relative_importance --------------------------------------------------------------------


def driver_data(predictors: int, respondents: int = 400, seed: int = 280) -> FloatArray:
    """Synthetic survey-like data: correlated drivers and an outcome they partly explain."""
    rng = np.random.default_rng(seed)
    shared = rng.normal(size=(respondents, 1))
    drivers = shared + rng.normal(size=(respondents, predictors))
    weights = np.linspace(1.0, 0.2, predictors)
    outcome = drivers @ weights + rng.normal(scale=2.0, size=respondents)
    return np.column_stack([outcome, drivers])


def correlation_matrix(data: FloatArray) -> FloatArray:
    """The variables' correlation matrix (columns are variables)."""
    return np.asarray(np.corrcoef(data, rowvar=False), dtype=np.float64)


def ols_r_squared(data: FloatArray, columns: Sequence[int]) -> float:
    """R² of column 0 on `columns`, by statsmodels OLS with an intercept."""
    if not columns:
        return 0.0
    exog = sm.add_constant(data[:, list(columns)])
    return float(sm.OLS(data[:, 0], exog).fit().rsquared)


def test_importances_add_up_to_the_full_models_r_squared() -> None:
    data = driver_data(5)
    importance = relative_importance(correlation_matrix(data), 0, [1, 2, 3, 4, 5])
    assert list(importance) == [1, 2, 3, 4, 5]
    assert sum(importance.values()) == pytest.approx(ols_r_squared(data, [1, 2, 3, 4, 5]))
    assert all(share > 0 for share in importance.values())
    assert importance[1] > importance[5]  # the heavier weight explains more


def test_every_subsets_r_squared_matches_ols() -> None:
    data = driver_data(4)
    correlations = correlation_matrix(data)
    for size in range(1, 5):
        for subset in itertools.combinations([1, 2, 3, 4], size):
            importance = relative_importance(correlations, 0, subset)
            assert sum(importance.values()) == pytest.approx(ols_r_squared(data, subset))


def test_importance_is_the_average_gain_over_every_order_of_entry() -> None:
    # LMG's definition, brute force: the mean R² gain of each driver over all 4! orders,
    # every R² from its own OLS fit.
    data = driver_data(4, seed=11)
    predictors = [1, 2, 3, 4]
    gains = dict.fromkeys(predictors, 0.0)
    orders = list(itertools.permutations(predictors))
    for order in orders:
        for position, predictor in enumerate(order):
            before = ols_r_squared(data, sorted(order[:position]))
            gains[predictor] += ols_r_squared(data, sorted(order[: position + 1])) - before
    importance = relative_importance(correlation_matrix(data), 0, predictors)
    for predictor in predictors:
        assert importance[predictor] == pytest.approx(gains[predictor] / len(orders))


def test_orthogonal_predictors_each_get_their_squared_correlation() -> None:
    r = [0.5, 0.3, -0.4]
    correlations = np.eye(4)
    correlations[0, 1:] = correlations[1:, 0] = r
    importance = relative_importance(correlations, 0, [1, 2, 3])
    assert [importance[i] for i in (1, 2, 3)] == pytest.approx([0.25, 0.09, 0.16])


def test_two_predictors_match_the_closed_form() -> None:
    r_1, r_2, r_12 = 0.6, 0.4, 0.3
    correlations = np.array([[1, r_1, r_2], [r_1, 1, r_12], [r_2, r_12, 1]], dtype=np.float64)
    full = (r_1**2 + r_2**2 - 2 * r_1 * r_2 * r_12) / (1 - r_12**2)
    importance = relative_importance(correlations, 0, [1, 2])
    assert importance[1] == pytest.approx((r_1**2 + full - r_2**2) / 2)
    assert importance[2] == pytest.approx((r_2**2 + full - r_1**2) / 2)


def test_the_outcome_need_not_be_the_first_variable() -> None:
    data = driver_data(3)[:, [1, 0, 2, 3]]  # the outcome now in column 1
    importance = relative_importance(correlation_matrix(data), 1, [3, 0, 2])
    reordered = data[:, [1, 0, 2, 3]]
    assert sum(importance.values()) == pytest.approx(ols_r_squared(reordered, [1, 2, 3]))


def test_a_duplicated_predictor_shares_its_r_squared_instead_of_crashing() -> None:
    data = driver_data(2)
    data = np.column_stack([data, data[:, 1]])  # column 3 is column 1 again
    importance = relative_importance(correlation_matrix(data), 0, [1, 2, 3])
    assert importance[1] == pytest.approx(importance[3])
    assert sum(importance.values()) == pytest.approx(ols_r_squared(data, [1, 2]))


def test_a_nan_correlation_is_refused_with_a_reason() -> None:
    correlations = correlation_matrix(driver_data(3))
    correlations[0, 2] = correlations[2, 0] = math.nan
    with pytest.raises(ValueError, match="NaN"):
        relative_importance(correlations, 0, [1, 2, 3])


def test_a_nan_for_a_variable_not_in_the_model_does_not_matter() -> None:
    correlations = correlation_matrix(driver_data(3))
    correlations[3, :] = correlations[:, 3] = math.nan
    assert set(relative_importance(correlations, 0, [1, 2])) == {1, 2}


def test_ten_predictors_are_decomposed_and_eleven_refused() -> None:
    correlations = correlation_matrix(driver_data(11))
    importance = relative_importance(correlations, 0, list(range(1, 11)))
    assert sum(importance.values()) == pytest.approx(ols_r_squared(driver_data(11), range(1, 11)))
    with pytest.raises(ValueError, match="10 predictors"):
        relative_importance(correlations, 0, list(range(1, 12)))


@pytest.mark.parametrize(
    ("outcome", "predictors", "message"),
    [(0, [0, 1], "distinct"), (0, [1, 1], "distinct"), (0, [1, 9], "outside"), (-1, [1], "out")],
)
def test_impossible_models_are_refused(outcome: int, predictors: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        relative_importance(np.eye(4), outcome, predictors)


def test_no_predictors_explain_nothing() -> None:
    assert relative_importance(np.eye(3), 0, []) == {}


@pytest.mark.parametrize(
    "raw",
    [
        [0.01],
        [0.04, 0.01, 0.03, 0.2],
        [0.5, 0.5, 0.5],
        [1e-300, 0.9, 0.049, 0.049, 0.0001],
        [0.0, 1.0],
    ],
)
def test_the_written_out_holm_adjustment_equals_statsmodels(raw: list[float]) -> None:
    expected = multipletests(raw, method="holm")[1]
    assert holm_adjusted(raw) == pytest.approx(list(expected), abs=1e-15)
