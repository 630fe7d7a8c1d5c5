"""Data classification of every model field.

Each model in a Locality app declares ``DATA_CLASSIFICATION``: a mapping from
every concrete field name to one of the classes below. A test fails when a
field is missing, so nothing new is stored without saying what it is.
"""

from enum import StrEnum


class DataClass(StrEnum):
    IDENTIFIABLE = "identifiable"  # names a person: name, NHS number, date of birth, address
    SPECIAL_CATEGORY = "special_category"  # UK GDPR art. 9: health, ethnicity, religion...
    PSEUDONYMOUS = "pseudonymous"  # about a person, keyed by a pseudonym, not naming them
    OPERATIONAL = "operational"  # about the service, staff or system, not a resident


IDENTIFIABLE = DataClass.IDENTIFIABLE
SPECIAL_CATEGORY = DataClass.SPECIAL_CATEGORY
PSEUDONYMOUS = DataClass.PSEUDONYMOUS
OPERATIONAL = DataClass.OPERATIONAL

PERSONAL = {IDENTIFIABLE, SPECIAL_CATEGORY}


def classification_of(model) -> dict[str, DataClass]:
    return dict(getattr(model, "DATA_CLASSIFICATION", {}))


def unclassified_fields(model) -> list[str]:
    declared = classification_of(model)
    return [f.name for f in model._meta.concrete_fields if f.name not in declared]


def fields_of_class(model, *classes: DataClass) -> list[str]:
    return [name for name, cls in classification_of(model).items() if cls in classes]
