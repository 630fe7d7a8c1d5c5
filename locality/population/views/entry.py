from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from locality.core.nhs_number import format_spaced
from locality.governance import roles as perms
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.population import services
from locality.population.forms import OutreachOutcomeForm
from locality.population.selectors import OutreachNotFound, outreach_entry_for_user
from locality.population.views.responses import not_found, refused


def _back_to_list(entry):
    url = reverse("population:outreach_list", args=[entry.outreach_list_id])
    return redirect(f"{url}#entry-{entry.pk}")


@never_cache
@login_required
@require_POST
def entry_reidentify(request, list_id: int, entry_id: int):
    try:
        entry = outreach_entry_for_user(
            request.user, list_id, entry_id, action=perms.POPULATION_REIDENTIFY
        )
        person = services.outreach_entry_reidentify(by=request.user, entry=entry)
    except OutreachNotFound:
        return not_found(request)
    except AccessDenied:
        return refused(request, entry.outreach_list)
    context = {
        "entry": entry,
        "list": entry.outreach_list,
        "person": person,
        "nhs_number": format_spaced(person.nhs_number) if person.nhs_number else "",
        "may_manage_caseload": request.user.has_permission(perms.CASELOAD_MANAGE),
    }
    return render(request, "population/reidentified.html", context)


@login_required
@require_POST
def entry_outcome(request, list_id: int, entry_id: int):
    form = OutreachOutcomeForm(request.POST)
    try:
        entry = outreach_entry_for_user(
            request.user, list_id, entry_id, action=perms.POPULATION_REIDENTIFY
        )
        if not form.is_valid():
            raise GovernanceError("choose contacted or declined")
        status = form.cleaned_data["status"]
        services.outreach_entry_record(by=request.user, entry=entry, status=status)
    except OutreachNotFound:
        return not_found(request)
    except AccessDenied:
        return refused(request, entry.outreach_list)
    except GovernanceError as exc:
        messages.error(request, f"Not recorded: {exc}")
        return _back_to_list(entry)
    messages.success(
        request, f"Recorded {entry.short_pseudonym} as {entry.get_status_display().lower()}"
    )
    return _back_to_list(entry)


@login_required
@require_POST
def entry_add_to_caseload(request, list_id: int, entry_id: int):
    try:
        entry = outreach_entry_for_user(
            request.user, list_id, entry_id, action=perms.CASELOAD_MANAGE
        )
        caseload = services.outreach_entry_add_to_caseload(by=request.user, entry=entry)
    except OutreachNotFound:
        return not_found(request)
    except AccessDenied:
        return refused(request, entry.outreach_list)
    except GovernanceError as exc:
        messages.error(request, f"Not added: {exc}")
        return _back_to_list(entry)
    messages.success(request, f"Added to {caseload.team.name}'s caseload")
    return redirect("people:detail", caseload.person.pseudo_id)
