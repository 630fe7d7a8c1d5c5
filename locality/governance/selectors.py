"""Reads for the information governance pages: the audit log and break-glass uses.

Each page-level selector checks the permission with `authorise` (which writes a
refused event and raises AccessDenied) and then writes one `read` event for the
page view, so looking at the audit log is itself audited.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.models import AuditEvent, BreakGlass

AUDIT_REVIEW = "audit review"
BREAK_GLASS_REVIEW = "break-glass review"


class BreakGlassNotFound(Exception):
    """No break-glass use with that id."""


def _plain(filters: dict) -> dict:
    """Filters as JSON-safe values, leaving out the empty ones."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items() if v}


def _page_viewed(user, *, view: str, purpose: str = AUDIT_REVIEW, person="", **detail) -> None:
    audit.record(
        actor=user,
        action=audit.READ,
        person=person,
        purpose=purpose,
        detail={"view": view, **detail},
    )


def audit_event_search(
    user,
    *,
    person: str = "",
    actor: str = "",
    action: str = "",
    outcome: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events matching the filters, newest first."""
    filters = {
        "person": person,
        "actor": actor,
        "action": action,
        "outcome": outcome,
        "date_from": date_from,
        "date_to": date_to,
    }
    authorise(user, perms.AUDIT_VIEW, purpose=AUDIT_REVIEW)
    _page_viewed(user, view="audit", filters=_plain(filters))
    events = AuditEvent.objects.order_by("-seq")
    if person:
        events = events.filter(person=person)
    if actor:
        events = events.filter(actor__icontains=actor)
    if action:
        events = events.filter(action=action)
    if outcome:
        events = events.filter(outcome=outcome)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events


@dataclass(frozen=True)
class PersonAccess:
    events: QuerySet[AuditEvent]
    by_staff: list[dict]


def audit_person_access(user, pseudo_id: str) -> PersonAccess:
    """Every event about one person, newest first, and how many each member of staff made."""
    authorise(user, perms.AUDIT_VIEW, purpose=AUDIT_REVIEW)
    events = AuditEvent.objects.filter(person=pseudo_id).order_by("-seq")
    by_staff = list(
        events.order_by()
        .values("actor", "organisation", "role")
        .annotate(events=Count("seq"))
        .order_by("-events", "actor")
    )
    _page_viewed(user, view="person_access", filters={"person": pseudo_id})
    return PersonAccess(events=events, by_staff=by_staff)


def audit_chain_verify(user) -> audit.Verification:
    authorise(user, perms.AUDIT_VIEW, purpose=AUDIT_REVIEW)
    result = audit.verify()
    _page_viewed(user, view="verify", ok=result.ok, checked=result.checked)
    return result


def break_glass_list_for_review(user) -> QuerySet[BreakGlass]:
    """Break-glass uses, those still to review first, then newest first."""
    authorise(user, perms.BREAK_GLASS_REVIEW, purpose=BREAK_GLASS_REVIEW)
    _page_viewed(user, view="break_glass_list", purpose=BREAK_GLASS_REVIEW)
    to_review_first = Case(
        When(reviewed_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        BreakGlass.objects.select_related("user", "person", "reviewed_by")
        .annotate(reviewed_order=to_review_first)
        .order_by("reviewed_order", "-started_at", "-id")
    )


def break_glass_get_for_review(user, pk: int) -> BreakGlass:
    """One break-glass use; the page view is recorded against the person it opened."""
    authorise(user, perms.BREAK_GLASS_REVIEW, purpose=BREAK_GLASS_REVIEW)
    grant = BreakGlass.objects.select_related("user", "person", "reviewed_by").filter(pk=pk).first()
    if grant is None:
        raise BreakGlassNotFound(pk)
    _page_viewed(
        user,
        view="break_glass_review",
        purpose=BREAK_GLASS_REVIEW,
        person=grant.person,
        break_glass=grant.pk,
    )
    return grant
