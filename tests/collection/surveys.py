"""Surveys built for the hosted-page tests, through the same services a manager uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from govcx.registry.models import Organization
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_create, survey_publish
from govcx.surveys.structure import Condition, Option, Page, Question, QuestionType, SurveyStructure

SurveyMaker = Callable[..., Survey]

EVERY_TYPE = SurveyStructure(
    pages=(
        Page(
            title="About you",
            questions=(
                Question("intro", QuestionType.DISPLAY_TEXT, "Thank you for helping us improve."),
                Question(
                    "name",
                    QuestionType.SHORT_TEXT,
                    "Your first name",
                    help_text="Your first name is enough.",
                    required=True,
                    character_limit=40,
                ),
                Question("email", QuestionType.EMAIL, "Email address"),
                Question("phone", QuestionType.PHONE, "Phone number"),
                Question("visit_date", QuestionType.DATE, "When did you visit?"),
                Question("state", QuestionType.US_STATE, "Where do you live?"),
                Question("transaction_id", QuestionType.HIDDEN, "Transaction"),
            ),
        ),
        Page(
            title="Your visit",
            questions=(
                Question(
                    "topic",
                    QuestionType.RADIO,
                    "What was your visit about?",
                    options=(
                        Option("benefits", "Benefits"),
                        Option("records", "Records"),
                        Option("other", "Something else", is_other=True),
                    ),
                ),
                Question(
                    "needs",
                    QuestionType.CHECKBOXES,
                    "What did you need?",
                    help_text="Select all that apply.",
                    options=(
                        Option("forms", "Forms"),
                        Option("status", "A status update"),
                        Option("other", "Something else", is_other=True),
                    ),
                ),
                Question(
                    "office",
                    QuestionType.DROPDOWN,
                    "Which office?",
                    options=(
                        Option("north", "North office"),
                        Option("south", "South office"),
                        Option("elsewhere", "Another office", is_other=True),
                    ),
                ),
                Question("returning", QuestionType.YES_NO, "Have you visited before?"),
                Question("thumbs", QuestionType.THUMBS, "Did the visit go well?", required=True),
                Question("stars", QuestionType.STAR, "Rate the visit"),
                Question("agree", QuestionType.LIKERT, "Staff were helpful."),
                Question("story", QuestionType.LONG_TEXT, "Tell us more", character_limit=200),
            ),
        ),
    )
)

# A follow-up on the same page as the question it depends on: the script shows it live.
SAME_PAGE_FOLLOW_UP = SurveyStructure(
    pages=(
        Page(
            title="Your visit",
            questions=(
                Question("trust", QuestionType.THUMBS, "Did we help you?", required=True),
                Question(
                    "what_went_wrong",
                    QuestionType.LONG_TEXT,
                    "What went wrong?",
                    required=True,
                    show_if=Condition("trust", ("0",)),
                ),
                Question("comments", QuestionType.LONG_TEXT, "Anything else?"),
            ),
        ),
    )
)


# Valid answers to the first page of EVERY_TYPE.
PAGE_1_ANSWERS = {
    "name": "Ana",
    "email": "ana@example.com",
    "phone": "(202) 555-0123",
    "visit_date": "2025-03-04",
    "state": "AK",
}


def publish_survey(organization: Organization, structure: SurveyStructure, **fields: Any) -> Survey:
    """A published survey with the given structure (published "in the past", so an OMB
    expiration date that has since passed is allowed)."""
    survey = survey_create(
        organization=organization,
        title=fields.pop("title", "Visit feedback"),
        structure=structure,
        user=None,
        **fields,
    )
    return survey_publish(survey=survey, user=None, today=dt.date(2024, 1, 1))


def survey_url(survey: Survey) -> str:
    return f"/s/{survey.public_id}/"
