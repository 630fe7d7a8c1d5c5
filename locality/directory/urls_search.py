"""Directory search pages (namespace "directory", mounted at /directory/)."""

from django.urls import path

from locality.directory import views_search

urlpatterns = [
    path("", views_search.search, name="search"),
    path("services/<str:service_id>/", views_search.service, name="service"),
    path("near-you/", views_search.near_you, name="near_you"),
    path("near-you.txt", views_search.near_you_text, name="near_you_text"),
    path("staff/", views_search.staff_search, name="staff_search"),
]
