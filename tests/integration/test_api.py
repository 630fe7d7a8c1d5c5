import pytest

from locality.governance.models import AuditEvent
from locality.governance.services import token_create


def bearer(user):
    return {"Authorization": f"Bearer {token_create(by=user, user=user)}"}


def test_api_person_detail_to_user_with_relationship(client, coordinator, person_on_caseload):
    response = client.get(
        f"/api/people/{person_on_caseload.pseudo_id}", headers=bearer(coordinator)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == person_on_caseload.pseudo_id
    assert body["nhs_number"] == person_on_caseload.nhs_number
    event = AuditEvent.objects.get(action="read")
    assert (event.actor, event.person, event.outcome) == (
        coordinator.email,
        person_on_caseload.pseudo_id,
        "allowed",
    )


def test_api_person_detail_404_without_relationship(client, stranger, person_on_caseload):
    response = client.get(f"/api/people/{person_on_caseload.pseudo_id}", headers=bearer(stranger))
    assert response.status_code == 404
    assert "nhs_number" not in response.content.decode()
    event = AuditEvent.objects.get(outcome="refused")
    assert (event.actor, event.person) == (stranger.email, person_on_caseload.pseudo_id)


def test_api_person_detail_404_for_unknown_person_is_audited(client, coordinator):
    response = client.get("/api/people/PDOESNOTEXIST", headers=bearer(coordinator))
    assert response.status_code == 404
    assert AuditEvent.objects.get(outcome="refused").person == "PDOESNOTEXIST"


def test_api_person_detail_404_for_analyst(client, analyst, person, team):
    from tests.factories import CaseloadEntryFactory

    CaseloadEntryFactory(team=team, person=person)
    response = client.get(f"/api/people/{person.pseudo_id}", headers=bearer(analyst))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic dXNlcjpwYXNz"}]
)
def test_api_requires_a_valid_bearer_token(client, person_on_caseload, headers):
    response = client.get(f"/api/people/{person_on_caseload.pseudo_id}", headers=headers)
    assert response.status_code == 401


def test_api_people_list_only_related_people(client, coordinator, person_on_caseload, stranger):
    from tests.factories import PersonFactory

    PersonFactory()  # nobody's
    body = client.get("/api/people", headers=bearer(coordinator)).json()
    assert [p["id"] for p in body["people"]] == [person_on_caseload.pseudo_id]
    assert client.get("/api/people", headers=bearer(stranger)).json()["total"] == 0
    assert (
        AuditEvent.objects.filter(action="read", person=person_on_caseload.pseudo_id).count() == 1
    )


def test_api_me(client, coordinator):
    body = client.get("/api/me", headers=bearer(coordinator)).json()
    assert body["email"] == coordinator.email and body["role"] == "coordinator"
    assert "person.view" in body["permissions"]


def test_api_docs_and_openapi_schema(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/people/{person_id}" in schema["paths"]


def test_healthz(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"


def test_response_carries_request_id(client, db):
    response = client.get("/healthz", headers={"X-Request-Id": "abc12345-req"})
    assert response["X-Request-Id"] == "abc12345-req"
