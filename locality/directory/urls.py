"""Directory pages: search (public and staff), stewardship, gaps. Each area has its module."""

from django.urls import include, path

app_name = "directory"

urlpatterns = [
    path("", include("locality.directory.urls_search")),
    path("stewardship/", include("locality.directory.urls_stewardship")),
    path("gaps/", include("locality.directory.urls_gaps")),
]
