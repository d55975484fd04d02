"""The coding pages: drawing a sample, coding it in one POST, and reading the agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from govcx.comments.coding import coding_sample_create, sample_comments
from govcx.comments.models import CodingJudgement, CodingSample
from govcx.registry.models import User
from tests.comments.root_cause_data import make_theme, store_comment, store_many
from tests.conftest import World, make_user

ClientFor = Callable[[User], Client]
TODAY = dt.date.today()


def _sample(world: World) -> CodingSample:
    return coding_sample_create(
        organization=world.a.organization,
        name="Spring sample of AGA",
        service=world.a.service,
        date_from=TODAY - dt.timedelta(days=30),
        date_to=TODAY + dt.timedelta(days=1),
        size=10,
        user=world.manager_a,
        seed=1,
    )


def _page(sample: CodingSample) -> str:
    return f"/staff/coding/{sample.uuid}/"


def test_a_coder_draws_a_sample_from_the_form(world: World, client_for: ClientFor) -> None:
    store_many(world.a.survey, 12, negative=True)
    reply = client_for(world.viewer_a).post(
        "/staff/coding/",
        {
            "organization": world.a.organization.public_id,
            "name": "First look",
            "service": world.a.service.public_id,
            "date_from": (TODAY - dt.timedelta(days=7)).isoformat(),
            "date_to": (TODAY + dt.timedelta(days=1)).isoformat(),
            "size": 10,
        },
    )
    sample = CodingSample.objects.get()
    assert reply.status_code == 302
    assert reply["Location"] == _page(sample)
    assert sample.comments.count() == 10
    listing = client_for(world.viewer_a).get("/staff/coding/").content.decode()
    assert "First look" in listing


def test_drawing_from_an_empty_period_names_the_problem(
    world: World, client_for: ClientFor
) -> None:
    reply = client_for(world.viewer_a).post(
        "/staff/coding/",
        {
            "organization": world.a.organization.public_id,
            "name": "Nothing",
            "date_from": "2020-01-01",
            "date_to": "2020-01-31",
            "size": 10,
        },
    )
    assert reply.status_code == 400
    assert "There are no comments to sample" in reply.content.decode()
    assert not CodingSample.objects.exists()


def test_the_outsider_cannot_draw_from_another_agency(world: World, client_for: ClientFor) -> None:
    store_many(world.a.survey, 12, negative=True)
    reply = client_for(world.outsider).post(
        "/staff/coding/",
        {
            "organization": world.a.organization.public_id,
            "name": "Theirs",
            "date_from": (TODAY - dt.timedelta(days=7)).isoformat(),
            "date_to": TODAY.isoformat(),
            "size": 10,
        },
    )
    assert reply.status_code == 400
    assert not CodingSample.objects.exists()


def test_one_post_saves_every_choice_and_shows_them_again(
    world: World, client_for: ClientFor
) -> None:
    store_comment(world.a.survey, "Write to jane.doe@example.com please", negative=True)
    store_many(world.a.survey, 9, negative=True)
    waiting = make_theme(world.a.organization, "Waiting")
    sample = _sample(world)
    comments = sample_comments(sample)
    client = client_for(world.viewer_a)
    page = client.get(_page(sample)).content.decode()
    assert "jane.doe@example.com" not in page
    assert "Write to" in page
    choices = {
        f"comment-{comments[0].uuid}": str(waiting.uuid),
        f"comment-{comments[1].uuid}": "none",
    }
    reply = client.post(_page(sample), choices)
    assert reply.status_code == 302
    judgements = CodingJudgement.objects.filter(sample=sample, coder=world.viewer_a)
    assert {(j.comment_id, j.theme_id) for j in judgements} == {
        (comments[0].pk, waiting.pk),
        (comments[1].pk, None),
    }
    again = client.get(_page(sample)).content.decode()
    assert f'<option value="{waiting.uuid}" selected>' in again
    assert "coded 2 of 10" in again
    # Saving again changes; it never adds a second judgement.
    client.post(_page(sample), {f"comment-{comments[0].uuid}": "none"})
    assert judgements.count() == 2


def test_another_organizations_theme_is_refused_naming_the_comment(
    world: World, client_for: ClientFor
) -> None:
    store_many(world.a.survey, 10, negative=True)
    theirs = make_theme(world.b.organization, "Parking")
    sample = _sample(world)
    comments = sample_comments(sample)
    reply = client_for(world.viewer_a).post(
        _page(sample), {f"comment-{comments[2].uuid}": str(theirs.uuid)}
    )
    assert reply.status_code == 400
    content = reply.content.decode()
    assert "Comment 3</a>: Choose a theme from the list." in content
    assert not CodingJudgement.objects.exists()


def test_the_agreement_is_shown_with_its_n_and_a_reading(
    world: World, client_for: ClientFor
) -> None:
    store_many(world.a.survey, 10, negative=True)
    waiting = make_theme(world.a.organization, "Waiting")
    sample = _sample(world)
    comments = sample_comments(sample)
    for coder in (world.viewer_a, world.manager_a):
        client_for(coder).post(
            _page(sample),
            {
                f"comment-{comment.uuid}": str(waiting.uuid) if index < 5 else "none"
                for index, comment in enumerate(comments)
            },
        )
    content = client_for(world.admin_a).get(_page(sample)).content.decode()
    assert 'data-table="agreement"' in content
    assert "almost perfect" in content
    assert "Landis and Koch" in content
    assert "govcx automatic" in content


def test_the_outsider_gets_404_on_another_agencys_sample(
    world: World, client_for: ClientFor
) -> None:
    store_many(world.a.survey, 10, negative=True)
    theme = make_theme(world.b.organization, "Parking")
    sample = _sample(world)
    comment = sample_comments(sample)[0]
    outsider = client_for(world.outsider)
    assert outsider.get(_page(sample)).status_code == 404
    posted = outsider.post(_page(sample), {f"comment-{comment.uuid}": str(theme.uuid)})
    assert posted.status_code == 404
    assert not CodingJudgement.objects.exists()
    assert "Spring sample of AGA" not in outsider.get("/staff/coding/").content.decode()
    assert client_for(make_user("nobody")).get(_page(sample)).status_code == 404


def test_writing_needs_csrf(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    sample = _sample(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.viewer_a)
    assert client.post(_page(sample), {}).status_code == 403
