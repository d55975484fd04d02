"""The hosted survey page a member of the public answers, and the receipt that follows.

The page works without JavaScript and without a server session: each page is a form that
carries every earlier answer in hidden inputs, is checked page by page with the one validator,
and is stored through `submission_receive` like every other channel.
"""

from __future__ import annotations

import re
import secrets
import time
import uuid
from dataclasses import dataclass, replace

from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from govcx.collection.flow import RawAnswers, SurveyFlow
from govcx.collection.guards import origin_refusal, rate_limited_message
from govcx.collection.limits import client_ip, submission_rate_check
from govcx.collection.selectors import receipt_exists
from govcx.collection.services import (
    IDEMPOTENCY_KEY,
    SubmissionMeta,
    SurveyClosedError,
    submission_receive,
)
from govcx.collection.spam import SpamEvidence
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
# The page's own state beside the answers (see survey_page.py for why the names have a dot).
STARTED_FIELD = "govcx.started"  # when the first page was shown, signed so it cannot be faked
SUBMISSION_FIELD = "govcx.submission"  # one random key per respondent: a double submit counts once
HONEYPOT_FIELD = "govcx.website"  # hidden from people; bots fill in fields named like this
STARTED_SALT = "govcx.collection.started"


@dataclass(frozen=True)
class PageState:
    """Everything one request knows about a respondent's progress."""

    raw: RawAnswers
    answers: dict[str, Answer]
    index: int
    language: str
    page_url: str
    started: str
    submission: str


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
        started=request.POST.get(STARTED_FIELD, ""),
        submission=request.POST.get(SUBMISSION_FIELD, ""),
    )


def _initial_state(request: HttpRequest, flow: SurveyFlow) -> PageState:
    raw, answers = flow.applicable(flow.hidden_answers_from(request.GET))
    return PageState(
        raw=raw,
        answers=answers,
        index=flow.first_page(answers),
        language=SURVEY_LANGUAGE,
        page_url=request.headers.get("Referer", "")[:PAGE_URL_LENGTH],
        started=signing.dumps(time.time(), salt=STARTED_SALT),
        submission=secrets.token_urlsafe(16),
    )


def _seconds_since_start(started: str) -> float | None:
    """How long the respondent took, from the signed time the first page was shown."""
    try:
        shown_at = float(signing.loads(started, salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - shown_at


def _submission_key(state: PageState) -> str | None:
    key = f"page-{state.submission}"
    return key if state.submission and IDEMPOTENCY_KEY.match(key) else None


# --- responding --------------------------------------------------------------------------------


def _render_page(
    request: HttpRequest,
    survey: Survey,
    flow: SurveyFlow,
    state: PageState,
    *,
    index: int,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
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
    state_fields = ((STARTED_FIELD, state.started), (SUBMISSION_FIELD, state.submission))
    page = replace(page, carried=page.carried + state_fields)
    context = {"survey": survey, "page": page, "honeypot_field": HONEYPOT_FIELD}
    return render(request, "collection/survey.html", context, status=status)


def _submit(
    request: HttpRequest, survey: Survey, flow: SurveyFlow, state: PageState
) -> HttpResponse:
    refusal = origin_refusal(request, survey)
    if refusal:
        return _render_page(
            request, survey, flow, state, index=state.index, errors=refusal, status=403
        )
    rate = submission_rate_check(request, survey=survey, api_key_prefix=None)
    if rate.retry_after is not None:
        return _too_many(request, survey, flow, state, rate.retry_after)
    meta = SubmissionMeta(
        channel=CHANNEL,
        language=state.language,
        page_url=state.page_url,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=client_ip(request),
        idempotency_key=_submission_key(state),
        evidence=SpamEvidence(
            honeypot=request.POST.get(HONEYPOT_FIELD, ""),
            seconds_to_complete=_seconds_since_start(state.started),
            recent_from_source=rate.from_source,
        ),
    )
    try:
        outcome = submission_receive(
            survey=survey, raw_answers=state.raw, meta=meta, today=timezone.localdate()
        )
    except SurveyClosedError:
        return _closed(request, survey)
    if outcome.response is None:
        return _render_first_errors(request, survey, flow, state, outcome.errors)
    receipt_id = outcome.response.receipt_id
    return redirect("collection:received", public_id=survey.public_id, receipt_id=receipt_id)


def _too_many(
    request: HttpRequest, survey: Survey, flow: SurveyFlow, state: PageState, retry_after: int
) -> HttpResponse:
    """The page again with its answers kept, saying when the respondent can send it."""
    errors = {"submission": [rate_limited_message(retry_after)]}
    response = _render_page(
        request, survey, flow, state, index=state.index, errors=errors, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


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
