from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from locality import __version__
from locality.people.selectors import audit_people_listed, person_list_for_user

HOME_PAGE_SIZE = 25


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "version": __version__, "database": connection.vendor})


@login_required
@require_GET
def home(request):
    people = list(person_list_for_user(request.user)[:HOME_PAGE_SIZE])
    audit_people_listed(request.user, people)
    return render(request, "core/home.html", {"people": people})
