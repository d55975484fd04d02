"""Every write about themes, discoveries and corrections.

Each function is one transaction. Whatever changes an organization's taxonomy (a theme
defined, renamed, merged, split, deactivated or adopted) bumps its `TaxonomyRevision`, so the
analysis job knows the automatic assignments are stale and assigns them again. A person's
assignment (`comment_theme_set`) is never changed by the job.

Rules a person can break come back as `ValidationError({field: [message]})`, so forms show
each message on the field it concerns.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from govcx.comments.analysis import is_usable
from govcx.comments.models import (
    AssignmentSource,
    Comment,
    DiscoveredTheme,
    SentimentLabel,
    TaxonomyRevision,
    Theme,
    ThemeCorrection,
    ThemeDiscovery,
    ThemeOrigin,
)
from govcx.comments.selectors import comment_texts, counted_comments
from govcx.lib.redaction import redact
from govcx.lib.themes import DiscoveredTheme as FoundTheme
from govcx.lib.themes import Discovery, ThemeDefinition, discover_themes, split_theme
from govcx.registry.models import Organization, Service, User
from govcx.registry.selectors import redaction_patterns_compiled
from govcx.responses.selectors import start_of_utc_day

NAME_MAX_LENGTH = 120
KEY_TERMS_MAX = 30
EXAMPLES_MAX = 20
# Discovery needs enough comments for a theme to be more than a handful of them.
DISCOVERY_MIN_COMMENTS = 20
# Clustering grows with the number of comments; past this the most recent ones are read.
DISCOVERY_MAX_COMMENTS = 100_000
REPRESENTATIVES_KEPT = 5


def _problem(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


# --- the taxonomy revision ----------------------------------------------------------------------


def taxonomy_changed(organization: Organization) -> int:
    """Bump the organization's taxonomy revision (inside the caller's transaction)."""
    now = timezone.now()
    row, _created = TaxonomyRevision.objects.select_for_update().get_or_create(
        organization=organization, defaults={"updated_at": now}
    )
    row.revision += 1
    row.updated_at = now
    row.save(update_fields=["revision", "updated_at"])
    return row.revision


# --- cleaning what people type -------------------------------------------------------------------


def clean_key_terms(terms: Iterable[str]) -> list[str]:
    """Trimmed, lower-cased, without repeats, in the order given."""
    seen: dict[str, None] = {}
    for term in terms:
        cleaned = " ".join(term.split()).lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)[:KEY_TERMS_MAX]


def redacted_examples(organization: Organization, examples: Iterable[str]) -> list[str]:
    """Example comments typed by a person, with personal information taken out first: they
    are shown to every reader of the taxonomy, like any stored comment."""
    patterns = redaction_patterns_compiled(organization.pk)
    cleaned = (" ".join(example.split()) for example in examples)
    kept = [redact(text, patterns=patterns).text for text in cleaned if text]
    return list(dict.fromkeys(kept))[:EXAMPLES_MAX]


def _joined(first: Sequence[str], second: Sequence[str], limit: int) -> list[str]:
    return list(dict.fromkeys([*first, *second]))[:limit]


def _check_name(organization: Organization, name: str, *, exclude: Theme | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise _problem("name", "Give the theme a name.")
    if len(name) > NAME_MAX_LENGTH:
        raise _problem("name", f"Keep the name to at most {NAME_MAX_LENGTH} characters.")
    taken = Theme.objects.filter(organization=organization, is_active=True, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise _problem("name", f"The organization already has a theme named “{name}”.")
    return name


def unique_theme_name(organization: Organization, wanted: str) -> str:
    """`wanted`, or `wanted (2)`, `(3)` … : the first that no active theme uses."""
    base = " ".join(wanted.split())[: NAME_MAX_LENGTH - 6] or "Theme"
    taken = {
        name.lower()
        for name in Theme.objects.filter(organization=organization, is_active=True).values_list(
            "name", flat=True
        )
    }
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base} ({number})"
    return candidate


def _check_matchable(
    name: str, description: str, key_terms: list[str], examples: list[str]
) -> None:
    definition = ThemeDefinition(
        key="new",
        name=name,
        description=description,
        key_terms=tuple(key_terms),
        examples=tuple(examples),
    )
    if not is_usable(definition):
        raise _problem(
            "key_terms",
            f"Give key terms or example comments: “{name}” alone has no word a comment could "
            "share with it.",
        )


def _active(theme: Theme) -> Theme:
    """The theme reread and locked; refused when it is no longer active."""
    locked = Theme.objects.select_for_update().get(pk=theme.pk)
    if not locked.is_active:
        raise _problem(NON_FIELD_ERRORS, f"“{locked.name}” is no longer an active theme.")
    return locked


# --- themes ---------------------------------------------------------------------------------------


@transaction.atomic
def theme_create(
    *,
    organization: Organization,
    name: str,
    description: str,
    key_terms: Sequence[str],
    examples: Sequence[str],
    user: User | None,
    origin: ThemeOrigin = ThemeOrigin.DEFINED,
) -> Theme:
    """Add a theme to the organization's taxonomy."""
    now = timezone.now()
    name = _check_name(organization, name)
    terms, stored_examples = clean_key_terms(key_terms), redacted_examples(organization, examples)
    _check_matchable(name, description, terms, stored_examples)
    theme = Theme.objects.create(
        organization=organization,
        name=name,
        description=description.strip(),
        key_terms=terms,
        examples=stored_examples,
        origin=origin,
        created_by=user,
        created_at=now,
        updated_at=now,
    )
    taxonomy_changed(organization)
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    name: str,
    description: str,
    key_terms: Sequence[str],
    examples: Sequence[str],
    user: User | None,
) -> Theme:
    """Rename a theme or change its description, key terms and examples."""
    theme = _active(theme)
    organization = theme.organization
    theme.name = _check_name(organization, name, exclude=theme)
    theme.description = description.strip()
    theme.key_terms = clean_key_terms(key_terms)
    # Examples already stored are redacted; running them again changes nothing.
    theme.examples = redacted_examples(organization, examples)
    _check_matchable(theme.name, theme.description, theme.key_terms, theme.examples)
    theme.updated_at = timezone.now()
    theme.save(update_fields=["name", "description", "key_terms", "examples", "updated_at"])
    taxonomy_changed(organization)
    return theme


@transaction.atomic
def theme_merge(*, theme: Theme, into: Theme, user: User | None) -> Theme:
    """Fold `theme` into `into`: its comments (however assigned) move, its key terms and
    examples join, and it is deactivated pointing at `into`."""
    if theme.pk == into.pk:
        raise _problem("into", "Choose another theme to merge into.")
    if theme.organization_id != into.organization_id:
        raise _problem("into", "Choose a theme of the same organization.")
    # Locked in id order, so two merges of the same pair in opposite directions queue.
    locked = {found.pk: _active(found) for found in sorted((theme, into), key=lambda t: t.pk)}
    theme, into = locked[theme.pk], locked[into.pk]
    # Corrections stay as history; the comments' current assignments move, keeping their
    # source, so a person's choice stays a person's choice.
    Comment.objects.filter(theme=theme).update(theme=into)
    into.key_terms = _joined(into.key_terms, theme.key_terms, KEY_TERMS_MAX)
    into.examples = _joined(into.examples, theme.examples, EXAMPLES_MAX)
    into.updated_at = timezone.now()
    into.save(update_fields=["key_terms", "examples", "updated_at"])
    _retire(theme, merged_into=into)
    taxonomy_changed(into.organization)
    return into


def _retire(theme: Theme, *, merged_into: Theme | None = None) -> None:
    theme.is_active = False
    theme.merged_into = merged_into
    theme.updated_at = timezone.now()
    theme.save(update_fields=["is_active", "merged_into", "updated_at"])


@transaction.atomic
def theme_deactivate(*, theme: Theme, user: User | None) -> Theme:
    """Take a theme out of the taxonomy. Its comments become unassigned, so the job assigns
    them to the remaining themes; a person's assignment to it is undone too, recorded as a
    correction made by the person deactivating the theme."""
    theme = _active(theme)
    _unassign(Comment.objects.filter(theme=theme), user=user)
    _retire(theme)
    taxonomy_changed(theme.organization)
    return theme


def _unassign(comments: Iterable[Comment], *, user: User | None) -> None:
    comments = list(comments)
    now = timezone.now()
    corrections = []
    for comment in comments:
        if comment.theme_source == AssignmentSource.PERSON:
            corrections.append(
                ThemeCorrection(
                    comment=comment,
                    from_theme_id=comment.theme_id,
                    to_theme=None,
                    user=user,
                    created_at=now,
                )
            )
    ThemeCorrection.objects.bulk_create(corrections)
    ids = [comment.pk for comment in comments]
    Comment.objects.filter(pk__in=ids).update(
        theme=None, theme_score=None, theme_source=AssignmentSource.NONE
    )


@transaction.atomic
def theme_split(*, theme: Theme, user: User | None, seed: int = 0) -> tuple[Theme, Theme]:
    """Split a theme in two by clustering its counted comments.

    Each comment in a half moves to that half, however it was assigned; a person's
    assignment that moves is recorded as a correction with no user (the system made it). A
    comment that fits neither half, or that does not count (spam, flagged, deleted), is left
    unassigned for the job to assign again. The old theme is deactivated.
    """
    theme = _active(theme)
    comments = list(counted_comments().filter(theme=theme).order_by("pk"))
    texts_by_id = comment_texts(comments)
    comments = [comment for comment in comments if texts_by_id[comment.pk].strip()]
    try:
        found = split_theme([texts_by_id[comment.pk] for comment in comments], seed=seed)
    except ValueError:
        raise _problem(
            NON_FIELD_ERRORS,
            f"“{theme.name}” cannot be split: its {len(comments)} comments do not fall into "
            "two distinct groups.",
        ) from None
    halves = tuple(_split_half(theme, part, comments, texts_by_id, user) for part in found.themes)
    first, second = halves[0], halves[1]
    _move_members(found, comments, (first, second))
    _unassign(Comment.objects.filter(theme=theme), user=None)
    _retire(theme)
    taxonomy_changed(theme.organization)
    return first, second


def _split_half(
    theme: Theme,
    part: FoundTheme,
    comments: Sequence[Comment],
    texts: dict[int, str],
    user: User | None,
) -> Theme:
    now = timezone.now()
    examples = [texts[comments[index].pk] for index in part.representatives]
    return Theme.objects.create(
        organization_id=theme.organization_id,
        name=unique_theme_name(theme.organization, part.label),
        description=f"Split from “{theme.name}”.",
        key_terms=clean_key_terms(part.key_terms),
        examples=examples[:REPRESENTATIVES_KEPT],
        origin=ThemeOrigin.SPLIT,
        created_by=user,
        created_at=now,
        updated_at=now,
    )


def _move_members(
    found: Discovery, comments: Sequence[Comment], halves: tuple[Theme, Theme]
) -> None:
    now = timezone.now()
    corrections: list[ThemeCorrection] = []
    for part, half in zip(found.themes, halves, strict=True):
        members = [comments[index] for index in part.members]
        corrections.extend(
            ThemeCorrection(
                comment=comment, from_theme_id=comment.theme_id, to_theme=half, created_at=now
            )
            for comment in members
            if comment.theme_source == AssignmentSource.PERSON
        )
        Comment.objects.filter(pk__in=[comment.pk for comment in members]).update(
            theme=half, theme_score=None
        )
    ThemeCorrection.objects.bulk_create(corrections)


# --- discovery -----------------------------------------------------------------------------------


def discovery_comments(*, service: Service, date_from: dt.date, date_to: dt.date) -> list[Comment]:
    """The counted comments of the service and period with text, the most recent first, at
    most DISCOVERY_MAX_COMMENTS of them."""
    start = start_of_utc_day(date_from)
    end = start_of_utc_day(date_to + dt.timedelta(days=1))
    return list(
        counted_comments()
        .filter(service=service, created_at__gte=start, created_at__lt=end)
        .order_by("-created_at", "-pk")
        .only("pk", "response_id", "question_key", "sentiment")[:DISCOVERY_MAX_COMMENTS]
    )


@transaction.atomic
def discovery_run(
    *,
    organization: Organization,
    service: Service,
    date_from: dt.date,
    date_to: dt.date,
    user: User | None,
    max_themes: int = 12,
) -> ThemeDiscovery:
    """Find the themes of a service's comments in a period (UTC days, both included)."""
    if service.organization_id != organization.pk:
        raise _problem("service", "Choose a service of the organization.")
    if date_from > date_to:
        raise _problem("date_to", "The end date must be on or after the start date.")
    comments = discovery_comments(service=service, date_from=date_from, date_to=date_to)
    texts_by_id = comment_texts(comments)
    comments = [comment for comment in comments if texts_by_id[comment.pk].strip()]
    if len(comments) < DISCOVERY_MIN_COMMENTS:
        raise _problem(
            NON_FIELD_ERRORS,
            f"{service.name} has {len(comments)} comment(s) from {date_from:%Y-%m-%d} to "
            f"{date_to:%Y-%m-%d}; discovery needs at least {DISCOVERY_MIN_COMMENTS}. "
            "Choose a longer period.",
        )
    found = discover_themes(
        [texts_by_id[comment.pk] for comment in comments],
        max_themes=max_themes,
        min_theme_size=discovery_min_theme_size(len(comments)),
    )
    discovery = ThemeDiscovery.objects.create(
        organization=organization,
        service=service,
        date_from=date_from,
        date_to=date_to,
        comments_count=found.n,
        unassigned_count=len(found.unassigned),
        created_by=user,
        created_at=timezone.now(),
    )
    DiscoveredTheme.objects.bulk_create(
        _discovered_row(discovery, position, part, comments)
        for position, part in enumerate(found.themes)
    )
    return discovery


def discovery_min_theme_size(comment_count: int) -> int:
    """The smallest theme worth naming: 10 comments, fewer when there are few comments."""
    return max(3, min(10, comment_count // 10))


def _discovered_row(
    discovery: ThemeDiscovery, position: int, part: FoundTheme, comments: Sequence[Comment]
) -> DiscoveredTheme:
    members = [comments[index] for index in part.members]
    counts = Counter(comment.sentiment for comment in members)
    return DiscoveredTheme(
        discovery=discovery,
        position=position,
        label=part.label[:200],
        key_terms=list(part.key_terms),
        size=len(members),
        sentiment_counts={label.value: counts.get(label.value, 0) for label in SentimentLabel},
        member_ids=[comment.pk for comment in members],
        representative_ids=[comments[index].pk for index in part.representatives],
    )


@transaction.atomic
def discovered_theme_adopt(*, discovered: DiscoveredTheme, name: str, user: User | None) -> Theme:
    """Copy a discovered theme into the taxonomy and assign its comments to it (automatic:
    a person's assignment stays as it is)."""
    discovered = (
        DiscoveredTheme.objects.select_for_update(of=("self",))
        .select_related("discovery__organization", "adopted_as")
        .get(pk=discovered.pk)
    )
    if discovered.adopted_as is not None and discovered.adopted_as.is_active:
        raise _problem(
            NON_FIELD_ERRORS, f"This theme is already adopted as “{discovered.adopted_as.name}”."
        )
    organization = discovered.discovery.organization
    representatives = Comment.objects.filter(
        pk__in=discovered.representative_ids, organization=organization
    )
    texts = comment_texts(representatives)
    theme = theme_create(
        organization=organization,
        name=name,
        description="",
        key_terms=discovered.key_terms,
        examples=[texts[pk] for pk in discovered.representative_ids if texts.get(pk)],
        user=user,
        origin=ThemeOrigin.DISCOVERED,
    )
    Comment.objects.filter(pk__in=discovered.member_ids, organization=organization).exclude(
        theme_source=AssignmentSource.PERSON
    ).update(theme=theme, theme_score=None, theme_source=AssignmentSource.AUTOMATIC)
    discovered.adopted_as = theme
    discovered.save(update_fields=["adopted_as"])
    return theme


# --- corrections ---------------------------------------------------------------------------------


@transaction.atomic
def comment_theme_set(*, comment: Comment, theme: Theme | None, user: User | None) -> Comment:
    """A person puts a comment in a theme (or in none). The job never changes it again;
    the correction is kept as history."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if theme is not None and (theme.organization_id != comment.organization_id):
        raise _problem("theme", "Choose a theme of the comment's organization.")
    if theme is not None and not Theme.objects.filter(pk=theme.pk, is_active=True).exists():
        raise _problem("theme", f"“{theme.name}” is no longer an active theme.")
    new_theme_id = theme.pk if theme is not None else None
    if comment.theme_source == AssignmentSource.PERSON and comment.theme_id == new_theme_id:
        return comment  # nothing changes, so there is nothing to record
    ThemeCorrection.objects.create(
        comment=comment,
        from_theme_id=comment.theme_id,
        to_theme=theme,
        user=user,
        created_at=timezone.now(),
    )
    comment.theme = theme
    comment.theme_score = None
    comment.theme_source = AssignmentSource.PERSON
    comment.save(update_fields=["theme", "theme_score", "theme_source"])
    return comment
