from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "locality.people"
    label = "people"
