"""A coordinator works an outreach list in a real browser: pseudonyms only, then one person
re-identified through a care relationship; every page checked with axe."""

import pytest
from playwright.sync_api import expect

from locality.governance.models import AuditEvent
from tests.factories import PersonFactory
from tests.factories.population_web import OutreachListEntryFactory, OutreachListFactory
from tests.functional.conftest import assert_accessible, assert_govuk_styles, sign_in

pytestmark = pytest.mark.browser


def test_outreach_list_by_pseudonym_then_reidentify(page, coordinator, team, person_on_caseload):
    outreach_list = OutreachListFactory(team=team, created_by=coordinator)
    known = OutreachListEntryFactory(
        outreach_list=outreach_list,
        person=person_on_caseload,
        rank=1,
        reason="Moderate frailty; lives alone; two emergency admissions",
    )
    stranger_to_team = PersonFactory()
    unknown = OutreachListEntryFactory(outreach_list=outreach_list, person=stranger_to_team, rank=2)
    sign_in(page, coordinator.email)

    page.goto(f"{page.base_url}/population/outreach/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outreach lists")
    assert_accessible(page)
    page.get_by_role("link", name="frail-living-alone (version 1)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("frail-living-alone (version 1)")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # header and two people
    expect(table).to_contain_text(known.short_pseudonym)
    expect(table).to_contain_text(unknown.short_pseudonym)
    body = page.locator("main").inner_text()
    for person in (person_on_caseload, stranger_to_team):
        assert person.family_name not in body and person.nhs_number not in body
    buttons = table.get_by_role("button", name="Re-identify")
    expect(buttons).to_have_count(1)  # only the person the team holds on its caseload
    assert_govuk_styles(page)
    assert_accessible(page)

    with page.expect_navigation():
        table.get_by_role("button", name=f"Re-identify {known.short_pseudonym}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person_on_caseload.full_name)
    expect(page.locator("main")).to_contain_text(person_on_caseload.nhs_number[:3])
    expect(
        page.get_by_role("link", name=f"Open {person_on_caseload.full_name}'s record")
    ).to_be_visible()
    assert AuditEvent.objects.filter(
        action="population.reidentify", outcome="allowed", person=person_on_caseload.pseudo_id
    ).exists()
    assert_accessible(page)
