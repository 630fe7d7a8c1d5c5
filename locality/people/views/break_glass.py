from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from locality.governance.exceptions import GovernanceError
from locality.governance.services import break_glass_start
from locality.people.forms import BreakGlassForm
from locality.people.selectors import PersonNotFound
from locality.people.selectors_break_glass import person_for_break_glass
from locality.people.views.not_found import person_not_found, sentence


@login_required
@require_http_methods(["GET", "POST"])
def person_break_glass(request, pseudo_id: str):
    try:
        person = person_for_break_glass(request.user, pseudo_id)
    except PersonNotFound:
        return person_not_found(request, pseudo_id, offer_break_glass=False)
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = break_glass_start(
                by=request.user, person=person, reason=form.cleaned_data["reason"]
            )
        except GovernanceError as exc:
            form.add_error("reason", sentence(exc))
        else:
            ends = timezone.localtime(grant.expires_at).strftime("%H:%M")
            messages.success(request, f"Break-glass access started. It ends at {ends}.")
            return redirect("people:detail", person.pseudo_id)
    context = {
        "form": form,
        "pseudo_id": person.pseudo_id,
        "minutes": settings.LOCALITY_BREAK_GLASS_MINUTES,
    }
    return render(request, "people/break_glass.html", context)
