"""factory_boy factories for the governance and people models."""

import datetime

import factory
from django.utils import timezone

from locality.governance.models import BreakGlass, ConsentRecord, Organisation, Team, User
from locality.people.models import Household, Person
from locality.plans.models import CaseloadEntry
from locality.referrals.models import Referral

PASSWORD = "correct horse battery staple"


def _nhs_number(n: int) -> str:
    """The n-th valid NHS number in the 999 test range (blocks of 11 never overlap)."""
    from locality.core.nhs_number import check_digit

    for k in range(11):
        first_nine = f"{999_000_000 + n * 11 + k:09d}"
        digit = check_digit(first_nine)
        if digit is not None:
            return first_nine + str(digit)
    raise AssertionError("unreachable: 11 consecutive numbers include a valid one")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Neighbourhood team {n}")
    neighbourhood = "North"

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.add(*extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    team = None
    role = "coordinator"
    password = factory.django.Password(PASSWORD)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Test Street")
    town = "York"
    postcode = "YO1 7HH"
    lsoa_code = "E01013346"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nhs_number = factory.Sequence(_nhs_number)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = datetime.date(1950, 5, 17)
    sex = Person.Sex.FEMALE
    household = factory.SubFactory(HouseholdFactory)
    address_line_1 = factory.SelfAttribute("household.address_line_1")
    town = "York"
    postcode = factory.SelfAttribute("household.postcode")
    lsoa_code = factory.SelfAttribute("household.lsoa_code")


class CaseloadEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseloadEntry

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(PersonFactory)
    opened_at = factory.LazyFunction(timezone.now)
    opened_by = factory.SubFactory(UserFactory, team=factory.SelfAttribute("..team"))


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    from_organisation = factory.SubFactory(OrganisationFactory)
    to_organisation = factory.SubFactory(OrganisationFactory)
    created_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..from_organisation")
    )


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    person = factory.SubFactory(PersonFactory)
    purpose = ConsentRecord.Purpose.REFERRAL
    status = ConsentRecord.Status.GIVEN
    recorded_by = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(timezone.now)


class BreakGlassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakGlass

    user = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory)
    reason = "Resident unconscious at home, checking for known conditions"
    started_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))
