from django.urls import path

from locality.people.views import break_glass, consent, detail

app_name = "people"

urlpatterns = [
    path("<str:pseudo_id>/", detail.person_detail, name="detail"),
    path("<str:pseudo_id>/break-glass/", break_glass.person_break_glass, name="break_glass"),
    path("<str:pseudo_id>/consent/", consent.person_consent, name="consent"),
]
