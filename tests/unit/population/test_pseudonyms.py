"""Keyed pseudonyms: deterministic, dependent on the key, resolved by a stored lookup."""

import pytest
from django.core import checks

from locality.core.env_utils import SettingError
from locality.population import pseudonyms
from locality.population.key_utils import derived_demo_key, pseudonym_key
from locality.population.models import Pseudonym
from tests.factories import PersonFactory

KEY_A = b"a" * 40
KEY_B = b"b" * 40


def test_pseudonym_is_the_same_every_time(person):
    first = pseudonyms.pseudonym_for(person)
    assert pseudonyms.pseudonym_for(person) == first
    assert len(first) == 64 and set(first) <= set("0123456789abcdef")


def test_pseudonym_depends_on_the_key(person):
    assert pseudonyms.pseudonym_for(person, key=KEY_A) != pseudonyms.pseudonym_for(
        person, key=KEY_B
    )
    assert pseudonyms.key_version(KEY_A) != pseudonyms.key_version(KEY_B)


def test_pseudonym_depends_on_the_person(db):
    one, two = PersonFactory(), PersonFactory()
    assert pseudonyms.pseudonym_for(one) != pseudonyms.pseudonym_for(two)


def test_pseudonym_is_not_the_pseudo_id_or_primary_key(person):
    value = pseudonyms.pseudonym_for(person)
    assert person.pseudo_id not in value and value != str(person.pk)


def test_household_pseudonym_differs_from_the_person_with_the_same_key(person):
    assert pseudonyms.household_pseudonym(person.pk) != pseudonyms.pseudonym_for(person)


def test_unsaved_person_has_no_pseudonym():
    with pytest.raises(ValueError, match="primary key"):
        pseudonyms.pseudonym_for(PersonFactory.build())


def test_resolve_finds_a_stored_pseudonym(person):
    assert pseudonyms.pseudonyms_store([person.pk]) == 1
    value = pseudonyms.pseudonym_for(person)
    assert pseudonyms.resolve(value) == person
    assert pseudonyms.resolve(value.upper()) == person


def test_resolve_of_an_unstored_pseudonym_is_none(person):
    assert pseudonyms.resolve(pseudonyms.pseudonym_for(person)) is None
    assert pseudonyms.resolve("0" * 64) is None


def test_store_writes_each_person_once_per_key(db):
    people = [PersonFactory() for _ in range(3)]
    ids = [p.pk for p in people]
    assert pseudonyms.pseudonyms_store(ids) == 3
    assert pseudonyms.pseudonyms_store(ids) == 0
    assert Pseudonym.objects.count() == 3


def test_after_rotation_old_and_new_pseudonyms_both_resolve(person, settings):
    pseudonyms.pseudonyms_store([person.pk])
    old = pseudonyms.pseudonym_for(person)
    settings.LOCALITY_PSEUDONYM_KEY = "rotated-key-" + "z" * 40
    pseudonyms.pseudonyms_store([person.pk])
    new = pseudonyms.pseudonym_for(person)
    assert new != old
    assert pseudonyms.resolve(old) == person and pseudonyms.resolve(new) == person
    assert Pseudonym.objects.filter(person=person).values("key_version").distinct().count() == 2


def test_known_lists_only_stored_values(db):
    one, two = PersonFactory(), PersonFactory()
    pseudonyms.pseudonyms_store([one.pk])
    values = [pseudonyms.pseudonym_for(one), pseudonyms.pseudonym_for(two)]
    assert pseudonyms.known(values) == {values[0]}


def test_missing_key_fails_loudly_with_a_hint(person, settings):
    settings.LOCALITY_PSEUDONYM_KEY = ""
    with pytest.raises(SettingError, match="LOCALITY_PSEUDONYM_KEY is not set"):
        pseudonyms.pseudonym_for(person)


def test_deploy_check_reports_a_missing_key(settings):
    settings.LOCALITY_PSEUDONYM_KEY = ""
    errors = checks.run_checks(include_deployment_checks=True)
    assert "population.E001" in [e.id for e in errors]


def test_deploy_check_passes_with_a_key():
    errors = checks.run_checks(include_deployment_checks=True)
    assert "population.E001" not in [e.id for e in errors]


def test_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("LOCALITY_PSEUDONYM_KEY", "k" * 40)
    assert pseudonym_key("secret", demo=False) == "k" * 40


def test_short_key_is_refused(monkeypatch):
    monkeypatch.setenv("LOCALITY_PSEUDONYM_KEY", "short")
    with pytest.raises(SettingError, match="at least 32"):
        pseudonym_key("secret", demo=True)


def test_demo_derives_a_key_from_its_secret_key(monkeypatch):
    monkeypatch.delenv("LOCALITY_PSEUDONYM_KEY", raising=False)
    assert pseudonym_key("secret", demo=True) == derived_demo_key("secret")
    assert derived_demo_key("secret") != derived_demo_key("other secret")
    assert pseudonym_key("secret", demo=False) == ""
