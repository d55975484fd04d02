"""Coding samples: several people put the same comments into themes, and govcx measures how far
they agree (Cohen's kappa), with each other and with the automatic assignment.

A sample is a random draw of an organization's counted comments (one service or all, over a
date range). Each coder has at most one judgement per comment, which they may change. Themes
merged since a judgement count as the theme they were merged into, so a merge does not turn
agreement into disagreement.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from govcx.comments.models import (
    AssignmentSource,
    CodingJudgement,
    CodingSample,
    Comment,
    Theme,
)
from govcx.comments.selectors import (
    active_themes,
    counted_comments,
    organizations_coding_comments,
)
from govcx.lib.themes import Agreement, cohens_kappa
from govcx.registry.models import Organization, Service, User
from govcx.registry.selectors import AnyUser

SAMPLE_SIZE_MIN = 10
SAMPLE_SIZE_MAX = 500
AUTOMATIC_CODER = "govcx automatic"
NO_THEME_LABEL = "none"  # the category "fits no theme", as cohens_kappa receives it
# Landis & Koch (1977): conventions for reading kappa, not thresholds with a statistical basis.
KAPPA_BANDS = (  # (upper bound, range as read, word)
    (0.0, "below 0", "poor (less than chance)"),
    (0.20, "0.00–0.20", "slight"),
    (0.40, "0.21–0.40", "fair"),
    (0.60, "0.41–0.60", "moderate"),
    (0.80, "0.61–0.80", "substantial"),
    (1.0, "0.81–1.00", "almost perfect"),
)


# --- creating a sample -------------------------------------------------------------------------


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _check_sample_request(
    *,
    organization: Organization,
    name: str,
    service: Service | None,
    date_from: dt.date,
    date_to: dt.date,
    size: int,
) -> None:
    """One message per broken rule, on the field it concerns."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Give the sample a name."
    if not SAMPLE_SIZE_MIN <= size <= SAMPLE_SIZE_MAX:
        problems["size"] = f"A sample has {SAMPLE_SIZE_MIN} to {SAMPLE_SIZE_MAX} comments."
    if service is not None and service.organization_id != organization.pk:
        problems["service"] = "Choose a service of the organization."
    if date_to < date_from:
        problems["date_to"] = "The last day comes before the first."
    if problems:
        raise ValidationError(problems)


def sample_scope(
    *, organization: Organization, service: Service | None, date_from: dt.date, date_to: dt.date
) -> QuerySet[Comment]:
    """Counted comments of the organization (and service) received from date_from to date_to
    inclusive, in UTC days."""
    comments = counted_comments().filter(
        organization=organization,
        created_at__gte=_utc_midnight(date_from),
        created_at__lt=_utc_midnight(date_to + dt.timedelta(days=1)),
    )
    return comments.filter(service=service) if service is not None else comments


@transaction.atomic
def coding_sample_create(
    *,
    organization: Organization,
    name: str,
    service: Service | None,
    date_from: dt.date,
    date_to: dt.date,
    size: int,
    user: User | None,
    seed: int | None = None,
) -> CodingSample:
    """Draw `size` comments at random (all of them when fewer exist); refuse an empty scope."""
    _check_sample_request(
        organization=organization,
        name=name,
        service=service,
        date_from=date_from,
        date_to=date_to,
        size=size,
    )
    scope = sample_scope(
        organization=organization, service=service, date_from=date_from, date_to=date_to
    )
    candidates = list(scope.order_by("pk").values_list("pk", flat=True))
    if not candidates:
        raise ValidationError(
            {"date_from": "There are no comments to sample for this service and these dates."}
        )
    # Reproducible for a given seed, which is all a sample for agreement needs: not a secret.
    chosen = random.Random(seed).sample(candidates, min(size, len(candidates)))  # noqa: S311
    sample = CodingSample.objects.create(
        organization=organization,
        name=name.strip(),
        service=service,
        created_by=user,
        created_at=timezone.now(),
    )
    sample.comments.set(chosen)
    return sample


# --- judgements --------------------------------------------------------------------------------


def sample_comments(sample: CodingSample) -> list[Comment]:
    """The sample's comments in a fixed order (oldest first), which numbers them for people."""
    return list(sample.comments.order_by("created_at", "pk"))


def _comment_numbers(sample: CodingSample) -> dict[int, int]:
    ids = sample.comments.order_by("created_at", "pk").values_list("pk", flat=True)
    return {comment_id: number for number, comment_id in enumerate(ids, start=1)}


def _judgement_problems(sample: CodingSample, judgements: Mapping[int, Theme | None]) -> list[str]:
    numbers = _comment_numbers(sample)
    allowed = set(active_themes(sample.organization).values_list("pk", flat=True))
    problems = []
    for comment_id, theme in judgements.items():
        if comment_id not in numbers:
            problems.append(f"Comment {comment_id} is not part of the sample “{sample.name}”.")
        elif theme is not None and theme.pk not in allowed:
            problems.append(
                f"Comment {numbers[comment_id]}: “{theme.name}” is not an active theme of "
                f"{sample.organization.name}."
            )
    return problems


@transaction.atomic
def coding_judgements_save(
    *, sample: CodingSample, coder: User, judgements: Mapping[int, Theme | None]
) -> int:
    """Store a coder's themes for comments of the sample (None: fits no theme); all or nothing.

    A comment coded before gets its judgement changed, never a second one. Returns how many
    judgements were stored or changed.
    """
    problems = _judgement_problems(sample, judgements)
    if problems:
        raise ValidationError(problems)
    earlier = {
        judgement.comment_id: judgement
        for judgement in CodingJudgement.objects.filter(
            sample=sample, coder=coder, comment_id__in=list(judgements)
        )
    }
    changed = [
        _with_theme(earlier[comment_id], theme)
        for comment_id, theme in judgements.items()
        if comment_id in earlier and earlier[comment_id].theme_id != _pk(theme)
    ]
    CodingJudgement.objects.bulk_update(changed, ["theme"])
    now = timezone.now()
    CodingJudgement.objects.bulk_create(
        CodingJudgement(
            sample=sample, comment_id=comment_id, coder=coder, theme=theme, created_at=now
        )
        for comment_id, theme in judgements.items()
        if comment_id not in earlier
    )
    return len(changed) + sum(1 for comment_id in judgements if comment_id not in earlier)


def _pk(theme: Theme | None) -> int | None:
    return theme.pk if theme is not None else None


def _with_theme(judgement: CodingJudgement, theme: Theme | None) -> CodingJudgement:
    judgement.theme = theme
    return judgement


def coder_judgements(sample: CodingSample, coder: AnyUser) -> dict[int, int | None]:
    """Comment id → the theme id this coder chose (None: no theme), for preselecting."""
    if not isinstance(coder, User):
        return {}
    rows = CodingJudgement.objects.filter(sample=sample, coder=coder)
    return dict(rows.values_list("comment_id", "theme_id"))


# --- reading samples ---------------------------------------------------------------------------


def coding_samples_visible_to(user: AnyUser) -> QuerySet[CodingSample]:
    return CodingSample.objects.filter(
        organization__in=organizations_coding_comments(user)
    ).select_related("organization", "service", "created_by")


def coding_sample_visible_by_uuid(user: AnyUser, sample_uuid: uuid.UUID) -> CodingSample | None:
    return coding_samples_visible_to(user).filter(uuid=sample_uuid).first()


# --- agreement ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoderProgress:
    coder: str
    coded: int
    total: int


@dataclass(frozen=True)
class AgreementRow:
    first: str
    second: str
    agreement: Agreement

    @property
    def reading(self) -> str:
        return kappa_reading(self.agreement.kappa)


@dataclass(frozen=True)
class SampleAgreement:
    size: int
    progress: tuple[CoderProgress, ...]
    rows: tuple[AgreementRow, ...]
    # Comments a person has re-themed: what the automatic assignment said is no longer known.
    corrected_by_people: int


def kappa_reading(kappa: float | None) -> str:
    """Landis & Koch's word for a kappa; "" when kappa is undefined."""
    if kappa is None:
        return ""
    if kappa < 0:
        return KAPPA_BANDS[0][2]
    for upper, _range, word in KAPPA_BANDS[1:]:
        if kappa <= upper:
            return word
    return KAPPA_BANDS[-1][2]


def merged_theme_targets(organization: Organization) -> dict[int, int]:
    """Theme id → the id it now counts as: itself, or the end of its `merged_into` chain."""
    merged = dict(
        Theme.objects.filter(organization=organization).values_list("pk", "merged_into_id")
    )

    def target(pk: int) -> int:
        seen = {pk}
        while (successor := merged.get(pk)) is not None and successor not in seen:
            seen.add(successor)
            pk = successor
        return pk

    return {pk: target(pk) for pk in merged}


def theme_label(theme_id: int | None, targets: Mapping[int, int]) -> str:
    """The category a theme counts as in the agreement, as a string cohens_kappa compares."""
    if theme_id is None:
        return NO_THEME_LABEL
    return f"theme:{targets.get(theme_id, theme_id)}"


def coding_agreement(sample: CodingSample) -> SampleAgreement:
    """Every pair of coders with a comment in common, and each coder against the automatic
    assignment, as Cohen's kappa on the comments both coded."""
    targets = merged_theme_targets(sample.organization)
    coders = _coders(sample, targets)
    automatic, corrected = _automatic_labels(sample, targets)
    size = sample.comments.count()
    rows = [
        row
        for index, first in enumerate(coders)
        for second in coders[index + 1 :]
        if (row := _agreement(first, second)) is not None
    ]
    machine = Coder(AUTOMATIC_CODER, automatic)
    rows += [row for coder in coders if (row := _agreement(coder, machine)) is not None]
    progress = tuple(CoderProgress(coder.name, len(coder.labels), size) for coder in coders)
    return SampleAgreement(size, progress, tuple(rows), corrected)


@dataclass(frozen=True)
class Coder:
    name: str
    labels: Mapping[int, str]  # comment id → category


def _coder_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _coders(sample: CodingSample, targets: Mapping[int, int]) -> list[Coder]:
    """Everyone who coded the sample, by name, with their categories."""
    judgements = CodingJudgement.objects.filter(sample=sample).select_related("coder")
    names: dict[int, str] = {}
    labels: dict[int, dict[int, str]] = {}
    for judgement in judgements:  # at most 500 comments × a few coders
        names[judgement.coder_id] = _coder_name(judgement.coder)
        labels.setdefault(judgement.coder_id, {})[judgement.comment_id] = theme_label(
            judgement.theme_id, targets
        )
    order = sorted(names, key=lambda coder_id: (names[coder_id], coder_id))
    return [Coder(names[coder_id], labels[coder_id]) for coder_id in order]


def _automatic_labels(
    sample: CodingSample, targets: Mapping[int, int]
) -> tuple[dict[int, str], int]:
    """The automatic theme of each comment (or none), leaving out those a person corrected."""
    rows = sample.comments.values_list("pk", "theme_id", "theme_source")
    labels: dict[int, str] = {}
    corrected = 0
    for comment_id, theme_id, source in rows:
        if source == AssignmentSource.PERSON:
            corrected += 1
        elif source == AssignmentSource.AUTOMATIC:
            labels[comment_id] = theme_label(theme_id, targets)
        else:
            labels[comment_id] = NO_THEME_LABEL
    return labels, corrected


def _agreement(first: Coder, second: Coder) -> AgreementRow | None:
    common = sorted(set(first.labels) & set(second.labels))
    if not common:
        return None
    agreement = cohens_kappa(
        [first.labels[comment_id] for comment_id in common],
        [second.labels[comment_id] for comment_id in common],
    )
    return AgreementRow(first.name, second.name, agreement)


def comments_with_texts(
    comments: Iterable[Comment], texts: Mapping[int, str]
) -> list[tuple[int, Comment, str]]:
    """(number, comment, text) for a page, numbered from 1 in the sample's order."""
    return [
        (number, comment, texts.get(comment.pk, ""))
        for number, comment in enumerate(comments, start=1)
    ]
