"""The theme, discovery and comment pages: what owners see, and what others cannot reach."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import (
    Comment,
    DiscoveredTheme,
    TaxonomyRevision,
    Theme,
    ThemeCorrection,
    ThemeDiscovery,
)
from govcx.comments.services import discovery_run, theme_create
from govcx.registry.models import Organization, User
from govcx.responses.models import Response
from tests.comments.test_discovery import DAY, store_topics
from tests.conftest import World

LETTER = "The letter never came in the mail and I am furious."

StoreComment = Callable[..., Comment]
StoreResponse = Callable[..., Response]
ClientFor = Callable[[User], Client]


def make_theme(organization: Organization, name: str, terms: list[str]) -> Theme:
    return theme_create(
        organization=organization,
        name=name,
        description=f"About {name.lower()}.",
        key_terms=terms,
        examples=[],
        user=None,
    )


@dataclass
class Scene:
    """Agency A's taxonomy, comments and one discovery."""

    mail: Theme
    office: Theme
    comment: Comment
    discovery: ThemeDiscovery
    discovered: DiscoveredTheme


@pytest.fixture
def scene(world: World, store_comment: StoreComment, store_response: StoreResponse) -> Scene:
    mail = make_theme(world.a.organization, "Mail", ["letter", "mail"])
    office = make_theme(world.a.organization, "Office", ["office", "building"])
    comment = store_comment(world.a, LETTER, trust="0")
    store_topics(world.a, store_response)
    discovery = discovery_run(
        organization=world.a.organization,
        service=world.a.service,
        date_from=DAY,
        date_to=DAY,
        user=world.manager_a,
    )
    discovered = discovery.themes.first()
    assert discovered is not None
    return Scene(mail, office, comment, discovery, discovered)


def stored_counts() -> tuple[int, ...]:
    return (
        Theme.objects.count(),
        Theme.objects.filter(is_active=True).count(),
        ThemeDiscovery.objects.count(),
        ThemeCorrection.objects.count(),
        TaxonomyRevision.objects.filter(revision__gt=0).count(),
        sum(TaxonomyRevision.objects.values_list("revision", flat=True)),
    )


def theme_urls(theme: Theme) -> dict[str, str]:
    return {
        action: reverse(f"comments:theme_{action}", kwargs={"theme_uuid": theme.uuid})
        for action in ("detail", "edit", "merge", "split", "deactivate")
    }


def edit_data(name: str) -> dict[str, str]:
    return {"name": name, "description": "", "key_terms": "letter", "examples": ""}


# --- the owner's pages ----------------------------------------------------------------------------


def test_the_taxonomy_page_lists_themes_with_counts_and_sentiment(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    page = client_for(world.viewer_a).get(reverse("comments:themes"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mail" in html
    assert "About mail." in html
    assert "letter, mail" in html
    assert "Negative: 1 (100 %)" in html
    assert "Define a theme" not in html  # a response viewer does not edit the taxonomy
    managed = client_for(world.manager_a).get(reverse("comments:themes")).content.decode()
    assert "Define a theme" in managed


def test_the_theme_page_shows_its_comments_and_forms(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    page = client_for(world.manager_a).get(theme_urls(scene.mail)["detail"])
    assert page.status_code == 200
    html = page.content.decode()
    assert LETTER in html
    assert "Assigned automatically" in html
    assert "Merge “Mail”" in html
    assert "Split “Mail” in two" in html
    assert f'value="{scene.office.uuid}"' in html  # a merge and correction choice


def test_a_theme_is_defined_renamed_and_merged_from_its_pages(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)
    reply = client.post(
        reverse("comments:themes"),
        {
            "organization": str(world.a.organization.public_id),
            "name": "Parking",
            "key_terms": "parking, garage",
            "examples": "No parking near the office.\nCall 202-555-0143 about parking.",
        },
    )
    parking = Theme.objects.get(name="Parking")
    assert reply.status_code == 302
    assert str(parking.uuid) in reply["Location"]
    assert parking.key_terms == ["parking", "garage"]
    assert parking.examples[1] == "Call [PHONE] about parking."

    urls = theme_urls(parking)
    assert client.post(urls["edit"], edit_data("Car parks")).status_code == 302
    parking.refresh_from_db()
    assert parking.name == "Car parks"
    reply = client.post(urls["merge"], {"into": str(scene.office.uuid)})
    assert reply.status_code == 302
    assert str(scene.office.uuid) in reply["Location"]
    parking.refresh_from_db()
    assert parking.merged_into == scene.office


def test_errors_name_the_field(world: World, scene: Scene, client_for: ClientFor) -> None:
    client = client_for(world.manager_a)
    reply = client.post(
        reverse("comments:themes"),
        {"organization": str(world.a.organization.public_id), "name": "mail", "key_terms": "x"},
    )
    assert reply.status_code == 400
    html = reply.content.decode()
    assert 'href="#id_name">Name</a>: The organization already has a theme named' in html
    reply = client.post(theme_urls(scene.office)["edit"], edit_data("MAIL"))
    assert reply.status_code == 400
    assert 'href="#id_name">Name</a>' in reply.content.decode()
    reply = client.post(theme_urls(scene.office)["merge"], {"into": str(scene.office.uuid)})
    assert reply.status_code == 400
    assert 'href="#id_into">Merge into</a>' in reply.content.decode()


def test_a_small_theme_cannot_be_split_and_the_page_says_why(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    reply = client_for(world.manager_a).post(theme_urls(scene.mail)["split"])
    assert reply.status_code == 400
    assert "cannot be split" in reply.content.decode()
    scene.mail.refresh_from_db()
    assert scene.mail.is_active


def test_deactivating_from_the_page(world: World, scene: Scene, client_for: ClientFor) -> None:
    reply = client_for(world.admin_a).post(theme_urls(scene.mail)["deactivate"])
    assert reply.status_code == 302
    scene.mail.refresh_from_db()
    assert not scene.mail.is_active
    assert client_for(world.admin_a).get(theme_urls(scene.mail)["detail"]).status_code == 404


def test_discovery_runs_from_its_page_and_states_the_unassigned_share(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)
    page = client.get(reverse("comments:discover"))
    assert page.status_code == 200
    assert (
        reverse("comments:discovery_detail", args=[scene.discovery.uuid]) in page.content.decode()
    )
    reply = client.post(
        reverse("comments:discover"),
        {
            "service": str(world.a.service.public_id),
            "date_from": DAY.isoformat(),
            "date_to": DAY.isoformat(),
            "max_themes": "4",
        },
    )
    assert reply.status_code == 302
    discovery = ThemeDiscovery.objects.order_by("-id").first()
    assert discovery is not None
    assert discovery.pk != scene.discovery.pk
    html = client.get(reply["Location"]).content.decode()
    share = 100 * discovery.unassigned_count / discovery.comments_count
    assert (
        f"{discovery.unassigned_count} of {discovery.comments_count} comments "
        f"({share:.1f} %) fit no theme" in html
    )
    found = discovery.themes.first()
    assert found is not None
    assert found.label in html
    assert f'value="{found.label}"' in html  # the adopt form is prefilled with the label


def test_too_few_comments_is_an_error_on_the_discover_page(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    reply = client_for(world.manager_a).post(
        reverse("comments:discover"),
        {
            "service": str(world.a.service.public_id),
            "date_from": "2020-01-01",
            "date_to": "2020-01-31",
            "max_themes": "12",
        },
    )
    assert reply.status_code == 400
    assert "discovery needs at least 20" in reply.content.decode()


def test_adopting_from_the_discovery_page(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    url = reverse("comments:discovered_theme_adopt", args=[scene.discovered.uuid])
    prefix = str(scene.discovered.uuid)
    reply = client_for(world.manager_a).post(url, {f"{prefix}-name": "Phone waits"})
    theme = Theme.objects.get(name="Phone waits")
    assert reply.status_code == 302
    assert str(theme.uuid) in reply["Location"]
    reply = client_for(world.manager_a).post(url, {f"{prefix}-name": "Again"})
    assert reply.status_code == 400
    assert "already adopted" in reply.content.decode()


def test_the_comment_list_filters(world: World, scene: Scene, client_for: ClientFor) -> None:
    client = client_for(world.viewer_a)
    url = reverse("comments:comment_list")
    html = client.get(url, {"theme": str(scene.mail.uuid)}).content.decode()
    assert LETTER in html
    assert "of 1 comments" in html
    html = client.get(url, {"theme": "none"}).content.decode()
    assert LETTER not in html
    assert "waited on the phone line" in html
    reply = client.get(url, {"sentiment": "positive", "theme": str(scene.mail.uuid)})
    assert b"No comments match these filters." in reply.content
    reply = client.get(url, {"date_from": "2025-05-07", "date_to": "2025-05-06"})
    assert reply.status_code == 400
    assert client.get(url, {"theme": "nonsense"}).status_code == 400


def test_the_comment_list_costs_a_bounded_number_of_queries(
    world: World,
    store_response: StoreResponse,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    make_theme(world.a.organization, "Phone", ["phone", "wait"])
    make_theme(world.a.organization, "Website", ["website", "login"])
    store_topics(world.a, store_response)
    for index in range(10):
        store_response(world.a, f"Another comment about the office, number {index}.")
    comments_analyse()
    assert Comment.objects.count() == 30
    client = client_for(world.manager_a)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("comments:comment_list"))
    assert page.status_code == 200
    # A full page of 25 rows, each with its correction form.
    assert page.content.decode().count('<select class="usa-select" id="theme-') == 25


# --- who may do what -----------------------------------------------------------------------------


def test_a_reader_without_edit_rights_gets_403_on_every_change(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    client = client_for(world.viewer_a)
    before = stored_counts()
    urls = theme_urls(scene.mail)
    posts = [
        (reverse("comments:themes"), {"organization": str(world.a.organization.public_id)}),
        (urls["edit"], edit_data("Letters")),
        (urls["merge"], {"into": str(scene.office.uuid)}),
        (urls["split"], {}),
        (urls["deactivate"], {}),
        (reverse("comments:discover"), {"service": str(world.a.service.public_id)}),
        (reverse("comments:discovered_theme_adopt", args=[scene.discovered.uuid]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert stored_counts() == before


def test_the_outsider_gets_404_on_every_url_and_stores_nothing(
    world: World, scene: Scene, client_for: ClientFor
) -> None:
    client = client_for(world.outsider)
    make_theme(world.b.organization, "Their theme", ["theirs"])
    before = stored_counts()
    urls = theme_urls(scene.mail)
    discovery_url = reverse("comments:discovery_detail", args=[scene.discovery.uuid])
    adopt_url = reverse("comments:discovered_theme_adopt", args=[scene.discovered.uuid])
    assert client.get(urls["detail"]).status_code == 404
    assert client.get(discovery_url).status_code == 404
    posts = [
        (urls["edit"], edit_data("Stolen")),
        (urls["merge"], {"into": str(scene.office.uuid)}),
        (urls["split"], {}),
        (urls["deactivate"], {}),
        (adopt_url, {f"{scene.discovered.uuid}-name": "Stolen"}),
        (reverse("comments:comment_theme", args=[scene.comment.uuid]), {"theme": ""}),
        (
            reverse("comments:themes"),
            {
                "organization": str(world.a.organization.public_id),
                "name": "Stolen",
                "key_terms": "x",
            },
        ),
        (
            reverse("comments:discover"),
            {
                "service": str(world.a.service.public_id),
                "date_from": DAY.isoformat(),
                "date_to": DAY.isoformat(),
                "max_themes": "4",
            },
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert stored_counts() == before
    # The pages the outsider may open show nothing of agency A.
    for url in (
        reverse("comments:themes"),
        reverse("comments:comment_list"),
        reverse("comments:discover"),
    ):
        html = client.get(url).content.decode()
        assert "Mail" not in html
        assert "The letter never came" not in html
        assert "Agency A" not in html
        assert str(scene.discovery.uuid) not in html
    assert "Their theme" in client.get(reverse("comments:themes")).content.decode()


def test_people_who_read_no_comments_get_404(world: World, client_for: ClientFor) -> None:
    nobody = User.objects.create_user(username="nobody", email="nobody@example.gov")
    client = client_for(nobody)
    for name in ("themes", "discover", "comment_list"):
        assert client.get(reverse(f"comments:{name}")).status_code == 404
