"""Service volumes: customers served and offered a survey, per channel and fiscal quarter."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Service, ServiceVolume
from govcx.registry.selectors import service_volumes
from govcx.registry.services import (
    VolumeEntry,
    service_create,
    service_volume_clear,
    service_volume_set,
    service_volumes_save,
    volume_entry_key,
)
from tests.conftest import World

LAST_QUARTER = FiscalQuarter.of(timezone.localdate()).previous()
# A year whose four quarters have all begun, whatever day the tests run.
PAST_YEAR = LAST_QUARTER.fiscal_year - 1


def quarter(number: int) -> FiscalQuarter:
    return FiscalQuarter(PAST_YEAR, number)


def volume(service: Service, **changes: object) -> ServiceVolume:
    fields: dict[str, object] = {
        "service": service,
        "channel": "phone",
        "fiscal_year": PAST_YEAR,
        "fiscal_quarter": 1,
        "customers": 1000,
        "offered_survey": 800,
        **changes,
    }
    return ServiceVolume(**fields)


# --- the model -----------------------------------------------------------------------------------


def test_a_survey_is_offered_to_at_most_the_customers_served(world: World) -> None:
    too_many = volume(world.a.service, customers=100, offered_survey=101)
    with pytest.raises(ValidationError) as error:
        too_many.full_clean()
    assert list(error.value.message_dict) == ["offered_survey"]
    assert "cannot be more than the customers served (100)" in str(error.value)
    volume(world.a.service, customers=100, offered_survey=100).full_clean()
    volume(world.a.service, customers=0, offered_survey=0).full_clean()


def test_the_database_refuses_more_offered_than_served(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        volume(world.a.service, customers=5, offered_survey=6).save()
    assert not ServiceVolume.objects.exists()


@pytest.mark.parametrize("fiscal_quarter", [0, 5])
def test_a_fiscal_quarter_is_1_to_4(world: World, fiscal_quarter: int) -> None:
    bad = volume(world.a.service, fiscal_quarter=fiscal_quarter)
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "fiscal_quarter" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_the_channel_is_one_of_the_services_channels(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        volume(world.a.service, channel="fax").full_clean()  # an A-11 channel, not this service's
    assert error.value.message_dict == {
        "channel": ["AGA benefit applications is not offered on this channel."]
    }
    with pytest.raises(ValidationError) as error:
        volume(world.a.service, channel="telegraph").full_clean()
    assert list(error.value.message_dict) == ["channel"]
    assert len(error.value.message_dict["channel"]) == 1  # said once, by the choices


def test_one_volume_per_service_channel_and_quarter(world: World) -> None:
    volume(world.a.service).save()
    volume(world.a.service, channel="website").save()
    volume(world.a.service, fiscal_quarter=2).save()
    volume(world.b.service).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        volume(world.a.service, customers=5, offered_survey=5).save()


# --- the services --------------------------------------------------------------------------------


def test_setting_creates_then_updates_one_row(world: World) -> None:
    first = service_volume_set(
        service=world.a.service,
        channel="phone",
        quarter=quarter(2),
        customers=12_000,
        offered_survey=3_000,
        user=world.manager_a,
    )
    assert (first.fiscal_year, first.fiscal_quarter) == (PAST_YEAR, 2)
    assert first.updated_by == world.manager_a
    second = service_volume_set(
        service=world.a.service,
        channel="phone",
        quarter=quarter(2),
        customers=12_500,
        offered_survey=12_500,
        user=world.admin_a,
    )
    assert second.pk == first.pk
    stored = ServiceVolume.objects.get()
    assert (stored.customers, stored.offered_survey) == (12_500, 12_500)
    assert stored.updated_by == world.admin_a
    assert stored.quarter == quarter(2)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"offered_survey": 1001}, "offered_survey", "cannot be more than"),
        ({"customers": -1}, "customers", "greater than or equal to 0"),
        ({"channel": "in_person"}, "channel", "not offered on this channel"),
        ({"quarter": FiscalQuarter(2018, 4)}, "fiscal_year", "greater than or equal to 2019"),
        ({"quarter": LAST_QUARTER.shifted(2)}, "fiscal_quarter", "has not begun yet"),
    ],
)
def test_setting_names_the_bad_field_and_stores_nothing(
    world: World, changes: dict[str, object], field: str, message: str
) -> None:
    arguments: dict[str, object] = {
        "service": world.a.service,
        "channel": "phone",
        "quarter": quarter(1),
        "customers": 1000,
        "offered_survey": 800,
        "user": world.admin_a,
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        service_volume_set(**arguments)  # type: ignore[arg-type]
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not ServiceVolume.objects.exists()


def test_the_current_quarter_takes_volumes_as_they_come(world: World) -> None:
    current = LAST_QUARTER.next()
    service_volume_set(
        service=world.a.service,
        channel="website",
        quarter=current,
        customers=10,
        offered_survey=3,
        user=world.admin_a,
    )
    assert ServiceVolume.objects.get().quarter == current


def test_clearing_forgets_one_cell_only(world: World) -> None:
    for channel in ("phone", "website"):
        service_volume_set(
            service=world.a.service,
            channel=channel,
            quarter=quarter(1),
            customers=10,
            offered_survey=5,
            user=world.admin_a,
        )
    service_volume_clear(
        service=world.a.service, channel="phone", quarter=quarter(1), user=world.admin_a
    )
    service_volume_clear(  # nothing recorded there: nothing to do
        service=world.a.service, channel="phone", quarter=quarter(3), user=world.admin_a
    )
    assert [v.channel for v in ServiceVolume.objects.all()] == ["website"]


def test_volumes_go_with_their_service_and_outlive_their_editor(world: World) -> None:
    service = service_create(
        organization=world.a.organization, name="Short-lived", kind="other", channels=["email"]
    )
    service_volume_set(
        service=service,
        channel="email",
        quarter=quarter(1),
        customers=3,
        offered_survey=3,
        user=world.manager_a,
    )
    world.manager_a.delete()
    assert ServiceVolume.objects.get().updated_by is None
    service.delete()
    assert not ServiceVolume.objects.exists()


# --- saving a whole table ----------------------------------------------------------------------


def test_a_table_is_saved_whole_or_not_at_all(world: World) -> None:
    service_volume_set(
        service=world.a.service,
        channel="phone",
        quarter=quarter(1),
        customers=50,
        offered_survey=40,
        user=world.admin_a,
    )
    entries = [
        VolumeEntry(quarter(1), "website", 100, 90),
        VolumeEntry(quarter(1), "phone", None, None),  # would clear
        VolumeEntry(quarter(2), "website", 100, 101),
        VolumeEntry(quarter(3), "website", None, 7),
    ]
    with pytest.raises(ValidationError) as error:
        service_volumes_save(service=world.a.service, entries=entries, user=world.manager_a)
    assert error.value.message_dict == {
        volume_entry_key(quarter(2), "website", "offered_survey"): [
            "Customers offered a survey cannot be more than the customers served (100)."
        ],
        volume_entry_key(quarter(3), "website", "customers"): [
            "Give both figures, or leave both empty to clear them."
        ],
    }
    kept = ServiceVolume.objects.get()
    assert (kept.channel, kept.customers, kept.updated_by) == ("phone", 50, world.admin_a)


def test_a_table_sets_and_clears_only_what_changed(world: World) -> None:
    for channel in ("phone", "website"):
        service_volume_set(
            service=world.a.service,
            channel=channel,
            quarter=quarter(1),
            customers=50,
            offered_survey=40,
            user=world.admin_a,
        )
    entries = [
        VolumeEntry(quarter(1), "phone", 50, 40),  # as recorded
        VolumeEntry(quarter(1), "website", None, None),  # cleared
        VolumeEntry(quarter(2), "phone", 70, 0),  # new
        VolumeEntry(quarter(2), "website", None, None),  # still empty
    ]
    changed = service_volumes_save(service=world.a.service, entries=entries, user=world.manager_a)
    assert changed == 2
    rows = {(v.channel, v.fiscal_quarter): v for v in ServiceVolume.objects.all()}
    assert set(rows) == {("phone", 1), ("phone", 2)}
    assert rows["phone", 1].updated_by == world.admin_a  # untouched
    assert rows["phone", 2].updated_by == world.manager_a


def test_a_problem_with_a_whole_cell_names_its_quarter_and_channel(world: World) -> None:
    entries = [
        VolumeEntry(quarter(1), "phone", 10, 5),
        VolumeEntry(quarter(1), "fax", 10, 5),
    ]
    with pytest.raises(ValidationError) as error:
        service_volumes_save(service=world.a.service, entries=entries, user=world.admin_a)
    assert error.value.message_dict == {
        NON_FIELD_ERRORS: [
            f"FY{PAST_YEAR} Q1, Fax: AGA benefit applications is not offered on this channel."
        ]
    }
    assert not ServiceVolume.objects.exists()


def test_keys_name_the_quarter_channel_and_field() -> None:
    key = volume_entry_key(FiscalQuarter(2026, 1), "in_person", "offered_survey")
    assert key == "FY2026-Q1-in_person-offered_survey"


# --- the selector --------------------------------------------------------------------------------


def test_the_selector_reads_in_one_query_in_order(world: World) -> None:
    other = service_create(
        organization=world.a.organization,
        name="AAA first by name",
        kind="other",
        channels=["email", "phone"],
    )
    for service, channel, number in [
        (world.a.service, "website", 2),
        (world.a.service, "phone", 2),
        (world.a.service, "phone", 1),
        (other, "phone", 1),
        (other, "email", 1),
        (world.b.service, "phone", 1),
    ]:
        volume(service, channel=channel, fiscal_quarter=number).save()
    volume(world.a.service, fiscal_year=PAST_YEAR - 1).save()
    with CaptureQueriesContext(connection) as queries:
        found = service_volumes(services=Service.objects.filter(organization=world.a.organization))
        assert [(v.service.name, v.channel, v.quarter) for v in found] == [
            ("AAA first by name", "email", quarter(1)),
            ("AAA first by name", "phone", quarter(1)),
            (world.a.service.name, "phone", FiscalQuarter(PAST_YEAR - 1, 1)),
            (world.a.service.name, "phone", quarter(1)),
            (world.a.service.name, "phone", quarter(2)),
            (world.a.service.name, "website", quarter(2)),
        ]
    assert len(queries) == 1


def test_the_selector_keeps_to_the_quarters_asked_for(world: World) -> None:
    for number in (1, 2, 3):
        volume(world.a.service, fiscal_quarter=number).save()
    asked = service_volumes(services=[world.a.service], quarters=[quarter(3), quarter(1)])
    assert [v.fiscal_quarter for v in asked] == [1, 3]
    assert service_volumes(services=[world.a.service], quarters=[]) == []
    assert service_volumes(services=[], quarters=None) == []
    assert service_volumes(services=[world.b.service]) == []
