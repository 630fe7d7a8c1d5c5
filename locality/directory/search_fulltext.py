r"""Full-text search over `Service.search_text`: the one place the two databases differ.

SQLite: the FTS5 table `directory_service_fts` (external content over
`directory_service.search_text`, Porter stemming, diacritics folded), kept in step by
triggers; rank is bm25. PostgreSQL: `to_tsvector('english', search_text)` with its GIN
index, and `SearchQuery`/`SearchRank` from django.contrib.postgres (which needs no entry
in INSTALLED_APPS for this). Both are made by migration 0002_service_search. Any other
database: `icontains` on each word, unranked.

Words are `\w+` runs, lower-cased, with stop words dropped on both databases; every word
must appear. Each word is quoted (SQLite) or passed as plain text (PostgreSQL's
`plainto_tsquery`), so what people type is never search syntax.
"""

import re

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.expressions import RawSQL

from locality.directory import models as m

MAX_TERMS = 12
# Dropped from searches on both databases: common English words (PostgreSQL's english
# configuration drops these too) and words people add to any search ("help with...").
STOP_WORDS = frozenset(
    "a an and are as at be by can for from has have i in is it me my near of on or our the to "
    "we with you your find help local looking need needs please service services".split()
)


def search_terms(text: str | None) -> list[str]:
    """The words to search for: lower case, no stop words (unless that leaves none)."""
    words = re.findall(r"\w+", (text or "").casefold())
    kept = [w for w in words if w not in STOP_WORDS] or words
    return list(dict.fromkeys(kept))[:MAX_TERMS]


def services_matching_text(queryset, text: str | None, *, path: str = "", lead: bool = True):
    """`queryset` narrowed to services holding every word, annotated `text_rank`.

    `path` leads from the queryset's model to its service: "" for services, "service__"
    for services at locations (then the query must join the service table, under its own
    name, as any filter or value on `service__...` does). `lead=False` when another filter
    narrows more (a bounding box): SQLite, which has no statistics, would otherwise start
    from every service holding the words.
    """
    terms = search_terms(text)
    if not terms:
        return queryset.annotate(text_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "sqlite":
        return _sqlite_matching(queryset, terms, path, lead)
    if connection.vendor == "postgresql":
        return _postgresql_matching(queryset, terms, path)
    for term in terms:  # any other database: correct, unranked and slow
        queryset = queryset.filter(**{f"{path}search_text__icontains": term})
    return queryset.annotate(text_rank=Value(0.0, output_field=FloatField()))


def _sqlite_matching(queryset, terms, path, lead):
    match = " ".join(f'"{term}"' for term in terms)  # \w+ words hold no quote
    table = m.Service._meta.db_table
    rank = RawSQL(
        f"SELECT -bm25({table}_fts) FROM {table}_fts "
        f"WHERE {table}_fts MATCH %s AND {table}_fts.rowid = {table}.rowid",
        (match,),
        output_field=FloatField(),
    )
    if not lead:  # the unary + keeps the planner from starting at the matches
        matched = RawSQL(
            f"+{table}.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)",
            (match,),
            output_field=BooleanField(),
        )
        return queryset.filter(matched).annotate(text_rank=rank)
    ids = RawSQL(
        f"SELECT {table}.id FROM {table}_fts JOIN {table} ON {table}.rowid = {table}_fts.rowid "
        f"WHERE {table}_fts MATCH %s",
        (match,),
    )
    return queryset.filter(**{f"{path}id__in": ids}).annotate(text_rank=rank)


def _postgresql_matching(queryset, terms, path):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    # The same expression as the GIN index, so the planner can use it.
    vector = Func(
        F(f"{path}search_text"),
        function="to_tsvector",
        template="%(function)s('english'::regconfig, %(expressions)s)",
        output_field=SearchVectorField(),
    )
    query = SearchQuery(" ".join(terms), config="english", search_type="plain")
    return (
        queryset.alias(search_vector=vector)
        .filter(search_vector=query)
        .annotate(text_rank=SearchRank(F("search_vector"), query))
    )
