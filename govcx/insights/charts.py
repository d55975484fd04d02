"""Vega-Lite specifications of the dashboard charts, built with Altair from `FigureRow`s,
and their rendering to SVG and PNG on the server.

A chart draws only what a page may show: suppressed rows, and rows without a value, are left
out of its data entirely (not hidden by a filter in the spec), so downloading the spec cannot
reveal them. Rendering takes tens of milliseconds, so rendered images are cached by a hash of
the spec: the same figures drawn the same way are rendered once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import altair as alt
import vl_convert
from django.core.cache import cache

from govcx.insights.analysis import dimension_label
from govcx.insights.formatting import group_text
from govcx.insights.metrics import DRIVER_NAMES
from govcx.insights.rows import FigureRow

Spec = dict[str, Any]

WIDTH = 560
ROW_HEIGHT = 30
PRIMARY = "#005ea2"  # USWDS primary
ACCENT = "#c05600"  # USWDS orange-60v: contrasts with the primary blue in colour and lightness
MUTED = "#71767a"  # USWDS base
SHARE_AXIS = alt.Axis(format="%", grid=True)
SHARE_SCALE = alt.Scale(domain=[0, 1])
# Text in an SVG is laid out where the server measured it but drawn in the reader's font. The
# renderer measures with Liberation Sans, which has Arial's and Helvetica's widths, so naming
# those keeps labels where they were measured on most machines; padding absorbs the rest.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
PADDING = {"left": 30, "right": 15, "top": 5, "bottom": 5}
PNG_SCALE = 2  # sharp enough for a printed report
CACHE_SECONDS = 24 * 60 * 60  # a spec's image never changes; the cache only bounds memory
CACHE_PREFIX = "insights:chart"
SIGNIFICANT = "Significant difference"
NOT_SIGNIFICANT = "No significant difference"
NOT_COMPARED = "Not compared"
COMPARISON_ORDER = [SIGNIFICANT, NOT_SIGNIFICANT, NOT_COMPARED]
COMPARISON_COLOURS = [ACCENT, PRIMARY, MUTED]
COMPARISON_SHAPES = ["diamond", "circle", "square"]
WENT_WELL = "Went well (positive on trust)"
NOT_WELL = "Did not go well (negative on trust)"
CHANGE_TITLE = "Change from the period before"
REST_TITLE = "Against everyone else (grey tick)"


def _vega_lite_version() -> str | None:
    """The Vega-Lite version Altair writes ("6.4" of "v6.4.1") if vl-convert has it."""
    major_minor = ".".join(alt.SCHEMA_VERSION.removeprefix("v").split(".")[:2])
    return major_minor if major_minor in vl_convert.get_vegalite_versions() else None


VEGA_LITE_VERSION = _vega_lite_version()


def shown(rows: Iterable[FigureRow]) -> list[FigureRow]:
    """The rows a chart may draw: not suppressed, and with a value."""
    return [row for row in rows if not row.suppressed and row.value is not None]


def record(row: FigureRow, **extra: Any) -> dict[str, Any]:
    return {
        "group": group_text(row),
        "value": row.value,
        "low": row.low,
        "high": row.high,
        "n": row.n,
        **extra,
    }


def comparison_of(row: FigureRow) -> str:
    if row.significant is None:
        return NOT_COMPARED
    return SIGNIFICANT if row.significant else NOT_SIGNIFICANT


def _chart(records: list[dict[str, Any]]) -> alt.Chart:
    return alt.Chart(alt.InlineData(values=records))


def _finish(chart: alt.LayerChart | alt.Chart, title: str, height: int) -> Spec:
    spec: Spec = (
        chart.properties(title=title, width=WIDTH, height=height, padding=PADDING)
        .configure(font=FONT)
        .configure_axis(labelLimit=260, titleFontSize=13, labelFontSize=12)
        .configure_legend(orient="bottom", labelLimit=320, columns=1)
        .to_dict(validate=False)  # tests validate every chart; pages need not pay for it
    )
    return spec


def _has_interval() -> str:
    return "isValid(datum.low) && isValid(datum.high)"


def _tooltip(value_title: str, value_format: str = ".1%") -> list[alt.Tooltip]:
    return [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("value:Q", title=value_title, format=value_format),
        alt.Tooltip("low:Q", title="95 % CI low", format=value_format),
        alt.Tooltip("high:Q", title="95 % CI high", format=value_format),
        alt.Tooltip("n:Q", title="n", format=","),
    ]


def _height(count: int) -> int:
    return max(ROW_HEIGHT * count, ROW_HEIGHT * 2)


# --- the charts --------------------------------------------------------------------------------


def trend_spec(rows: Sequence[FigureRow], grain: str) -> Spec:
    """Trust per period: a line through the points over a band from low to high."""
    points = shown(rows)
    records = [
        record(row, order=index, change=comparison_of(row)) for index, row in enumerate(points)
    ]
    order = [item["group"] for item in records]
    x = alt.X("group:O", sort=order, title=dimension_label(grain), axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", scale=SHARE_SCALE, axis=SHARE_AXIS, title="Trust: share positive")
    base = _chart(records)
    band = (
        base.transform_filter(_has_interval())
        .mark_area(opacity=0.2, color=PRIMARY)
        .encode(x=x, y=alt.Y("low:Q", scale=SHARE_SCALE, title=""), y2="high:Q")
    )
    whiskers = (
        base.transform_filter(_has_interval())
        .mark_rule(color=PRIMARY)
        .encode(x=x, y=alt.Y("low:Q", scale=SHARE_SCALE), y2="high:Q")
    )
    line = base.mark_line(color=PRIMARY).encode(x=x, y=y)
    dots = base.mark_point(filled=True, size=90).encode(
        x=x,
        y=y,
        color=_comparison_colour(CHANGE_TITLE),
        shape=_comparison_shape(CHANGE_TITLE),
        tooltip=_tooltip("Trust"),
    )
    return _finish(alt.LayerChart(layer=[band, whiskers, line, dots]), "Trust over time", 300)


def _comparison_colour(title: str) -> alt.Color:
    return alt.Color(
        "change:N",
        title=title,
        scale=alt.Scale(domain=COMPARISON_ORDER, range=COMPARISON_COLOURS),
    )


def _comparison_shape(title: str) -> alt.Shape:
    """Shapes as well as colours, so the marking does not rest on colour alone; the same title
    as the colour's merges the two into one legend."""
    return alt.Shape(
        "change:N", title=title, scale=alt.Scale(domain=COMPARISON_ORDER, range=COMPARISON_SHAPES)
    )


def bars_spec(rows: Sequence[FigureRow], *, title: str, value_title: str) -> Spec:
    """Horizontal bars of shares with their 95 % intervals as error bars."""
    records = [record(row) for row in shown(rows)]
    order = [item["group"] for item in records]
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    base = _chart(records)
    bars = base.mark_bar(color=PRIMARY, opacity=0.85).encode(
        y=y,
        x=alt.X("value:Q", scale=SHARE_SCALE, axis=SHARE_AXIS, title=value_title),
        tooltip=_tooltip(value_title),
    )
    errors = (
        base.transform_filter(_has_interval())
        .mark_errorbar(ticks=True, color="#1b1b1b")
        .encode(y=y, x=alt.X("low:Q", scale=SHARE_SCALE, title=value_title), x2="high:Q")
    )
    return _finish(alt.LayerChart(layer=[bars, errors]), title, _height(len(records)))


def breakdown_spec(rows: Sequence[FigureRow], dimension: str) -> Spec:
    label = dimension_label(dimension)
    return bars_spec(
        rows,
        title=f"Trust by {label.lower()}",
        value_title="Trust: share positive",
    )


def equity_spec(rows: Sequence[FigureRow], dimension: str) -> Spec:
    """Each group's trust with its interval, a tick at everyone else's, significance marked."""
    records = [
        record(
            row,
            rest=(row.value - row.difference)
            if row.value is not None and row.difference is not None
            else None,
            change=comparison_of(row),
        )
        for row in shown(rows)
    ]
    order = [item["group"] for item in records]
    y = alt.Y("group:N", sort=order, title=None)
    x_title = "Trust: share positive"
    base = _chart(records)
    errors = (
        base.transform_filter(_has_interval())
        .mark_rule(color="#1b1b1b")
        .encode(y=y, x=alt.X("low:Q", scale=SHARE_SCALE, title=x_title), x2="high:Q")
    )
    rest = (
        base.transform_filter("isValid(datum.rest)")
        .mark_tick(color=MUTED, thickness=3, size=18)
        .encode(y=y, x=alt.X("rest:Q", scale=SHARE_SCALE, title=x_title))
    )
    dots = base.mark_point(filled=True, size=110).encode(
        y=y,
        x=alt.X("value:Q", scale=SHARE_SCALE, axis=SHARE_AXIS, title=x_title),
        color=_comparison_colour(REST_TITLE),
        shape=_comparison_shape(REST_TITLE),
        tooltip=[*_tooltip("Trust"), alt.Tooltip("rest:Q", title="Everyone else", format=".1%")],
    )
    title = f"Trust of each {dimension_label(dimension).lower()} against everyone else"
    return _finish(alt.LayerChart(layer=[errors, rest, dots]), title, _height(len(records)))


def v1_items_spec(rows: Sequence[FigureRow]) -> Spec:
    agree = [row for row in rows if row.metric.endswith(":agree")]
    relabelled = [_with_group(row, row.label) for row in agree]
    return bars_spec(
        relabelled,
        title="Share agreeing (4 or 5) with each item",
        value_title="Share agreeing",
    )


def _with_group(row: FigureRow, label: str) -> FigureRow:
    """The row with `label` as the name its chart shows for it."""
    return replace(row, group_by="", group=label, group_label=label)


def importance_spec(items: Sequence[FigureRow], importance: Sequence[FigureRow]) -> Spec:
    """Importance for trust against performance (share agreeing), rules at the means."""
    records = importance_points(items, importance)
    base = _chart(records)
    x = alt.X(
        "performance:Q",
        scale=SHARE_SCALE,
        axis=SHARE_AXIS,
        title="Performance: share agreeing",
    )
    y = alt.Y(
        "importance:Q",
        axis=alt.Axis(format="%"),
        title="Importance for trust (share of variance explained)",
        scale=alt.Scale(zero=True),
    )
    dots = base.mark_point(filled=True, size=110, color=PRIMARY).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("driver:N", title="Driver"),
            alt.Tooltip("performance:Q", title="Share agreeing", format=".1%"),
            alt.Tooltip("importance:Q", title="Importance", format=".1%"),
        ],
    )
    labels = base.mark_text(align="left", dx=8, fontSize=12).encode(x=x, y=y, text="driver:N")
    mean_x = base.mark_rule(color=MUTED, strokeDash=[4, 4]).encode(x="mean(performance):Q")
    mean_y = base.mark_rule(color=MUTED, strokeDash=[4, 4]).encode(y="mean(importance):Q")
    title = "Importance and performance of the drivers of trust"
    return _finish(alt.LayerChart(layer=[mean_x, mean_y, dots, labels]), title, 360)


def importance_points(
    items: Sequence[FigureRow], importance: Sequence[FigureRow]
) -> list[dict[str, Any]]:
    """Per driver with both figures shown: its share agreeing and its importance for trust."""
    agree = {row.metric.split(":")[0]: row for row in shown(items) if row.metric.endswith(":agree")}
    result = []
    for row in shown(importance):
        outcome, driver = row.metric.split(":")
        performance = agree.get(driver)
        if outcome != "trust" or performance is None:
            continue
        result.append(
            {
                "driver": DRIVER_NAMES.get(driver, row.label),
                "performance": performance.value,
                "importance": row.value,
                "n": row.n,
            }
        )
    return result


def v2_drivers_spec(went_well: Sequence[FigureRow], not_well: Sequence[FigureRow]) -> Spec:
    """What went well (of the positive) and what did not (of the negative), per driver."""
    records = [
        record(row, driver=driver_name(row), answer=answer)
        for answer, rows in ((WENT_WELL, went_well), (NOT_WELL, not_well))
        for row in shown(rows)
    ]
    order = list(dict.fromkeys(item["driver"] for item in records))
    y = alt.Y("driver:N", sort=order, title=None)
    offset = alt.YOffset("answer:N", sort=[WENT_WELL, NOT_WELL])
    x_title = "Share of respondents shown the question"
    base = _chart(records)
    bars = base.mark_bar().encode(
        y=y,
        yOffset=offset,
        x=alt.X("value:Q", scale=SHARE_SCALE, axis=SHARE_AXIS, title=x_title),
        color=alt.Color(
            "answer:N",
            title="",
            scale=alt.Scale(domain=[WENT_WELL, NOT_WELL], range=[PRIMARY, ACCENT]),
        ),
        tooltip=[alt.Tooltip("answer:N", title="Answer"), *_tooltip("Share")],
    )
    errors = (
        base.transform_filter(_has_interval())
        .mark_rule(color="#1b1b1b")
        .encode(y=y, yOffset=offset, x=alt.X("low:Q", scale=SHARE_SCALE), x2="high:Q")
    )
    title = "What went well, and what did not"
    return _finish(alt.LayerChart(layer=[bars, errors]), title, _height(2 * len(order)))


def driver_name(row: FigureRow) -> str:
    return DRIVER_NAMES.get(row.metric.rsplit(":", 1)[-1], row.label)


def separation_spec(separation: Sequence[FigureRow], went_well: Sequence[FigureRow]) -> Spec:
    """Per driver: the share of the negative naming it as not going well against the share of
    the positive naming it as going well, joined by a line; significant gaps are marked."""
    records = separation_points(separation, went_well)
    order = [item["driver"] for item in records]
    y = alt.Y("driver:N", sort=order, title=None)
    x_title = "Share naming the driver"
    base = _chart(records)
    gap = (
        base.transform_filter("isValid(datum.positive)")
        .mark_rule(strokeWidth=3)
        .encode(
            y=y,
            x=alt.X("negative:Q", scale=SHARE_SCALE, title=x_title),
            x2="positive:Q",
            color=alt.Color(
                "change:N",
                title="Gap between the two shares",
                scale=alt.Scale(domain=COMPARISON_ORDER, range=COMPARISON_COLOURS),
            ),
        )
    )
    long_form = base.transform_fold(
        ["negative", "positive"], as_=["answer", "share"]
    ).transform_filter("isValid(datum.share)")
    dots = long_form.mark_point(filled=True, size=110, color="#1b1b1b").encode(
        y=y,
        x=alt.X("share:Q", scale=SHARE_SCALE, axis=SHARE_AXIS, title=x_title),
        shape=alt.Shape(
            "answer:N",
            title="",
            scale=alt.Scale(domain=["negative", "positive"], range=["triangle-down", "circle"]),
            legend=alt.Legend(
                labelExpr=(
                    "datum.value == 'negative' ? 'Not well, among the negative'"
                    " : 'Went well, among the positive'"
                )
            ),
        ),
    )
    title = "How the negative and the positive differ on each driver"
    return _finish(alt.LayerChart(layer=[gap, dots]), title, _height(len(records)))


def separation_points(
    separation: Sequence[FigureRow], went_well: Sequence[FigureRow]
) -> list[dict[str, Any]]:
    positive = {row.metric.rsplit(":", 1)[-1]: row.value for row in shown(went_well)}
    return [
        {
            "driver": driver_name(row),
            "negative": row.value,
            "negative_n": row.n,
            "positive": positive.get(row.metric.rsplit(":", 1)[-1]),
            "change": comparison_of(row),
        }
        for row in shown(separation)
    ]


def response_rate_spec(rows: Sequence[FigureRow]) -> Spec:
    return bars_spec(
        rows,
        title="Response rate by service and channel",
        value_title="Respondents ÷ customers offered a survey",
    )


# --- rendering ---------------------------------------------------------------------------------


def spec_json(spec: Spec) -> str:
    """The spec as canonical JSON: the same spec is always the same text (and hash)."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def spec_hash(spec: Spec) -> str:
    return hashlib.sha256(spec_json(spec).encode()).hexdigest()


def render_svg(spec: Spec) -> str:
    key = f"{CACHE_PREFIX}:svg:{spec_hash(spec)}"
    svg: str | None = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def render_png(spec: Spec) -> bytes:
    key = f"{CACHE_PREFIX}:png:{spec_hash(spec)}"
    png: bytes | None = cache.get(key)
    if png is None:
        png = vl_convert.vegalite_to_png(
            spec, vl_version=VEGA_LITE_VERSION, scale=PNG_SCALE, allowed_base_urls=[]
        )
        cache.set(key, png, CACHE_SECONDS)
    return png
