from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from locality.governance import roles as perms
from locality.governance.access import can
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.governance.services import consent_record
from locality.people.forms import ConsentForm
from locality.people.selectors import PersonNotFound, person_get_for_user
from locality.people.views.not_found import person_not_found, sentence


@login_required
@require_http_methods(["GET", "POST"])
def person_consent(request, pseudo_id: str):
    try:
        person = person_get_for_user(request.user, pseudo_id, purpose="consent")
    except PersonNotFound:
        return person_not_found(request, pseudo_id)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                by=request.user,
                person=person,
                purpose=data["purpose"],
                status=data["status"],
                organisation=data["organisation"],
                note=data["note"],
            )
        except AccessDenied:
            return person_not_found(request, pseudo_id)
        except GovernanceError as exc:
            form.add_error(None, sentence(exc))
        else:
            return _recorded(request, person)
    return render(request, "people/consent.html", {"form": form, "person": person})


def _recorded(request, person):
    """Back to the record, unless the statement just took away the user's own access."""
    if can(request.user, perms.PERSON_VIEW, person):
        messages.success(request, "Consent recorded")
        return redirect("people:detail", person.pseudo_id)
    messages.success(
        request, "Consent recorded. Your organisation can no longer see this person's record."
    )
    return redirect("home")
