"""Survey responses joined to records by transaction ID: trust and satisfaction, met vs missed."""

from __future__ import annotations

from typing import Any

import pytest
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import proportion_confint

from govcx.responses.models import Response
from govcx.standards import selectors
from govcx.standards.compliance import FeedbackComparison, compare_feedback, standard_report
from govcx.standards.models import CallOutcome, Standard
from govcx.standards.selectors import CustomerAnswer
from govcx.surveys.models import Survey
from govcx.surveys.structure import Page, Question, QuestionType, SurveyStructure
from tests.collection.surveys import publish_survey
from tests.conftest import Agency, World
from tests.standards.standard_fixtures import (
    add_calls,
    add_case,
    add_cases,
    eastern,
    email_standard,
    phone_standard,
)
from tests.standards.test_compliance import AS_OF, NEXT_DAY, RECEIVED, TWO_DAYS_LATER

TRANSACTION = Question("transaction_id", QuestionType.HIDDEN, "Transaction")
A11_V1_WITH_TRANSACTION = SurveyStructure(
    pages=(
        Page(
            title="Your experience",
            questions=(
                Question("satisfaction", QuestionType.LIKERT, "I am satisfied.", required=True),
                Question("trust", QuestionType.LIKERT, "I trust the agency.", required=True),
                TRANSACTION,
            ),
        ),
    )
)
THUMBS_WITH_TRANSACTION = SurveyStructure(
    pages=(
        Page(
            title="Your experience",
            questions=(
                Question("trust", QuestionType.THUMBS, "I trust the agency.", required=True),
                TRANSACTION,
            ),
        ),
    )
)


def survey_of(agency: Agency, structure: SurveyStructure) -> Survey:
    return publish_survey(agency.organization, structure, service=agency.service)


def respond(survey: Survey, transaction_id: str, **answers: Any) -> Response:
    assert survey.current_version is not None
    return Response.objects.create(
        organization=survey.organization,
        service=survey.service,
        survey=survey,
        survey_version=survey.current_version,
        channel="email",
        language="en",
        created_at=AS_OF,
        answers={**answers, "transaction_id": transaction_id},
    )


def feedback_of(standard: Standard) -> FeedbackComparison:
    fresh = Standard.objects.select_related("organization", "calendar").get(pk=standard.pk)
    return standard_report(fresh, as_of=AS_OF).feedback


def wilson(successes: int, n: int) -> tuple[float, float]:
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    return float(low), float(high)


@pytest.fixture
def met_and_missed(world: World) -> Standard:
    """Twelve customers whose email was answered in time (met-0 …) and twelve late (missed-0 …)."""
    standard = email_standard(world.a)
    add_cases(standard, 12, RECEIVED, NEXT_DAY, transaction_prefix="met-")
    add_cases(standard, 12, RECEIVED, TWO_DAYS_LATER, transaction_prefix="missed-")
    return standard


def test_customers_whose_standard_was_missed_trust_less(
    world: World, met_and_missed: Standard
) -> None:
    survey = survey_of(world.a, A11_V1_WITH_TRANSACTION)
    for index in range(12):
        respond(survey, f"met-{index}", trust=2 if index == 0 else 5, satisfaction=4)
        respond(survey, f"missed-{index}", trust=4 if index < 3 else 1, satisfaction=3)
    feedback = feedback_of(met_and_missed)
    assert feedback.customers_with_transaction_id == 24
    assert (feedback.met.trust.value, feedback.met.trust.n) == (11 / 12, 12)
    assert (feedback.met.trust.low, feedback.met.trust.high) == pytest.approx(wilson(11, 12))
    assert (feedback.missed.trust.value, feedback.missed.trust.n) == (3 / 12, 12)
    assert (feedback.met.satisfaction.value, feedback.missed.satisfaction.value) == (1.0, 0.0)
    assert feedback.trust_test is not None
    expected_p = fisher_exact([[11, 1], [3, 9]]).pvalue
    assert feedback.trust_test.p_value == pytest.approx(expected_p)
    assert feedback.trust_test.significant


def test_thumbs_up_is_1_but_1_of_5_is_negative(world: World, met_and_missed: Standard) -> None:
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    five_point = survey_of(world.a, A11_V1_WITH_TRANSACTION)
    for index in range(12):
        respond(thumbs, f"met-{index}", trust=1)
        respond(five_point, f"missed-{index}", trust=1, satisfaction=1)
    feedback = feedback_of(met_and_missed)
    assert feedback.met.trust.value == 1.0
    assert feedback.missed.trust.value == 0.0
    # The thumbs survey asks no satisfaction question: none of its answers count there.
    assert feedback.met.satisfaction.n == 0
    assert feedback.satisfaction_test is None


def test_a_difference_that_chance_explains_is_not_marked(
    world: World, met_and_missed: Standard
) -> None:
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    for index in range(12):
        respond(thumbs, f"met-{index}", trust=int(index < 9))
        respond(thumbs, f"missed-{index}", trust=int(index < 7))
    feedback = feedback_of(met_and_missed)
    assert feedback.trust_test is not None
    assert not feedback.trust_test.significant


def test_spam_flagged_deleted_and_other_agencies_responses_are_left_out(
    world: World, met_and_missed: Standard
) -> None:
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    for index in range(12):
        respond(thumbs, f"met-{index}", trust=1)
    for state in ("is_spam", "is_flagged", "is_deleted"):
        left_out = respond(thumbs, "missed-0", trust=0)
        Response.objects.filter(pk=left_out.pk).update(**{state: True})
    agency_b_survey = survey_of(world.b, THUMBS_WITH_TRANSACTION)
    respond(agency_b_survey, "missed-1", trust=0)
    feedback = feedback_of(met_and_missed)
    assert feedback.met.customers.n == 12
    assert feedback.missed.customers.n == 0
    assert feedback.missed.trust.n == 0


def test_a_customer_who_answered_twice_counts_once_with_the_latest_answer(
    world: World, met_and_missed: Standard
) -> None:
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    for index in range(12):
        first = respond(thumbs, f"met-{index}", trust=0)
        Response.objects.filter(pk=first.pk).update(created_at=eastern(2025, 2, 6))
        respond(thumbs, f"met-{index}", trust=1)
    feedback = feedback_of(met_and_missed)
    assert (feedback.met.trust.value, feedback.met.trust.n) == (1.0, 12)


def test_small_groups_are_suppressed_and_not_tested(world: World) -> None:
    standard = email_standard(world.a)
    add_cases(standard, 12, RECEIVED, NEXT_DAY, transaction_prefix="met-")
    add_cases(standard, 4, RECEIVED, TWO_DAYS_LATER, transaction_prefix="missed-")
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    for index in range(12):
        respond(thumbs, f"met-{index}", trust=1)
    for index in range(4):
        respond(thumbs, f"missed-{index}", trust=0)
    feedback = feedback_of(standard)
    assert feedback.missed.trust.suppressed
    assert feedback.missed.trust.value is None
    assert feedback.missed.customers.suppressed
    assert feedback.trust_test is None


def test_transaction_ids_are_looked_up_in_batches(
    world: World, met_and_missed: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "TRANSACTION_ID_BATCH_SIZE", 5)
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    for index in range(12):
        respond(thumbs, f"met-{index}", trust=1)
        respond(thumbs, f"missed-{index}", trust=0)
    feedback = feedback_of(met_and_missed)
    assert (feedback.met.customers.n, feedback.missed.customers.n) == (12, 12)


def test_callers_answered_within_the_target_are_the_met_group(world: World) -> None:
    standard = phone_standard(world.a)
    offered = eastern(2025, 2, 11, 10)
    add_calls(standard, offered, [10] * 12, transaction_prefix="fast-")
    add_calls(standard, offered, [90] * 12, transaction_prefix="slow-")
    add_calls(standard, offered, [60] * 3, outcome=CallOutcome.ABANDONED, transaction_prefix="a-")
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    for index in range(12):
        respond(thumbs, f"fast-{index}", trust=1)
        respond(thumbs, f"slow-{index}", trust=int(index < 6))
    for index in range(3):
        respond(thumbs, f"a-{index}", trust=0)
    feedback = feedback_of(standard)
    assert (feedback.met.trust.value, feedback.met.trust.n) == (1.0, 12)
    assert (feedback.missed.trust.value, feedback.missed.trust.n) == (6 / 15, 15)


def test_a_customer_with_one_missed_record_of_several_counts_as_missed(world: World) -> None:
    world.a.organization.minimum_group_size = 1
    world.a.organization.save(update_fields=["minimum_group_size"])
    standard = email_standard(world.a)
    add_case(standard, RECEIVED, NEXT_DAY, transaction_id="both")
    add_case(standard, RECEIVED, TWO_DAYS_LATER, transaction_id="both")
    add_case(standard, RECEIVED, NEXT_DAY, transaction_id="only-met")
    thumbs = survey_of(world.a, THUMBS_WITH_TRANSACTION)
    respond(thumbs, "both", trust=0)
    respond(thumbs, "only-met", trust=1)
    feedback = feedback_of(standard)
    assert feedback.customers_with_transaction_id == 2
    assert (feedback.met.trust.value, feedback.met.trust.n) == (1.0, 1)
    assert (feedback.missed.trust.value, feedback.missed.trust.n) == (0.0, 1)


def test_comparison_counts_only_customers_who_answered() -> None:
    answers = {"a": CustomerAnswer(trusts=True, satisfied=None)}
    feedback = compare_feedback({"a": True, "b": False}, answers, minimum_size=1)
    assert feedback.customers_with_transaction_id == 2
    assert (feedback.met.customers.n, feedback.missed.customers.n) == (1, 0)
    assert feedback.trust_test is None
