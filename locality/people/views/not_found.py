from django.shortcuts import render

from locality.people.selectors_break_glass import may_use_break_glass


def person_not_found(request, pseudo_id: str, *, offer_break_glass: bool = True):
    """404 for a refused or unknown person: the two look the same, so nothing is disclosed.

    A member of staff whose role may break the glass is offered it either way.
    """
    context = {
        "pseudo_id": pseudo_id,
        "offer_break_glass": offer_break_glass and may_use_break_glass(request.user),
    }
    return render(request, "people/not_found.html", context, status=404)


def sentence(exc: Exception) -> str:
    """A service's error message as an error summary sentence."""
    text = str(exc)
    return text[:1].upper() + text[1:]
