"""The audit log of an organization: who read original comments, who changed patterns.

Organization admins read it for the organizations they administer. Readers of originals do
not read it as such: the people recorded are not the ones who check the record.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govcx.registry.selectors import (
    REDACTION_ADMIN_ROLES,
    audit_events_visible_to,
    organizations_where,
)
from govcx.staff.views import signed_in_user

PAGINATION_PAGES_EACH_SIDE = 2
PAGINATION_PAGES_AT_ENDS = 1

# How each recorded action reads on the page.
ACTION_LABELS = {
    "original_comment.read": "Read an original comment",
    "redaction_pattern.create": "Added a redaction pattern",
    "redaction_pattern.deactivate": "Deactivated a redaction pattern",
    "redaction_pattern.activate": "Activated a redaction pattern",
    "organization.comment_policy": "Changed whether original comments are kept",
}


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not organizations_where(user, REDACTION_ADMIN_ROLES).exists():
        raise Http404("You administer no organization.")
    paginator = Paginator(audit_events_visible_to(user), settings.RESPONSES_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "section": "home",
        "page_obj": page,
        "events": [(event, ACTION_LABELS.get(event.action, event.action)) for event in page],
        "page_range": paginator.get_elided_page_range(
            page.number, on_each_side=PAGINATION_PAGES_EACH_SIDE, on_ends=PAGINATION_PAGES_AT_ENDS
        ),
        "ellipsis": Paginator.ELLIPSIS,
    }
    return render(request, "staff/audit_log.html", context)
