"""The comment analysis job: every free-text answer becomes an analysed `Comment`.

`comments_analyse` reads responses in id order after the last one it read, one batch per
transaction, and for each non-blank free-text answer stores its sentiment, whether the
customer was negative (A-11 trust or a negative driver), and a theme from the organization's
taxonomy. The state row is locked per batch, so several runs never read the same responses,
and a run stopped at any moment resumes where the last committed batch ended.

Every response is analysed, whatever its spam / flagged / deleted state, because that state
can change later; readers keep to `counted_comments()`.

When an organization's taxonomy changes its revision goes up, and `comments_reassign` assigns
its automatically assigned (and unassigned) comments again. A person's assignment is never
touched by the job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from govcx.comments.models import (
    AssignmentSource,
    Comment,
    CommentAnalysisState,
    SentimentLabel,
    TaxonomyRevision,
    Theme,
)
from govcx.comments.selectors import comment_texts, counted_comments
from govcx.insights.metrics import NEGATIVE_DRIVERS, TRUST
from govcx.lib.sentiment import score_many
from govcx.lib.themes import Assignment, ThemeAssigner, ThemeDefinition
from govcx.registry.models import Organization
from govcx.responses.models import Response
from govcx.responses.redaction import free_text_keys
from govcx.surveys.models import SurveyVersion
from govcx.surveys.structure import QuestionType, SurveyStructure

ANALYSE_BATCH_SIZE = 1000
REASSIGN_BATCH_SIZE = 2000
# A person's corrections teach the assigner what a theme holds; the most recent ones are
# enough, and a bounded number keeps building an assigner fast.
PERSON_EXAMPLES_PER_THEME = 50

# Trust answers that make a respondent negative. Version 1 has a neutral midpoint (3);
# version 2's five-point form has none: A-11 counts 1–3 as negative and asks those
# respondents "What didn't go so well?".
NEGATIVE_TRUST_VALUES: dict[str, frozenset[str]] = {
    "a11_v1": frozenset({"1", "2"}),
    "a11_v2_thumbs": frozenset({"0"}),
    "a11_v2_likert": frozenset({"1", "2", "3"}),
}
RESPONSE_FIELDS = (
    "pk",
    "organization_id",
    "service_id",
    "survey_version_id",
    "created_at",
    "language",
    "answers",
)


@dataclass(frozen=True)
class AnalysisResult:
    responses_read: int
    comments_created: int
    organizations_reassigned: int
    comments_reassigned: int


# --- what a survey version asks ---------------------------------------------------------------


@dataclass(frozen=True)
class VersionReading:
    """What the job needs from one survey version's structure."""

    text_keys: tuple[str, ...]  # free-text answer keys, sorted so comments are made in order
    negative_trust: frozenset[str] | None  # None: the version asks no A-11 trust question
    asks_negative_drivers: bool


def version_reading(structure: SurveyStructure, *, kind: str) -> VersionReading:
    questions = structure.question_map()
    drivers = questions.get(NEGATIVE_DRIVERS)
    return VersionReading(
        text_keys=tuple(sorted(free_text_keys(structure))),
        negative_trust=NEGATIVE_TRUST_VALUES.get(kind) if TRUST in questions else None,
        asks_negative_drivers=drivers is not None and drivers.type is QuestionType.CHECKBOXES,
    )


class VersionReadings:
    """Readings by version id, each read from the database once."""

    def __init__(self) -> None:
        self._readings: dict[int, VersionReading] = {}

    def __getitem__(self, version_id: int) -> VersionReading:
        return self._readings[version_id]

    def load(self, version_ids: Iterable[int]) -> None:
        missing = set(version_ids) - self._readings.keys()
        versions = SurveyVersion.objects.filter(pk__in=missing).values_list(
            "pk", "structure", "survey__kind"
        )
        for pk, structure, kind in versions:
            self._readings[pk] = version_reading(SurveyStructure.from_json(structure), kind=kind)


def negative_drivers_chosen(reading: VersionReading, answers: Mapping[str, Any]) -> list[str]:
    chosen = answers.get(NEGATIVE_DRIVERS) if reading.asks_negative_drivers else None
    if not isinstance(chosen, list):
        return []
    return [str(driver) for driver in chosen]


def is_negative(reading: VersionReading, answers: Mapping[str, Any]) -> bool | None:
    """Negative trust or at least one negative driver; None when the survey asked neither
    (or the respondent answered neither)."""
    signals: list[bool] = []
    trust = answers.get(TRUST)
    if reading.negative_trust is not None and trust is not None:
        signals.append(str(trust) in reading.negative_trust)
    if reading.asks_negative_drivers:
        signals.append(bool(negative_drivers_chosen(reading, answers)))
    return any(signals) if signals else None


# --- the taxonomy as the assigner sees it ------------------------------------------------------


def theme_definitions(organization_id: int) -> list[ThemeDefinition]:
    """The organization's active themes, each with its own examples and the texts of the
    comments people most recently put in it."""
    themes = list(Theme.objects.filter(organization_id=organization_id, is_active=True))
    person_examples = _person_examples(themes)
    return [
        ThemeDefinition(
            key=str(theme.pk),
            name=theme.name,
            description=theme.description,
            key_terms=tuple(theme.key_terms),
            examples=tuple(theme.examples) + person_examples.get(theme.pk, ()),
        )
        for theme in themes
    ]


def _person_examples(themes: Sequence[Theme]) -> dict[int, tuple[str, ...]]:
    chosen: list[Comment] = []
    for theme in themes:
        chosen.extend(
            counted_comments()
            .filter(theme=theme, theme_source=AssignmentSource.PERSON)
            .annotate(corrected_at=Max("corrections__created_at"))
            .order_by("-corrected_at", "-pk")
            .only("pk", "response_id", "question_key", "theme_id")[:PERSON_EXAMPLES_PER_THEME]
        )
    texts = comment_texts(chosen)
    examples: dict[int, list[str]] = defaultdict(list)
    for comment in chosen:
        if texts[comment.pk] and comment.theme_id is not None:
            examples[comment.theme_id].append(texts[comment.pk])
    return {theme_id: tuple(found) for theme_id, found in examples.items()}


def theme_assigner(organization_id: int) -> ThemeAssigner | None:
    """An assigner for the organization's current taxonomy; None when it has no themes."""
    definitions = usable_definitions(theme_definitions(organization_id))
    return ThemeAssigner(definitions) if definitions else None


def is_usable(definition: ThemeDefinition) -> bool:
    """Whether the assigner can match anything to the theme: it refuses a theme without a
    single content word (a name like "Other" and nothing else)."""
    try:
        ThemeAssigner([definition])
    except ValueError:
        return False
    return True


def usable_definitions(definitions: list[ThemeDefinition]) -> list[ThemeDefinition]:
    # The services refuse such themes; this keeps one made another way (an older release,
    # the admin shell) from stopping the job for every organization.
    return [definition for definition in definitions if is_usable(definition)]


class Assigners:
    """One assigner per organization, built again only when its taxonomy revision moved."""

    def __init__(self) -> None:
        self._built: dict[int, tuple[int, ThemeAssigner | None]] = {}

    def for_organizations(self, organization_ids: Iterable[int]) -> dict[int, ThemeAssigner | None]:
        wanted = set(organization_ids)
        revisions = dict(
            TaxonomyRevision.objects.filter(organization_id__in=wanted).values_list(
                "organization_id", "revision"
            )
        )
        found: dict[int, ThemeAssigner | None] = {}
        for organization_id in wanted:
            revision = revisions.get(organization_id, 0)
            cached = self._built.get(organization_id)
            if cached is None or cached[0] != revision:
                cached = (revision, theme_assigner(organization_id))
                self._built[organization_id] = cached
            found[organization_id] = cached[1]
        return found


def assign_all(assigner: ThemeAssigner | None, texts: Sequence[str]) -> list[Assignment | None]:
    """Each text's theme, or None; blank texts (purged answers) get none."""
    assignments: list[Assignment | None] = [None] * len(texts)
    if assigner is None:
        return assignments
    indexes = [index for index, text in enumerate(texts) if text.strip()]
    found = assigner.assign([texts[index] for index in indexes])
    for index, assignment in zip(indexes, found, strict=True):
        assignments[index] = assignment
    return assignments


def apply_assignment(comment: Comment, assignment: Assignment | None) -> bool:
    """Set an automatic assignment on the comment; whether anything changed."""
    before = (comment.theme_id, comment.theme_score, comment.theme_source)
    if assignment is None:
        comment.theme_id, comment.theme_score = None, None
        comment.theme_source = AssignmentSource.NONE
    else:
        comment.theme_id, comment.theme_score = int(assignment.key), assignment.score
        comment.theme_source = AssignmentSource.AUTOMATIC
    return before != (comment.theme_id, comment.theme_score, comment.theme_source)


# --- the job ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """One answer about to become a comment."""

    response: Mapping[str, Any]
    question_key: str
    text: str


def comments_analyse(*, batch_size: int = ANALYSE_BATCH_SIZE) -> AnalysisResult:
    """Analyse every response stored since the last run, then assign the comments of every
    organization whose taxonomy changed since its comments were last assigned."""
    readings, assigners = VersionReadings(), Assigners()
    read = created = 0
    while True:
        batch_read, batch_created = _analyse_one_batch(batch_size, readings, assigners)
        if batch_read == 0:
            break
        read, created = read + batch_read, created + batch_created
    organizations, reassigned = _reassign_stale_taxonomies()
    return AnalysisResult(
        responses_read=read,
        comments_created=created,
        organizations_reassigned=organizations,
        comments_reassigned=reassigned,
    )


@transaction.atomic
def _analyse_one_batch(
    batch_size: int, readings: VersionReadings, assigners: Assigners
) -> tuple[int, int]:
    state = locked_state()
    responses = list(
        Response.objects.filter(pk__gt=state.last_response_id)
        .order_by("pk")
        .values(*RESPONSE_FIELDS)[:batch_size]
    )
    if not responses:
        return 0, 0
    readings.load(response["survey_version_id"] for response in responses)
    drafts = _new_drafts(responses, readings)
    comments = _comments_from(drafts, readings, assigners)
    # The existing answers were skipped above; ignoring conflicts also covers a state row
    # that was reset by hand, so re-running never stores an answer twice.
    Comment.objects.bulk_create(comments, ignore_conflicts=True)
    state.last_response_id = responses[-1]["pk"]
    state.comments_analysed += len(comments)
    state.updated_at = timezone.now()
    state.save(update_fields=["last_response_id", "comments_analysed", "updated_at"])
    return len(responses), len(comments)


def locked_state() -> CommentAnalysisState:
    """The one state row, locked; made on first use (and again after a database flush)."""
    if not CommentAnalysisState.objects.filter(pk=1).exists():
        try:
            with transaction.atomic():
                CommentAnalysisState.objects.create(pk=1)
        except IntegrityError:  # another run made it first, which is just as good
            pass
    return CommentAnalysisState.objects.select_for_update().get(pk=1)


def _new_drafts(responses: list[dict[str, Any]], readings: VersionReadings) -> list[_Draft]:
    done = set(
        Comment.objects.filter(
            response_id__in=[response["pk"] for response in responses]
        ).values_list("response_id", "question_key")
    )
    drafts: list[_Draft] = []
    for response in responses:
        answers = response["answers"] or {}
        for key in readings[response["survey_version_id"]].text_keys:
            value = answers.get(key)
            if isinstance(value, str) and value.strip() and (response["pk"], key) not in done:
                drafts.append(_Draft(response=response, question_key=key, text=value))
    return drafts


def _comments_from(
    drafts: list[_Draft], readings: VersionReadings, assigners: Assigners
) -> list[Comment]:
    sentiments = score_many(
        [draft.text for draft in drafts],
        languages=[draft.response["language"] or None for draft in drafts],
    )
    assignments = _assignments_by_organization(drafts, assigners)
    now = timezone.now()
    comments = []
    for index, (draft, sentiment) in enumerate(zip(drafts, sentiments, strict=True)):
        response = draft.response
        reading = readings[response["survey_version_id"]]
        comment = Comment(
            response_id=response["pk"],
            question_key=draft.question_key,
            organization_id=response["organization_id"],
            service_id=response["service_id"],
            created_at=response["created_at"],
            language=response["language"],
            sentiment=SentimentLabel(sentiment.label.value),
            sentiment_score=sentiment.score,
            is_negative=is_negative(reading, response["answers"] or {}),
            negative_drivers=negative_drivers_chosen(reading, response["answers"] or {}),
            analysed_at=now,
        )
        apply_assignment(comment, assignments[index])
        comments.append(comment)
    return comments


def _assignments_by_organization(
    drafts: list[_Draft], assigners: Assigners
) -> list[Assignment | None]:
    """Each draft's theme, asking one assigner per organization for all of its drafts."""
    indexes: dict[int, list[int]] = defaultdict(list)
    for index, draft in enumerate(drafts):
        indexes[draft.response["organization_id"]].append(index)
    by_organization = assigners.for_organizations(indexes)
    assignments: list[Assignment | None] = [None] * len(drafts)
    for organization_id, positions in indexes.items():
        texts = [drafts[index].text for index in positions]
        found = assign_all(by_organization[organization_id], texts)
        for index, assignment in zip(positions, found, strict=True):
            assignments[index] = assignment
    return assignments


# --- assigning again after the taxonomy changed -------------------------------------------------


def _reassign_stale_taxonomies() -> tuple[int, int]:
    stale = TaxonomyRevision.objects.filter(revision__gt=F("assigned_revision")).select_related(
        "organization"
    )
    organizations = reassigned = 0
    for revision in stale:
        reassigned += comments_reassign(organization=revision.organization)
        organizations += 1
    return organizations, reassigned


def comments_reassign(*, organization: Organization, batch_size: int = REASSIGN_BATCH_SIZE) -> int:
    """Assign every automatically assigned or unassigned comment of the organization again
    under its current taxonomy; returns how many comments changed.

    A person's assignment is never touched. The revision is read first: a taxonomy change
    made while this runs leaves the organization stale, and the next run assigns again.
    """
    revision = _current_revision(organization)
    assigner = theme_assigner(organization.pk)
    changed = 0
    after = 0
    while True:
        batch_changed, after = _reassign_one_batch(organization, assigner, after, batch_size)
        if after == 0:
            break
        changed += batch_changed
    TaxonomyRevision.objects.filter(
        organization=organization, assigned_revision__lt=revision
    ).update(assigned_revision=revision)
    return changed


def _current_revision(organization: Organization) -> int:
    found = (
        TaxonomyRevision.objects.filter(organization=organization)
        .values_list("revision", flat=True)
        .first()
    )
    return found or 0


@transaction.atomic
def _reassign_one_batch(
    organization: Organization, assigner: ThemeAssigner | None, after: int, batch_size: int
) -> tuple[int, int]:
    """Assign the next batch again; returns (changed, last id read), last id 0 when done."""
    # Locked so that a person's correction made meanwhile is never overwritten: it either
    # commits first (and the row no longer matches) or waits for this batch.
    batch = list(
        Comment.objects.select_for_update()
        .filter(
            organization=organization,
            pk__gt=after,
            theme_source__in=[AssignmentSource.AUTOMATIC, AssignmentSource.NONE],
        )
        .order_by("pk")
        .only("pk", "response_id", "question_key", "theme_id", "theme_score", "theme_source")[
            :batch_size
        ]
    )
    if not batch:
        return 0, 0
    texts = comment_texts(batch)
    assignments = assign_all(assigner, [texts[comment.pk] for comment in batch])
    changed = [
        comment
        for comment, assignment in zip(batch, assignments, strict=True)
        if apply_assignment(comment, assignment)
    ]
    Comment.objects.bulk_update(changed, ["theme", "theme_score", "theme_source"])
    return len(changed), batch[-1].pk
