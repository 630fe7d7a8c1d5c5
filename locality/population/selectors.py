"""Reads of outreach lists, scoped to the user's team and audited.

A list belongs to one team; its members (with `population.outreach_view`) see it by
pseudonym. Anyone else gets OutreachNotFound, audited as a refusal, shown as a 404.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import access_bases
from locality.population.models import OutreachList, OutreachListEntry, Pseudonym

PURPOSE = "proactive outreach"


class OutreachNotFound(Exception):
    """No such list or entry, or not the user's team's: the two are not told apart."""


def may_see(user, outreach_list: OutreachList) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_permission(perms.POPULATION_OUTREACH_VIEW)
        and user.team_id is not None
        and user.team_id == outreach_list.team_id
    )


def outreach_lists_for_user(user) -> QuerySet[OutreachList]:
    """The user's team's lists, newest first, with counts (no person is read)."""
    if not getattr(user, "is_authenticated", False) or user.team_id is None:
        return OutreachList.objects.none()
    if not user.has_permission(perms.POPULATION_OUTREACH_VIEW):
        return OutreachList.objects.none()
    pending = Q(entries__status=OutreachListEntry.Status.PENDING)
    return (
        OutreachList.objects.filter(team_id=user.team_id)
        .select_related("neighbourhood", "created_by")
        .annotate(entry_count=Count("entries"), pending_count=Count("entries", filter=pending))
    )


def refuse(user, action: str, *, obj=None, detail: dict | None = None):
    audit.record(
        actor=user, action=action, outcome="refused", obj=obj, purpose=PURPOSE, detail=detail
    )
    return OutreachNotFound()


def outreach_list_get_for_user(user, list_id: int) -> OutreachList:
    """The list, with a read event; or OutreachNotFound with a refused one."""
    found = OutreachList.objects.select_related("neighbourhood", "team").filter(pk=list_id).first()
    if found is None or not may_see(user, found):
        detail = {"list": list_id, "found": found is not None}
        raise refuse(user, perms.POPULATION_OUTREACH_VIEW, obj=found, detail=detail)
    entries = found.entries.count()
    audit.record(
        actor=user, action=audit.READ, obj=found, purpose=PURPOSE, detail={"entries": entries}
    )
    return found


def outreach_entry_for_user(user, list_id: int, entry_id: int, *, action: str):
    """The entry of a list the user's team holds (services audit what is done with it)."""
    entry = (
        OutreachListEntry.objects.select_related("outreach_list__team", "outreach_list")
        .filter(pk=entry_id, outreach_list_id=list_id)
        .first()
    )
    if entry is None or not may_see(user, entry.outreach_list):
        detail = {"list": list_id, "entry": entry_id, "found": entry is not None}
        raise refuse(user, action, obj=entry, detail=detail)
    return entry


@dataclass(frozen=True)
class EntryRow:
    entry: OutreachListEntry
    may_reidentify: bool


def outreach_entry_rows(user, entries) -> list[EntryRow]:
    """Each entry with whether the user may re-identify it (a care relationship).

    The answer comes from `access.access_bases` (the rules of `access.can`, in a fixed
    number of queries for the whole page); the person is not shown and not audited here.
    """
    entries = list(entries)
    people = {
        p.value: p.person
        for p in Pseudonym.objects.select_related("person").filter(
            value__in=[e.pseudonym for e in entries]
        )
    }
    allowed = access_bases(user, perms.POPULATION_REIDENTIFY, people.values())
    return [
        EntryRow(e, e.pseudonym in people and people[e.pseudonym].pk in allowed) for e in entries
    ]
