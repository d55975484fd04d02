"""The public pages: agencies, an agency's contact page, plan, results and "you said, we did"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Agency, World, make_agency
from tests.public.builders import (
    UNPUBLISHED_STATES,
    action,
    add_respondents,
    collection,
    contact,
    detail,
    plan,
)
from tests.public.site import B_WORDS, Site, build_site


@pytest.fixture
def site(world: World) -> Site:
    return build_site(world)


def text_of(path: str) -> str:
    reply = Client().get(path)
    assert reply.status_code == 200, path
    return reply.content.decode()


def words(html: str) -> str:
    """The page's text without tags or repeated spaces, as a person reads it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def everything_unpublished(agency: Agency) -> None:
    """A draft plan, an unpublished action and a collection in every state but published."""
    plan(agency, published=False, title="Draft only")
    action(agency, you_said="x", we_did="y", on=dt.date(2025, 1, 2), published=False)
    quarters = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1)]
    for state, (year, quarter) in zip(UNPUBLISHED_STATES, quarters, strict=True):
        unpublished = collection(agency, fiscal_year=year, quarter=quarter, state=state)
        add_respondents(detail(unpublished), 20, question_1=1)


AGENCY_PAGES = (
    "/agencies/{}/",
    "/agencies/{}/plan/",
    "/agencies/{}/plan/FY2025/",
    "/agencies/{}/results/",
    "/agencies/{}/you-said-we-did/",
    "/agencies/{}/results.csv",
    "/agencies/{}/results.json",
)


# --- the home page and the list of agencies -----------------------------------------------------


def test_the_home_page_leads_to_the_agencies_and_the_open_data(db: None) -> None:
    text = text_of("/")
    assert f'href="{reverse("public:agency_list")}"' in text
    assert f'href="{reverse("public:open_data")}"' in text


def test_the_agency_list_shows_only_agencies_that_published_something(
    world: World, site: Site
) -> None:
    everything_unpublished(make_agency("Agency C", "AGC", "agency-c"))
    text = text_of("/agencies/")
    assert 'href="/agencies/AGA/"' in text
    assert 'href="/agencies/AGB/"' in text
    assert "Agency C" not in text


@pytest.mark.parametrize("what", ["contact", "plan", "results", "action"])
def test_publishing_any_one_thing_lists_an_agency(world: World, what: str) -> None:
    everything_unpublished(world.a)
    assert "Agency A" not in text_of("/agencies/")
    if what == "contact":
        contact(world.a)
    elif what == "plan":
        plan(world.a, fiscal_year=2024)
    elif what == "results":
        collection(world.a, fiscal_year=2024)
    else:
        action(world.a, you_said="a", we_did="b", on=dt.date(2025, 1, 2))
    assert "Agency A" in text_of("/agencies/")


def test_the_agency_list_takes_the_same_queries_for_many_agencies(
    world: World, site: Site, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(5):
        contact(make_agency(f"Agency {number}", f"AG{number}", f"agency-{number}"))
    with django_assert_max_num_queries(2):
        text_of("/agencies/")


# --- an agency -----------------------------------------------------------------------------------


def test_the_agency_page_shows_how_to_reach_it(world: World, site: Site) -> None:
    text = words(text_of("/agencies/AGA/"))
    for expected in (
        "help@agency-a.example.gov",
        "1-800-555-0100",
        "TTY 1-800-555-0101",
        "Monday to Friday, 8 a.m. to 5 p.m. Eastern",
        "1 Main Street",
        "Washington, DC 20001",
        "Rosa Diaz, Customer experience lead",
        "rosa.diaz@agency-a.example.gov",
        "We answer every message within five business days.",
    ):
        assert expected in text
    html = text_of("/agencies/AGA/")
    assert 'href="https://agency-a.example.gov/contact"' in html
    assert 'href="mailto:help@agency-a.example.gov"' in html


def test_the_agency_page_links_to_everything_it_published(world: World, site: Site) -> None:
    html = text_of("/agencies/AGA/")
    for name in ("plan", "results", "you_said_we_did", "results_csv", "results_json"):
        assert f'href="{reverse(f"public:{name}", args=["AGA"])}"' in html
    assert f'href="{reverse("standards:public", args=["AGA"])}"' in html


def test_an_agency_that_published_nothing_says_so(world: World) -> None:
    everything_unpublished(world.a)
    text = words(text_of("/agencies/AGA/"))
    assert "has not published its contact information yet" in text
    assert "Customer service plan: not published yet" in text
    assert "Results of our customer feedback: none published yet" in text
    assert "You said, we did: nothing published yet" in text
    assert 'href="/agencies/AGA/plan/"' not in text_of("/agencies/AGA/")


def test_abbreviations_are_read_in_any_case(world: World, site: Site) -> None:
    for path in AGENCY_PAGES:
        assert Client().get(path.format("aga")).status_code == 200, path


@pytest.mark.parametrize("path", AGENCY_PAGES)
def test_an_unknown_agency_is_not_found(world: World, site: Site, path: str) -> None:
    assert Client().get(path.format("NOPE")).status_code == 404


@pytest.mark.parametrize("path", AGENCY_PAGES[:5])
def test_agency_as_pages_never_show_agency_bs(world: World, site: Site, path: str) -> None:
    text = words(text_of(path.format("AGA")))
    for word in B_WORDS:
        assert word not in text, (path, word)


@pytest.mark.parametrize("path", AGENCY_PAGES[:5])
def test_agency_bs_pages_show_its_own(world: World, site: Site, path: str) -> None:
    """The other side of the isolation test: B's words are there to be found on B's pages."""
    everything = " ".join(words(text_of(p.format("AGB"))) for p in AGENCY_PAGES[:5])
    assert all(word in everything for word in B_WORDS[:5])


# --- the plan ------------------------------------------------------------------------------------


def test_the_plan_page_shows_the_latest_published_plan(world: World, site: Site) -> None:
    text = words(text_of("/agencies/AGA/plan/"))
    assert "Agency A: Customer service plan 2025" in text
    assert "Draft plan 2026" not in text
    assert "Accountable official: Jordan Lee, Chief Customer Officer" in text
    assert "We will make applying for benefits simpler." in text


def test_the_plan_page_shows_goals_milestones_initiatives_mechanisms_and_standards(
    world: World, site: Site
) -> None:
    text = words(text_of("/agencies/AGA/plan/FY2025/"))
    assert "Shorter waits on the phone" in text
    assert "Add a call-back option Benefits Office 30 June 2025 Planned" in text
    assert (
        "Publish the plan's first progress report Office of the Chief Customer Officer "
        "30 September 2025 In progress"
    ) in text.replace("&#x27;", "'")
    assert "One login for every benefit (AGA benefit applications)" in text
    assert "Post-transaction survey (AGA benefit applications, Website)" in text
    assert "We answer benefit questions within one day." in text
    assert 'href="/agencies/AGA/standards/"' in text_of("/agencies/AGA/plan/")


def test_the_plan_page_lists_the_other_published_years(world: World, site: Site) -> None:
    html = text_of("/agencies/AGA/plan/")
    assert 'href="/agencies/AGA/plan/FY2024/"' in html
    assert "FY2026" not in html
    assert "Customer service plan 2024" in text_of("/agencies/AGA/plan/FY2024/")


@pytest.mark.parametrize("year", [2026, 2030])
def test_a_year_without_a_published_plan_is_not_found(world: World, site: Site, year: int) -> None:
    assert Client().get(f"/agencies/AGA/plan/FY{year}/").status_code == 404


def test_an_agency_without_a_published_plan_says_so(world: World) -> None:
    plan(world.a, published=False, title="Secret draft")
    text = words(text_of("/agencies/AGA/plan/"))
    assert "has not published a customer service plan yet" in text
    assert "Secret draft" not in text


def test_a_withdrawn_standard_leaves_the_plan_page(world: World, site: Site) -> None:
    site.standard.active = False
    site.standard.save(update_fields=["active"])
    assert site.standard.public_wording not in text_of("/agencies/AGA/plan/")


# --- results -------------------------------------------------------------------------------------


def test_the_results_page_shows_each_figure_with_its_interval_and_n(
    world: World, site: Site
) -> None:
    text = words(text_of("/agencies/AGA/results/"))
    assert "FY2025 Q2 (January 2025 to March 2025)" in text
    assert "Website · Apply online survey 40 75.0% (95% interval 59.8% to 85.8%; n = 40" in text
    assert "20.0% (95% interval 15.0% to 26.1%; n = 200 customers offered a survey)" in text
    assert "Phone · Call center survey 100 60.0% (95% interval 50.2% to 69.1%; n = 100" in text
    assert "70.0% (95% interval 60.4% to 78.1%; n = 100 responses)" in text  # satisfaction
    assert "Ease 40.0% (95% interval 24.6% to 57.7%; n = 30 responses) no responses" in text


def test_the_results_page_hides_small_groups_and_their_complements(
    world: World, site: Site
) -> None:
    text = words(text_of("/agencies/AGA/results/"))
    assert "Email · Email survey fewer than 10 responses" in text
    assert "Chat survey hidden so that a smaller group" in text
    assert "n = 4 " not in text
    assert "n = 15 " not in text
    assert "All channels 159 " in text  # 40 + 100 + 4 + 15
    # A hidden row's drivers would read "hidden" fourteen times: they are not listed at all.
    assert "What went well and what did not: Email" not in text
    assert "What went well and what did not: Live chat" not in text


def test_drivers_nobody_was_asked_about_are_left_out(world: World, site: Site) -> None:
    text = words(text_of("/agencies/AGA/results/"))
    assert "Ease 24.5% (95% interval 14.6% to 38.1%; n = 49 responses) no responses" in text
    assert "Transparency" not in text


def test_the_results_page_shows_the_latest_fiscal_year_and_offers_the_others(
    world: World, site: Site
) -> None:
    later = collection(world.a, fiscal_year=2026, quarter=2)
    add_respondents(detail(later), 30, question_1=1)
    latest = words(text_of("/agencies/AGA/results/"))
    assert "FY2026 Q2" in latest
    assert "FY2025 Q2" not in latest
    earlier = words(text_of("/agencies/AGA/results/?year=FY2025"))
    assert "FY2025 Q2 (January 2025 to March 2025)" in earlier
    assert "FY2026 Q2" not in earlier
    assert "FY2025 Q2" in words(text_of("/agencies/AGA/results/?year=2025"))


@pytest.mark.parametrize("year", ["FY2019", "FY20x5", "２０２５", "-1"])
def test_a_fiscal_year_without_published_results_is_not_found(
    world: World, site: Site, year: str
) -> None:
    assert Client().get("/agencies/AGA/results/", {"year": year}).status_code == 404


def test_an_agency_without_published_results_says_so(world: World) -> None:
    everything_unpublished(world.a)
    assert "has not published any quarterly results yet" in words(text_of("/agencies/AGA/results/"))


def test_the_results_page_takes_a_fixed_number_of_queries(
    world: World, site: Site, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for quarter in (3, 4):
        more = collection(world.a, fiscal_year=2025, quarter=quarter)
        add_respondents(detail(more), 30, question_1=1)
    with django_assert_max_num_queries(6):
        text_of("/agencies/AGA/results/")


# --- you said, we did ----------------------------------------------------------------------------


def test_you_said_we_did_lists_published_actions_newest_first(world: World, site: Site) -> None:
    text = words(text_of("/agencies/AGA/you-said-we-did/"))
    newer = text.index("20 May 2025")
    older = text.index("1 March 2025")
    assert newer < older
    assert "AGA benefit applications 1 March 2025 You said: The application form" in text
    assert "We did: We removed the second address question." in text
    assert "Draft feedback" not in text
