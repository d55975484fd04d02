"""The taxonomy services: define, rename, merge, split and remove themes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from govcx.comments.models import (
    AssignmentSource,
    Comment,
    TaxonomyRevision,
    Theme,
    ThemeCorrection,
    ThemeOrigin,
)
from govcx.comments.services import (
    comment_theme_set,
    theme_create,
    theme_deactivate,
    theme_merge,
    theme_split,
    theme_update,
)
from govcx.registry.models import Organization
from govcx.registry.services import redaction_pattern_create
from tests.conftest import World

StoreComment = Callable[..., Comment]

PARKING = [
    "Parking near the office was impossible to find.",
    "There is no parking near the office building.",
    "The parking garage by the office was full again.",
    "I drove around for parking near the office for ages.",
    "Parking at the office costs too much money.",
    "Could the office offer more parking for visitors?",
    "The office parking lot was closed for repairs.",
]
ELEVATOR = [
    "The elevator in the building was broken all week.",
    "The building elevator was out of order again today.",
    "With the elevator broken I had to climb the building stairs.",
    "Please fix the broken elevator in the building.",
    "The elevator of the building stopped between floors.",
    "The building elevator was broken and nobody fixed it.",
    "The elevator was broken so the building was hard to reach.",
]


def make_theme(organization: Organization, name: str, terms: list[str] | None = None) -> Theme:
    return theme_create(
        organization=organization,
        name=name,
        description="",
        key_terms=terms or [name],
        examples=[],
        user=None,
    )


def revision_of(organization: Organization) -> int:
    return TaxonomyRevision.objects.get(organization=organization).revision


def problem(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_theme_is_created_with_cleaned_terms_and_bumps_the_revision(world: World) -> None:
    theme = theme_create(
        organization=world.a.organization,
        name="  Waiting   times ",
        description="Time on hold.",
        key_terms=["Wait", " hold ", "wait", ""],
        examples=["I waited an hour.", "I waited an hour."],
        user=world.manager_a,
    )
    assert theme.name == "Waiting times"
    assert theme.key_terms == ["wait", "hold"]
    assert theme.examples == ["I waited an hour."]
    assert (theme.origin, theme.created_by) == (ThemeOrigin.DEFINED, world.manager_a)
    assert revision_of(world.a.organization) == 1
    make_theme(world.a.organization, "Website")
    assert revision_of(world.a.organization) == 2


def test_a_taken_name_is_refused_on_the_name_field(world: World) -> None:
    make_theme(world.a.organization, "Waiting times", ["wait"])
    with pytest.raises(ValidationError) as error:
        make_theme(world.a.organization, "waiting TIMES", ["hold"])
    assert list(problem(error)) == ["name"]
    assert "already has a theme named" in problem(error)["name"][0]
    # Another organization may use the name.
    make_theme(world.b.organization, "Waiting times", ["wait"])


def test_a_rename_to_a_taken_name_is_refused_on_the_name_field(world: World) -> None:
    make_theme(world.a.organization, "Waiting times", ["wait"])
    website = make_theme(world.a.organization, "Website", ["website"])
    with pytest.raises(ValidationError) as error:
        theme_update(
            theme=website,
            name="Waiting Times",
            description="",
            key_terms=["website"],
            examples=[],
            user=None,
        )
    assert list(problem(error)) == ["name"]
    renamed = theme_update(
        theme=website,
        name="Online services",
        description="The website and the app.",
        key_terms=["website", "app"],
        examples=[],
        user=None,
    )
    website.refresh_from_db()
    assert (website.name, website.key_terms) == ("Online services", ["website", "app"])
    assert renamed.description == "The website and the app."


def test_a_removed_theme_s_name_can_be_used_again(world: World) -> None:
    theme_deactivate(theme=make_theme(world.a.organization, "Mail", ["letter"]), user=None)
    assert make_theme(world.a.organization, "Mail", ["mail"]).is_active


def test_a_theme_without_any_word_to_match_is_refused_on_key_terms(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        theme_create(
            organization=world.a.organization,
            name="Other",
            description="",
            key_terms=[],
            examples=[],
            user=None,
        )
    assert list(problem(error)) == ["key_terms"]


def test_typed_examples_are_redacted_before_storage(world: World) -> None:
    redaction_pattern_create(
        organization=world.a.organization,
        name="Case number",
        label="CASE_NUMBER",
        pattern=r"\bCASE-\d{6}\b",
        test_string="my case CASE-123456",
        user=world.admin_a,
    )
    theme = theme_create(
        organization=world.a.organization,
        name="Call backs",
        description="",
        key_terms=["call"],
        examples=["Please call me at 202-555-0143 about CASE-654321."],
        user=None,
    )
    (example,) = theme.examples
    assert "202-555-0143" not in example
    assert "[PHONE]" in example
    assert "CASE-654321" not in example
    assert "[CASE_NUMBER]" in example
    updated = theme_update(
        theme=theme,
        name="Call backs",
        description="",
        key_terms=["call"],
        examples=[*theme.examples, "Email jane.doe@example.com please."],
        user=None,
    )
    assert updated.examples[0] == example
    assert "jane.doe@example.com" not in updated.examples[1]


def test_merge_moves_every_comment_and_joins_terms_and_examples(
    world: World, store_comment: StoreComment
) -> None:
    hold = theme_create(
        organization=world.a.organization,
        name="Hold times",
        description="",
        key_terms=["hold"],
        examples=["On hold forever."],
        user=None,
    )
    waiting = make_theme(world.a.organization, "Waiting", ["wait"])
    automatic = store_comment(world.a, "I was on hold for an hour.")
    by_person = store_comment(world.a, "The office was closed.")
    comment_theme_set(comment=by_person, theme=hold, user=world.manager_a)
    assert Comment.objects.get(pk=automatic.pk).theme == hold
    before = revision_of(world.a.organization)

    into = theme_merge(theme=hold, into=waiting, user=world.manager_a)
    assert into == waiting
    assert into.key_terms == ["wait", "hold"]
    assert into.examples == ["On hold forever."]
    hold.refresh_from_db()
    assert (hold.is_active, hold.merged_into) == (False, waiting)
    moved = {comment.pk: comment for comment in Comment.objects.all()}
    assert moved[automatic.pk].theme == waiting
    assert moved[automatic.pk].theme_source == AssignmentSource.AUTOMATIC
    assert (moved[by_person.pk].theme, moved[by_person.pk].theme_source) == (
        waiting,
        AssignmentSource.PERSON,
    )
    assert revision_of(world.a.organization) == before + 1


def test_merge_refuses_itself_and_other_organizations(world: World) -> None:
    mine = make_theme(world.a.organization, "Mail", ["letter"])
    theirs = make_theme(world.b.organization, "Mail", ["letter"])
    for into in (mine, theirs):
        with pytest.raises(ValidationError) as error:
            theme_merge(theme=mine, into=into, user=None)
        assert list(problem(error)) == ["into"]
    mine.refresh_from_db()
    assert mine.is_active


def test_split_makes_two_themes_and_moves_each_comment_to_its_half(
    world: World, store_comment: StoreComment
) -> None:
    building = make_theme(
        world.a.organization, "Building", ["office", "building", "parking", "elevator"]
    )
    comments = [store_comment(world.a, text) for text in PARKING + ELEVATOR]
    assert all(Comment.objects.get(pk=c.pk).theme == building for c in comments)
    by_person = comments[0]
    comment_theme_set(comment=by_person, theme=building, user=world.manager_a)
    ThemeCorrection.objects.all().delete()

    first, second = theme_split(theme=building, user=world.manager_a)
    building.refresh_from_db()
    assert not building.is_active
    assert {first.origin, second.origin} == {ThemeOrigin.SPLIT}
    assert first.name != second.name
    halves = {
        comment.pk: comment.theme_id
        for comment in Comment.objects.filter(pk__in=[c.pk for c in comments])
    }
    parking_halves = {halves[c.pk] for c in comments[: len(PARKING)]}
    elevator_halves = {halves[c.pk] for c in comments[len(PARKING) :]}
    assert len(parking_halves) == len(elevator_halves) == 1
    assert parking_halves | elevator_halves == {first.pk, second.pk}
    # The person's assignment followed its comment, recorded as made by the system.
    correction = ThemeCorrection.objects.get()
    assert (correction.comment_id, correction.from_theme, correction.user) == (
        by_person.pk,
        building,
        None,
    )
    assert Comment.objects.get(pk=by_person.pk).theme_source == AssignmentSource.PERSON


def test_a_theme_too_small_to_split_says_so(world: World, store_comment: StoreComment) -> None:
    building = make_theme(world.a.organization, "Building", ["office", "building"])
    store_comment(world.a, PARKING[0])
    with pytest.raises(ValidationError) as error:
        theme_split(theme=building, user=None)
    assert "cannot be split" in problem(error)[NON_FIELD_ERRORS][0]
    building.refresh_from_db()
    assert building.is_active


def test_deactivating_unassigns_its_comments_and_records_people_s_choices(
    world: World, store_comment: StoreComment
) -> None:
    mail = make_theme(world.a.organization, "Mail", ["letter", "mail"])
    automatic = store_comment(world.a, "The letter never came in the mail.")
    by_person = store_comment(world.a, "Nobody answered.")
    comment_theme_set(comment=by_person, theme=mail, user=world.viewer_a)
    theme_deactivate(theme=mail, user=world.manager_a)
    for comment in Comment.objects.filter(pk__in=[automatic.pk, by_person.pk]):
        assert (comment.theme, comment.theme_source) == (None, AssignmentSource.NONE)
    latest = ThemeCorrection.objects.filter(comment=by_person).first()
    assert latest is not None
    assert (latest.from_theme, latest.to_theme, latest.user) == (mail, None, world.manager_a)
    with pytest.raises(ValidationError):
        theme_deactivate(theme=mail, user=None)
