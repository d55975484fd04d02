"""Coding samples: drawing them, storing judgements, and the agreement between coders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from govcx.comments.coding import (
    AUTOMATIC_CODER,
    coding_agreement,
    coding_judgements_save,
    coding_sample_create,
    coding_samples_visible_to,
    kappa_reading,
    sample_comments,
)
from govcx.comments.models import AssignmentSource, CodingJudgement, CodingSample, Comment, Theme
from govcx.lib.themes import cohens_kappa
from govcx.registry.models import User
from tests.comments.root_cause_data import make_theme, store_comment, store_many
from tests.conftest import World

TODAY = dt.date.today()


def _sample(world: World, size: int = 10, seed: int = 7) -> CodingSample:
    return coding_sample_create(
        organization=world.a.organization,
        name="Benefit applications",
        service=world.a.service,
        date_from=TODAY - dt.timedelta(days=30),
        date_to=TODAY + dt.timedelta(days=1),
        size=size,
        user=world.manager_a,
        seed=seed,
    )


def test_a_sample_is_a_random_draw_of_counted_comments_in_scope(world: World) -> None:
    store_many(world.a.survey, 15, negative=True)
    spam = store_comment(world.a.survey, "Spam", negative=True, spam=True)
    old = store_comment(
        world.a.survey, "Old", negative=True, when=timezone.now() - dt.timedelta(days=90)
    )
    store_many(world.b.survey, 5, negative=True)
    sample = _sample(world, size=12)
    chosen = set(sample.comments.values_list("pk", flat=True))
    assert len(chosen) == 12
    assert spam.pk not in chosen
    assert old.pk not in chosen
    assert set(Comment.objects.filter(pk__in=chosen).values_list("organization", flat=True)) == {
        world.a.organization.pk
    }
    # The same seed draws the same comments.
    assert set(_sample(world, size=12).comments.values_list("pk", flat=True)) == chosen


def test_a_sample_takes_every_comment_when_fewer_exist(world: World) -> None:
    store_many(world.a.survey, 4, negative=True)
    assert _sample(world, size=10).comments.count() == 4


def test_an_empty_scope_or_a_bad_size_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="no comments to sample"):
        _sample(world)
    store_many(world.a.survey, 3, negative=True)
    for size in (9, 501):
        with pytest.raises(ValidationError, match="10 to 500"):
            _sample(world, size=size)
    assert not CodingSample.objects.exists()


def _coded(sample: CodingSample, coder: User, themes: list[Theme | None]) -> None:
    comments = sample_comments(sample)
    coding_judgements_save(
        sample=sample,
        coder=coder,
        judgements={comment.pk: theme for comment, theme in zip(comments, themes, strict=False)},
    )


def test_re_saving_changes_a_judgement_rather_than_adding_one(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    waiting = make_theme(world.a.organization, "Waiting")
    forms = make_theme(world.a.organization, "Forms")
    sample = _sample(world)
    _coded(sample, world.viewer_a, [waiting, None, forms])
    _coded(sample, world.viewer_a, [forms])
    judgements = CodingJudgement.objects.filter(sample=sample, coder=world.viewer_a)
    assert judgements.count() == 3
    first = sample_comments(sample)[0]
    assert judgements.get(comment=first).theme == forms


def test_another_organizations_theme_is_refused_naming_the_comment(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    ours = make_theme(world.a.organization, "Waiting")
    theirs = make_theme(world.b.organization, "Parking")
    sample = _sample(world)
    with pytest.raises(ValidationError) as refused:
        _coded(sample, world.viewer_a, [ours, ours, theirs])
    assert refused.value.messages == ["Comment 3: “Parking” is not an active theme of Agency A."]
    assert not CodingJudgement.objects.exists()


def test_a_comment_outside_the_sample_is_refused(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    outside = store_comment(world.b.survey, "B", negative=True)
    sample = _sample(world)
    with pytest.raises(ValidationError, match="not part of the sample"):
        coding_judgements_save(sample=sample, coder=world.viewer_a, judgements={outside.pk: None})


def test_the_agreement_table_matches_cohens_kappa_on_the_same_labels(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    waiting = make_theme(world.a.organization, "Waiting")
    forms = make_theme(world.a.organization, "Forms")
    sample = _sample(world)
    first = [waiting, waiting, forms, None, forms, waiting, None, forms, waiting, forms]
    second = [waiting, forms, forms, None, forms, waiting, waiting, forms, None, forms]
    _coded(sample, world.viewer_a, first)
    _coded(sample, world.manager_a, second[:8])  # the manager has coded 8 of 10 so far
    agreement = coding_agreement(sample)
    pair = next(row for row in agreement.rows if AUTOMATIC_CODER not in (row.first, row.second))
    assert {pair.first, pair.second} == {"viewer_a", "manager_a"}

    def label(theme: Theme | None) -> str | None:
        return theme.name if theme else None

    expected = cohens_kappa([label(t) for t in first[:8]], [label(t) for t in second[:8]])
    assert pair.agreement.n == 8
    assert pair.agreement.kappa == pytest.approx(expected.kappa)
    assert pair.agreement.observed == pytest.approx(expected.observed)
    assert pair.agreement.low == pytest.approx(expected.low)
    progress = {each.coder: (each.coded, each.total) for each in agreement.progress}
    assert progress == {"manager_a": (8, 10), "viewer_a": (10, 10)}


def test_each_coder_is_compared_with_the_automatic_assignment(world: World) -> None:
    waiting = make_theme(world.a.organization, "Waiting")
    store_many(world.a.survey, 6, negative=True, theme=waiting)
    store_many(world.a.survey, 4, negative=True)
    sample = _sample(world)
    comments = sample_comments(sample)
    corrected = comments[0]
    Comment.objects.filter(pk=corrected.pk).update(theme_source=AssignmentSource.PERSON)
    automatic = {c.pk: (waiting if c.theme_id else None) for c in comments}
    coding_judgements_save(sample=sample, coder=world.viewer_a, judgements=automatic)
    agreement = coding_agreement(sample)
    (row,) = [row for row in agreement.rows if row.second == AUTOMATIC_CODER]
    assert row.first == "viewer_a"
    assert row.agreement.n == 9  # the comment a person re-themed is left out
    assert row.agreement.observed == 1.0
    assert row.agreement.kappa == pytest.approx(1.0)
    assert agreement.corrected_by_people == 1


def test_a_merged_theme_counts_as_the_theme_it_was_merged_into(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    waiting = make_theme(world.a.organization, "Waiting")
    delays = make_theme(world.a.organization, "Delays")
    sample = _sample(world)
    _coded(sample, world.viewer_a, [waiting] * 5 + [None] * 5)
    _coded(sample, world.manager_a, [delays] * 5 + [None] * 5)
    before = next(row for row in coding_agreement(sample).rows if row.second == "viewer_a")
    assert before.agreement.observed == 0.5
    Theme.objects.filter(pk=delays.pk).update(is_active=False, merged_into=waiting)
    after = next(row for row in coding_agreement(sample).rows if row.second == "viewer_a")
    assert after.agreement.observed == 1.0
    assert after.agreement.kappa == pytest.approx(1.0)


def test_samples_are_visible_only_to_their_organization(world: World) -> None:
    store_many(world.a.survey, 10, negative=True)
    sample = _sample(world)
    assert list(coding_samples_visible_to(world.viewer_a)) == [sample]
    assert not coding_samples_visible_to(world.outsider).exists()


@pytest.mark.parametrize(
    ("kappa", "reading"),
    [
        (-0.1, "poor (less than chance)"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.45, "moderate"),
        (0.81, "almost perfect"),
        (None, ""),
    ],
)
def test_kappa_is_read_with_landis_and_koch_bands(kappa: float | None, reading: str) -> None:
    assert kappa_reading(kappa) == reading
