"""What the stewardship writes and reads share: the stale rule, the audit purpose, and the
helpers that record each field change as an HSDS `metadata` record (decision 0005)."""

import uuid
from datetime import date, timedelta

from django.utils import timezone

from locality.directory import models as m
from locality.directory.metadata_utils import metadata_change
from locality.governance.models import User

STALE_DAYS = 90
PURPOSE = "directory stewardship"
ACTIVE = m.Service.Status.ACTIVE


class StewardshipNotFound(Exception):
    """No suggestion, service or candidate with that id."""


def is_stale(service, today: date | None = None, days: int = STALE_DAYS) -> bool:
    """Not confirmed in the last `days` days: confirmed exactly 90 days ago is still fresh."""
    today = today or timezone.localdate()
    return service.assured_date is None or service.assured_date < today - timedelta(days=days)


def is_unverified(service, today: date | None = None) -> bool:
    """Show the service as "unverified": flagged by the daily check, or stale since."""
    return service.flagged_stale_at is not None or is_stale(service, today)


def user_or_none(by):
    """The actor as a foreign key value: the command line operator is not a staff user."""
    return by if isinstance(by, User) else None


def record_changes(obj, by, changes: list, **values) -> list[str]:
    """Set `values` on `obj`, adding one HSDS metadata record per field that changes."""
    changed = []
    for attname, value in values.items():
        previous = getattr(obj, attname)
        if previous != value:
            record = metadata_change(type(obj), obj.id, "update", attname, previous, value, by)
            if record is not None:
                changes.append(record)
            setattr(obj, attname, value)
            changed.append(attname)
    return changed


def create(model, by, changes: list, **values):
    """A new HSDS row with a UUID id, and its "create" metadata record."""
    obj = model.objects.create(id=str(uuid.uuid4()), **values)
    changes.append(metadata_change(model, obj.id, "create", "", "", "", by))
    return obj
