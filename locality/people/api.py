from datetime import date

from django.http import Http404
from ninja import Router, Schema

from locality.people.selectors import (
    PersonNotFound,
    audit_people_listed,
    person_get_for_user,
    person_list_for_user,
)

router = Router(tags=["people"])
PAGE_SIZE = 50


class PersonOut(Schema):
    id: str
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    postcode: str
    lsoa_code: str
    household_id: str | None

    @staticmethod
    def from_person(person) -> "PersonOut":
        return PersonOut(
            id=person.pseudo_id,
            nhs_number=person.nhs_number,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
            postcode=person.postcode,
            lsoa_code=person.lsoa_code,
            household_id=person.household.pseudo_id if person.household_id else None,
        )


class PersonPage(Schema):
    page: int
    total: int
    people: list[PersonOut]


@router.get(
    "/{person_id}", response=PersonOut, summary="One person, to a user with a care relationship"
)
def person_detail(request, person_id: str):
    try:
        person = person_get_for_user(request.auth, person_id, purpose="direct care")
    except PersonNotFound:
        raise Http404("No such person") from None
    return PersonOut.from_person(person)


@router.get("", response=PersonPage, summary="People with a care relationship with you")
def person_list(request, page: int = 1):
    people = person_list_for_user(request.auth).select_related("household")
    total = people.count()
    start = (max(page, 1) - 1) * PAGE_SIZE
    shown = list(people[start : start + PAGE_SIZE])
    audit_people_listed(request.auth, shown)
    return PersonPage(page=page, total=total, people=[PersonOut.from_person(p) for p in shown])
