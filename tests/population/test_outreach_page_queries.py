"""The outreach list page and API answer "who may I re-identify" for the whole page at once:
their query count does not grow with the rows, and the audit stays one read event a view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from locality.governance.models import AuditEvent
from locality.governance.services import token_create
from tests.factories import CaseloadEntryFactory, PersonFactory
from tests.factories.population_web import OutreachListEntryFactory, OutreachListFactory


def filled_list(team, coordinator, rows):
    """A list of `rows` people; the team holds every third on its caseload."""
    outreach_list = OutreachListFactory(team=team, created_by=coordinator)
    for i in range(rows):
        person = PersonFactory()
        if i % 3 == 0:
            CaseloadEntryFactory(team=team, person=person, opened_by=coordinator)
        OutreachListEntryFactory(outreach_list=outreach_list, person=person, rank=i + 1)
    return outreach_list


def page_queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("rows", [10, 50])
def test_list_page_shows_reidentify_for_the_caseload_rows(login, team, coordinator, rows):
    outreach_list = filled_list(team, coordinator, rows)
    html = login(coordinator).get(reverse("population:outreach_list", args=[outreach_list.pk]))
    assert html.content.decode().count(">Re-identify<") == (rows + 2) // 3


def test_list_page_queries_do_not_grow_with_the_rows(login, team, coordinator):
    client = login(coordinator)
    ten = filled_list(team, coordinator, 10)
    fifty = filled_list(team, coordinator, 50)
    page = "population:outreach_list"
    page_queries(client, reverse(page, args=[ten.pk]))  # the first audit event starts the chain
    few, _ = page_queries(client, reverse(page, args=[ten.pk]))
    many, response = page_queries(client, reverse(page, args=[fifty.pk]))
    assert response.content.decode().count(">Re-identify<") == 17
    assert many == few, f"{few} queries for 10 rows, {many} for 50"
    reads = AuditEvent.objects.filter(object_type="population.outreachlist", action="read")
    assert [e.detail for e in reads.order_by("seq")] == [{"entries": 10}] * 2 + [{"entries": 50}]
    assert not AuditEvent.objects.exclude(action="read").filter(actor=coordinator.email).exists()


def test_api_list_queries_do_not_grow_with_the_rows(client, team, coordinator):
    headers = {"Authorization": f"Bearer {token_create(by=coordinator, user=coordinator)}"}
    ten = filled_list(team, coordinator, 10)
    fifty = filled_list(team, coordinator, 50)
    page_queries(client, f"/api/population/outreach/{ten.pk}", headers=headers)  # starts the chain
    few, _ = page_queries(client, f"/api/population/outreach/{ten.pk}", headers=headers)
    many, response = page_queries(client, f"/api/population/outreach/{fifty.pk}", headers=headers)
    assert sum(e["may_reidentify"] for e in response.json()["entries"]) == 17
    assert many == few, f"{few} queries for 10 rows, {many} for 50"
