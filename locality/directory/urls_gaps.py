"""Gaps pages, mounted at /directory/gaps/ in the "directory" namespace."""

from django.urls import path

from locality.directory import views_gaps as views

urlpatterns = [
    path("", views.gaps, name="gaps"),
    path("gaps.csv", views.gaps_csv, name="gaps_csv"),
    path("gaps.png", views.gaps_png, name="gaps_png"),
]
