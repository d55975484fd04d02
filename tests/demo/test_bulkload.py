"""Setting indexes and foreign keys aside for a big load, and restoring them exactly."""

from __future__ import annotations

import pytest
from django.db import connection

from govcx.demo import bulkload
from govcx.demo.bulkload import secondary_indexes_set_aside, worth_setting_aside
from govcx.demo.seed import demo_seed
from govcx.responses.models import Response
from govcx.surveys.models import SurveyVersion
from govcx.surveys.validation import validate_answers

TABLE = Response._meta.db_table
pytestmark = pytest.mark.django_db


def schema() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The table's indexes and constraints as PostgreSQL reports them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1", [TABLE]
        )
        indexes = [(name, definition) for name, definition in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY 1",
            [TABLE],
        )
        constraints = [(name, definition) for name, definition in cursor.fetchall()]
    return indexes, constraints


@pytest.fixture
def postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("indexes are set aside on PostgreSQL only")


def test_small_loads_and_other_databases_keep_their_indexes(is_postgres: bool) -> None:
    assert not worth_setting_aside(TABLE, bulkload.SET_ASIDE_MIN_ROWS - 1)
    assert worth_setting_aside(TABLE, bulkload.SET_ASIDE_MIN_ROWS) is is_postgres


@pytest.mark.usefixtures("postgres_only")
def test_indexes_and_foreign_keys_come_back_exactly() -> None:
    indexes, constraints = schema()
    assert any(definition.startswith("FOREIGN KEY") for _name, definition in constraints)
    with secondary_indexes_set_aside(TABLE) as set_aside:
        kept_indexes, kept_constraints = schema()
        assert len(set_aside) == len(indexes) - len(kept_indexes) + (
            len(constraints) - len(kept_constraints)
        )
        # Only the primary key, the unique constraints with their indexes, and the row checks
        # (which cost nothing to keep and have no index) stay.
        kinds = [d.split(" (")[0] for _n, d in kept_constraints]
        assert set(kinds) == {"PRIMARY KEY", "UNIQUE", "CHECK"}
        assert len(kept_indexes) == kinds.count("PRIMARY KEY") + kinds.count("UNIQUE")
    assert schema() == (indexes, constraints)


@pytest.mark.usefixtures("postgres_only")
def test_a_seed_with_indexes_set_aside_stores_valid_responses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = schema()
    monkeypatch.setattr(bulkload, "SET_ASIDE_MIN_ROWS", 1)
    said: list[str] = []
    demo_seed(responses=200, say=said.append)
    assert any("set aside" in line for line in said)
    assert schema() == before
    structures = {v.pk: v.parsed() for v in SurveyVersion.objects.all()}
    responses = list(Response.objects.all())
    assert sum("transaction_id" not in r.answers for r in responses) == 400
    assert all(
        validate_answers(structures[r.survey_version_id], r.answers).is_valid for r in responses
    )
