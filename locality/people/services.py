"""Writes to people and households, each audited in its transaction."""

from django.core.exceptions import ValidationError

from locality.core import nhs_number
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError
from locality.people.models import Household, Person

EDITABLE = (
    "nhs_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "lsoa_code",
)
CREATABLE = (*EDITABLE, "household", "household_id", "pseudo_id")


def _clean_person(fields: dict, *, record: str) -> Person:
    unknown = set(fields) - set(CREATABLE)
    if unknown:
        raise GovernanceError(f"{record}: unknown person fields {', '.join(sorted(unknown))}")
    try:
        if fields.get("nhs_number"):
            fields = {**fields, "nhs_number": nhs_number.validate(fields["nhs_number"])}
        person = Person(**fields)
        person.full_clean(exclude=["household"], validate_unique=False)
    except (nhs_number.InvalidNHSNumber, ValidationError) as exc:
        raise GovernanceError(f"{record}: {_describe(exc)}") from exc
    return person


def _describe(exc) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return f"nhs_number: {exc}"


@audit.governed()
def people_register(
    *, by, people: list[dict], caseload_team=None, purpose: str = "registration"
) -> list[Person]:
    """Register people, all or none. With `caseload_team`, the registering member's team
    takes them on its caseload: the resident tells their story once, to that team."""
    authorise(by, perms.PERSON_CREATE, purpose=purpose)
    if caseload_team is not None:
        authorise(by, perms.CASELOAD_MANAGE, purpose=purpose)
    cleaned = [_clean_person(dict(f), record=f"person {i + 1}") for i, f in enumerate(people)]
    created = Person.objects.bulk_create(cleaned, batch_size=500)
    audit.record_many(
        audit.event_fields(actor=by, action=audit.CREATE, person=p, obj=p, purpose=purpose)
        for p in created
    )
    if caseload_team is not None:
        from locality.plans.services import _check_member, caseload_open_unchecked

        _check_member(by, caseload_team)
        caseload_open_unchecked(by=by, team=caseload_team, people=created, reason=purpose)
    return created


def person_create(*, by, caseload_team=None, purpose: str = "registration", **fields) -> Person:
    return people_register(by=by, people=[fields], caseload_team=caseload_team, purpose=purpose)[0]


@audit.governed()
def person_update(*, by, person: Person, purpose: str = "direct care", **changes) -> Person:
    authorise(by, perms.PERSON_CHANGE, person, purpose=purpose)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise GovernanceError(f"unknown person fields: {', '.join(sorted(unknown))}")
    changed = sorted(k for k, v in changes.items() if getattr(person, k) != v)
    if not changed:
        return person
    for key in changed:
        setattr(person, key, changes[key])
    try:
        if "nhs_number" in changed and person.nhs_number:
            person.nhs_number = nhs_number.validate(person.nhs_number)
        person.full_clean(exclude=["household"])
    except (nhs_number.InvalidNHSNumber, ValidationError) as exc:
        raise GovernanceError(f"person {person.pseudo_id}: {_describe(exc)}") from exc
    person.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=person,
        obj=person,
        purpose=purpose,
        detail={"fields": changed},
    )
    return person


@audit.governed()
def households_register(*, by, households: list[dict], purpose: str = "registration"):
    authorise(by, perms.PERSON_CREATE, purpose=purpose)
    rows = []
    for i, fields in enumerate(households):
        household = Household(**fields)
        try:
            household.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise GovernanceError(f"household {i + 1}: {_describe(exc)}") from exc
        rows.append(household)
    created = Household.objects.bulk_create(rows, batch_size=500)
    audit.record_many(
        audit.event_fields(actor=by, action=audit.CREATE, obj=h, purpose=purpose) for h in created
    )
    return created
