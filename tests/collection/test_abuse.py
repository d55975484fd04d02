"""Public submissions under abuse: honeypots, bots that answer too fast, floods, oversized bodies
and posts from sites that may not embed the survey, through the API and the hosted page."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from unittest.mock import MagicMock, patch

import pytest
from django.core import signing
from django.test import Client
from pytest_django import Settings

from govcx.api.keys import api_key_create
from govcx.collection.spam import BURST, BURST_SUBMISSIONS, HONEYPOT, TOO_FAST
from govcx.collection.views import HONEYPOT_FIELD, STARTED_FIELD, STARTED_SALT
from govcx.registry.models import Organization
from govcx.responses.models import Response
from govcx.responses.selectors import surveys_with_response_counts
from govcx.surveys.models import Survey
from tests.collection.survey_form import parse_form, post_page
from tests.collection.surveys import survey_url
from tests.conftest import World
from tests.staff.helpers import ClientFor, content_of

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

THUMBS_UP = {"trust": 1, "drivers_positive": ["ease"], "comments": "Quick and easy."}
EMBED = "https://www.agency-a.example.gov"
ELSEWHERE = "https://www.unrelated.example.com"
LIST = "/staff/responses/"
EXPORT = "/staff/responses/export.csv"
BATCH = "/api/v1/responses/batch"
PAGE_BODY_LIMIT = 256 * 1024
# Any fixed moment: the rate-limit windows are then the same on every run.
FROZEN = 1_767_225_600.0


def responses_url(survey: Survey) -> str:
    return f"/api/v1/surveys/{survey.public_id}/responses"


def post(survey: Survey, body: dict[str, Any] | None = None, **extra: Any) -> TestResponse:
    """POST one response to the API; `extra` is WSGI environ, as for Client.post."""
    return Client().post(
        responses_url(survey),
        json.dumps({"answers": THUMBS_UP} if body is None else body),
        content_type="application/json",
        **extra,
    )


def with_key(key: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def new_key(organization: Organization, name: str = "Case system") -> str:
    return api_key_create(organization=organization, name=name, user=None).key


def allow_origins(survey: Survey, origins: list[str]) -> None:
    Survey.objects.filter(pk=survey.pk).update(allowed_origins=origins)


def stored(reply: TestResponse) -> Response:
    assert reply.status_code == 201, reply.content
    return Response.objects.get(receipt_id=reply.json()["receipt_id"])


def padded(body: dict[str, Any], size: int) -> str:
    """The body as JSON, padded with trailing whitespace (still valid JSON) to `size` bytes."""
    text = json.dumps(body)
    assert len(text.encode()) <= size
    return text + " " * (size - len(text.encode()))


def start(client: Client, survey: Survey) -> TestResponse:
    page = client.get(survey_url(survey))
    assert page.status_code == 200
    return page


def last_page(client: Client, survey: Survey) -> TestResponse:
    """The v2 survey answered as far as its last page, thumbs up."""
    page_2 = post_page(client, survey_url(survey), start(client, survey), {"trust": "1"})
    assert page_2.status_code == 200
    assert "Page 2 of 2" in page_2.content.decode()
    return page_2


def finish(
    client: Client, survey: Survey, page_2: TestResponse, extra: dict[str, Any] | None = None
) -> TestResponse:
    """Press Submit on the last page with the answers of THUMBS_UP; `extra` adds fields."""
    answers = {"drivers_positive": ["ease"], "comments": "Quick and easy.", **(extra or {})}
    return post_page(client, survey_url(survey), page_2, answers)


@pytest.fixture
def rate_clock() -> Iterator[MagicMock]:
    """Stop the rate limiter's clock, so a test never straddles the end of a window."""
    with patch("govcx.collection.limits.time") as clock:
        clock.time.return_value = FROZEN
        yield clock


def retry_after(reply: TestResponse) -> int:
    seconds = int(reply["Retry-After"])
    assert 1 <= seconds <= 60
    return seconds


# --- the honeypot ------------------------------------------------------------------------------


def test_api_honeypot_gets_201_but_is_stored_as_spam(world: World) -> None:
    reply = post(world.a.survey, {"answers": THUMBS_UP, "honeypot": "https://pills.example.com"})
    assert set(reply.json()) == {"id", "receipt_id", "created_at"}
    response = stored(reply)
    assert response.is_spam
    assert HONEYPOT in response.spam_signals
    assert response.spam_score == 100


def test_api_empty_honeypot_is_not_spam(world: World) -> None:
    response = stored(post(world.a.survey, {"answers": THUMBS_UP, "honeypot": ""}))
    assert not response.is_spam
    assert response.spam_signals == []


def test_page_honeypot_gets_the_receipt_but_is_stored_as_spam(world: World) -> None:
    client = Client()
    page_2 = last_page(client, world.a.survey)
    done = finish(client, world.a.survey, page_2, {HONEYPOT_FIELD: "https://pills.example.com"})
    assert done.status_code == 302
    response = Response.objects.get()
    assert done["Location"].endswith(f"/received/{response.receipt_id}/")
    assert client.get(done["Location"]).status_code == 200
    assert response.is_spam
    assert HONEYPOT in response.spam_signals


def test_a_page_left_as_a_person_leaves_it_has_an_empty_honeypot(world: World) -> None:
    client = Client()
    page_2 = last_page(client, world.a.survey)
    assert parse_form(page_2).values(HONEYPOT_FIELD) == [""]
    assert finish(client, world.a.survey, page_2).status_code == 302
    assert not Response.objects.get().is_spam


def test_honeypot_spam_is_not_counted_on_the_survey(world: World) -> None:
    stored(post(world.a.survey))
    stored(post(world.a.survey, {"answers": THUMBS_UP, "honeypot": "x"}))
    counts = {s.pk: s.response_count for s in surveys_with_response_counts(world.manager_a)}
    assert counts[world.a.survey.pk] == 1


def test_honeypot_spam_is_listed_only_when_spam_is_asked_for(
    world: World, client_for: ClientFor
) -> None:
    genuine = stored(post(world.a.survey))
    spam = stored(post(world.a.survey, {"answers": THUMBS_UP, "honeypot": "x"}))
    client = client_for(world.manager_a)
    listed = client.get(LIST)
    assert listed.status_code == 200
    assert genuine.receipt_id in listed.content.decode()
    assert spam.receipt_id not in listed.content.decode()
    with_spam = client.get(LIST, {"include_spam": "1"}).content.decode()
    assert spam.receipt_id in with_spam


def exported(client: Client, query: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    reply = client.get(EXPORT, query or {})
    assert reply.status_code == 200
    rows = csv.DictReader(io.StringIO(content_of(reply).removeprefix("\ufeff")))
    return {row["receipt_id"]: row for row in rows}


def test_honeypot_spam_is_exported_only_when_spam_is_asked_for(
    world: World, client_for: ClientFor
) -> None:
    genuine = stored(post(world.a.survey))
    spam = stored(post(world.a.survey, {"answers": THUMBS_UP, "honeypot": "x"}))
    client = client_for(world.admin_a)
    assert set(exported(client)) == {genuine.receipt_id}
    with_spam = exported(client, {"include_spam": "1"})
    assert set(with_spam) == {genuine.receipt_id, spam.receipt_id}
    assert with_spam[spam.receipt_id]["is_spam"] == "true"
    assert with_spam[genuine.receipt_id]["is_spam"] == "false"


# --- too fast on the hosted page ---------------------------------------------------------------


@pytest.fixture
def page_clock() -> Iterator[MagicMock]:
    """The hosted page's clock, which signs the start and measures the time taken."""
    with patch("govcx.collection.views.time") as clock:
        clock.time.return_value = time.time()
        yield clock


def answered_in(seconds: float, clock: MagicMock, survey: Survey, **fields: str) -> Response:
    """Answer the survey, pressing Submit `seconds` after the first page was shown."""
    client = Client()
    shown_at = clock.time.return_value
    page_2 = last_page(client, survey)
    clock.time.return_value = shown_at + seconds
    done = finish(client, survey, page_2, dict(fields))
    assert done.status_code == 302, done.content
    return Response.objects.get()


def test_page_answered_in_one_second_is_too_fast_but_not_spam_alone(
    world: World, page_clock: MagicMock
) -> None:
    response = answered_in(1, page_clock, world.a.survey)
    assert response.spam_signals == [TOO_FAST]
    assert not response.is_spam


def test_page_answered_in_a_minute_is_not_too_fast(world: World, page_clock: MagicMock) -> None:
    response = answered_in(60, page_clock, world.a.survey)
    assert response.spam_signals == []


def test_page_too_fast_with_a_filled_honeypot_is_spam(world: World, page_clock: MagicMock) -> None:
    response = answered_in(1, page_clock, world.a.survey, **{HONEYPOT_FIELD: "x"})
    assert set(response.spam_signals) == {HONEYPOT, TOO_FAST}
    assert response.is_spam


@pytest.mark.parametrize(
    "started",
    [
        pytest.param(lambda now: str(now), id="unsigned"),
        pytest.param(lambda now: signing.dumps(now, salt="another.salt"), id="other-salt"),
        pytest.param(lambda now: signing.dumps(now, salt=STARTED_SALT)[:-2] + "xx", id="forged"),
        pytest.param(lambda now: "", id="missing"),
    ],
)
def test_a_start_time_govcx_did_not_sign_is_ignored(
    world: World, page_clock: MagicMock, started: Any
) -> None:
    """Only govcx's signed start is believed: this one, claiming the page was shown a second
    before Submit, would mark the response as too fast if it were."""
    now = page_clock.time.return_value
    response = answered_in(1, page_clock, world.a.survey, **{STARTED_FIELD: started(now)})
    assert response.spam_signals == []


def test_the_page_carries_a_signed_start(world: World, page_clock: MagicMock) -> None:
    page_1 = start(Client(), world.a.survey)
    [started] = parse_form(page_1).hidden_values(STARTED_FIELD)
    assert signing.loads(started, salt=STARTED_SALT) == page_clock.time.return_value


# --- rate limits -------------------------------------------------------------------------------


def test_the_fourth_post_from_one_address_gets_429_and_is_not_stored(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "3/m"
    for _ in range(3):
        stored(post(world.a.survey))
    refused = post(world.a.survey)
    assert refused.status_code == 429
    seconds = retry_after(refused)
    assert f"again in {seconds} second" in refused.json()["detail"]
    assert Response.objects.count() == 3


def test_another_address_is_not_held_back_by_a_busy_one(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "3/m"
    for _ in range(4):
        post(world.a.survey, REMOTE_ADDR="10.0.0.1")
    assert post(world.a.survey, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert post(world.a.survey, REMOTE_ADDR="10.0.0.2").status_code == 201
    assert Response.objects.count() == 4


def test_a_client_that_waits_for_retry_after_is_accepted(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "3/m"
    for _ in range(3):
        stored(post(world.a.survey))
    refused = post(world.a.survey)
    rate_clock.time.return_value = FROZEN + retry_after(refused)
    assert post(world.a.survey).status_code == 201


def test_the_survey_limit_counts_every_address(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_SURVEY = "3/m"
    for n in range(1, 4):
        stored(post(world.a.survey, REMOTE_ADDR=f"10.0.0.{n}"))
    refused = post(world.a.survey, REMOTE_ADDR="10.0.0.4")
    assert refused.status_code == 429
    retry_after(refused)
    assert Response.objects.filter(survey=world.a.survey).count() == 3
    v1 = {"answers": {"satisfaction": 4, "trust": 5}}
    assert post(world.a.v1_survey, v1, REMOTE_ADDR="10.0.0.4").status_code == 201


def test_an_api_key_is_counted_by_key_not_by_address(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "1/m"
    settings.RATE_LIMIT_PER_API_KEY = "3/m"
    key = new_key(world.a.organization)
    for _ in range(3):
        stored(post(world.a.survey, **with_key(key)))
    refused = post(world.a.survey, **with_key(key))
    assert refused.status_code == 429
    retry_after(refused)
    assert Response.objects.count() == 3
    # The key's posts spent nothing of the address's own allowance, nor of another key's.
    assert post(world.a.survey).status_code == 201
    assert (
        post(world.a.survey, **with_key(new_key(world.a.organization, "Other"))).status_code == 201
    )


def test_many_posts_from_one_address_are_marked_as_a_burst(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "30/m"
    for _ in range(BURST_SUBMISSIONS):
        assert BURST not in stored(post(world.a.survey)).spam_signals
    assert BURST in stored(post(world.a.survey)).spam_signals


def test_many_posts_with_an_api_key_are_not_a_burst(world: World) -> None:
    key = new_key(world.a.organization)
    for _ in range(BURST_SUBMISSIONS + 1):
        assert stored(post(world.a.survey, **with_key(key))).spam_signals == []


def test_page_submit_past_the_limit_gets_429_and_keeps_the_answers(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "3/m"
    for _ in range(3):
        stored(post(world.a.survey))
    client = Client()
    page_2 = last_page(client, world.a.survey)
    refused = finish(client, world.a.survey, page_2, {"comments": "Kept while I wait."})
    assert refused.status_code == 429
    seconds = retry_after(refused)
    assert f"again in {seconds} second" in refused.content.decode()
    assert Response.objects.count() == 3
    form = parse_form(refused)
    assert form.hidden_values("trust") == ["1"]
    assert form.values("drivers_positive") == ["ease"]
    assert form.values("comments") == ["Kept while I wait."]

    rate_clock.time.return_value = FROZEN + seconds
    again = post_page(client, survey_url(world.a.survey), refused)
    assert again.status_code == 302
    assert Response.objects.count() == 4
    assert Response.objects.filter(receipt_id=again["Location"].split("/")[-2]).get().answers == {
        **THUMBS_UP,
        "comments": "Kept while I wait.",
    }


def test_the_pages_before_the_last_are_not_counted(
    world: World, settings: Settings, rate_clock: MagicMock
) -> None:
    settings.RATE_LIMIT_PER_IP = "1/m"
    client = Client()
    page_2 = last_page(client, world.a.survey)
    back = post_page(client, survey_url(world.a.survey), page_2, action="back")
    page_2 = post_page(client, survey_url(world.a.survey), back)
    assert finish(client, world.a.survey, page_2).status_code == 302


def test_submissions_are_accepted_when_the_counter_is_down(
    world: World, settings: Settings
) -> None:
    settings.RATE_LIMIT_PER_IP = "1/m"
    settings.RATE_LIMIT_PER_SURVEY = "1/m"
    failing = patch(
        "govcx.collection.limits.increment_counters",
        side_effect=ConnectionError("cache unreachable"),
    )
    with failing:
        stored(post(world.a.survey))
        stored(post(world.a.survey))
        client = Client()
        assert finish(client, world.a.survey, last_page(client, world.a.survey)).status_code == 302
    assert Response.objects.count() == 3


def test_submissions_are_accepted_when_the_counter_cannot_count(
    world: World, settings: Settings
) -> None:
    """The counter answered, but with no count (a key that vanished twice over)."""
    settings.RATE_LIMIT_PER_IP = "1/m"
    with patch("govcx.collection.limits.increment_counters", return_value=[None, None]):
        stored(post(world.a.survey))
        stored(post(world.a.survey))
    assert Response.objects.count() == 2


# --- body size ---------------------------------------------------------------------------------


def test_a_body_over_the_submission_limit_gets_413_naming_it(
    world: World, settings: Settings
) -> None:
    settings.SUBMISSION_MAX_BYTES = 2048
    reply = Client().post(
        responses_url(world.a.survey),
        padded({"answers": THUMBS_UP}, 2049),
        content_type="application/json",
    )
    assert reply.status_code == 413
    assert "2,048 bytes" in reply.json()["detail"]
    assert reply.json()["errors"]["body"] == [reply.json()["detail"]]
    assert Response.objects.count() == 0


def test_a_body_at_the_submission_limit_is_read(world: World, settings: Settings) -> None:
    settings.SUBMISSION_MAX_BYTES = 2048
    reply = Client().post(
        responses_url(world.a.survey),
        padded({"answers": THUMBS_UP}, 2048),
        content_type="application/json",
    )
    stored(reply)


def batch_body(survey: Survey, size: int) -> str:
    return padded({"responses": [{"survey_id": str(survey.public_id), "answers": THUMBS_UP}]}, size)


def test_the_batch_endpoint_has_its_own_larger_limit(world: World, settings: Settings) -> None:
    settings.SUBMISSION_MAX_BYTES = 2048
    settings.BATCH_MAX_BYTES = 8192
    key = with_key(new_key(world.a.organization))
    client = Client()
    within = client.post(
        BATCH, batch_body(world.a.survey, 4096), content_type="application/json", **key
    )
    assert within.status_code == 200, within.content
    assert Response.objects.count() == 1
    over = client.post(
        BATCH, batch_body(world.a.survey, 8193), content_type="application/json", **key
    )
    assert over.status_code == 413
    assert "8,192 bytes" in over.json()["detail"]
    assert Response.objects.count() == 1


def test_a_page_post_over_256_kib_gets_413(world: World) -> None:
    client = Client()
    page_2 = last_page(client, world.a.survey)
    reply = finish(client, world.a.survey, page_2, {"comments": "x" * PAGE_BODY_LIMIT})
    assert reply.status_code == 413
    assert f"{PAGE_BODY_LIMIT:,} bytes" in reply.content.decode()
    assert Response.objects.count() == 0


# --- origins and CORS --------------------------------------------------------------------------


def test_a_browser_on_another_site_gets_403_and_nothing_is_stored(world: World) -> None:
    reply = post(world.a.survey, HTTP_ORIGIN=ELSEWHERE)
    assert reply.status_code == 403
    assert ELSEWHERE in reply.json()["detail"]
    assert "origin" in reply.json()["errors"]
    assert "Access-Control-Allow-Origin" not in reply
    assert Response.objects.count() == 0


def test_an_allowed_origin_gets_201_with_cors_headers(world: World) -> None:
    allow_origins(world.a.survey, [EMBED])
    reply = post(world.a.survey, HTTP_ORIGIN=EMBED)
    stored(reply)
    assert reply["Access-Control-Allow-Origin"] == EMBED
    assert "Origin" in reply["Vary"]
    assert "Retry-After" in reply["Access-Control-Expose-Headers"]


def test_a_wildcard_origin_allows_subdomains_only(world: World) -> None:
    allow_origins(world.a.survey, ["https://*.agency-a.example.gov"])
    reply = post(world.a.survey, HTTP_ORIGIN="https://benefits.agency-a.example.gov")
    stored(reply)
    assert reply["Access-Control-Allow-Origin"] == "https://benefits.agency-a.example.gov"
    assert post(world.a.survey, HTTP_ORIGIN="https://agency-a.example.gov").status_code == 403
    lookalike = post(world.a.survey, HTTP_ORIGIN="https://evilagency-a.example.gov")
    assert lookalike.status_code == 403
    assert Response.objects.count() == 1


def preflight(survey: Survey, origin: str) -> TestResponse:
    return Client().options(
        responses_url(survey),
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, idempotency-key",
    )


def test_preflight_from_an_allowed_origin_gets_204_with_what_may_be_sent(world: World) -> None:
    allow_origins(world.a.survey, [EMBED])
    reply = preflight(world.a.survey, EMBED)
    assert reply.status_code == 204
    assert reply["Access-Control-Allow-Origin"] == EMBED
    assert reply["Access-Control-Allow-Methods"] == "POST"
    allowed = {h.strip().lower() for h in reply["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "idempotency-key"} <= allowed
    assert int(reply["Access-Control-Max-Age"]) > 0
    assert "Origin" in reply["Vary"]


def test_preflight_from_another_origin_gets_403_without_cors_headers(world: World) -> None:
    allow_origins(world.a.survey, [EMBED])
    reply = preflight(world.a.survey, ELSEWHERE)
    assert reply.status_code == 403
    assert "Access-Control-Allow-Origin" not in reply
    assert "Access-Control-Allow-Methods" not in reply


def test_preflight_for_an_unknown_survey_gets_403(world: World) -> None:
    reply = Client().options(
        "/api/v1/surveys/00000000-0000-0000-0000-000000000000/responses",
        HTTP_ORIGIN=EMBED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert reply.status_code == 403


def test_a_referer_from_another_site_without_origin_gets_403(world: World) -> None:
    allow_origins(world.a.survey, [EMBED])
    reply = post(world.a.survey, HTTP_REFERER=f"{ELSEWHERE}/feedback")
    assert reply.status_code == 403
    assert Response.objects.count() == 0


def test_a_referer_from_an_allowed_site_without_origin_is_accepted(world: World) -> None:
    allow_origins(world.a.survey, [EMBED])
    stored(post(world.a.survey, HTTP_REFERER=f"{EMBED}/apply/done?step=3"))


def test_an_app_without_origin_or_referer_is_accepted(world: World) -> None:
    stored(post(world.a.survey))


def test_govcx_own_origin_is_always_allowed(world: World, settings: Settings) -> None:
    settings.SITE_URL = "https://cx.agency.example.gov"
    stored(post(world.a.survey, HTTP_ORIGIN="http://testserver"))
    stored(post(world.a.survey, HTTP_ORIGIN="https://cx.agency.example.gov"))


def test_a_malformed_origin_is_refused_not_a_server_error(world: World) -> None:
    allow_origins(world.a.survey, [EMBED])
    reply = post(world.a.survey, HTTP_ORIGIN=f"{EMBED}:\u00b9")
    assert reply.status_code == 403
    assert Response.objects.count() == 0


def test_an_api_key_of_the_surveys_organization_skips_the_origin_check(world: World) -> None:
    stored(post(world.a.survey, HTTP_ORIGIN=ELSEWHERE, **with_key(new_key(world.a.organization))))


def test_another_agencys_api_key_gets_403_and_nothing_is_stored(world: World) -> None:
    reply = post(world.a.survey, **with_key(new_key(world.b.organization)))
    assert reply.status_code == 403
    assert "another organization" in reply.json()["detail"]
    assert Response.objects.count() == 0


def test_page_submitted_from_another_site_gets_403_and_nothing_is_stored(world: World) -> None:
    client = Client()
    page_2 = last_page(client, world.a.survey)
    answers = {"drivers_positive": ["ease"]}
    reply = post_page(client, survey_url(world.a.survey), page_2, answers, HTTP_ORIGIN=ELSEWHERE)
    assert reply.status_code == 403
    assert ELSEWHERE in reply.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize("origin", ["http://testserver", EMBED])
def test_page_submitted_from_govcx_or_an_embedding_site_is_stored(
    world: World, origin: str
) -> None:
    allow_origins(world.a.survey, [EMBED])
    client = Client()
    page_2 = last_page(client, world.a.survey)
    answers = {"drivers_positive": ["ease"]}
    reply = post_page(client, survey_url(world.a.survey), page_2, answers, HTTP_ORIGIN=origin)
    assert reply.status_code == 302
    assert Response.objects.count() == 1
