"""Theme discovery over a service's comments in a period, and adopting what it finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import (
    AssignmentSource,
    Comment,
    DiscoveredTheme,
    TaxonomyRevision,
    ThemeDiscovery,
    ThemeOrigin,
)
from govcx.comments.services import (
    DISCOVERY_MIN_COMMENTS,
    comment_theme_set,
    discovered_theme_adopt,
    discovery_run,
)
from govcx.responses.models import Response
from tests.conftest import Agency, World

StoreResponse = Callable[..., Response]

DAY = dt.date(2025, 5, 6)
NOON = dt.datetime(2025, 5, 6, 12, tzinfo=dt.UTC)
WAITING_SUBJECTS = ["phone line", "hold music", "call queue", "phone wait", "callback line"]
WEBSITE_SUBJECTS = ["login page", "password reset", "upload page", "account login", "web form"]


def topic_texts() -> list[str]:
    """Two clear topics, ten comments each, worded differently."""
    waiting = [
        f"I waited on the {subject} for {hours} hours before anyone answered the phone."
        for subject in WAITING_SUBJECTS
        for hours in ("two", "three")
    ]
    website = [
        f"The website {subject} kept failing with an error, so the website was useless {when}."
        for subject in WEBSITE_SUBJECTS
        for when in ("today", "again")
    ]
    return waiting + website


def store_topics(
    agency: Agency, store_response: StoreResponse, when: dt.datetime = NOON
) -> list[Comment]:
    responses = [
        store_response(agency, text, trust=str(index % 2), created_at=when)
        for index, text in enumerate(topic_texts())
    ]
    comments_analyse()
    return list(Comment.objects.filter(response__in=responses).order_by("pk"))


def run(agency: Agency, *, date_from: dt.date = DAY, date_to: dt.date = DAY) -> ThemeDiscovery:
    return discovery_run(
        organization=agency.organization,
        service=agency.service,
        date_from=date_from,
        date_to=date_to,
        user=None,
        max_themes=6,
    )


def test_discovery_finds_the_topics_with_sizes_and_sentiment(
    world: World, store_response: StoreResponse
) -> None:
    comments = store_topics(world.a, store_response)
    discovery = run(world.a)
    assert discovery.comments_count == len(comments) == 20
    found = list(DiscoveredTheme.objects.filter(discovery=discovery))
    assert len(found) >= 2
    assigned = [pk for theme in found for pk in theme.member_ids]
    assert len(assigned) == len(set(assigned))  # each comment in at most one theme
    assert discovery.unassigned_count == discovery.comments_count - len(assigned)
    assert set(assigned) <= {comment.pk for comment in comments}
    for theme in found:
        assert theme.size == len(theme.member_ids)
        assert sum(theme.sentiment_counts.values()) == theme.size
        assert set(theme.representative_ids) <= set(theme.member_ids)
        assert theme.key_terms
        assert theme.label
    by_text = {
        comment.pk: "website" in topic_texts()[index] for index, comment in enumerate(comments)
    }
    for theme in found:
        assert len({by_text[pk] for pk in theme.member_ids}) == 1  # one topic per theme


def test_too_few_comments_are_refused_plainly(world: World, store_response: StoreResponse) -> None:
    for text in topic_texts()[: DISCOVERY_MIN_COMMENTS - 1]:
        store_response(world.a, text, created_at=NOON)
    comments_analyse()
    with pytest.raises(ValidationError) as error:
        run(world.a)
    (message,) = error.value.message_dict[NON_FIELD_ERRORS]
    assert "has 19 comment(s)" in message
    assert "at least 20" in message
    assert not ThemeDiscovery.objects.exists()


def test_only_counted_comments_of_the_period_and_service_are_read(
    world: World, store_response: StoreResponse
) -> None:
    comments = store_topics(world.a, store_response)
    store_response(world.a, "I waited on the phone line for an hour again.", created_at=NOON)
    store_topics(world.a, store_response, when=NOON + dt.timedelta(days=1))  # after the period
    store_topics(world.b, store_response)  # another agency's service
    Response.objects.filter(pk=comments[0].response_id).update(is_spam=True)
    discovery = run(world.a)
    assert discovery.comments_count == 20
    read = {pk for theme in discovery.themes.all() for pk in theme.member_ids}
    assert comments[0].pk not in read
    in_period = Comment.objects.filter(organization=world.a.organization, created_at=NOON)
    assert read <= set(in_period.values_list("pk", flat=True))


def test_the_period_takes_whole_utc_days(world: World, store_response: StoreResponse) -> None:
    store_topics(world.a, store_response, when=dt.datetime(2025, 5, 7, 23, 59, tzinfo=dt.UTC))
    assert run(world.a, date_from=DAY, date_to=dt.date(2025, 5, 7)).comments_count == 20
    with pytest.raises(ValidationError):
        run(world.a, date_from=DAY, date_to=DAY)


def test_a_service_of_another_organization_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        discovery_run(
            organization=world.a.organization,
            service=world.b.service,
            date_from=DAY,
            date_to=DAY,
            user=None,
        )
    assert list(error.value.message_dict) == ["service"]


def test_adopting_makes_a_theme_and_assigns_its_members(
    world: World, store_response: StoreResponse
) -> None:
    comments = store_topics(world.a, store_response)
    found = run(world.a).themes.first()
    assert found is not None
    by_person = Comment.objects.get(pk=found.member_ids[0])
    comment_theme_set(comment=by_person, theme=None, user=world.viewer_a)

    theme = discovered_theme_adopt(discovered=found, name="Phone waits", user=world.manager_a)
    assert (theme.name, theme.origin) == ("Phone waits", ThemeOrigin.DISCOVERED)
    assert theme.key_terms == found.key_terms
    assert 0 < len(theme.examples) <= 5
    texts = set(topic_texts())
    assert all(example in texts for example in theme.examples)
    members = Comment.objects.filter(pk__in=found.member_ids[1:])
    assert {(c.theme_id, c.theme_source) for c in members} == {
        (theme.pk, AssignmentSource.AUTOMATIC)
    }
    by_person.refresh_from_db()
    assert (by_person.theme, by_person.theme_source) == (None, AssignmentSource.PERSON)
    found.refresh_from_db()
    assert found.adopted_as == theme
    others = Comment.objects.exclude(pk__in=found.member_ids).filter(
        pk__in=[c.pk for c in comments]
    )
    assert not others.filter(theme=theme).exists()
    assert TaxonomyRevision.objects.get(organization=world.a.organization).revision == 1

    with pytest.raises(ValidationError) as error:
        discovered_theme_adopt(discovered=found, name="Again", user=None)
    assert "already adopted" in error.value.message_dict[NON_FIELD_ERRORS][0]


def test_adopting_under_a_taken_name_names_the_field(
    world: World, store_response: StoreResponse
) -> None:
    store_topics(world.a, store_response)
    first, second = list(run(world.a).themes.all())[:2]
    discovered_theme_adopt(discovered=first, name="Calls", user=None)
    with pytest.raises(ValidationError) as error:
        discovered_theme_adopt(discovered=second, name="calls", user=None)
    assert list(error.value.message_dict) == ["name"]
