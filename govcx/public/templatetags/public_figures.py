"""Published figures in the public templates: value, 95% interval and n, or why there is none.

They read as the public standards page reads its figures ("75.0% (95% interval 46.8% to
91.1%; n = 12 responses)"), so an agency's public pages speak one language.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from govcx.insights.rows import FigureRow
from govcx.reporting.published import COUNT, RESPONDENTS, RESPONSE_RATE, SATISFACTION, TRUST

register = template.Library()


def share_text(share: float) -> str:
    return f"{share * 100:.1f}%"


def plural(count: int, noun: str) -> str:
    """ "1 response", "12 responses": the first word of the noun takes the plural."""
    if count != 1:
        return f"{count:,} {noun}"
    first, _, rest = noun.partition(" ")
    singular = first[:-1] if first.endswith("s") else first
    return f"{count:,} {' '.join(part for part in (singular, rest) if part)}"


@register.simple_tag
def published_figure(row: FigureRow | None) -> SafeString:
    """A figure as a table cell or sentence part, its n named for what it counts."""
    noun = "customers offered a survey" if row and row.metric == RESPONSE_RATE else "responses"
    if row is None:
        return format_html('<span class="text-base-dark">{}</span>', "not reported")
    if row.suppressed:
        return format_html(
            '<span class="text-base-dark text-italic">{}</span>', row.suppression_text
        )
    if row.value is None:
        return format_html('<span class="text-base-dark">no {}</span>', noun)
    if row.unit == COUNT:
        return format_html("<strong>{}</strong>", f"{round(row.value):,}")
    return _share(row, noun)


def _share(row: FigureRow, noun: str) -> SafeString:
    n = plural(row.n or 0, noun)
    if row.low is None or row.high is None:
        return format_html(
            '<strong>{}</strong> <span class="text-base-dark">(n = {})</span>',
            share_text(row.value or 0.0),
            n,
        )
    return format_html(
        '<strong>{}</strong> <span class="text-base-dark">(95% interval {} to {}; n = {})</span>',
        share_text(row.value or 0.0),
        share_text(row.low),
        share_text(row.high),
        n,
    )


COLUMN_HEADINGS = {
    RESPONDENTS: "Respondents",
    TRUST: "Trust (share positive)",
    SATISFACTION: "Satisfaction (share agreeing)",
    RESPONSE_RATE: "Response rate",
}


@register.filter
def metric_heading(metric: str) -> str:
    """A summary table's column heading for a metric."""
    return COLUMN_HEADINGS.get(metric, metric)
