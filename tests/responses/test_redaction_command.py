"""`govcx redact-comments`: stored comments redacted again, in batches, idempotently."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django import Settings

from govcx.registry.services import organization_set_comment_policy, redaction_pattern_create
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionRespondent,
    RespondentSource,
    SurveyType,
)
from govcx.responses.models import OriginalComment, Response
from govcx.responses.originals import original_decrypt
from govcx.responses.redaction import positions_after
from govcx.surveys.models import Survey
from tests.conftest import World
from tests.responses.helpers import submit

PHONE = "202-555-0143"
CLAIM = "CL-12345678"


def stored_as_before_redaction(survey: Survey, comment: str) -> Response:
    """A response written straight to the table, as responses were before redaction began."""
    assert survey.current_version is not None
    return Response.objects.create(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=survey.current_version,
        channel="website",
        language="en",
        created_at=timezone.now() - dt.timedelta(days=30),
        answers={"trust": 0, "drivers_negative": ["ease"], "comments": comment},
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("redact-comments", *args, stdout=out)
    return out.getvalue()


def claim_pattern(world: World) -> None:
    redaction_pattern_create(
        organization=world.a.organization,
        name="Claim number",
        label="CLAIM_NUMBER",
        pattern=r"\bCL-\d{8}\b",
        test_string="my claim CL-00000001",
        user=world.admin_a,
    )


def respondent_row(world: World, comment: str) -> CollectionRespondent:
    collection = Collection.objects.create(
        organization=world.a.organization, service=world.a.service, fiscal_year=2026, quarter=1
    )
    detail = CollectionDetail.objects.create(
        collection=collection,
        position=1,
        channel="phone",
        survey_type=SurveyType.THUMBS_UP_DOWN,
        survey_title="Phone follow-up",
        source=RespondentSource.UPLOAD,
    )
    flags: dict[str, Any] = {"positive_effectiveness": None}
    return CollectionRespondent.objects.create(
        detail=detail, line=1, question_1=0, question_4=comment, **flags
    )


def test_old_comments_are_redacted_and_a_second_run_changes_nothing(world: World) -> None:
    old = stored_as_before_redaction(world.a.survey, f"Call {PHONE} today")
    clean = stored_as_before_redaction(world.a.survey, "All good")
    row = respondent_row(world, f"Call {PHONE} today")

    first = run()
    second = run()

    old.refresh_from_db()
    row.refresh_from_db()
    assert old.answers["comments"] == "Call [PHONE] today"
    assert old.redactions == {"comments": [{"type": "PHONE", "start": 5, "end": 12}]}
    assert Response.objects.get(pk=clean.pk).answers["comments"] == "All good"
    assert row.question_4 == "Call [PHONE] today"
    assert row.question_4_redactions == [{"type": "PHONE", "start": 5, "end": 12}]
    assert "AGA: 2 responses read, changed 1 (1 answers, 0 originals kept)" in first
    assert "1 respondent comments read, changed 1" in first
    assert "AGA: 2 responses read, changed 0 (0 answers" in second
    assert "changed 0." in second


def test_a_new_pattern_is_applied_and_earlier_placeholders_move(world: World) -> None:
    response = submit(
        world.a.survey, {"trust": 0, "comments": f"Claim {CLAIM}, call {PHONE} please"}
    )
    assert response.answers["comments"] == f"Claim {CLAIM}, call [PHONE] please"
    claim_pattern(world)

    run("--organization", "AGA")

    response.refresh_from_db()
    text = response.answers["comments"]
    assert text == "Claim [CLAIM_NUMBER], call [PHONE] please"
    positions = response.redactions["comments"]
    assert [(p["type"], text[int(p["start"]) : int(p["end"])]) for p in positions] == [
        ("CLAIM_NUMBER", "[CLAIM_NUMBER]"),
        ("PHONE", "[PHONE]"),
    ]


def test_a_dry_run_counts_and_changes_nothing(world: World) -> None:
    old = stored_as_before_redaction(world.a.survey, f"Call {PHONE} today")

    output = run("--dry-run")

    old.refresh_from_db()
    assert old.answers["comments"] == f"Call {PHONE} today"
    assert old.redactions == {}
    assert "would change 1" in output
    assert "Dry run: nothing was changed." in output


def test_one_organization_only(world: World) -> None:
    a = stored_as_before_redaction(world.a.survey, f"Call {PHONE} today")
    b = stored_as_before_redaction(world.b.survey, f"Call {PHONE} today")

    output = run("--organization", "AGB", "--batch-size", "1")

    assert Response.objects.get(pk=a.pk).answers["comments"] == f"Call {PHONE} today"
    assert Response.objects.get(pk=b.pk).answers["comments"] == "Call [PHONE] today"
    assert "AGA" not in output


def test_an_unknown_organization_is_an_error(world: World) -> None:
    with pytest.raises(CommandError, match="no organization “NOPE”"):
        run("--organization", "NOPE")


def test_originals_are_kept_only_for_text_never_redacted_before(
    world: World, settings: Settings
) -> None:
    settings.COMMENT_KEYS = [Fernet.generate_key().decode()]
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=True, user=None
    )
    old = stored_as_before_redaction(world.a.survey, f"Call {PHONE} today")
    # Redacted on arrival while originals were discarded: that original is gone for good.
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=False, user=None
    )
    discarded = submit(world.a.survey, {"trust": 0, "comments": f"Claim {CLAIM}, call {PHONE}"})
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=True, user=None
    )
    claim_pattern(world)

    output = run()

    assert [o.response_id for o in OriginalComment.objects.all()] == [old.pk]
    assert original_decrypt(OriginalComment.objects.get().ciphertext) == f"Call {PHONE} today"
    assert "1 originals kept" in output
    discarded.refresh_from_db()
    assert discarded.answers["comments"] == "Claim [CLAIM_NUMBER], call [PHONE]"


def test_rotating_originals_needs_a_key(world: World, settings: Settings) -> None:
    settings.COMMENT_KEYS = []
    with pytest.raises(CommandError, match="GOVCX_COMMENT_KEY is not set"):
        run("--rotate-originals")


def test_positions_after_a_second_pass() -> None:
    from govcx.lib.redaction import compile_agency_pattern, redact

    claims = compile_agency_pattern("CLAIM_NUMBER", r"\bCL-\d{8}\b", "CL-00000001")
    first = redact(f"Claim {CLAIM}, call me at {PHONE}, claim {CLAIM}", language="en")
    second = redact(first.text, language="en", patterns=[claims])

    positions = positions_after(first.stored_positions(), second)

    assert second.text == "Claim [CLAIM_NUMBER], call me at [PHONE], claim [CLAIM_NUMBER]"
    assert [second.text[int(p["start"]) : int(p["end"])] for p in positions] == [
        "[CLAIM_NUMBER]",
        "[PHONE]",
        "[CLAIM_NUMBER]",
    ]


def test_old_page_addresses_are_redacted_too(world: World) -> None:
    old = stored_as_before_redaction(world.a.survey, "All good")
    Response.objects.filter(pk=old.pk).update(
        page_url=f"https://agency-a.example.gov/apply?phone={PHONE}"
    )

    output = run()

    old.refresh_from_db()
    assert old.page_url == "https://agency-a.example.gov/apply?phone=[PHONE]"
    assert old.answers["comments"] == "All good"
    assert "changed 1 (0 answers" in output
