"""Reading a response's original comments, before personal information was removed.

Only the organization's original comment readers may read them, and only by asking for it
(a POST, never a link a browser could prefetch); every original shown is recorded in the
audit log first. Another agency's response is a 404, as everywhere.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from govcx.responses.originals import keeps_originals, originals_read, response_for_originals
from govcx.staff.views import signed_in_user


@login_required
@require_POST
def response_original(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    response = response_for_originals(user, response_id)
    if response is None:
        raise Http404("There is no response you can see with this id.")
    originals = originals_read(response=response, user=user)  # PermissionDenied: 403
    context = {
        "section": "responses",
        "response": response,
        "originals": originals,
        "keeps_originals": keeps_originals(response.organization),
    }
    reply = render(request, "staff/response_original.html", context)
    # The originals must not stay in a shared cache or the browser's disk cache.
    patch_cache_control(reply, private=True, no_store=True)
    return reply
