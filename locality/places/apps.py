from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "locality.places"
    label = "places"
