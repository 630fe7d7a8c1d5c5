from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DirectoryConfig(AppConfig):
    name = "locality.directory"
    label = "directory"
    verbose_name = "Community asset directory"

    def ready(self):
        from locality.directory.need_catalogue import connect_signals

        post_migrate.connect(_repair_search_index, sender=self)
        connect_signals()  # the needs list each process keeps follows taxonomy changes


def _repair_search_index(sender, using="default", **kwargs):
    """Re-create the full-text index after every migrate: on SQLite a later migration that
    rebuilds `directory_service` drops its triggers (see migration 0002). Idempotent."""
    import importlib

    from django.db import connections

    migration = importlib.import_module("locality.directory.migrations.0002_service_search")
    with connections[using].schema_editor() as schema_editor:
        migration.install_search_index(None, schema_editor)
