"""Reads for the theme, discovery and comment pages.

Comments are read through `comments_visible_to`, so a page shows exactly the comments whose
responses the person may read; themes and discoveries belong to an organization and are read
by anyone who reads its comments. Each page's rows come from a bounded number of queries,
however many rows there are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from govcx.comments.models import (
    AssignmentSource,
    Comment,
    DiscoveredTheme,
    SentimentLabel,
    Theme,
    ThemeDiscovery,
)
from govcx.comments.selectors import (
    comment_texts,
    comments_visible_to,
    organizations_coding_comments,
    organizations_editing_themes,
    organizations_reading_comments,
)
from govcx.registry.models import Organization, Service
from govcx.registry.selectors import AnyUser
from govcx.responses.selectors import start_of_utc_day

NO_THEME = "none"  # the filter value for comments in no theme


# --- sentiment mixes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MixPart:
    label: str
    value: str
    count: int
    percent: float | None


@dataclass(frozen=True)
class SentimentMix:
    """How many comments of a group are positive, neutral, negative or not scored."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def parts(self) -> list[MixPart]:
        total = self.total
        return [
            MixPart(
                label=label.label,
                value=label.value,
                count=self.counts.get(label.value, 0),
                percent=100 * self.counts.get(label.value, 0) / total if total else None,
            )
            for label in SentimentLabel
        ]


def sentiment_mixes(comments: QuerySet[Comment], group: str) -> dict[int | None, SentimentMix]:
    """The sentiment mix of the comments per value of `group` (a foreign key), one query."""
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    rows = comments.order_by().values_list(group, "sentiment").annotate(n=Count("pk"))
    for key, sentiment, count in rows:
        counts[key][sentiment] = count
    return {key: SentimentMix(found) for key, found in counts.items()}


# --- permissions, asked once per page ------------------------------------------------------------


@dataclass(frozen=True)
class Rights:
    """The organizations (ids) in which the person edits the taxonomy and corrects comments."""

    edits: frozenset[int]
    codes: frozenset[int]

    def may_edit(self, organization_id: int) -> bool:
        return organization_id in self.edits

    def may_code(self, organization_id: int) -> bool:
        return organization_id in self.codes


def rights_of(user: AnyUser) -> Rights:
    return Rights(
        edits=frozenset(organizations_editing_themes(user).values_list("pk", flat=True)),
        codes=frozenset(organizations_coding_comments(user).values_list("pk", flat=True)),
    )


# --- the taxonomy page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeSummary:
    theme: Theme
    mix: SentimentMix


@dataclass(frozen=True)
class Taxonomy:
    organization: Organization
    themes: list[ThemeSummary]
    unassigned: SentimentMix
    may_edit: bool


def taxonomies(user: AnyUser) -> list[Taxonomy]:
    """The active taxonomy of every organization whose comments the user reads."""
    organizations = list(organizations_reading_comments(user).order_by("name"))
    themes = Theme.objects.filter(organization__in=organizations, is_active=True).order_by("name")
    comments = comments_visible_to(user).filter(organization__in=organizations)
    by_theme = sentiment_mixes(comments.exclude(theme=None), "theme_id")
    unassigned = sentiment_mixes(comments.filter(theme=None), "organization_id")
    themes_of: dict[int, list[ThemeSummary]] = defaultdict(list)
    for theme in themes:
        themes_of[theme.organization_id].append(
            ThemeSummary(theme=theme, mix=by_theme.get(theme.pk, SentimentMix({})))
        )
    rights = rights_of(user)
    return [
        Taxonomy(
            organization=organization,
            themes=themes_of[organization.pk],
            unassigned=unassigned.get(organization.pk, SentimentMix({})),
            may_edit=rights.may_edit(organization.pk),
        )
        for organization in organizations
    ]


def theme_mix(user: AnyUser, theme: Theme) -> SentimentMix:
    mixes = sentiment_mixes(comments_visible_to(user).filter(theme=theme), "theme_id")
    return mixes.get(theme.pk, SentimentMix({}))


def other_active_themes(theme: Theme) -> QuerySet[Theme]:
    """What a theme can be merged into."""
    return Theme.objects.filter(organization_id=theme.organization_id, is_active=True).exclude(
        pk=theme.pk
    )


# --- comment rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentRow:
    comment: Comment
    text: str
    may_correct: bool
    choices: Sequence[Theme]  # the active themes of the comment's organization


def comment_rows(user: AnyUser, comments: Sequence[Comment]) -> list[CommentRow]:
    """The rows of a page of comments: texts, rights and theme choices in three queries."""
    texts = comment_texts(comments)
    codes = frozenset(organizations_coding_comments(user).values_list("pk", flat=True))
    choices = themes_by_organization(comment.organization_id for comment in comments)
    return [
        CommentRow(
            comment=comment,
            text=texts[comment.pk],
            may_correct=comment.organization_id in codes,
            choices=choices.get(comment.organization_id, ()),
        )
        for comment in comments
    ]


def themes_by_organization(organization_ids: Iterable[int]) -> dict[int, list[Theme]]:
    found: dict[int, list[Theme]] = defaultdict(list)
    themes = Theme.objects.filter(organization_id__in=set(organization_ids), is_active=True)
    for theme in themes.order_by("name"):
        found[theme.organization_id].append(theme)
    return found


def theme_comments(user: AnyUser, theme: Theme) -> QuerySet[Comment]:
    return _listed(comments_visible_to(user).filter(theme=theme))


def _listed(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("theme", "service").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class CommentFilters:
    service: Service | None = None
    theme: Theme | None = None
    no_theme: bool = False
    sentiment: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def comments_filtered(user: AnyUser, filters: CommentFilters) -> QuerySet[Comment]:
    """The user's counted comments narrowed by `filters`, newest first."""
    comments = comments_visible_to(user)
    if filters.service is not None:
        comments = comments.filter(service=filters.service)
    if filters.no_theme:
        comments = comments.filter(theme=None)
    elif filters.theme is not None:
        comments = comments.filter(theme=filters.theme)
    if filters.sentiment:
        comments = comments.filter(sentiment=filters.sentiment)
    if filters.date_from is not None:
        comments = comments.filter(created_at__gte=start_of_utc_day(filters.date_from))
    if filters.date_to is not None:
        # The whole of the last day: everything before the next day starts.
        next_day = filters.date_to + dt.timedelta(days=1)
        comments = comments.filter(created_at__lt=start_of_utc_day(next_day))
    return _listed(comments)


def comment_filter_services(user: AnyUser) -> QuerySet[Service]:
    return (
        Service.objects.filter(organization__in=organizations_reading_comments(user))
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def source_label(comment: Comment) -> str:
    return AssignmentSource(comment.theme_source).label


# --- discoveries ----------------------------------------------------------------------------------


def discoveries_visible_to(user: AnyUser) -> QuerySet[ThemeDiscovery]:
    return ThemeDiscovery.objects.filter(
        organization__in=organizations_reading_comments(user)
    ).select_related("organization", "service", "created_by")


def discovery_visible_by_uuid(user: AnyUser, discovery_uuid: uuid.UUID) -> ThemeDiscovery | None:
    return discoveries_visible_to(user).filter(uuid=discovery_uuid).first()


def discovered_theme_visible_by_uuid(
    user: AnyUser, discovered_uuid: uuid.UUID
) -> DiscoveredTheme | None:
    return (
        DiscoveredTheme.objects.filter(
            discovery__organization__in=organizations_reading_comments(user), uuid=discovered_uuid
        )
        .select_related("discovery__organization", "adopted_as")
        .first()
    )


@dataclass(frozen=True)
class DiscoveredThemeView:
    theme: DiscoveredTheme
    share: float  # percent of the comments read
    mix: SentimentMix
    representatives: list[str]


def discovered_theme_views(
    user: AnyUser, discovery: ThemeDiscovery, *, representatives: int = 5
) -> list[DiscoveredThemeView]:
    """Each discovered theme with its share, sentiment mix and up to `representatives` of its
    most typical comments that the user may read (texts in one query)."""
    themes = list(discovery.themes.select_related("adopted_as"))
    wanted = {pk for theme in themes for pk in theme.representative_ids[:representatives]}
    readable = list(comments_visible_to(user).filter(pk__in=wanted))
    texts = comment_texts(readable)
    total = discovery.comments_count
    return [
        DiscoveredThemeView(
            theme=theme,
            share=100 * theme.size / total if total else 0.0,
            mix=SentimentMix(dict(theme.sentiment_counts)),
            representatives=[
                texts[pk] for pk in theme.representative_ids[:representatives] if texts.get(pk)
            ],
        )
        for theme in themes
    ]
