"""Making, checking and revoking API keys. Keys look like `gcx_<prefix>_<secret>`."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from govcx.api.models import ApiKey
from govcx.registry.models import Organization, User

KEY_SCHEME = "gcx"
PREFIX_BYTES = 6
SECRET_BYTES = 32
# Touch last_used_at at most this often, so a busy key does not write on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=5)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewApiKey:
    record: ApiKey
    key: str  # shown to its maker once, never stored


@transaction.atomic
def api_key_create(*, organization: Organization, name: str, user: User | None) -> NewApiKey:
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    record = ApiKey(organization=organization, name=name, prefix=prefix, digest=key_digest(key))
    record.created_by = user
    record.full_clean()
    record.save()
    return NewApiKey(record=record, key=key)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def api_key_find(key: str) -> ApiKey | None:
    """The active key matching a presented key, or None. Compared by digest, in constant time."""
    parts = key.split("_", 2)
    if len(parts) != len(("scheme", "prefix", "secret")) or parts[0] != KEY_SCHEME:
        return None
    record = (
        ApiKey.objects.select_related("organization")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if record is None or not hmac.compare_digest(record.digest, key_digest(key)):
        return None
    _note_use(record)
    return record


def _note_use(record: ApiKey) -> None:
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer gcx_…`; the request then acts for the key's organization only."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return api_key_find(token)
