"""The one access function: `can(user, action, obj)`.

Every view, API route, CLI command and task asks here before reading or
changing personal data, then writes an audit event (see `authorise`).

A user may act on a person's record when all of these hold:
  1. their role grants the permission and allows identifiable data;
  2. they have a care relationship with the person: their team holds the
     person on an open caseload, their organisation has an open referral for
     the person, or they hold an unexpired break-glass;
  3. the person has not withdrawn consent to share with their organisation
     for direct care (break-glass, for vital interests, overrides this).
Subject access export is the IG lead's legal duty and needs no relationship.
"""

from django.utils import timezone

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.exceptions import AccessDenied
from locality.governance.roles import SystemOperator

CASELOAD = "caseload"
REFERRAL = "referral"
BREAK_GLASS = "break_glass"
LEGAL_DUTY = "legal_duty"
OPERATOR = "operator"

PERSON_ACTIONS_NEEDING_RELATIONSHIP = {
    perms.PERSON_VIEW,
    perms.PERSON_CHANGE,
    perms.CONSENT_RECORD,
    perms.CASELOAD_MANAGE,
    perms.REFERRAL_CREATE,
    perms.POPULATION_REIDENTIFY,
}


def can(user, action: str, obj=None) -> bool:
    return access_basis(user, action, obj) is not None


def access_basis(user, action: str, obj=None) -> str | None:
    """Why `user` may do `action` to `obj`, or None if they may not."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not user.has_permission(action):
        return None
    if obj is None or not _is_person(obj):
        return "permission"
    if not user.role_class.identifiable:
        return None
    if user.role == SystemOperator.key:
        return OPERATOR
    if action == perms.SUBJECT_ACCESS_EXPORT:
        return LEGAL_DUTY
    if action in PERSON_ACTIONS_NEEDING_RELATIONSHIP:
        return _relationship_respecting_consent(user, obj)
    return None


def _is_person(obj) -> bool:
    return obj._meta.label_lower == "people.person"


def _person_or_none(obj):
    return obj if obj is not None and _is_person(obj) else None


def _relationship_respecting_consent(user, person) -> str | None:
    if has_active_break_glass(user, person):
        return BREAK_GLASS
    basis = care_relationship(user, person)
    if basis is None or sharing_withdrawn(person, user.organisation_id):
        return None
    return basis


def care_relationship(user, person) -> str | None:
    from locality.plans.models import CaseloadEntry
    from locality.referrals.models import Referral

    if (
        user.team_id
        and CaseloadEntry.objects.filter(
            team_id=user.team_id, person=person, closed_at__isnull=True
        ).exists()
    ):
        return CASELOAD
    if (
        user.organisation_id
        and Referral.objects.filter(
            to_organisation_id=user.organisation_id,
            person=person,
            status__in=Referral.OPEN_STATUSES,
        ).exists()
    ):
        return REFERRAL
    return None


def has_active_break_glass(user, person) -> bool:
    from locality.governance.models import BreakGlass

    if user.id is None:
        return False
    now = timezone.now()
    return BreakGlass.objects.filter(
        user_id=user.id, person=person, started_at__lte=now, expires_at__gt=now
    ).exists()


def sharing_withdrawn(person, organisation_id) -> bool:
    """True when the latest direct-care statement for this organisation is a withdrawal."""
    from locality.governance.models import ConsentRecord

    latest = (
        ConsentRecord.objects.filter(
            person=person,
            purpose=ConsentRecord.Purpose.DIRECT_CARE,
            organisation_id=organisation_id,
        )
        .order_by("-recorded_at", "-id")
        .first()
    )
    return latest is not None and latest.status == ConsentRecord.Status.WITHDRAWN


def access_bases(user, action: str, people) -> dict[int, str]:
    """`access_basis` for many people at once: {person primary key: basis} of those
    `user` may do `action` to; the others are absent.

    The same rules as `access_basis`, answered in at most five queries whatever the
    number of people (for pages and API lists). Like `can`, it writes no audit event:
    the caller audits what it then shows or does.
    """
    people = [p for p in people if p is not None and _is_person(p)]
    if not people or access_basis(user, action) is None:
        return {}
    if not user.role_class.identifiable:
        return {}
    if user.role == SystemOperator.key:
        return dict.fromkeys((p.pk for p in people), OPERATOR)
    if action == perms.SUBJECT_ACCESS_EXPORT:
        return dict.fromkeys((p.pk for p in people), LEGAL_DUTY)
    if action not in PERSON_ACTIONS_NEEDING_RELATIONSHIP:
        return {}
    ids = {p.pk for p in people}
    broken_glass = _with_active_break_glass(user, ids)
    related = _care_relationships(user, ids - broken_glass)
    withdrawn = _sharing_withdrawn_among(set(related), user.organisation_id)
    bases = dict.fromkeys(broken_glass, BREAK_GLASS)
    bases.update((pk, basis) for pk, basis in related.items() if pk not in withdrawn)
    return bases


def _with_active_break_glass(user, ids: set[int]) -> set[int]:
    from locality.governance.models import BreakGlass

    if user.id is None or not ids:
        return set()
    now = timezone.now()
    return set(
        BreakGlass.objects.filter(
            user_id=user.id, person_id__in=ids, started_at__lte=now, expires_at__gt=now
        ).values_list("person_id", flat=True)
    )


def _care_relationships(user, ids: set[int]) -> dict[int, str]:
    """`care_relationship` for each of `ids` that has one (caseload before referral)."""
    from locality.plans.models import CaseloadEntry
    from locality.referrals.models import Referral

    found: dict[int, str] = {}
    if user.organisation_id and ids:
        referred = Referral.objects.filter(
            to_organisation_id=user.organisation_id,
            person_id__in=ids,
            status__in=Referral.OPEN_STATUSES,
        ).values_list("person_id", flat=True)
        found.update(dict.fromkeys(referred, REFERRAL))
    if user.team_id and ids:
        held = CaseloadEntry.objects.filter(
            team_id=user.team_id, person_id__in=ids, closed_at__isnull=True
        ).values_list("person_id", flat=True)
        found.update(dict.fromkeys(held, CASELOAD))
    return found


def _sharing_withdrawn_among(ids: set[int], organisation_id) -> set[int]:
    """Those of `ids` whose latest direct-care statement for the organisation is a withdrawal."""
    from locality.governance.models import ConsentRecord

    if not ids:
        return set()
    latest: dict[int, str] = {}
    statements = ConsentRecord.objects.filter(
        person_id__in=ids,
        purpose=ConsentRecord.Purpose.DIRECT_CARE,
        organisation_id=organisation_id,
    ).order_by("person_id", "-recorded_at", "-id")
    for person_id, status in statements.values_list("person_id", "status"):
        latest.setdefault(person_id, status)
    return {pk for pk, status in latest.items() if status == ConsentRecord.Status.WITHDRAWN}


def authorise(user, action: str, obj=None, *, person=None, purpose: str = "") -> str:
    """Check `can`; on refusal write a refused audit event and raise AccessDenied.

    Returns the basis of access. The caller writes the allowed event with the
    read or change itself, in the same transaction.
    """
    basis = access_basis(user, action, obj)
    if basis is None:
        audit.record(
            actor=user,
            action=action,
            outcome="refused",
            person=person if person is not None else _person_or_none(obj),
            obj=obj,
            purpose=purpose,
        )
        raise AccessDenied(f"{getattr(user, 'email', 'anonymous')} may not {action}")
    return basis
