"""`govcx seed-demo` as a person runs it: the name, the options, what it prints."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class

from govcx.comments.models import Comment, Theme
from govcx.demo.comments_seed import DEMO_THEMES
from govcx.registry.models import Organization
from govcx.responses.models import Response
from govcx.surveys.models import Survey


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("seed-demo", *arguments, stdout=out)
    return out.getvalue()


def test_the_command_is_called_seed_demo() -> None:
    assert get_commands()["seed-demo"] == "govcx.demo"


def test_help_states_what_responses_counts() -> None:
    command = load_command_class("govcx.demo", "seed-demo")
    text = " ".join(command.create_parser("govcx", "seed-demo").format_help().split())
    assert "--responses N" in text
    assert "N + min(N, 300)" in text
    assert "--seed" in text
    assert "--if-empty" in text


@pytest.mark.django_db
def test_prints_where_to_go_and_how_to_sign_in() -> None:
    output = run("--responses", "120", "--seed", "3")
    survey = Survey.objects.get(organization__abbreviation="DDS", title__startswith="Apply for")
    assert "http://127.0.0.1:8000/\n" in output
    assert "http://127.0.0.1:8000/accounts/login/" in output
    assert "Username      demo\n" in output
    assert "Password      govcx-demo-2026" in output
    assert f"http://127.0.0.1:8000/s/{survey.public_id}/" in output
    assert "DDS: 120 / 120 responses (100%)" in output
    assert Response.objects.exclude(answers__has_key="transaction_id").count() == 240


@pytest.mark.django_db
def test_if_empty_prints_the_sign_in_details_and_creates_nothing() -> None:
    run("--responses", "10")
    count = Response.objects.count()
    output = run("--if-empty", "--responses", "500")
    assert "already exists; nothing was created" in output
    assert "Username      demo" in output
    assert Response.objects.count() == count


@pytest.mark.django_db
def test_a_second_run_without_if_empty_fails_clearly() -> None:
    run("--responses", "0")
    with pytest.raises(CommandError, match="already exists"):
        run("--responses", "0")


@pytest.mark.parametrize("value", ["-5", "many"])
def test_bad_counts_are_refused(value: str) -> None:
    with pytest.raises(CommandError, match="--responses"):
        run("--responses", value)


@pytest.mark.django_db
def test_the_demo_comes_with_a_taxonomy_and_every_comment_analysed() -> None:
    output = run("--responses", "600", "--seed", "3")

    organization = Organization.objects.get(abbreviation="DDS")
    assert Theme.objects.filter(organization=organization).count() == len(DEMO_THEMES)
    with_text = sum(
        1
        for answers in Response.objects.values_list("answers", flat=True)
        for key, value in answers.items()
        if key.startswith("comments") and isinstance(value, str) and value.strip()
    )
    assert with_text > 0
    assert Comment.objects.filter(question_key__startswith="comments").count() == with_text
    assert Comment.objects.filter(organization=organization, theme__isnull=False).exists()
    assert f"under a taxonomy of {len(DEMO_THEMES)} themes" in output


@pytest.mark.django_db
def test_no_comments_leaves_them_to_the_analysis_job() -> None:
    run("--responses", "60", "--no-comments")

    assert not Theme.objects.exists()
    assert not Comment.objects.exists()
