"""Residents suggest community assets; directory editors accept or reject them (writes).

Every write takes the actor as `by=` (a resident's suggestion is anonymous), runs in one
transaction with its audit event, and records what it creates as HSDS `metadata`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from locality.directory import derived
from locality.directory import models as m
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError
from locality.places.postcodes import normalise_postcode, postcode_point

from .common import ACTIVE, PURPOSE, create, user_or_none

SUGGESTION_SOURCE = "resident suggestion"
ASSET_TAXONOMY = "Locality entry kind"

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
    return existing or create(m.Organization, by, changes, name=name)


def _place(suggestion, service, organization, by, changes) -> None:
    point = postcode_point(suggestion.postcode) or (None, None)
    location = create(
        m.Location,
        by,
        changes,
        name=suggestion.name,
        location_type="physical",
        organization=organization,
        latitude=point[0],
        longitude=point[1],
    )
    create(
        m.Address,
        by,
        changes,
        location=location,
        address_1=suggestion.address,
        postal_code=suggestion.postcode,
        country="GB",
        address_type="physical",
    )
    create(m.ServiceAtLocation, by, changes, service=service, location=location)


def _tag_asset(service, by, changes) -> None:
    term = m.TaxonomyTerm.objects.filter(code=derived.ASSET_CODE).order_by("id").first()
    if term is None:
        term = create(
            m.TaxonomyTerm,
            by,
            changes,
            code=derived.ASSET_CODE,
            name="Community asset",
            taxonomy_name=ASSET_TAXONOMY,
        )
    create(
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
    service = create(
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
        owner=user_or_none(by),
        source=SUGGESTION_SOURCE,
    )
    if suggestion.address or suggestion.postcode:
        _place(suggestion, service, organization, by, changes)
    if suggestion.when:
        create(m.Schedule, by, changes, service=service, description=suggestion.when)
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
    suggestion.reviewed_by, suggestion.reviewed_at = user_or_none(by), timezone.now()
    suggestion.save()
