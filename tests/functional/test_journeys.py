"""Journeys a coordinator takes through Locality, in a real browser, each page checked with axe.

Data comes from tests/factories and the fixtures in tests/conftest.py; the live server
shares the test database (pytest-django's `live_server` uses `transactional_db`).
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.factories import CaseloadEntryFactory, PersonFactory
from tests.functional.conftest import (
    assert_accessible,
    assert_govuk_styles,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

# More synthetic residents, so the README's screenshot shows a believable caseload.
NEIGHBOURS = [
    ("Margaret", "Ashworth", datetime.date(1938, 3, 2), "YO31 8JT"),
    ("Derek", "Holroyd", datetime.date(1944, 11, 19), "YO31 0PL"),
    ("Amira", "Okonjo", datetime.date(1961, 7, 8), "YO32 2RW"),
]


def _name(person) -> str:
    return f"{person.family_name}, {person.given_name}"


def test_sign_in_page_is_accessible(page):
    response = page.goto(f"{page.base_url}/account/login/")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Locality")
    assert_govuk_styles(page)
    assert_accessible(page)


def test_wrong_password_shows_the_error_summary(page, coordinator):
    response = sign_in(page, coordinator.email, password="not the right password")

    assert response.status == 200
    assert page.url.endswith("/account/login/")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_role("heading", name="My caseload")).to_have_count(0)
    assert_accessible(page)


def test_signing_in_lands_on_my_caseload(page, coordinator, team, person_on_caseload):
    # Believable names for the README's screenshot (the factories number theirs).
    coordinator.full_name = "Jo Fairburn"
    coordinator.save(update_fields=["full_name"])
    person_on_caseload.given_name, person_on_caseload.family_name = "Bernard", "Whitaker"
    person_on_caseload.save(update_fields=["given_name", "family_name"])
    for given, family, born, postcode in NEIGHBOURS:
        neighbour = PersonFactory(
            given_name=given, family_name=family, date_of_birth=born, postcode=postcode
        )
        CaseloadEntryFactory(team=team, person=neighbour, opened_by=coordinator)

    response = sign_in(page, coordinator.email)

    assert response.status == 200
    assert page.url == f"{page.base_url}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=_name(person_on_caseload))).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(1 + 1 + len(NEIGHBOURS))  # header row
    expect(page.get_by_text(f"Signed in as {coordinator.full_name}")).to_be_visible()
    assert_govuk_styles(page)
    screenshot(page, "caseload")  # before axe, so a failing check still leaves the picture
    assert_accessible(page)


def test_person_detail_page_is_accessible(page, coordinator, person_on_caseload):
    sign_in(page, coordinator.email)

    page.get_by_role("link", name=_name(person_on_caseload)).click()

    expect(page).to_have_url(re.compile(rf"/people/{person_on_caseload.pseudo_id}/$"))
    response = page.goto(f"{page.base_url}/people/{person_on_caseload.pseudo_id}/")
    assert response.status == 200
    expect(page.get_by_role("main")).to_contain_text(person_on_caseload.family_name)
    assert_govuk_styles(page)
    assert_accessible(page)


def test_stranger_gets_not_found_for_someone_elses_resident(page, stranger, person_on_caseload):
    sign_in(page, stranger.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")

    response = page.goto(f"{page.base_url}/people/{person_on_caseload.pseudo_id}/")

    assert response.status == 404
    body = page.locator("body")
    expect(body).not_to_contain_text(person_on_caseload.family_name)
    expect(body).not_to_contain_text(person_on_caseload.nhs_number)
