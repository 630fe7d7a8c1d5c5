"""HSDS `metadata` records: one per created object and one per changed field.

Only HSDS fields are recorded: Locality's own columns (`LOCALITY_FIELDS`, such as the stale
flag) never reach the open feed, so their changes are not written as HSDS metadata.
"""

import datetime as dt
import uuid

from django.utils import timezone

from locality.directory import models as m


def metadata_change(
    model, resource_id, action, field_name, previous, new, by, *, on: dt.date | None = None
) -> m.Metadata | None:
    """The metadata record for one change, or None for a Locality-only field.

    `on` is the date of the change (today by default; an import passes it once for all).
    """
    if (
        field_name.removesuffix("_id") in model.LOCALITY_FIELDS
        or field_name in model.LOCALITY_FIELDS
    ):
        return None
    return m.Metadata(
        id=str(uuid.uuid4()), resource_id=resource_id, resource_type=model.HSDS_NAME,
        last_action_date=on or timezone.localdate(), last_action_type=action,
        field_name=field_name, previous_value=_text(previous), replacement_value=_text(new),
        updated_by=by.email,
    )  # fmt: skip


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
