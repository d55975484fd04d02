"""Figures in the standards templates: value, 95% interval and n, or the suppression notice."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from govcx.lib.stats import Figure, ProportionComparison
from govcx.standards.compliance import Verdict
from govcx.standards.display import SHARE, figure_text

register = template.Library()

VERDICT_LABELS = {
    Verdict.MET: "Meets the standard",
    Verdict.MISSED: "Below the standard",
    Verdict.NOT_ENOUGH: "Not enough records to judge",
    Verdict.NO_DATA: "No records",
}
VERDICT_TAG_CLASSES = {
    Verdict.MET: "bg-success-darker",
    Verdict.MISSED: "bg-error-dark",
    Verdict.NOT_ENOUGH: "",  # the tag's own dark grey
    Verdict.NO_DATA: "",
}


@register.simple_tag
def figure(value: Figure, kind: str = SHARE, noun: str = "cases", unit: str = "") -> SafeString:
    """`<strong>75.0%</strong> (95% interval 46.8% to 91.1%; n = 12 cases)`, or why not."""
    text = figure_text(value, kind=kind, noun=noun, unit=unit)
    if not text.value:
        return format_html('<span class="text-base-dark text-italic">{}</span>', text.missing)
    if not text.n:
        return format_html("<strong>{}</strong>", text.value)
    if not text.interval:
        return format_html(
            '<strong>{}</strong> <span class="text-base-dark">(n = {})</span>',
            text.value,
            text.n,
        )
    return format_html(
        '<strong>{}</strong> <span class="text-base-dark">(95% interval {}; n = {})</span>',
        text.value,
        text.interval,
        text.n,
    )


@register.simple_tag
def verdict_tag(verdict: Verdict) -> SafeString:
    return format_html(
        '<span class="usa-tag {}">{}</span>', VERDICT_TAG_CLASSES[verdict], VERDICT_LABELS[verdict]
    )


@register.filter
def verdict_label(verdict: Verdict) -> str:
    return VERDICT_LABELS[verdict]


SMALLEST_P_SHOWN = 0.001


@register.simple_tag
def difference(test: ProportionComparison | None) -> str:
    """A two-proportion test in words: marked only when significant at the 0.05 level."""
    if test is None:
        return "Not tested: a group is too small to show"
    p_value = "p < 0.001" if test.p_value < SMALLEST_P_SHOWN else f"p = {test.p_value:.3f}"
    if test.significant:
        return f"Significant difference ({p_value})"
    return f"No significant difference ({p_value})"
