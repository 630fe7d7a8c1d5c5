"""Shared fixtures. Function-scoped; build data with tests/factories."""

import pytest

from tests.factories import (
    PASSWORD,
    CaseloadEntryFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="City of York Council")


@pytest.fixture
def team(organisation):
    return TeamFactory(name="York North Neighbourhood Team", organisations=[organisation])


@pytest.fixture
def coordinator(team, organisation):
    return UserFactory(
        email="coordinator@example.org", role="coordinator", organisation=organisation, team=team
    )


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def person_on_caseload(person, team, coordinator):
    CaseloadEntryFactory(team=team, person=person, opened_by=coordinator)
    return person


@pytest.fixture
def stranger(db):
    """A frontline user with no relationship to anyone: every personal read must be refused."""
    other_org = OrganisationFactory(name="Unrelated Housing Association", kind="housing")
    other_team = TeamFactory(name="Unrelated team", organisations=[other_org])
    return UserFactory(
        email="stranger@example.org", role="coordinator", organisation=other_org, team=other_team
    )


@pytest.fixture
def ig_lead(organisation):
    return UserFactory(email="ig@example.org", role="ig_lead", organisation=organisation)


@pytest.fixture
def analyst(organisation, team):
    return UserFactory(
        email="analyst@example.org", role="analyst", organisation=organisation, team=team
    )


@pytest.fixture
def login(client):
    """Sign a user in with the real login form (two-factor not required in tests)."""

    def _login(user):
        response = client.post("/account/login/", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
