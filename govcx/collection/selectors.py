"""Reads behind the public survey pages."""

from __future__ import annotations

from govcx.responses.models import Response
from govcx.surveys.models import Survey


def receipt_exists(*, survey: Survey, receipt_id: str) -> bool:
    """Whether a receipt was given for this survey; a receipt of another survey does not count."""
    return Response.objects.filter(survey=survey, receipt_id=receipt_id).exists()
