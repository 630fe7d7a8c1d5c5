"""The pseudonymised persons table: the Locality person-event format, audited with counts."""

import csv
import datetime

import pytest

from locality.analytics.population import schema
from locality.analytics.population.formats.locality import read_dataset
from locality.governance.actors import cli_actor
from locality.governance.exceptions import AccessDenied
from locality.governance.models import AuditEvent, ConsentRecord
from locality.population import pseudonyms
from locality.population.exports import ethnic_group, population_export
from tests.factories import ConsentRecordFactory, HouseholdFactory, PersonFactory


def rows(folder):
    with (folder / "persons.csv").open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def residents(db):
    shared = HouseholdFactory()
    return [
        PersonFactory(household=shared, ethnicity="White", sex="female"),
        PersonFactory(household=shared, ethnicity="Asian or Asian British", sex="male"),
        PersonFactory(
            household=HouseholdFactory(),
            ethnicity="",
            sex="unknown",
            date_of_birth=datetime.date(1931, 2, 28),
        ),
        PersonFactory(
            household=None,
            ethnicity="Prefer not to say",
            lsoa_code="",
            address_line_1="",
            postcode="",
        ),
    ]


def test_export_writes_the_persons_table_by_pseudonym(tmp_path, ig_lead, residents):
    result = population_export(by=ig_lead, folder=tmp_path / "out")
    table = rows(tmp_path / "out")
    assert list(table[0]) == list(schema.PERSONS.column_names)
    assert result.persons == 4 and result.withheld == 0
    by_id = {r["person_id"]: r for r in table}
    first, second, alone, no_household = (by_id[pseudonyms.pseudonym_for(p)] for p in residents)
    assert (first["sex"], first["ethnicity"], first["lives_alone"]) == ("female", "white", "false")
    assert first["household_id"] == second["household_id"] != ""
    assert (alone["birth_date"], alone["ethnicity"], alone["lives_alone"]) == (
        "1931-02-28",
        "",
        "true",
    )
    assert (no_household["lives_alone"], no_household["household_id"]) == ("", "")
    assert no_household["ethnicity"] == "unknown" and no_household["lsoa_code"] == ""
    assert second["ethnicity"] == "asian" and first["lsoa_code"] == "E01013346"


def test_export_holds_no_identifiers(tmp_path, ig_lead, residents):
    population_export(by=ig_lead, folder=tmp_path)
    text = (tmp_path / "persons.csv").read_text()
    for person in residents:
        for value in (person.nhs_number, person.family_name, person.pseudo_id):
            assert value and value not in text
        assert not person.postcode or person.postcode not in text
        assert person.household is None or person.household.pseudo_id not in text


def test_exported_pseudonyms_resolve(tmp_path, ig_lead, residents):
    population_export(by=ig_lead, folder=tmp_path)
    resolved = [pseudonyms.resolve(r["person_id"]) for r in rows(tmp_path)]
    assert sorted(p.pk for p in resolved) == sorted(p.pk for p in residents)


def test_export_is_a_dataset_the_analytics_library_reads(tmp_path, ig_lead, residents):
    population_export(by=ig_lead, folder=tmp_path)
    dataset = read_dataset(tmp_path)
    assert dataset.persons.count().execute() == 4
    assert dataset.events.count().execute() == 0


def test_export_is_audited_with_counts_not_people(tmp_path, ig_lead, residents):
    result = population_export(by=ig_lead, folder=tmp_path)
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.person, event.purpose) == (
        ig_lead.email,
        "",
        "population health analytics",
    )
    assert event.detail == {
        "format": "locality-person-event v1",
        "persons": 4,
        "withheld": 0,
        "key_version": result.key_version,
    }


def test_people_who_withdrew_evaluation_consent_are_withheld(tmp_path, ig_lead, residents):
    ConsentRecordFactory(
        person=residents[0],
        purpose=ConsentRecord.Purpose.EVALUATION,
        status=ConsentRecord.Status.WITHDRAWN,
    )
    ConsentRecordFactory(
        person=residents[1],
        purpose=ConsentRecord.Purpose.EVALUATION,
        status=ConsentRecord.Status.WITHDRAWN,
    )
    ConsentRecordFactory(
        person=residents[1],
        purpose=ConsentRecord.Purpose.EVALUATION,
        status=ConsentRecord.Status.GIVEN,
    )
    result = population_export(by=ig_lead, folder=tmp_path)
    ids = {r["person_id"] for r in rows(tmp_path)}
    assert (result.persons, result.withheld) == (3, 1)
    assert pseudonyms.pseudonym_for(residents[0]) not in ids
    assert pseudonyms.resolve(pseudonyms.pseudonym_for(residents[0])) is None
    assert AuditEvent.objects.get(action="export").detail["withheld"] == 1


def test_the_command_line_operator_may_export(tmp_path, residents):
    assert population_export(by=cli_actor(), folder=tmp_path).persons == 4


@pytest.mark.parametrize("who", ["coordinator", "analyst", "stranger"])
def test_export_is_refused_to_other_roles_and_audited(request, tmp_path, residents, who):
    user = request.getfixturevalue(who)
    with pytest.raises(AccessDenied):
        population_export(by=user, folder=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.outcome) == (
        user.email,
        "population.export",
        "refused",
    )


def test_a_second_export_keeps_the_pseudonyms_and_events_file(tmp_path, ig_lead, residents):
    population_export(by=ig_lead, folder=tmp_path)
    (tmp_path / "events.csv").write_text(",".join(schema.EVENTS.column_names) + "\n")
    first = rows(tmp_path)
    population_export(by=ig_lead, folder=tmp_path)
    assert rows(tmp_path) == first
    assert not (tmp_path / "persons.csv.partial").exists()


@pytest.mark.parametrize(
    "recorded,group",
    [
        ("White", "white"),
        ("Mixed or Multiple", "mixed"),
        ("Black, Black British, Caribbean or African", "black"),
        ("Other ethnic group", "other"),
        ("  asian  ", "asian"),
        ("Not stated", "unknown"),
        ("", ""),
    ],
)
def test_ethnic_group(recorded, group):
    assert ethnic_group(recorded) == group
