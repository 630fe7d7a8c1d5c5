"""Write a read and validated feed into the directory: all or nothing, or skip the invalid.

Every field change is recorded as an HSDS `metadata` record (field, previous and new
value, who, when); a new record gets one `create` record. See decision 0005.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from locality.directory import derived
from locality.directory import models as m
from locality.directory.bulk_utils import update_rows
from locality.directory.feeds.problems import Problem
from locality.directory.feeds.readers import read_feed
from locality.directory.feeds.validate import validate_feed
from locality.directory.hsds_io import Rows, flatten_object, flatten_service
from locality.directory.metadata_utils import metadata_change
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise

# parents first, so a reader of the table order sees why; constraints are deferred anyway
WRITE_ORDER = [
    m.Taxonomy, m.TaxonomyTerm, m.Organization, m.OrganizationIdentifier, m.Program, m.Unit,
    m.Service, m.Location, m.ServiceAtLocation, m.Address, m.Contact, m.Phone, m.Schedule,
    m.ServiceArea, m.Language, m.Funding, m.CostOption, m.Accessibility, m.RequiredDocument,
    m.ServiceCapacity, m.Attribute, m.Metadata,
]  # fmt: skip


@dataclass
class ImportResult:
    source: str
    feed_format: str = ""
    problems: list[Problem] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # record ids skipped
    warnings: list[Problem] = field(default_factory=list)  # kept as published, but noted
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.written or not self.problems


def directory_check(path: str | Path, *, profile: str = "oruk"):
    """Read and validate without writing: the feed and every problem found."""
    feed = read_feed(Path(path))
    problems = [*feed.problems, *validate_feed(feed, profile=profile)]
    return feed, problems


def directory_import(
    *, by, path: str | Path, skip_invalid: bool = False, profile: str = "oruk"
) -> ImportResult:
    authorise(by, perms.DIRECTORY_EDIT, purpose="directory import")
    feed, problems = directory_check(path, profile=profile)
    result = ImportResult(source=str(path), feed_format=feed.format, problems=problems)
    services = _keep(feed.services, problems, result) if skip_invalid else feed.services
    if problems and not skip_invalid:
        return result
    rows = _rows(feed, services)
    result.warnings = [*feed.warnings, *_missing_references(rows)]
    with audit.governed():
        result.counts = _write(rows, by=by)
        derived.refresh(service_ids=list(rows.by_model[m.Service]), source=_source_key(path))
        m.ImportRun.objects.create(
            source=str(path), feed_format=feed.format, imported_by=by.email,
            counts=result.counts, rejects=[p.format() for p in result.problems],
            warnings=[w.format() for w in result.warnings],
        )  # fmt: skip
        audit.record(actor=by, action="directory.import", purpose="directory import",
                     detail={"source": str(path), "services": len(services),
                             "rejected": len(result.rejected)})  # fmt: skip
    result.written = True
    return result


def _keep(services: list[dict], problems: list[Problem], result: ImportResult) -> list[dict]:
    bad = {p.record for p in problems}
    kept = []
    for index, doc in enumerate(services, start=1):
        if doc.get("id") in bad or f"record {index}" in bad:
            result.rejected.append(str(doc.get("id") or f"record {index}"))
        else:
            kept.append(doc)
    return kept


def _rows(feed, services: list[dict]) -> Rows:
    rows = Rows()
    for taxonomy in feed.taxonomies:
        flatten_object(m.Taxonomy, taxonomy, rows)
    for term in feed.taxonomy_terms:
        flatten_object(m.TaxonomyTerm, term, rows)
    for organization in feed.organizations:
        flatten_object(m.Organization, organization, rows)
    for doc in services:
        flatten_service(doc, rows)
    return rows


def _missing_references(rows: Rows) -> list[Problem]:
    """References to objects in neither the feed nor the directory (published elsewhere)."""
    problems = []
    for model, by_id in rows.by_model.items():
        for f in model._meta.concrete_fields:
            if not f.is_relation or f.related_model not in WRITE_ORDER:
                continue
            target = f.related_model
            wanted = {r[f.attname] for r in by_id.values() if r.get(f.attname)}
            absent = wanted - set(rows.by_model.get(target, {}))
            absent -= set(target.objects.filter(id__in=absent).values_list("id", flat=True))
            for row in by_id.values():
                if row.get(f.attname) in absent:
                    problems.append(Problem("", row["id"], f.attname,
                                            f"refers to {target.HSDS_NAME} {row[f.attname]}, "
                                            "which is not in the feed or the directory: "
                                            "kept as published"))  # fmt: skip
    return problems


def _write(rows: Rows, *, by) -> dict[str, dict[str, int]]:
    counts = {}
    changes: list[m.Metadata] = []
    today = timezone.localdate()
    for model in WRITE_ORDER:
        by_id = rows.by_model.get(model)
        if by_id:
            counts[model.HSDS_NAME] = _upsert(model, by_id, by=by, changes=changes, on=today)
    m.Metadata.objects.bulk_create([c for c in changes if c is not None], batch_size=1000)
    return counts


def _upsert(model, by_id: dict[str, dict], *, by, changes: list, on) -> dict[str, int]:
    existing = model.objects.in_bulk(list(by_id))
    created, updated, fields_changed = [], [], set()
    track = model is not m.Metadata  # metadata records are not themselves tracked
    for row_id, row in by_id.items():
        obj = existing.get(row_id)
        if obj is None:
            created.append(model(**row))
            if track:
                changes.append(metadata_change(model, row_id, "create", "", "", "", by, on=on))
            continue
        diff = {att: v for att, v in row.items() if getattr(obj, att) != v}
        for att, value in diff.items():
            if track:
                previous = getattr(obj, att)
                changes.append(
                    metadata_change(model, row_id, "update", att, previous, value, by, on=on)
                )
            setattr(obj, att, value)
        if diff:
            updated.append(obj)
            fields_changed |= set(diff)
    model.objects.bulk_create(created, batch_size=1000)
    update_rows(model, updated, sorted(fields_changed))
    return {"created": len(created), "updated": len(updated),
            "unchanged": len(by_id) - len(created) - len(updated)}  # fmt: skip


def _source_key(path) -> str:
    return Path(path).stem[:200]
