from django.urls import path

from locality.population.views import entry, lists, upload

app_name = "population"

urlpatterns = [
    path("outreach/", lists.outreach_lists, name="outreach_lists"),
    path("outreach/upload/", upload.outreach_upload, name="outreach_upload"),
    path("outreach/<int:list_id>/", lists.outreach_list, name="outreach_list"),
    path(
        "outreach/<int:list_id>/entries/<int:entry_id>/reidentify/",
        entry.entry_reidentify,
        name="entry_reidentify",
    ),
    path(
        "outreach/<int:list_id>/entries/<int:entry_id>/outcome/",
        entry.entry_outcome,
        name="entry_outcome",
    ),
    path(
        "outreach/<int:list_id>/entries/<int:entry_id>/caseload/",
        entry.entry_add_to_caseload,
        name="entry_add_to_caseload",
    ),
]
