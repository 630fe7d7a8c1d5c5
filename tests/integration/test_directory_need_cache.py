"""The needs list each process keeps in memory follows every change to the taxonomy.

Runs on SQLite and PostgreSQL:
`DATABASE_URL=postgres://... pytest tests/integration/test_directory_need_cache.py`.
"""

import json
import uuid

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from locality.core.cache_utils import cache_version
from locality.directory import search
from locality.directory.exporter import directory_export
from locality.directory.importer import directory_import
from locality.directory.need_catalogue import NEEDS_CACHE, need_catalogue, need_names_by_service
from locality.governance.actors import SystemActor
from tests.factories import directory as hsds
from tests.factories.directory_search import (
    AttributeFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
    service_at,
    tag,
)

pytestmark = pytest.mark.django_db
SEARCH_URL = reverse("directory:search")
OPERATOR = SystemActor(login="tester")


def option(term) -> str:
    return f'<option value="{term.id}">{term.name}</option>'


def page(client) -> str:
    response = client.get(SEARCH_URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def food(db):
    food = TaxonomyTermFactory(name="Food")
    TaxonomyTermFactory(name="Community meals", parent=food)
    return food


def test_need_list_shows_a_term_imported_after_the_page_was_built(client, tmp_path):
    needs = hsds.TaxonomyFactory(name="Locality needs")
    food = hsds.TaxonomyTermFactory(name="Food", taxonomy=needs)
    hsds.AttributeFactory(link_id=hsds.ServiceFactory().id, taxonomy_term=food)
    assert "Food (all)" in page(client)
    assert "Warm spaces" not in page(client)
    feed = tmp_path / "feed"
    directory_export(feed)
    terms = json.loads((feed / "taxonomy_terms.json").read_text())
    warm_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "warm-spaces"))
    terms.append({**terms[0], "id": warm_id, "name": "Warm spaces", "code": "warm-spaces"})
    (feed / "taxonomy_terms.json").write_text(json.dumps(terms))
    token = cache_version(NEEDS_CACHE)

    result = directory_import(by=OPERATOR, path=feed)

    assert result.written, [p.format() for p in result.problems]
    assert cache_version(NEEDS_CACHE) != token
    assert f'<option value="{warm_id}">Warm spaces (all)</option>' in page(client)


def test_need_list_drops_a_deleted_term(client, food):
    meals = food.children.get()
    assert option(meals) in page(client)
    meals.delete()
    assert "Community meals" not in page(client)
    assert '<optgroup label="Food">' in page(client)


def test_need_list_drops_terms_deleted_in_bulk(client, food):
    assert "Community meals" in page(client)
    food.children.all().delete()  # a queryset delete still sends post_delete per row
    assert "Community meals" not in page(client)


def test_need_list_follows_a_renamed_term_and_a_renamed_taxonomy(client, food):
    meals = food.children.get()
    meals.name = "Meals on wheels"
    meals.save()
    assert '">Meals on wheels</option>' in page(client)
    taxonomy = food.taxonomy
    taxonomy.name = "Old needs"
    taxonomy.save()
    assert "Meals on wheels" not in page(client)  # no longer the needs taxonomy


def test_need_list_keeps_the_old_terms_when_a_change_is_rolled_back(client, food):
    assert "Community meals" in page(client)
    token = cache_version(NEEDS_CACHE)
    with pytest.raises(RuntimeError), transaction.atomic():
        food.children.get().delete()
        assert "Community meals" not in page(client)  # this transaction sees its change
        raise RuntimeError("refused")
    assert cache_version(NEEDS_CACHE) == token
    assert "Community meals" in page(client)


def test_a_change_made_by_another_process_is_seen_without_a_restart(client, food):
    """Two local-memory caches stand for two processes: only the database links them."""
    first = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                         "LOCATION": "first-process"}}  # fmt: skip
    second = {"default": {**first["default"], "LOCATION": "second-process"}}
    with override_settings(CACHES=first):
        assert "Community meals" in page(client)
    with override_settings(CACHES=second):
        assert "Community meals" in page(client)
        food.children.get().delete()
        TaxonomyTermFactory(name="Warm spaces")
    with override_settings(CACHES=first):
        body = page(client)
    assert "Community meals" not in body
    assert "Warm spaces (all)" in body


def test_warm_page_without_a_search_reads_only_the_version(client, food, django_assert_num_queries):
    page(client)
    with django_assert_num_queries(1):
        page(client)


def test_a_term_of_another_taxonomy_is_not_a_need(client, food):
    TaxonomyTermFactory(name="Sports hall", taxonomy=hsds.TaxonomyFactory(name="Facilities"))
    assert "Sports hall" not in page(client)
    assert "Sports hall" not in need_catalogue().names.values()


def test_need_names_by_service_matches_the_search_module(food):
    """One query without joins, from the cached names, gives what the join gave."""
    meals = food.children.get()
    advice = TaxonomyTermFactory(name="Advice")
    other = TaxonomyTermFactory(name="Aardvark club", taxonomy=TaxonomyFactory(
        id="other-taxonomy", name="Something else"))  # fmt: skip
    by_name = TaxonomyTermFactory(name="Benefits", taxonomy=None, taxonomy_name="Locality needs")
    club, cafe, hall = service_at(), service_at(), service_at()
    tag(club, meals, food, advice, by_name)
    tag(cafe, other, meals)
    AttributeFactory(link_id=hall.id, taxonomy_term=other)
    ids = [club.id, cafe.id, hall.id]

    found = need_names_by_service(ids, need_catalogue())

    assert found == search.need_names_by_service(ids)
    assert found[club.id] == ["Advice", "Benefits", "Community meals", "Food"]
    assert hall.id not in found


def test_the_kept_empty_form_never_carries_a_search(client, food):
    meals = food.children.get()
    searched = client.get(SEARCH_URL, {"need": meals.id, "postcode": "not a postcode"})
    assert f'<option value="{meals.id}" selected>' in searched.content.decode()
    assert "govuk-input--error" in searched.content.decode()
    body = page(client)
    assert f'<option value="{meals.id}">' in body  # not chosen
    assert "govuk-input--error" not in body
    assert 'value="" checked' in body  # "Any time"
