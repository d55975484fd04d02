"""Every write to surveys: creation from templates, copies, structure and the lifecycle."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from govcx.registry.models import Organization, Service, User
from govcx.surveys.catalog import TEMPLATES
from govcx.surveys.models import (
    QuestionOption,
    Survey,
    SurveyGrant,
    SurveyGrantLevel,
    SurveyPage,
    SurveyQuestion,
    SurveyState,
    SurveyTransition,
    SurveyVersion,
)
from govcx.surveys.structure import SEGMENT_TYPES, Page, Question, SurveyStructure

A11_KINDS = frozenset({"a11_v1", "a11_v2_thumbs", "a11_v2_likert"})
A11_MAX_QUESTIONS = 15


class SurveyError(ValueError):
    """A survey change that the rules do not allow; the message says which rule."""


# --- structure ---------------------------------------------------------------------------------


def structure_problems(structure: SurveyStructure, *, kind: str) -> list[str]:
    """Everything that stops a structure from being published, in plain words."""
    problems: list[str] = []
    questions = list(structure.questions())
    answerable = [q for q in questions if q.takes_answer]
    if not answerable:
        problems.append("A survey needs at least one question that takes an answer.")
    duplicated = [key for key, count in Counter(q.key for q in questions).items() if count > 1]
    problems.extend(f"The question key “{key}” is used more than once." for key in duplicated)
    if kind in A11_KINDS and len(answerable) > A11_MAX_QUESTIONS:
        problems.append(f"An A-11 survey has at most {A11_MAX_QUESTIONS} questions.")
    seen: set[str] = set()
    for question in questions:
        problems.extend(_question_problems(question, seen))
        seen.add(question.key)
    return problems


def _question_problems(question: Question, earlier_keys: set[str]) -> list[str]:
    problems: list[str] = []
    if question.show_if is not None and question.show_if.question not in earlier_keys:
        problems.append(
            f"“{question.key}” depends on “{question.show_if.question}”, "
            "which must be an earlier question."
        )
    if question.type in {"radio", "checkboxes", "dropdown"} and not question.options:
        problems.append(f"“{question.key}” needs options to choose from.")
    if sum(option.is_other for option in question.options) > 1:
        problems.append(f"“{question.key}” may have only one “other” option.")
    if question.segment and question.type not in SEGMENT_TYPES:
        problems.append(
            f"Results can be broken down only by a hidden field or a single-choice question, "
            f"not by “{question.key}” ({question.type.label.lower()})."
        )
    return problems


def _write_structure(survey: Survey, structure: SurveyStructure) -> None:
    survey.pages.all().delete()
    for page_position, page in enumerate(structure.pages, start=1):
        page_row = SurveyPage.objects.create(
            survey=survey, position=page_position, title=page.title
        )
        for question_position, question in enumerate(page.questions, start=1):
            _write_question(page_row, question_position, question)


def _write_question(page: SurveyPage, position: int, question: Question) -> None:
    row = SurveyQuestion.objects.create(
        page=page,
        position=position,
        key=question.key,
        type=question.type.value,
        text=question.text,
        help_text=question.help_text,
        required=question.required,
        character_limit=question.character_limit,
        show_if_question=question.show_if.question if question.show_if else "",
        show_if_values=list(question.show_if.values) if question.show_if else [],
        is_segment=question.segment,
    )
    QuestionOption.objects.bulk_create(
        QuestionOption(
            question=row,
            position=position,
            value=option.value,
            label=option.label,
            is_other=option.is_other,
        )
        for position, option in enumerate(question.options, start=1)
    )


def fill_placeholders(structure: SurveyStructure, replacements: dict[str, str]) -> SurveyStructure:
    """Replace `[Program/Service name]`-style placeholders in every question's wording."""

    def fill(text: str) -> str:
        return fill_placeholders_text(text, replacements)

    return SurveyStructure(
        pages=tuple(
            Page(
                title=fill(page.title),
                questions=tuple(
                    Question(
                        key=q.key,
                        type=q.type,
                        text=fill(q.text),
                        help_text=fill(q.help_text),
                        required=q.required,
                        character_limit=q.character_limit,
                        options=q.options,
                        show_if=q.show_if,
                    )
                    for q in page.questions
                ),
            )
            for page in structure.pages
        )
    )


def _placeholders(organization: Organization, service: Service | None) -> dict[str, str]:
    service_name = service.name if service else organization.name
    return {
        "[Program/Service name]": service_name,
        "[Agency/Program/Service name]": service_name,
        "[Agency]": organization.name,
        # A sensible default until the manager names the population the agency serves.
        "[relevant population]": "the people it serves",
    }


# --- creation ----------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    organization: Organization,
    title: str,
    structure: SurveyStructure,
    user: User | None,
    kind: str = "custom",
    service: Service | None = None,
    instructions: str = "",
    disclaimer: str = "",
    success_message: str = "",
    omb_control_number: str = "",
    omb_expiration_date: dt.date | None = None,
) -> Survey:
    survey = Survey(
        organization=organization,
        service=service,
        kind=kind,
        title=title,
        instructions=instructions,
        disclaimer=disclaimer,
        omb_control_number=omb_control_number,
        omb_expiration_date=omb_expiration_date,
        created_by=user,
    )
    if success_message:
        survey.success_message = success_message
    survey.full_clean()
    survey.save()
    _write_structure(survey, structure)
    return survey


@transaction.atomic
def survey_create_from_template(
    *,
    organization: Organization,
    template_key: str,
    user: User | None,
    service: Service | None = None,
    title: str = "",
    placeholders: dict[str, str] | None = None,
) -> Survey:
    """A new survey in the created state, a deep copy of a shipped template."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise SurveyError(f"There is no template called “{template_key}”.")
    replacements = {**_placeholders(organization, service), **(placeholders or {})}
    structure = fill_placeholders(template.structure, replacements)
    return survey_create(
        organization=organization,
        service=service,
        kind=template.kind,
        title=title or fill_placeholders_text(template.title, replacements),
        instructions=template.instructions,
        structure=structure,
        user=user,
    )


def fill_placeholders_text(text: str, replacements: dict[str, str]) -> str:
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    return text


@transaction.atomic
def survey_copy(*, survey: Survey, user: User | None, title: str = "") -> Survey:
    """A deep copy of any survey, in the created state, in the same organization."""
    return survey_create(
        organization=survey.organization,
        service=survey.service,
        kind=survey.kind,
        title=title or f"Copy of {survey.title}",
        instructions=survey.instructions,
        disclaimer=survey.disclaimer,
        success_message=survey.success_message,
        structure=survey.build_structure(),
        user=user,
    )


@transaction.atomic
def survey_question_add(*, survey: Survey, question: Question, page_position: int) -> Survey:
    """Add a question at the end of a page of a draft; published wording stays versioned."""
    survey = _lock(survey)
    if survey.state != SurveyState.CREATED:
        raise SurveyError("Questions are added to a draft; reopen the survey first.")
    page = survey.pages.filter(position=page_position).first()
    if page is None:
        raise SurveyError(f"The survey has no page {page_position}.")
    if SurveyQuestion.objects.filter(page__survey=survey, key=question.key).exists():
        raise SurveyError(f"The question key “{question.key}” is already used in this survey.")
    last = page.questions.order_by("-position").values_list("position", flat=True).first()
    _write_question(page, (last or 0) + 1, question)
    return survey


EDITABLE_DETAILS = (
    "title",
    "instructions",
    "disclaimer",
    "success_message",
    "omb_control_number",
    "omb_expiration_date",
    "service",
)


@transaction.atomic
def survey_update_details(
    *,
    survey: Survey,
    title: str,
    instructions: str,
    disclaimer: str,
    success_message: str,
    omb_control_number: str,
    omb_expiration_date: dt.date | None,
    service: Service | None,
) -> Survey:
    """Change what respondents read around the questions; the questions keep their versions."""
    survey = _lock(survey)
    survey.title = title
    survey.instructions = instructions
    survey.disclaimer = disclaimer
    survey.success_message = success_message
    survey.omb_control_number = omb_control_number
    survey.omb_expiration_date = omb_expiration_date
    survey.service = service
    survey.full_clean()
    survey.save(update_fields=[*EDITABLE_DETAILS, "updated_at"])
    return survey


@transaction.atomic
def survey_grant(*, survey: Survey, user: User, level: SurveyGrantLevel) -> SurveyGrant:
    grant, _created = SurveyGrant.objects.update_or_create(
        survey=survey, user=user, defaults={"level": level}
    )
    return grant


# --- lifecycle ---------------------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    SurveyState.CREATED: frozenset(
        {SurveyState.SUBMITTED, SurveyState.PUBLISHED, SurveyState.ARCHIVED}
    ),
    SurveyState.SUBMITTED: frozenset(
        {SurveyState.APPROVED, SurveyState.CREATED, SurveyState.ARCHIVED}
    ),
    SurveyState.APPROVED: frozenset(
        {SurveyState.PUBLISHED, SurveyState.CREATED, SurveyState.ARCHIVED}
    ),
    SurveyState.PUBLISHED: frozenset({SurveyState.ARCHIVED}),
    SurveyState.ARCHIVED: frozenset({SurveyState.CREATED}),
}


def _transition(survey: Survey, to_state: SurveyState, user: User | None, reason: str = "") -> None:
    if to_state not in TRANSITIONS[survey.state]:
        raise SurveyError(
            f"A survey that is {survey.get_state_display().lower()} cannot become "
            f"{to_state.label.lower()}."
        )
    SurveyTransition.objects.create(
        survey=survey, from_state=survey.state, to_state=to_state, user=user, reason=reason
    )
    survey.state = to_state
    survey.save(update_fields=["state", "updated_at"])


def _lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().select_related("organization").get(pk=survey.pk)


@transaction.atomic
def survey_submit(*, survey: Survey, user: User | None) -> Survey:
    survey = _lock(survey)
    if not survey.organization.require_survey_approval:
        raise SurveyError("This organization publishes surveys without an approval step.")
    _require_publishable(survey, today=timezone.localdate())
    _transition(survey, SurveyState.SUBMITTED, user)
    return survey


@transaction.atomic
def survey_approve(*, survey: Survey, user: User | None) -> Survey:
    survey = _lock(survey)
    _transition(survey, SurveyState.APPROVED, user)
    return survey


@transaction.atomic
def survey_return(*, survey: Survey, user: User | None, reason: str) -> Survey:
    """Send a submitted or approved survey back to its authors, saying why."""
    survey = _lock(survey)
    if not reason.strip():
        raise SurveyError("Say why the survey is being returned.")
    _transition(survey, SurveyState.CREATED, user, reason)
    return survey


@transaction.atomic
def survey_publish(*, survey: Survey, user: User | None, today: dt.date | None = None) -> Survey:
    """Publish: freeze the structure as a new version that responses will point at."""
    survey = _lock(survey)
    if survey.organization.require_survey_approval and survey.state != SurveyState.APPROVED:
        raise SurveyError("This organization requires approval before a survey is published.")
    structure = _require_publishable(survey, today=today or timezone.localdate())
    _transition(survey, SurveyState.PUBLISHED, user)
    latest = survey.versions.order_by("-number").first()
    if latest is None or latest.structure != structure.to_json():
        latest = SurveyVersion.objects.create(
            survey=survey,
            number=(latest.number + 1) if latest else 1,
            structure=structure.to_json(),
            published_at=timezone.now(),
        )
    survey.current_version = latest
    survey.published_at = timezone.now()
    survey.save(update_fields=["current_version", "published_at", "updated_at"])
    return survey


def _require_publishable(survey: Survey, *, today: dt.date) -> SurveyStructure:
    if survey.is_expired(today):
        raise SurveyError("The survey's OMB approval has expired; renew it before publishing.")
    structure = survey.build_structure()
    problems = structure_problems(structure, kind=survey.kind)
    if problems:
        raise SurveyError(" ".join(problems))
    return structure


@transaction.atomic
def survey_archive(*, survey: Survey, user: User | None, reason: str = "") -> Survey:
    survey = _lock(survey)
    _transition(survey, SurveyState.ARCHIVED, user, reason)
    return survey


@transaction.atomic
def survey_reopen(*, survey: Survey, user: User | None) -> Survey:
    """Bring an archived survey back as a draft, to be edited and published again."""
    survey = _lock(survey)
    _transition(survey, SurveyState.CREATED, user)
    return survey


def surveys_archive_expired(*, today: dt.date) -> int:
    """Archive every survey whose OMB approval has lapsed; returns how many were archived."""
    expired = Survey.objects.exclude(state=SurveyState.ARCHIVED).filter(
        omb_expiration_date__lt=today
    )
    count = 0
    for survey in expired:
        survey_archive(survey=survey, user=None, reason="OMB approval expired")
        count += 1
    return count


# --- embedding ---------------------------------------------------------------------------------


@transaction.atomic
def survey_update_embedding(
    *, survey: Survey, user: User | None, allowed_origins: list[str], sample_percent: int
) -> Survey:
    """Where the widget may be embedded and post from, and the share of visitors it invites.

    `user` is who asked (the view has checked that they manage the survey); the model's own
    rules check every origin, so a bad list is refused here whatever called.
    """
    survey = _lock(survey)
    survey.allowed_origins = allowed_origins
    survey.sample_percent = sample_percent
    survey.full_clean()
    survey.save(update_fields=["allowed_origins", "sample_percent", "updated_at"])
    return survey
