"""Comments as the customer wrote them, kept encrypted when an organization's policy says so.

By default an original is discarded once its comment is redacted. An organization may keep
originals instead; each is then encrypted with the key from GOVCX_COMMENT_KEY (Fernet:
AES-128-CBC with an HMAC, so a changed ciphertext is refused rather than misread) and only its
original comment readers can read it, each reading recorded in the audit log. Without a key
nothing is kept — a plain copy would undo the redaction — and the system check below warns.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DatabaseError, transaction

from govcx.registry.models import Organization, User
from govcx.registry.selectors import (
    ORIGINAL_READER_ROLES,
    AnyUser,
    can_read_original_comments,
    organizations_where,
)
from govcx.registry.services import audit_event_record
from govcx.responses.models import OriginalComment, Response

READ_ACTION = "original_comment.read"
NO_KEY = "GOVCX_COMMENT_KEY is not set: no original comment can be kept or read."
ROTATE_BATCH = 500


def comment_cipher() -> MultiFernet | None:
    """The configured keys, newest first (it encrypts; all decrypt); None without a key."""
    keys = tuple(settings.COMMENT_KEYS)
    return _cipher(keys) if keys else None


@functools.lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def original_encrypt(text: str) -> str:
    cipher = comment_cipher()
    if cipher is None:
        raise ImproperlyConfigured(NO_KEY)
    return cipher.encrypt(text.encode()).decode("ascii")


def original_decrypt(ciphertext: str) -> str | None:
    """The original, or None when no configured key opens it (a key was retired too soon)."""
    cipher = comment_cipher()
    if cipher is None:
        return None
    try:
        return cipher.decrypt(ciphertext.encode("ascii")).decode()
    except InvalidToken:
        return None


def keeps_originals(organization: Organization) -> bool:
    """Whether originals are kept for this organization now: its policy, and a key to keep them."""
    return organization.keep_original_comments and bool(settings.COMMENT_KEYS)


def originals_keep(
    *, response: Response, organization: Organization, originals: Mapping[str, str]
) -> int:
    """Encrypt and keep the originals of a stored response's redacted answers, per policy.

    Runs in the transaction that stores the response, so a response is never kept without
    its originals or the other way round. Returns how many were kept.
    """
    if not originals or not keeps_originals(organization):
        return 0
    OriginalComment.objects.bulk_create(
        OriginalComment(response=response, question_key=key, ciphertext=original_encrypt(text))
        for key, text in originals.items()
    )
    return len(originals)


def response_for_originals(user: User, response_id: uuid.UUID) -> Response | None:
    """A response of one of the user's organizations (any role), not deleted; None otherwise,
    so that another agency's response and a missing one look alike."""
    return (
        Response.objects.filter(
            uuid=response_id, is_deleted=False, organization__in=organizations_where(user)
        )
        .select_related("organization", "survey_version")
        .first()
    )


def responses_with_readable_originals(user: AnyUser, response_ids: Iterable[int]) -> set[int]:
    """Which of these responses have an original the user may read, from one query."""
    if not user.is_authenticated:
        return set()
    kept = OriginalComment.objects.filter(
        response_id__in=list(response_ids),
        response__organization__memberships__user=user,
        response__organization__memberships__role__in=ORIGINAL_READER_ROLES,
    )
    return set(kept.values_list("response_id", flat=True).distinct())


@dataclass(frozen=True)
class OriginalText:
    question_key: str
    question_text: str
    # None when no configured key can decrypt it: the page says so and nothing is recorded.
    text: str | None


@transaction.atomic
def originals_read(*, response: Response, user: User) -> list[OriginalText]:
    """The kept originals of a response, for one of its organization's readers only.

    Every original shown is first recorded in the audit log: who, when, which response and
    which question, never the text. If the record cannot be written, nothing is shown.
    """
    if not can_read_original_comments(user, response.organization_id):
        raise PermissionDenied("Only original comment readers read original comments.")
    questions = response.survey_version.parsed().question_map()
    kept = OriginalComment.objects.filter(response=response).order_by("question_key")
    shown = []
    for original in kept:
        text = original_decrypt(original.ciphertext)
        if text is not None:
            _reading_record(response, user, original.question_key)
        question = questions.get(original.question_key.removesuffix(".other"))
        wording = question.text if question is not None else original.question_key
        shown.append(OriginalText(original.question_key, wording, text))
    return shown


def _reading_record(response: Response, user: User, question_key: str) -> None:
    audit_event_record(
        organization=response.organization,
        user=user,
        action=READ_ACTION,
        target_type="response",
        target_id=str(response.uuid),
        details={"question_key": question_key, "receipt_id": response.receipt_id},
    )


def originals_rotate(*, batch_size: int = ROTATE_BATCH) -> tuple[int, int]:
    """Encrypt every kept original again with the newest key, so that older keys can retire.

    Returns (rotated, unreadable): an original no configured key opens is left as it is.
    """
    cipher = comment_cipher()
    if cipher is None:
        raise ImproperlyConfigured(NO_KEY)
    rotated = unreadable = 0
    last = 0
    ids = OriginalComment.objects.order_by("pk").values_list("pk", flat=True)
    while batch := list(ids.filter(pk__gt=last)[:batch_size]):
        done, failed = _rotate_batch(cipher, batch)
        rotated, unreadable, last = rotated + done, unreadable + failed, batch[-1]
    return rotated, unreadable


@transaction.atomic
def _rotate_batch(cipher: MultiFernet, ids: Iterable[int]) -> tuple[int, int]:
    originals = list(OriginalComment.objects.select_for_update().filter(pk__in=list(ids)))
    changed = []
    for original in originals:
        try:
            original.ciphertext = cipher.rotate(original.ciphertext.encode("ascii")).decode()
        except InvalidToken:
            continue
        changed.append(original)
    OriginalComment.objects.bulk_update(changed, ["ciphertext"])
    return len(changed), len(originals) - len(changed)


@checks.register(checks.Tags.security, checks.Tags.database)
def comment_key_check(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Warn when an organization's policy keeps originals but no key is configured.

    The policy lives in the database, so this runs where Django runs database checks
    (`migrate`, `check --database default`).
    """
    if settings.COMMENT_KEYS or not databases:
        return []
    names = _keeping_organizations(databases)
    if not names:
        return []
    return [
        checks.Warning(
            "Organizations keep original comments but GOVCX_COMMENT_KEY is not set, so "
            f"their originals are discarded: {', '.join(names)}.",
            hint="Set GOVCX_COMMENT_KEY (docs/configuration.md says how to make a key), or "
            "turn keeping off for these organizations.",
            id="govcx.W001",
        )
    ]


def _keeping_organizations(databases: Iterable[str]) -> list[str]:
    names: set[str] = set()
    for alias in databases:
        try:
            keeping = Organization.objects.using(alias).filter(keep_original_comments=True)
            names.update(keeping.values_list("abbreviation", flat=True))
        except DatabaseError:  # not migrated yet: nothing can be kept either
            continue
    return sorted(names)
