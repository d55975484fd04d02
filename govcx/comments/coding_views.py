"""The coding pages: samples and a new one; one sample's comments to code and its agreement.

A sample is found among those of the organizations where the signed-in person codes comments;
another agency's sample, or a made-up id, is a 404 for reading and for writing alike.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from govcx.comments.coding import (
    KAPPA_BANDS,
    coder_judgements,
    coding_agreement,
    coding_judgements_save,
    coding_sample_create,
    coding_sample_visible_by_uuid,
    coding_samples_visible_to,
    comments_with_texts,
    sample_comments,
)
from govcx.comments.coding_forms import CodingJudgementsForm, CodingSampleForm
from govcx.comments.models import CodingSample, Comment
from govcx.comments.selectors import active_themes, comment_texts, organizations_coding_comments
from govcx.staff.views import signed_in_user


@login_required
@require_http_methods(["GET", "POST"])
def coding_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organizations = organizations_coding_comments(user)
    form = CodingSampleForm(
        request.POST if request.method == "POST" else None, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        sample = _create(form, request)
        if sample is not None:
            messages.success(request, f"The sample “{sample.name}” is ready to code.")
            return redirect("comments:coding_sample", sample_uuid=sample.uuid)
    context = {
        "section": "comments",
        "form": form,
        "samples": coding_samples_visible_to(user).order_by("-created_at", "-id"),
        "can_create": organizations.exists(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "comments/coding_home.html", context, status=status)


def _create(form: CodingSampleForm, request: HttpRequest) -> CodingSample | None:
    data = form.cleaned_data
    try:
        return coding_sample_create(
            organization=data["organization"],
            name=data["name"],
            service=data["service"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            size=data["size"],
            user=signed_in_user(request),
        )
    except ValidationError as error:
        form.add_rule_errors(error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def coding_sample(request: HttpRequest, sample_uuid: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    sample = coding_sample_visible_by_uuid(user, sample_uuid)
    if sample is None:
        raise Http404("There is nothing here you can read.")
    comments = sample_comments(sample)
    form = CodingJudgementsForm(
        request.POST if request.method == "POST" else None,
        comments=comments,
        themes=list(active_themes(sample.organization)),
        earlier=coder_judgements(sample, user),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = coding_judgements_save(sample=sample, coder=user, judgements=form.judgements())
        except ValidationError as error:
            problems = error.messages
        else:
            return _saved(request, sample, saved)
    context: dict[str, Any] = {
        "section": "comments",
        "sample": sample,
        "form": form,
        "problems": problems,
        "rows": _rows(form, comments),
        "agreement": coding_agreement(sample),
        "kappa_bands": [(band, word) for _upper, band, word in KAPPA_BANDS],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "comments/coding_sample.html", context, status=status)


def _saved(request: HttpRequest, sample: CodingSample, saved: int) -> HttpResponseRedirect:
    messages.success(
        request, f"Saved: {saved} judgement{'s' if saved != 1 else ''} stored or changed."
    )
    return redirect(reverse("comments:coding_sample", kwargs={"sample_uuid": sample.uuid}))


def _rows(
    form: CodingJudgementsForm, comments: list[Comment]
) -> list[tuple[int, Comment, str, BoundField]]:
    """(number, comment, text, bound select) for each comment of the sample."""
    texts = comment_texts(comments)
    return [
        (number, comment, text, form[CodingJudgementsForm.field_name(comment)])
        for number, comment, text in comments_with_texts(comments, texts)
    ]
