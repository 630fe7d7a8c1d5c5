"""The stewardship's background task: the daily stale check, run by `locality worker`.

The worker enqueues it once per calendar day (`locality.core.daily_tasks`), and
`locality directory flag-stale --enqueue` queues a run by hand. It calls the same service
as the command line, so the same access check and audit event apply; the actor is the
server operator's worker, audited as `task:flag_stale_services`, or the staff user whose
email was given when it was queued (checked again when it runs).
"""

from django_tasks import task

from locality.governance.actors import TaskActor
from locality.governance.models import User

from .common import STALE_DAYS
from .services import services_flag_stale

ACTOR = TaskActor(login="flag_stale_services")


@task()
def flag_stale_services(days: int = STALE_DAYS, by: str = "") -> dict:
    """Flag services not confirmed in `days` days; return how many were newly flagged."""
    actor = _actor(by)
    flagged = services_flag_stale(by=actor, days=days)
    return {"flagged": len(flagged), "days": days, "by": actor.email}


def _actor(email: str):
    if not email:
        return ACTOR
    user = User.objects.select_related("organisation", "team").filter(email=email).first()
    if user is None or not user.is_active:
        raise ValueError(f"flag_stale_services by={email!r}: no active staff user has that email")
    return user
