"""The needs taxonomy as the search pages show it, kept in memory by each process.

Every search page lists the needs (about 90 choices) and names each result's needs. Reading
and shaping the taxonomy on every request cost a query and a few milliseconds; here it is
built once per process and kept (`locality.core.cache_utils.cached`) under the token of
`NEEDS_CACHE`, which any change to the taxonomy replaces in the same transaction:

- saving or deleting a `TaxonomyTerm` or a `Taxonomy` (post_save, post_delete);
- an import, which writes terms in bulk (no per-row signals) and always records an
  `ImportRun` in its transaction (post_save of `ImportRun`).

A write that changes terms another way (raw SQL, `bulk_create` outside an import) must call
`needs_changed()`.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from locality.core.cache_utils import cache_version, cache_version_bump, cached
from locality.directory import models as m
from locality.directory.search import _in_needs_taxonomy, need_term_tree

NEEDS_CACHE = "directory.needs"


@dataclass(frozen=True)
class NeedCatalogue:
    choices: list  # grouped choices for the need select: each need, then its specific needs
    names: dict[str, str]  # every term of the needs taxonomy: id -> name
    order: dict[str, int]  # id -> place in name order (the database's own collation)
    token: str  # the version it was built for: other values kept from the same terms use it

    def name(self, term_id: str | None) -> str:
        return self.names.get(term_id, "") if term_id else ""


def need_catalogue() -> NeedCatalogue:
    """The needs taxonomy: one primary-key read per call, a rebuild after each change."""
    token = cache_version(NEEDS_CACHE)
    return cached(NEEDS_CACHE, lambda: _build(token), token=token)


def _build(token: str) -> NeedCatalogue:
    choices: list = [("", "Any need")]
    for top, children in need_term_tree():
        group = [(top.id, f"{top.name} (all)")] + [(c.id, c.name) for c in children]
        choices.append((top.name, group))
    terms = m.TaxonomyTerm.objects.filter(_in_needs_taxonomy()).order_by("name", "id")
    pairs = list(terms.values_list("id", "name"))
    return NeedCatalogue(
        choices=choices,
        names=dict(pairs),
        order={term_id: n for n, (term_id, _) in enumerate(pairs)},
        token=token,
    )


def need_names_by_service(service_ids, needs: NeedCatalogue) -> dict[str, list[str]]:
    """The need names each service is tagged with, in name order: one query, no joins."""
    tagged = m.Attribute.objects.filter(link_id__in=list(service_ids)).values_list(
        "link_id", "taxonomy_term_id"
    )
    found: dict[str, list[str]] = {}
    for service_id, term_id in tagged:
        if term_id in needs.names:
            found.setdefault(service_id, []).append(term_id)
    return {
        service_id: [needs.names[t] for t in sorted(term_ids, key=needs.order.__getitem__)]
        for service_id, term_ids in found.items()
    }


def needs_changed(**kwargs) -> None:
    """Every process rebuilds its needs list on its next request (a signal receiver)."""
    cache_version_bump(NEEDS_CACHE)


def connect_signals() -> None:
    """Called once from `DirectoryConfig.ready()`."""
    for model in (m.TaxonomyTerm, m.Taxonomy):
        post_save.connect(needs_changed, sender=model, dispatch_uid=f"needs-save-{model.__name__}")
        post_delete.connect(
            needs_changed, sender=model, dispatch_uid=f"needs-delete-{model.__name__}"
        )
    post_save.connect(needs_changed, sender=m.ImportRun, dispatch_uid="needs-import")
