"""Fixtures for the hosted-page tests; the surveys themselves are in tests.collection.surveys."""

from __future__ import annotations

from typing import Any

import pytest

from govcx.surveys.models import Survey
from govcx.surveys.structure import SurveyStructure
from tests.collection.surveys import EVERY_TYPE, SurveyMaker, publish_survey
from tests.conftest import World


@pytest.fixture
def make_survey(world: World) -> SurveyMaker:
    """A published survey of agency A (or of `organization=`) with the given structure."""

    def make(structure: SurveyStructure, **fields: Any) -> Survey:
        organization = fields.pop("organization", world.a.organization)
        return publish_survey(organization, structure, **fields)

    return make


@pytest.fixture
def every_type_survey(make_survey: SurveyMaker) -> Survey:
    return make_survey(EVERY_TYPE, title="Every question type")
