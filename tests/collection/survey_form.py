"""Answer the hosted survey the way a browser without JavaScript does.

The page keeps no session, so a test must send back exactly what the page carries: this reads
the survey form's fields from the HTML (hidden inputs, checked boxes, typed text, selected
options), lets the test change some answers, and posts the form with one of its buttons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from django.test import Client

from govcx.collection.survey_page import ACTION_FIELD
from govcx.collection.views import HONEYPOT_FIELD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

Answers = Mapping[str, str | list[str]]


@dataclass
class InputInfo:
    name: str
    type: str
    value: str
    attrs: dict[str, str]


@dataclass
class ParsedForm:
    fields: list[tuple[str, str]] = field(default_factory=list)
    inputs: list[InputInfo] = field(default_factory=list)
    buttons: dict[str, str] = field(default_factory=dict)  # value -> label

    def visible_names(self) -> set[str]:
        """The names of the inputs a person sees: not hidden state, not the bots' honeypot."""
        return {
            info.name
            for info in self.inputs
            if info.type != "hidden" and info.name != HONEYPOT_FIELD
        }

    def hidden_values(self, name: str) -> list[str]:
        return [i.value for i in self.inputs if i.type == "hidden" and i.name == name]

    def values(self, name: str) -> list[str]:
        return [value for field_name, value in self.fields if field_name == name]

    def input(self, name: str, value: str | None = None) -> InputInfo:
        return next(
            info
            for info in self.inputs
            if info.name == name and (value is None or info.value == value)
        )


class _SurveyFormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.form = ParsedForm()
        self.in_form = False
        self.textarea: InputInfo | None = None
        self.select: InputInfo | None = None
        self.button: str | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attr_list}
        if tag == "form" and "data-govcx-survey" in attrs:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self.textarea = InputInfo(attrs["name"], "textarea", "", attrs)
        elif tag == "select":
            self.select = InputInfo(attrs["name"], "select", "", attrs)
            self.form.inputs.append(self.select)
        elif tag == "option" and self.select is not None and "selected" in attrs:
            self.form.fields.append((self.select.name, attrs.get("value", "")))
        elif tag == "button":
            self.button = attrs.get("value", "")
            self.form.buttons[self.button] = ""

    def _input(self, attrs: dict[str, str]) -> None:
        info = InputInfo(attrs["name"], attrs.get("type", "text"), attrs.get("value", ""), attrs)
        self.form.inputs.append(info)
        if info.type not in {"radio", "checkbox"} or "checked" in attrs:
            self.form.fields.append((info.name, info.value))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        elif self.button is not None:
            self.form.buttons[self.button] += data.strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            self.form.inputs.append(self.textarea)
            self.form.fields.append((self.textarea.name, self.textarea.value))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "button":
            self.button = None
        elif tag == "form":
            self.in_form = False


def parse_form(response: TestResponse) -> ParsedForm:
    parser = _SurveyFormParser()
    parser.feed(response.content.decode())
    return parser.form


def post_page(
    client: Client,
    url: str,
    page: TestResponse,
    answers: Answers | None = None,
    *,
    action: str = "next",
    **extra: Any,
) -> TestResponse:
    """Change `answers` on the page shown and press the button with value `action`."""
    form = parse_form(page)
    assert action in form.buttons, f"no {action!r} button on the page: {form.buttons}"
    changed = answers or {}
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        if name not in changed:
            data.setdefault(name, []).append(value)
    for name, answer in changed.items():
        data[name] = answer if isinstance(answer, list) else [answer]
    data[ACTION_FIELD] = [action]
    return client.post(url, data, **extra)


def question_html(html: str, key: str) -> str:
    """The markup of one question, from its wrapper to the next question or the form's end."""
    marker = html.index(f'data-question-key="{key}"')
    start = html.rindex("<div", 0, marker)
    ends = [html.find(text, marker + 1) for text in ('data-question-key="', "</form>")]
    end = min(end for end in ends if end != -1)
    return html[start : html.rindex("<div", 0, end) if end != ends[-1] else end]
