"""Referral writes needed by the foundation: open and close.

An open referral lets the receiving organisation see the person. Opening one
needs the person's consent to referral not to have been withdrawn.
"""

from django.utils import timezone

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError
from locality.governance.models import ConsentRecord
from locality.referrals.models import Referral


def referral_consent_withdrawn(person) -> bool:
    latest = (
        ConsentRecord.objects.filter(person=person, purpose=ConsentRecord.Purpose.REFERRAL)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return latest is not None and latest.status == ConsentRecord.Status.WITHDRAWN


@audit.governed()
def referral_open(*, by, person, to_organisation, reason: str = "") -> Referral:
    authorise(by, perms.REFERRAL_CREATE, person, purpose="referral")
    if referral_consent_withdrawn(person):
        audit.record(
            actor=by,
            action=perms.REFERRAL_CREATE,
            outcome="refused",
            person=person,
            purpose="referral",
            detail={"why": "consent to referral withdrawn"},
        )
        raise GovernanceError(f"{person.pseudo_id} has withdrawn consent to referral")
    if to_organisation.id == by.organisation_id:
        raise GovernanceError("a referral goes to another organisation")
    referral = Referral.objects.create(
        person=person,
        from_organisation=by.organisation,
        to_organisation=to_organisation,
        reason=reason,
        created_at=timezone.now(),
        created_by=by,
    )
    audit.record(
        actor=by,
        action=audit.CREATE,
        person=person,
        obj=referral,
        purpose="referral",
        detail={"to": to_organisation.name},
    )
    return referral


@audit.governed()
def referral_close(*, by, referral: Referral, status: str) -> Referral:
    authorise(by, perms.REFERRAL_CREATE, referral.person, purpose="referral")
    closing = {Referral.Status.DECLINED, Referral.Status.COMPLETED, Referral.Status.CANCELLED}
    if status not in closing:
        raise GovernanceError(f"status must be one of {', '.join(sorted(closing))}")
    if not referral.is_open:
        raise GovernanceError("this referral is already closed")
    referral.status, referral.closed_at = status, timezone.now()
    referral.save(update_fields=["status", "closed_at"])
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=referral.person,
        obj=referral,
        purpose="referral",
        detail={"status": status},
    )
    return referral
