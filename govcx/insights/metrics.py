"""The A-11 metric definitions, in one place, computed from rollup rows.

Every page, export, API response and DataFrame takes its figures from here:

- trust: the share of A-11 respondents positive on the trust question (thumbs up, or 4–5 on
  the five-point forms, including version 1's confidence item);
- version 1 items: per item the mean (1–5), the share agreeing (4–5) and the distribution;
- version 2 drivers: of positive respondents shown "What went well?", the share choosing a
  driver; of negative respondents shown "What didn't go so well?", the share choosing it —
  counting only respondents whose survey version offered that driver;
- other questions: shares for choices, means for stars and five-point items;
- response rate: respondents ÷ customers offered a survey, from the volumes agencies enter
  per fiscal quarter, over the quarters of the period only.

The input is a DataFrame of rollup rows (see `selectors.ROLLUP_COLUMNS`) already narrowed
to the scope and filters, plus what is known of the surveys and their versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from govcx.insights.facts import SINGLE_VALUE_TYPES
from govcx.insights.periods import Period, fiscal_quarter_key
from govcx.insights.rows import FigureRow, suppress_complements
from govcx.lib.a11 import CHANNELS
from govcx.lib.fiscal import FiscalQuarter
from govcx.lib.stats import mean_from_counts, share_from_counts
from govcx.surveys.catalog import NEGATIVE_DRIVER_LABELS, POSITIVE_DRIVER_LABELS
from govcx.surveys.structure import QuestionType, SurveyStructure

TRUST = "trust"
V1_KIND = "a11_v1"
A11_KINDS = frozenset({"a11_v1", "a11_v2_thumbs", "a11_v2_likert"})
POSITIVE_TRUST_VALUES: dict[str, frozenset[str]] = {
    "a11_v1": frozenset({"4", "5"}),
    "a11_v2_thumbs": frozenset({"1"}),
    "a11_v2_likert": frozenset({"4", "5"}),
}
AGREE_VALUES = frozenset({"4", "5"})
V1_ITEMS: dict[str, str] = {
    "satisfaction": "Satisfaction",
    "trust": "Confidence / trust",
    "effectiveness": "Effectiveness",
    "ease": "Ease",
    "efficiency": "Efficiency",
    "transparency": "Transparency",
    "employee": "Employee helpfulness",
}
V1_DRIVERS = ("effectiveness", "ease", "efficiency", "transparency", "employee")
V2_DRIVERS = (
    "effectiveness",
    "ease",
    "efficiency",
    "transparency",
    "humanity",
    "employee",
    "other",
)
DRIVER_NAMES: dict[str, str] = {
    "effectiveness": "Effectiveness",
    "ease": "Ease",
    "efficiency": "Efficiency",
    "transparency": "Transparency",
    "humanity": "Humanity",
    "employee": "Employees",
    "other": "Something else",
}
POSITIVE_DRIVERS = "drivers_positive"
NEGATIVE_DRIVERS = "drivers_negative"


@dataclass(frozen=True)
class SurveyInfo:
    id: int
    public_id: str
    title: str
    kind: str
    service_id: int | None
    service_name: str


@dataclass(frozen=True)
class Volume:
    service_id: int
    channel: str
    quarter: FiscalQuarter
    customers: int
    offered_survey: int

    @property
    def quarter_key(self) -> str:
        return self.quarter.key


@dataclass(frozen=True)
class Context:
    """What the figures need besides rollup rows."""

    surveys: Mapping[int, SurveyInfo]
    structures: Mapping[int, SurveyStructure]  # by survey version id
    minimum_size: int
    service_names: Mapping[int, str] = field(default_factory=dict)
    volumes: tuple[Volume, ...] = ()

    def kind_of(self, survey_id: int) -> str:
        return self.surveys[survey_id].kind

    def kinds(self) -> dict[int, str]:
        return {survey_id: survey.kind for survey_id, survey in self.surveys.items()}


def base_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows about every respondent (not a breakdown by page or answer)."""
    return frame[frame["segment"] == ""]


def trust_rows(frame: pd.DataFrame, context: Context) -> pd.DataFrame:
    """Trust answers of A-11 surveys, every segment, with a `positive` column (the count of
    positive ones). Computed once per dashboard and shared by every trust breakdown."""
    rows = frame[(frame["kind"] == "choice") & (frame["question"] == TRUST)]
    kinds = rows["survey_id"].map(context.kinds())
    keep = kinds.isin(A11_KINDS)
    rows, kinds = rows[keep].copy(), kinds[keep]
    values = rows["value"].astype(str)
    is_positive = pd.Series(False, index=rows.index)
    for kind, positive_values in POSITIVE_TRUST_VALUES.items():
        is_positive |= (kinds == kind) & values.isin(positive_values)
    rows["positive"] = rows["count"].where(is_positive, 0)
    return rows


def share_row(successes: int, n: int, context: Context, **fields: str) -> FigureRow:
    figure = share_from_counts(int(successes), int(n), minimum_size=context.minimum_size)
    return FigureRow.of(figure, unit="share", **fields)


def trust_figure(trust: pd.DataFrame, context: Context) -> FigureRow:
    rows = base_rows(trust)
    return share_row(
        int(rows["positive"].sum()),
        int(rows["count"].sum()),
        context,
        section="trust",
        metric="trust",
        label="Trust: share positive",
    )


def distribution(rows: pd.DataFrame) -> dict[float, int]:
    """Scale point → respondents, from choice rows of one scale question."""
    totals = rows.groupby("value")["count"].sum()
    return {float(str(value)): int(count) for value, count in totals.items() if count}


def v1_item_rows(frame: pd.DataFrame, context: Context) -> list[FigureRow]:
    """Per version-1 item: mean (1–5), share agreeing (4–5) and the share at each point."""
    base = base_rows(frame)
    is_v1 = base["survey_id"].map(context.kinds()) == V1_KIND
    v1 = base[(base["kind"] == "choice") & is_v1]
    result: list[FigureRow] = []
    for key, label in V1_ITEMS.items():
        item = v1[v1["question"] == key]
        counts = distribution(item)
        n = sum(counts.values())
        mean = mean_from_counts(counts, minimum_size=context.minimum_size)
        agree = sum(count for value, count in counts.items() if value >= 4)
        common = {"section": "v1_items", "label": label}
        result.append(FigureRow.of(mean, unit="mean", metric=f"{key}:mean", **common))
        result.append(share_row(agree, n, context, metric=f"{key}:agree", **common))
        for point in range(1, 6):
            result.append(
                share_row(
                    counts.get(float(point), 0),
                    n,
                    context,
                    metric=f"{key}:{point}",
                    group_by="scale_point",
                    group=str(point),
                    group_label=str(point),
                    **common,
                )
            )
    return result


def offered_counts(frame: pd.DataFrame, context: Context, question: str) -> dict[str, int]:
    """Driver → respondents shown `question` in a version that offers that driver."""
    shown = frame[(frame["kind"] == "shown") & (frame["question"] == question)]
    by_version = shown.groupby("survey_version_id")["count"].sum()
    offered: dict[str, int] = dict.fromkeys(V2_DRIVERS, 0)
    for version_id, count in by_version.items():
        for option in _options(context, int(str(version_id)), question):
            if option in offered:
                offered[option] += int(count)
    return offered


def _options(context: Context, version_id: int, question: str) -> list[str]:
    structure = context.structures.get(version_id)
    if structure is None:
        return []
    found = structure.question_map().get(question)
    return [option.value for option in found.options] if found else []


def chosen_counts(frame: pd.DataFrame, question: str) -> dict[str, int]:
    chosen = frame[(frame["kind"] == "choice") & (frame["question"] == question)]
    totals = chosen.groupby("value")["count"].sum()
    return {str(value): int(count) for value, count in totals.items()}


def v2_driver_rows(frame: pd.DataFrame, context: Context) -> list[FigureRow]:
    base = base_rows(frame)
    result: list[FigureRow] = []
    for question, labels, section in (
        (POSITIVE_DRIVERS, POSITIVE_DRIVER_LABELS, "v2_went_well"),
        (NEGATIVE_DRIVERS, NEGATIVE_DRIVER_LABELS, "v2_not_well"),
    ):
        offered = offered_counts(base, context, question)
        chosen = chosen_counts(base, question)
        for driver in V2_DRIVERS:
            result.append(
                share_row(
                    chosen.get(driver, 0),
                    offered[driver],
                    context,
                    section=section,
                    metric=f"{question}:{driver}",
                    label=labels[driver],
                )
            )
    return result


def question_rows(frame: pd.DataFrame, context: Context, survey_id: int) -> list[FigureRow]:
    """Shares for every choice and means for stars and five-point items, of one survey."""
    base = base_rows(frame)
    rows = base[base["survey_id"] == survey_id]
    structure = _latest_structure(rows, context)
    if structure is None:
        return []
    result: list[FigureRow] = []
    for question in structure.questions():
        if question.type in (QuestionType.STAR, QuestionType.LIKERT):
            counts = distribution(
                rows[(rows["kind"] == "choice") & (rows["question"] == question.key)]
            )
            figure = mean_from_counts(counts, minimum_size=context.minimum_size)
            result.append(
                FigureRow.of(
                    figure,
                    section="questions",
                    metric=f"{question.key}:mean",
                    label=question.text,
                    unit="mean",
                )
            )
        result.extend(_choice_shares(rows, context, question.key, question.text, question.type))
    return result


def _latest_structure(rows: pd.DataFrame, context: Context) -> SurveyStructure | None:
    versions = sorted({int(v) for v in rows["survey_version_id"].unique()})
    return context.structures.get(versions[-1]) if versions else None


def _choice_shares(
    rows: pd.DataFrame, context: Context, key: str, text: str, question_type: QuestionType
) -> list[FigureRow]:
    """Each value's share: of those who answered, or for checkboxes of those shown them."""
    if question_type not in SINGLE_VALUE_TYPES and question_type is not QuestionType.CHECKBOXES:
        return []
    chosen = chosen_counts(rows, key)
    if question_type is QuestionType.CHECKBOXES:
        n = int(rows[(rows["kind"] == "shown") & (rows["question"] == key)]["count"].sum())
    else:
        n = sum(chosen.values())
    return [
        share_row(
            count,
            n,
            context,
            section="questions",
            metric=f"{key}={value}",
            label=text,
            group_by="answer",
            group=value,
            group_label=value,
        )
        for value, count in sorted(chosen.items())
    ]


def respondents(frame: pd.DataFrame) -> int:
    base = base_rows(frame)
    return int(base[base["kind"] == "n"]["count"].sum())


def response_rate_rows(
    frame: pd.DataFrame,
    context: Context,
    period: Period,
    *,
    channel: str = "",
    name_period: bool = False,
) -> list[FigureRow]:
    """Respondents ÷ customers offered a survey, per service and channel, over the quarters of
    `period` for which the agency entered volumes (quarters without volumes are left out of
    both). `frame` holds the period's respondents. Only the period's volumes count, whatever
    else the context holds: a year's rate divided by every year's offers would be far too low.
    With `channel`, `frame` holds that channel's respondents only, so only its volumes count:
    another channel's offers would otherwise show a rate of 0 %.
    With `name_period`, each label names the period, for a rate shown beside other figures
    of a shorter one (a month's dashboard shows its quarter's rate)."""
    tallied = respondents_by_quarter(frame, context)
    cells: dict[tuple[int, str], tuple[int, int]] = {}
    for volume in context.volumes:
        if not period.contains(volume.quarter.start) or channel not in ("", volume.channel):
            continue
        key = (volume.service_id, volume.channel)
        answered = int(tallied.get((*key, volume.quarter_key), 0))
        before = cells.get(key, (0, 0))
        cells[key] = (before[0] + answered, before[1] + volume.offered_survey)
    suffix = f" · {period.label} (whole quarter)" if name_period else ""
    return [
        response_rate_row(service_id, channel, answered, offered, context, suffix)
        for (service_id, channel), (answered, offered) in sorted(cells.items())
    ]


def respondents_by_quarter(frame: pd.DataFrame, context: Context) -> pd.Series:
    """Respondents per (service id, channel, fiscal quarter key)."""
    base = base_rows(frame)
    counts = base[base["kind"] == "n"].copy()
    counts["service_id"] = counts["survey_id"].map(lambda s: context.surveys[int(s)].service_id)
    counts["quarter"] = counts["month"].map(fiscal_quarter_key)
    return counts.groupby(["service_id", "channel", "quarter"], observed=True)["count"].sum()


def response_rate_row(
    service_id: int, channel: str, answered: int, offered: int, context: Context, suffix: str
) -> FigureRow:
    """One service and channel's rate; with no offers, or more respondents than offers, the
    volumes cannot be right, so the row has no value (n is the offers, if any)."""
    name = f"{context.service_names.get(service_id, '')} · {CHANNELS.get(channel, channel)}"
    label = name + suffix
    fields: dict[str, Any] = {
        "section": "response_rate",
        "metric": "response_rate",
        "label": label,
        "group_by": "service_channel",
        "group": f"{service_id}:{channel}",
        "group_label": label,
    }
    if offered == 0 or answered > offered:
        return FigureRow(
            unit="share", n=offered or None, minimum_size=context.minimum_size, **fields
        )
    return share_row(answered, offered, context, **fields)


def figures_by(
    rows: pd.DataFrame,
    dimension: str,
    labels: Mapping[str, str],
    context: Context,
    *,
    section: str,
    metric: str,
    label: str,
) -> list[FigureRow]:
    """Trust share per group of `dimension` (a column of `rows`), complements suppressed."""
    grouped = rows.groupby(dimension)[["positive", "count"]].sum()
    result = [
        share_row(
            positive,
            count,
            context,
            section=section,
            metric=metric,
            label=label,
            group_by=dimension,
            group=str(group),
            group_label=labels.get(str(group), str(group)),
        )
        for group, (positive, count) in grouped.iterrows()
    ]
    return suppress_complements(result)
