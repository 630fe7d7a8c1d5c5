"""Full-text search over `directory_service.search_text`, one way per database.

SQLite: an FTS5 external-content table `directory_service_fts` (it stores only the index;
the text stays in `directory_service`, joined on rowid) kept in step by three triggers.
PostgreSQL: a GIN index on `to_tsvector('english', search_text)`; queries use the same
expression (`locality.directory.search`), so the planner uses the index.
Other databases: nothing here; search falls back to `icontains`.

SQLite caveat: a later migration that alters `directory_service` makes Django rebuild the
table, which drops these triggers and renumbers rowids. Such a migration must run
`install_search_index` again (it is idempotent and rebuilds the index);
`tests/integration/test_directory_search.py` fails if the triggers go missing.
"""

from django.db import migrations

SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS directory_service_fts USING fts5(
        search_text, content='directory_service', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS directory_service_fts_insert
        AFTER INSERT ON directory_service BEGIN
        INSERT INTO directory_service_fts(rowid, search_text)
        VALUES (new.rowid, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_service_fts_delete
        AFTER DELETE ON directory_service BEGIN
        INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_service_fts_update
        AFTER UPDATE OF search_text ON directory_service BEGIN
        INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO directory_service_fts(rowid, search_text)
        VALUES (new.rowid, new.search_text);
    END""",
    "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRESQL_INSTALL = [
    "CREATE INDEX IF NOT EXISTS directory_service_search_gin ON directory_service "
    "USING gin (to_tsvector('english'::regconfig, search_text))",
]
POSTGRESQL_REMOVE = ["DROP INDEX IF EXISTS directory_service_search_gin"]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install_search_index(apps, schema_editor) -> None:
    """Create (or repair) the search index for this database; safe to run again."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_INSTALL)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_INSTALL)


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REMOVE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_REMOVE)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(install_search_index, remove, elidable=False)]
