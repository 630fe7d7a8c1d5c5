"""ORUK list items: a service's or service-at-location's one-to-one fields, flat."""

from locality.directory.hsds_io import scalars


def service_summary(service) -> dict:
    """A service's one-to-one fields, with its organisation's (ORUK `service_list`)."""
    doc = scalars(service)
    if service.organization is not None:
        doc["organization"] = scalars(service.organization)
    return doc


def service_at_location_summary(sal) -> dict:
    """ORUK `service_at_location_list`: the link, its location and its service, flat."""
    doc = scalars(sal)
    if sal.location is not None:
        doc["location"] = scalars(sal.location)
    doc["service"] = service_summary(sal.service)
    return doc
