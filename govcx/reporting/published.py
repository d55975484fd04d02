"""The figures of published A-11 quarterly collections: what the public site and open data read.

Only a collection in state `published` is ever read here. A draft, a submitted collection, one
sent back for changes, one not reported and an archived one are all invisible, so no page,
download or report built on these functions can show what reviewers have not released.

For each published collection there is one group of figures per detail row (a survey on a
channel) and one for the service as a whole ("all" channels):

- respondents: the respondent rows counted (version 2) or the answers to item 1 (version 1);
- trust: the share positive on the trust question (thumbs up, or 4–5 on the five-point
  scale; item 2 of version 1, 4–5) with its 95% Wilson interval;
- satisfaction (version 1 only): the share answering 4–5 to item 1;
- response rate: respondents ÷ customers offered a survey, when that volume is known;
- positive_<driver> / negative_<driver> (version 2 only): of the respondents offered a driver
  on the side they saw (flag 0 or 1), the share who chose it (flag 1).

Suppression follows decision 0013 ("honest figures"). A figure about fewer respondents than
the organization's minimum group size keeps no value, interval or n. Because the service
total is published, a single hidden detail row could be recovered by subtracting the others
from it; `suppress_complements` then hides the next smallest row too. That is done first on
the respondent counts, and a detail row hidden there is hidden for every metric, since its
trust and driver counts would otherwise give its size away; then once more for each metric,
because a driver's n (the respondents offered it) can be small where the detail row is not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from govcx.insights.rows import FigureRow, suppress_complements
from govcx.lib.a11 import CHANNELS, V2_DRIVERS
from govcx.lib.fiscal import FiscalQuarter
from govcx.lib.stats import Figure, share_from_counts
from govcx.registry.models import Organization
from govcx.reporting.models import (
    DRIVER_FLAG_COLUMNS,
    Collection,
    CollectionDetail,
    CollectionRespondent,
    CollectionState,
    SurveyType,
)
from govcx.surveys.models import SurveyKind

ALL_CHANNELS = "all"  # the channel of a service total
SECTION = "a11_quarterly"
COUNT = "count"
SHARE = "share"

RESPONDENTS = "respondents"
TRUST = "trust"
SATISFACTION = "satisfaction"
RESPONSE_RATE = "response_rate"
POSITIVE_DRIVERS: tuple[str, ...] = tuple(f"positive_{driver}" for driver in V2_DRIVERS)
NEGATIVE_DRIVERS: tuple[str, ...] = tuple(f"negative_{driver}" for driver in V2_DRIVERS)
DRIVER_METRICS: tuple[str, ...] = POSITIVE_DRIVERS + NEGATIVE_DRIVERS
# Every metric, in the order pages and open data list them.
METRICS: tuple[str, ...] = (RESPONDENTS, TRUST, SATISFACTION, RESPONSE_RATE, *DRIVER_METRICS)

METRIC_LABELS: dict[str, str] = {
    RESPONDENTS: "Respondents",
    TRUST: "Trust",
    SATISFACTION: "Satisfaction",
    RESPONSE_RATE: "Response rate",
    **{f"positive_{driver}": f"What went well: {driver}" for driver in V2_DRIVERS},
    **{f"negative_{driver}": f"What didn't go well: {driver}" for driver in V2_DRIVERS},
}

# Version 1 answers on the five-point scale; 4 (agree) and 5 (strongly agree) are positive.
V1_SCALE = (1, 2, 3, 4, 5)
V1_POSITIVE = (4, 5)
V1_SATISFACTION_ITEM = 1
V1_TRUST_ITEM = 2
LIKERT_POSITIVE = (4, 5)
THUMBS_UP = 1
OFFERED_FLAGS = (0, 1)
CHOSEN = 1
# SQLite allows 32,766 parameters in a statement (999 before 3.32); Oracle 1,000 in a list.
PKS_PER_QUERY = 900


@dataclass(frozen=True)
class Tally:
    """The counts behind a share: `successes` of `n`."""

    successes: int
    n: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.successes + other.successes, self.n + other.n)


@dataclass(frozen=True)
class DetailCounts:
    """What one detail row's respondents add up to, before any suppression."""

    version: int  # the A-11 survey version: 1 or 2
    respondents: int
    tallies: Mapping[str, Tally]  # by metric: trust, satisfaction, positive_ease …


@dataclass(frozen=True)
class PublishedFigure:
    """One published figure: of a detail row, or of the service total when `detail` is None."""

    collection: Collection
    detail: CollectionDetail | None
    row: FigureRow
    a11_versions: tuple[int, ...]  # the survey versions behind it: (1,), (2,) or (1, 2)

    @property
    def metric(self) -> str:
        return self.row.metric

    @property
    def channel(self) -> str:
        return self.detail.channel if self.detail is not None else ALL_CHANNELS

    @property
    def fiscal_quarter(self) -> FiscalQuarter:
        return self.collection.fiscal_quarter


# --- reading ------------------------------------------------------------------------------------


def published_collections(
    organization: Organization | None = None, *, fiscal_year: int | None = None
) -> QuerySet[Collection]:
    """Published collections (of one organization, or of all), newest quarter first."""
    collections = Collection.objects.filter(state=CollectionState.PUBLISHED)
    if organization is not None:
        collections = collections.filter(organization=organization)
    if fiscal_year is not None:
        collections = collections.filter(fiscal_year=fiscal_year)
    return collections.select_related("organization", "service", "service__provider").order_by(
        "organization__name", "-fiscal_year", "-quarter", "service__name", "pk"
    )


def published_figures(
    organization: Organization | None = None, *, fiscal_year: int | None = None
) -> list[PublishedFigure]:
    """Every figure of the published collections, suppressed where it must be.

    Three queries for up to 900 collections and 900 version 2 detail rows: the collections,
    their detail rows and one aggregate over all their respondent rows.
    """
    collections = list(published_collections(organization, fiscal_year=fiscal_year))
    details = _details_by_collection(collections)
    counts = detail_counts([detail for rows in details.values() for detail in rows])
    figures: list[PublishedFigure] = []
    for collection in collections:
        figures.extend(collection_figures(collection, details[collection.pk], counts))
    return figures


def _details_by_collection(collections: list[Collection]) -> dict[int, list[CollectionDetail]]:
    by_collection: dict[int, list[CollectionDetail]] = {each.pk: [] for each in collections}
    for pks in _chunks(list(by_collection)):
        details = CollectionDetail.objects.filter(collection__in=pks).select_related("survey")
        for detail in details.order_by("collection", "position", "pk"):
            by_collection[detail.collection_id].append(detail)
    return by_collection


def _chunks(pks: list[int]) -> Iterator[list[int]]:
    """Primary keys in lists short enough for one `IN (…)` on every database govcx runs on."""
    for start in range(0, len(pks), PKS_PER_QUERY):
        yield pks[start : start + PKS_PER_QUERY]


# --- counting -----------------------------------------------------------------------------------


def is_version_1(detail: CollectionDetail) -> bool:
    """A version 1 row carries frozen counts per scale point instead of respondent rows."""
    return detail.survey is not None and detail.survey.kind == SurveyKind.A11_V1


def detail_counts(details: Iterable[CollectionDetail]) -> dict[int, DetailCounts]:
    """Each detail row's counts by its primary key: version 1 from `v1_counts`, else in SQL."""
    details = list(details)
    counts = {
        detail.pk: version_1_counts(detail.v1_counts) for detail in details if is_version_1(detail)
    }
    version_2 = [detail for detail in details if not is_version_1(detail)]
    counts.update(_version_2_counts(version_2))
    return counts


def version_1_counts(v1_counts: Mapping[str, object]) -> DetailCounts:
    """Respondents, trust (item 2) and satisfaction (item 1) from counts per scale point."""
    satisfaction = _v1_tally(v1_counts, V1_SATISFACTION_ITEM)
    return DetailCounts(
        version=1,
        respondents=satisfaction.n,  # item 1 is required: everyone answered it
        tallies={TRUST: _v1_tally(v1_counts, V1_TRUST_ITEM), SATISFACTION: satisfaction},
    )


def _v1_tally(v1_counts: Mapping[str, object], item: int) -> Tally:
    points = {point: _v1_count(v1_counts, f"q{item}_{point}") for point in V1_SCALE}
    return Tally(sum(points[point] for point in V1_POSITIVE), sum(points.values()))


def _v1_count(v1_counts: Mapping[str, object], key: str) -> int:
    """A stored count; a missing key is no answers, anything but a whole number is an error."""
    value = v1_counts.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"The version 1 count {key} is {value!r}, not a whole number.")
    return value


def _version_2_counts(details: list[CollectionDetail]) -> dict[int, DetailCounts]:
    """One GROUP BY over the respondent rows of all the given detail rows."""
    if not details:
        return {}
    by_pk = {detail.pk: detail for detail in details}
    counts = {pk: _empty_version_2() for pk in by_pk}
    for pks in _chunks(list(by_pk)):
        rows = (
            CollectionRespondent.objects.filter(detail__in=pks)
            .order_by()
            .values("detail_id")
            .annotate(**_version_2_aggregates())
        )
        for row in rows:
            counts[row["detail_id"]] = _version_2_from_row(by_pk[row["detail_id"]], row)
    return counts


def _version_2_aggregates() -> dict[str, Count]:
    aggregates = {
        "respondents": Count("pk"),
        "thumbs_up": Count("pk", filter=Q(question_1=THUMBS_UP)),
        "likert_positive": Count("pk", filter=Q(question_1__in=LIKERT_POSITIVE)),
    }
    for column in DRIVER_FLAG_COLUMNS:
        aggregates[f"offered_{column}"] = Count("pk", filter=Q(**{f"{column}__in": OFFERED_FLAGS}))
        aggregates[f"chosen_{column}"] = Count("pk", filter=Q(**{column: CHOSEN}))
    return aggregates


def _version_2_from_row(detail: CollectionDetail, row: Mapping[str, Any]) -> DetailCounts:
    """A detail's counts from its aggregate row; which answers are positive depends on its type."""
    likert = detail.survey_type == SurveyType.LIKERT_SCALE
    positive = row["likert_positive"] if likert else row["thumbs_up"]
    tallies = {TRUST: Tally(positive, row["respondents"])}
    for column in DRIVER_FLAG_COLUMNS:
        tallies[column] = Tally(row[f"chosen_{column}"], row[f"offered_{column}"])
    return DetailCounts(version=2, respondents=row["respondents"], tallies=tallies)


def _empty_version_2() -> DetailCounts:
    """A version 2 row without respondents: every metric it reports, each of none."""
    tallies = {metric: Tally(0, 0) for metric in (TRUST, *DRIVER_METRICS)}
    return DetailCounts(version=2, respondents=0, tallies=tallies)


# --- figures of one collection ------------------------------------------------------------------


def collection_figures(
    collection: Collection,
    details: list[CollectionDetail],
    counts: Mapping[int, DetailCounts],
) -> list[PublishedFigure]:
    """The service total's figures, then each detail row's, each in the order of METRICS."""
    minimum = collection.organization.minimum_group_size
    hidden = _hidden_details(details, counts, minimum)
    by_group: dict[int | None, list[PublishedFigure]] = defaultdict(list)
    for metric in METRICS:
        for detail, row in _metric_rows(metric, details, counts, hidden, minimum):
            version = (counts[detail.pk].version,)
            by_group[detail.pk].append(PublishedFigure(collection, detail, row, version))
        total = _total_row(metric, details, counts, minimum)
        if total is not None:
            versions = _versions_behind_total(metric, details, counts)
            by_group[None].append(PublishedFigure(collection, None, total, versions))
    return [*by_group[None], *(f for detail in details for f in by_group[detail.pk])]


def _versions_behind_total(
    metric: str, details: list[CollectionDetail], counts: Mapping[int, DetailCounts]
) -> tuple[int, ...]:
    """The A-11 survey versions a total combines: trust can mix version 1 and version 2."""
    if metric in (RESPONDENTS, RESPONSE_RATE):
        return tuple(sorted({counts[detail.pk].version for detail in details}))
    return tuple(sorted({counts[d.pk].version for d in details if metric in counts[d.pk].tallies}))


def _hidden_details(
    details: list[CollectionDetail], counts: Mapping[int, DetailCounts], minimum: int
) -> dict[int, str]:
    """Detail rows hidden for every metric, with why: too few respondents, or a complement."""
    rows = {
        detail.pk: _row(RESPONDENTS, detail, _count_figure(counts[detail.pk].respondents, minimum))
        for detail in details
    }
    checked = _complemented(list(rows.values()))
    return {
        pk: checked[index].suppression for index, pk in enumerate(rows) if checked[index].suppressed
    }


def _metric_rows(
    metric: str,
    details: list[CollectionDetail],
    counts: Mapping[int, DetailCounts],
    hidden: Mapping[int, str],
    minimum: int,
) -> list[tuple[CollectionDetail, FigureRow]]:
    """One metric's rows for the detail rows that report it, with complements hidden."""
    pairs: list[tuple[CollectionDetail, FigureRow]] = []
    for detail in details:
        if not _reports(metric, detail, counts[detail.pk]):
            continue
        if detail.pk in hidden:
            pairs.append((detail, _suppressed_row(metric, detail, hidden[detail.pk], minimum)))
            continue
        figure = _detail_figure(metric, detail, counts[detail.pk], minimum)
        if figure is not None:
            pairs.append((detail, _row(metric, detail, figure)))
    rows = _complemented([row for _, row in pairs])
    return [(detail, row) for (detail, _), row in zip(pairs, rows, strict=True)]


def _reports(metric: str, detail: CollectionDetail, counts: DetailCounts) -> bool:
    """Whether a detail row has this metric at all, decided without looking at its answers.

    A hidden row must show the same metrics whatever its answers were: leaving one out
    because, say, nobody was offered a negative driver would tell that everyone was positive.
    """
    if metric == RESPONDENTS:
        return True
    if metric == RESPONSE_RATE:
        return bool(detail.volume_offered_survey)
    return metric in counts.tallies


def _complemented(rows: list[FigureRow]) -> list[FigureRow]:
    """`suppress_complements` among the rows that describe someone.

    A row with n = 0 is left out: hiding it would protect nothing, since its "complement"
    label would show that it was not small, so its emptiness could be inferred.
    """
    candidates = [index for index, row in enumerate(rows) if row.suppressed or row.n]
    checked = suppress_complements([rows[index] for index in candidates])
    result = list(rows)
    for index, row in zip(candidates, checked, strict=True):
        result[index] = row
    return result


def _detail_figure(
    metric: str, detail: CollectionDetail, counts: DetailCounts, minimum: int
) -> Figure | None:
    """A shown detail row's figure for a metric it reports (None: no rate can be given)."""
    if metric == RESPONDENTS:
        return _count_figure(counts.respondents, minimum)
    if metric == RESPONSE_RATE:
        return _response_rate(counts.respondents, detail.volume_offered_survey, minimum)
    tally = counts.tallies[metric]
    return share_from_counts(tally.successes, tally.n, minimum_size=minimum)


def _total_row(
    metric: str,
    details: list[CollectionDetail],
    counts: Mapping[int, DetailCounts],
    minimum: int,
) -> FigureRow | None:
    """The service total of a metric over the detail rows that report it, if any do."""
    if metric == RESPONDENTS:
        respondents = sum(counts[detail.pk].respondents for detail in details)
        return _row(metric, None, _count_figure(respondents, minimum))
    if metric == RESPONSE_RATE:
        return _total_response_rate(details, counts, minimum)
    tallies = [counts[d.pk].tallies[metric] for d in details if metric in counts[d.pk].tallies]
    if not tallies:
        return None
    total = sum(tallies, Tally(0, 0))
    return _row(metric, None, share_from_counts(total.successes, total.n, minimum_size=minimum))


def _total_response_rate(
    details: list[CollectionDetail], counts: Mapping[int, DetailCounts], minimum: int
) -> FigureRow | None:
    """Known only when every detail row's volume offered a survey is known."""
    offered = [detail.volume_offered_survey for detail in details]
    if not details or any(volume is None for volume in offered):
        return None
    respondents = sum(counts[detail.pk].respondents for detail in details)
    figure = _response_rate(respondents, sum(volume or 0 for volume in offered), minimum)
    return _row(RESPONSE_RATE, None, figure) if figure is not None else None


def _response_rate(respondents: int, offered: int | None, minimum: int) -> Figure | None:
    """Respondents ÷ customers offered a survey; None when unknown or impossible.

    More respondents than customers offered a survey means the reported volume is wrong; a
    rate above 100% would mislead, so none is published.
    """
    if not offered or respondents > offered:
        return None
    return share_from_counts(respondents, offered, minimum_size=minimum)


def _count_figure(count: int, minimum: int) -> Figure:
    """A number of respondents: its own n, suppressed under the minimum like any figure."""
    return Figure.of(float(count), count, minimum_size=minimum)


def _row(metric: str, detail: CollectionDetail | None, figure: Figure) -> FigureRow:
    return FigureRow.of(
        figure,
        section=SECTION,
        metric=metric,
        label=METRIC_LABELS[metric],
        unit=COUNT if metric == RESPONDENTS else SHARE,
        group_by="detail" if detail is not None else "",
        group=str(detail.public_id) if detail is not None else "",
        group_label=group_label(detail),
    )


def _suppressed_row(metric: str, detail: CollectionDetail, reason: str, minimum: int) -> FigureRow:
    """A metric of a hidden detail row: it keeps the detail row's reason, and nothing else."""
    return FigureRow(
        section=SECTION,
        metric=metric,
        label=METRIC_LABELS[metric],
        unit=COUNT if metric == RESPONDENTS else SHARE,
        group_by="detail",
        group=str(detail.public_id),
        group_label=group_label(detail),
        suppressed=True,
        suppression=reason,
        minimum_size=minimum,
    )


def group_label(detail: CollectionDetail | None) -> str:
    """ "All channels", or "Website · Benefit application survey"."""
    if detail is None:
        return "All channels"
    return f"{CHANNELS.get(detail.channel, detail.channel)} · {detail.survey_title}"
