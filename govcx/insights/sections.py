"""The dashboard page's sections: per chart, its rows, spec, summary and data table.

One list decides which charts a dashboard has and what each is made of, so the page, the
chart downloads and the per-chart CSV always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from govcx.insights import charts, summaries, tables
from govcx.insights.analysis import dimension_label
from govcx.insights.charts import Spec
from govcx.insights.dashboard import Dashboard
from govcx.insights.rows import FigureRow

TREND_GRAINS = ("fiscal_year", "fiscal_quarter", "month")
DEFAULT_TREND_GRAIN = "fiscal_quarter"


@dataclass(frozen=True)
class Section:
    key: str  # names the chart's downloads: charts/<key>.svg …
    heading: str
    alt: str  # what the chart image is, in a few words; the summary and table say the rest
    rows: tuple[FigureRow, ...]  # every row the chart and its table draw on
    summary: tuple[str, ...]
    table: tables.Table
    build_spec: Callable[[], Spec]
    charted: bool  # whether the chart has anything to draw
    method: str = ""  # how the figures were worked out, when that is not obvious

    def spec(self) -> Spec:
        return self.build_spec()


def sections_for(dashboard: Dashboard) -> list[Section]:
    result = [trend_section(dashboard)]
    result.extend(
        breakdown_section(dashboard, dimension) for dimension in dashboard.breakdown_dimensions
    )
    result.append(equity_section(dashboard))
    if dashboard.has_v1:
        result.extend([v1_items_section(dashboard), importance_section(dashboard)])
    if dashboard.has_v2:
        result.extend([v2_drivers_section(dashboard), separation_section(dashboard)])
    result.append(response_rate_section(dashboard))
    return result


def section_named(dashboard: Dashboard, key: str) -> Section | None:
    return next((section for section in sections_for(dashboard) if section.key == key), None)


def trend_grain_of(dashboard: Dashboard) -> str:
    rows = dashboard.section("trend")
    return rows[0].group_by if rows else DEFAULT_TREND_GRAIN


def trend_section(dashboard: Dashboard) -> Section:
    rows = dashboard.section("trend")
    grain = trend_grain_of(dashboard)
    label = dimension_label(grain).lower()
    return Section(
        key="trend",
        heading="Trust over time",
        alt=f"Line chart of trust by {label}, with a band for each 95 % interval",
        rows=tuple(rows),
        summary=tuple(summaries.trend_summary(rows, grain)),
        table=tables.trend_table(rows, grain),
        build_spec=partial(charts.trend_spec, rows, grain),
        charted=bool(charts.shown(rows)),
    )


def breakdown_section(dashboard: Dashboard, dimension: str) -> Section:
    rows = dashboard.section("breakdown", group_by=dimension)
    label = dimension_label(dimension)
    return Section(
        key=f"breakdown-{dimension}",
        heading=f"Trust by {label.lower()}",
        alt=f"Bar chart of trust by {label.lower()}, with 95 % intervals as error bars",
        rows=tuple(rows),
        summary=tuple(summaries.breakdown_summary(rows, dimension)),
        table=tables.breakdown_table(rows, dimension),
        build_spec=partial(charts.breakdown_spec, rows, dimension),
        charted=bool(charts.shown(rows)),
    )


def equity_section(dashboard: Dashboard) -> Section:
    dimension = dashboard.equity_dimension
    rows = dashboard.section("equity")
    label = dimension_label(dimension).lower()
    return Section(
        key="equity",
        heading=f"Equity: each {label} against everyone else",
        alt=(
            f"Dot chart of trust for each {label} with its 95 % interval, a tick at everyone "
            "else's trust, significant differences marked"
        ),
        rows=tuple(rows),
        summary=tuple(summaries.equity_summary(rows, dimension)),
        table=tables.equity_table(rows, dimension),
        build_spec=partial(charts.equity_spec, rows, dimension),
        charted=bool(charts.shown(rows)),
    )


def v1_items_section(dashboard: Dashboard) -> Section:
    rows = dashboard.section("v1_items")
    agree = [row for row in rows if row.metric.endswith(":agree")]
    return Section(
        key="v1-items",
        heading="Version 1 items",
        alt="Bar chart of the share agreeing with each version 1 item, with 95 % intervals",
        rows=tuple(rows),
        summary=tuple(summaries.v1_items_summary(rows)),
        table=tables.v1_items_table(rows),
        build_spec=partial(charts.v1_items_spec, rows),
        charted=bool(charts.shown(agree)),
    )


def importance_section(dashboard: Dashboard) -> Section:
    items = [row for row in dashboard.section("v1_items") if row.metric.endswith(":agree")]
    importance = dashboard.section("importance")
    return Section(
        key="importance",
        heading="Drivers of trust: importance and performance",
        alt=(
            "Scatter chart of each driver's importance for trust against its share agreeing, "
            "with dashed lines at the averages"
        ),
        rows=tuple(items + importance),
        summary=tuple(summaries.importance_summary(items, importance)),
        table=tables.importance_table(items, importance),
        build_spec=partial(charts.importance_spec, items, importance),
        charted=bool(charts.importance_points(items, importance)),
        method=dashboard.methods.get("importance", ""),
    )


def v2_drivers_section(dashboard: Dashboard) -> Section:
    went_well = dashboard.section("v2_went_well")
    not_well = dashboard.section("v2_not_well")
    return Section(
        key="v2-drivers",
        heading="What went well, and what did not",
        alt=(
            "Bar chart of the share naming each driver as going well (positive respondents) "
            "and as not going well (negative respondents)"
        ),
        rows=tuple(went_well + not_well),
        summary=tuple(summaries.v2_drivers_summary(went_well, not_well)),
        table=tables.v2_drivers_table(went_well, not_well),
        build_spec=partial(charts.v2_drivers_spec, went_well, not_well),
        charted=bool(charts.shown(went_well + not_well)),
    )


def separation_section(dashboard: Dashboard) -> Section:
    separation = dashboard.section("separation")
    went_well = dashboard.section("v2_went_well")
    return Section(
        key="separation",
        heading="Drivers that separate negative from positive respondents",
        alt=(
            "Dot chart per driver of the share of the negative naming it as not going well "
            "against the share of the positive naming it as going well"
        ),
        rows=tuple(separation + went_well),
        summary=tuple(summaries.separation_summary(separation, went_well)),
        table=tables.separation_table(separation, went_well),
        build_spec=partial(charts.separation_spec, separation, went_well),
        charted=bool(charts.shown(separation)),
        method=dashboard.methods.get("separation", ""),
    )


def response_rate_section(dashboard: Dashboard) -> Section:
    rows = dashboard.section("response_rate")
    return Section(
        key="response-rate",
        heading="Response rate",
        alt="Bar chart of the response rate by service and channel, with 95 % intervals",
        rows=tuple(rows),
        summary=tuple(
            summaries.response_rate_summary(rows, withheld=dashboard.response_rates_withheld)
        ),
        table=tables.response_rate_table(rows),
        build_spec=partial(charts.response_rate_spec, rows),
        charted=bool(charts.shown(rows)),
    )
