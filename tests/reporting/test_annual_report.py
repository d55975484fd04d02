"""The annual report's figures, from responses whose counts are worked out by hand here, and its
pages: who may read them, and what they show.

Expected intervals and tests are computed independently with statsmodels and SciPy from the
counts written below, never from govcx's own statistics functions.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import Theme
from govcx.comments.services import theme_create
from govcx.insights.dashboard import dashboard_for
from govcx.insights.periods import period_from_key
from govcx.insights.rollups import rollups_rebuild
from govcx.insights.rows import COMPLEMENT, SMALL, FigureRow
from govcx.insights.selectors import InsightsFilters, scope_for
from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Organization, Service, User
from govcx.registry.services import service_create, service_volume_set
from govcx.reporting.annual import (
    AnnualReport,
    annual_report,
    is_report_year,
    report_fiscal_years,
    services_with_responses,
)
from govcx.responses.models import Response
from govcx.standards.compliance import Verdict
from govcx.standards.models import Standard
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_create_from_template, survey_publish
from tests.comments.conftest import store_response
from tests.conftest import World
from tests.reporting.conftest import Reviewers
from tests.standards.standard_fixtures import add_cases, eastern, email_standard

YEAR = 2026
Q1 = dt.datetime(2025, 11, 4, 15, tzinfo=dt.UTC)  # FY2026 Q1
Q2 = dt.datetime(2026, 2, 10, 15, tzinfo=dt.UTC)
Q3 = dt.datetime(2026, 5, 12, 15, tzinfo=dt.UTC)
YEAR_BEFORE = dt.datetime(2025, 2, 11, 15, tzinfo=dt.UTC)  # FY2025 Q2
Z_TEST = "Two-proportion z-test"
FISHER = "Fisher's exact test"


# --- responses ------------------------------------------------------------------------------------


def response(
    survey: Survey, answers: dict[str, Any], channel: str, when: dt.datetime, **states: bool
) -> Response:
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
        **states,
    )


def v2_answers(index: int, positive: bool) -> dict[str, Any]:
    """Of the positive, every third names effectiveness as going well and the rest ease; every
    negative names efficiency as not going well."""
    if positive:
        return {"trust": 1, "drivers_positive": ["effectiveness" if index % 3 == 0 else "ease"]}
    return {"trust": 0, "drivers_negative": ["efficiency"]}


def v2_responses(
    survey: Survey, when: dt.datetime, channel: str, total: int, positive: int
) -> list[Response]:
    return [
        response(
            survey, v2_answers(index, index < positive), channel, when + dt.timedelta(minutes=index)
        )
        for index in range(total)
    ]


def v1_answers(satisfied: bool, trusting: bool) -> dict[str, Any]:
    """Satisfied respondents agree (5) and find it easy (4); the rest disagree (2) on both."""
    return {
        "satisfaction": 5 if satisfied else 2,
        "trust": 4 if trusting else 3,
        "effectiveness": 4,
        "ease": 4 if satisfied else 2,
        "efficiency": 3,
        "transparency": 5,
        "employee": 4,
    }


def v1_responses(
    survey: Survey, when: dt.datetime, channel: str, total: int, satisfied: int, trusting: int
) -> list[Response]:
    return [
        response(
            survey,
            v1_answers(index < satisfied, index < trusting),
            channel,
            when + dt.timedelta(minutes=index),
        )
        for index in range(total)
    ]


def volume(service: Service, channel: str, quarter: FiscalQuarter, offered: int) -> None:
    service_volume_set(
        service=service,
        channel=channel,
        quarter=quarter,
        customers=offered * 5,
        offered_survey=offered,
        user=None,
    )


def make_year(world: World) -> None:
    """Agency A's FY2026 and FY2025, counted into the rollups, with volumes for FY2026.

    FY2026 trust: Q1 15 of 20 (version 2) + 8 of 12 (version 1) = 23 of 32; Q2 18 of 30 +
    6 of 10 = 24 of 40; Q3 36 of 40; Q4 none: the year 83 of 112. Satisfaction (version 1):
    Q1 9 of 12, Q2 5 of 10: the year 14 of 22. FY2025: trust 20 of 40 + 6 of 12 = 26 of 52,
    satisfaction 6 of 12. Spam, flagged and deleted responses, and agency B's, count nowhere.
    """
    a = world.a
    rows = [
        *v2_responses(a.survey, Q1, "website", total=20, positive=15),
        *v1_responses(a.v1_survey, Q1, "phone", total=12, satisfied=9, trusting=8),
        *v2_responses(a.survey, Q2, "website", total=30, positive=18),
        *v1_responses(a.v1_survey, Q2, "website", total=10, satisfied=5, trusting=6),
        *v2_responses(a.survey, Q3, "website", total=40, positive=36),
        *v2_responses(a.survey, YEAR_BEFORE, "website", total=40, positive=20),
        *v1_responses(a.v1_survey, YEAR_BEFORE, "website", total=12, satisfied=6, trusting=6),
        response(a.survey, {"trust": 1}, "website", Q1, is_spam=True),
        response(a.survey, {"trust": 1}, "website", Q1, is_flagged=True),
        response(a.survey, {"trust": 1}, "website", Q1, is_deleted=True),
        *v2_responses(world.b.survey, Q1, "website", total=50, positive=50),
    ]
    Response.objects.bulk_create(rows)
    volume(a.service, "website", FiscalQuarter(2026, 1), 200)
    volume(a.service, "website", FiscalQuarter(2026, 2), 300)
    volume(a.service, "phone", FiscalQuarter(2026, 1), 150)
    volume(a.service, "website", FiscalQuarter(2025, 2), 1000)  # another year's: not FY2026's
    rollups_rebuild()


def second_service(world: World, *, hisp: bool = False) -> Survey:
    """A second service of agency A with a published A-11 version 2 survey."""
    service = service_create(
        organization=world.a.organization,
        provider=world.a.provider,
        name="AGA records requests",
        kind="informational",
        channels=["website"],
        is_hisp_service=hisp,
        estimated_annual_customers=5_000,
    )
    survey = survey_create_from_template(
        organization=world.a.organization, service=service, template_key="a11_v2_thumbs", user=None
    )
    return survey_publish(survey=survey, user=None)


def make_small_year(world: World) -> Survey:
    """FY2026 with a quarter too small to show: Q1 15 of 20, Q2 1 of 4, Q3 20 of 25 (the year
    36 of 49); and a second service with only 5 responses in the whole year."""
    a = world.a
    records = second_service(world)
    Response.objects.bulk_create(
        [
            *v2_responses(a.survey, Q1, "website", total=20, positive=15),
            *v2_responses(a.survey, Q2, "website", total=4, positive=1),
            *v2_responses(a.survey, Q3, "website", total=25, positive=20),
            *v2_responses(records, Q2, "website", total=5, positive=4),
        ]
    )
    rollups_rebuild()
    return records


def report_now(organization: Organization, year: int = YEAR) -> AnnualReport:
    return annual_report(organization, year, as_of=timezone.now())


@dataclass(frozen=True)
class Share:
    successes: int
    n: int

    @property
    def value(self) -> float:
        return self.successes / self.n


def assert_share(row: FigureRow, expected: Share) -> None:
    low, high = proportion_confint(expected.successes, expected.n, alpha=0.05, method="wilson")
    assert not row.suppressed
    assert row.n == expected.n
    assert row.value == pytest.approx(expected.value)
    assert row.low == pytest.approx(low)
    assert row.high == pytest.approx(high)


def z_test_p(first: Share, second: Share) -> float:
    _, p_value = proportions_ztest([first.successes, second.successes], [first.n, second.n])
    return float(p_value)


def fisher_p(first: Share, second: Share) -> float:
    table = [
        [first.successes, first.n - first.successes],
        [second.successes, second.n - second.successes],
    ]
    return float(stats.fisher_exact(table).pvalue)


# --- figures --------------------------------------------------------------------------------------

TRUST_QUARTERS = [Share(23, 32), Share(24, 40), Share(36, 40)]
TRUST_YEAR, TRUST_BEFORE = Share(83, 112), Share(26, 52)
SATISFACTION_QUARTERS = [Share(9, 12), Share(5, 10)]
SATISFACTION_YEAR, SATISFACTION_BEFORE = Share(14, 22), Share(6, 12)


def test_trust_for_the_year_counts_only_the_agencys_counted_responses(world: World) -> None:
    make_year(world)
    report = report_now(world.a.organization)
    (service,) = report.services
    assert service.service == world.a.service
    assert service.respondents == 112
    assert_share(service.trust.year, TRUST_YEAR)
    assert_share(service.trust.previous_year, TRUST_BEFORE)


def test_trust_by_quarter_each_compared_with_the_one_before(world: World) -> None:
    make_year(world)
    trust = report_now(world.a.organization).services[0].trust
    assert [row.group for row in trust.quarters] == [f"FY2026-Q{q}" for q in range(1, 5)]
    for row, expected in zip(trust.quarters, TRUST_QUARTERS, strict=False):
        assert_share(row, expected)
    q4 = trust.quarters[3]
    assert (q4.value, q4.n, q4.suppressed) == (None, 0, False)  # reads "no responses"
    raw = [z_test_p(TRUST_QUARTERS[1], TRUST_QUARTERS[0]), z_test_p(*TRUST_QUARTERS[2:0:-1])]
    adjusted = multipletests(raw, method="holm")[1]
    assert trust.quarters[0].test == ""
    for row, before, p_value in zip(
        trust.quarters[1:3], ["FY2026-Q1", "FY2026-Q2"], adjusted, strict=True
    ):
        assert (row.compared_with, row.test, row.correction) == (before, Z_TEST, "Holm")
        assert row.adjusted_p_value == pytest.approx(p_value)
        assert row.significant is bool(p_value < 0.05)
    assert trust.quarters[2].difference == pytest.approx(36 / 40 - 24 / 40)


def test_trust_against_the_year_before(world: World) -> None:
    make_year(world)
    change = report_now(world.a.organization).services[0].trust.change
    assert (change.group, change.compared_with, change.test) == ("FY2026", "FY2025", Z_TEST)
    assert change.difference == pytest.approx(TRUST_YEAR.value - TRUST_BEFORE.value)
    p_value = z_test_p(TRUST_YEAR, TRUST_BEFORE)
    assert change.adjusted_p_value == pytest.approx(p_value)  # Holm over one comparison
    assert change.significant is True
    assert p_value < 0.01


def test_satisfaction_from_the_version_1_item(world: World) -> None:
    make_year(world)
    satisfaction = report_now(world.a.organization).services[0].satisfaction
    assert satisfaction is not None
    assert_share(satisfaction.year, SATISFACTION_YEAR)
    assert_share(satisfaction.previous_year, SATISFACTION_BEFORE)
    for row, expected in zip(satisfaction.quarters, SATISFACTION_QUARTERS, strict=False):
        assert_share(row, expected)
    assert [row.n for row in satisfaction.quarters[2:]] == [0, 0]
    q2 = satisfaction.quarters[1]
    assert (q2.test, q2.compared_with) == (FISHER, "FY2026-Q1")  # expected counts under 5
    assert q2.adjusted_p_value == pytest.approx(fisher_p(*SATISFACTION_QUARTERS[::-1]))
    change = satisfaction.change
    assert change.test == FISHER
    assert change.adjusted_p_value == pytest.approx(
        fisher_p(SATISFACTION_YEAR, SATISFACTION_BEFORE)
    )


def test_drivers_of_both_versions(world: World) -> None:
    """Of 69 positive version 2 respondents, 5 + 6 + 12 = 23 named effectiveness and 46 ease;
    all 21 negative named efficiency; 14 of 22 version 1 respondents agreed it was easy."""
    make_year(world)
    service = report_now(world.a.organization).services[0]
    went_well = {row.metric.rsplit(":", 1)[-1]: row for row in service.went_well}
    assert_share(went_well["effectiveness"], Share(23, 69))
    assert_share(went_well["ease"], Share(46, 69))
    assert went_well["humanity"].value == 0
    (efficiency,) = (row for row in service.not_well if row.metric.endswith("efficiency"))
    assert_share(efficiency, Share(21, 21))
    items = {row.metric: row for row in service.v1_drivers}
    assert list(items) == [
        f"{item}:agree"
        for item in ("effectiveness", "ease", "efficiency", "transparency", "employee")
    ]
    assert_share(items["ease:agree"], Share(14, 22))
    assert_share(items["efficiency:agree"], Share(0, 22))


def test_response_rates_from_the_years_volumes(world: World) -> None:
    """Website: 20 (Q1) + 40 (Q2) respondents of 200 + 300 offered; Q3 has no volumes and
    FY2025's volume is another year's. Phone: 12 of 150."""
    make_year(world)
    rates = {
        row.group.split(":")[1]: row
        for row in report_now(world.a.organization).services[0].response_rates
    }
    assert set(rates) == {"website", "phone"}
    assert_share(rates["website"], Share(60, 500))
    assert_share(rates["phone"], Share(12, 150))


def test_figures_match_the_insights_dashboard(world: World) -> None:
    make_year(world)
    service = report_now(world.a.organization).services[0]
    scope = scope_for(world.admin_a, "service", str(world.a.service.public_id))
    assert scope is not None
    board = dashboard_for(scope, InsightsFilters(period=period_from_key("FY2026")))
    assert service.trust.year == board.trust
    assert list(service.trust.quarters[:3]) == board.section("trend")
    agree = [row for row in board.section("v1_items") if row.metric == "satisfaction:agree"]
    assert service.satisfaction is not None
    assert [service.satisfaction.year] == agree
    assert list(service.went_well) == [row for row in board.section("v2_went_well") if row.n]


def test_a_small_quarter_is_hidden_with_the_next_smallest(world: World) -> None:
    """Q2 (4 responses) is under the minimum of 10; Q1 (20) is hidden too, or Q2 could be
    worked out from the year's total. The second service, with 5 responses, shows nothing."""
    make_small_year(world)
    report = report_now(world.a.organization)
    main, records = report.services
    q1, q2, q3, q4 = main.trust.quarters
    assert (q2.suppressed, q2.suppression, q2.value, q2.n) == (True, SMALL, None, None)
    assert (q1.suppressed, q1.suppression, q1.value, q1.n) == (True, COMPLEMENT, None, None)
    assert_share(q3, Share(20, 25))
    assert q3.test == ""  # the quarter before it is hidden: nothing to compare with
    assert q4.n == 0
    assert_share(main.trust.year, Share(36, 49))
    assert records.respondents == 5
    assert records.trust.year.suppressed
    assert records.trust.year.value is None
    assert all(row.value is None for row in records.went_well)
    assert main.satisfaction is None


def test_hisp_services_come_first(world: World) -> None:
    make_small_year(world)
    Service.objects.filter(pk=world.a.service.pk).update(is_hisp_service=False, name="A first")
    records = Service.objects.get(name="AGA records requests")
    Service.objects.filter(pk=records.pk).update(is_hisp_service=True)
    assert [s.name for s in services_with_responses(world.a.organization, YEAR)] == [
        "AGA records requests",
        "A first",
    ]


def test_fiscal_years_with_responses(world: World) -> None:
    make_year(world)
    assert report_fiscal_years(world.a.organization) == [2026, 2025]
    assert services_with_responses(world.a.organization, 2024) == []
    assert is_report_year(2026, today=dt.date(2026, 10, 1))
    assert not is_report_year(2027, today=dt.date(2026, 9, 30))
    assert not is_report_year(2018, today=dt.date(2026, 9, 30))


def make_standard(world: World) -> Standard:
    """Agency A's email standard: of 12 emails received on Tuesday 4 November 2025 (FY2026
    Q1), 9 were answered the next business day and 3 the day after."""
    standard = email_standard(world.a)
    add_cases(standard, 9, eastern(2025, 11, 4, 10), eastern(2025, 11, 5, 12))
    add_cases(standard, 3, eastern(2025, 11, 4, 10), eastern(2025, 11, 6, 12))
    return standard


def test_standards_compliance_for_each_quarter_and_the_year(world: World) -> None:
    """9 of 12 answered within a business day: 75 %, below the 80 % promised, in Q1 and so
    over the year; the other quarters had no emails."""
    standard = make_standard(world)
    (result,) = report_now(world.a.organization).standards
    assert result.standard == standard
    q1 = result.quarters[0]
    assert [quarter.period.key for quarter in result.quarters] == [
        f"FY2026-Q{q}" for q in range(1, 5)
    ]
    assert (q1.verdict, q1.headline.n, q1.headline.value) == (Verdict.MISSED, 12, 0.75)
    assert [quarter.verdict for quarter in result.quarters[1:]] == [Verdict.NO_DATA] * 3
    assert (result.year.period.key, result.year.verdict, result.year.headline.n) == (
        "FY2026",
        Verdict.MISSED,
        12,
    )
    low, high = proportion_confint(9, 12, method="wilson")
    assert (result.year.headline.low, result.year.headline.high) == pytest.approx((low, high))


def test_comment_themes_have_a_place_but_no_made_up_content(world: World) -> None:
    make_year(world)
    comments_analyse()
    assert report_now(world.a.organization).comment_themes == ()


def unhappy_about_the_phone(world: World) -> Theme:
    """FY2026: 15 unhappy customers wrote about waiting on the phone, 15 happy ones about the
    website; one theme, about the phone, is defined (agency B has the same, which never counts)."""
    for index in range(15):
        when = Q2 + dt.timedelta(days=index)
        store_response(world.a, "On hold on the phone for an hour.", trust="0", created_at=when)
        store_response(world.a, "The website was easy to use.", trust="1", created_at=when)
        store_response(world.b, "On hold on the phone for an hour.", trust="0", created_at=when)
    for agency in (world.a, world.b):
        theme_create(
            organization=agency.organization,
            name="Waiting on the phone",
            description="",
            key_terms=["hold", "phone"],
            examples=[],
            user=None,
        )
    comments_analyse()
    return Theme.objects.get(organization=world.a.organization)


def test_comment_themes_over_represented_among_unhappy_customers_are_reported(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_year(world)
    unhappy_about_the_phone(world)

    report = report_now(world.a.organization)

    (service,) = report.comment_themes
    assert service.service == world.a.service
    assert (service.table.n_group, service.table.n_comparison) == (15, 15)
    (leading,) = service.leading
    assert leading.label == "Waiting on the phone"
    assert leading.group_share is not None
    assert leading.group_share.count == 15
    page = client_for(world.admin_a).get(report_url("annual_report")).content.decode()
    assert "Waiting on the phone" in page
    assert leading.group_share.text in html.unescape(page)
    assert "On hold on the phone" not in page  # figures only: no comment is quoted


# --- pages ----------------------------------------------------------------------------------------


def report_url(name: str, abbreviation: str = "AGA", year: int = YEAR) -> str:
    return reverse(f"reporting:{name}", kwargs={"abbreviation": abbreviation, "fiscal_year": year})


def figure_texts(page: str, name: str) -> list[str]:
    """The text of every element marked data-figure=`name`, in the order shown."""
    found = re.findall(rf'data-figure="{name}">(.*?)</', page, flags=re.DOTALL)
    return [html.unescape(text).strip() for text in found]


def test_report_page_shows_each_figure_with_n_and_interval(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_year(world)
    response = client_for(world.viewer_a).get(report_url("annual_report"))
    assert response.status_code == 200
    page = response.content.decode()
    assert figure_texts(page, "trust") == ["74.1 % (95 % CI 65.3–81.3 %, n = 112)"]
    assert figure_texts(page, "satisfaction") == ["63.6 % (95 % CI 43.0–80.3 %, n = 22)"]
    assert figure_texts(page, "respondents") == ["112"]
    (change,) = figure_texts(page, "trust-change")
    assert change.startswith(
        "+24.1 percentage points from FY2025 (Two-proportion z-test, Holm-adjusted p"
    )
    assert change.endswith("; significant)")
    assert "FY2026 Q4" in page
    assert "no responses" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert report_url("annual_report_pdf") in page
    assert "Agency B" not in page


def test_report_page_shows_each_standard_by_quarter_and_year(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_year(world)
    make_standard(world)
    page = client_for(world.admin_a).get(report_url("annual_report")).content.decode()
    assert "We answer email within one business day." in page
    assert page.count("Below the standard") == 2  # Q1 and the whole year
    assert page.count("No records") == 3
    assert page.count("75.0%") == 2
    assert "FY2026, whole year" in page


def test_report_page_marks_hidden_rows_and_never_shows_their_values(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_small_year(world)
    page = client_for(world.admin_a).get(report_url("annual_report")).content.decode()
    assert "govcx-suppressed" in page
    assert "fewer than 10 responses" in page
    assert "hidden so that a smaller group" in page
    assert "25.0 %" not in page  # Q2's 1 of 4
    assert "75.0 %" not in page  # Q1's 15 of 20, hidden with it
    assert figure_texts(page, "respondents") == ["49", "fewer than 10"]


def test_report_home_lists_the_years_of_the_users_organizations(
    world: World, client_for: Callable[[User], Client]
) -> None:
    make_year(world)
    page = client_for(world.admin_a).get(reverse("reporting:report_home")).content.decode()
    assert report_url("annual_report") in page
    assert report_url("annual_report", year=2025) in page
    assert report_url("annual_report_pdf") in page
    assert "AGB" not in page
    outsider_page = client_for(world.outsider).get(reverse("reporting:report_home"))
    assert outsider_page.status_code == 200
    assert report_url("annual_report") not in outsider_page.content.decode()
    assert report_url("annual_report", abbreviation="AGB") in outsider_page.content.decode()


@pytest.mark.parametrize("name", ["annual_report", "annual_report_pdf"])
def test_another_agency_gets_404(
    world: World, client_for: Callable[[User], Client], reviewers: Reviewers, name: str
) -> None:
    make_year(world)
    for user in (world.outsider, reviewers.performance_b):
        assert client_for(user).get(report_url(name)).status_code == 404
    # the same 404 as for an agency that does not exist
    assert client_for(world.outsider).get(report_url(name, abbreviation="NOPE")).status_code == 404


@pytest.mark.parametrize("name", ["annual_report", "annual_report_pdf"])
def test_years_without_a_report_are_404(
    world: World, client_for: Callable[[User], Client], name: str
) -> None:
    client = client_for(world.admin_a)
    next_year = FiscalQuarter.of(timezone.localdate()).fiscal_year + 1
    for year in (2018, next_year):
        assert client.get(report_url(name, year=year)).status_code == 404


@pytest.mark.parametrize("name", ["report_home", "annual_report", "annual_report_pdf"])
def test_signed_out_visitors_are_sent_to_sign_in(world: World, name: str) -> None:
    url = reverse("reporting:report_home") if name == "report_home" else report_url(name)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_member_reads_the_report(
    world: World, client_for: Callable[[User], Client], reviewers: Reviewers
) -> None:
    for user in (world.admin_a, world.manager_a, world.viewer_a, reviewers.performance_a):
        assert client_for(user).get(report_url("annual_report")).status_code == 200


def test_a_year_without_responses_says_so(
    world: World, client_for: Callable[[User], Client]
) -> None:
    page = client_for(world.admin_a).get(report_url("annual_report", year=2024)).content.decode()
    assert "had responses to an A-11 survey in FY2024" in page
    assert "has no active service standards" in page
    assert "No comment themes to report for FY2024" in page
