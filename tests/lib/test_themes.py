"""Comment themes: discovery, assignment to defined themes, agreement and the clustering scores.

The corpus is hand-written (tests/lib/themes_corpus.py); the known answers for kappa, NMI and
purity are worked out here from their formulas, independently of the code under test.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from govcx.lib.themes import (
    Agreement,
    Assignment,
    Discovery,
    ThemeAssigner,
    ThemeDefinition,
    cohens_kappa,
    discover_themes,
    normalized_mutual_information,
    purity,
    split_theme,
)
from govcx.lib.themes.assignment import NEAREST_EXAMPLE_WEIGHT
from govcx.lib.themes.text import content_terms, fold
from tests.lib.themes_corpus import EMPTY, PHONE_WAITS, REFUND_CHECKS, WEBSITE_LOGIN, corpus

Z_95 = 1.959963984540054


def grouping(found: Discovery) -> list[str]:
    predicted = ["unassigned"] * found.n
    for number, theme in enumerate(found.themes):
        for index in theme.members:
            predicted[index] = str(number)
    return predicted


@pytest.fixture(scope="module")
def discovered() -> tuple[list[str], list[str], Discovery]:
    texts, labels = corpus()
    texts, labels = texts + list(EMPTY), labels + ["empty"] * len(EMPTY)
    return texts, labels, discover_themes(texts, max_themes=6, seed=0)


# --- reading the text ------------------------------------------------------------------------


def test_placeholders_masks_links_and_mentions_are_not_words() -> None:
    text = "[NAME] paid {$1200.00} on XX/XX/XXXX, see https://example.gov/x and @agency XXXX"
    assert content_terms(text) == ["paid"]


def test_accents_fold_and_spanish_service_words_meet_their_english_twin() -> None:
    assert fold("Contraseña TELÉFONO") == "contrasena telefono"
    assert content_terms("La contraseña y el teléfono") == ["password", "phone"]
    assert content_terms("cheques de reembolso") == content_terms("refund checks")[::-1]


def test_plurals_meet_their_singular_and_stop_words_go() -> None:
    assert content_terms("The checks, the taxes and the replies") == ["check", "tax", "reply"]
    assert content_terms("I didn't get it and it was not good") == []


# --- discovery -------------------------------------------------------------------------------


def test_discovery_recovers_the_three_topics(
    discovered: tuple[list[str], list[str], Discovery],
) -> None:
    _, labels, found = discovered
    topical = [i for i, label in enumerate(labels) if label != "empty"]
    predicted = grouping(found)
    score = normalized_mutual_information(
        [labels[i] for i in topical], [predicted[i] for i in topical]
    )
    assert len(found.themes) == 3
    assert score >= 0.8


def test_empty_and_placeholder_only_comments_are_unassigned(
    discovered: tuple[list[str], list[str], Discovery],
) -> None:
    texts, labels, found = discovered
    empty = {i for i, label in enumerate(labels) if label == "empty"}
    assert empty <= set(found.unassigned)
    assert found.unassigned_share == pytest.approx(len(found.unassigned) / len(texts))


def test_every_comment_is_in_one_theme_or_unassigned_and_themes_go_largest_first(
    discovered: tuple[list[str], list[str], Discovery],
) -> None:
    texts, _, found = discovered
    placed = [i for theme in found.themes for i in theme.members] + list(found.unassigned)
    assert sorted(placed) == list(range(len(texts)))
    assert found.n == len(texts)
    sizes = [len(theme.members) for theme in found.themes]
    assert sizes == sorted(sizes, reverse=True)


def test_key_terms_name_the_topic_and_the_label_is_made_of_them(
    discovered: tuple[list[str], list[str], Discovery],
) -> None:
    _, labels, found = discovered
    expected = {"phone": {"hold", "phone"}, "refund": {"refund", "check"}, "login": {"login"}}
    for theme in found.themes:
        topic = Counter(labels[i] for i in theme.members).most_common(1)[0][0]
        words = {word for term in theme.key_terms[:5] for word in term.split()}
        assert expected[topic] <= words, theme.key_terms
        assert theme.label == " · ".join(theme.key_terms[:3])
        assert len(theme.key_terms) <= 10


def test_representatives_are_distinct_members(
    discovered: tuple[list[str], list[str], Discovery],
) -> None:
    texts, _, found = discovered
    for theme in found.themes:
        assert 1 <= len(theme.representatives) <= 5
        assert set(theme.representatives) <= set(theme.members)
        assert len({texts[i] for i in theme.representatives}) == len(theme.representatives)


def test_duplicates_are_never_shown_twice_as_representatives() -> None:
    texts, _ = corpus()
    repeated = texts + [PHONE_WAITS[0]] * 20
    found = discover_themes(repeated, max_themes=3, seed=0)
    for theme in found.themes:
        shown = [" ".join(repeated[i].lower().split()) for i in theme.representatives]
        assert len(set(shown)) == len(shown)


def test_the_same_seed_gives_the_same_themes() -> None:
    texts, _ = corpus()
    assert discover_themes(texts, max_themes=5, seed=7) == discover_themes(
        texts, max_themes=5, seed=7
    )


def test_too_few_comments_give_no_theme_and_say_so() -> None:
    found = discover_themes(list(PHONE_WAITS[:15]), min_theme_size=10)
    assert found.themes == ()
    assert found.unassigned == tuple(range(15))
    assert found.unassigned_share == 1.0
    assert discover_themes([]).unassigned_share == 0.0


def test_small_clusters_are_unassigned_rather_than_shown() -> None:
    texts, _ = corpus()
    found = discover_themes(texts, max_themes=3, min_theme_size=31, seed=0)
    assert all(len(theme.members) >= 31 for theme in found.themes)


@pytest.mark.parametrize(("max_themes", "min_size"), [(1, 10), (5, 0)])
def test_discovery_refuses_meaningless_settings(max_themes: int, min_size: int) -> None:
    with pytest.raises(ValueError, match="must be at least"):
        discover_themes(["a b"], max_themes=max_themes, min_theme_size=min_size)


def test_split_divides_two_mixed_topics_into_two_themes() -> None:
    texts = list(PHONE_WAITS) + list(WEBSITE_LOGIN)
    labels = ["phone"] * len(PHONE_WAITS) + ["login"] * len(WEBSITE_LOGIN)
    found = split_theme(texts, seed=0)
    assert len(found.themes) == 2
    predicted = grouping(found)
    assert normalized_mutual_information(labels, predicted) >= 0.8


def test_split_refuses_what_cannot_make_two_themes() -> None:
    with pytest.raises(ValueError, match="cannot split"):
        split_theme(list(PHONE_WAITS[:6]))


# --- assignment ------------------------------------------------------------------------------

DEFINITIONS = (
    ThemeDefinition(
        key="phone",
        name="Long waits on the phone",
        description="Callers kept on hold before anyone answers.",
        key_terms=("on hold", "phone line", "call dropped"),
    ),
    ThemeDefinition(
        key="refund",
        name="Refund checks",
        description="Refund checks lost in the mail or never received.",
        key_terms=("refund", "check", "mail"),
    ),
    ThemeDefinition(
        key="login",
        name="Website sign-in errors",
        description="Cannot log in: passwords, locked accounts, error pages.",
        key_terms=("login", "password", "locked account"),
    ),
)


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("They kept me on hold for 3 hours and then the call dropped", "phone"),
        ("Still waiting for the refund, no check came in the mail", "refund"),
        ("My password doesn't work and the login page is broken", "login"),
        ("Me tuvieron esperando en el teléfono tres horas", "phone"),
        ("Nunca recibí el cheque del reembolso", "refund"),
        ("No puedo entrar, la contraseña no funciona", "login"),
    ],
)
def test_new_comments_go_to_the_defined_theme(comment: str, expected: str) -> None:
    found = ThemeAssigner(DEFINITIONS).assign_one(comment)
    assert found is not None
    assert found.key == expected
    assert 0.0 < found.score <= 1.0


@pytest.mark.parametrize(
    "comment",
    ["The parking lot was repaved last summer", "", "[NAME] [PHONE]", "Thank you so much!"],
)
def test_comments_about_none_of_the_themes_get_none(comment: str) -> None:
    assert ThemeAssigner(DEFINITIONS).assign_one(comment) is None


def test_a_correction_brings_comments_like_it_to_a_theme_they_missed() -> None:
    comment = "The automated voice menu kept sending me back to the start"
    assert ThemeAssigner(DEFINITIONS).assign_one(comment) is None
    corrected = _with_example(DEFINITIONS, "phone", comment)
    similar = "The automated voice menu sent me back to the start again"
    found = ThemeAssigner(corrected).assign_one(similar)
    assert found is not None
    assert found.key == "phone"


def test_a_correction_moves_comments_like_it_from_one_theme_to_another() -> None:
    comment = "I phoned about my refund and was on hold for an hour"
    before = ThemeAssigner(DEFINITIONS).assign_one(comment)
    assert before is not None
    assert before.key == "refund"
    corrected = _with_example(DEFINITIONS, "phone", comment)
    after = ThemeAssigner(corrected).assign_one("I phoned about my refund, on hold an hour")
    assert after is not None
    assert after.key == "phone"


def test_examples_alone_define_a_theme() -> None:
    definitions = (
        ThemeDefinition(key="parking", name="Parking", examples=("No parking near the office",)),
        *DEFINITIONS,
    )
    found = ThemeAssigner(definitions).assign_one("There is never any parking at the office")
    assert found is not None
    assert found.key == "parking"


def test_a_comment_like_an_example_goes_to_that_examples_theme() -> None:
    definitions = (
        _with_example(DEFINITIONS, "phone", "The voice menu loops forever")[0],
        _with_example(DEFINITIONS, "refund", "The amount on the notice is wrong")[1],
        _with_example(DEFINITIONS, "login", "The app crashes on my tablet")[2],
    )
    assigner = ThemeAssigner(definitions)
    got = assigner.assign(["the amount on the notice is wrong!", "the app crashes on my tablet"])
    assert [found.key if found else None for found in got] == ["refund", "login"]
    # The same words as an example: similarity 1 to it, weighted as a nearest example.
    assert all(found is not None and found.score >= NEAREST_EXAMPLE_WEIGHT - 1e-9 for found in got)


def test_a_batch_gives_what_one_at_a_time_gives() -> None:
    texts = list(PHONE_WAITS + REFUND_CHECKS + WEBSITE_LOGIN) * 12  # more than one batch
    assigner = ThemeAssigner(DEFINITIONS)
    batch = assigner.assign(texts)
    assert len(batch) == len(texts)
    assert batch[:90] == [assigner.assign_one(text) for text in texts[:90]]
    assert batch[990:1080] == batch[:90]  # across the boundary between two batches


def test_the_threshold_decides_between_a_theme_and_none() -> None:
    comment = "hold"
    score = ThemeAssigner(DEFINITIONS, threshold=0.0).assign_one(comment)
    assert isinstance(score, Assignment)
    assert ThemeAssigner(DEFINITIONS, threshold=score.score).assign_one(comment) == score
    assert ThemeAssigner(DEFINITIONS, threshold=score.score + 0.01).assign_one(comment) is None


@pytest.mark.parametrize(
    ("definitions", "threshold", "message"),
    [
        ((), 0.1, "at least one"),
        ((DEFINITIONS[0], DEFINITIONS[0]), 0.1, "unique"),
        (DEFINITIONS, 1.5, "between 0 and 1"),
        ((ThemeDefinition(key="x", name="Other"),), 0.1, "no content words"),
    ],
)
def test_unusable_definitions_are_refused(
    definitions: tuple[ThemeDefinition, ...], threshold: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ThemeAssigner(definitions, threshold=threshold)


def _with_example(
    definitions: tuple[ThemeDefinition, ...], key: str, example: str
) -> tuple[ThemeDefinition, ...]:
    return tuple(
        ThemeDefinition(d.key, d.name, d.description, d.key_terms, (*d.examples, example))
        if d.key == key
        else d
        for d in definitions
    )


# --- agreement -------------------------------------------------------------------------------


def test_perfect_agreement_is_one() -> None:
    codes = ["phone", "refund", None, "login", "phone"]
    agreement = cohens_kappa(codes, list(codes))
    assert agreement.kappa == pytest.approx(1.0)
    assert agreement.observed == 1.0
    assert agreement.n == 5
    assert agreement.low == pytest.approx(1.0)
    assert agreement.high == pytest.approx(1.0)


def test_the_two_by_two_textbook_case() -> None:
    # 50 comments: both "yes" 20, first only 5, second only 10, both "no" 15.
    first = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    agreement = cohens_kappa(first, second)
    # observed 35/50; chance 0.5·0.6 + 0.5·0.4; kappa (0.7 − 0.5) / (1 − 0.5)
    assert agreement.observed == pytest.approx(0.7)
    assert agreement.expected == pytest.approx(0.5)
    assert agreement.kappa == pytest.approx(0.4)
    low, high = fleiss_cohen_everitt_interval(
        cells={("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15},
        kappa=0.4,
    )
    assert (agreement.low, agreement.high) == pytest.approx((low, high))


def test_none_is_a_category_like_any_other() -> None:
    agreement = cohens_kappa(["a", None, None, "a"], ["a", None, "a", "a"])
    # observed 3/4; first: a 1/2, none 1/2; second: a 3/4, none 1/4 → chance 3/8 + 1/8
    assert agreement.kappa == pytest.approx((0.75 - 0.5) / (1 - 0.5))


def test_systematic_disagreement_is_minus_one() -> None:
    agreement = cohens_kappa(["a", "b", "a", "b"], ["b", "a", "b", "a"])
    assert agreement.kappa == pytest.approx(-1.0)
    assert agreement.low is not None
    assert agreement.low >= -1.0


@pytest.mark.parametrize(
    ("first", "second", "observed"),
    [([], [], 0.0), (["a", "a", "a"], ["a", "a", "a"], 1.0), ([None, None], [None, None], 1.0)],
)
def test_kappa_is_undefined_without_items_or_with_one_shared_category(
    first: list[str | None], second: list[str | None], observed: float
) -> None:
    agreement = cohens_kappa(first, second)
    assert agreement == Agreement(
        kappa=None, n=len(first), observed=observed, expected=observed, low=None, high=None
    )


def test_kappa_needs_the_same_items() -> None:
    with pytest.raises(ValueError, match="same items"):
        cohens_kappa(["a"], ["a", "b"])


def fleiss_cohen_everitt_interval(
    cells: dict[tuple[str, str], int], kappa: float
) -> tuple[float, float]:
    """The large-sample 95% interval of Fleiss, Cohen and Everitt (1969), written out."""
    n = sum(cells.values())
    categories = sorted({c for pair in cells for c in pair})
    p = {(i, j): cells.get((i, j), 0) / n for i in categories for j in categories}
    row = {i: sum(p[i, j] for j in categories) for i in categories}
    column = {j: sum(p[i, j] for i in categories) for j in categories}
    chance = sum(row[i] * column[i] for i in categories)
    diagonal = sum(p[i, i] * (1 - (row[i] + column[i]) * (1 - kappa)) ** 2 for i in categories)
    off = (1 - kappa) ** 2 * sum(
        p[i, j] * (column[i] + row[j]) ** 2 for i in categories for j in categories if i != j
    )
    variance = (diagonal + off - (kappa - chance * (1 - kappa)) ** 2) / (n * (1 - chance) ** 2)
    return kappa - Z_95 * math.sqrt(variance), kappa + Z_95 * math.sqrt(variance)


# --- clustering scores -----------------------------------------------------------------------


def test_purity_counts_each_groups_dominant_label() -> None:
    assert purity(["a", "a", "b", "b"], ["1", "1", "1", "2"]) == pytest.approx(3 / 4)
    assert purity(["a", "b", "c"], ["1", "2", "3"]) == 1.0


def test_nmi_is_one_for_a_renaming_and_zero_for_independence() -> None:
    assert normalized_mutual_information(["a", "a", "b"], ["x", "x", "y"]) == pytest.approx(1.0)
    assert normalized_mutual_information(["a", "a", "b", "b"], ["1", "2", "1", "2"]) == (
        pytest.approx(0.0, abs=1e-12)
    )


def test_nmi_of_a_small_case_by_hand() -> None:
    # joint shares: (a,1) 1/2, (b,1) 1/4, (b,2) 1/4; marginals a 1/2, b 1/2; 1: 3/4, 2: 1/4
    information = (
        0.5 * math.log(0.5 / (0.5 * 0.75))
        + 0.25 * math.log(0.25 / (0.5 * 0.75))
        + 0.25 * math.log(0.25 / (0.5 * 0.25))
    )
    entropy_truth = math.log(2)
    entropy_groups = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    expected = information / ((entropy_truth + entropy_groups) / 2)
    got = normalized_mutual_information(["a", "a", "b", "b"], ["1", "1", "1", "2"])
    assert got == pytest.approx(expected)


@pytest.mark.parametrize("score", [purity, normalized_mutual_information])
def test_scores_refuse_mismatched_or_empty_input(score: object) -> None:
    with pytest.raises(ValueError, match="against"):
        score(["a"], ["1", "2"])  # type: ignore[operator]
    with pytest.raises(ValueError, match="no items"):
        score([], [])  # type: ignore[operator]
