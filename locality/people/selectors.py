"""Reads of people, scoped to what the user may see and audited."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import AccessDenied
from locality.governance.models import ConsentRecord
from locality.people.models import Person
from locality.referrals.models import Referral


class PersonNotFound(Exception):
    """No such person, or none this user may see: the two are not told apart."""


def person_get_for_user(user, pseudo_id: str, *, purpose: str = "direct care") -> Person:
    person = Person.objects.select_related("household").filter(pseudo_id=pseudo_id).first()
    if person is None:
        audit.record(
            actor=user,
            action=perms.PERSON_VIEW,
            outcome="refused",
            person=str(pseudo_id)[:32],
            purpose=purpose,
            detail={"found": False},
        )
        raise PersonNotFound(pseudo_id)
    try:
        basis = authorise(user, perms.PERSON_VIEW, person, purpose=purpose)
    except AccessDenied as exc:
        raise PersonNotFound(pseudo_id) from exc
    audit.record(
        actor=user,
        action=audit.READ,
        person=person,
        obj=person,
        purpose=purpose,
        detail={"basis": basis},
    )
    return person


def person_list_for_user(user) -> QuerySet[Person]:
    """People with an open care relationship with the user (caseload or referral).

    Not audited here: the caller audits the page of people it shows, with
    `audit_people_listed`.
    """
    if not getattr(user, "is_authenticated", False) or not user.has_permission(perms.PERSON_VIEW):
        return Person.objects.none()
    if not user.role_class.identifiable:
        return Person.objects.none()
    relationship = Q(caseloads__team_id=user.team_id, caseloads__closed_at__isnull=True) | Q(
        referrals__to_organisation_id=user.organisation_id,
        referrals__status__in=Referral.OPEN_STATUSES,
    )
    withdrawn = _withdrawn_for_organisation(user.organisation_id)
    return (
        Person.objects.filter(relationship)
        .exclude(pk__in=withdrawn)
        .distinct()
        .order_by("family_name", "given_name", "pk")
    )


def _withdrawn_for_organisation(organisation_id) -> list[int]:
    latest: dict[int, str] = {}
    rows = (
        ConsentRecord.objects.filter(
            purpose=ConsentRecord.Purpose.DIRECT_CARE, organisation_id=organisation_id
        )
        .order_by("person_id", "recorded_at", "id")
        .values_list("person_id", "status")
    )
    for person_id, status in rows:
        latest[person_id] = status
    return [pid for pid, status in latest.items() if status == ConsentRecord.Status.WITHDRAWN]


def audit_people_listed(user, people, *, purpose: str = "direct care") -> None:
    """One read event per person shown in a list, so each person's history is complete."""
    audit.record_many(
        audit.event_fields(
            actor=user, action=audit.READ, person=p, obj=p, purpose=purpose, detail={"view": "list"}
        )
        for p in people
    )


@dataclass(frozen=True)
class CareRecord:
    consents: list[ConsentRecord]
    caseloads: list
    referrals: list


def person_care_record(person) -> CareRecord:
    """Current consent statements, open caseload entries and open referrals of a person.

    Not audited or checked here: call it only with a person returned by
    `person_get_for_user`, which has checked access and audited the read.
    """
    from locality.plans.models import CaseloadEntry

    return CareRecord(
        consents=_current_consents(person),
        caseloads=list(
            CaseloadEntry.objects.filter(person=person, closed_at__isnull=True)
            .select_related("team")
            .order_by("-opened_at")
        ),
        referrals=list(
            Referral.objects.filter(person=person, status__in=Referral.OPEN_STATUSES)
            .select_related("from_organisation", "to_organisation")
            .order_by("-created_at")
        ),
    )


def _current_consents(person) -> list[ConsentRecord]:
    """The latest statement for each purpose (and organisation, for direct care)."""
    latest: dict[tuple, ConsentRecord] = {}
    rows = (
        ConsentRecord.objects.filter(person=person)
        .select_related("organisation")
        .order_by("-recorded_at", "-id")
    )
    for record in rows:
        latest.setdefault((record.purpose, record.organisation_id), record)
    return list(latest.values())
