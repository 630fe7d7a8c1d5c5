"""Governance writes: organisations, teams, staff, consent, break-glass, tokens.

Each takes the actor as `by=`, runs in a transaction and writes its audit event
in that same transaction.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError
from locality.governance.models import (
    ApiToken,
    BreakGlass,
    ConsentRecord,
    Organisation,
    Team,
    User,
)
from locality.governance.roles import role_for

MIN_REASON_LENGTH = 10
TOKEN_DAYS = 90


@audit.governed()
def organisation_ensure(*, by, name: str, kind: str, ods_code: str = "") -> Organisation:
    """Create the organisation, or bring an existing one of that name up to date."""
    org, created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "ods_code": ods_code}
    )
    if not created and (org.kind, org.ods_code) != (kind, ods_code):
        org.kind, org.ods_code = kind, ods_code
        org.save(update_fields=["kind", "ods_code"])
    if created:
        audit.record(actor=by, action=audit.CREATE, obj=org, detail={"name": name})
    return org


@audit.governed()
def team_ensure(*, by, name: str, neighbourhood: str, organisations) -> Team:
    team, created = Team.objects.get_or_create(name=name, defaults={"neighbourhood": neighbourhood})
    team.organisations.add(*organisations)
    if created:
        audit.record(actor=by, action=audit.CREATE, obj=team, detail={"name": name})
    return team


@audit.governed()
def user_ensure(
    *, by, email: str, full_name: str, organisation, role: str, team=None, password: str
) -> User:
    role_for(role)  # fails on an unknown role
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        action = audit.CREATE
    else:
        action = audit.CHANGE
    user.full_name, user.organisation, user.team, user.role = full_name, organisation, team, role
    user.set_password(password)
    user.save()
    audit.record(actor=by, action=action, obj=user, detail={"email": email, "role": role})
    return user


@audit.governed()
def consent_record(
    *, by, person, purpose: str, status: str, organisation=None, note: str = ""
) -> ConsentRecord:
    authorise(by, perms.CONSENT_RECORD, person, purpose="consent")
    if purpose not in ConsentRecord.Purpose.values:
        raise GovernanceError(
            f"consent purpose {purpose!r} is not one of {', '.join(ConsentRecord.Purpose.values)}"
        )
    if status not in ConsentRecord.Status.values:
        raise GovernanceError(f"consent status {status!r} is not 'given' or 'withdrawn'")
    if purpose == ConsentRecord.Purpose.DIRECT_CARE and organisation is None:
        raise GovernanceError("consent for direct care sharing must name the organisation")
    record = ConsentRecord(
        person=person,
        purpose=purpose,
        organisation=organisation,
        status=status,
        recorded_by=by,
        recorded_at=timezone.now(),
        note=note,
    )
    record.save()
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=person,
        obj=record,
        purpose="consent",
        detail={
            "consent": purpose,
            "status": status,
            "organisation": organisation.name if organisation else "",
        },
    )
    return record


@audit.governed()
def break_glass_start(*, by, person, reason: str) -> BreakGlass:
    """Emergency access for a set time, with a reason; flagged to the IG lead for review."""
    reason = (reason or "").strip()
    if not by.has_permission(perms.BREAK_GLASS_USE) or not by.role_class.identifiable:
        audit.record(
            actor=by,
            action=audit.BREAK_GLASS,
            outcome="refused",
            person=person,
            obj=person,
            purpose="emergency access",
        )
        raise GovernanceError("your role may not use break-glass access")
    if len(reason) < MIN_REASON_LENGTH:
        raise GovernanceError(
            f"give a reason of at least {MIN_REASON_LENGTH} characters for break-glass access"
        )
    now = timezone.now()
    grant = BreakGlass.objects.create(
        user=by,
        person=person,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(minutes=settings.LOCALITY_BREAK_GLASS_MINUTES),
    )
    audit.record(
        actor=by,
        action=audit.BREAK_GLASS,
        person=person,
        obj=grant,
        purpose="emergency access",
        detail={"reason": reason, "expires_at": grant.expires_at.isoformat()},
    )
    return grant


@audit.governed()
def break_glass_review(*, by, grant: BreakGlass, outcome: str, note: str = "") -> BreakGlass:
    authorise(by, perms.BREAK_GLASS_REVIEW, purpose="break-glass review")
    if outcome not in BreakGlass.Outcome.values:
        raise GovernanceError(
            f"review outcome must be one of {', '.join(BreakGlass.Outcome.values)}"
        )
    if grant.reviewed_at is not None:
        raise GovernanceError("this break-glass use has already been reviewed")
    grant.reviewed_by, grant.reviewed_at = by, timezone.now()
    grant.review_outcome, grant.review_note = outcome, note
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_note"])
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=grant.person,
        obj=grant,
        purpose="break-glass review",
        detail={"outcome": outcome},
    )
    return grant


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@audit.governed()
def token_create(*, by, user: User, days: int = TOKEN_DAYS) -> str:
    """Make a bearer token for `user`; only its digest is kept, so it is shown once."""
    if not user.is_active:
        raise GovernanceError(f"{user.email} is not active")
    token = "loc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=token_digest(token),
        prefix=token[:12],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(actor=by, action=audit.CREATE, obj=user, detail={"token_for": user.email})
    return token


def token_user(token: str) -> User | None:
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user", "user__organisation", "user__team")
        .filter(digest=token_digest(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
