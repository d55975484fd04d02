"""The survey templates govcx ships, with the exact OMB Circular A-11 Section 280 wording.

A manager starts a survey as a deep copy of one of these; bracketed placeholders such as
`[Program/Service name]` are filled in from the service and agency at copy time.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcx.lib.a11 import LIKERT_LABELS
from govcx.surveys.structure import Condition, Option, Page, Question, QuestionType, SurveyStructure

LIKERT_OPTIONS: tuple[Option, ...] = tuple(
    Option(value=str(point), label=label) for point, label in LIKERT_LABELS.items()
)


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    kind: str
    title: str
    description: str
    instructions: str
    structure: SurveyStructure


def _likert(key: str, text: str, *, required: bool = False) -> Question:
    return Question(key=key, type=QuestionType.LIKERT, text=text, required=required)


def _comment(key: str, text: str) -> Question:
    return Question(key=key, type=QuestionType.LONG_TEXT, text=text, character_limit=2000)


A11_V1 = SurveyTemplate(
    key="a11_v1",
    kind="a11_v1",
    title="[Program/Service name] customer feedback",
    description="The A-11 Section 280 post-transaction survey, version 1 (FY2019–FY2023).",
    instructions="Please tell us about the service you received today. It takes about two minutes.",
    structure=SurveyStructure(
        pages=(
            Page(
                title="Your experience",
                questions=(
                    _likert(
                        "satisfaction",
                        "I am satisfied with the service I received from [Program/Service name].",
                        required=True,
                    ),
                    _likert(
                        "trust",
                        "This interaction increased my confidence in [Program/Service name].",
                        required=True,
                    ),
                    _comment("comments_scores", "Any additional feedback on your scores above?"),
                ),
            ),
            Page(
                title="A few more details",
                questions=(
                    _likert("effectiveness", "My need was addressed."),
                    _likert("ease", "It was easy to complete what I needed to do."),
                    _likert(
                        "efficiency",
                        "It took a reasonable amount of time to do what I needed to do.",
                    ),
                    _likert("transparency", "I was treated fairly."),
                    _likert("employee", "Employees I interacted with were helpful."),
                    _comment("comments", "Any additional feedback for [Program/Service name]?"),
                ),
            ),
        )
    ),
)

POSITIVE_DRIVER_LABELS: dict[str, str] = {
    "effectiveness": "My need was addressed",
    "ease": "It was easy to complete what I needed to do",
    "efficiency": "It took a reasonable amount of time to do what I needed to do",
    "transparency": "I understood what was being asked of me",
    "humanity": "I felt valued and respected",
    "employee": "Employees I interacted with were helpful",
    "other": "Something else",
}
NEGATIVE_DRIVER_LABELS: dict[str, str] = {
    "effectiveness": "My need was not addressed",
    "ease": "It was difficult to complete what I needed to do",
    "efficiency": "It took too long to do what I needed to do",
    "transparency": "I did not understand what was being asked of me",
    "humanity": "I did not feel valued and respected",
    "employee": "Employees I interacted with were not helpful",
    "other": "Something else",
}


def _drivers(labels: dict[str, str]) -> tuple[Option, ...]:
    return tuple(
        Option(value=value, label=label, is_other=(value == "other"))
        for value, label in labels.items()
    )


TRUST_TEXT_V2 = "I trust [Agency] to fulfill our country's commitment to [relevant population]."


def _v2_structure(
    trust: Question, positive: tuple[str, ...], negative: tuple[str, ...]
) -> SurveyStructure:
    return SurveyStructure(
        pages=(
            Page(title="Your experience", questions=(trust,)),
            Page(
                title="Tell us more",
                questions=(
                    Question(
                        key="drivers_positive",
                        type=QuestionType.CHECKBOXES,
                        text="What went well?",
                        help_text="Select all that apply.",
                        options=_drivers(POSITIVE_DRIVER_LABELS),
                        show_if=Condition(question="trust", values=positive),
                    ),
                    Question(
                        key="drivers_negative",
                        type=QuestionType.CHECKBOXES,
                        text="What didn't go so well?",
                        help_text="Select all that apply.",
                        options=_drivers(NEGATIVE_DRIVER_LABELS),
                        show_if=Condition(question="trust", values=negative),
                    ),
                    _comment("comments", "Additional comments"),
                ),
            ),
        )
    )


A11_V2_THUMBS = SurveyTemplate(
    key="a11_v2_thumbs",
    kind="a11_v2_thumbs",
    title="[Program/Service name] feedback",
    description="The A-11 Section 280 survey, version 2 (from FY2024), with thumbs up / down.",
    instructions="Please tell us how your experience went. It takes about a minute.",
    structure=_v2_structure(
        Question(key="trust", type=QuestionType.THUMBS, text=TRUST_TEXT_V2, required=True),
        positive=("1",),
        negative=("0",),
    ),
)

A11_V2_LIKERT = SurveyTemplate(
    key="a11_v2_likert",
    kind="a11_v2_likert",
    title="[Program/Service name] feedback",
    description="The A-11 Section 280 survey, version 2 (from FY2024), on a five-point scale.",
    instructions="Please tell us how your experience went. It takes about a minute.",
    structure=_v2_structure(
        _likert("trust", TRUST_TEXT_V2, required=True),
        positive=("4", "5"),
        negative=("1", "2", "3"),
    ),
)

YES_NO = SurveyTemplate(
    key="yes_no",
    kind="yes_no",
    title="Was this page helpful?",
    description="One yes / no question with an optional comment.",
    instructions="",
    structure=SurveyStructure(
        pages=(
            Page(
                title="",
                questions=(
                    Question(
                        key="helpful",
                        type=QuestionType.YES_NO,
                        text="Was this page helpful?",
                        required=True,
                    ),
                    _comment("comments", "How can we improve this page?"),
                ),
            ),
        )
    ),
)

OPEN_ENDED = SurveyTemplate(
    key="open_ended",
    kind="open_ended",
    title="Share your feedback",
    description="One open question.",
    instructions="",
    structure=SurveyStructure(
        pages=(
            Page(
                title="",
                questions=(
                    Question(
                        key="feedback",
                        type=QuestionType.LONG_TEXT,
                        text="What would you like to tell us?",
                        required=True,
                        character_limit=5000,
                    ),
                ),
            ),
        )
    ),
)

TEMPLATES: dict[str, SurveyTemplate] = {
    template.key: template
    for template in (A11_V1, A11_V2_THUMBS, A11_V2_LIKERT, YES_NO, OPEN_ENDED)
}


def template_choices() -> list[tuple[str, str]]:
    return [(template.key, template.description) for template in TEMPLATES.values()]
