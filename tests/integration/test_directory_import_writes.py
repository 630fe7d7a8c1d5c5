"""How the import and `derived.refresh` write: only what changed, visible to search."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from locality.directory import derived
from locality.directory import models as m
from locality.directory.bulk_utils import update_rows
from locality.directory.importer import directory_import
from locality.directory.search_fulltext import services_matching_text
from locality.governance.actors import SystemActor
from tests.factories.directory_search import TaxonomyTermFactory, sal_of, service_at, tag
from tests.unit.directory.feed_fixtures import HSDS

OPERATOR = SystemActor(login="tester")


def _writes_to(table: str, queries) -> list[str]:
    return [
        q["sql"] for q in queries if table in q["sql"] and q["sql"].lstrip().upper()[:6] != "SELECT"
    ]


def test_update_rows_writes_only_the_named_fields_and_search_sees_them(db):
    service = service_at(name="Lunch club")
    service.search_text = "Lunch club marmalade"
    service.name = "Not written"
    update_rows(m.Service, [service], ["search_text"])
    stored = m.Service.objects.get(id=service.id)
    assert (stored.name, stored.search_text) == ("Lunch club", "Lunch club marmalade")
    assert m.Service.objects.count() == 1
    found = services_matching_text(m.Service.objects.all(), "marmalade")
    assert [s.id for s in found] == [service.id]


def test_update_rows_with_nothing_to_write_runs_no_query(db):
    service = service_at()
    with CaptureQueriesContext(connection) as queries:
        update_rows(m.Service, [], ["search_text"])
        update_rows(m.Service, [service], [])
    assert len(queries) == 0


def test_refresh_derives_flags_and_confidential_locations(db):
    service = service_at()
    confidential = TaxonomyTermFactory(name="Confidential", code=derived.CONFIDENTIAL_CODE)
    asset = TaxonomyTermFactory(name="Community asset", code=derived.ASSET_CODE)
    tag(service, confidential, asset)
    derived.refresh(service_ids=[service.id], source="feed")
    service.refresh_from_db()
    assert service.confidential and service.is_asset and service.source == "feed"
    assert "Community asset" in service.search_text
    assert sal_of(service).location.confidential
    m.Attribute.objects.filter(link_id=service.id, taxonomy_term=confidential).delete()
    derived.refresh(service_ids=[service.id])
    service.refresh_from_db()
    assert not service.confidential and not sal_of(service).location.confidential


def test_refresh_rewrites_nothing_that_has_not_changed(db):
    service = service_at()
    derived.refresh(service_ids=[service.id], source="feed")
    with CaptureQueriesContext(connection) as queries:
        derived.refresh(service_ids=[service.id], source="feed")
    assert _writes_to("directory_service", queries) == []
    assert _writes_to("directory_location", queries) == []


def test_reimport_of_a_changed_name_updates_search_and_writes_one_metadata_record(db, tmp_path):
    doc = json.loads((HSDS / "service_full.json").read_text())
    directory_import(by=OPERATOR, path=HSDS / "service_full.json")
    before = m.Metadata.objects.count()
    doc["name"] = "Quince and marmalade club"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    result = directory_import(by=OPERATOR, path=changed)
    assert result.counts["service"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert m.Metadata.objects.count() == before + 1
    found = services_matching_text(m.Service.objects.all(), "marmalade")
    assert [s.id for s in found] == [doc["id"]]


def test_import_dates_every_metadata_record_today(db):
    directory_import(by=OPERATOR, path=HSDS / "service_full.json")
    dates = set(
        m.Metadata.objects.filter(updated_by="cli:tester").values_list(
            "last_action_date", flat=True
        )
    )
    assert dates == {timezone.localdate()}
