"""Outreach lists over the API: the team's lists and entries by pseudonym, import, and
re-identification (403 without a care relationship). Every call is checked and audited."""

from datetime import date, datetime

from django.core.paginator import Paginator
from django.http import Http404
from ninja import File, Form, Router, Schema, Status, UploadedFile

from locality.governance import roles as perms
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.population import services
from locality.population.outreach_csv import OutreachFileError, decode
from locality.population.selectors import (
    OutreachNotFound,
    outreach_entry_for_user,
    outreach_entry_rows,
    outreach_list_get_for_user,
    outreach_lists_for_user,
)

router = Router(tags=["population"])
PAGE_SIZE = 100


class OutreachListOut(Schema):
    id: int
    cohort: str
    cohort_version: int
    neighbourhood: str
    team: str
    created_at: datetime
    source_file: str


class OutreachEntryOut(Schema):
    id: int
    pseudonym: str
    rank: int | None
    reason: str
    status: str
    may_reidentify: bool


class OutreachListPage(Schema):
    outreach_list: OutreachListOut
    page: int
    total: int
    entries: list[OutreachEntryOut]


class Problems(Schema):
    detail: str
    problems: list[str]


class Message(Schema):
    detail: str


class ReidentifiedOut(Schema):
    entry: int
    person_id: str
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: date


def _id(text: str) -> int:
    """A path id; anything but a whole number is a 404, like a missing record."""
    if not text.isdigit():
        raise Http404("Not found")
    return int(text)


def _list_out(item) -> OutreachListOut:
    return OutreachListOut(
        id=item.pk,
        cohort=item.cohort,
        cohort_version=item.cohort_version,
        neighbourhood=item.neighbourhood.name,
        team=item.team.name,
        created_at=item.created_at,
        source_file=item.source_file,
    )


@router.get("/outreach", response=list[OutreachListOut], summary="Your team's outreach lists")
def outreach_lists(request):
    return [
        _list_out(item) for item in outreach_lists_for_user(request.auth).select_related("team")
    ]


@router.post(
    "/outreach/import",
    response={201: OutreachListOut, 400: Problems},
    summary="Import a cohort member list (CSV) as your team's outreach list, all or nothing",
)
def outreach_import(request, neighbourhood: Form[str], file: File[UploadedFile]):
    try:
        place = services.neighbourhood_named(neighbourhood)
        created = services.outreach_list_import(
            by=request.auth,
            neighbourhood=place,
            text=decode(file.read(), file.name),
            source_file=file.name,
        )
    except AccessDenied:
        raise Http404("Not found") from None
    except OutreachFileError as exc:
        return Status(400, Problems(detail="nothing was imported", problems=exc.problems))
    except GovernanceError as exc:
        return Status(400, Problems(detail=str(exc), problems=[]))
    return Status(201, _list_out(created))


@router.get("/outreach/{list_id}", response=OutreachListPage, summary="One list, by pseudonym")
def outreach_list(request, list_id: str, page: int = 1):
    try:
        found = outreach_list_get_for_user(request.auth, _id(list_id))
    except OutreachNotFound:
        raise Http404("No such outreach list") from None
    shown = Paginator(found.entries.all(), PAGE_SIZE).get_page(page)
    rows = outreach_entry_rows(request.auth, shown.object_list)
    return OutreachListPage(
        outreach_list=_list_out(found),
        page=shown.number,
        total=shown.paginator.count,
        entries=[
            OutreachEntryOut(
                id=r.entry.pk,
                pseudonym=r.entry.pseudonym,
                rank=r.entry.rank,
                reason=r.entry.reason,
                status=r.entry.status,
                may_reidentify=r.may_reidentify,
            )
            for r in rows
        ],
    )


@router.post(
    "/outreach/{list_id}/entries/{entry_id}/reidentify",
    response={200: ReidentifiedOut, 403: Message},
    summary="Who an entry is, to a user with a care relationship (audited)",
)
def outreach_reidentify(request, list_id: str, entry_id: str):
    try:
        entry = outreach_entry_for_user(
            request.auth, _id(list_id), _id(entry_id), action=perms.POPULATION_REIDENTIFY
        )
        person = services.outreach_entry_reidentify(by=request.auth, entry=entry)
    except OutreachNotFound:
        raise Http404("No such outreach list entry") from None
    except AccessDenied:
        return Status(403, Message(detail="you have no care relationship with this person"))
    return ReidentifiedOut(
        entry=entry.pk,
        person_id=person.pseudo_id,
        nhs_number=person.nhs_number,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
    )
