"""Schedules by what they belong to, and which of them apply to a service at a place."""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from itertools import zip_longest

from django.db.models import Q

from locality.directory import models as m

ID_BATCH = 300  # ids of each kind per query: three IN (...) lists well under SQLite's limit
SCHEDULE_FIELDS = (
    "id", "service_id", "service_at_location_id", "location_id", "freq", "byday", "interval",
    "dtstart", "valid_from", "valid_to", "until", "opens_at", "closes_at",
)  # fmt: skip
ScheduleRow = namedtuple("ScheduleRow", SCHEDULE_FIELDS)


def in_batches(ids) -> list[list]:
    ids = sorted(set(ids))
    return [ids[start : start + ID_BATCH] for start in range(0, len(ids), ID_BATCH)]


@dataclass
class Schedules:
    """Schedules by what they belong to: a service at a location, a service, a location."""

    by_sal: dict = field(default_factory=lambda: defaultdict(list))
    by_service: dict = field(default_factory=lambda: defaultdict(list))
    by_location: dict = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, places, *, rows: bool) -> "Schedules":
        """For (service id, place or None) pairs; light rows, or models for a page.

        One query per batch of ids; each key's schedules come from one query, in id order.
        """
        found, places = cls(), list(places)
        batches = zip_longest(
            in_batches(p.sal_id for _, p in places if p is not None),
            in_batches(service_id for service_id, _ in places),
            in_batches(p.location_id for _, p in places if p is not None),
            fillvalue=[],
        )
        for sal_ids, service_ids, location_ids in batches:
            found._load_batch(set(sal_ids), set(service_ids), set(location_ids), rows=rows)
        return found

    def _load_batch(self, sal_ids, service_ids, location_ids, *, rows: bool) -> None:
        where = (
            Q(service_at_location_id__in=sal_ids)
            | Q(service_id__in=service_ids, service_at_location__isnull=True)
            | Q(location_id__in=location_ids)
        )
        schedules = m.Schedule.objects.filter(where).order_by("id")
        if rows:
            schedules = (ScheduleRow(*r) for r in schedules.values_list(*SCHEDULE_FIELDS))
        for schedule in schedules:
            if schedule.service_at_location_id in sal_ids:
                self.by_sal[schedule.service_at_location_id].append(schedule)
            if schedule.service_at_location_id is None and schedule.service_id in service_ids:
                self.by_service[schedule.service_id].append(schedule)
            if schedule.location_id in location_ids:
                self.by_location[schedule.location_id].append(schedule)

    def applicable(self, service_id: str, place) -> list:
        """The location's own times for this service, else the service's, else the building's."""
        return (
            (place is not None and self.by_sal.get(place.sal_id))
            or self.by_service.get(service_id)
            or (place is not None and self.by_location.get(place.location_id))
            or []
        )
