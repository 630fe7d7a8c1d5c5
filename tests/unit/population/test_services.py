"""Outreach services: import all or nothing, re-identify with a care relationship, record the
outreach, add to caseload; each writes its audit event."""

import pytest

from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.governance.models import AuditEvent, ConsentRecord
from locality.plans.models import CaseloadEntry
from locality.population import services
from locality.population.models import OutreachList, OutreachListEntry
from locality.population.outreach_csv import OutreachFileError
from locality.population.selectors import OutreachNotFound, outreach_entry_for_user
from tests.factories import (
    CaseloadEntryFactory,
    ConsentRecordFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)
from tests.factories.population_web import (
    NeighbourhoodFactory,
    OutreachListEntryFactory,
    OutreachListFactory,
    cohort_rows,
    cohort_text,
)

REIDENTIFY = "population.reidentify"


@pytest.fixture
def north(db):
    return NeighbourhoodFactory(name="North")


@pytest.fixture
def outreach_list(team, coordinator, north):
    return OutreachListFactory(team=team, neighbourhood=north, created_by=coordinator)


def entry_for(outreach_list, person):
    return OutreachListEntryFactory(outreach_list=outreach_list, person=person)


# import


def test_import_makes_the_teams_list_and_audits_counts(coordinator, team, north):
    people = [PersonFactory() for _ in range(3)]
    created = services.outreach_list_import(
        by=coordinator,
        neighbourhood=north,
        text=cohort_text(cohort_rows(people)),
        source_file="frail.csv",
    )
    assert (created.team, created.cohort, created.cohort_version) == (team, "frail-living-alone", 1)
    assert [e.rank for e in created.entries.all()] == [1, 2, 3]
    event = AuditEvent.objects.get(action="create", object_type="population.outreachlist")
    assert event.detail == {
        "cohort": "frail-living-alone v1",
        "entries": 3,
        "neighbourhood": "North",
        "source_file": "frail.csv",
    }
    assert event.person == ""


def test_import_with_an_unknown_pseudonym_imports_nothing(coordinator, north):
    rows = cohort_rows([PersonFactory(), PersonFactory()])
    rows[1]["person_id"] = "f" * 64
    with pytest.raises(OutreachFileError) as exc:
        services.outreach_list_import(
            by=coordinator, neighbourhood=north, text=cohort_text(rows), source_file="x.csv"
        )
    assert exc.value.problems == [
        "x.csv, row 2, column person_id: no person was exported under this pseudonym "
        "(make the cohort from this Locality's `locality population export`)"
    ]
    assert not OutreachList.objects.exists() and not OutreachListEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_import_for_another_neighbourhood_is_refused(coordinator, db):
    east = NeighbourhoodFactory(name="East")
    with pytest.raises(GovernanceError, match="covers 'North', not 'East'"):
        services.outreach_list_import(
            by=coordinator,
            neighbourhood=east,
            text=cohort_text(cohort_rows([PersonFactory()], neighbourhood="East")),
            source_file="x.csv",
        )
    assert not OutreachList.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "analyst", "ig_lead", "administrator"])
def test_import_without_the_permission_is_refused_and_audited(team, north, role):
    user = UserFactory(role=role, team=team)
    with pytest.raises(AccessDenied):
        services.outreach_list_import(
            by=user,
            neighbourhood=north,
            text=cohort_text(cohort_rows([PersonFactory()])),
            source_file="x.csv",
        )
    event = AuditEvent.objects.get(outcome="refused")
    assert (event.actor, event.action) == (user.email, "population.outreach_import")


def test_neighbourhood_named_finds_by_name_or_la_code(db):
    north = NeighbourhoodFactory(name="North")
    other = NeighbourhoodFactory(name="North", la_code="E08000035", la_name="Leeds")
    with pytest.raises(GovernanceError, match="give it as LA_CODE:North"):
        services.neighbourhood_named("North")
    assert services.neighbourhood_named("E06000014:North") == north
    assert services.neighbourhood_named(" E08000035 : North ") == other
    with pytest.raises(GovernanceError, match="no neighbourhood is named 'Nowhere'"):
        services.neighbourhood_named("Nowhere")


# re-identify


def test_reidentify_with_a_caseload_relationship_is_audited(
    coordinator, outreach_list, person_on_caseload
):
    entry = entry_for(outreach_list, person_on_caseload)
    assert services.outreach_entry_reidentify(by=coordinator, entry=entry) == person_on_caseload
    entry.refresh_from_db()
    assert entry.reidentified_by == coordinator and entry.reidentified_at is not None
    event = AuditEvent.objects.get(action=REIDENTIFY)
    assert (event.outcome, event.person, event.purpose) == (
        "allowed",
        person_on_caseload.pseudo_id,
        "proactive outreach",
    )
    assert (event.object_type, event.object_id) == ("population.outreachlistentry", str(entry.pk))
    assert event.detail == {
        "list": outreach_list.pk,
        "entry": entry.pk,
        "cohort": "frail-living-alone v1",
        "basis": "caseload",
    }


def test_reidentify_with_a_referral_to_the_users_organisation(
    coordinator, organisation, outreach_list, person
):
    ReferralFactory(person=person, to_organisation=organisation)
    entry = entry_for(outreach_list, person)
    assert services.outreach_entry_reidentify(by=coordinator, entry=entry) == person
    assert AuditEvent.objects.get(action=REIDENTIFY).detail["basis"] == "referral"


def test_reidentify_without_a_relationship_is_refused_and_audited(
    coordinator, outreach_list, person
):
    entry = entry_for(outreach_list, person)
    with pytest.raises(AccessDenied):
        services.outreach_entry_reidentify(by=coordinator, entry=entry)
    event = AuditEvent.objects.get(action=REIDENTIFY)
    assert (event.outcome, event.person, event.actor) == (
        "refused",
        person.pseudo_id,
        coordinator.email,
    )
    entry.refresh_from_db()
    assert entry.reidentified_by is None


def test_reidentify_after_consent_withdrawn_for_the_organisation_is_refused(
    coordinator, organisation, outreach_list, person_on_caseload
):
    ConsentRecordFactory(
        person=person_on_caseload,
        purpose=ConsentRecord.Purpose.DIRECT_CARE,
        organisation=organisation,
        status=ConsentRecord.Status.WITHDRAWN,
    )
    entry = entry_for(outreach_list, person_on_caseload)
    with pytest.raises(AccessDenied):
        services.outreach_entry_reidentify(by=coordinator, entry=entry)


def test_analyst_in_the_team_may_not_reidentify(analyst, outreach_list, person_on_caseload):
    entry = entry_for(outreach_list, person_on_caseload)
    with pytest.raises(OutreachNotFound):
        services.outreach_entry_reidentify(by=analyst, entry=entry)
    assert AuditEvent.objects.get(action=REIDENTIFY).outcome == "refused"


def test_an_entry_of_another_teams_list_is_not_found_and_audited(
    stranger, outreach_list, person_on_caseload
):
    entry = entry_for(outreach_list, person_on_caseload)
    with pytest.raises(OutreachNotFound):
        outreach_entry_for_user(stranger, outreach_list.pk, entry.pk, action=REIDENTIFY)
    event = AuditEvent.objects.get(outcome="refused")
    assert (event.actor, event.action, event.person) == (stranger.email, REIDENTIFY, "")
    assert event.detail == {"list": outreach_list.pk, "entry": entry.pk, "found": True}


def test_services_refuse_an_entry_of_another_teams_list(stranger, outreach_list, person):
    entry = entry_for(outreach_list, person)
    for call in (
        lambda: services.outreach_entry_reidentify(by=stranger, entry=entry),
        lambda: services.outreach_entry_record(by=stranger, entry=entry, status="declined"),
        lambda: services.outreach_entry_add_to_caseload(by=stranger, entry=entry),
    ):
        with pytest.raises(OutreachNotFound):
            call()
    refused = AuditEvent.objects.filter(outcome="refused", actor=stranger.email)
    assert refused.count() == 3 and not refused.exclude(person="").exists()


def test_an_entry_whose_pseudonym_no_longer_resolves_is_not_found(coordinator, outreach_list):
    entry = OutreachListEntry.objects.create(outreach_list=outreach_list, pseudonym="e" * 64)
    with pytest.raises(OutreachNotFound):
        services.outreach_entry_reidentify(by=coordinator, entry=entry)
    event = AuditEvent.objects.get(outcome="refused")
    assert event.detail == {"list": outreach_list.pk, "entry": entry.pk, "resolved": False}


# record the outreach, add to caseload


def test_record_contacted_is_audited(coordinator, outreach_list, person_on_caseload):
    entry = entry_for(outreach_list, person_on_caseload)
    services.outreach_entry_record(by=coordinator, entry=entry, status="contacted")
    entry.refresh_from_db()
    assert (entry.status, entry.status_changed_by) == ("contacted", coordinator)
    event = AuditEvent.objects.get(action="change")
    assert event.person == person_on_caseload.pseudo_id and event.detail["status"] == "contacted"


def test_record_needs_a_relationship_and_a_known_outcome(coordinator, outreach_list, person):
    entry = entry_for(outreach_list, person)
    with pytest.raises(GovernanceError, match="record contacted or declined"):
        services.outreach_entry_record(by=coordinator, entry=entry, status="added_to_caseload")
    with pytest.raises(AccessDenied):
        services.outreach_entry_record(by=coordinator, entry=entry, status="declined")
    entry.refresh_from_db()
    assert entry.status == "pending"


def test_add_to_caseload_opens_an_entry_for_the_team(
    coordinator, team, organisation, outreach_list, person
):
    ReferralFactory(person=person, to_organisation=organisation)
    entry = entry_for(outreach_list, person)
    caseload = services.outreach_entry_add_to_caseload(by=coordinator, entry=entry)
    assert (caseload.team, caseload.person, caseload.reason) == (
        team,
        person,
        "Outreach: frail-living-alone v1",
    )
    entry.refresh_from_db()
    assert (entry.status, entry.caseload_entry) == ("added_to_caseload", caseload)
    assert (
        AuditEvent.objects.filter(object_type="plans.caseloadentry", action="create").count() == 1
    )
    change = AuditEvent.objects.get(object_type="population.outreachlistentry", action="change")
    assert change.detail["status"] == "added_to_caseload" and change.person == person.pseudo_id
    with pytest.raises(GovernanceError, match="already on the team's caseload"):
        services.outreach_entry_record(by=coordinator, entry=entry, status="declined")


def test_add_to_caseload_without_a_relationship_is_refused(coordinator, outreach_list, person):
    entry = entry_for(outreach_list, person)
    with pytest.raises(AccessDenied):
        services.outreach_entry_add_to_caseload(by=coordinator, entry=entry)
    assert not CaseloadEntry.objects.exists()
    assert AuditEvent.objects.get(outcome="refused").action == "caseload.manage"
    entry.refresh_from_db()
    assert entry.status == "pending"


def test_practitioner_may_reidentify_but_not_add_to_caseload(team, outreach_list, person):
    practitioner = UserFactory(role="practitioner", team=team)
    CaseloadEntryFactory(team=team, person=person)
    entry = entry_for(outreach_list, person)
    assert services.outreach_entry_reidentify(by=practitioner, entry=entry) == person
    with pytest.raises(AccessDenied):
        services.outreach_entry_add_to_caseload(by=practitioner, entry=entry)


def test_member_of_another_organisation_in_the_team_needs_its_own_relationship(
    team, outreach_list, person
):
    housing = OrganisationFactory(name="Housing partner", kind="housing")
    member = UserFactory(role="coordinator", team=team, organisation=housing)
    ReferralFactory(person=person)  # to some other organisation
    entry = entry_for(outreach_list, person)
    with pytest.raises(AccessDenied):
        services.outreach_entry_reidentify(by=member, entry=entry)
