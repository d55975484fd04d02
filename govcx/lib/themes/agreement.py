"""How far two people agree when they code the same comments with themes: Cohen's kappa.

Kappa is agreement beyond chance: (observed − expected) / (1 − expected), where expected is
the agreement two coders would reach by chance with their own frequencies of each theme.
"No theme" (None) is a category like any other, since choosing it is a judgement too.

The 95% interval uses the large-sample standard error of Fleiss, Cohen and Everitt (1969)
("Large sample standard errors of kappa and weighted kappa", Psychological Bulletin 72,
323–327), which holds for any true kappa, not only kappa = 0; statsmodels computes it. It is
clipped to [−1, 1]. With fewer than about 30 comments it is only a rough guide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats
from sklearn.metrics import cohen_kappa_score  # type: ignore[import-untyped]
from statsmodels.stats.inter_rater import cohens_kappa as kappa_with_variance

CONFIDENCE = 0.95
# Stands for "no theme" inside the computation; it cannot clash with a theme key, which is a
# caller's identifier and never contains a NUL character.
_NO_THEME = "\x00no theme"

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Agreement:
    """Cohen's kappa for two coders, with what it is computed from."""

    kappa: float | None  # None when undefined: no items, or chance agreement is certain
    n: int
    observed: float
    expected: float
    low: float | None  # 95% interval, Fleiss-Cohen-Everitt large-sample standard error
    high: float | None


def cohens_kappa(first: Sequence[str | None], second: Sequence[str | None]) -> Agreement:
    """Agreement between two coders' themes for the same items, in the same order."""
    if len(first) != len(second):
        raise ValueError(
            f"both coders must code the same items: {len(first)} codes against {len(second)}"
        )
    a = [_NO_THEME if code is None else code for code in first]
    b = [_NO_THEME if code is None else code for code in second]
    if not a:
        return Agreement(kappa=None, n=0, observed=0.0, expected=0.0, low=None, high=None)
    table = _contingency_table(a, b)
    observed, expected = _observed_and_expected(table)
    if expected >= 1.0:
        # Both coders used one and the same category throughout: kappa is 0/0.
        return Agreement(None, len(a), observed, expected, None, None)
    kappa = float(cohen_kappa_score(a, b))
    low, high = _interval(table, kappa)
    return Agreement(kappa, len(a), observed, expected, low, high)


def _contingency_table(a: list[str], b: list[str]) -> FloatMatrix:
    categories = sorted(set(a) | set(b))
    position = {category: i for i, category in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    np.add.at(table, ([position[x] for x in a], [position[y] for y in b]), 1)
    return table


def _observed_and_expected(table: FloatMatrix) -> tuple[float, float]:
    shares = table / table.sum()
    observed = float(np.trace(shares))
    expected = float(shares.sum(axis=1) @ shares.sum(axis=0))
    return observed, expected


def _interval(table: FloatMatrix, kappa: float) -> tuple[float, float]:
    # statsmodels also computes a z statistic against kappa = 0 from the variance under the
    # null, which is 0 when agreement is perfect: its "invalid value" warning is about that
    # unused figure, not about the variance read here.
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = kappa_with_variance(table).var_kappa
    standard_error = float(np.sqrt(max(variance, 0.0)))
    z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
    return max(-1.0, kappa - z * standard_error), min(1.0, kappa + z * standard_error)
