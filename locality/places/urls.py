"""Places pages, mounted at /places/ in the "places" namespace."""

from django.urls import path

from locality.places import views

app_name = "places"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.neighbourhood, name="neighbourhood"),
    path("<int:pk>/<slug:kind>.png", views.neighbourhood_png, name="neighbourhood_png"),
    path("map/<str:la_code>.png", views.neighbourhoods_png, name="neighbourhoods_png"),
]
