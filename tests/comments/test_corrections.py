"""People correcting a comment's theme: the service, the form, and who may do it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import AssignmentSource, Comment, Theme, ThemeCorrection
from govcx.comments.services import comment_theme_set, theme_create
from govcx.registry.models import Organization, User
from tests.conftest import World

StoreComment = Callable[..., Comment]
ClientFor = Callable[[User], Client]


def make_theme(organization: Organization, name: str, terms: list[str]) -> Theme:
    return theme_create(
        organization=organization,
        name=name,
        description="",
        key_terms=terms,
        examples=[],
        user=None,
    )


def url_for(comment: Comment) -> str:
    return reverse("comments:comment_theme", kwargs={"comment_uuid": comment.uuid})


def test_a_correction_is_a_person_s_assignment_with_its_history(
    world: World, store_comment: StoreComment
) -> None:
    mail = make_theme(world.a.organization, "Mail", ["letter", "mail"])
    office = make_theme(world.a.organization, "Office", ["office"])
    comment = store_comment(world.a, "The letter never came in the mail.")
    assert comment.theme == mail

    comment_theme_set(comment=comment, theme=office, user=world.viewer_a)
    comment.refresh_from_db()
    assert (comment.theme, comment.theme_source, comment.theme_score) == (
        office,
        AssignmentSource.PERSON,
        None,
    )
    comment_theme_set(comment=comment, theme=None, user=world.manager_a)
    comment_theme_set(comment=comment, theme=None, user=world.manager_a)  # no change: no row
    history = [(c.from_theme, c.to_theme, c.user) for c in ThemeCorrection.objects.all()]
    assert history == [(office, None, world.manager_a), (mail, office, world.viewer_a)]


def test_the_job_never_undoes_a_correction(world: World, store_comment: StoreComment) -> None:
    mail = make_theme(world.a.organization, "Mail", ["letter", "mail"])
    comment = store_comment(world.a, "The letter never came in the mail.")
    comment_theme_set(comment=comment, theme=None, user=world.viewer_a)
    make_theme(world.a.organization, "Post", ["letter", "mail", "post"])  # taxonomy changes
    comments_analyse()
    comment.refresh_from_db()
    assert (comment.theme, comment.theme_source) == (None, AssignmentSource.PERSON)
    assert mail.is_active


def test_a_theme_of_another_organization_is_refused(
    world: World, store_comment: StoreComment
) -> None:
    theirs = make_theme(world.b.organization, "Mail", ["letter"])
    comment = store_comment(world.a, "The letter never came.")
    with pytest.raises(ValidationError) as error:
        comment_theme_set(comment=comment, theme=theirs, user=None)
    assert list(error.value.message_dict) == ["theme"]


def test_a_reader_corrects_from_the_page_and_goes_back(
    world: World, store_comment: StoreComment, client_for: ClientFor
) -> None:
    office = make_theme(world.a.organization, "Office", ["office"])
    comment = store_comment(world.a, "The letter never came.")
    back = "/staff/comments/?sentiment=negative&page=2"
    reply = client_for(world.viewer_a).post(
        url_for(comment), {"theme": str(office.uuid), "next": back}
    )
    assert reply.status_code == 302
    assert reply["Location"] == back
    comment.refresh_from_db()
    assert (comment.theme, comment.theme_source) == (office, AssignmentSource.PERSON)
    assert ThemeCorrection.objects.get().user == world.viewer_a


def test_no_theme_and_an_unsafe_next_go_to_the_comment_list(
    world: World, store_comment: StoreComment, client_for: ClientFor
) -> None:
    comment = store_comment(world.a, "The letter never came.")
    reply = client_for(world.manager_a).post(
        url_for(comment), {"theme": "", "next": "https://elsewhere.example.com/"}
    )
    assert reply["Location"] == reverse("comments:comment_list")
    comment.refresh_from_db()
    assert (comment.theme, comment.theme_source) == (None, AssignmentSource.PERSON)


def test_a_theme_that_is_not_the_organization_s_is_a_bad_request(
    world: World, store_comment: StoreComment, client_for: ClientFor
) -> None:
    theirs = make_theme(world.b.organization, "Mail", ["letter"])
    comment = store_comment(world.a, "The letter never came.")
    client = client_for(world.manager_a)
    for value in (str(theirs.uuid), "not-a-uuid"):
        assert client.post(url_for(comment), {"theme": value}).status_code == 400
    assert not ThemeCorrection.objects.exists()


def test_the_outsider_gets_404_and_changes_nothing(
    world: World, store_comment: StoreComment, client_for: ClientFor
) -> None:
    comment = store_comment(world.a, "The letter never came.")
    theirs = make_theme(world.b.organization, "Mail", ["letter"])
    reply = client_for(world.outsider).post(url_for(comment), {"theme": str(theirs.uuid)})
    assert reply.status_code == 404
    assert not ThemeCorrection.objects.exists()
    comment.refresh_from_db()
    assert comment.theme_source == AssignmentSource.NONE


def test_signed_out_people_are_sent_to_sign_in(world: World, store_comment: StoreComment) -> None:
    comment = store_comment(world.a, "The letter never came.")
    reply = Client().post(url_for(comment), {"theme": ""})
    assert reply.status_code == 302
    assert "/accounts/login/" in reply["Location"]
    assert not ThemeCorrection.objects.exists()
