"""Subject access request: everything held about a person, and who accessed it."""

from django.forms.models import model_to_dict

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.models import AuditEvent, BreakGlass, ConsentRecord
from locality.people.models import Person
from locality.people.selectors import PersonNotFound
from locality.plans.models import CaseloadEntry
from locality.referrals.models import Referral

PURPOSE = "subject access request"


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _row(obj, exclude=()) -> dict:
    data = model_to_dict(obj, exclude=exclude)
    data["id"] = obj.pk
    return {k: _plain(v) for k, v in data.items()}


@audit.governed()
def person_export(*, by, pseudo_id: str) -> dict:
    person = Person.objects.select_related("household").filter(pseudo_id=pseudo_id).first()
    if person is None:
        audit.record(
            actor=by,
            action=perms.SUBJECT_ACCESS_EXPORT,
            outcome="refused",
            person=pseudo_id[:32],
            purpose=PURPOSE,
            detail={"found": False},
        )
        raise PersonNotFound(pseudo_id)
    authorise(by, perms.SUBJECT_ACCESS_EXPORT, person, purpose=PURPOSE)
    export = {
        "person": _row(person),
        "household": _row(person.household) if person.household else None,
        "consents": [_row(c) for c in ConsentRecord.objects.filter(person=person)],
        "caseloads": [_row(c) for c in CaseloadEntry.objects.filter(person=person)],
        "referrals": [_row(r) for r in Referral.objects.filter(person=person)],
        "break_glass": [_row(b) for b in BreakGlass.objects.filter(person=person)],
        "accesses": _accesses(person),
    }
    audit.record(actor=by, action=audit.EXPORT, person=person, obj=person, purpose=PURPOSE)
    return export


def _accesses(person) -> list[dict]:
    events = AuditEvent.objects.filter(person=person.pseudo_id).order_by("seq")
    return [
        {
            "seq": e.seq,
            "when": e.occurred_at.isoformat(),
            "who": e.actor,
            "organisation": e.organisation,
            "role": e.role,
            "action": e.action,
            "outcome": e.outcome,
            "purpose": e.purpose,
            "request_id": e.request_id,
        }
        for e in events
    ]
