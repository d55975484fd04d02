"""Root causes: which themes are over-represented among customers who had a bad experience.

For one service and period, counted comments whose customer answered the trust question or the
"What didn't go so well?" question are split in two: the group G (negative trust or any
negative driver, or one chosen negative driver) and the comparison C (everyone else who
answered). For each theme, the share of G's comments in it is compared with C's share: a theme
much more common in G is where a service owner looks first. It is an association, not proof of
cause.

The statistics (`root_cause_table`, `theme_trend`) take counts only, so they are tested without
a database; `root_causes_for` gathers those counts with a few aggregate queries.

Suppression follows the insights convention (`govcx.insights.rows`): a count of 1 to
minimum − 1 is small and withheld (zero describes no one and is shown); when exactly one
figure of a breakdown whose total is published is withheld, the next smallest is withheld too,
so that it cannot be worked out by subtraction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, Self, TypeVar

from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber, TruncMonth
from scipy import stats as scipy_stats

from govcx.comments.models import AssignmentSource, Comment, Theme
from govcx.comments.selectors import (
    active_themes,
    comment_texts,
    comments_visible_to,
    counted_comments,
)
from govcx.insights.metrics import DRIVER_NAMES
from govcx.insights.periods import Period
from govcx.insights.rows import COMPLEMENT, SMALL
from govcx.lib.fiscal import FiscalQuarter, Month, quarters_ending_with
from govcx.lib.stats import SIGNIFICANCE, difference_interval, holm_adjusted, wilson_interval
from govcx.registry.models import Service, User

GROUP_NEGATIVE = "negative"
DRIVER_PREFIX = "driver:"
NO_THEME = "none"
NO_THEME_LABEL = "No theme"
TEST_NAME = "Fisher's exact test (two-sided)"
CORRECTION = "Holm"
EXAMPLES_PER_THEME = 3
EXAMPLE_CANDIDATES_PER_THEME = 12  # read a few more, so repeated texts can be skipped
TREND_QUARTERS = 4
# A comment's negative drivers are a JSON list of at most the seven A-11 driver keys. Looking
# each position up works on SQLite and PostgreSQL alike, where `contains` on JSON does not.
_MAXIMUM_DRIVERS = len(DRIVER_NAMES)


# --- statistics from counts --------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """`count` of `n` with its 95 % Wilson interval."""

    count: int
    n: int
    value: float
    low: float
    high: float

    @classmethod
    def of(cls, count: int, n: int) -> Share | None:
        if n == 0:
            return None
        low, high = wilson_interval(count, n)
        return cls(count=count, n=n, value=count / n, low=low, high=high)

    @property
    def text(self) -> str:
        """ "12 % (8 %–17 %)": the share and its interval, as a person reads them."""
        return f"{percent(self.value)} ({percent(self.low)}–{percent(self.high)})"


def percent(share: float) -> str:
    """A whole percentage; one decimal under 1 %, so a small share does not read as none."""
    if 0 < share * 100 < 1:
        return f"{share * 100:.1f} %"
    return f"{share * 100:.0f} %"


def points(difference: float) -> str:
    """A difference of shares in percentage points, signed, with a true minus sign."""
    return f"{difference * 100:+.1f}".replace("-", "−")


@dataclass(frozen=True)
class ThemeCounts:
    """One theme's comments in the group (x_G) and in the comparison (x_C)."""

    key: str  # a theme's uuid, or NO_THEME
    label: str
    in_group: int
    in_comparison: int

    @property
    def total(self) -> int:
        return self.in_group + self.in_comparison


@dataclass(frozen=True)
class ThemeRow:
    """A theme compared between G and C, or only the fact that it is withheld."""

    key: str
    label: str
    total: int | None = None  # x_G + x_C; None when withheld
    suppression: str = ""  # "", SMALL or COMPLEMENT
    group_share: Share | None = None
    comparison_share: Share | None = None
    difference: float | None = None  # group share − comparison share
    difference_low: float | None = None
    difference_high: float | None = None
    p_value: float | None = None
    adjusted_p_value: float | None = None
    significant: bool | None = None

    @property
    def withheld(self) -> bool:
        return bool(self.suppression)

    @property
    def difference_text(self) -> str:
        """ "+5.2 points (+1.0 to +9.4)", or "" for a withheld row."""
        if self.difference is None or self.difference_low is None or self.difference_high is None:
            return ""
        around = f"{points(self.difference_low)} to {points(self.difference_high)}"
        return f"{points(self.difference)} points ({around})"

    @property
    def adjusted_p_text(self) -> str:
        """ "p = 0.032", "p < 0.001", or "" when no test was made."""
        if self.adjusted_p_value is None:
            return ""
        if self.adjusted_p_value < 0.001:
            return "p < 0.001"
        return f"p = {self.adjusted_p_value:.3f}"

    def withhold(self, reason: str) -> ThemeRow:
        return ThemeRow(key=self.key, label=self.label, suppression=self.suppression or reason)


@dataclass(frozen=True)
class RootCauseTable:
    n_group: int
    n_comparison: int
    minimum_size: int
    rows: tuple[ThemeRow, ...]
    # True when G or C is smaller than the minimum: no share at all is shown.
    withheld: bool = False
    test: str = TEST_NAME
    correction: str = CORRECTION

    @property
    def shown_rows(self) -> tuple[ThemeRow, ...]:
        return tuple(row for row in self.rows if not row.withheld)


def is_small(count: int, minimum_size: int) -> bool:
    """1 to minimum − 1: a count that could point at a few people (zero describes no one)."""
    return 0 < count < minimum_size


def root_cause_table(
    counts: Sequence[ThemeCounts], *, n_group: int, n_comparison: int, minimum_size: int
) -> RootCauseTable:
    """Each theme's share in G against C, ranked by how over-represented it is in G.

    The rows must partition both groups (every comment in exactly one row, "No theme"
    included): that is what makes complementary suppression necessary and sufficient.
    """
    _check_partition(counts, n_group, n_comparison)
    if n_group < minimum_size or n_comparison < minimum_size:
        return RootCauseTable(n_group, n_comparison, minimum_size, rows=(), withheld=True)
    rows = [_row(each, n_group, n_comparison, minimum_size) for each in counts]
    rows = _holm(complement_withheld(rows, size=lambda row: row.total or 0))
    return RootCauseTable(n_group, n_comparison, minimum_size, rows=tuple(_ranked(rows)))


def _check_partition(counts: Sequence[ThemeCounts], n_group: int, n_comparison: int) -> None:
    if any(each.in_group < 0 or each.in_comparison < 0 for each in counts):
        raise ValueError("A count of comments cannot be negative.")
    if sum(each.in_group for each in counts) != n_group:
        raise ValueError("The themes' counts in the group must add up to the group's size.")
    if sum(each.in_comparison for each in counts) != n_comparison:
        raise ValueError("The themes' counts in the comparison must add up to its size.")


def _row(counts: ThemeCounts, n_group: int, n_comparison: int, minimum_size: int) -> ThemeRow:
    row = ThemeRow(key=counts.key, label=counts.label)
    if is_small(counts.in_group, minimum_size) or is_small(counts.total, minimum_size):
        return row.withhold(SMALL)
    low, high = difference_interval(counts.in_group, n_group, counts.in_comparison, n_comparison)
    table = [
        [counts.in_group, n_group - counts.in_group],
        [counts.in_comparison, n_comparison - counts.in_comparison],
    ]
    p_value = float(scipy_stats.fisher_exact(table, alternative="two-sided").pvalue)
    return replace(
        row,
        total=counts.total,
        group_share=Share.of(counts.in_group, n_group),
        comparison_share=Share.of(counts.in_comparison, n_comparison),
        difference=counts.in_group / n_group - counts.in_comparison / n_comparison,
        difference_low=low,
        difference_high=high,
        p_value=min(1.0, p_value),
    )


class Withholdable(Protocol):
    @property
    def withheld(self) -> bool: ...

    def withhold(self, reason: str) -> Self: ...


W = TypeVar("W", bound=Withholdable)


def complement_withheld(items: list[W], *, size: Callable[[W], int]) -> list[W]:
    """Never leave exactly one item of a breakdown withheld: hide the next smallest as well.

    Only an item with something in it is a candidate: hiding a zero would not stop the
    first one from being worked out.
    """
    if sum(1 for item in items if item.withheld) != 1:
        return items
    shown = [item for item in items if not item.withheld and size(item) > 0]
    if not shown:
        return items
    smallest = min(shown, key=size)
    return [item.withhold(COMPLEMENT) if item is smallest else item for item in items]


def _holm(rows: list[ThemeRow]) -> list[ThemeRow]:
    """Adjust the shown rows' p-values for being a family of comparisons (Holm)."""
    tested = [index for index, row in enumerate(rows) if row.p_value is not None]
    adjusted = holm_adjusted([rows[index].p_value or 0.0 for index in tested])
    result = list(rows)
    for index, p_value in zip(tested, adjusted, strict=True):
        result[index] = replace(
            rows[index], adjusted_p_value=p_value, significant=p_value < SIGNIFICANCE
        )
    return result


def _ranked(rows: list[ThemeRow]) -> list[ThemeRow]:
    """Most over-represented first; withheld rows last, by name, so their order tells nothing."""
    shown = sorted(
        (row for row in rows if not row.withheld),
        key=lambda row: (-(row.difference or 0.0), row.label),
    )
    withheld = sorted((row for row in rows if row.withheld), key=lambda row: row.label)
    return shown + withheld


# --- trend -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendCell:
    """A theme's share of G's comments in one quarter, or why it is not shown."""

    quarter: FiscalQuarter
    share: Share | None = None
    suppression: str = ""  # "", SMALL or COMPLEMENT
    empty: bool = False  # no comments from G that quarter

    @property
    def withheld(self) -> bool:
        return bool(self.suppression)

    def withhold(self, reason: str) -> TrendCell:
        return TrendCell(quarter=self.quarter, suppression=self.suppression or reason)


@dataclass(frozen=True)
class QuarterTotal:
    quarter: FiscalQuarter
    n: int | None  # None when withheld
    suppression: str = ""

    @property
    def withheld(self) -> bool:
        return bool(self.suppression)

    def withhold(self, reason: str) -> QuarterTotal:
        return QuarterTotal(self.quarter, None, self.suppression or reason)


@dataclass(frozen=True)
class TrendRow:
    key: str
    label: str
    cells: tuple[TrendCell, ...]


@dataclass(frozen=True)
class Trend:
    quarters: tuple[FiscalQuarter, ...]
    totals: tuple[QuarterTotal, ...]  # n_G per quarter
    rows: tuple[TrendRow, ...]


def theme_trend(
    themes: Sequence[tuple[str, str]],
    quarters: Sequence[FiscalQuarter],
    counts: Mapping[tuple[str, FiscalQuarter], int],
    totals: Mapping[FiscalQuarter, int],
    *,
    minimum_size: int,
) -> Trend:
    """Each theme's share of G per quarter: `counts[(theme key, quarter)]` of `totals[quarter]`.

    A quarter whose n_G is small is withheld whole; a small cell is withheld; and, since
    cells add up along a theme (to its count over the quarters) and down a quarter (to n_G
    when every theme is shown), complementary suppression runs along both until nothing
    changes.
    """
    quarter_totals = _quarter_totals(quarters, totals, minimum_size)
    grid = [
        [
            _cell(quarter, counts.get((key, quarter), 0), total, minimum_size)
            for quarter, total in zip(quarters, quarter_totals, strict=True)
        ]
        for key, _label in themes
    ]
    grid = _complement_grid(grid, counts, themes, quarters)
    rows = tuple(
        TrendRow(key=key, label=label, cells=tuple(cells))
        for (key, label), cells in zip(themes, grid, strict=True)
    )
    return Trend(quarters=tuple(quarters), totals=tuple(quarter_totals), rows=rows)


def _quarter_totals(
    quarters: Sequence[FiscalQuarter], totals: Mapping[FiscalQuarter, int], minimum_size: int
) -> list[QuarterTotal]:
    result = [
        QuarterTotal(quarter, None, SMALL)
        if is_small(totals.get(quarter, 0), minimum_size)
        else QuarterTotal(quarter, totals.get(quarter, 0))
        for quarter in quarters
    ]
    return complement_withheld(result, size=lambda total: total.n or 0)


def _cell(quarter: FiscalQuarter, count: int, total: QuarterTotal, minimum_size: int) -> TrendCell:
    if total.withheld:
        return TrendCell(quarter, suppression=total.suppression)
    if total.n == 0:
        return TrendCell(quarter, empty=True)
    if is_small(count, minimum_size):
        return TrendCell(quarter, suppression=SMALL)
    return TrendCell(quarter, share=Share.of(count, total.n or 0))


def _complement_grid(
    grid: list[list[TrendCell]],
    counts: Mapping[tuple[str, FiscalQuarter], int],
    themes: Sequence[tuple[str, str]],
    quarters: Sequence[FiscalQuarter],
) -> list[list[TrendCell]]:
    """Complementary suppression along rows and columns, repeated until stable."""

    def count_of(row: int, column: int) -> int:
        return counts.get((themes[row][0], quarters[column]), 0)

    while True:
        before = [[cell.withheld for cell in cells] for cells in grid]
        for row, cells in enumerate(grid):
            grid[row] = _complement_line(cells, [count_of(row, c) for c in range(len(cells))])
        for column in range(len(quarters)):
            line = [grid[row][column] for row in range(len(grid))]
            done = _complement_line(line, [count_of(row, column) for row in range(len(grid))])
            for row, cell in enumerate(done):
                grid[row][column] = cell
        if before == [[cell.withheld for cell in cells] for cells in grid]:
            return grid


def _complement_line(cells: list[TrendCell], sizes: list[int]) -> list[TrendCell]:
    """One line of the grid (a theme's quarters, or a quarter's themes)."""
    size_of = {id(cell): size for cell, size in zip(cells, sizes, strict=True)}
    return complement_withheld(cells, size=lambda cell: size_of[id(cell)])


# --- gathering the counts ----------------------------------------------------------------------


class GroupError(ValueError):
    pass


def group_choices() -> list[tuple[str, str]]:
    """The groups a root-cause page compares with everyone else who answered."""
    choices = [(GROUP_NEGATIVE, "gave negative trust or chose any negative driver")]
    choices += [
        (f"{DRIVER_PREFIX}{key}", f"chose “{name}” under “What didn't go so well?”")
        for key, name in DRIVER_NAMES.items()
    ]
    return choices


def group_condition(group: str) -> Q:
    """Which comments belong to G (the comparison is the rest of those who answered)."""
    if group == GROUP_NEGATIVE:
        return Q(is_negative=True)
    driver = group.removeprefix(DRIVER_PREFIX)
    if not group.startswith(DRIVER_PREFIX) or driver not in DRIVER_NAMES:
        raise GroupError(f"“{group}” is not a group: use negative or driver:<driver>.")
    condition = Q()
    for position in range(_MAXIMUM_DRIVERS):
        condition |= Q(**{f"negative_drivers__{position}": driver})
    return condition


def period_bounds(period: Period) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The period as UTC instants: from its first month's start to after its last month."""
    start = _utc(period.first_month) if period.first_month else None
    end = _utc(Month.of(period.last_month).end_exclusive) if period.last_month else None
    return start, end


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def trend_quarters(period: Period, today: dt.date) -> list[FiscalQuarter]:
    """The last four fiscal quarters of the period (ending with today's for all time)."""
    last = FiscalQuarter.of(period.last_month or today)
    return quarters_ending_with(last, TREND_QUARTERS)


@dataclass(frozen=True)
class Example:
    comment: Comment
    text: str


@dataclass(frozen=True)
class RootCauses:
    service: Service
    period: Period
    group: str
    group_label: str
    table: RootCauseTable
    left_out: int  # comments whose customer answered neither trust nor a driver question
    trend: Trend | None
    examples: Mapping[str, tuple[Example, ...]]

    @property
    def rows_with_examples(self) -> list[tuple[ThemeRow, tuple[Example, ...]]]:
        return [(row, self.examples.get(row.key, ())) for row in self.table.shown_rows]


def root_causes_for(
    *, user: User, service: Service, period: Period, group: str, today: dt.date
) -> RootCauses:
    """Everything a root-cause page shows, from a bounded number of aggregate queries."""
    condition = group_condition(group)
    comments = comments_visible_to(user).filter(service=service)
    resolve = ThemeResolver.for_service(service)
    start, end = period_bounds(period)
    in_period = _between(comments, start, end)
    counts, left_out = _theme_counts(in_period, condition, resolve)
    table = root_cause_table(
        counts,
        n_group=sum(each.in_group for each in counts),
        n_comparison=sum(each.in_comparison for each in counts),
        minimum_size=service.organization.minimum_group_size,
    )
    shown = [(row.key, row.label) for row in table.shown_rows]
    trend = _trend(comments, condition, resolve, shown, period, today, table.minimum_size)
    return RootCauses(
        service=service,
        period=period,
        group=group,
        group_label=dict(group_choices())[group],
        table=table,
        left_out=left_out,
        trend=trend if shown else None,
        examples=_examples(in_period.filter(condition), resolve, [key for key, _ in shown]),
    )


def root_cause_table_for(
    *, service: Service, period: Period, group: str = GROUP_NEGATIVE
) -> RootCauseTable:
    """The theme table alone, from every counted comment of the service: for reports read by
    people who see figures but not comments, so no example texts and no trend."""
    comments = _between(counted_comments().filter(service=service), *period_bounds(period))
    counts, _left_out = _theme_counts(
        comments, group_condition(group), ThemeResolver.for_service(service)
    )
    return root_cause_table(
        counts,
        n_group=sum(each.in_group for each in counts),
        n_comparison=sum(each.in_comparison for each in counts),
        minimum_size=service.organization.minimum_group_size,
    )


def _between(
    comments: QuerySet[Comment], start: dt.datetime | None, end: dt.datetime | None
) -> QuerySet[Comment]:
    if start is not None:
        comments = comments.filter(created_at__gte=start)
    if end is not None:
        comments = comments.filter(created_at__lt=end)
    return comments


@dataclass(frozen=True)
class ThemeResolver:
    """Maps a comment's theme id to the row it counts in.

    A merged theme's comments count as the theme it was merged into (following the chain);
    a theme retired without a successor counts as "No theme".
    """

    keys: Mapping[int, str]  # theme id → uuid of the active theme it resolves to
    labels: Mapping[str, str]  # row key → label, active themes and NO_THEME, in name order

    @classmethod
    def for_service(cls, service: Service) -> ThemeResolver:
        themes = Theme.objects.filter(organization_id=service.organization_id)
        rows = {
            pk: (str(uuid), active, merged)
            for pk, uuid, active, merged in themes.values_list(
                "pk", "uuid", "is_active", "merged_into_id"
            )
        }
        keys = {pk: key for pk in rows if (key := _resolved(pk, rows)) is not None}
        labels = {str(theme.uuid): theme.name for theme in active_themes(service.organization)}
        return cls(keys=keys, labels={**labels, NO_THEME: NO_THEME_LABEL})

    def key_of(self, theme_id: int | None) -> str:
        return self.keys.get(theme_id, NO_THEME) if theme_id is not None else NO_THEME

    def theme_ids_of(self, key: str) -> list[int]:
        return [theme_id for theme_id, each in self.keys.items() if each == key]


def _resolved(pk: int, rows: Mapping[int, tuple[str, bool, int | None]]) -> str | None:
    seen: set[int] = set()
    current: int | None = pk
    while current is not None and current in rows and current not in seen:
        seen.add(current)
        key, active, merged_into = rows[current]
        if active:
            return key
        current = merged_into
    return None


def _theme_counts(
    comments: QuerySet[Comment], condition: Q, resolve: ThemeResolver
) -> tuple[list[ThemeCounts], int]:
    """x_G and x_C per row in one grouped query, and the comments left out (no answer)."""
    grouped = (
        comments.annotate(in_group=Case(When(condition, then=Value(True)), default=Value(False)))
        .values("theme_id", "is_negative", "in_group")
        .annotate(count=Count("pk"))
        .order_by()
    )
    in_group: dict[str, int] = dict.fromkeys(resolve.labels, 0)
    in_comparison: dict[str, int] = dict.fromkeys(resolve.labels, 0)
    left_out = 0
    for each in grouped:
        if each["is_negative"] is None:
            left_out += each["count"]
            continue
        tally = in_group if each["in_group"] else in_comparison
        tally[resolve.key_of(each["theme_id"])] += each["count"]
    counts = [
        ThemeCounts(key, label, in_group[key], in_comparison[key])
        for key, label in resolve.labels.items()
    ]
    return counts, left_out


def _trend(
    comments: QuerySet[Comment],
    condition: Q,
    resolve: ThemeResolver,
    shown: list[tuple[str, str]],
    period: Period,
    today: dt.date,
    minimum_size: int,
) -> Trend:
    """G's comments per theme and fiscal quarter, from one query grouped by month."""
    quarters = trend_quarters(period, today)
    group = _between(
        comments.filter(condition),
        _utc(quarters[0].start),
        _utc(quarters[-1].end_exclusive),
    )
    grouped = (
        group.annotate(month=TruncMonth("created_at"))
        .values("theme_id", "month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[str, FiscalQuarter], int] = defaultdict(int)
    totals: dict[FiscalQuarter, int] = defaultdict(int)
    for each in grouped:
        quarter = FiscalQuarter.of(_as_date(each["month"]))
        counts[(resolve.key_of(each["theme_id"]), quarter)] += each["count"]
        totals[quarter] += each["count"]
    return theme_trend(shown, quarters, counts, totals, minimum_size=minimum_size)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _examples(
    group: QuerySet[Comment], resolve: ThemeResolver, keys: list[str]
) -> dict[str, tuple[Example, ...]]:
    """Up to three of G's comments per shown theme: set by a person first, then the surest
    automatic assignments, then the newest. One query, ranked inside the database."""
    if not keys:
        return {}
    theme_ids = [theme_id for key in keys for theme_id in resolve.theme_ids_of(key)]
    wanted = Q(theme_id__in=theme_ids)
    if NO_THEME in keys:
        wanted |= Q(theme__isnull=True) | ~Q(theme_id__in=list(resolve.keys))
    ordering = [
        Case(When(theme_source=AssignmentSource.PERSON, then=Value(0)), default=Value(1)).asc(),
        F("theme_score").desc(nulls_last=True),
        F("created_at").desc(),
        F("pk").desc(),
    ]
    ranked = (
        group.filter(wanted)
        .annotate(rank=Window(RowNumber(), partition_by=[F("theme_id")], order_by=ordering))
        .filter(rank__lte=EXAMPLE_CANDIDATES_PER_THEME)
        .order_by(*ordering)
    )
    comments = list(ranked)
    texts = comment_texts(comments)
    examples: dict[str, list[Example]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for comment in comments:  # a few candidates per theme id: a short list
        key, text = resolve.key_of(comment.theme_id), texts.get(comment.pk, "")
        # Customers often write the same words; three copies of one sentence teach nothing.
        if key not in keys or len(examples[key]) >= EXAMPLES_PER_THEME or (key, text) in seen:
            continue
        seen.add((key, text))
        examples[key].append(Example(comment=comment, text=text))
    return {key: tuple(found) for key, found in examples.items()}
