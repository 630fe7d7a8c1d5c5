"""Directory stewardship in a real browser: a resident suggests an asset, an editor moderates it.

Each page is checked with axe (WCAG 2.2 AA rules).
"""

import pytest
from playwright.sync_api import expect

from locality.directory import models as m
from tests.factories import UserFactory
from tests.factories.directory_stewardship import (
    AssetSuggestionFactory,
    DuplicateCandidateFactory,
    PhoneFactory,
    ServiceFactory,
)
from tests.functional.conftest import assert_accessible, assert_govuk_styles, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(organisation):
    return UserFactory(
        email="editor@example.org",
        full_name="Dee Editor",
        role="directory_editor",
        organisation=organisation,
    )


def test_suggest_form_is_accessible_and_submits(page, db):
    page.goto(f"{page.base_url}/directory/stewardship/suggest/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a community asset")
    assert_govuk_styles(page)
    assert_accessible(page)

    page.get_by_label("Name of the place, group or activity").fill("Jubilee Community Garden")
    page.get_by_label("What is it, and who is it for?").fill("Grow vegetables with neighbours.")
    page.get_by_label("Postcode (optional)").fill("yo26 5dy")
    page.get_by_label("Your email address (optional)").fill("pat@example.com")
    page.get_by_role("button", name="Send suggestion").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestion sent")
    assert_accessible(page)
    suggestion = m.AssetSuggestion.objects.get()
    assert (suggestion.name, suggestion.postcode) == ("Jubilee Community Garden", "YO26 5DY")


def test_suggest_form_errors_are_accessible(page, db):
    page.goto(f"{page.base_url}/directory/stewardship/suggest/")
    page.get_by_label("Postcode (optional)").fill("nowhere")
    page.get_by_role("button", name="Send suggestion").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of the place, group or activity")
    expect(summary).to_contain_text("Enter a full postcode, like YO1 7HH")
    expect(page).to_have_title("Error: Suggest a community asset – Locality")
    assert_accessible(page)
    assert not m.AssetSuggestion.objects.exists()


def test_moderation_pages_are_accessible_and_accept(page, editor):
    AssetSuggestionFactory(name="Jubilee Community Garden")
    sign_in(page, editor.email)

    page.goto(f"{page.base_url}/directory/stewardship/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestions to review")
    assert_accessible(page)

    page.get_by_role("link", name="Review Jubilee Community Garden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jubilee Community Garden")
    assert_accessible(page)
    page.get_by_label("Yes, add it to the directory").check()
    page.get_by_role("button", name="Save decision").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("was added")
    assert_accessible(page)
    assert m.Service.objects.get().is_asset


def test_my_services_and_duplicates_pages_are_accessible(page, editor):
    ServiceFactory(owner=editor, name="Acomb Lunch Club", assured_date=None)
    first, second = ServiceFactory(name="Haxby Walking Group"), ServiceFactory(name="Haxby Walks")
    PhoneFactory(service=first)
    PhoneFactory(service=second)
    candidate = DuplicateCandidateFactory(pair=(first, second))
    sign_in(page, editor.email)

    page.goto(f"{page.base_url}/directory/stewardship/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My services")
    assert_accessible(page)
    page.get_by_role(
        "button", name="Confirm this is still right for Acomb Lunch Club"
    ).first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is still right")

    page.goto(f"{page.base_url}/directory/stewardship/duplicates/")
    assert_accessible(page)
    page.goto(f"{page.base_url}/directory/stewardship/duplicates/{candidate.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same service?")
    assert_accessible(page)
    page.get_by_label("No, they are not duplicates").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("not duplicates")
