from django.shortcuts import render


def not_found(request):
    """404 for a list or entry that is missing or not the user's team's: the same page."""
    return render(request, "population/not_found.html", status=404)


def refused(request, outreach_list):
    """403: the user sees the list but has no care relationship with this person."""
    return render(request, "population/refused.html", {"list": outreach_list}, status=403)
