"""Staff pages for an organization's themes, theme discovery and the comments themselves.

Readers are the members who read comments; the taxonomy and discovery are changed by those
who run surveys (THEME_EDITING_ROLES); any reader may correct a comment's theme
(COMMENT_CODING_ROLES). Another agency's theme, discovery or comment is answered with 404;
a member without the right to change something gets 403. Every change is a POST form, so the
pages work without JavaScript.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govcx.comments.models import Comment, DiscoveredTheme, Theme, ThemeDiscovery
from govcx.comments.selectors import (
    comment_visible_by_uuid,
    organizations_reading_comments,
    theme_visible_by_uuid,
    themes_visible_to,
)
from govcx.comments.services import (
    DISCOVERY_MAX_COMMENTS,
    DISCOVERY_MIN_COMMENTS,
    comment_theme_set,
    discovered_theme_adopt,
    discovery_run,
    theme_create,
    theme_deactivate,
    theme_merge,
    theme_split,
    theme_update,
)
from govcx.comments.theme_forms import (
    AdoptForm,
    CommentFilterForm,
    CorrectionForm,
    DiscoverForm,
    MergeForm,
    ThemeCreateForm,
    ThemeForm,
)
from govcx.comments.theme_selectors import (
    comment_rows,
    comments_filtered,
    discovered_theme_views,
    discovered_theme_visible_by_uuid,
    discoveries_visible_to,
    discovery_visible_by_uuid,
    other_active_themes,
    rights_of,
    taxonomies,
    theme_comments,
    theme_mix,
)
from govcx.registry.models import Organization, Service, User
from govcx.staff.views import signed_in_user

COMMENTS_PAGE_SIZE = 25
DISCOVERIES_LISTED = 20
PAGINATION_PAGES_EACH_SIDE = 2
PAGINATION_PAGES_AT_ENDS = 1
SECTION = "comments"


def _reader(request: HttpRequest) -> User:
    """The signed-in person, if they read some organization's comments (else 404)."""
    user = signed_in_user(request)
    if not organizations_reading_comments(user).exists():
        raise Http404("You read no organization's comments.")
    return user


def _refuse_unknown(user: User, model: type[Organization | Service], value: str | None) -> None:
    """404 when a posted id names an organization or service of another agency, so a form
    never tells an outsider that it exists (403 when it is the person's own but not theirs
    to change)."""
    if not value:
        return
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        return  # not an id at all: the form says so
    readable = organizations_reading_comments(user)
    if model is Organization:
        named = Organization.objects.filter(public_id=public_id)
        exists, mine = named.exists(), named.filter(pk__in=readable).exists()
    else:
        service = Service.objects.filter(public_id=public_id)
        exists, mine = service.exists(), service.filter(organization__in=readable).exists()
    if exists and not mine:
        raise Http404("There is nothing you can see with this id.")


def _page(request: HttpRequest, comments: QuerySet[Comment]) -> tuple[Page[Comment], Any]:
    paginator = Paginator(comments, COMMENTS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page_range = paginator.get_elided_page_range(
        page.number, on_each_side=PAGINATION_PAGES_EACH_SIDE, on_ends=PAGINATION_PAGES_AT_ENDS
    )
    return page, page_range


def _comment_page_context(
    request: HttpRequest, user: User, comments: QuerySet[Comment]
) -> dict[str, Any]:
    page, page_range = _page(request, comments)
    rows = comment_rows(user, list(page.object_list))
    return {
        "page_obj": page,
        "page_range": page_range,
        "ellipsis": Paginator.ELLIPSIS,
        "rows": rows,
        "may_correct_any": any(row.may_correct for row in rows),
        "here": request.get_full_path(),
    }


# --- the taxonomy ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def theme_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    rights = rights_of(user)
    form = ThemeCreateForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound:
        if not rights.edits:
            raise PermissionDenied("Only survey managers and admins change the taxonomy.")
        _refuse_unknown(user, Organization, request.POST.get("organization"))
        if form.is_valid():
            try:
                theme = theme_create(
                    organization=form.cleaned_data["organization"],
                    **form.theme_fields(),
                    user=user,
                )
            except ValidationError as error:
                form.add_rule_errors(error)
            else:
                messages.success(request, _created_message(theme))
                return redirect("comments:theme_detail", theme_uuid=theme.uuid)
    context = {
        "section": SECTION,
        "comment_page": "themes",
        "form": form,
        "taxonomies": taxonomies(user),
        "may_edit": bool(rights.edits),
    }
    return render(request, "comments/themes.html", context, status=400 if form.is_bound else 200)


def _created_message(theme: Theme) -> str:
    return (
        f"“{theme.name}” is in the taxonomy. Comments are assigned to it the next time the "
        "analysis job runs."
    )


def _visible_theme(user: User, theme_uuid: uuid.UUID) -> Theme:
    theme = theme_visible_by_uuid(user, theme_uuid)
    if theme is None:
        raise Http404("There is no theme you can see with this id.")
    return theme


def _editable_theme(request: HttpRequest, theme_uuid: uuid.UUID) -> tuple[User, Theme]:
    user = signed_in_user(request)
    theme = _visible_theme(user, theme_uuid)
    if not rights_of(user).may_edit(theme.organization_id):
        raise PermissionDenied("Only survey managers and admins change the taxonomy.")
    return user, theme


def _theme_page(
    request: HttpRequest,
    user: User,
    theme: Theme,
    *,
    edit_form: ThemeForm | None = None,
    merge_form: MergeForm | None = None,
    problem: str = "",
) -> HttpResponse:
    rights = rights_of(user)
    context: dict[str, Any] = {
        "section": SECTION,
        "comment_page": "themes",
        "theme": theme,
        "mix": theme_mix(user, theme),
        "may_edit": rights.may_edit(theme.organization_id),
        "edit_form": edit_form or ThemeForm(initial=ThemeForm.initial_for(theme)),
        "merge_form": merge_form or MergeForm(choices=other_active_themes(theme)),
        "problem": problem,
        **_comment_page_context(request, user, theme_comments(user, theme)),
    }
    failed = problem or (edit_form and edit_form.errors) or (merge_form and merge_form.errors)
    return render(request, "comments/themes_detail.html", context, status=400 if failed else 200)


@login_required
@require_GET
def theme_detail(request: HttpRequest, theme_uuid: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    return _theme_page(request, user, _visible_theme(user, theme_uuid))


@login_required
@require_POST
def theme_edit(request: HttpRequest, theme_uuid: uuid.UUID) -> HttpResponse:
    """Rename a theme, or change its description, key terms and examples."""
    user, theme = _editable_theme(request, theme_uuid)
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            theme = theme_update(theme=theme, **form.theme_fields(), user=user)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, f"“{theme.name}” is saved.")
            return redirect("comments:theme_detail", theme_uuid=theme.uuid)
    return _theme_page(request, user, theme, edit_form=form)


@login_required
@require_POST
def theme_merge_view(request: HttpRequest, theme_uuid: uuid.UUID) -> HttpResponse:
    user, theme = _editable_theme(request, theme_uuid)
    form = MergeForm(request.POST, choices=other_active_themes(theme))
    if form.is_valid():
        try:
            into = theme_merge(theme=theme, into=form.cleaned_data["into"], user=user)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, f"“{theme.name}” is merged into “{into.name}”.")
            return redirect("comments:theme_detail", theme_uuid=into.uuid)
    return _theme_page(request, user, theme, merge_form=form)


@login_required
@require_POST
def theme_split_view(request: HttpRequest, theme_uuid: uuid.UUID) -> HttpResponse:
    user, theme = _editable_theme(request, theme_uuid)
    try:
        first, second = theme_split(theme=theme, user=user)
    except ValidationError as error:
        return _theme_page(request, user, theme, problem=" ".join(error.messages))
    messages.success(request, f"“{theme.name}” is split into “{first.name}” and “{second.name}”.")
    return redirect("comments:themes")


@login_required
@require_POST
def theme_deactivate_view(request: HttpRequest, theme_uuid: uuid.UUID) -> HttpResponse:
    user, theme = _editable_theme(request, theme_uuid)
    try:
        theme = theme_deactivate(theme=theme, user=user)
    except ValidationError as error:
        return _theme_page(request, user, theme, problem=" ".join(error.messages))
    messages.success(
        request,
        f"“{theme.name}” is no longer in the taxonomy. Its comments are assigned to the other "
        "themes the next time the analysis job runs.",
    )
    return redirect("comments:themes")


# --- discovery ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def discover(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    rights = rights_of(user)
    form = DiscoverForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound:
        if not rights.edits:
            raise PermissionDenied("Only survey managers and admins run theme discovery.")
        _refuse_unknown(user, Service, request.POST.get("service"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                discovery = discovery_run(
                    organization=data["service"].organization,
                    service=data["service"],
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    max_themes=data["max_themes"],
                    user=user,
                )
            except ValidationError as error:
                form.add_rule_errors(error)
            else:
                return redirect("comments:discovery_detail", discovery_uuid=discovery.uuid)
    context = {
        "section": SECTION,
        "comment_page": "themes",
        "form": form,
        "may_edit": bool(rights.edits),
        "discoveries": discoveries_visible_to(user)[:DISCOVERIES_LISTED],
        "min_comments": DISCOVERY_MIN_COMMENTS,
        "max_comments": DISCOVERY_MAX_COMMENTS,
    }
    return render(request, "comments/discover.html", context, status=400 if form.is_bound else 200)


def _discovery_page(
    request: HttpRequest,
    user: User,
    discovery: ThemeDiscovery,
    *,
    failed: DiscoveredTheme | None = None,
    failed_form: AdoptForm | None = None,
) -> HttpResponse:
    views = discovered_theme_views(user, discovery)
    forms = {
        view.theme.pk: failed_form
        if failed is not None and failed.pk == view.theme.pk and failed_form is not None
        else AdoptForm(initial={"name": view.theme.label[:120]}, prefix=str(view.theme.uuid))
        for view in views
    }
    context = {
        "section": SECTION,
        "comment_page": "themes",
        "discovery": discovery,
        "themes": [(view, forms[view.theme.pk]) for view in views],
        "unassigned_share": (
            100 * discovery.unassigned_count / discovery.comments_count
            if discovery.comments_count
            else 0.0
        ),
        "capped": discovery.comments_count >= DISCOVERY_MAX_COMMENTS,
        "max_comments": DISCOVERY_MAX_COMMENTS,
        "may_edit": rights_of(user).may_edit(discovery.organization_id),
    }
    status = 400 if failed_form is not None else 200
    return render(request, "comments/discovery_detail.html", context, status=status)


@login_required
@require_GET
def discovery_detail(request: HttpRequest, discovery_uuid: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    discovery = discovery_visible_by_uuid(user, discovery_uuid)
    if discovery is None:
        raise Http404("There is no theme discovery you can see with this id.")
    return _discovery_page(request, user, discovery)


@login_required
@require_POST
def discovered_theme_adopt_view(request: HttpRequest, discovered_uuid: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    discovered = discovered_theme_visible_by_uuid(user, discovered_uuid)
    if discovered is None:
        raise Http404("There is no discovered theme you can see with this id.")
    discovery = discovered.discovery
    if not rights_of(user).may_edit(discovery.organization_id):
        raise PermissionDenied("Only survey managers and admins change the taxonomy.")
    form = AdoptForm(request.POST, prefix=str(discovered.uuid))
    if form.is_valid():
        try:
            theme = discovered_theme_adopt(
                discovered=discovered, name=form.cleaned_data["name"], user=user
            )
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, f"“{theme.name}” is in the taxonomy, with its comments.")
            return redirect("comments:theme_detail", theme_uuid=theme.uuid)
    return _discovery_page(request, user, discovery, failed=discovered, failed_form=form)


# --- comments and corrections ---------------------------------------------------------------------


@login_required
@require_GET
def comment_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    themes = themes_visible_to(user).order_by("organization__name", "name")
    form = CommentFilterForm(request.GET, user=user, themes=themes)
    context: dict[str, Any] = {
        "section": SECTION,
        "comment_page": "comments",
        "form": form,
        "page_obj": None,
    }
    if not form.is_valid():
        return render(request, "comments/comment_list.html", context, status=400)
    context.update(_comment_page_context(request, user, comments_filtered(user, form.filters())))
    return render(request, "comments/comment_list.html", context)


def back_to(request: HttpRequest, candidate: str) -> str:
    """`candidate` if it is a page of this site, else the comments list: the address comes
    from the posted form, and must never send a signed-in person on to another site."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("comments:comment_list")


@login_required
@require_POST
def comment_theme(request: HttpRequest, comment_uuid: uuid.UUID) -> HttpResponse:
    """A person sets a comment's theme (or "No theme"); the analysis job keeps their choice."""
    user = signed_in_user(request)
    comment = comment_visible_by_uuid(user, comment_uuid)
    if comment is None:
        raise Http404("There is no comment you can see with this id.")
    if not rights_of(user).may_code(comment.organization_id):
        raise PermissionDenied("You may read this comment but not correct its theme.")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _bad_request("Choose a theme, or “No theme”.")
    choices = Theme.objects.filter(organization_id=comment.organization_id, is_active=True)
    try:
        theme = form.chosen_theme(choices)
    except Theme.DoesNotExist:
        return _bad_request("Choose one of the themes of the comment's organization.")
    comment_theme_set(comment=comment, theme=theme, user=user)
    where = f"“{theme.name}”" if theme is not None else "no theme"
    messages.success(request, f"The comment is now in {where}.")
    return redirect(back_to(request, form.cleaned_data["next"]))


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
