"""Who may read which comments and themes, and the (redacted) text of comments.

A comment is readable exactly when its response is: the same survey-scoped rule as the
response list. Comments of spam, flagged or deleted responses are analysed (a response's
state can change later) but never counted or shown. Themes belong to an organization and
are read by anyone who reads its responses.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import QuerySet

from govcx.comments.models import Comment, Theme
from govcx.registry.models import Organization, Role
from govcx.registry.selectors import AnyUser, organizations_where
from govcx.responses.models import Response
from govcx.responses.selectors import responses_visible_to

COMMENT_READING_ROLES = (Role.ORGANIZATION_ADMIN, Role.SURVEY_MANAGER, Role.RESPONSE_VIEWER)
# Changing the taxonomy changes what every reader sees, so it is kept to those who run surveys.
THEME_EDITING_ROLES = (Role.ORGANIZATION_ADMIN, Role.SURVEY_MANAGER)
# Correcting one comment's theme and coding samples is the analysts' everyday work.
COMMENT_CODING_ROLES = COMMENT_READING_ROLES


def counted_comments() -> QuerySet[Comment]:
    """Comments of responses that count (not spam, flagged or deleted)."""
    return Comment.objects.filter(
        response__is_spam=False, response__is_flagged=False, response__is_deleted=False
    )


def comments_visible_to(user: AnyUser) -> QuerySet[Comment]:
    """Counted comments whose responses the user may read."""
    return counted_comments().filter(response__in=responses_visible_to(user).values("pk"))


def comment_visible_by_uuid(user: AnyUser, comment_uuid: uuid.UUID) -> Comment | None:
    return (
        comments_visible_to(user)
        .select_related("theme", "service")
        .filter(uuid=comment_uuid)
        .first()
    )


def organizations_reading_comments(user: AnyUser) -> QuerySet[Organization]:
    return organizations_where(user, COMMENT_READING_ROLES)


def organizations_editing_themes(user: AnyUser) -> QuerySet[Organization]:
    return organizations_where(user, THEME_EDITING_ROLES)


def organizations_coding_comments(user: AnyUser) -> QuerySet[Organization]:
    return organizations_where(user, COMMENT_CODING_ROLES)


def themes_visible_to(user: AnyUser) -> QuerySet[Theme]:
    """Active themes of the organizations whose comments the user reads."""
    return Theme.objects.filter(
        organization__in=organizations_reading_comments(user), is_active=True
    ).select_related("organization")


def theme_visible_by_uuid(user: AnyUser, theme_uuid: uuid.UUID) -> Theme | None:
    return themes_visible_to(user).filter(uuid=theme_uuid).first()


def active_themes(organization: Organization) -> QuerySet[Theme]:
    return Theme.objects.filter(organization=organization, is_active=True).order_by("name")


def comment_texts(comments: Iterable[Comment]) -> dict[int, str]:
    """Each comment's stored (redacted) text by comment id, read from the responses in one
    query; a comment whose answer is no longer text (purged, edited) reads as ""."""
    wanted = {comment.pk: (comment.response_id, comment.question_key) for comment in comments}
    response_ids = {response_id for response_id, _key in wanted.values()}
    answers = dict(Response.objects.filter(pk__in=response_ids).values_list("pk", "answers"))
    texts: dict[int, str] = {}
    for comment_id, (response_id, key) in wanted.items():
        value = (answers.get(response_id) or {}).get(key)
        texts[comment_id] = value if isinstance(value, str) else ""
    return texts
