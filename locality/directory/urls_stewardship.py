"""Stewardship pages, mounted at /directory/stewardship/ in the "directory" namespace."""

from django.urls import path

from locality.directory import views_stewardship as views

urlpatterns = [
    path("", views.my_services, name="my_services"),
    path("services/<str:service_id>/confirm/", views.assure, name="assure"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/thank-you/", views.suggest_thanks, name="suggest_thanks"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.moderation_review, name="moderation_review"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/", views.duplicate_review, name="duplicate_review"),
]
