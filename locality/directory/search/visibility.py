"""Who may see what: the public's services, and the audit of staff shown confidential ones."""

from locality.directory import models as m
from locality.governance import audit

HIDDEN_STATUSES = ("inactive", "defunct")


def public_services():
    """Services anyone may see: not confidential, not inactive or defunct."""
    services = m.Service.objects.filter(confidential=False)
    for status in HIDDEN_STATUSES:
        services = services.exclude(status__iexact=status)
    return services


def confidential_shown_audit(*, by, results) -> None:
    """Record that a member of staff was shown confidential services (refuges)."""
    ids = [r.service.id for r in results if r.service.confidential]
    if ids:
        audit.record(
            actor=by,
            action=audit.READ,
            purpose="directory search",
            detail={"confidential_services": ids},
        )
