"""Dashboard figures equal the same statistics computed straight from the raw responses.

The expected values here are computed independently: from the answers themselves with
NumPy, SciPy and statsmodels, never from rollups or govcx's own statistics helpers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import numpy as np
import pytest
from scipy import stats
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.tools import add_constant

from govcx.insights.dashboard import Dashboard, dashboard_for
from govcx.insights.metrics import V1_DRIVERS, V2_DRIVERS
from govcx.insights.periods import period_from_key
from govcx.insights.rollups import rollups_rebuild
from govcx.insights.rows import FigureRow
from govcx.insights.selectors import InsightsFilters, scope_for
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World

V1_KEYS = ("satisfaction", "trust", *V1_DRIVERS)
START = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)  # FY2026 Q1


def _v1_answers(rng: random.Random) -> dict[str, Any]:
    mood = rng.choice([1, 2, 3, 4, 5])
    return {key: min(5, max(1, mood + rng.choice([-1, 0, 0, 1]))) for key in V1_KEYS}


def _v2_answers(rng: random.Random) -> dict[str, Any]:
    positive = rng.random() < 0.6
    key = "drivers_positive" if positive else "drivers_negative"
    weights = (
        [0.5, 0.4, 0.3, 0.2, 0.15, 0.3, 0.05] if positive else [0.2, 0.3, 0.6, 0.1, 0.1, 0.1, 0.05]
    )
    chosen = [
        d for d, w in zip(V2_DRIVERS, weights, strict=True) if rng.random() < w and d != "other"
    ]
    answers: dict[str, Any] = {"trust": 1 if positive else 0}
    if chosen:
        answers[key] = chosen
    return answers


def _make(survey: Survey, answers: dict[str, Any], channel: str, when: dt.datetime) -> Response:
    assert survey.current_version is not None
    return Response(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=survey.current_version,
        channel=channel,
        language="en",
        created_at=when,
        answers=answers,
    )


@pytest.fixture
def responses(world: World) -> list[Response]:
    rng = random.Random(7)
    rows = []
    for index in range(600):
        survey = world.a.v1_survey if index % 3 == 0 else world.a.survey
        answers = _v1_answers(rng) if survey == world.a.v1_survey else _v2_answers(rng)
        channel = rng.choice(["website", "website", "phone"])
        when = START + dt.timedelta(days=rng.randrange(0, 182), minutes=index)
        rows.append(_make(survey, answers, channel, when))
    rows.append(_make(world.a.survey, {"trust": 1}, "email", START))  # a group of one
    Response.objects.bulk_create(rows)
    spam = Response.objects.filter(pk=rows[5].pk)
    spam.update(is_spam=True)
    rollups_rebuild()
    return list(Response.objects.filter(is_spam=False, organization=world.a.organization))


@pytest.fixture
def dashboard(world: World, responses: list[Response]) -> Dashboard:
    scope = scope_for(world.admin_a, "organization", "AGA")
    assert scope is not None
    return dashboard_for(scope, InsightsFilters(period=period_from_key("FY2026")))


def _positive(response: Response) -> bool:
    trust = int(response.answers["trust"])
    return trust >= 4 if response.survey.kind == "a11_v1" else trust == 1


def _assert_share(row: FigureRow, successes: int, n: int) -> None:
    low, high = proportion_confint(successes, n, method="wilson")
    assert row.n == n
    assert row.value == pytest.approx(successes / n, abs=1e-12)
    assert row.low == pytest.approx(low, abs=1e-12)
    assert row.high == pytest.approx(high, abs=1e-12)


def test_trust_is_the_share_positive_with_a_wilson_interval(
    dashboard: Dashboard, responses: list[Response]
) -> None:
    positive = sum(_positive(r) for r in responses)
    _assert_share(dashboard.trust, positive, len(responses))
    assert dashboard.respondents == len(responses)


def test_the_channel_breakdown_suppresses_small_groups_and_their_complement(
    dashboard: Dashboard, responses: list[Response]
) -> None:
    rows = {row.group: row for row in dashboard.section("breakdown", "channel")}
    assert rows["email"].suppressed
    assert rows["email"].value is None
    assert rows["email"].n is None
    # With one group hidden, the smallest other group is hidden too.
    assert rows["phone"].suppressed
    website = [r for r in responses if r.channel == "website"]
    _assert_share(rows["website"], sum(_positive(r) for r in website), len(website))


def test_v1_items_match_numpy_and_scipy(dashboard: Dashboard, responses: list[Response]) -> None:
    rows = {row.metric: row for row in dashboard.section("v1_items")}
    v1 = [r for r in responses if r.survey.kind == "a11_v1"]
    for key in V1_KEYS:
        values = np.array([r.answers[key] for r in v1], dtype=float)
        low, high = stats.t.interval(
            0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values)
        )
        mean = rows[f"{key}:mean"]
        assert mean.value == pytest.approx(values.mean(), abs=1e-12)
        assert mean.low == pytest.approx(low, abs=1e-9)
        assert mean.high == pytest.approx(high, abs=1e-9)
        _assert_share(rows[f"{key}:agree"], int((values >= 4).sum()), len(values))
        _assert_share(rows[f"{key}:3"], int((values == 3).sum()), len(values))


def test_v2_driver_shares_count_only_respondents_offered_the_question(
    dashboard: Dashboard, responses: list[Response]
) -> None:
    v2 = [r for r in responses if r.survey.kind == "a11_v2_thumbs"]
    positive = [r for r in v2 if r.answers["trust"] == 1]
    negative = [r for r in v2 if r.answers["trust"] == 0]
    went_well = {row.metric: row for row in dashboard.section("v2_went_well")}
    not_well = {row.metric: row for row in dashboard.section("v2_not_well")}
    for driver in ("ease", "efficiency"):
        chose = sum(driver in r.answers.get("drivers_positive", []) for r in positive)
        _assert_share(went_well[f"drivers_positive:{driver}"], chose, len(positive))
        chose = sum(driver in r.answers.get("drivers_negative", []) for r in negative)
        _assert_share(not_well[f"drivers_negative:{driver}"], chose, len(negative))


def _r_squared(data: np.ndarray, outcome: int, predictors: tuple[int, ...]) -> float:
    if not predictors:
        return 0.0
    return float(OLS(data[:, outcome], add_constant(data[:, list(predictors)])).fit().rsquared)


def test_relative_importance_equals_lmg_from_regressions_on_the_raw_answers(
    dashboard: Dashboard, responses: list[Response]
) -> None:
    v1 = [r for r in responses if r.survey.kind == "a11_v1"]
    data = np.array([[r.answers[key] for key in V1_KEYS] for r in v1], dtype=float)
    predictors = [V1_KEYS.index(d) for d in V1_DRIVERS]
    rows = {row.metric: row for row in dashboard.section("importance")}
    outcome = V1_KEYS.index("trust")
    for driver in predictors:
        others = [p for p in predictors if p != driver]
        gains = []
        for order in itertools.permutations(predictors):
            before = tuple(order[: order.index(driver)])
            gains.append(
                _r_squared(data, outcome, (*before, driver)) - _r_squared(data, outcome, before)
            )
        assert others
        assert rows[f"trust:{V1_KEYS[driver]}"].value == pytest.approx(np.mean(gains), abs=1e-9)


def test_quarter_to_quarter_changes_are_tested_and_holm_corrected(
    dashboard: Dashboard, responses: list[Response]
) -> None:
    points = dashboard.section("trend")
    assert [p.group for p in points] == ["FY2026-Q1", "FY2026-Q2"]
    by_quarter: dict[str, list[bool]] = {"FY2026-Q1": [], "FY2026-Q2": []}
    for r in responses:
        key = "FY2026-Q1" if r.created_at < dt.datetime(2026, 1, 1, tzinfo=dt.UTC) else "FY2026-Q2"
        by_quarter[key].append(_positive(r))
    q1, q2 = by_quarter["FY2026-Q1"], by_quarter["FY2026-Q2"]
    _assert_share(points[1], sum(q2), len(q2))
    _statistic, p_value = proportions_ztest([sum(q2), sum(q1)], [len(q2), len(q1)])
    assert points[1].test == "Two-proportion z-test"
    assert points[1].p_value == pytest.approx(p_value, rel=1e-9)
    assert points[1].adjusted_p_value == pytest.approx(
        multipletests([p_value], method="holm")[1][0]
    )
    assert points[1].correction == "Holm"
    assert points[1].significant == (p_value < 0.05)
    assert points[0].test == ""  # nothing before the first quarter to compare with


def test_equity_compares_each_group_with_the_rest_under_holm(
    world: World, responses: list[Response]
) -> None:
    scope = scope_for(world.admin_a, "service", str(world.a.service.public_id))
    assert scope is not None
    board = dashboard_for(scope, InsightsFilters(), equity_dimension="channel")
    rows = {row.group: row for row in board.section("equity")}
    website = [_positive(r) for r in responses if r.channel == "website"]
    rest = [_positive(r) for r in responses if r.channel != "website"]
    _statistic, p_value = proportions_ztest([sum(website), sum(rest)], [len(website), len(rest)])
    assert rows["website"].compared_with == "rest"
    assert rows["website"].p_value == pytest.approx(p_value, rel=1e-9)
    assert rows["email"].suppressed
    assert rows["email"].p_value is None


def test_another_agency_sees_no_scope_of_this_one(world: World, responses: list[Response]) -> None:
    assert scope_for(world.outsider, "organization", "AGA") is None
    assert scope_for(world.outsider, "service", str(world.a.service.public_id)) is None
    assert scope_for(world.outsider, "survey", str(world.a.survey.public_id)) is None
    assert scope_for(world.outsider, "provider", world.a.provider.slug) is None


def test_a_driver_everyone_answered_alike_leaves_the_others_their_importance(
    world: World,
) -> None:
    rng = random.Random(3)
    rows = []
    for index in range(60):
        answers = _v1_answers(rng)
        answers["employee"] = 4  # no variance: no correlation with anything
        rows.append(_make(world.a.v1_survey, answers, "website", START + dt.timedelta(hours=index)))
    Response.objects.bulk_create(rows)
    rollups_rebuild()
    scope = scope_for(world.admin_a, "survey", str(world.a.v1_survey.public_id))
    assert scope is not None
    importance = {
        row.metric: row.value
        for row in dashboard_for(scope, InsightsFilters()).section("importance")
    }
    assert importance["trust:employee"] is None
    assert all(importance[f"trust:{driver}"] is not None for driver in V1_DRIVERS[:-1])
