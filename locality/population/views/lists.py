from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from locality.governance import roles as perms
from locality.population.models import SHORT_PSEUDONYM
from locality.population.selectors import (
    OutreachNotFound,
    outreach_entry_rows,
    outreach_list_get_for_user,
    outreach_lists_for_user,
)
from locality.population.views.responses import not_found

PAGE_SIZE = 50


@login_required
@require_GET
def outreach_lists(request):
    context = {
        "lists": outreach_lists_for_user(request.user),
        "may_import": request.user.has_permission(perms.POPULATION_OUTREACH_IMPORT),
    }
    return render(request, "population/outreach_lists.html", context)


@login_required
@require_GET
def outreach_list(request, list_id: int):
    try:
        found = outreach_list_get_for_user(request.user, list_id)
    except OutreachNotFound:
        return not_found(request)
    page = Paginator(found.entries.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "list": found,
        "page": page,
        "rows": outreach_entry_rows(request.user, page.object_list),
        "short_length": SHORT_PSEUDONYM,
    }
    return render(request, "population/outreach_list.html", context)
