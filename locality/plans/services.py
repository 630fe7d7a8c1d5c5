"""Caseload writes. A team's open caseload entry is a care relationship."""

from django.utils import timezone

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError
from locality.plans.models import CaseloadEntry


def _check_member(by, team) -> None:
    if by.id is None or by.team_id != team.id:
        raise GovernanceError(
            f"{by.email} is not a member of {team.name}: "
            "only a member of the team opens its caseload entries"
        )


@audit.governed()
def caseload_add(*, by, team, person, reason: str = "") -> CaseloadEntry:
    """Put `person` on `team`'s caseload. The actor must belong to the team and have
    access to the person already (for example a referral to their organisation)."""
    _check_member(by, team)
    authorise(by, perms.CASELOAD_MANAGE, person, purpose="care coordination")
    entry = CaseloadEntry.objects.filter(team=team, person=person, closed_at__isnull=True).first()
    if entry is None:
        entry = caseload_open_unchecked(by=by, team=team, people=[person], reason=reason)[0]
    return entry


def caseload_open_unchecked(*, by, team, people, reason: str = "") -> list[CaseloadEntry]:
    """Open entries for people the actor has just registered (see people.services).

    Callers must already have authorised the actor; this writes and audits only.
    """
    now = timezone.now()
    entries = CaseloadEntry.objects.bulk_create(
        CaseloadEntry(team=team, person=p, reason=reason, opened_at=now, opened_by=by)
        for p in people
    )
    audit.record_many(
        audit.event_fields(
            actor=by,
            action=audit.CREATE,
            person=e.person,
            obj=e,
            purpose="care coordination",
            detail={"team": team.name},
        )
        for e in entries
    )
    return entries


@audit.governed()
def caseload_close(*, by, entry: CaseloadEntry, reason: str = "") -> CaseloadEntry:
    authorise(by, perms.CASELOAD_MANAGE, entry.person, purpose="care coordination")
    if entry.closed_at is not None:
        raise GovernanceError("this caseload entry is already closed")
    entry.closed_at, entry.closed_by = timezone.now(), by
    entry.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=entry.person,
        obj=entry,
        purpose="care coordination",
        detail={"closed": True, "reason": reason},
    )
    return entry
