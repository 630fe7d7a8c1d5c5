"""The site navigation links to the outreach lists for the roles that may see them only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

LINK = f'href="{reverse("population:outreach_lists")}">Outreach lists</a>'


@pytest.mark.parametrize(
    ("role", "shown"),
    [("coordinator", True), ("team_lead", True), ("analyst", False), ("ig_lead", False)],
)
def test_outreach_link_follows_the_role(login, organisation, team, role, shown):
    user = UserFactory(email=f"{role}@example.org", role=role, organisation=organisation, team=team)
    html = login(user).get(reverse("directory:staff_search")).content.decode()
    assert (LINK in html) is shown


def test_no_outreach_link_signed_out(client, db):
    assert LINK not in client.get(reverse("directory:search")).content.decode()
