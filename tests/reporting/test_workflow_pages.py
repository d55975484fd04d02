"""The workflow's pages: its POST addresses, their refusals, and the panel on a collection."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from govcx.registry.models import User
from govcx.reporting.models import (
    Collection,
    CollectionState,
    CollectionTransition,
    Rating,
)
from govcx.reporting.workflow import collection_rate, collection_submit
from tests.conftest import World
from tests.reporting.conftest import Reviewers
from tests.reporting.test_workflow import make_collection, set_state

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

State = CollectionState
ClientFor = Callable[[User], Client]

# Each address, a state it can be used in, and what is posted to it.
ENDPOINTS: dict[str, tuple[str, dict[str, str]]] = {
    "collection_submit": (State.DRAFT, {}),
    "collection_request_changes": (State.SUBMITTED, {"reason": "Add the phone channel."}),
    "collection_rate": (State.SUBMITTED, {"rating": Rating.GREEN}),
    "collection_publish": (State.SUBMITTED, {}),
    "collection_not_reported": (State.DRAFT, {"reason": "No survey ran this quarter."}),
    "collection_archive": (State.PUBLISHED, {}),
}
REVIEWING = [name for name in ENDPOINTS if name != "collection_submit"]


def address(name: str, collection: Collection) -> str:
    return reverse(f"reporting:{name}", kwargs={"public_id": collection.public_id})


def detail_address(collection: Collection) -> str:
    return address("collection_detail", collection)


def ready_for(name: str, collection: Collection) -> Collection:
    state, _data = ENDPOINTS[name]
    return set_state(collection, state, rating=Rating.GREEN)


def assert_untouched(collection: Collection, state: str) -> None:
    collection.refresh_from_db()
    assert collection.state == state
    assert not CollectionTransition.objects.filter(collection=collection).exists()


def message_texts(response: TestResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def page_text(response: TestResponse) -> str:
    return response.content.decode()


@pytest.fixture
def collection(world: World) -> Collection:
    return make_collection(world.a)


# --- who gets in -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
@pytest.mark.parametrize("person", ["outsider", "performance_b"])
def test_another_agencys_people_get_404_on_every_action(
    collection: Collection,
    world: World,
    reviewers: Reviewers,
    client_for: ClientFor,
    name: str,
    person: str,
) -> None:
    user = world.outsider if person == "outsider" else reviewers.performance_b
    collection = ready_for(name, collection)
    reply = client_for(user).post(address(name, collection), ENDPOINTS[name][1])
    assert reply.status_code == 404
    assert_untouched(collection, collection.state)


def test_another_agencys_performance_manager_cannot_see_the_collection(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    assert client_for(reviewers.performance_b).get(detail_address(collection)).status_code == 404
    assert client_for(reviewers.performance_a).get(detail_address(collection)).status_code == 200


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_a_response_viewer_gets_403_on_every_action(
    collection: Collection, world: World, client_for: ClientFor, name: str
) -> None:
    collection = ready_for(name, collection)
    reply = client_for(world.viewer_a).post(address(name, collection), ENDPOINTS[name][1])
    assert reply.status_code == 403
    assert_untouched(collection, collection.state)


@pytest.mark.parametrize("name", REVIEWING)
@pytest.mark.parametrize("person", ["admin_a", "manager_a"])
def test_preparers_get_403_on_every_review_action(
    collection: Collection, world: World, client_for: ClientFor, name: str, person: str
) -> None:
    collection = ready_for(name, collection)
    user = world.admin_a if person == "admin_a" else world.manager_a
    reply = client_for(user).post(address(name, collection), ENDPOINTS[name][1])
    assert reply.status_code == 403
    assert_untouched(collection, collection.state)


def test_a_survey_manager_cannot_publish_or_rate_through_the_pages(
    collection: Collection, world: World, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.SUBMITTED, rating=Rating.GREEN)
    client = client_for(world.manager_a)
    assert client.post(address("collection_publish", collection)).status_code == 403
    rated = client.post(address("collection_rate", collection), {"rating": Rating.RED})
    assert rated.status_code == 403
    assert_untouched(collection, State.SUBMITTED)
    assert collection.rating == Rating.GREEN


def test_a_performance_manager_gets_403_on_submit(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    reply = client_for(reviewers.performance_a).post(address("collection_submit", collection))
    assert reply.status_code == 403
    assert_untouched(collection, State.DRAFT)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_signed_out_visitors_are_sent_to_sign_in(collection: Collection, name: str) -> None:
    collection = ready_for(name, collection)
    reply = Client().post(address(name, collection), ENDPOINTS[name][1])
    assert reply.status_code == 302
    assert reply["Location"].startswith(reverse("login"))
    assert_untouched(collection, collection.state)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_actions_are_posted_never_fetched(
    collection: Collection, reviewers: Reviewers, world: World, client_for: ClientFor, name: str
) -> None:
    collection = ready_for(name, collection)
    user = world.admin_a if name == "collection_submit" else reviewers.performance_a
    assert client_for(user).get(address(name, collection)).status_code == 405
    assert_untouched(collection, collection.state)


# --- acting --------------------------------------------------------------------------------------


def test_a_preparer_submits_and_lands_back_on_the_collection(
    collection: Collection, world: World, client_for: ClientFor
) -> None:
    reply = client_for(world.manager_a).post(address("collection_submit", collection))
    assert reply.status_code == 302
    assert reply["Location"] == detail_address(collection)
    assert message_texts(reply) == [
        "The collection was submitted; its performance managers have been told."
    ]
    collection.refresh_from_db()
    assert collection.state == State.SUBMITTED


def test_a_reviewer_rates_publishes_and_the_history_shows_it(
    collection: Collection, world: World, reviewers: Reviewers, client_for: ClientFor
) -> None:
    collection_submit(collection=collection, user=world.admin_a)
    client = client_for(reviewers.performance_a)
    rated = client.post(
        address("collection_rate", collection),
        {"rating": Rating.YELLOW, "reason": "Only the website is surveyed."},
    )
    assert rated.status_code == 302
    published = client.post(address("collection_publish", collection), follow=True)
    assert published.status_code == 200
    html = page_text(published)
    assert "The collection was published." in html
    rows = history_rows(html)
    assert rows == [
        ["admin_a", "Draft", "Submitted", "—", "—"],
        [
            "performance_a",
            "Submitted",
            "Submitted",
            "Yellow: partially in line with A-11",
            "Only the website is surveyed.",
        ],
        ["performance_a", "Submitted", "Published", "Yellow: partially in line with A-11", "—"],
    ]


def history_rows(html: str) -> list[list[str]]:
    """The history table's rows as text: who, from, to, rating, why (the time left out)."""
    table = html.split('id="history-caption"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells[1:]])
    return rows


def test_a_change_request_without_a_reason_comes_back_with_the_error_on_its_field(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    reply = client_for(reviewers.performance_a).post(
        address("collection_request_changes", collection), {"reason": "  "}
    )
    assert reply.status_code == 400
    html = page_text(reply)
    assert "Nothing was changed" in html
    assert (
        '<a href="#request_changes-reason">What needs to change</a>: '
        "Say what needs to change, so the preparers know what to fix." in html
    )
    assert 'aria-invalid="true"' in html
    assert_untouched(collection, State.SUBMITTED)


def test_a_yellow_rating_without_a_reason_comes_back_with_the_rating_kept(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.PUBLISHED)
    reply = client_for(reviewers.performance_a).post(
        address("collection_rate", collection), {"rating": Rating.YELLOW, "reason": ""}
    )
    assert reply.status_code == 400
    html = page_text(reply)
    assert "Say why the collection is rated yellow" in html
    assert 'aria-describedby="rate-reason_helptext rate-reason-error"' in html
    assert 'id="rate-reason-error"' in html
    assert "(optional)" not in html  # a yellow or red rating needs the reason
    assert re.search(r'value="yellow"\s+checked', html)
    assert_untouched(collection, State.PUBLISHED)
    assert collection.rating == ""


def test_a_rating_not_offered_is_refused_on_its_field(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    reply = client_for(reviewers.performance_a).post(
        address("collection_rate", collection), {"rating": "purple"}
    )
    assert reply.status_code == 400
    assert '<a href="#rate-rating">Rating</a>: Choose green, yellow or red.' in page_text(reply)
    assert_untouched(collection, State.SUBMITTED)


def test_an_action_the_state_no_longer_allows_is_explained_on_the_collection(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    # The page was open while someone else published: publishing again is refused.
    collection = set_state(collection, State.PUBLISHED, rating=Rating.GREEN)
    client = client_for(reviewers.performance_a)
    reply = client.post(address("collection_publish", collection), follow=True)
    assert reply.redirect_chain == [(detail_address(collection), 302)]
    assert (
        "This collection is “published”; it can be published only when it is “submitted”."
        in page_text(reply)
    )
    assert_untouched(collection, State.PUBLISHED)


def test_an_incomplete_collection_lists_what_is_missing(
    world: World, client_for: ClientFor
) -> None:
    collection = make_collection(world.a, customers=None)
    reply = client_for(world.admin_a).post(address("collection_submit", collection))
    assert reply.status_code == 302
    assert message_texts(reply) == [
        f"Row 1 ({world.a.survey.title}, Website): give the volume of customers."
    ]
    assert_untouched(collection, State.DRAFT)


# --- the panel ---------------------------------------------------------------------------------


def forms_on(html: str) -> list[str]:
    """The workflow addresses the page has a form for."""
    return re.findall(r'<form method="post" action="/staff/collections/[^/]+/([a-z-]+)/"', html)


def test_a_preparer_sees_the_submit_form_only(
    collection: Collection, world: World, client_for: ClientFor
) -> None:
    html = page_text(client_for(world.manager_a).get(detail_address(collection)))
    assert forms_on(html) == ["submit"]
    assert "csrfmiddlewaretoken" in html


def test_a_reviewer_sees_the_review_forms_of_a_submitted_collection(
    collection: Collection, reviewers: Reviewers, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    html = page_text(client_for(reviewers.performance_a).get(detail_address(collection)))
    assert forms_on(html) == ["rate", "publish", "request-changes"]
    assert '<legend class="usa-legend">Rating</legend>' in html
    assert '<label class="usa-label" for="request_changes-reason">What needs to change' in html


def test_a_survey_manager_is_offered_no_publish_or_rate_even_when_submitted(
    collection: Collection, world: World, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    html = page_text(client_for(world.manager_a).get(detail_address(collection)))
    assert forms_on(html) == []


def test_a_response_viewer_reads_the_state_and_history_without_forms(
    collection: Collection, world: World, reviewers: Reviewers, client_for: ClientFor
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    collection_rate(
        collection=collection, user=reviewers.performance_a, rating=Rating.RED, reason="Late."
    )
    html = page_text(client_for(world.viewer_a).get(detail_address(collection)))
    assert forms_on(html) == []
    assert "Red: not submitted" in html
    assert history_rows(html) == [
        ["performance_a", "Submitted", "Submitted", "Red: not submitted", "Late."]
    ]


def test_the_history_table_is_described_for_screen_readers(
    collection: Collection, world: World, client_for: ClientFor
) -> None:
    html = page_text(client_for(world.admin_a).get(detail_address(collection)))
    assert "<caption" in html.split('aria-labelledby="workflow-heading"', 1)[1]
    for heading in ("When (UTC)", "Who", "From", "To", "Rating", "Why"):
        assert f'<th scope="col">{heading}</th>' in html
    assert "Nothing has happened to this collection yet" in html


def test_the_panel_says_overdue_only_while_past_due_and_with_the_preparers(
    world: World, client_for: ClientFor
) -> None:
    past = make_collection(world.a)  # FY2025 Q1, due January 30, 2025
    client = client_for(world.admin_a)
    assert "· overdue" in page_text(client.get(detail_address(past)))
    set_state(past, State.SUBMITTED)
    assert "· overdue" not in page_text(client.get(detail_address(past)))
    future = make_collection(world.a, quarter=past.fiscal_quarter.shifted(300))
    assert "· overdue" not in page_text(client.get(detail_address(future)))


def test_the_panel_lists_what_stops_a_submission(world: World, client_for: ClientFor) -> None:
    collection = make_collection(world.a, offered=None)
    html = page_text(client_for(world.admin_a).get(detail_address(collection)))
    assert "Before this collection can be submitted:" in html
    assert "give the volume of customers provided a survey opportunity." in html
