"""Which responses on a page offer their original comments to the person reading it.

The response list is drawn by a view that knows nothing of originals; this asks once per
page, in one query, rather than once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from govcx.responses.originals import responses_with_readable_originals

register = template.Library()


@register.simple_tag(takes_context=True)
def readable_originals(context: template.Context, rows: Iterable[Any]) -> set[int]:
    """The primary keys of the rows' responses whose originals the signed-in user may read.

    `rows` are the list page's rows, each with a `response`.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return set()
    return responses_with_readable_originals(user, [row.response.pk for row in rows])
