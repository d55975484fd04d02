"""The figures of published collections: counts, Wilson intervals, response rates, drivers,
version 1 counts, service totals, suppression with complements, and nothing unpublished."""

from __future__ import annotations

import math

import pytest
from pytest_django import DjangoAssertNumQueries

from govcx.insights.rows import COMPLEMENT, SMALL
from govcx.reporting.models import Collection, SurveyType
from govcx.reporting.published import (
    ALL_CHANNELS,
    METRICS,
    PublishedFigure,
    published_figures,
    version_1_counts,
)
from tests.conftest import World
from tests.public.builders import (
    UNPUBLISHED_STATES,
    add_respondents,
    collection,
    detail,
    v1_counts,
)

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson(successes: int, n: int) -> tuple[float, float]:
    """The Wilson score interval written out, to check the library against the formula."""
    p = successes / n
    denominator = 1 + Z_95**2 / n
    centre = (p + Z_95**2 / (2 * n)) / denominator
    half = Z_95 * math.sqrt(p * (1 - p) / n + Z_95**2 / (4 * n**2)) / denominator
    return centre - half, centre + half


def the(figures: list[PublishedFigure], metric: str, channel: str) -> PublishedFigure:
    (found,) = [f for f in figures if f.metric == metric and f.channel == channel]
    return found


def assert_share(
    figure: PublishedFigure, successes: int, n: int, interval: tuple[float, float]
) -> None:
    row = figure.row
    assert not row.suppressed
    assert row.value == pytest.approx(successes / n)
    assert row.n == n
    assert (row.low, row.high) == pytest.approx(wilson(successes, n), abs=1e-12)
    assert (row.low, row.high) == pytest.approx(interval, abs=1e-6)  # computed by hand


def assert_hidden(figure: PublishedFigure, reason: str) -> None:
    row = figure.row
    assert row.suppressed
    assert row.suppression == reason
    assert (row.value, row.low, row.high, row.n) == (None, None, None, None)


@pytest.fixture
def thumbs(world: World) -> Collection:
    """Website, thumbs up / down: 30 up (12 chose ease), 10 down (4 chose ease); 200 offered."""
    published = collection(world.a)
    website = detail(published, channel="website", offered=200, customers=5000)
    add_respondents(website, 12, question_1=1, chosen=["ease"])
    add_respondents(website, 18, question_1=1)
    add_respondents(website, 4, question_1=0, chosen=["ease"])
    add_respondents(website, 6, question_1=0)
    return published


def test_a_thumbs_survey_gives_respondents_trust_response_rate_and_drivers(
    world: World, thumbs: Collection
) -> None:
    figures = published_figures(world.a.organization)
    website = [f for f in figures if f.channel == "website"]

    respondents = the(website, "respondents", "website").row
    assert (respondents.value, respondents.n, respondents.suppressed) == (40, 40, False)
    assert_share(the(website, "trust", "website"), 30, 40, (0.59806, 0.858129))
    assert_share(the(website, "response_rate", "website"), 40, 200, (0.150452, 0.260855))
    assert_share(the(website, "positive_ease", "website"), 12, 30, (0.245906, 0.576796))
    assert_share(the(website, "positive_effectiveness", "website"), 0, 30, wilson(0, 30))
    # Exactly the minimum group size (10) is enough to show.
    assert_share(the(website, "negative_ease", "website"), 4, 10, (0.16818, 0.687326))


def test_a_driver_nobody_was_offered_has_no_value_and_is_not_hidden(
    world: World, thumbs: Collection
) -> None:
    row = the(published_figures(world.a.organization), "positive_humanity", "website").row
    assert (row.value, row.n, row.suppressed) == (None, 0, False)


def test_every_figure_is_labelled_with_its_collection_and_detail(
    world: World, thumbs: Collection
) -> None:
    figures = published_figures(world.a.organization)
    assert {f.collection for f in figures} == {thumbs}
    assert [f.metric for f in figures if f.detail is not None] == [
        m for m in METRICS if m != "satisfaction"
    ]
    assert {f.a11_versions for f in figures} == {(2,)}


def test_a_five_point_trust_question_counts_4_and_5_as_positive(world: World) -> None:
    published = collection(world.a)
    phone = detail(published, channel="phone", survey_type=SurveyType.LIKERT_SCALE)
    for answer, count in ((5, 20), (4, 25), (3, 10), (1, 5)):
        add_respondents(phone, count, question_1=answer)
    trust = the(published_figures(world.a.organization), "trust", "phone")
    assert_share(trust, 45, 60, (0.627679, 0.842235))


def test_version_1_counts_give_trust_from_item_2_and_satisfaction_from_item_1(
    world: World,
) -> None:
    published = collection(world.a)
    counts = v1_counts(q1_2=10, q1_3=20, q1_4=30, q1_5=40, q2_1=40, q2_5=60, q3_5=100)
    detail(
        published,
        channel="phone",
        survey=world.a.v1_survey,
        survey_type=SurveyType.LIKERT_SCALE,
        v1_counts=counts,
    )
    figures = published_figures(world.a.organization)
    assert the(figures, "respondents", "phone").row.value == 100
    assert_share(the(figures, "satisfaction", "phone"), 70, 100, (0.604151, 0.781051))
    assert_share(the(figures, "trust", "phone"), 60, 100, (0.502003, 0.690599))
    assert not [f for f in figures if f.metric.startswith(("positive_", "negative_"))]
    assert {f.a11_versions for f in figures} == {(1,)}


def test_version_1_counts_must_be_whole_numbers() -> None:
    with pytest.raises(ValueError, match="q2_4"):
        version_1_counts(v1_counts() | {"q2_4": "many"})


def test_the_service_total_adds_up_its_detail_rows(world: World, thumbs: Collection) -> None:
    detail(
        thumbs,
        channel="phone",
        survey=world.a.v1_survey,
        survey_type=SurveyType.LIKERT_SCALE,
        offered=400,
        v1_counts=v1_counts(q1_4=50, q1_5=50, q2_1=40, q2_5=60),
    )
    figures = published_figures(world.a.organization)
    assert the(figures, "respondents", ALL_CHANNELS).row.value == 140
    assert_share(the(figures, "trust", ALL_CHANNELS), 90, 140, wilson(90, 140))
    assert_share(the(figures, "response_rate", ALL_CHANNELS), 140, 600, wilson(140, 600))
    assert_share(the(figures, "satisfaction", ALL_CHANNELS), 100, 100, wilson(100, 100))
    assert_share(the(figures, "positive_ease", ALL_CHANNELS), 12, 30, wilson(12, 30))
    assert the(figures, "trust", ALL_CHANNELS).a11_versions == (1, 2)
    assert the(figures, "positive_ease", ALL_CHANNELS).a11_versions == (2,)
    assert figures[0].channel == ALL_CHANNELS  # the total comes first


def test_no_response_rate_without_the_volume_offered_a_survey(
    world: World, thumbs: Collection
) -> None:
    unknown = detail(thumbs, channel="phone", title="Call survey", offered=None)
    add_respondents(unknown, 20, question_1=1)
    figures = published_figures(world.a.organization)
    rates = {f.channel for f in figures if f.metric == "response_rate"}
    assert rates == {"website"}  # neither the phone row nor the total: part is unknown


def test_no_response_rate_when_more_responded_than_were_offered(world: World) -> None:
    published = collection(world.a)
    add_respondents(detail(published, offered=15), 20, question_1=1)
    figures = published_figures(world.a.organization)
    assert not [f for f in figures if f.metric == "response_rate"]


# --- suppression ---------------------------------------------------------------------------------


def test_a_small_detail_row_is_hidden_with_its_smallest_neighbour(world: World) -> None:
    published = collection(world.a)
    add_respondents(detail(published, channel="website", offered=50), 5, question_1=1)
    add_respondents(detail(published, channel="phone", offered=500), 50, question_1=1)
    add_respondents(detail(published, channel="email", offered=900), 100, question_1=0)
    figures = published_figures(world.a.organization)

    for metric in ("respondents", "trust", "response_rate", "positive_ease", "negative_ease"):
        assert_hidden(the(figures, metric, "website"), SMALL)
        assert_hidden(the(figures, metric, "phone"), COMPLEMENT)
    assert_share(the(figures, "trust", "email"), 0, 100, wilson(0, 100))
    assert the(figures, "respondents", ALL_CHANNELS).row.value == 155


def test_a_small_driver_group_is_hidden_with_its_smallest_neighbour(world: World) -> None:
    """Every row has enough respondents, but only 5 of one row's were asked what went wrong."""
    published = collection(world.a)
    for channel, negatives in (("website", 5), ("phone", 30), ("email", 20)):
        row = detail(published, channel=channel)
        add_respondents(row, 100 - negatives, question_1=1)
        add_respondents(row, negatives, question_1=0, chosen=["ease"])
    figures = published_figures(world.a.organization)

    assert_hidden(the(figures, "negative_ease", "website"), SMALL)
    assert_hidden(the(figures, "negative_ease", "email"), COMPLEMENT)
    assert_share(the(figures, "negative_ease", "phone"), 30, 30, wilson(30, 30))
    assert_share(the(figures, "trust", "website"), 95, 100, wilson(95, 100))
    assert_share(the(figures, "negative_ease", ALL_CHANNELS), 55, 55, wilson(55, 55))


def test_an_empty_row_is_never_taken_as_the_complement(world: World) -> None:
    """Hiding a row of 0 would protect nothing: the hidden small row's size would follow."""
    published = collection(world.a)
    add_respondents(detail(published, channel="website"), 4, question_1=1)
    detail(published, channel="email")  # no respondents
    add_respondents(detail(published, channel="phone"), 40, question_1=1)
    add_respondents(detail(published, channel="live_chat"), 80, question_1=1)
    figures = published_figures(world.a.organization)

    assert_hidden(the(figures, "respondents", "website"), SMALL)
    assert_hidden(the(figures, "respondents", "phone"), COMPLEMENT)
    empty = the(figures, "respondents", "email").row
    assert (empty.value, empty.n, empty.suppressed) == (0, 0, False)
    assert the(figures, "respondents", "live_chat").row.value == 80


def test_a_small_service_total_is_hidden_too(world: World) -> None:
    published = collection(world.a)
    add_respondents(detail(published), 6, question_1=1)
    figures = published_figures(world.a.organization)
    assert_hidden(the(figures, "respondents", ALL_CHANNELS), SMALL)
    assert_hidden(the(figures, "trust", ALL_CHANNELS), SMALL)
    shown = [f for f in figures if not f.row.suppressed]
    assert shown
    assert all(f.row.n == 0 for f in shown)  # only drivers nobody was asked about


def test_the_organizations_own_minimum_group_size_applies(world: World) -> None:
    world.a.organization.minimum_group_size = 3
    world.a.organization.save(update_fields=["minimum_group_size"])
    published = collection(world.a)
    add_respondents(detail(published), 4, question_1=1)
    add_respondents(detail(published, channel="phone"), 2, question_1=1)
    add_respondents(detail(published, channel="email"), 3, question_1=1)
    figures = published_figures(world.a.organization)
    assert_share(the(figures, "trust", "website"), 4, 4, wilson(4, 4))
    assert_hidden(the(figures, "trust", "phone"), SMALL)
    assert_hidden(the(figures, "trust", "email"), COMPLEMENT)
    assert the(figures, "trust", "phone").row.minimum_size == 3


# --- only what was published ---------------------------------------------------------------------


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_a_collection_that_is_not_published_gives_no_figures(world: World, state: str) -> None:
    unpublished = collection(world.a, state=state)
    add_respondents(detail(unpublished), 50, question_1=1)
    assert published_figures(world.a.organization) == []
    assert published_figures() == []


def test_one_agencys_figures_never_include_anothers(world: World, thumbs: Collection) -> None:
    other = collection(world.b)
    add_respondents(detail(other), 25, question_1=1)
    assert {f.collection.organization for f in published_figures(world.a.organization)} == {
        world.a.organization
    }
    assert {f.collection.organization for f in published_figures()} == {
        world.a.organization,
        world.b.organization,
    }


def test_figures_for_one_fiscal_year(world: World, thumbs: Collection) -> None:
    later = collection(world.a, fiscal_year=2026, quarter=2)
    add_respondents(detail(later), 12, question_1=1)
    figures = published_figures(world.a.organization, fiscal_year=2026)
    assert {f.collection for f in figures} == {later}


def test_reading_many_collections_takes_three_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for quarter in (1, 2, 3, 4):
        published = collection(world.a, quarter=quarter)
        add_respondents(detail(published), 12, question_1=1)
        add_respondents(detail(published, channel="phone"), 15, question_1=0)
    with django_assert_num_queries(3):
        figures = published_figures()
    assert len({f.collection for f in figures}) == 4


def test_many_collections_are_read_in_chunks_with_the_same_figures(
    world: World, thumbs: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = collection(world.a, quarter=2)
    add_respondents(detail(later), 12, question_1=1)
    add_respondents(detail(later, channel="phone"), 30, question_1=0)
    whole = [(f.collection, f.detail, f.row) for f in published_figures()]
    monkeypatch.setattr("govcx.reporting.published.PKS_PER_QUERY", 1)
    assert [(f.collection, f.detail, f.row) for f in published_figures()] == whole
