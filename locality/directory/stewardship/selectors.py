"""Stewardship reads: the pages' lists and review screens, and the facts the duplicate matcher
compares. Reads never write, except the audit event of a read that shows personal data."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from locality.directory import models as m
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise, can

from .common import ACTIVE, PURPOSE, STALE_DAYS, StewardshipNotFound, is_unverified
from .matching import ServiceFacts, domain_of, normalise_name, normalise_phone

# --- owners' and editors' lists -------------------------------------------------------------


def _mark_unverified(services, today=None) -> list[m.Service]:
    services = list(services)
    for service in services:
        service.unverified = is_unverified(service, today)
    return sorted(services, key=lambda s: (not s.unverified, s.assured_date or date.min, s.name))


def services_list_owned(user) -> list[m.Service]:
    """The services `user` owns (any staff user may), unverified first."""
    if user.id is None:
        return []  # the command line operator owns nothing
    owned = m.Service.objects.filter(owner_id=user.id).exclude(status=m.Service.Status.DEFUNCT)
    return _mark_unverified(owned.select_related("organization"))


def services_list_unverified(user) -> list[m.Service]:
    """Every unverified active service, for directory editors; nothing for anyone else."""
    if not can(user, perms.DIRECTORY_EDIT):
        return []
    stale = (
        Q(assured_date__isnull=True)
        | Q(flagged_stale_at__isnull=False)
        | Q(assured_date__lt=timezone.localdate() - timedelta(days=STALE_DAYS))
    )
    services = m.Service.objects.filter(stale, status=ACTIVE)
    return _mark_unverified(services.select_related("organization", "owner"))


def service_get(service_id: str) -> m.Service:
    service = m.Service.objects.filter(id=service_id).first()
    if service is None:
        raise StewardshipNotFound(service_id)
    return service


# --- suggestions and duplicates to review ---------------------------------------------------


def suggestions_list_pending(user):
    authorise(user, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    return m.AssetSuggestion.objects.filter(status=m.AssetSuggestion.Status.PENDING)


def suggestion_get_for_review(user, pk: int) -> m.AssetSuggestion:
    """The suggestion, its reading audited: it may carry the resident's name and email."""
    authorise(user, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    suggestion = m.AssetSuggestion.objects.filter(pk=pk).first()
    if suggestion is None:
        raise StewardshipNotFound(pk)
    audit.record(actor=user, action=audit.READ, obj=suggestion, purpose=PURPOSE)
    return suggestion


def _open_pairs():
    return m.DuplicateCandidate.objects.filter(
        status=m.DuplicateCandidate.Status.OPEN, first__status=ACTIVE, second__status=ACTIVE
    ).select_related("first", "second", "first__organization", "second__organization")


def duplicates_list_open(user):
    authorise(user, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    return _open_pairs()


def duplicate_get_for_review(user, pk: int) -> m.DuplicateCandidate:
    authorise(user, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    candidate = _open_pairs().filter(pk=pk).first()
    if candidate is None:
        raise StewardshipNotFound(pk)
    return candidate


def _summary(service) -> dict[str, str]:
    phones = service.phones.values_list("number", flat=True)
    addresses = m.Address.objects.filter(location__service_at_locations__service=service)
    return {
        "Name": service.name,
        "Organisation": service.organization.name if service.organization else "",
        "Description": service.description,
        "Phone": ", ".join(phones),
        "Email": service.email,
        "Website": service.url,
        "Address": "; ".join(
            ", ".join(p for p in (a.address_1, a.city, a.postal_code) if p) for a in addresses
        ),
        "Feed": service.source,
        "Last confirmed": service.assured_date.strftime("%-d %b %Y")
        if service.assured_date
        else "",
    }


def duplicate_comparison(candidate) -> list[tuple[str, str, str]]:
    """(label, first's value, second's value) rows to show the pair side by side."""
    first, second = _summary(candidate.first), _summary(candidate.second)
    return [(label, first[label], second[label]) for label in first]


# --- what the duplicate matcher compares ----------------------------------------------------


def service_facts(services) -> list[ServiceFacts]:
    """Facts for the services of a queryset, in a fixed number of queries."""
    facts = {
        s.id: ServiceFacts(
            s,
            rank,
            normalise_name(s.name),
            organization=s.organization_id or "",
            label=s.name,
            emails={s.email.strip().lower()} - {""},
            domains={domain_of(s.url)} - {""},
        )
        for rank, s in enumerate(services.order_by("id"))
    }
    ids = services.values("id")
    phones = m.Phone.objects.filter(
        Q(service_id__in=ids) | Q(service_at_location__service_id__in=ids)
    )
    for service_id, sal_service_id, number in phones.values_list(
        "service_id", "service_at_location__service_id", "number"
    ):
        target = facts.get(service_id) or facts.get(sal_service_id)
        if target is not None and normalise_phone(number):
            target.phones.add(normalise_phone(number))
    places = m.ServiceAtLocation.objects.filter(
        service_id__in=ids, location__latitude__isnull=False, location__longitude__isnull=False
    )
    for service_id, lat, lon, name in places.values_list(
        "service_id", "location__latitude", "location__longitude", "location__name"
    ):
        facts[service_id].points.append((lat, lon))
        facts[service_id].venues.append(name)
    areas = defaultdict(list)
    for service_id, name in m.ServiceArea.objects.filter(service_id__in=ids).values_list(
        "service_id", "name"
    ):
        areas[service_id].append(name)
    for service_id, names in areas.items():
        facts[service_id].areas = names
    return list(facts.values())
