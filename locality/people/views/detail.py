from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from locality.core.nhs_number import format_spaced
from locality.people.selectors import PersonNotFound, person_care_record, person_get_for_user
from locality.people.selectors_break_glass import break_glass_active
from locality.people.views.not_found import person_not_found


@login_required
@require_GET
def person_detail(request, pseudo_id: str):
    try:
        person = person_get_for_user(request.user, pseudo_id)
    except PersonNotFound:
        return person_not_found(request, pseudo_id)
    context = {
        "person": person,
        "nhs_number": format_spaced(person.nhs_number) if person.nhs_number else "",
        "record": person_care_record(person),
        "break_glass": break_glass_active(request.user, person),
    }
    return render(request, "people/detail.html", context)
