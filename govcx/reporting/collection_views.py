"""Staff pages of the A-11 quarterly collection: the list, a collection, its rows and files.

Every page is for members of the collection's organization; anyone else is answered with 404,
so another agency cannot learn that a collection exists. Organization admins and survey
managers prepare (open collections, add, edit and delete rows, upload files); other members
read, and get 403 on the preparers' pages. The workflow's panel and actions are separate
(`workflow_views.py`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from govcx.registry.models import User
from govcx.reporting import exports
from govcx.reporting.collection_forms import (
    CollectionFilterForm,
    DetailForm,
    OpenCollectionsForm,
    RespondentFileForm,
)
from govcx.reporting.collections import (
    collection_is_editable,
    collections_open,
    detail_create,
    detail_delete,
    detail_update,
    respondents_upload,
)
from govcx.reporting.counting import is_v1_detail
from govcx.reporting.models import Collection, RespondentSource
from govcx.reporting.respondents import RespondentFileError
from govcx.reporting.selectors import (
    a11_surveys_of_service,
    can_prepare_collection,
    collection_for_member,
    collection_quarters,
    collection_rows,
    detail_figures,
    detail_for_member,
    organizations_preparing,
)
from govcx.staff.views import signed_in_user

SECTION = "collections"
NOT_A_PREPARER = "Only organization admins and survey managers prepare collections."


def _collection_address(collection: Collection) -> str:
    return reverse("reporting:collection_detail", kwargs={"public_id": collection.public_id})


def _require_preparer(user: User, collection: Collection) -> None:
    if not can_prepare_collection(user, collection):
        raise PermissionDenied(NOT_A_PREPARER)


def _require_editable(collection: Collection) -> None:
    """Changing rows of a submitted collection is refused before any form is shown."""
    if not collection_is_editable(collection):
        raise PermissionDenied(
            f"This collection is {collection.get_state_display().lower()}; its rows can be "
            "changed only in draft or after a change request."
        )


def _preparable(request: HttpRequest, collection: Collection) -> User:
    """The signed-in preparer of an editable collection, or the reason they may not change it."""
    user = signed_in_user(request)
    _require_preparer(user, collection)
    _require_editable(collection)
    return user


# The list ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def collection_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organizations = organizations_preparing(user)
    open_form = None
    if organizations.exists():
        data = request.POST if request.method == "POST" else None
        open_form = OpenCollectionsForm(
            data, organizations=organizations, today=timezone.localdate()
        )
        if open_form.is_bound and open_form.is_valid():
            _open(request, open_form)
            return HttpResponseRedirect(request.path)
    elif request.method == "POST":
        raise PermissionDenied(NOT_A_PREPARER)
    filters = CollectionFilterForm(request.GET, quarters=collection_quarters(user))
    valid = filters.is_valid()
    rows = collection_rows(
        user,
        quarter=filters.chosen_quarter() if valid else None,
        state=filters.cleaned_data.get("state", "") if valid else "",
    )
    context = {"section": SECTION, "filters": filters, "rows": rows, "open_form": open_form}
    status = 400 if (open_form is not None and open_form.is_bound) or not valid else 200
    return render(request, "reporting/collection_list.html", context, status=status)


def _open(request: HttpRequest, form: OpenCollectionsForm) -> None:
    quarter = form.chosen_quarter()
    organization = form.cleaned_data["organization"]
    opened = collections_open(quarter, organization)
    if opened:
        count = len(opened)
        messages.success(
            request,
            f"Opened {count} collection{'s' if count != 1 else ''} of {organization.name} "
            f"for {quarter.label}.",
        )
    else:
        messages.info(
            request,
            f"Every HISP service of {organization.name} already had a collection for "
            f"{quarter.label}; nothing was opened.",
        )


# One collection ------------------------------------------------------------------------------


@login_required
@require_GET
def collection_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    collection = collection_for_member(user, public_id)
    figures = detail_figures(collection)
    context = {
        "section": SECTION,
        "collection": collection,
        "figures": figures,
        "total_respondents": sum(row.respondents for row in figures),
        "has_v1": any(is_v1_detail(row.detail) for row in figures),
        "has_v2": any(not is_v1_detail(row.detail) for row in figures),
        "can_prepare": can_prepare_collection(user, collection),
        "editable": collection_is_editable(collection),
        "upload_source": RespondentSource.UPLOAD,
    }
    return render(request, "reporting/collection_detail.html", context)


# Detail rows ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def detail_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    collection = collection_for_member(signed_in_user(request), public_id)
    user = _preparable(request, collection)
    surveys = a11_surveys_of_service(collection.service)
    form = DetailForm(_sent(request), surveys=surveys)
    if form.is_bound and form.is_valid():
        try:
            detail_create(collection, user=user, **form.detail_fields())
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The row was added.")
            return HttpResponseRedirect(_collection_address(collection))
    context = {"section": SECTION, "collection": collection, "form": form, "detail": None}
    return render(request, "reporting/collection_detail_form.html", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def detail_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    detail = detail_for_member(signed_in_user(request), public_id)
    collection = detail.collection
    user = _preparable(request, collection)
    surveys = a11_surveys_of_service(collection.service)
    if detail.source == RespondentSource.UPLOAD:
        surveys = surveys.none()
    form = DetailForm(_sent(request), surveys=surveys, detail=detail)
    if form.is_bound and form.is_valid():
        try:
            detail_update(detail, user=user, **form.detail_fields())
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The row was saved.")
            return HttpResponseRedirect(_collection_address(collection))
    context = {"section": SECTION, "collection": collection, "form": form, "detail": detail}
    return render(request, "reporting/collection_detail_form.html", context, status=_status(form))


def _sent(request: HttpRequest) -> QueryDict | None:
    """The posted data, even when empty, so that an empty form is checked rather than shown."""
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    """400 when a sent form was refused, so that tests and tools see the failure."""
    return 400 if form.is_bound else 200


@login_required
@require_http_methods(["GET", "POST"])
def detail_delete_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    detail = detail_for_member(signed_in_user(request), public_id)
    collection = detail.collection
    user = _preparable(request, collection)
    if request.method == "POST":
        detail_delete(detail, user=user)
        messages.success(request, "The row was deleted.")
        return HttpResponseRedirect(_collection_address(collection))
    context = {"section": SECTION, "collection": collection, "detail": detail}
    return render(request, "reporting/collection_detail_delete.html", context)


# A file with a mistake on every line would otherwise make a page of many megabytes.
PROBLEMS_SHOWN = 500


@login_required
@require_http_methods(["GET", "POST"])
def detail_upload(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    detail = detail_for_member(signed_in_user(request), public_id)
    collection = detail.collection
    user = _preparable(request, collection)
    if detail.source != RespondentSource.UPLOAD:
        raise Http404("This row counts a govcx survey's responses; it takes no file.")
    form = RespondentFileForm(_sent(request), request.FILES if request.method == "POST" else None)
    problems = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = respondents_upload(
                detail, data=upload.read(), file_name=upload.name, user=user
            )
        except RespondentFileError as error:
            problems = error.problems
        except ValidationError as error:
            # The collection left draft (someone submitted it) after this page was opened.
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(_collection_address(collection))
        else:
            messages.success(request, f"{stored:,} respondents were stored from {upload.name}.")
            return HttpResponseRedirect(_collection_address(collection))
    context = {
        "section": SECTION,
        "collection": collection,
        "detail": detail,
        "form": form,
        "problems": problems,
        "problems_listed": (problems or [])[:PROBLEMS_SHOWN],
        "stored_respondents": detail.respondents.count(),
    }
    return render(request, "reporting/collection_upload.html", context, status=_status(form))


# Downloads -----------------------------------------------------------------------------------


def _download(body: Iterator[str] | str, file_name: str, content_type: str) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(body, str):
        response = HttpResponse(body, content_type=content_type)
    else:
        response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    # Respondent data is not for shared caches or the browser's disk cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


CSV = "text/csv; charset=utf-8"


@login_required
@require_GET
def collection_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    collection = collection_for_member(signed_in_user(request), public_id)
    name = exports.export_file_name(collection, "collection")
    return _download(exports.collection_csv(collection), name, CSV)


@login_required
@require_GET
def collection_json(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    collection = collection_for_member(signed_in_user(request), public_id)
    body = json.dumps(exports.collection_json(collection), indent=2, ensure_ascii=False)
    name = exports.export_file_name(collection, "collection", "json")
    return _download(body, name, "application/json; charset=utf-8")


@login_required
@require_GET
def collection_respondents_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    collection = collection_for_member(signed_in_user(request), public_id)
    name = exports.export_file_name(collection, "respondents")
    return _download(exports.collection_respondents_csv(collection), name, CSV)


@login_required
@require_GET
def collection_v1_summary_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    collection = collection_for_member(signed_in_user(request), public_id)
    name = exports.export_file_name(collection, "a11-v1-summary")
    return _download(exports.collection_v1_summary_csv(collection), name, CSV)


@login_required
@require_GET
def detail_respondents_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    detail = detail_for_member(signed_in_user(request), public_id)
    if is_v1_detail(detail):
        raise Http404("A version 1 survey has no respondent file; download the summary.")
    name = exports.export_file_name(detail.collection, f"respondents-row-{detail.position}")
    return _download(exports.detail_respondents_csv(detail), name, CSV)
