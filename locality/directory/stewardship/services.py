"""Stewardship writes: owners confirm services, stale ones are flagged, likely duplicates are
found, merged or dismissed. (Resident suggestions are in `suggestions`.)

Every write takes the actor as `by=`, runs in one transaction with its audit event, and
records each field change as an HSDS `metadata` record, as the importer does (decision 0005).
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from locality.directory import derived
from locality.directory import models as m
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError

from .common import ACTIVE, PURPOSE, STALE_DAYS, record_changes, user_or_none
from .matching import match_pairs, normalise_name
from .selectors import service_facts

# --- owners confirm, stale services are flagged --------------------------------------------


def _authorise_steward(by, service) -> None:
    if service.owner_id is not None and service.owner_id == getattr(by, "id", None):
        if by.is_active:
            return
    authorise(by, perms.DIRECTORY_EDIT, service, purpose=PURPOSE)


@audit.governed()
def service_assure(*, by, service) -> m.Service:
    """The owner or a directory editor confirms the record is right today."""
    _authorise_steward(by, service)
    changes: list[m.Metadata] = []
    changed = record_changes(
        service,
        by,
        changes,
        assured_date=timezone.localdate(),
        assurer_email=by.email,
        flagged_stale_at=None,
    )
    if changed:
        service.save(update_fields=[*changed, "updated_at"])
        m.Metadata.objects.bulk_create(changes)
    audit.record(
        actor=by,
        action="directory.assure",
        obj=service,
        purpose=PURPOSE,
        detail={"assured_date": service.assured_date.isoformat()},
    )
    return service


@audit.governed()
def services_flag_stale(*, by, today: date | None = None, days: int = STALE_DAYS):
    """Flag every active service not confirmed in `days` days; return those newly flagged.

    Clears the flag of any flagged service confirmed since (by a feed, say). Daily work.
    """
    authorise(by, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    today = today or timezone.localdate()
    stale = Q(assured_date__isnull=True) | Q(assured_date__lt=today - timedelta(days=days))
    flagged = list(m.Service.objects.filter(stale, status=ACTIVE, flagged_stale_at__isnull=True))
    cleared = list(m.Service.objects.filter(~stale, flagged_stale_at__isnull=False))
    now, changes = timezone.now(), []
    for service in flagged:
        record_changes(service, by, changes, flagged_stale_at=now)
    for service in cleared:
        record_changes(service, by, changes, flagged_stale_at=None)
    m.Service.objects.bulk_update(flagged + cleared, ["flagged_stale_at"], batch_size=500)
    m.Metadata.objects.bulk_create(changes, batch_size=1000)
    audit.record(
        actor=by,
        action="directory.flag_stale",
        purpose=PURPOSE,
        detail={
            "flagged": len(flagged),
            "cleared": len(cleared),
            "days": days,
            "as_of": today.isoformat(),
        },
    )
    return flagged


# --- likely duplicates ------------------------------------------------------------------------


@audit.governed()
def duplicates_find(*, by, services=None) -> list[m.DuplicateCandidate]:
    """New candidate pairs among active services, never a pair already found (in any state).

    `services`: only pairs involving at least one of these (say, those just imported).
    The score is documented in `matching`.
    """
    authorise(by, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    only = {s.id for s in services} if services is not None else None
    facts = service_facts(m.Service.objects.filter(status=ACTIVE))
    known = set(m.DuplicateCandidate.objects.values_list("first_id", "second_id"))
    found = [
        m.DuplicateCandidate(first=a, second=b, score=score, reasons=reasons)
        for a, b, score, reasons in match_pairs(facts, only)
        if (a.id, b.id) not in known
    ]
    m.DuplicateCandidate.objects.bulk_create(found)
    audit.record(
        actor=by,
        action="directory.duplicates_find",
        purpose=PURPOSE,
        detail={"services": len(facts), "found": len(found)},
    )
    return found


def _open(candidate) -> m.DuplicateCandidate:
    locked = (
        m.DuplicateCandidate.objects.select_for_update()
        .select_related("first", "second")
        .get(pk=candidate.pk)
    )
    if locked.status != m.DuplicateCandidate.Status.OPEN:
        raise GovernanceError("this pair has already been resolved")
    return locked


SERVICE_CHILDREN = (
    *(m.Phone, m.Contact, m.Schedule, m.ServiceArea, m.Language, m.Funding, m.CostOption),
    *(m.RequiredDocument, m.ServiceCapacity),
)


def _move(model, rows, attname, value, by, changes) -> int:
    for row in rows:
        record_changes(row, by, changes, **{attname: value})
    model.objects.bulk_update(rows, [attname], batch_size=500)
    return len(rows)


def _move_children(other, keep, by, changes) -> dict[str, int]:
    """Point the other service's children at `keep`; skip a location or term it already has."""
    moved = {}
    for model in SERVICE_CHILDREN:
        rows = list(model.objects.filter(service_id=other.id))
        moved[model.HSDS_NAME] = _move(model, rows, "service_id", keep.id, by, changes)
    served = set(keep.service_at_locations.values_list("location_id", flat=True))
    sals = [s for s in other.service_at_locations.all() if s.location_id not in served]
    moved["service_at_location"] = _move(
        m.ServiceAtLocation, sals, "service_id", keep.id, by, changes
    )
    tagged = set(
        m.Attribute.objects.filter(link_id=keep.id).values_list("taxonomy_term_id", "value")
    )
    attributes = [
        a
        for a in m.Attribute.objects.filter(link_id=other.id, link_entity="service")
        if (a.taxonomy_term_id, a.value) not in tagged
    ]
    moved["attribute"] = _move(m.Attribute, attributes, "link_id", keep.id, by, changes)
    return moved


@audit.governed()
def duplicate_merge(*, by, candidate, keep) -> m.Service:
    """Keep one service of the pair: move the other's children onto it, mark the other defunct."""
    authorise(by, perms.DIRECTORY_EDIT, candidate, purpose=PURPOSE)
    candidate = _open(candidate)
    if keep.id not in (candidate.first_id, candidate.second_id):
        raise GovernanceError("keep one of the two services in the pair")
    keep, other = (
        (candidate.first, candidate.second)
        if keep.id == candidate.first_id
        else (candidate.second, candidate.first)
    )
    changes: list[m.Metadata] = []
    moved = _move_children(other, keep, by, changes)
    if not keep.alternate_name and normalise_name(other.name) != normalise_name(keep.name):
        keep.save(
            update_fields=[
                *record_changes(keep, by, changes, alternate_name=other.name),
                "updated_at",
            ]
        )
    record_changes(other, by, changes, status=m.Service.Status.DEFUNCT)
    other.save(update_fields=["status", "updated_at"])
    m.Metadata.objects.bulk_create(changes, batch_size=1000)
    derived.refresh(service_ids=[keep.id, other.id])
    _resolved(candidate, by, m.DuplicateCandidate.Status.MERGED)
    audit.record(
        actor=by,
        action="directory.duplicate_merge",
        obj=candidate,
        purpose=PURPOSE,
        detail={"kept": keep.id, "defunct": other.id, "moved": moved},
    )
    return keep


@audit.governed()
def duplicate_dismiss(*, by, candidate) -> m.DuplicateCandidate:
    """Not duplicates: the pair is closed and never suggested again."""
    authorise(by, perms.DIRECTORY_EDIT, candidate, purpose=PURPOSE)
    candidate = _open(candidate)
    _resolved(candidate, by, m.DuplicateCandidate.Status.DISTINCT)
    audit.record(actor=by, action="directory.duplicate_dismiss", obj=candidate, purpose=PURPOSE)
    return candidate


def _resolved(candidate, by, status) -> None:
    candidate.status, candidate.resolved_by = status, user_or_none(by)
    candidate.resolved_at = timezone.now()
    candidate.save(update_fields=["status", "resolved_by", "resolved_at"])
