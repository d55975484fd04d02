"""The root-cause pages: who sees them, what they show, and what they withhold."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from govcx.registry.models import User
from tests.comments.root_cause_data import make_theme, store_many
from tests.conftest import World, make_user

ClientFor = Callable[[User], Client]


def _page(world: World) -> str:
    return f"/staff/services/{world.a.service.public_id}/root-causes/"


def _fill(world: World) -> None:
    """Enough comments to compare with the default minimum group size of 10."""
    waiting = make_theme(world.a.organization, "Waiting times")
    forms = make_theme(world.a.organization, "Confusing forms")
    store_many(world.a.survey, 14, negative=True, theme=waiting, text="Waited for weeks.")
    store_many(world.a.survey, 10, negative=True, theme=forms, text="The form was unclear.")
    store_many(world.a.survey, 3, negative=False, theme=waiting, text="Fine wait.")
    store_many(world.a.survey, 12, negative=False, theme=forms, text="Form was okay.")
    store_many(world.a.survey, 12, negative=False, text="Thank you.")
    store_many(world.a.survey, 2, negative=None, text="No answer.")


def test_the_home_page_lists_the_services_whose_comments_the_user_reads(
    world: World, client_for: ClientFor
) -> None:
    page = client_for(world.viewer_a).get("/staff/root-causes/")
    assert page.status_code == 200
    content = page.content.decode()
    assert _page(world) in content
    assert f"/staff/services/{world.b.service.public_id}/root-causes/" not in content
    for link in ("/staff/coding/", "/staff/themes/", "/staff/comments/"):
        assert f'href="{link}"' in content
    # The staff navigation leads here, marked as the current section.
    assert 'aria-current="page"><span>Comments</span>' in content


def test_a_reader_sees_shares_intervals_and_the_ranking(
    world: World, client_for: ClientFor
) -> None:
    _fill(world)
    page = client_for(world.viewer_a).get(_page(world))
    assert page.status_code == 200
    content = page.content.decode()
    # Waiting: 14 of 24 in the group against 3 of 27: first; Wilson interval written out.
    assert content.index("Waiting times") < content.index("Confusing forms")
    assert "58 % (39 %–76 %)" in content
    assert "14 of 24" in content
    assert "points (" in content
    assert "2 comments whose customer answered neither" in content
    assert "association, not proof of cause" in content
    assert "Waited for weeks." in content  # an example from the group
    assert "Fine wait." not in content  # the comparison's comments are never examples


def test_the_page_withholds_the_comparison_when_a_group_is_small(
    world: World, client_for: ClientFor
) -> None:
    theme = make_theme(world.a.organization, "Waiting times")
    store_many(world.a.survey, 6, negative=True, theme=theme, text="Waited for weeks.")
    store_many(world.a.survey, 30, negative=False, theme=theme)
    content = client_for(world.viewer_a).get(_page(world)).content.decode()
    assert "Too few comments to compare" in content
    assert 'data-withheld="comparison"' in content
    assert "fewer than 10" in content
    assert "Waited for weeks." not in content
    assert " %" not in content.split("Too few comments")[1].split("How to read")[0]


def test_a_small_theme_is_withheld_on_the_page(world: World, client_for: ClientFor) -> None:
    _fill(world)
    rare = make_theme(world.a.organization, "Parking")
    store_many(world.a.survey, 2, negative=True, theme=rare, text="No parking spaces.")
    content = client_for(world.viewer_a).get(_page(world)).content.decode()
    assert 'data-withheld="small"' in content
    assert 'data-withheld="complement"' in content
    assert "No parking spaces." not in content


def test_filters_by_driver_and_period(world: World, client_for: ClientFor) -> None:
    _fill(world)
    page = client_for(world.viewer_a).get(_page(world), {"group": "driver:ease", "period": "all"})
    assert page.status_code == 200
    assert "All time" in page.content.decode()


def test_an_invalid_filter_is_a_400_naming_the_field(world: World, client_for: ClientFor) -> None:
    page = client_for(world.viewer_a).get(_page(world), {"group": "driver:mood"})
    assert page.status_code == 400
    assert "Choose a group from the list." in page.content.decode()


def test_the_outsider_gets_404_for_another_agencys_service(
    world: World, client_for: ClientFor
) -> None:
    _fill(world)
    page = client_for(world.outsider).get(_page(world))
    assert page.status_code == 404
    assert "Waiting times" not in page.content.decode()
    home = client_for(world.outsider).get("/staff/root-causes/").content.decode()
    assert str(world.a.service.public_id) not in home


def test_someone_without_a_role_gets_nothing(world: World, client_for: ClientFor) -> None:
    assert client_for(make_user("nobody")).get(_page(world)).status_code == 404
    anonymous = Client().get(_page(world))
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"] or "next=" in anonymous["Location"]
