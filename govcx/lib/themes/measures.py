"""How well discovered themes match known labels: normalised mutual information and purity.

Both compare a labelling `truth` with a grouping `predicted` of the same items. NMI (from
scikit-learn, arithmetic normalisation) is 1 when the grouping carries all the information of
the labels and 0 when it carries none; it does not reward splitting into many small groups the
way purity does. Purity is the share of items whose group's most common label is their own;
it is easy to read ("84 % of comments sit in a theme dominated by their label") but reaches 1
with one group per item, so read it next to the number of groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from sklearn.metrics import normalized_mutual_info_score  # type: ignore[import-untyped]


def normalized_mutual_information(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """NMI between the labels and the groups (arithmetic mean of the two entropies)."""
    _check_pair(truth, predicted)
    return float(normalized_mutual_info_score(list(truth), list(predicted)))


def purity(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of items whose group's most common label is their own label."""
    _check_pair(truth, predicted)
    labels_by_group: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for label, group in zip(truth, predicted, strict=True):
        labels_by_group[group][label] += 1
    dominant = sum(max(counts.values()) for counts in labels_by_group.values())
    return dominant / len(truth)


def _check_pair(truth: Sequence[str], predicted: Sequence[str]) -> None:
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} labels against {len(predicted)} predictions")
    if not truth:
        raise ValueError("no items to compare")
