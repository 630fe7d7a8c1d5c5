from django.apps import AppConfig


class PopulationConfig(AppConfig):
    name = "locality.population"
    label = "population"
    verbose_name = "Population intelligence in practice"

    def ready(self):
        from locality.population import checks  # noqa: F401 (registers the deploy check)
