"""The shipped templates carry the exact A-11 wording and values, and copies are deep."""

from __future__ import annotations

from govcx.lib.a11 import V2_DRIVERS
from govcx.surveys.catalog import A11_V1, A11_V2_LIKERT, A11_V2_THUMBS, TEMPLATES
from govcx.surveys.models import QuestionOption, SurveyQuestion
from govcx.surveys.services import structure_problems, survey_create_from_template
from govcx.surveys.structure import QuestionType
from tests.conftest import World


def texts(template_key: str) -> dict[str, str]:
    return {q.key: q.text for q in TEMPLATES[template_key].structure.questions()}


def test_a11_v1_wording_and_order() -> None:
    questions = list(A11_V1.structure.questions())
    assert [q.key for q in questions] == [
        "satisfaction", "trust", "comments_scores",
        "effectiveness", "ease", "efficiency", "transparency", "employee", "comments",
    ]  # fmt: skip
    wording = texts("a11_v1")
    assert wording["satisfaction"] == (
        "I am satisfied with the service I received from [Program/Service name]."
    )
    assert wording["trust"] == "This interaction increased my confidence in [Program/Service name]."
    assert wording["comments_scores"] == "Any additional feedback on your scores above?"
    assert wording["effectiveness"] == "My need was addressed."
    assert wording["ease"] == "It was easy to complete what I needed to do."
    assert wording["efficiency"] == "It took a reasonable amount of time to do what I needed to do."
    assert wording["transparency"] == "I was treated fairly."
    assert wording["employee"] == "Employees I interacted with were helpful."
    assert wording["comments"] == "Any additional feedback for [Program/Service name]?"


def test_a11_v1_pages_and_scale() -> None:
    page_one, page_two = A11_V1.structure.pages
    assert [q.key for q in page_one.questions] == ["satisfaction", "trust", "comments_scores"]
    assert all(q.required for q in page_one.questions[:2])
    assert not any(q.required for q in page_two.questions)
    likert = [q for q in A11_V1.structure.questions() if q.type is QuestionType.LIKERT]
    assert len(likert) == 7


def test_a11_v2_drivers_and_conditions() -> None:
    for template, positive, negative in (
        (A11_V2_THUMBS, ("1",), ("0",)),
        (A11_V2_LIKERT, ("4", "5"), ("1", "2", "3")),
    ):
        questions = template.structure.question_map()
        assert questions["trust"].required
        assert questions["drivers_positive"].text == "What went well?"
        assert questions["drivers_negative"].text == "What didn't go so well?"
        for key, values in (("drivers_positive", positive), ("drivers_negative", negative)):
            assert tuple(o.value for o in questions[key].options) == V2_DRIVERS
            condition = questions[key].show_if
            assert condition is not None
            assert condition.values == values
            assert [o.value for o in questions[key].options if o.is_other] == ["other"]
    assert A11_V2_THUMBS.structure.question_map()["trust"].type is QuestionType.THUMBS
    assert A11_V2_LIKERT.structure.question_map()["trust"].type is QuestionType.LIKERT


def test_every_template_is_publishable() -> None:
    for template in TEMPLATES.values():
        assert structure_problems(template.structure, kind=template.kind) == []


def test_copy_from_template_is_deep_and_fills_placeholders(world: World) -> None:
    organization, service = world.a.organization, world.a.service
    survey = survey_create_from_template(
        organization=organization,
        service=service,
        template_key="a11_v2_likert",
        user=world.manager_a,
        placeholders={"[relevant population]": "applicants"},
    )
    structure = survey.build_structure()
    assert structure.question_map()["trust"].text == (
        "I trust Agency A to fulfill our country's commitment to applicants."
    )
    assert survey.title == "AGA benefit applications feedback"
    assert survey.state == "created"
    assert survey.created_by == world.manager_a
    # Editing the copy changes neither the template nor another copy.
    SurveyQuestion.objects.filter(page__survey=survey, key="trust").update(text="Changed")
    other = survey_create_from_template(
        organization=organization, service=service, template_key="a11_v2_likert", user=None
    )
    assert other.build_structure().question_map()["trust"].text.startswith("I trust Agency A")
    assert QuestionOption.objects.filter(question__page__survey=survey).count() == 14
