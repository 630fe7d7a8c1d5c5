"""Reads behind the break-glass page: which person, and may this user break the glass."""

from django.utils import timezone

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.models import BreakGlass
from locality.people.models import Person
from locality.people.selectors import PersonNotFound

PURPOSE = "emergency access"


def may_use_break_glass(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.has_permission(perms.BREAK_GLASS_USE)
        and user.role_class.identifiable
    )


def person_for_break_glass(user, pseudo_id: str) -> Person:
    """The person to break the glass for, or PersonNotFound (with a refused audit event)
    when the user's role may not use break-glass or there is no such person.

    Nothing identifiable is shown before the glass is broken, so a successful
    look-up is not audited: `break_glass_start` audits the access itself.
    """
    pseudo_id = str(pseudo_id)[:32]
    if not may_use_break_glass(user):
        audit.record(
            actor=user,
            action=perms.BREAK_GLASS_USE,
            outcome="refused",
            person=pseudo_id,
            purpose=PURPOSE,
        )
        raise PersonNotFound(pseudo_id)
    person = Person.objects.filter(pseudo_id=pseudo_id).first()
    if person is None:
        audit.record(
            actor=user,
            action=perms.BREAK_GLASS_USE,
            outcome="refused",
            person=pseudo_id,
            purpose=PURPOSE,
            detail={"found": False},
        )
        raise PersonNotFound(pseudo_id)
    return person


def break_glass_active(user, person) -> BreakGlass | None:
    """The user's unexpired break-glass on this person, if any (to say so on the record)."""
    now = timezone.now()
    return (
        BreakGlass.objects.filter(
            user_id=user.id, person=person, started_at__lte=now, expires_at__gt=now
        )
        .order_by("-expires_at")
        .first()
    )
