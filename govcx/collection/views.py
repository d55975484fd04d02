"""The hosted survey page a member of the public answers, and the receipt that follows.

The page works without JavaScript and without a server session: each page is a form that
carries every earlier answer in hidden inputs, is checked page by page with the one validator,
and is stored through `submission_receive` like every other channel.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from govcx.collection.flow import RawAnswers, SurveyFlow
from govcx.collection.selectors import receipt_exists
from govcx.collection.services import SurveyClosedError, submission_receive
from govcx.collection.survey_page import (
    ACTION_FIELD,
    LANGUAGE_FIELD,
    PAGE_FIELD,
    PAGE_URL_FIELD,
    page_view,
)
from govcx.surveys.models import Survey
from govcx.surveys.selectors import is_open_for_responses, survey_for_respondents
from govcx.surveys.validation import Answer

SURVEY_LANGUAGE = "en"
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")
PAGE_URL_LENGTH = 2000
CHANNEL = "website"


@dataclass(frozen=True)
class PageState:
    """Everything one request knows about a respondent's progress."""

    raw: RawAnswers
    answers: dict[str, Answer]
    index: int
    language: str
    page_url: str


# --- pages that say the survey cannot be answered ----------------------------------------------


NOT_AVAILABLE = (
    "This survey is not available",
    "The link may be mistyped, or the survey may not have been published yet.",
)
RECEIPT_NOT_FOUND = (
    "This page is not available",
    "We could not find this receipt for this survey. Check the link and try again.",
)


def _unavailable(request: HttpRequest, wording: tuple[str, str] = NOT_AVAILABLE) -> HttpResponse:
    heading, message = wording
    context = {"heading": heading, "message": message}
    return render(request, "collection/unavailable.html", context, status=404)


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    return render(request, "collection/closed.html", {"survey": survey}, status=410)


def _open_survey(request: HttpRequest, public_id: uuid.UUID) -> Survey | HttpResponse:
    """The survey to answer, or the page explaining why it cannot be answered."""
    survey = survey_for_respondents(public_id)
    if survey is None or survey.current_version_id is None:
        return _unavailable(request)
    if not is_open_for_responses(survey, timezone.localdate()):
        return _closed(request, survey)
    return survey


def _flow(survey: Survey) -> SurveyFlow:
    version = survey.current_version
    assert version is not None, "only an open survey, which has a version, is answered"
    return SurveyFlow(version.parsed())


# --- reading a request -------------------------------------------------------------------------


def _language(data: QueryDict) -> str:
    posted = data.get(LANGUAGE_FIELD, "")
    return posted if LANGUAGE_TAG.match(posted) else SURVEY_LANGUAGE


def _page_index(data: QueryDict, flow: SurveyFlow, answers: dict[str, Answer]) -> int:
    posted = data.get(PAGE_FIELD, "")
    if posted.isdigit() and int(posted) < flow.page_count:
        return int(posted)
    return flow.first_page(answers)


def _posted_state(request: HttpRequest, flow: SurveyFlow) -> PageState:
    raw, answers = flow.applicable(flow.raw_answers_from(request.POST))
    # The page the survey was reached from was noted on the first page; later posts only
    # refer to the survey itself.
    page_url = request.POST.get(PAGE_URL_FIELD) or request.headers.get("Referer", "")
    return PageState(
        raw=raw,
        answers=answers,
        index=_page_index(request.POST, flow, answers),
        language=_language(request.POST),
        page_url=page_url[:PAGE_URL_LENGTH],
    )


def _initial_state(request: HttpRequest, flow: SurveyFlow) -> PageState:
    raw, answers = flow.applicable(flow.hidden_answers_from(request.GET))
    return PageState(
        raw=raw,
        answers=answers,
        index=flow.first_page(answers),
        language=SURVEY_LANGUAGE,
        page_url=request.headers.get("Referer", "")[:PAGE_URL_LENGTH],
    )


# --- responding --------------------------------------------------------------------------------


def _render_page(
    request: HttpRequest,
    survey: Survey,
    flow: SurveyFlow,
    state: PageState,
    *,
    index: int,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    page = page_view(
        flow=flow,
        index=index,
        raw=state.raw,
        answers=state.answers,
        errors=errors or {},
        language=state.language,
        page_url=state.page_url,
    )
    return render(request, "collection/survey.html", {"survey": survey, "page": page})


def _submit(
    request: HttpRequest, survey: Survey, flow: SurveyFlow, state: PageState
) -> HttpResponse:
    try:
        outcome = submission_receive(
            survey=survey,
            raw_answers=state.raw,
            channel=CHANNEL,
            language=state.language,
            today=timezone.localdate(),
            page_url=state.page_url,
            user_agent=request.headers.get("User-Agent", ""),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except SurveyClosedError:
        return _closed(request, survey)
    if outcome.response is None:
        return _render_first_errors(request, survey, flow, state, outcome.errors)
    receipt_id = outcome.response.receipt_id
    return redirect("collection:received", public_id=survey.public_id, receipt_id=receipt_id)


def _render_first_errors(
    request: HttpRequest,
    survey: Survey,
    flow: SurveyFlow,
    state: PageState,
    errors: dict[str, list[str]],
) -> HttpResponse:
    """Show the earliest page with a problem, with that page's problems only."""
    index = flow.first_page_with_errors(errors)
    index = state.index if index is None else index
    on_page = flow.answer_keys_on_page(index)
    shown = {
        key: messages
        for key, messages in errors.items()
        if key in on_page or key not in flow.question_of_answer_key
    }
    return _render_page(request, survey, flow, state, index=index, errors=shown)


def _answer_page(request: HttpRequest, survey: Survey, flow: SurveyFlow) -> HttpResponse:
    state = _posted_state(request, flow)
    if request.POST.get(ACTION_FIELD) == "back":
        # Going back checks nothing: half-finished answers are kept for later.
        previous = flow.previous_page(state.index, state.answers)
        index = state.index if previous is None else previous
        return _render_page(request, survey, flow, state, index=index)
    result = flow.validate_page(state.raw, state.index)
    if result.errors:
        return _render_page(request, survey, flow, state, index=state.index, errors=result.errors)
    following = flow.next_page(state.index, state.answers)
    if following is not None:
        return _render_page(request, survey, flow, state, index=following)
    return _submit(request, survey, flow, state)


# A forged cross-site post can do nothing here that anyone cannot do directly (the survey asks
# for no sign-in, and the JSON API takes the same answers), while a CSRF cookie would turn away
# respondents whose browsers block cookies.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = _open_survey(request, public_id)
    if isinstance(survey, HttpResponse):
        return survey
    flow = _flow(survey)
    if request.method == "POST":
        return _answer_page(request, survey, flow)
    state = _initial_state(request, flow)
    return _render_page(request, survey, flow, state, index=state.index)


@never_cache
@require_GET
def survey_received(request: HttpRequest, public_id: uuid.UUID, receipt_id: str) -> HttpResponse:
    survey = survey_for_respondents(public_id)
    if survey is None or not receipt_exists(survey=survey, receipt_id=receipt_id):
        return _unavailable(request, RECEIPT_NOT_FOUND)
    return render(request, "collection/received.html", {"survey": survey, "receipt_id": receipt_id})
