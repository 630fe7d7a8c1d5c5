"""Directory search pages: public search, one service, "what's on near you", staff search.

Who sees what:
- Anyone, signed in or not: `directory:search`, `directory:service`, `directory:near_you`
  and `directory:near_you_text`. These never show a confidential service or location,
  nor an inactive or defunct service; a confidential service's page is a 404.
- Any signed-in member of staff, whatever their role: `directory:staff_search`, the same
  search with staff-only facts (status, assurance, owner, source feed).
- Confidential services (refuges) appear there only for the care roles that refer
  residents to them: coordinator, practitioner and team lead (`CARE_ROLES`). They are
  tagged "Confidential: do not share the address", never put on the map, never linked to
  the public page, and every time they are shown an audit event records who saw which.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from locality.core.cache_utils import cached
from locality.directory import search_presenters as presenters
from locality.directory.forms import NEAR_YOU_MILES, NearYouForm, SearchForm
from locality.directory.need_catalogue import NEEDS_CACHE, need_catalogue
from locality.directory.search import confidential_shown_audit, public_services, search_services
from locality.directory.service_presenters import service_page
from locality.governance.roles import Coordinator, Practitioner, TeamLead

PAGE_SIZE = 20
NEAR_YOU_COUNT = 10
SMS_COUNT = 3
CARE_ROLES = frozenset({Coordinator.key, Practitioner.key, TeamLead.key})


def may_see_confidential(user) -> bool:
    return user.is_authenticated and user.role in CARE_ROLES


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return max(1, int(value)) if value.isdigit() else 1


def _search_page(request, template: str, *, staff: bool):
    needs, now, page = need_catalogue(), timezone.now(), _page_number(request)
    form = SearchForm(request.GET or None, needs=needs)
    found, rows = None, []
    if form.is_bound and form.is_valid():
        found = search_services(
            **form.search_kwargs(now),
            public=not staff,
            include_confidential=staff and may_see_confidential(request.user),
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        rows = presenters.result_rows(found, staff=staff, now=now, needs=needs)
        if staff:
            confidential_shown_audit(by=request.user, results=found)
    context = {
        "form": form,
        "form_html": None if form.is_bound else _empty_form_html(form),
        "found": found,
        "rows": rows,
        "page": presenters.pagination(found, page, PAGE_SIZE),
        "map": presenters.map_data(rows, form.point if found else None),
        "shows_confidential": staff and may_see_confidential(request.user),
    }
    return render(request, template, context)


def _empty_form_html(form) -> str:
    """The search form before any search: the same for everyone until the needs change."""
    html = cached(
        NEEDS_CACHE,
        lambda: render_to_string("directory/_search_form.html", {"form": form}),
        part="empty-search-form",
        token=form.needs.token,
    )
    return mark_safe(html)  # our own template's output, escaped when it was rendered


@require_GET
def search(request):
    return _search_page(request, "directory/search.html", staff=False)


@login_required
@require_GET
def staff_search(request):
    return _search_page(request, "directory/staff_search.html", staff=True)


@require_GET
def service(request, service_id: str):
    found = get_object_or_404(public_services().select_related("organization"), pk=service_id)
    return render(request, "directory/service.html", service_page(found, now=timezone.now()))


@require_GET
def near_you(request):
    needs, now = need_catalogue(), timezone.now()
    form = NearYouForm(request.GET or None, needs=needs)
    found, rows, need = None, [], ""
    if form.is_bound and form.is_valid():
        found = search_services(**form.search_kwargs(limit=NEAR_YOU_COUNT))
        rows = presenters.result_rows(found, staff=False, now=now, needs=needs)
        for row, result in zip(rows, found, strict=True):
            row["times"] = presenters.long_times(result.schedules)
        need = needs.name(form.cleaned_data.get("need"))
    context = {
        "form": form, "found": found, "rows": rows, "now": now, "need_name": need,
        "miles": NEAR_YOU_MILES,
    }  # fmt: skip
    return render(request, "directory/near_you.html", context)


@require_GET
def near_you_text(request):
    needs = need_catalogue()
    form = NearYouForm(request.GET, needs=needs)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")
    found = search_services(**form.search_kwargs(limit=SMS_COUNT))
    rows = presenters.result_rows(found, staff=False, now=timezone.now(), needs=needs)
    sheet = reverse("directory:near_you") + "?" + request.GET.urlencode()
    text = presenters.sms_text(
        rows,
        found,
        postcode=form.cleaned_data["postcode"],
        need=needs.name(form.cleaned_data.get("need")),
        more_url=request.build_absolute_uri(sheet),
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
