import secrets

from django.core.exceptions import ValidationError
from django.db import models

from locality.core import nhs_number
from locality.core.classification import (
    IDENTIFIABLE,
    OPERATIONAL,
    PSEUDONYMOUS,
    SPECIAL_CATEGORY,
)

PSEUDO_ALPHABET = "23456789BCDFGHJKLMNPQRSTVWXZ"  # no vowels, no look-alikes


def new_pseudo_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(PSEUDO_ALPHABET) for _ in range(10))


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number.is_valid(value):
        raise ValidationError(f"{value} is not a valid NHS number (check digit)")


def _person_id() -> str:
    return new_pseudo_id("P")


def _household_id() -> str:
    return new_pseudo_id("H")


class Household(models.Model):
    pseudo_id = models.CharField(max_length=16, unique=True, default=_household_id)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True, default="")
    town = models.CharField(max_length=100, blank=True, default="")
    postcode = models.CharField(max_length=10)
    lsoa_code = models.CharField("LSOA code", max_length=9, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "pseudo_id": PSEUDONYMOUS,
        "address_line_1": IDENTIFIABLE,
        "address_line_2": IDENTIFIABLE,
        "town": IDENTIFIABLE,
        "postcode": IDENTIFIABLE,
        "lsoa_code": PSEUDONYMOUS,
        "created_at": OPERATIONAL,
    }

    def __str__(self):
        return self.pseudo_id


class Person(models.Model):
    """A resident. Held by a pseudonymous id everywhere but the identifiable fields."""

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Not known"

    pseudo_id = models.CharField(max_length=16, unique=True, default=_person_id)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, default="", validators=[validate_nhs_number]
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=60, blank=True, default="")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    address_line_1 = models.CharField(max_length=200, blank=True, default="")
    address_line_2 = models.CharField(max_length=200, blank=True, default="")
    town = models.CharField(max_length=100, blank=True, default="")
    postcode = models.CharField(max_length=10, blank=True, default="")
    lsoa_code = models.CharField("LSOA code", max_length=9, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "pseudo_id": PSEUDONYMOUS,
        "nhs_number": IDENTIFIABLE,
        "given_name": IDENTIFIABLE,
        "family_name": IDENTIFIABLE,
        "date_of_birth": IDENTIFIABLE,
        "sex": PSEUDONYMOUS,
        "ethnicity": SPECIAL_CATEGORY,
        "household": PSEUDONYMOUS,
        "address_line_1": IDENTIFIABLE,
        "address_line_2": IDENTIFIABLE,
        "town": IDENTIFIABLE,
        "postcode": IDENTIFIABLE,
        "lsoa_code": PSEUDONYMOUS,
        "created_at": OPERATIONAL,
        "updated_at": OPERATIONAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="person_nhs_number_unique",
            ),
        ]

    def __str__(self):
        return self.pseudo_id

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
