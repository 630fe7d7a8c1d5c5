"""`access.access_bases` answers for many people exactly what `access.access_basis` answers
one at a time, in a number of queries that does not grow with the number of people."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from locality.governance import access
from locality.governance import roles as perms
from locality.governance.actors import SystemActor
from locality.governance.models import AuditEvent, ConsentRecord
from locality.referrals.models import Referral
from tests.factories import (
    BreakGlassFactory,
    CaseloadEntryFactory,
    ConsentRecordFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
)

REIDENTIFY = perms.POPULATION_REIDENTIFY
HOUR = datetime.timedelta(hours=1)


def withdraw(person, organisation, *, at=None, status=ConsentRecord.Status.WITHDRAWN):
    return ConsentRecordFactory(
        person=person,
        purpose=ConsentRecord.Purpose.DIRECT_CARE,
        organisation=organisation,
        status=status,
        recorded_at=at or timezone.now(),
    )


@pytest.fixture
def cases(coordinator, team, organisation):
    """People the coordinator may or may not act on, one per rule of `access_basis`."""
    other_org = OrganisationFactory(name="Other practice", kind="gp_practice")
    other_team = TeamFactory(name="Other team", organisations=[other_org])
    p = {name: PersonFactory() for name in (
        "caseload", "closed_caseload", "other_team_caseload", "referral", "closed_referral",
        "referral_elsewhere", "break_glass", "expired_break_glass", "break_glass_withdrawn",
        "caseload_withdrawn", "caseload_withdrawn_then_given", "caseload_withdrawn_elsewhere",
        "referral_and_caseload", "nobody",
    )}  # fmt: skip
    for name in (
        "caseload",
        "caseload_withdrawn",
        "caseload_withdrawn_then_given",
        "caseload_withdrawn_elsewhere",
        "referral_and_caseload",
        "break_glass_withdrawn",
    ):
        CaseloadEntryFactory(team=team, person=p[name], opened_by=coordinator)
    CaseloadEntryFactory(
        team=team,
        person=p["closed_caseload"],
        opened_by=coordinator,
        closed_at=timezone.now(),
        closed_by=coordinator,
    )
    CaseloadEntryFactory(team=other_team, person=p["other_team_caseload"])
    for name in ("referral", "referral_and_caseload"):
        ReferralFactory(person=p[name], to_organisation=organisation)
    ReferralFactory(
        person=p["closed_referral"], to_organisation=organisation, status=Referral.Status.COMPLETED
    )
    ReferralFactory(person=p["referral_elsewhere"], to_organisation=other_org)
    for name in ("break_glass", "break_glass_withdrawn"):
        BreakGlassFactory(user=coordinator, person=p[name])
    now = timezone.now()
    BreakGlassFactory(
        user=coordinator,
        person=p["expired_break_glass"],
        started_at=now - 3 * HOUR,
        expires_at=now - HOUR,
    )
    withdraw(p["break_glass_withdrawn"], organisation)
    withdraw(p["caseload_withdrawn"], organisation, at=now - HOUR)
    withdraw(p["caseload_withdrawn"], organisation, at=now - 2 * HOUR, status="given")
    withdraw(p["caseload_withdrawn_then_given"], organisation, at=now - HOUR)
    withdraw(p["caseload_withdrawn_then_given"], organisation, status="given")
    withdraw(p["caseload_withdrawn_elsewhere"], other_org)
    return p


def one_by_one(user, action, people):
    bases = {p.pk: access.access_basis(user, action, p) for p in people}
    return {pk: basis for pk, basis in bases.items() if basis is not None}


def test_the_cases_cover_every_basis_and_refusals(coordinator, cases):
    bases = one_by_one(coordinator, REIDENTIFY, cases.values())
    named = {name: bases.get(p.pk) for name, p in cases.items()}
    assert named == {
        "caseload": "caseload",
        "closed_caseload": None,
        "other_team_caseload": None,
        "referral": "referral",
        "closed_referral": None,
        "referral_elsewhere": None,
        "break_glass": "break_glass",
        "expired_break_glass": None,
        "break_glass_withdrawn": "break_glass",
        "caseload_withdrawn": None,
        "caseload_withdrawn_then_given": "caseload",
        "caseload_withdrawn_elsewhere": "caseload",
        "referral_and_caseload": "caseload",
        "nobody": None,
    }


@pytest.mark.parametrize(
    "action",
    [REIDENTIFY, perms.PERSON_VIEW, perms.SUBJECT_ACCESS_EXPORT, perms.POPULATION_EXPORT],
)
@pytest.mark.parametrize("who", ["coordinator", "analyst", "ig_lead", "stranger", "operator"])
def test_bulk_answer_is_the_one_by_one_answer(request, cases, action, who):
    user = SystemActor(login="ops") if who == "operator" else request.getfixturevalue(who)
    people = list(cases.values())
    assert access.access_bases(user, action, people) == one_by_one(user, action, people)


def test_bulk_answer_for_a_signed_out_or_inactive_user_is_empty(coordinator, cases):
    from django.contrib.auth.models import AnonymousUser

    people = list(cases.values())
    assert access.access_bases(AnonymousUser(), REIDENTIFY, people) == {}
    coordinator.is_active = False
    assert access.access_bases(coordinator, REIDENTIFY, people) == {}


def test_bulk_answer_writes_no_audit_event(coordinator, cases):
    access.access_bases(coordinator, REIDENTIFY, cases.values())
    assert not AuditEvent.objects.exists()


def test_bulk_answer_takes_the_same_queries_for_3_or_60_people(coordinator, team, cases):
    def queries_for(count):
        people = [PersonFactory() for _ in range(count)]
        for person in people[::2]:
            CaseloadEntryFactory(team=team, person=person, opened_by=coordinator)
            withdraw(person, coordinator.organisation, status="given")
        with CaptureQueriesContext(connection) as captured:
            bases = access.access_bases(coordinator, REIDENTIFY, people)
        assert len(bases) == (count + 1) // 2
        return len(captured)

    assert queries_for(3) == queries_for(60) <= 5
