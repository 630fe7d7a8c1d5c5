"""`locality directory import|validate|export` against real ORUK/HSDS example data."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from locality.directory import models as m
from locality.directory.exporter import directory_export
from locality.directory.importer import directory_import
from locality.governance.actors import SystemActor
from locality.governance.models import AuditEvent

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openreferral"
HSDS = FIXTURES / "hsds_3.0_spec" / "examples"
ORUK = FIXTURES / "oruk_uk_profile" / "examples"
BRISTOL = FIXTURES / "real_bristol_oruk_v1" / "bristol_council_oruk_services.json"
OPERATOR = SystemActor(login="tester")

NOT_FEEDS = {"base.json", "location.json"}  # the API root document; a lone location
SERVICE_DATASETS = sorted(
    p for folder in (HSDS, ORUK) for p in folder.iterdir() if p.name not in NOT_FEEDS
)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def hsds_counts() -> dict[str, int]:
    return {model.HSDS_NAME: model.objects.count() for model in m.HSDS_MODELS}


def without_metadata(value):
    if isinstance(value, dict):
        return {k: without_metadata(v) for k, v in value.items() if k != "metadata"}
    if isinstance(value, list):
        return [without_metadata(v) for v in value]
    return value


def clear_directory():
    for model in reversed(m.HSDS_MODELS):
        model.objects.all().delete()


@pytest.mark.parametrize(
    "dataset", SERVICE_DATASETS, ids=lambda p: f"{p.parent.parent.name}/{p.name}"
)
def test_example_dataset_imports_and_round_trips(db, tmp_path, dataset):
    result = directory_import(by=OPERATOR, path=dataset)
    assert result.written, [p.format() for p in result.problems]
    assert sum(hsds_counts().values()) > 0
    first = tmp_path / "first"
    directory_export(first)
    before = hsds_counts()
    clear_directory()
    again = directory_import(by=OPERATOR, path=first)
    assert again.written, [p.format() for p in again.problems]
    second = tmp_path / "second"
    directory_export(second)
    for name in ("services.json", "organizations.json", "taxonomies.json", "taxonomy_terms.json"):
        assert without_metadata(json.loads((first / name).read_text())) == without_metadata(
            json.loads((second / name).read_text())
        ), name
    after = hsds_counts()
    assert {k: v for k, v in after.items() if k != "metadata"} == {
        k: v for k, v in before.items() if k != "metadata"
    }


def test_reimport_updates_rather_than_duplicates(db):
    directory_import(by=OPERATOR, path=HSDS / "service_full.json")
    counts = hsds_counts()
    result = directory_import(by=OPERATOR, path=HSDS / "service_full.json")
    assert result.counts["service"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert hsds_counts() == counts


def test_field_change_writes_hsds_metadata(db, tmp_path):
    directory_import(by=OPERATOR, path=HSDS / "service_full.json")
    doc = json.loads((HSDS / "service_full.json").read_text())
    old_name = doc["name"]
    doc["name"] = "A better name"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    directory_import(by=OPERATOR, path=changed)
    record = m.Metadata.objects.get(
        resource_id=doc["id"], field_name="name", updated_by="cli:tester"
    )
    assert (record.previous_value, record.replacement_value) == (old_name, "A better name")
    assert record.updated_by == "cli:tester" and record.last_action_type == "update"
    assert m.Service.objects.get(id=doc["id"]).name == "A better name"


def broken_feed(tmp_path) -> Path:
    doc = json.loads((HSDS / "service_full.json").read_text())
    good = copy.deepcopy(doc)
    bad = copy.deepcopy(doc)
    bad["id"] = "d0b5d1a6-2d59-4c4a-9c56-3e1bf3a1c0de"
    bad["status"] = "sort of open"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps([good, bad]))
    return path


def test_broken_record_exits_2_names_record_and_field_and_writes_nothing(db, tmp_path):
    path = broken_feed(tmp_path)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as exc:
        run("directory", "import", str(path))
    assert exc.value.returncode == 2
    assert not m.Service.objects.exists() and not m.Metadata.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    _, err = _capture_import(path)
    assert "d0b5d1a6-2d59-4c4a-9c56-3e1bf3a1c0de" in err and "status" in err


def _capture_import(path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_skip_invalid_imports_the_rest_and_reports_rejects(db, tmp_path):
    path = broken_feed(tmp_path)
    rejects = tmp_path / "rejects.json"
    out, _ = run("directory", "import", str(path), "--skip-invalid", "--rejects", str(rejects))
    assert m.Service.objects.count() == 1
    report = json.loads(rejects.read_text())
    assert {r["record"] for r in report} == {"d0b5d1a6-2d59-4c4a-9c56-3e1bf3a1c0de"}
    assert "1 records skipped" in out


def test_validate_writes_nothing(db, tmp_path):
    with pytest.raises(CommandError) as exc:
        run("directory", "validate", str(broken_feed(tmp_path)))
    assert exc.value.returncode == 2
    assert not m.Service.objects.exists()
    out, _ = run("directory", "validate", str(HSDS / "service_full.json"))
    assert "no problems" in out


def test_import_json_counts(db):
    out, _ = run("directory", "import", str(HSDS / "service_full.json"), "--json")
    counts = json.loads(out)["counts"]
    assert counts["service"]["created"] == 1 and "location" in counts


def test_bristol_v1_feed_imports_with_skip_invalid_reporting_its_two_bad_records(db, tmp_path):
    with pytest.raises(CommandError):
        run("directory", "import", str(BRISTOL))
    assert not m.Service.objects.exists()
    rejects = tmp_path / "rejects.json"
    run("directory", "import", str(BRISTOL), "--skip-invalid", "--rejects", str(rejects))
    report = json.loads(rejects.read_text())
    assert len(report) == 2, report
    messages = " ".join(r["message"] for r in report).lower()
    assert "duplicate" in messages and "empty" in messages
    assert m.Service.objects.count() == 817


def test_import_missing_file_exits_2(db, tmp_path):
    with pytest.raises(CommandError, match="no such file") as exc:
        run("directory", "import", str(tmp_path / "nope.json"))
    assert exc.value.returncode == 2


def test_export_never_includes_confidential(db, tmp_path):
    directory_import(by=OPERATOR, path=HSDS / "service_full.json")
    m.Service.objects.update(confidential=True)
    out = tmp_path / "open.json"
    directory_export(out)
    assert json.loads(out.read_text()) == []
    directory_export(out, include_confidential=True)
    assert len(json.loads(out.read_text())) == 1


def test_import_refused_without_directory_permission(db, coordinator):
    from locality.governance.exceptions import AccessDenied

    with pytest.raises(AccessDenied):
        directory_import(by=coordinator, path=HSDS / "service_full.json")
    assert not m.Service.objects.exists()
    assert AuditEvent.objects.get().outcome == "refused"
