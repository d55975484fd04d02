"""Setting a response aside or deleting it, from the responses page, changes what counts."""

from __future__ import annotations

import pytest

from govcx.insights.rollups import rollups_update
from govcx.responses.models import CountChange, Response
from tests.conftest import World
from tests.insights.helpers import assert_rollups_match_responses
from tests.responses.helpers import submit
from tests.staff.helpers import ClientFor

LIST = "/staff/responses/"


def flag_url(response: Response) -> str:
    return f"/staff/responses/{response.uuid}/flag/"


def delete_url(response: Response) -> str:
    return f"/staff/responses/{response.uuid}/delete/"


def test_a_manager_sets_a_response_aside_and_back(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    rollups_update()
    client = client_for(world.manager_a)
    reply = client.post(flag_url(response), {"is_flagged": "1", "next": LIST})
    assert reply.status_code == 302
    assert reply["Location"] == LIST
    response.refresh_from_db()
    assert response.is_flagged
    rollups_update()
    assert_rollups_match_responses()
    client.post(flag_url(response), {"is_flagged": "0"})
    assert list(CountChange.objects.values_list("delta", flat=True)) == [1]


def test_a_manager_deletes_a_response_and_it_leaves_lists_and_figures(
    world: World, client_for: ClientFor
) -> None:
    response = submit(world.a.survey)
    client = client_for(world.manager_a)
    page = client.get(LIST).content.decode()
    assert f"Delete {response.receipt_id} for everyone" in page
    reply = client.post(delete_url(response), {"next": LIST})
    assert reply.status_code == 302
    listed = client.get(LIST).context["rows"]
    assert response.pk not in {row.response.pk for row in listed}
    rollups_update()
    assert_rollups_match_responses()
    assert not Response.objects.filter(pk=response.pk, is_deleted=False).exists()


@pytest.mark.parametrize("path", [flag_url, delete_url])
def test_viewers_may_not_and_other_agencies_find_nothing(
    world: World, client_for: ClientFor, path: object
) -> None:
    response = submit(world.a.survey)
    url = path(response)  # type: ignore[operator]
    assert client_for(world.viewer_a).post(url, {"is_flagged": "1"}).status_code == 403
    assert client_for(world.outsider).post(url, {"is_flagged": "1"}).status_code == 404
    assert client_for(world.manager_a).get(url).status_code == 405
    response.refresh_from_db()
    assert response.counts
    assert CountChange.objects.count() == 1  # only its arrival


def test_a_malformed_ruling_is_refused_and_changes_nothing(
    world: World, client_for: ClientFor
) -> None:
    response = submit(world.a.survey)
    reply = client_for(world.manager_a).post(flag_url(response), {"is_flagged": "maybe"})
    assert reply.status_code == 400
    response.refresh_from_db()
    assert not response.is_flagged
