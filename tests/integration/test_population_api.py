"""The outreach API: lists by pseudonym, import (400 naming problems), re-identify (403)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from locality.governance.models import AuditEvent
from locality.governance.services import token_create
from locality.population.models import OutreachList
from tests.factories import PersonFactory
from tests.factories.population_web import (
    NeighbourhoodFactory,
    OutreachListEntryFactory,
    OutreachListFactory,
    cohort_rows,
    cohort_text,
)


def bearer(user):
    return {"Authorization": f"Bearer {token_create(by=user, user=user)}"}


@pytest.fixture
def outreach_list(team, coordinator):
    return OutreachListFactory(team=team, created_by=coordinator)


@pytest.fixture
def known_entry(outreach_list, person_on_caseload):
    return OutreachListEntryFactory(outreach_list=outreach_list, person=person_on_caseload)


@pytest.fixture
def unknown_entry(outreach_list):
    return OutreachListEntryFactory(outreach_list=outreach_list, person=PersonFactory())


def reidentify_url(entry):
    return f"/api/population/outreach/{entry.outreach_list_id}/entries/{entry.pk}/reidentify"


def test_api_lists_the_teams_lists(client, coordinator, stranger, outreach_list):
    mine = client.get("/api/population/outreach", headers=bearer(coordinator)).json()
    assert [(x["id"], x["cohort"], x["neighbourhood"]) for x in mine] == [
        (outreach_list.pk, "frail-living-alone", "North")
    ]
    assert client.get("/api/population/outreach", headers=bearer(stranger)).json() == []


def test_api_list_shows_pseudonyms_and_who_may_reidentify(
    client, coordinator, known_entry, unknown_entry, person_on_caseload
):
    response = client.get(
        f"/api/population/outreach/{known_entry.outreach_list_id}", headers=bearer(coordinator)
    )
    body = response.json()
    assert response.status_code == 200 and body["total"] == 2
    flags = {e["pseudonym"]: e["may_reidentify"] for e in body["entries"]}
    assert flags == {known_entry.pseudonym: True, unknown_entry.pseudonym: False}
    text = response.content.decode()
    assert person_on_caseload.nhs_number not in text and person_on_caseload.family_name not in text


def test_api_list_of_another_team_is_404(client, stranger, known_entry):
    url = f"/api/population/outreach/{known_entry.outreach_list_id}"
    assert client.get(url, headers=bearer(stranger)).status_code == 404
    assert client.get("/api/population/outreach/x1", headers=bearer(stranger)).status_code == 404


def test_api_reidentify_with_a_relationship(client, coordinator, known_entry, person_on_caseload):
    response = client.post(reidentify_url(known_entry), headers=bearer(coordinator))
    assert response.status_code == 200
    assert response.json()["nhs_number"] == person_on_caseload.nhs_number
    event = AuditEvent.objects.get(action="population.reidentify")
    assert (event.outcome, event.person) == ("allowed", person_on_caseload.pseudo_id)


def test_api_reidentify_without_a_relationship_is_403(client, coordinator, unknown_entry):
    response = client.post(reidentify_url(unknown_entry), headers=bearer(coordinator))
    assert response.status_code == 403
    assert "nhs_number" not in response.content.decode()
    assert AuditEvent.objects.get(action="population.reidentify").outcome == "refused"


def test_api_reidentify_by_an_unrelated_user_is_404(client, stranger, known_entry):
    assert client.post(reidentify_url(known_entry), headers=bearer(stranger)).status_code == 404


def test_api_needs_a_token(client, known_entry):
    assert client.get("/api/population/outreach").status_code == 401
    assert client.post(reidentify_url(known_entry)).status_code == 401


def test_api_import(client, coordinator, team):
    NeighbourhoodFactory(name="North")
    text = cohort_text(cohort_rows([PersonFactory(), PersonFactory()]))
    response = client.post(
        "/api/population/outreach/import",
        {"neighbourhood": "North", "file": _file(text)},
        headers=bearer(coordinator),
    )
    assert response.status_code == 201, response.content
    created = OutreachList.objects.get()
    assert response.json()["id"] == created.pk and created.entries.count() == 2


def test_api_import_with_problems_is_400_and_imports_nothing(client, coordinator):
    NeighbourhoodFactory(name="North")
    rows = cohort_rows([PersonFactory()])
    rows[0]["cohort_version"] = "0"
    response = client.post(
        "/api/population/outreach/import",
        {"neighbourhood": "North", "file": _file(cohort_text(rows))},
        headers=bearer(coordinator),
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        "cohort.csv, row 1, column cohort_version: '0' is not a positive whole number"
    ]
    assert not OutreachList.objects.exists()


def test_api_import_to_an_unknown_neighbourhood_is_400(client, coordinator):
    response = client.post(
        "/api/population/outreach/import",
        {"neighbourhood": "Atlantis", "file": _file("person_id\n")},
        headers=bearer(coordinator),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "no neighbourhood is named 'Atlantis'"


def test_api_import_by_a_user_without_the_permission_is_404(client, analyst):
    NeighbourhoodFactory(name="North")
    response = client.post(
        "/api/population/outreach/import",
        {"neighbourhood": "North", "file": _file(cohort_text(cohort_rows([PersonFactory()])))},
        headers=bearer(analyst),
    )
    assert response.status_code == 404
    assert AuditEvent.objects.get(outcome="refused").actor == analyst.email


def _file(text: str):
    return SimpleUploadedFile("cohort.csv", text.encode(), content_type="text/csv")
