"""Every write to responses. A response is committed before anyone is told it was received."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from govcx.responses.models import Response
from govcx.surveys.models import Survey, SurveyVersion
from govcx.surveys.validation import Answer


@transaction.atomic
def response_create(
    *,
    survey: Survey,
    version: SurveyVersion,
    answers: dict[str, Answer],
    channel: str,
    language: str,
    page_url: str = "",
    user_agent: str = "",
    ip_address: str | None = None,
) -> Response:
    """Store answers that `validate_answers` has already cleaned."""
    if version.survey_id != survey.pk:
        raise ValueError("The version belongs to another survey.")
    keep_ip = survey.organization.collect_ip_addresses
    return Response.objects.create(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=version,
        channel=channel,
        language=language,
        created_at=timezone.now(),
        answers=answers,
        page_url=page_url[:2000],
        user_agent=user_agent[:500],
        ip_address=ip_address if keep_ip else None,
    )
