"""The hosted survey without JavaScript, page by page, as a respondent answers it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from govcx.responses.models import Response
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_create_from_template, survey_publish
from govcx.surveys.structure import Condition, Page, Question, QuestionType, SurveyStructure
from tests.collection.survey_form import parse_form, post_page
from tests.collection.surveys import SAME_PAGE_FOLLOW_UP, SurveyMaker, survey_url
from tests.conftest import World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def start(client: Client, survey: Survey, **headers: Any) -> TestResponse:
    response = client.get(survey_url(survey), **headers)
    assert response.status_code == 200
    return response


def test_v2_thumbs_up_shows_only_what_went_well_and_stores_the_response(world: World) -> None:
    survey = world.a.survey
    client = Client()
    page_1 = start(client, survey, HTTP_REFERER="https://agency-a.example.gov/apply/done")
    assert "Page 1 of 2" in page_1.content.decode()
    assert parse_form(page_1).visible_names() == {"trust"}
    assert set(parse_form(page_1).buttons) == {"next"}, "the first page has no Back button"

    page_2 = post_page(client, survey_url(survey), page_1, {"trust": "1"})
    html = page_2.content.decode()
    assert page_2.status_code == 200
    assert "Page 2 of 2" in html
    assert "What went well?" in html
    assert "What didn&#x27;t go so well?" not in html
    assert "You can enter up to 2,000 characters." in html
    assert parse_form(page_2).visible_names() == {
        "drivers_positive",
        "drivers_positive.other",
        "comments",
    }
    assert parse_form(page_2).buttons == {"next": "Submit", "back": "Back"}

    done = post_page(
        client,
        survey_url(survey),
        page_2,
        {
            "drivers_positive": ["ease", "other"],
            "drivers_positive.other": "The letter was clear",
            "comments": "Quick and easy.",
        },
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    response = Response.objects.get(survey=survey)
    assert done.status_code == 302
    assert done["Location"] == f"/s/{survey.public_id}/received/{response.receipt_id}/"
    assert response.answers == {
        "trust": 1,
        "drivers_positive": ["ease", "other"],
        "drivers_positive.other": "The letter was clear",
        "comments": "Quick and easy.",
    }
    assert response.channel == "website"
    assert response.language == "en"
    assert response.page_url == "https://agency-a.example.gov/apply/done"
    assert response.user_agent == "TestBrowser/1.0"
    assert response.survey_version_id == survey.current_version_id

    receipt = client.get(done["Location"])
    assert receipt.status_code == 200
    assert survey.success_message in receipt.content.decode()
    assert response.receipt_id in receipt.content.decode()


def test_v2_thumbs_down_shows_only_what_did_not_go_well(world: World) -> None:
    survey = world.a.survey
    client = Client()
    page_2 = post_page(client, survey_url(survey), start(client, survey), {"trust": "0"})
    html = page_2.content.decode()
    assert "What didn&#x27;t go so well?" in html
    assert "What went well?" not in html
    assert "drivers_positive" not in parse_form(page_2).visible_names()

    done = post_page(
        client, survey_url(survey), page_2, {"drivers_negative": ["efficiency", "employee"]}
    )
    assert done.status_code == 302
    assert Response.objects.get(survey=survey).answers == {
        "trust": 0,
        "drivers_negative": ["efficiency", "employee"],
    }


@pytest.mark.parametrize(
    ("trust", "shown", "not_shown"),
    [
        ("3", "drivers_negative", "drivers_positive"),
        ("4", "drivers_positive", "drivers_negative"),
    ],
)
def test_v2_five_point_trust_splits_at_agree(
    world: World, trust: str, shown: str, not_shown: str
) -> None:
    survey = survey_create_from_template(
        organization=world.a.organization, template_key="a11_v2_likert", user=None
    )
    survey_publish(survey=survey, user=None)
    client = Client()
    page_2 = post_page(client, survey_url(survey), start(client, survey), {"trust": trust})
    names = parse_form(page_2).visible_names()
    assert shown in names
    assert not_shown not in names


def test_going_back_and_changing_trust_drops_the_stale_follow_up(world: World) -> None:
    survey = world.a.survey
    client = Client()
    url = survey_url(survey)
    page_2 = post_page(client, url, start(client, survey), {"trust": "1"})
    back = post_page(
        client,
        url,
        page_2,
        {"drivers_positive": ["ease"], "comments": "Kept while I go back"},
        action="back",
    )
    form = parse_form(back)
    assert "Page 1 of 2" in back.content.decode()
    assert form.input("trust", "1").attrs.get("checked") is not None
    assert form.hidden_values("drivers_positive") == ["ease"]
    assert form.hidden_values("comments") == ["Kept while I go back"]

    page_2_again = post_page(client, url, back, {"trust": "0"})
    form = parse_form(page_2_again)
    assert "drivers_negative" in form.visible_names()
    assert "drivers_positive" not in {name for name, _value in form.fields}
    assert form.values("comments") == ["Kept while I go back"]

    post_page(client, url, page_2_again, {"drivers_negative": ["ease"]})
    assert Response.objects.get(survey=survey).answers == {
        "trust": 0,
        "drivers_negative": ["ease"],
        "comments": "Kept while I go back",
    }


def test_a_forged_follow_up_that_does_not_apply_is_not_stored(world: World) -> None:
    survey = world.a.survey
    client = Client()
    page_2 = post_page(client, survey_url(survey), start(client, survey), {"trust": "1"})
    post_page(
        client,
        survey_url(survey),
        page_2,
        {"drivers_positive": ["ease"], "drivers_negative": ["efficiency"]},
    )
    assert Response.objects.get(survey=survey).answers == {
        "trust": 1,
        "drivers_positive": ["ease"],
    }


def test_v1_two_pages(world: World) -> None:
    survey = world.a.v1_survey
    client = Client()
    url = survey_url(survey)
    page_1 = start(client, survey)
    assert parse_form(page_1).visible_names() == {"satisfaction", "trust", "comments_scores"}
    assert "Strongly agree" in page_1.content.decode()

    page_2 = post_page(client, url, page_1, {"satisfaction": "4", "trust": "5"})
    assert "Page 2 of 2" in page_2.content.decode()
    assert parse_form(page_2).visible_names() == {
        "effectiveness",
        "ease",
        "efficiency",
        "transparency",
        "employee",
        "comments",
    }
    done = post_page(client, url, page_2, {"ease": "3", "employee": "5", "comments": "Fine."})
    assert done.status_code == 302
    assert Response.objects.get(survey=survey).answers == {
        "satisfaction": 4,
        "trust": 5,
        "ease": 3,
        "employee": 5,
        "comments": "Fine.",
    }


def test_v1_required_answers_keep_the_respondent_on_page_1(world: World) -> None:
    survey = world.a.v1_survey
    client = Client()
    page = post_page(client, survey_url(survey), start(client, survey), {"satisfaction": "2"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Page 1 of 2" in html
    assert "There is a problem" in html
    assert 'href="#q-trust-1"' in html
    assert parse_form(page).input("satisfaction", "2").attrs.get("checked") is not None
    assert Response.objects.count() == 0


def test_back_from_the_first_page_stays_there(world: World) -> None:
    """A forged Back on the first page has nowhere to go and loses nothing."""
    survey = world.a.v1_survey
    client = Client()
    page_1 = start(client, survey)
    form = parse_form(page_1)
    data = dict(form.fields) | {"satisfaction": "3", "govcx.action": "back"}
    again = client.post(survey_url(survey), data)
    assert "Page 1 of 2" in again.content.decode()
    assert parse_form(again).input("satisfaction", "3").attrs.get("checked") is not None


def test_a_page_without_applicable_questions_is_skipped(make_survey: SurveyMaker) -> None:
    survey = make_survey(
        SurveyStructure(
            pages=(
                Page("", (Question("helpful", QuestionType.YES_NO, "Helpful?", required=True),)),
                Page(
                    "What went wrong",
                    (
                        Question(
                            "problem",
                            QuestionType.LONG_TEXT,
                            "What was the problem?",
                            required=True,
                            show_if=Condition("helpful", ("no",)),
                        ),
                    ),
                ),
                Page("Last words", (Question("comments", QuestionType.LONG_TEXT, "Comments"),)),
            )
        )
    )
    client = Client()
    url = survey_url(survey)
    page_1 = start(client, survey)
    assert "Page 1 of 3" in page_1.content.decode(), "page 2 may still be needed"

    last = post_page(client, url, page_1, {"helpful": "yes"})
    assert "Page 2 of 2" in last.content.decode()
    assert parse_form(last).visible_names() == {"comments"}
    back = post_page(client, url, last, action="back")
    assert parse_form(back).visible_names() == {"helpful"}

    problem_page = post_page(client, url, back, {"helpful": "no"})
    assert parse_form(problem_page).visible_names() == {"problem"}
    assert "Page 2 of 3" in problem_page.content.decode()


def test_same_page_follow_up_without_javascript(make_survey: SurveyMaker) -> None:
    survey = make_survey(SAME_PAGE_FOLLOW_UP)
    client = Client()
    url = survey_url(survey)
    page = start(client, survey)
    html = page.content.decode()
    assert parse_form(page).visible_names() == {"trust", "what_went_wrong", "comments"}
    assert "Answer this only if you answered “Thumbs down” to “Did we help you?”." in html
    assert parse_form(page).buttons == {"next": "Submit"}

    # Thumbs up: the follow-up does not apply, so its answer is dropped and it is not required.
    post_page(client, url, page, {"trust": "1", "what_went_wrong": "Nothing, really"})
    assert Response.objects.get(survey=survey).answers == {"trust": 1}

    # Thumbs down: now the follow-up is required.
    missing = post_page(client, url, start(client, survey), {"trust": "0"})
    assert "There is a problem" in missing.content.decode()
    assert Response.objects.count() == 1
    post_page(client, url, missing, {"what_went_wrong": "The line was long"})
    assert Response.objects.latest("created_at").answers == {
        "trust": 0,
        "what_went_wrong": "The line was long",
    }


def test_a_condition_on_a_hidden_value_is_settled_by_the_link(make_survey: SurveyMaker) -> None:
    survey = make_survey(
        SurveyStructure(
            pages=(
                Page(
                    "",
                    (
                        Question("source", QuestionType.HIDDEN, "Where the link was"),
                        Question(
                            "web_page",
                            QuestionType.SHORT_TEXT,
                            "Which page were you on?",
                            show_if=Condition("source", ("web",)),
                        ),
                        Question("comments", QuestionType.LONG_TEXT, "Comments"),
                    ),
                ),
            )
        )
    )
    client = Client()
    from_web = client.get(survey_url(survey) + "?source=web")
    assert parse_form(from_web).visible_names() == {"web_page", "comments"}
    assert "data-show-if-question" not in from_web.content.decode(), "nothing to toggle live"
    from_app = client.get(survey_url(survey) + "?source=app")
    assert parse_form(from_app).visible_names() == {"comments"}

    post_page(client, survey_url(survey), from_web, {"web_page": "/apply"})
    assert Response.objects.get().answers == {"source": "web", "web_page": "/apply"}
