"""Plain-text renderings of stored data for the staff pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

SUMMARY_LENGTH = 120
PART_SEPARATOR = " · "


def _answer_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def answer_summary(
    answers: Mapping[str, object], key_order: Sequence[str] = (), length: int = SUMMARY_LENGTH
) -> str:
    """`key: answer` pairs on one line in question order, cut at `length` characters.

    The database may return a JSON object's keys in any order (PostgreSQL's jsonb sorts
    them), so the order comes from the survey version; keys it does not know go last.
    """
    ordered = [key for key in key_order if key in answers]
    ordered += sorted(key for key in answers if key not in set(ordered))
    text = PART_SEPARATOR.join(f"{key}: {_answer_text(answers[key])}" for key in ordered)
    text = " ".join(text.split())  # line breaks in comments would break the table row
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "…"


# What each signal of the spam score means, in the words staff read on the responses page.
# The names are the ones the collection app stores in `Response.spam_signals`.
SPAM_SIGNAL_LABELS = {
    "honeypot": "hidden field filled in",
    "too_fast": "answered too fast",
    "repeated_text": "repeated text",
    "links": "links",
    "burst": "many responses at once",
}


def spam_signal_label(name: str) -> str:
    """A signal's human label; a name added later still reads as words until it gets one."""
    return SPAM_SIGNAL_LABELS.get(name, name.replace("_", " "))


def spam_explanation(score: int, signals: object) -> str:
    """Why a response was scored as spam, e.g. "score 80: links, answered too fast".

    `signals` comes from a JSON column, so anything but a list of names is shown as none.
    """
    names = signals if isinstance(signals, list) else []
    labels = ", ".join(spam_signal_label(str(name)) for name in names)
    return f"score {score}: {labels}" if labels else f"score {score}"
