"""Every field of every Locality model is classified; nothing is stored unsaid."""

import pytest
from django.apps import apps

from locality.core.classification import DataClass, unclassified_fields


def locality_models():
    return [m for m in apps.get_models() if m.__module__.startswith("locality.")]


def test_locality_has_models_to_check():
    assert len(locality_models()) >= 10


@pytest.mark.parametrize("model", locality_models(), ids=lambda m: m._meta.label)
def test_every_field_is_classified(model):
    assert unclassified_fields(model) == [], (
        f"{model._meta.label}: add these fields to DATA_CLASSIFICATION"
    )


@pytest.mark.parametrize("model", locality_models(), ids=lambda m: m._meta.label)
def test_classification_names_only_real_fields_and_classes(model):
    fields = {f.name for f in model._meta.concrete_fields}
    for name, cls in model.DATA_CLASSIFICATION.items():
        assert name in fields, f"{model._meta.label}.{name} is classified but is not a field"
        assert isinstance(cls, DataClass)


def test_identifiers_of_residents_are_identifiable():
    person = apps.get_model("people", "Person")
    for name in ("nhs_number", "given_name", "family_name", "date_of_birth", "postcode"):
        assert person.DATA_CLASSIFICATION[name] == DataClass.IDENTIFIABLE
    assert person.DATA_CLASSIFICATION["ethnicity"] == DataClass.SPECIAL_CATEGORY


def test_unclassified_field_is_detected():
    class FakeMeta:
        concrete_fields = [type("F", (), {"name": "secret"})()]

    class Fake:
        _meta = FakeMeta
        DATA_CLASSIFICATION = {}

    assert unclassified_fields(Fake) == ["secret"]
