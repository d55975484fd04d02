"""Every free-text answer is redacted before it is stored; originals are kept only by policy.

Values here are made up but shaped like the real thing, so the redactor finds them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.test import Client
from pytest_django import Settings

from govcx.registry.models import AuditEvent, RedactionPattern, Role, User
from govcx.registry.services import (
    membership_grant,
    organization_set_comment_policy,
    redaction_pattern_create,
    redaction_pattern_set_active,
)
from govcx.responses.models import OriginalComment, Response
from govcx.responses.originals import (
    READ_ACTION,
    comment_key_check,
    original_decrypt,
    originals_read,
    originals_rotate,
)
from govcx.responses.services import response_delete
from tests.collection.surveys import EVERY_TYPE, publish_survey, survey_url
from tests.conftest import World, make_user
from tests.responses.helpers import submit

PHONE = "202-555-0143"
EMAIL = "maria.lopez@example.com"
SSN = "123-45-6789"
CLAIM = "CL-12345678"
COMMENT = f"Call me at {PHONE} or write to {EMAIL} please."
REDACTED = "Call me at [PHONE] or write to [EMAIL] please."


def thumbs_down(comment: str, **answers: Any) -> dict[str, Any]:
    return {"trust": 0, "drivers_negative": ["ease"], "comments": comment, **answers}


def post_api(world: World, answers: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return Client().post(
        f"/api/v1/surveys/{world.a.survey.public_id}/responses",
        json.dumps({"answers": answers, "channel": "website", "language": "en"}),
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
def comment_key(settings: Settings) -> str:
    key = Fernet.generate_key().decode()
    settings.COMMENT_KEYS = [key]
    return key


@pytest.fixture
def reader(world: World) -> User:
    user = make_user("reader_a")
    membership_grant(user=user, organization=world.a.organization, role=Role.RESPONSE_VIEWER)
    membership_grant(
        user=user, organization=world.a.organization, role=Role.ORIGINAL_COMMENT_READER
    )
    return user


def keep_originals(world: World) -> None:
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=True, user=world.admin_a
    )
    world.a.survey.organization.refresh_from_db()


# --- what is stored ------------------------------------------------------------------------


def test_a_comment_is_stored_with_placeholders_and_their_positions(world: World) -> None:
    response = submit(world.a.survey, thumbs_down(COMMENT))

    assert response.answers["comments"] == REDACTED
    assert response.redactions == {
        "comments": [
            {"type": "PHONE", "start": 11, "end": 18},
            {"type": "EMAIL", "start": 31, "end": 38},
        ]
    }
    for position in response.redactions["comments"]:
        placeholder = REDACTED[position["start"] : position["end"]]
        assert placeholder == f"[{position['type']}]"


def test_a_comment_without_personal_information_is_stored_as_written(world: World) -> None:
    response = submit(world.a.survey, thumbs_down("The office was clean and the line was short."))

    assert response.answers["comments"] == "The office was clean and the line was short."
    assert response.redactions == {}
    assert not OriginalComment.objects.exists()


def test_write_ins_and_short_text_are_redacted_but_contact_fields_asked_for_are_not(
    world: World,
) -> None:
    survey = publish_survey(world.a.organization, EVERY_TYPE)
    answers = {
        "name": f"Reach me on {PHONE}",
        "email": EMAIL,
        "phone": PHONE,
        "transaction_id": "TX-202-555-0143",
        "thumbs": 1,
        "topic": "other",
        "topic.other": f"My SSN {SSN} was refused",
        "story": COMMENT,
    }
    response = submit(survey, answers)

    assert response.answers["name"] == "Reach me on [PHONE]"
    assert response.answers["topic.other"] == "My SSN [SSN] was refused"
    assert response.answers["story"] == REDACTED
    # Asked for on purpose, in fields that hold nothing else: kept as given (decision 0016).
    assert response.answers["email"] == EMAIL
    assert response.answers["phone"] == PHONE
    # Set by the agency's page, not typed by the respondent: a join key, kept as it is.
    assert response.answers["transaction_id"] == "TX-202-555-0143"
    assert set(response.redactions) == {"name", "topic.other", "story"}


def test_the_hosted_page_stores_the_redacted_comment(world: World) -> None:
    from tests.collection.survey_form import parse_form, post_page

    survey = publish_survey(world.a.organization, EVERY_TYPE)
    client = Client()
    page_1 = client.get(survey_url(survey))
    page_2 = post_page(client, survey_url(survey), page_1, {"name": "Pat"})
    assert parse_form(page_2).values("story") == [""]
    done = post_page(client, survey_url(survey), page_2, {"thumbs": "1", "story": COMMENT})

    assert done.status_code == 302
    assert Response.objects.get(survey=survey).answers["story"] == REDACTED


def test_the_batch_api_stores_the_redacted_comment(world: World) -> None:
    from govcx.api.keys import api_key_create

    key = api_key_create(organization=world.a.organization, name="App", user=None).key
    reply = Client().post(
        "/api/v1/responses/batch",
        json.dumps(
            {
                "responses": [
                    {"survey_id": str(world.a.survey.public_id), "answers": thumbs_down(COMMENT)}
                ]
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert reply.json()["stored"] == 1
    assert Response.objects.get().answers["comments"] == REDACTED


def test_spam_is_scored_on_the_comment_as_written(world: World) -> None:
    """The link signal sees the domains inside the email addresses, which redaction removes."""
    comment = "Write to sales@cheap-pills.com or sales@cheap-pills.com"
    response = submit(world.a.survey, thumbs_down(comment))

    assert response.answers["comments"] == "Write to [EMAIL] or [EMAIL]"
    assert "links" in response.spam_signals


def test_a_retry_with_the_same_key_is_the_same_submission(world: World) -> None:
    first = post_api(world, thumbs_down(COMMENT), key="retry-1")
    again = post_api(world, thumbs_down(COMMENT), key="retry-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["receipt_id"] == first.json()["receipt_id"]
    assert Response.objects.count() == 1


def test_nothing_logged_carries_the_comment(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    submit(world.a.survey, thumbs_down(COMMENT))
    post_api(world, thumbs_down(COMMENT, trust=7))  # refused: the error names the field only

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert PHONE not in logged
    assert EMAIL not in logged


# --- agency patterns -----------------------------------------------------------------------


def claim_pattern(world: World) -> RedactionPattern:
    return redaction_pattern_create(
        organization=world.a.organization,
        name="Claim number",
        label="CLAIM_NUMBER",
        pattern=r"\bCL-\d{8}\b",
        test_string="my claim CL-00000001",
        user=world.admin_a,
    )


def test_an_agency_pattern_applies_from_the_next_response(world: World) -> None:
    before = submit(world.a.survey, thumbs_down(f"Claim {CLAIM} is lost"))  # patterns now cached
    pattern = claim_pattern(world)
    after = submit(world.a.survey, thumbs_down(f"Claim {CLAIM} is lost"))

    assert before.answers["comments"] == f"Claim {CLAIM} is lost"
    assert after.answers["comments"] == "Claim [CLAIM_NUMBER] is lost"
    assert after.redactions["comments"] == [{"type": "CLAIM_NUMBER", "start": 6, "end": 20}]

    redaction_pattern_set_active(pattern=pattern, active=False, user=world.admin_a)
    deactivated = submit(world.a.survey, thumbs_down(f"Claim {CLAIM} is lost"))
    assert deactivated.answers["comments"] == f"Claim {CLAIM} is lost"


def test_an_agency_pattern_applies_to_its_own_agency_only(world: World) -> None:
    claim_pattern(world)

    other = submit(world.b.survey, thumbs_down(f"Claim {CLAIM} is lost"))

    assert other.answers["comments"] == f"Claim {CLAIM} is lost"


# --- originals -----------------------------------------------------------------------------


def test_by_default_the_original_is_discarded(world: World, comment_key: str) -> None:
    submit(world.a.survey, thumbs_down(COMMENT))

    assert not OriginalComment.objects.exists()


def test_when_kept_the_original_is_encrypted(world: World, comment_key: str) -> None:
    keep_originals(world)
    response = submit(world.a.survey, thumbs_down(COMMENT))

    original = OriginalComment.objects.get(response=response)
    assert original.question_key == "comments"
    assert PHONE not in original.ciphertext
    assert EMAIL not in original.ciphertext
    assert Fernet(comment_key.encode()).decrypt(original.ciphertext.encode()).decode() == COMMENT


def test_without_a_key_nothing_is_kept_and_the_check_warns(
    world: World, settings: Settings
) -> None:
    settings.COMMENT_KEYS = []
    keep_originals(world)
    submit(world.a.survey, thumbs_down(COMMENT))

    assert not OriginalComment.objects.exists()
    warnings = comment_key_check(databases=["default"])
    assert [warning.id for warning in warnings] == ["govcx.W001"]
    assert "AGA" in warnings[0].msg
    assert "govcx.W001" in {message.id for message in run_checks(databases=["default"])}


def test_the_check_is_quiet_with_a_key_or_without_keeping(
    world: World, settings: Settings, comment_key: str
) -> None:
    keep_originals(world)
    assert comment_key_check(databases=["default"]) == []
    settings.COMMENT_KEYS = []
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=False, user=None
    )
    assert comment_key_check(databases=["default"]) == []


def test_reading_an_original_is_for_readers_and_recorded(
    world: World, comment_key: str, reader: User
) -> None:
    keep_originals(world)
    response = submit(world.a.survey, thumbs_down(COMMENT))
    response = Response.objects.select_related("organization", "survey_version").get(pk=response.pk)

    shown = originals_read(response=response, user=reader)

    assert [(o.question_key, o.text) for o in shown] == [("comments", COMMENT)]
    event = AuditEvent.objects.get(action=READ_ACTION)
    assert (event.user, event.organization, event.target_id) == (
        reader,
        world.a.organization,
        str(response.uuid),
    )
    assert event.details == {"question_key": "comments", "receipt_id": response.receipt_id}
    from django.core.exceptions import PermissionDenied

    for user in (world.admin_a, world.viewer_a, world.outsider):
        with pytest.raises(PermissionDenied):
            originals_read(response=response, user=user)
    assert AuditEvent.objects.filter(action=READ_ACTION).count() == 1


def test_keys_rotate_and_old_originals_stay_readable(
    world: World, settings: Settings, comment_key: str
) -> None:
    keep_originals(world)
    response = submit(world.a.survey, thumbs_down(COMMENT))
    newer = Fernet.generate_key().decode()
    settings.COMMENT_KEYS = [newer, comment_key]
    before = OriginalComment.objects.get().ciphertext
    assert original_decrypt(before) == COMMENT

    assert originals_rotate() == (1, 0)

    settings.COMMENT_KEYS = [newer]
    after = OriginalComment.objects.get(response=response).ciphertext
    assert after != before
    assert original_decrypt(after) == COMMENT
    settings.COMMENT_KEYS = [comment_key]
    assert original_decrypt(after) is None


def test_deleting_a_response_deletes_its_originals(world: World, comment_key: str) -> None:
    keep_originals(world)
    response = submit(world.a.survey, thumbs_down(COMMENT))

    response_delete(response=response, user=world.admin_a)

    assert not OriginalComment.objects.exists()
    assert Response.objects.filter(pk=response.pk, is_deleted=True).exists()


def test_a_bad_comment_key_stops_start_up(tmp_path: Any) -> None:
    from tests.test_settings import start

    result = start(tmp_path, GOVCX_COMMENT_KEY="not-a-key")
    assert result.returncode != 0
    assert "GOVCX_COMMENT_KEY key 1 is not a Fernet key" in result.stderr
    good = Fernet.generate_key().decode()
    assert start(tmp_path, GOVCX_COMMENT_KEY=f"{good},{good}").returncode == 0


# --- the page address ----------------------------------------------------------------------


def test_personal_information_in_the_page_address_is_redacted_but_the_path_is_kept(
    world: World,
) -> None:
    page = f"https://agency-a.example.gov/apply/status?email={EMAIL.replace('@', '%40')}&step=2"
    answers = thumbs_down("Fine.")
    response = Client().post(
        f"/api/v1/surveys/{world.a.survey.public_id}/responses",
        json.dumps({"answers": answers, "channel": "website", "language": "en", "page_url": page}),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    stored = Response.objects.get()
    assert stored.page_url == "https://agency-a.example.gov/apply/status?email=[EMAIL]&step=2"
    assert "maria" not in stored.page_url


def test_an_address_without_personal_information_is_stored_as_given(world: World) -> None:
    page = "https://agency-a.example.gov/forms/i-130?lang=es&step=2#top"
    response = submit(world.a.survey, thumbs_down("Fine."), page_url=page)

    assert response.page_url == page
