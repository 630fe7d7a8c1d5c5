"""Keeping the directory true: owners confirm services, stale ones are flagged, residents
suggest assets, directory editors moderate them and merge duplicates found across feeds.

Every write takes the actor as `by=`, runs in one transaction with its audit event, and
records each field change as an HSDS `metadata` record, as the importer does (decision 0005).
The reads the stewardship pages need are at the end ("Reads").

Duplicate score, between 0 and 1 (see `pair_score`)::

    score = 0.60 * name + 0.25 * contact + 0.15 * near

- name: the mean of two similarities of the normalised names (lower case, accents,
  punctuation and "the", "and", "of"... dropped, words sorted): `difflib`'s ratio of the
  letters (forgives typos) and the Jaccard index of the words (shared words over all words:
  stops short names that merely share letters looking alike), 0 to 1;
- contact: 1 for the same phone number (digits only, +44 as 0) or email address, else 0.5
  for the same website domain (social media and booking sites do not count), else 0;
- near: 1 when any of their locations are within 100 m of each other, else 0.

A pair scoring `MIN_SCORE` (0.6) or more is a candidate. So identical names alone qualify;
alike names need some other evidence; unlike names (below 1/3 alike) never qualify, however
much else they share (two groups meeting in one hall, on the hall's phone number).
Pairs are only scored when they share a name word, a phone number, an email address or a
100 m grid square, and a block of more than `MAX_BLOCK` services (a word like "york" or a
switchboard number) is too common to say anything and is skipped.
"""

import difflib
import math
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, combinations
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Q
from django.utils import timezone

from locality.directory import derived
from locality.directory import models as m
from locality.directory.metadata_utils import metadata_change
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise, can
from locality.governance.exceptions import GovernanceError
from locality.governance.models import User
from locality.places.postcodes import normalise_postcode, postcode_point

STALE_DAYS = 90
PURPOSE = "directory stewardship"
SUGGESTION_SOURCE = "resident suggestion"
ACTIVE = m.Service.Status.ACTIVE
ASSET_TAXONOMY = "Locality entry kind"

NAME_WEIGHT, CONTACT_WEIGHT, NEAR_WEIGHT = 0.60, 0.25, 0.15
MIN_SCORE = 0.6
NEAR_METRES = 100
MAX_BLOCK = 150
STOP_WORDS = frozenset({"the", "and", "of", "for", "a", "an", "at", "in", "on", "to", "with"})
# hosts shared by unrelated groups: the same one says nothing
SHARED_DOMAINS = frozenset(
    "facebook.com instagram.com x.com twitter.com eventbrite.co.uk eventbrite.com linktr.ee "
    "google.com sites.google.com".split()
)


class StewardshipNotFound(Exception):
    """No suggestion, service or candidate with that id."""


def _user_or_none(by):
    """The actor as a foreign key value: the command line operator is not a staff user."""
    return by if isinstance(by, User) else None


def _record_changes(obj, by, changes: list, **values) -> list[str]:
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


def _create(model, by, changes: list, **values):
    obj = model.objects.create(id=str(uuid.uuid4()), **values)
    changes.append(metadata_change(model, obj.id, "create", "", "", "", by))
    return obj


# --- owners confirm, stale services are flagged --------------------------------------------


def is_stale(service, today: date | None = None, days: int = STALE_DAYS) -> bool:
    """Not confirmed in the last `days` days: confirmed exactly 90 days ago is still fresh."""
    today = today or timezone.localdate()
    return service.assured_date is None or service.assured_date < today - timedelta(days=days)


def is_unverified(service, today: date | None = None) -> bool:
    """Show the service as "unverified": flagged by the daily check, or stale since."""
    return service.flagged_stale_at is not None or is_stale(service, today)


def _authorise_steward(by, service) -> None:
    if service.owner_id is not None and service.owner_id == getattr(by, "id", None):
        if by.is_active:
            return
    authorise(by, perms.DIRECTORY_EDIT, service, purpose=PURPOSE)


@audit.governed()
def service_assure(*, by, service) -> m.Service:
    """The owner or a directory editor confirms the record is right today."""
    _authorise_steward(by, service)
    changes: list[m.Metadata] = []
    changed = _record_changes(
        service,
        by,
        changes,
        assured_date=timezone.localdate(),
        assurer_email=by.email,
        flagged_stale_at=None,
    )
    if changed:
        service.save(update_fields=[*changed, "updated_at"])
        m.Metadata.objects.bulk_create(changes)
    audit.record(
        actor=by,
        action="directory.assure",
        obj=service,
        purpose=PURPOSE,
        detail={"assured_date": service.assured_date.isoformat()},
    )
    return service


@audit.governed()
def services_flag_stale(*, by, today: date | None = None, days: int = STALE_DAYS):
    """Flag every active service not confirmed in `days` days; return those newly flagged.

    Clears the flag of any flagged service confirmed since (by a feed, say). Daily work.
    """
    authorise(by, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    today = today or timezone.localdate()
    stale = Q(assured_date__isnull=True) | Q(assured_date__lt=today - timedelta(days=days))
    flagged = list(m.Service.objects.filter(stale, status=ACTIVE, flagged_stale_at__isnull=True))
    cleared = list(m.Service.objects.filter(~stale, flagged_stale_at__isnull=False))
    now, changes = timezone.now(), []
    for service in flagged:
        _record_changes(service, by, changes, flagged_stale_at=now)
    for service in cleared:
        _record_changes(service, by, changes, flagged_stale_at=None)
    m.Service.objects.bulk_update(flagged + cleared, ["flagged_stale_at"], batch_size=500)
    m.Metadata.objects.bulk_create(changes, batch_size=1000)
    audit.record(
        actor=by,
        action="directory.flag_stale",
        purpose=PURPOSE,
        detail={
            "flagged": len(flagged),
            "cleared": len(cleared),
            "days": days,
            "as_of": today.isoformat(),
        },
    )
    return flagged


# --- residents suggest assets; editors accept or reject them ---------------------------------

SUGGESTION_FIELDS = (
    *("name", "description", "address", "postcode", "website", "when"),
    *("suggested_by_name", "suggested_by_email"),
)
REQUIRED = {
    "name": "Enter the name of the place, group or activity",
    "description": "Describe what it is and who it is for",
}

FORMATS = (
    ("website", URLValidator(schemes=["http", "https"]),
     "Enter a web address in the correct format, like www.example.org"),
    ("suggested_by_email", EmailValidator(),
     "Enter an email address in the correct format, like name@example.com"),
)  # fmt: skip


def _clean_suggestion(fields: dict) -> dict:
    """Trimmed and normalised values; raises ValidationError naming each bad field."""
    unknown = set(fields) - set(SUGGESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown suggestion fields: {', '.join(sorted(unknown))}")
    data = {k: str(fields.get(k) or "").strip() for k in SUGGESTION_FIELDS}
    errors = {k: message for k, message in REQUIRED.items() if not data[k]}
    if data["postcode"]:
        data["postcode"] = normalise_postcode(data["postcode"]) or ""
        if not data["postcode"]:
            errors["postcode"] = "Enter a full postcode, like YO1 7HH"
    if data["website"] and "://" not in data["website"]:
        data["website"] = f"https://{data['website']}"
    for name, validator, message in FORMATS:
        try:
            if data[name]:
                validator(data[name])
        except ValidationError:
            errors[name] = message
    for f in m.AssetSuggestion._meta.get_fields():
        limit = getattr(f, "max_length", None)
        if f.name in data and limit and len(data[f.name]) > limit and f.name not in errors:
            errors[f.name] = f"{f.verbose_name.capitalize()} must be {limit} characters or fewer"
    if errors:
        raise ValidationError(errors)
    return data


@audit.governed()
def suggestion_submit(**fields) -> m.AssetSuggestion:
    """A resident's suggestion from the public form (residents are anonymous)."""
    suggestion = m.AssetSuggestion.objects.create(**_clean_suggestion(fields))
    audit.record(actor=None, action="directory.suggest", obj=suggestion, purpose=PURPOSE)
    return suggestion


def _pending(suggestion) -> m.AssetSuggestion:
    locked = m.AssetSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != m.AssetSuggestion.Status.PENDING:
        raise GovernanceError("this suggestion has already been reviewed")
    return locked


def _organization_for(name: str, by, changes) -> m.Organization:
    existing = m.Organization.objects.filter(name__iexact=name).order_by("id").first()
    return existing or _create(m.Organization, by, changes, name=name)


def _place(suggestion, service, organization, by, changes) -> None:
    point = postcode_point(suggestion.postcode) or (None, None)
    location = _create(
        m.Location,
        by,
        changes,
        name=suggestion.name,
        location_type="physical",
        organization=organization,
        latitude=point[0],
        longitude=point[1],
    )
    _create(
        m.Address,
        by,
        changes,
        location=location,
        address_1=suggestion.address,
        postal_code=suggestion.postcode,
        country="GB",
        address_type="physical",
    )
    _create(m.ServiceAtLocation, by, changes, service=service, location=location)


def _tag_asset(service, by, changes) -> None:
    term = m.TaxonomyTerm.objects.filter(code=derived.ASSET_CODE).order_by("id").first()
    if term is None:
        term = _create(
            m.TaxonomyTerm,
            by,
            changes,
            code=derived.ASSET_CODE,
            name="Community asset",
            taxonomy_name=ASSET_TAXONOMY,
        )
    _create(
        m.Attribute,
        by,
        changes,
        link_id=service.id,
        link_entity="service",
        link_type="entry_kind",
        taxonomy_term=term,
    )


@audit.governed()
def suggestion_accept(
    *, by, suggestion, organization_name: str = "", is_asset: bool = True, note: str = ""
) -> m.Service:
    """Add the suggestion to the directory as an HSDS service that `by` owns, assured today."""
    authorise(by, perms.DIRECTORY_EDIT, suggestion, purpose=PURPOSE)
    suggestion = _pending(suggestion)
    changes: list[m.Metadata] = []
    organization = _organization_for(organization_name.strip() or suggestion.name, by, changes)
    service = _create(
        m.Service,
        by,
        changes,
        name=suggestion.name,
        organization=organization,
        description=suggestion.description,
        url=suggestion.website,
        status=ACTIVE,
        assured_date=timezone.localdate(),
        assurer_email=by.email,
        owner=_user_or_none(by),
        source=SUGGESTION_SOURCE,
    )
    if suggestion.address or suggestion.postcode:
        _place(suggestion, service, organization, by, changes)
    if suggestion.when:
        _create(m.Schedule, by, changes, service=service, description=suggestion.when)
    if is_asset:
        _tag_asset(service, by, changes)
    m.Metadata.objects.bulk_create(changes)
    derived.refresh(service_ids=[service.id], source=SUGGESTION_SOURCE)
    _reviewed(suggestion, by, m.AssetSuggestion.Status.ACCEPTED, note, service=service)
    audit.record(
        actor=by,
        action="directory.suggestion_accept",
        obj=suggestion,
        purpose=PURPOSE,
        detail={"service": service.id},
    )
    service.refresh_from_db()
    return service


@audit.governed()
def suggestion_reject(*, by, suggestion, note: str) -> m.AssetSuggestion:
    authorise(by, perms.DIRECTORY_EDIT, suggestion, purpose=PURPOSE)
    if not (note or "").strip():
        raise GovernanceError("say why the suggestion is not being added")
    suggestion = _pending(suggestion)
    _reviewed(suggestion, by, m.AssetSuggestion.Status.REJECTED, note.strip())
    audit.record(actor=by, action="directory.suggestion_reject", obj=suggestion, purpose=PURPOSE)
    return suggestion


def _reviewed(suggestion, by, status, note, service=None) -> None:
    suggestion.status, suggestion.review_note, suggestion.service = status, note, service
    suggestion.reviewed_by, suggestion.reviewed_at = _user_or_none(by), timezone.now()
    suggestion.save()


# --- likely duplicates ------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Lower case ASCII words, "&" as "and", stop words dropped, sorted: word order is noise."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]", "", text.replace("&", " and "))
    return " ".join(sorted(w for w in re.findall(r"[a-z0-9]+", text) if w not in STOP_WORDS))


def name_similarity(a: str, b: str) -> float:
    """0 to 1: the mean of difflib's ratio and the words' Jaccard index, normalised names."""
    a, b = normalise_name(a), normalise_name(b)
    return (difflib.SequenceMatcher(None, a, b).ratio() + _jaccard(a, b)) / 2


def _jaccard(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 0.0


def normalise_phone(number: str) -> str:
    digits = re.sub(r"\D", "", (number or "").split("ext")[0])
    if digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else ""


def _domain(url: str) -> str:
    host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "") if url else ""
    host = host.removeprefix("www.")
    return "" if host in SHARED_DOMAINS else host


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (latitude, longitude) points (equirectangular: fine at 100 m)."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dy = math.radians(b[0] - a[0])
    dx = math.radians(b[1] - a[1]) * math.cos(mean_lat)
    return 6_371_000 * math.hypot(dx, dy)


@dataclass
class ServiceFacts:
    """What the matcher compares, for one service."""

    service: m.Service
    rank: int  # position in the database's own order of ids: pairs are (lower, higher)
    name: str
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)


def pair_score(a: ServiceFacts, b: ServiceFacts) -> tuple[float, list[str]]:
    """The documented score (module docstring) and the reasons, in words."""
    reasons, contact = [], 0.0
    if a.phones & b.phones:
        contact = 1.0
        reasons.append("same phone number")
    if a.emails & b.emails:
        contact = 1.0
        reasons.append("same email address")
    if a.domains & b.domains:
        contact = max(contact, 0.5)
        reasons.append("same website domain")
    near = any(metres_between(p, q) <= NEAR_METRES for p in a.points for q in b.points)
    if near:
        reasons.append(f"within {NEAR_METRES} m")
    evidence = CONTACT_WEIGHT * contact + NEAR_WEIGHT * near
    jaccard = _jaccard(a.name, b.name)
    needed = 2 * (MIN_SCORE - evidence) / NAME_WEIGHT - jaccard  # of difflib's ratio
    matcher = difflib.SequenceMatcher(None, a.name, b.name)
    if needed > 1 or matcher.real_quick_ratio() < needed or matcher.quick_ratio() < needed:
        return 0.0, []  # cannot reach MIN_SCORE: skip the full comparison
    name = (matcher.ratio() + jaccard) / 2
    return round(NAME_WEIGHT * name + evidence, 3), [f"names {name:.0%} alike", *reasons]


def _blocks(facts: list[ServiceFacts]) -> Iterable[list[ServiceFacts]]:
    """Groups of services sharing a name word, a phone number or an email address."""
    blocks = defaultdict(list)
    for f in facts:
        keys = {("word", w) for w in f.name.split()}
        keys |= {("phone", p) for p in f.phones} | {("email", e) for e in f.emails}
        for key in keys:
            blocks[key].append(f)
    return (b for b in blocks.values() if 1 < len(b) <= MAX_BLOCK)


def _near_pairs(facts: list[ServiceFacts]) -> Iterable[tuple[ServiceFacts, ServiceFacts]]:
    """Pairs with points in the same or a neighbouring grid square of at least 100 m."""
    size = NEAR_METRES / 111_000  # degrees of latitude; longitude squares are wider still
    cells = defaultdict(list)
    for f in facts:
        for lat, lon in f.points:
            cells[(math.floor(lat / size), math.floor(lon / size))].append(f)
    for (y, x), here in cells.items():
        if len(here) > MAX_BLOCK:
            continue
        yield from combinations(here, 2)
        for dy, dx in ((0, 1), (1, -1), (1, 0), (1, 1)):
            there = cells.get((y + dy, x + dx), [])
            if len(there) <= MAX_BLOCK:
                yield from ((a, b) for a in here for b in there)


def match_pairs(facts: list[ServiceFacts], only: set[str] | None = None):
    """(first, second, score, reasons) for each candidate pair, first ranked lower."""
    seen, found = set(), []
    pairs = (p for block in _blocks(facts) for p in combinations(block, 2))
    for a, b in chain(pairs, _near_pairs(facts)):
        if a.rank == b.rank:
            continue
        a, b = (a, b) if a.rank < b.rank else (b, a)
        if (a.rank, b.rank) in seen:
            continue
        if only is not None and not {a.service.id, b.service.id} & only:
            continue
        seen.add((a.rank, b.rank))
        score, reasons = pair_score(a, b)
        if score >= MIN_SCORE:
            found.append((a.service, b.service, score, reasons))
    return found


def service_facts(services) -> list[ServiceFacts]:
    """Facts for the services of a queryset, in a fixed number of queries."""
    facts = {
        s.id: ServiceFacts(s, rank, normalise_name(s.name))
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
    for service_id, lat, lon in places.values_list(
        "service_id", "location__latitude", "location__longitude"
    ):
        facts[service_id].points.append((lat, lon))
    for f in facts.values():
        f.emails = {f.service.email.strip().lower()} - {""}
        f.domains = {_domain(f.service.url)} - {""}
    return list(facts.values())


@audit.governed()
def duplicates_find(*, by, services=None) -> list[m.DuplicateCandidate]:
    """New candidate pairs among active services, never a pair already found (in any state).

    `services`: only pairs involving at least one of these (say, those just imported).
    """
    authorise(by, perms.DIRECTORY_EDIT, purpose=PURPOSE)
    only = {s.id for s in services} if services is not None else None
    facts = service_facts(m.Service.objects.filter(status=ACTIVE))
    known = set(m.DuplicateCandidate.objects.values_list("first_id", "second_id"))
    found = [
        m.DuplicateCandidate(first=a, second=b, score=score, reasons=reasons)
        for a, b, score, reasons in match_pairs(facts, only)
        if (a.id, b.id) not in known
    ]
    m.DuplicateCandidate.objects.bulk_create(found)
    audit.record(
        actor=by,
        action="directory.duplicates_find",
        purpose=PURPOSE,
        detail={"services": len(facts), "found": len(found)},
    )
    return found


def _open(candidate) -> m.DuplicateCandidate:
    locked = (
        m.DuplicateCandidate.objects.select_for_update()
        .select_related("first", "second")
        .get(pk=candidate.pk)
    )
    if locked.status != m.DuplicateCandidate.Status.OPEN:
        raise GovernanceError("this pair has already been resolved")
    return locked


SERVICE_CHILDREN = (
    *(m.Phone, m.Contact, m.Schedule, m.ServiceArea, m.Language, m.Funding, m.CostOption),
    *(m.RequiredDocument, m.ServiceCapacity),
)


def _move(model, rows, attname, value, by, changes) -> int:
    for row in rows:
        _record_changes(row, by, changes, **{attname: value})
    model.objects.bulk_update(rows, [attname], batch_size=500)
    return len(rows)


def _move_children(other, keep, by, changes) -> dict[str, int]:
    """Point the other service's children at `keep`; skip a location or term it already has."""
    moved = {}
    for model in SERVICE_CHILDREN:
        rows = list(model.objects.filter(service_id=other.id))
        moved[model.HSDS_NAME] = _move(model, rows, "service_id", keep.id, by, changes)
    served = set(keep.service_at_locations.values_list("location_id", flat=True))
    sals = [s for s in other.service_at_locations.all() if s.location_id not in served]
    moved["service_at_location"] = _move(
        m.ServiceAtLocation, sals, "service_id", keep.id, by, changes
    )
    tagged = set(
        m.Attribute.objects.filter(link_id=keep.id).values_list("taxonomy_term_id", "value")
    )
    attributes = [
        a
        for a in m.Attribute.objects.filter(link_id=other.id, link_entity="service")
        if (a.taxonomy_term_id, a.value) not in tagged
    ]
    moved["attribute"] = _move(m.Attribute, attributes, "link_id", keep.id, by, changes)
    return moved


@audit.governed()
def duplicate_merge(*, by, candidate, keep) -> m.Service:
    """Keep one service of the pair: move the other's children onto it, mark the other defunct."""
    authorise(by, perms.DIRECTORY_EDIT, candidate, purpose=PURPOSE)
    candidate = _open(candidate)
    if keep.id not in (candidate.first_id, candidate.second_id):
        raise GovernanceError("keep one of the two services in the pair")
    keep, other = (
        (candidate.first, candidate.second)
        if keep.id == candidate.first_id
        else (candidate.second, candidate.first)
    )
    changes: list[m.Metadata] = []
    moved = _move_children(other, keep, by, changes)
    if not keep.alternate_name and normalise_name(other.name) != normalise_name(keep.name):
        keep.save(
            update_fields=[
                *_record_changes(keep, by, changes, alternate_name=other.name),
                "updated_at",
            ]
        )
    _record_changes(other, by, changes, status=m.Service.Status.DEFUNCT)
    other.save(update_fields=["status", "updated_at"])
    m.Metadata.objects.bulk_create(changes, batch_size=1000)
    derived.refresh(service_ids=[keep.id, other.id])
    _resolved(candidate, by, m.DuplicateCandidate.Status.MERGED)
    audit.record(
        actor=by,
        action="directory.duplicate_merge",
        obj=candidate,
        purpose=PURPOSE,
        detail={"kept": keep.id, "defunct": other.id, "moved": moved},
    )
    return keep


@audit.governed()
def duplicate_dismiss(*, by, candidate) -> m.DuplicateCandidate:
    """Not duplicates: the pair is closed and never suggested again."""
    authorise(by, perms.DIRECTORY_EDIT, candidate, purpose=PURPOSE)
    candidate = _open(candidate)
    _resolved(candidate, by, m.DuplicateCandidate.Status.DISTINCT)
    audit.record(actor=by, action="directory.duplicate_dismiss", obj=candidate, purpose=PURPOSE)
    return candidate


def _resolved(candidate, by, status) -> None:
    candidate.status, candidate.resolved_by = status, _user_or_none(by)
    candidate.resolved_at = timezone.now()
    candidate.save(update_fields=["status", "resolved_by", "resolved_at"])


# --- reads for the stewardship pages --------------------------------------------------------


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
