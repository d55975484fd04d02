"""The embeddable survey widget: `/w/<survey id>.js`, one script an agency adds to any page.

The script is `static/govcx/widget.js` (the body of a function taking `config`) wrapped with
that survey's configuration, so one request brings everything the widget needs: a visitor
who is not asked (sampling, survey fatigue) causes no further request at all. See
docs/decisions/0010-embeddable-widget.md.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from govcx.surveys.models import Survey
from govcx.surveys.selectors import is_open_for_responses, survey_for_respondents
from govcx.surveys.structure import QuestionType, SurveyStructure
from govcx.surveys.us_states import US_STATES

WIDGET_SOURCE = Path(settings.BASE_DIR) / "static" / "govcx" / "widget.js"
CONTENT_TYPE = "application/javascript; charset=utf-8"
# Long enough to spare the server on busy agency pages, short enough that a survey closed or
# edited by its managers stops showing within minutes.
CACHE_SECONDS = 300
# An unknown survey may be published a moment later: let browsers ask again soon.
MISSING_CACHE_SECONDS = 60

# Characters that would end a <script> element, open an HTML comment, or end a JavaScript
# line in older engines if left raw inside the JSON.
UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
UNSAFE_IN_SCRIPT["\u2029"] = "\\u2029"

MISSING_SCRIPT = """(function (surveyId, status) {
  "use strict";
  var script = document.currentScript;
  var detail = { surveyId: surveyId, status: status };
  if (window.console) {
    console.warn("govcx: survey " + surveyId + " is not available (" + status + ").");
  }
  (script || document).dispatchEvent(
    new CustomEvent("govcx:failed", { bubbles: true, composed: true, detail: detail })
  );
})(%s, %s);
"""


def script_json(value: object) -> str:
    """JSON that is safe to place inside a script, whatever the survey's texts contain."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for character, escape in UNSAFE_IN_SCRIPT.items():
        text = text.replace(character, escape)
    return text


@cache
def _widget_code(modified: float) -> str:
    """The widget's code, read once per version of the file (`modified` keys the cache)."""
    return WIDGET_SOURCE.read_text(encoding="utf-8")


def widget_code() -> str:
    return _widget_code(WIDGET_SOURCE.stat().st_mtime)


def _us_states(structure: SurveyStructure) -> list[tuple[str, str]]:
    """The states list, sent only to the surveys that ask for one."""
    asks = any(question.type is QuestionType.US_STATE for question in structure.questions())
    return list(US_STATES.items()) if asks else []


def widget_config(survey: Survey) -> dict[str, Any]:
    """Everything the widget shows and decides for one published survey."""
    version = survey.current_version
    assert version is not None, "only an open survey, which has a version, is embedded"
    organization = survey.organization
    structure = version.parsed()
    return {
        "survey_id": str(survey.public_id),
        "version": version.number,
        "title": survey.title,
        "instructions": survey.instructions,
        "disclaimer": survey.disclaimer,
        "success_message": survey.success_message,
        "pra_line": survey.pra_line(),
        "structure": structure.to_json(),
        "us_states": _us_states(structure),
        # A path, resolved against the script's own address: the widget then posts to the
        # server that served it, whatever proxies stand in front of it.
        "submit_url": reverse("api-v1:response_submit", kwargs={"survey_id": survey.public_id}),
        "sample_percent": survey.sample_percent,
        "organization_id": str(organization.public_id),
        "survey_fatigue_days": organization.survey_fatigue_days,
    }


def _javascript(body: str, *, max_age: int) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _missing(public_id: uuid.UUID, status: int) -> HttpResponse:
    # Answered 200, not 404: browsers do not run a script that comes with an error status, so
    # only a script that runs can tell the host page why (a govcx:failed event and a console
    # warning) instead of leaving an error in its console and nothing to listen for.
    body = MISSING_SCRIPT % (script_json(str(public_id)), status)
    return _javascript(body, max_age=MISSING_CACHE_SECONDS)


@require_GET
def widget_script(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The widget for one survey, or a script that only reports why it cannot be shown."""
    survey = survey_for_respondents(public_id)
    if survey is None or survey.current_version_id is None:
        return _missing(public_id, 404)
    if not is_open_for_responses(survey, timezone.localdate()):
        return _missing(public_id, 410)
    config = script_json(widget_config(survey))
    body = f"(function (config) {{\n{widget_code()}\n}})({config});\n"
    return _javascript(body, max_age=CACHE_SECONDS)
