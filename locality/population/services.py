"""Outreach list writes: import, re-identify, record contact, add to caseload. Each checks
access with `authorise` and writes its audit event in the same transaction."""

from django.utils import timezone

from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.exceptions import GovernanceError
from locality.places.models import Neighbourhood
from locality.plans.services import caseload_add
from locality.population import pseudonyms
from locality.population.models import OutreachList, OutreachListEntry
from locality.population.outreach_csv import OutreachFileError, read_outreach_csv
from locality.population.selectors import PURPOSE, may_see, refuse

Status = OutreachListEntry.Status


def neighbourhood_named(text: str) -> Neighbourhood:
    """A neighbourhood by name ("North"), or "LA_CODE:Name" where names repeat."""
    la_code, _, name = text.strip().rpartition(":")
    found = Neighbourhood.objects.filter(name=name.strip())
    if la_code:
        found = found.filter(la_code=la_code.strip())
    matches = list(found[:2])
    if not matches:
        raise GovernanceError(f"no neighbourhood is named {text.strip()!r}")
    if len(matches) > 1:
        raise GovernanceError(
            f"several local authorities have a neighbourhood named {name!r}: "
            f"give it as LA_CODE:{name}, e.g. {matches[0].la_code}:{name}"
        )
    return matches[0]


def _check_team_covers(by, neighbourhood: Neighbourhood) -> None:
    team = getattr(by, "team", None)
    if team is None:
        raise GovernanceError(
            f"{by.email} is not in a neighbourhood team: an outreach list belongs to the team "
            "of its neighbourhood, so a member of that team imports it"
        )
    if team.neighbourhood != neighbourhood.name:
        raise GovernanceError(
            f"{team.name} covers {team.neighbourhood or 'no neighbourhood'!r}, "
            f"not {neighbourhood.name!r}"
        )


@audit.governed()
def outreach_list_import(*, by, neighbourhood, text: str, source_file: str) -> OutreachList:
    """A cohort member list becomes the importer's team's outreach list, all or nothing."""
    authorise(by, perms.POPULATION_OUTREACH_IMPORT, purpose=PURPOSE)
    _check_team_covers(by, neighbourhood)
    parsed = read_outreach_csv(text, name=source_file, neighbourhood=neighbourhood.name)
    known = pseudonyms.known(row.pseudonym for row in parsed.rows)
    unknown = [
        f"{source_file}, row {row.row}, column person_id: no person was exported under this "
        "pseudonym (make the cohort from this Locality's `locality population export`)"
        for row in parsed.rows
        if row.pseudonym not in known
    ]
    if unknown:
        raise OutreachFileError(unknown)
    created = OutreachList.objects.create(
        cohort=parsed.cohort,
        cohort_version=parsed.cohort_version,
        neighbourhood=neighbourhood,
        team=by.team,
        created_by=by,
        created_at=timezone.now(),
        source_file=source_file[:255],
    )
    OutreachListEntry.objects.bulk_create(
        (
            OutreachListEntry(
                outreach_list=created, pseudonym=r.pseudonym, rank=r.rank, reason=r.reason
            )
            for r in parsed.rows
        ),
        batch_size=500,
    )
    detail = {
        "cohort": f"{parsed.cohort} v{parsed.cohort_version}",
        "entries": len(parsed.rows),
        "neighbourhood": neighbourhood.name,
        "source_file": created.source_file,
    }
    audit.record(actor=by, action=audit.CREATE, obj=created, purpose=PURPOSE, detail=detail)
    return created


def _resolve(by, entry: OutreachListEntry, action: str):
    """The entry's person, for a member of the list's team; else OutreachNotFound (audited)."""
    if not may_see(by, entry.outreach_list):
        detail = {"list": entry.outreach_list_id, "entry": entry.pk, "found": True}
        raise refuse(by, action, obj=entry, detail=detail)
    person = pseudonyms.resolve(entry.pseudonym)
    if person is None:
        detail = {"list": entry.outreach_list_id, "entry": entry.pk, "resolved": False}
        raise refuse(by, action, obj=entry, detail=detail)
    return person


def _detail(entry: OutreachListEntry, **more) -> dict:
    outreach_list = entry.outreach_list
    cohort = f"{outreach_list.cohort} v{outreach_list.cohort_version}"
    return {"list": outreach_list.pk, "entry": entry.pk, "cohort": cohort, **more}


@audit.governed()
def outreach_entry_reidentify(*, by, entry: OutreachListEntry):
    """The person behind the entry, to a user with a care relationship; audited either way."""
    person = _resolve(by, entry, perms.POPULATION_REIDENTIFY)
    basis = authorise(by, perms.POPULATION_REIDENTIFY, person, purpose=PURPOSE)
    entry.reidentified_at, entry.reidentified_by = timezone.now(), by
    entry.save(update_fields=["reidentified_at", "reidentified_by"])
    audit.record(
        actor=by,
        action=perms.POPULATION_REIDENTIFY,
        person=person,
        obj=entry,
        purpose=PURPOSE,
        detail=_detail(entry, basis=basis),
    )
    return person


def _set_status(by, entry: OutreachListEntry, status: str) -> None:
    entry.status, entry.status_changed_at, entry.status_changed_by = status, timezone.now(), by
    fields = ["status", "status_changed_at", "status_changed_by", "caseload_entry"]
    entry.save(update_fields=fields)


@audit.governed()
def outreach_entry_record(*, by, entry: OutreachListEntry, status: str) -> OutreachListEntry:
    """Record that the person was contacted, or declined; only by someone who may know them."""
    if status not in (Status.CONTACTED, Status.DECLINED):
        raise GovernanceError(f"{status!r} is not an outcome: record contacted or declined")
    person = _resolve(by, entry, perms.POPULATION_REIDENTIFY)
    authorise(by, perms.POPULATION_REIDENTIFY, person, purpose=PURPOSE)
    if entry.status == Status.ADDED:
        raise GovernanceError("this person is already on the team's caseload")
    _set_status(by, entry, status)
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=person,
        obj=entry,
        purpose=PURPOSE,
        detail=_detail(entry, status=status),
    )
    return entry


@audit.governed()
def outreach_entry_add_to_caseload(*, by, entry: OutreachListEntry):
    """Open a caseload entry for the list's team (audited by `caseload_add`) and mark the
    outreach entry added."""
    person = _resolve(by, entry, perms.CASELOAD_MANAGE)
    outreach_list = entry.outreach_list
    reason = f"Outreach: {outreach_list.cohort} v{outreach_list.cohort_version}"
    caseload = caseload_add(by=by, team=outreach_list.team, person=person, reason=reason[:200])
    entry.caseload_entry = caseload
    _set_status(by, entry, Status.ADDED)
    audit.record(
        actor=by,
        action=audit.CHANGE,
        person=person,
        obj=entry,
        purpose=PURPOSE,
        detail=_detail(entry, status=Status.ADDED),
    )
    return caseload
