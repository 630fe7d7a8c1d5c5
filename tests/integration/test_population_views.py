"""Outreach pages: lists by pseudonym, re-identify (POST, audited, 403 without a care
relationship), record the outreach, add to caseload and upload; each route's happy,
signed-out and unrelated-user cases."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from locality.core.nhs_number import format_spaced
from locality.governance.models import AuditEvent
from locality.plans.models import CaseloadEntry
from locality.population.models import OutreachList
from tests.factories import PersonFactory, ReferralFactory, UserFactory
from tests.factories.population_web import (
    NeighbourhoodFactory,
    OutreachListEntryFactory,
    OutreachListFactory,
    cohort_rows,
    cohort_text,
)

REIDENTIFY = "population.reidentify"


@pytest.fixture
def outreach_list(team, coordinator):
    return OutreachListFactory(team=team, created_by=coordinator)


@pytest.fixture
def known_entry(outreach_list, person_on_caseload):
    """An entry for someone the coordinator's team holds on its caseload."""
    return OutreachListEntryFactory(outreach_list=outreach_list, person=person_on_caseload, rank=1)


@pytest.fixture
def unknown_person(db):
    return PersonFactory()


@pytest.fixture
def unknown_entry(outreach_list, unknown_person):
    """An entry for someone nobody in the team has a care relationship with."""
    return OutreachListEntryFactory(outreach_list=outreach_list, person=unknown_person, rank=2)


def url(name, entry):
    return reverse(f"population:{name}", args=[entry.outreach_list_id, entry.pk])


def list_url(outreach_list):
    return reverse("population:outreach_list", args=[outreach_list.pk])


# population:outreach_lists


def test_lists_page_shows_the_teams_lists(login, coordinator, outreach_list, known_entry):
    OutreachListFactory(cohort="someone-elses")  # another team's
    html = login(coordinator).get(reverse("population:outreach_lists")).content.decode()
    assert "frail-living-alone (version 1)" in html and "someone-elses" not in html
    assert "<caption" in html and "Upload a cohort member list" in html


def test_lists_page_is_empty_for_an_unrelated_user(login, stranger, outreach_list):
    html = login(stranger).get(reverse("population:outreach_lists")).content.decode()
    assert "Your team has no outreach lists." in html and "frail-living-alone" not in html


def test_lists_page_signed_out_goes_to_sign_in(client):
    response = client.get(reverse("population:outreach_lists"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


# population:outreach_list


def test_list_page_never_shows_names_or_nhs_numbers(
    login,
    coordinator,
    outreach_list,
    known_entry,
    unknown_entry,
    person_on_caseload,
    unknown_person,
):
    response = login(coordinator).get(list_url(outreach_list))
    html = response.content.decode()
    assert response.status_code == 200
    for person in (person_on_caseload, unknown_person):
        for value in (
            person.given_name,
            person.family_name,
            person.nhs_number,
            format_spaced(person.nhs_number),
            person.pseudo_id,
        ):
            assert value not in html
    assert known_entry.short_pseudonym in html and unknown_entry.short_pseudonym in html
    assert known_entry.pseudonym not in html  # the short form only
    assert "Moderate frailty; lives alone" in html
    assert "People in the cohort, by rank (2 in all)" in html


def test_list_page_offers_reidentify_only_with_a_care_relationship(
    login, coordinator, outreach_list, known_entry, unknown_entry
):
    html = login(coordinator).get(list_url(outreach_list)).content.decode()
    assert url("entry_reidentify", known_entry) in html
    assert url("entry_reidentify", unknown_entry) not in html
    assert 'method="post"' in html


def test_list_page_view_is_audited_without_a_person(login, coordinator, outreach_list, known_entry):
    login(coordinator).get(list_url(outreach_list))
    event = AuditEvent.objects.get(object_type="population.outreachlist", action="read")
    assert (event.actor, event.person, event.detail) == (coordinator.email, "", {"entries": 1})


def test_list_page_of_another_team_is_404_and_audited(login, stranger, outreach_list, known_entry):
    response = login(stranger).get(list_url(outreach_list))
    assert response.status_code == 404
    assert known_entry.short_pseudonym not in response.content.decode()
    event = AuditEvent.objects.get(outcome="refused")
    assert (event.actor, event.action) == (stranger.email, "population.outreach_view")


def test_list_page_for_a_missing_list_is_the_same_404(login, coordinator):
    response = login(coordinator).get(reverse("population:outreach_list", args=[999999]))
    assert response.status_code == 404
    assert AuditEvent.objects.get(outcome="refused").detail == {"list": 999999, "found": False}


def test_list_page_signed_out_goes_to_sign_in(client, outreach_list):
    response = client.get(list_url(outreach_list))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


# population:entry_reidentify


def test_reidentify_shows_the_person_and_is_audited(
    login, coordinator, known_entry, person_on_caseload
):
    response = login(coordinator).post(url("entry_reidentify", known_entry))
    html = response.content.decode()
    assert response.status_code == 200
    assert person_on_caseload.full_name in html
    assert format_spaced(person_on_caseload.nhs_number) in html
    assert reverse("people:detail", args=[person_on_caseload.pseudo_id]) in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=REIDENTIFY)
    assert (event.outcome, event.person, event.purpose) == (
        "allowed",
        person_on_caseload.pseudo_id,
        "proactive outreach",
    )
    assert event.detail["list"] == known_entry.outreach_list_id
    assert event.detail["entry"] == known_entry.pk
    assert event.request_id == response["X-Request-Id"]


def test_reidentify_without_a_care_relationship_is_403_and_audited(
    login, coordinator, unknown_entry, unknown_person
):
    response = login(coordinator).post(url("entry_reidentify", unknown_entry))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot re-identify this person" in html
    assert unknown_person.family_name not in html and unknown_person.nhs_number not in html
    event = AuditEvent.objects.get(action=REIDENTIFY)
    assert (event.outcome, event.person, event.actor) == (
        "refused",
        unknown_person.pseudo_id,
        coordinator.email,
    )


def test_reidentify_by_an_unrelated_user_is_404(login, stranger, known_entry, person_on_caseload):
    response = login(stranger).post(url("entry_reidentify", known_entry))
    assert response.status_code == 404
    assert person_on_caseload.family_name not in response.content.decode()
    event = AuditEvent.objects.get(outcome="refused")
    assert (event.actor, event.action) == (stranger.email, REIDENTIFY)


def test_reidentify_is_post_only(login, coordinator, known_entry):
    assert login(coordinator).get(url("entry_reidentify", known_entry)).status_code == 405
    assert not AuditEvent.objects.filter(action=REIDENTIFY).exists()


def test_reidentify_signed_out_goes_to_sign_in(client, known_entry):
    response = client.post(url("entry_reidentify", known_entry))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not AuditEvent.objects.filter(action=REIDENTIFY).exists()


# population:entry_outcome and population:entry_add_to_caseload


def test_record_contacted(login, coordinator, known_entry):
    response = login(coordinator).post(url("entry_outcome", known_entry), {"status": "contacted"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#entry-{known_entry.pk}")
    known_entry.refresh_from_db()
    assert known_entry.status == "contacted"


def test_record_outcome_without_a_relationship_is_403(login, coordinator, unknown_entry):
    response = login(coordinator).post(url("entry_outcome", unknown_entry), {"status": "declined"})
    assert response.status_code == 403
    unknown_entry.refresh_from_db()
    assert unknown_entry.status == "pending"


def test_record_outcome_by_an_unrelated_user_is_404(login, stranger, known_entry):
    response = login(stranger).post(url("entry_outcome", known_entry), {"status": "declined"})
    assert response.status_code == 404


def test_add_to_caseload_from_the_list(
    login, coordinator, team, organisation, outreach_list, unknown_person
):
    ReferralFactory(person=unknown_person, to_organisation=organisation)
    entry = OutreachListEntryFactory(outreach_list=outreach_list, person=unknown_person)
    response = login(coordinator).post(url("entry_add_to_caseload", entry))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[unknown_person.pseudo_id])
    assert CaseloadEntry.objects.filter(team=team, person=unknown_person).exists()
    entry.refresh_from_db()
    assert entry.status == "added_to_caseload"
    assert AuditEvent.objects.filter(object_type="plans.caseloadentry", action="create").exists()


def test_add_to_caseload_without_a_relationship_is_403(
    login, coordinator, unknown_entry, unknown_person
):
    response = login(coordinator).post(url("entry_add_to_caseload", unknown_entry))
    assert response.status_code == 403
    assert not CaseloadEntry.objects.filter(person=unknown_person).exists()


def test_add_to_caseload_by_an_unrelated_user_is_404(login, stranger, known_entry):
    assert login(stranger).post(url("entry_add_to_caseload", known_entry)).status_code == 404


def test_entry_actions_signed_out_go_to_sign_in(client, known_entry):
    for name in ("entry_outcome", "entry_add_to_caseload"):
        response = client.post(url(name, known_entry), {"status": "contacted"})
        assert response.status_code == 302 and "/account/login/" in response["Location"]


# population:outreach_upload


def upload(rows, name="frail-north.csv"):
    return SimpleUploadedFile(name, cohort_text(rows).encode(), content_type="text/csv")


def test_upload_makes_an_outreach_list(login, coordinator, team):
    north = NeighbourhoodFactory(name="North")
    people = [PersonFactory() for _ in range(2)]
    response = login(coordinator).post(
        reverse("population:outreach_upload"),
        {"neighbourhood": north.pk, "file": upload(cohort_rows(people))},
    )
    created = OutreachList.objects.get()
    assert response.status_code == 302 and response["Location"] == list_url(created)
    assert (created.team, created.source_file, created.entries.count()) == (
        team,
        "frail-north.csv",
        2,
    )


def test_upload_with_problems_names_them_and_imports_nothing(login, coordinator):
    north = NeighbourhoodFactory(name="North")
    rows = cohort_rows([PersonFactory(), PersonFactory()])
    rows[1]["rank"] = "first"
    response = login(coordinator).post(
        reverse("population:outreach_upload"), {"neighbourhood": north.pk, "file": upload(rows)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The file has 1 problems; nothing was imported" in html
    assert "frail-north.csv, row 2, column rank: &#x27;first&#x27; is not a positive whole" in html
    assert not OutreachList.objects.exists()


def test_upload_without_a_file_asks_for_one(login, coordinator):
    north = NeighbourhoodFactory(name="North")
    response = login(coordinator).post(
        reverse("population:outreach_upload"), {"neighbourhood": north.pk}
    )
    assert "Select a CSV file" in response.content.decode()


def test_upload_page_for_a_practitioner_refuses_the_import(login, team):
    practitioner = UserFactory(role="practitioner", team=team)
    north = NeighbourhoodFactory(name="North")
    response = login(practitioner).post(
        reverse("population:outreach_upload"),
        {"neighbourhood": north.pk, "file": upload(cohort_rows([PersonFactory()]))},
    )
    assert response.status_code == 404
    assert not OutreachList.objects.exists()
    assert AuditEvent.objects.get(outcome="refused").action == "population.outreach_import"


def test_upload_page_offers_only_the_teams_neighbourhood(login, stranger, db):
    NeighbourhoodFactory(name="East")
    html = login(stranger).get(reverse("population:outreach_upload")).content.decode()
    assert "East" not in html
    assert "which is not a neighbourhood loaded in Locality" in html


def test_upload_signed_out_goes_to_sign_in(client):
    response = client.get(reverse("population:outreach_upload"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
