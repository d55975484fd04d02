"""Root causes: the statistics from counts, and the counts gathered from comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from govcx.comments.models import AssignmentSource, Comment, Theme
from govcx.comments.root_cause_views import recent_quarters_period
from govcx.comments.root_causes import (
    NO_THEME,
    QuarterTotal,
    RootCauses,
    ThemeCounts,
    group_condition,
    root_cause_table,
    root_causes_for,
    theme_trend,
)
from govcx.insights.periods import ALL_TIME, Period
from govcx.insights.rows import COMPLEMENT, SMALL
from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Organization
from govcx.responses.models import Response
from tests.comments.root_cause_data import make_theme, store_comment, store_many
from tests.conftest import World

# Three rows partitioning 100 comments of the group and 100 of the comparison.
COUNTS = [
    ThemeCounts("waiting", "Waiting", 30, 10),
    ThemeCounts("forms", "Forms", 20, 25),
    ThemeCounts(NO_THEME, "No theme", 50, 65),
]


# --- statistics --------------------------------------------------------------------------------


def test_shares_carry_wilson_intervals_computed_by_hand() -> None:
    table = root_cause_table(COUNTS, n_group=100, n_comparison=100, minimum_size=10)
    waiting = table.rows[0]
    assert waiting.key == "waiting"
    assert waiting.group_share is not None
    assert waiting.comparison_share is not None
    assert waiting.group_share.value == pytest.approx(0.30)
    # statsmodels' proportion_confint(30, 100, method="wilson")
    assert waiting.group_share.low == pytest.approx(0.218949, abs=1e-6)
    assert waiting.group_share.high == pytest.approx(0.395849, abs=1e-6)
    assert waiting.group_share.text == "30 % (22 %–40 %)"


def test_difference_has_a_newcombe_interval() -> None:
    waiting = root_cause_table(COUNTS, n_group=100, n_comparison=100, minimum_size=10).rows[0]
    assert waiting.difference == pytest.approx(0.20)
    # confint_proportions_2indep(30, 100, 10, 100, method="newcomb", compare="diff")
    assert waiting.difference_low == pytest.approx(0.090002, abs=1e-6)
    assert waiting.difference_high == pytest.approx(0.305789, abs=1e-6)
    assert waiting.difference_text == "+20.0 points (+9.0 to +30.6)"


def test_holm_adjusts_fisher_p_values_across_the_shown_themes() -> None:
    table = root_cause_table(COUNTS, n_group=100, n_comparison=100, minimum_size=10)
    rows = {row.key: row for row in table.rows}
    # scipy's fisher_exact: 0.000650 (waiting), 0.498 (forms), 0.0449 (no theme).
    assert rows["waiting"].p_value == pytest.approx(0.00065041, rel=1e-4)
    # Holm: smallest × 3, next × 2, largest × 1, kept non-decreasing.
    assert rows["waiting"].adjusted_p_value == pytest.approx(0.00065041 * 3, rel=1e-4)
    assert rows[NO_THEME].adjusted_p_value == pytest.approx(0.04493200 * 2, rel=1e-4)
    assert rows["forms"].adjusted_p_value == pytest.approx(0.49848176, rel=1e-4)
    assert [rows[key].significant for key in ("waiting", NO_THEME, "forms")] == [
        True,
        False,
        False,
    ]


def test_themes_are_ranked_by_over_representation() -> None:
    table = root_cause_table(COUNTS, n_group=100, n_comparison=100, minimum_size=10)
    assert [row.key for row in table.rows] == ["waiting", "forms", NO_THEME]


@pytest.mark.parametrize(("n_group", "n_comparison"), [(9, 100), (100, 9), (0, 100)])
def test_a_small_group_or_comparison_withholds_everything(n_group: int, n_comparison: int) -> None:
    counts = [ThemeCounts("waiting", "Waiting", n_group, n_comparison)]
    table = root_cause_table(counts, n_group=n_group, n_comparison=n_comparison, minimum_size=10)
    assert table.withheld
    assert table.rows == ()


def test_a_small_theme_is_withheld_and_so_is_its_complement() -> None:
    counts = [
        ThemeCounts("waiting", "Waiting", 60, 20),
        ThemeCounts("forms", "Forms", 3, 40),  # x_G small
        ThemeCounts("staff", "Staff", 12, 14),  # the smallest of the rest: 26
        ThemeCounts(NO_THEME, "No theme", 25, 26),
    ]
    table = root_cause_table(counts, n_group=100, n_comparison=100, minimum_size=10)
    by_key = {row.key: row for row in table.rows}
    assert by_key["forms"].suppression == SMALL
    assert by_key["staff"].suppression == COMPLEMENT
    for key in ("forms", "staff"):
        row = by_key[key]
        assert row.group_share is None
        assert row.comparison_share is None
        assert row.difference is None
        assert row.total is None
        assert row.p_value is None
    assert not by_key["waiting"].withheld
    assert not by_key[NO_THEME].withheld
    # Withheld rows come last, in name order, so their place gives nothing away.
    assert [row.key for row in table.rows][-2:] == ["forms", "staff"]


def test_a_theme_whose_total_is_small_is_withheld() -> None:
    counts = [
        ThemeCounts("waiting", "Waiting", 50, 40),
        ThemeCounts("forms", "Forms", 0, 4),  # total 4
        ThemeCounts("staff", "Staff", 20, 20),
        ThemeCounts(NO_THEME, "No theme", 30, 36),
    ]
    table = root_cause_table(counts, n_group=100, n_comparison=100, minimum_size=10)
    by_key = {row.key: row for row in table.rows}
    assert by_key["forms"].suppression == SMALL
    assert by_key["staff"].suppression == COMPLEMENT


def test_a_theme_nobody_mentioned_is_shown_as_zero() -> None:
    counts = [ThemeCounts("waiting", "Waiting", 0, 0), ThemeCounts(NO_THEME, "None", 20, 20)]
    table = root_cause_table(counts, n_group=20, n_comparison=20, minimum_size=10)
    waiting = next(row for row in table.rows if row.key == "waiting")
    assert not waiting.withheld
    assert waiting.group_share is not None
    assert waiting.group_share.value == 0


def test_counts_must_partition_the_groups() -> None:
    with pytest.raises(ValueError, match="add up"):
        root_cause_table(COUNTS, n_group=99, n_comparison=100, minimum_size=10)


def test_trend_withholds_small_quarters_small_cells_and_their_complements() -> None:
    quarters = [FiscalQuarter(2025, q) for q in (1, 2, 3, 4)]
    totals = dict(zip(quarters, [40, 5, 50, 60], strict=True))  # Q2 is small
    counts = {
        ("waiting", quarters[0]): 20,
        ("waiting", quarters[2]): 25,
        ("waiting", quarters[3]): 3,  # small cell
        ("forms", quarters[0]): 12,
        ("forms", quarters[2]): 15,
        ("forms", quarters[3]): 30,
    }
    trend = theme_trend(
        [("waiting", "Waiting"), ("forms", "Forms")], quarters, counts, totals, minimum_size=10
    )
    # Q2 is small; the next smallest quarter (Q1, 40) is hidden with it.
    assert [total.suppression for total in trend.totals] == [COMPLEMENT, SMALL, "", ""]
    assert trend.totals[2] == QuarterTotal(quarters[2], 50)
    waiting, forms = trend.rows
    # Its quarter withheld hides a cell, whatever its count; Q4's 3 is small itself.
    assert [cell.suppression for cell in waiting.cells] == [COMPLEMENT, SMALL, "", SMALL]
    # With every theme shown, Q4's cells add up to its n: forms' Q4 cell is hidden too.
    assert forms.cells[3].withheld
    assert forms.cells[2].share is not None
    assert forms.cells[2].share.count == 15


# --- counts from comments ----------------------------------------------------------------------


def _small_minimum(organization: Organization, size: int = 3) -> None:
    organization.minimum_group_size = size
    organization.save(update_fields=["minimum_group_size"])


@dataclass(frozen=True)
class Themes:
    waiting: Theme
    staff: Theme


@pytest.fixture
def themed(world: World) -> Themes:
    """Agency A: 12 negative comments (6 waiting, 3 staff, 3 none), 12 positive (2, 6, 4),
    2 without a trust answer; minimum group size 3."""
    _small_minimum(world.a.organization)
    waiting = make_theme(world.a.organization, "Waiting")
    staff = make_theme(world.a.organization, "Staff")
    survey = world.a.survey
    store_many(survey, 6, negative=True, theme=waiting)
    store_many(survey, 3, negative=True, theme=staff)
    store_many(survey, 3, negative=True)
    store_many(survey, 2, negative=False, theme=waiting)
    store_many(survey, 6, negative=False, theme=staff)
    store_many(survey, 4, negative=False)
    store_many(survey, 2, negative=None, theme=waiting)
    return Themes(waiting=waiting, staff=staff)


def _result(world: World, period: Period = ALL_TIME, group: str = "negative") -> RootCauses:
    return root_causes_for(
        user=world.viewer_a,
        service=world.a.service,
        period=period,
        group=group,
        today=timezone.localdate(),
    )


def test_counts_split_group_and_comparison(world: World, themed: Themes) -> None:
    result = _result(world)
    table = result.table
    assert (table.n_group, table.n_comparison, result.left_out) == (12, 12, 2)
    rows = {row.label: row for row in table.rows}
    assert rows["Waiting"].group_share is not None
    assert rows["Waiting"].comparison_share is not None
    assert (rows["Waiting"].group_share.count, rows["Waiting"].comparison_share.count) == (6, 2)
    assert table.rows[0].label == "Waiting"  # 50 % against 17 %


def test_spam_flagged_and_deleted_comments_are_not_counted(world: World, themed: Themes) -> None:
    waiting = themed.waiting
    store_comment(world.a.survey, "Spam", negative=True, theme=waiting, spam=True)
    flagged = store_comment(world.a.survey, "x", negative=True, theme=waiting)
    deleted = store_comment(world.a.survey, "y", negative=True, theme=waiting)
    Response.objects.filter(pk=flagged.response_id).update(is_flagged=True)
    Response.objects.filter(pk=deleted.response_id).update(is_deleted=True)
    result = _result(world)
    assert result.table.n_group == 12


def test_another_organizations_comments_are_never_counted(world: World, themed: Themes) -> None:
    # A comment of agency B's response, even one wrongly pointing at A's service.
    intruder = store_comment(world.b.survey, "B's comment", negative=True)
    Comment.objects.filter(pk=intruder.pk).update(service=world.a.service)
    result = _result(world)
    assert result.table.n_group == 12


def test_one_negative_driver_as_the_group(world: World) -> None:
    _small_minimum(world.a.organization)
    forms = make_theme(world.a.organization, "Forms")
    store_many(world.a.survey, 4, negative=True, drivers=["ease", "efficiency"], theme=forms)
    store_many(world.a.survey, 3, negative=True, drivers=["efficiency"])
    store_many(world.a.survey, 5, negative=False)
    result = _result(world, group="driver:ease")
    assert (result.table.n_group, result.table.n_comparison) == (4, 8)
    assert result.table.rows[0].label == "Forms"


def test_an_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="not a group"):
        group_condition("driver:mood")


def test_comments_of_a_merged_theme_count_as_the_theme_it_became(world: World) -> None:
    _small_minimum(world.a.organization)
    waiting = make_theme(world.a.organization, "Waiting")
    old = make_theme(world.a.organization, "Delays", is_active=False, merged_into=waiting)
    store_many(world.a.survey, 3, negative=True, theme=waiting)
    store_many(world.a.survey, 3, negative=True, theme=old)
    store_many(world.a.survey, 4, negative=False)
    result = _result(world)
    labels = {row.label: row for row in result.table.rows}
    assert "Delays" not in labels
    assert labels["Waiting"].group_share is not None
    assert labels["Waiting"].group_share.count == 6


def test_the_period_bounds_what_is_counted(world: World, themed: Themes) -> None:
    long_ago = timezone.now() - dt.timedelta(days=3 * 365)
    store_many(world.a.survey, 5, negative=True, when=long_ago)
    recent = _result(world, period=recent_quarters_period(timezone.localdate()))
    assert recent.table.n_group == 12
    assert _result(world).table.n_group == 17


def test_trend_counts_the_group_per_quarter(world: World, themed: Themes) -> None:
    this_quarter = FiscalQuarter.of(timezone.localdate())
    earlier = dt.datetime.combine(this_quarter.previous().start, dt.time(12), tzinfo=dt.UTC)
    store_many(world.a.survey, 4, negative=True, theme=themed.waiting, when=earlier)
    result = _result(world)
    assert result.trend is not None
    assert result.trend.quarters[-1] == this_quarter
    totals = {total.quarter: total.n for total in result.trend.totals}
    assert totals[this_quarter.previous()] == 4
    assert totals[this_quarter] == 12
    waiting = next(row for row in result.trend.rows if row.label == "Waiting")
    cell = next(cell for cell in waiting.cells if cell.quarter == this_quarter)
    assert cell.share is not None
    assert (cell.share.count, cell.share.n) == (6, 12)


def test_examples_are_redacted_comments_of_the_group_person_assigned_first(
    world: World, themed: Themes
) -> None:
    waiting = themed.waiting
    store_comment(
        world.a.survey,
        "Positive customer about waiting",
        negative=False,
        theme=waiting,
        score=0.99,
    )
    store_comment(
        world.a.survey,
        "Write to me at jane.doe@example.com about the wait",
        negative=True,
        theme=waiting,
        source=AssignmentSource.PERSON,
    )
    store_comment(world.a.survey, "Surest", negative=True, theme=waiting, score=0.9)
    store_comment(world.a.survey, "Next surest", negative=True, theme=waiting, score=0.8)
    store_comment(world.a.survey, "Unsure", negative=True, theme=waiting, score=0.1)
    result = _result(world)
    key = str(waiting.uuid)
    texts = [example.text for example in result.examples[key]]
    assert len(texts) == 3
    assert "jane.doe@example.com" not in texts[0]
    assert texts[0].endswith("about the wait")
    assert texts[1:] == ["Surest", "Next surest"]


def test_no_examples_for_withheld_themes(world: World) -> None:
    _small_minimum(world.a.organization, size=5)
    rare = make_theme(world.a.organization, "Rare")
    store_many(world.a.survey, 2, negative=True, theme=rare)
    store_many(world.a.survey, 8, negative=True)
    store_many(world.a.survey, 10, negative=False)
    result = _result(world)
    assert str(rare.uuid) not in result.examples
    assert all(row.withheld for row in result.table.rows if row.label == "Rare")


def test_the_number_of_queries_does_not_grow_with_themes(
    world: World, django_assert_max_num_queries: object
) -> None:
    _small_minimum(world.a.organization)
    for index in range(8):
        theme = make_theme(world.a.organization, f"Theme {index}")
        for copy in range(3):
            text = f"It took {copy + 2} weeks to hear back."
            store_many(world.a.survey, 1, negative=True, theme=theme, text=text)
        store_many(world.a.survey, 3, negative=False, theme=theme)
    service = world.a.service
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        result = root_causes_for(
            user=world.viewer_a,
            service=service,
            period=ALL_TIME,
            group="negative",
            today=timezone.localdate(),
        )
    assert len(result.table.shown_rows) == 9
    assert sum(len(found) for found in result.examples.values()) == 24


def test_examples_are_distinct_texts(world: World) -> None:
    _small_minimum(world.a.organization)
    theme = make_theme(world.a.organization, "Waiting")
    store_many(world.a.survey, 4, negative=True, theme=theme, text="I waited an hour.")
    store_many(world.a.survey, 1, negative=True, theme=theme, text="I waited two hours.")
    store_many(world.a.survey, 5, negative=False, theme=None)

    result = root_causes_for(
        user=world.viewer_a,
        service=world.a.service,
        period=ALL_TIME,
        group="negative",
        today=timezone.localdate(),
    )

    texts = [example.text for example in result.examples[str(theme.uuid)]]
    assert sorted(texts) == ["I waited an hour.", "I waited two hours."]
