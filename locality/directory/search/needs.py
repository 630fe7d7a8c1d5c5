"""The needs taxonomy: a need with its sub-needs, the tree the form lists, names by service."""

from collections import defaultdict

from django.db.models import Q

from locality.directory import models as m

NEEDS_TAXONOMY = "Locality needs"


def terms_with_descendants(term_ids) -> set[str]:
    """The terms and every term below them (children, grandchildren...)."""
    found, frontier = set(term_ids), set(term_ids)
    while frontier:
        children = set(
            m.TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - found
        found |= frontier
    return found


def in_needs_taxonomy(prefix: str = "") -> Q:
    """A term of the needs taxonomy: by its taxonomy row, or by name (feeds often send no row)."""
    return Q(**{f"{prefix}taxonomy__name": NEEDS_TAXONOMY}) | Q(
        **{f"{prefix}taxonomy_name": NEEDS_TAXONOMY}
    )


def need_term_tree() -> list[tuple[m.TaxonomyTerm, list[m.TaxonomyTerm]]]:
    """The needs taxonomy's top-level terms, each with its sub-terms, in name order.

    A term whose parent is not in the database (a feed sent only the terms it uses) is
    listed as a top-level term.
    """
    terms = list(m.TaxonomyTerm.objects.filter(in_needs_taxonomy()).order_by("name"))
    ids = {t.id for t in terms}
    children = defaultdict(list)
    for term in terms:
        if term.parent_id in ids:
            children[term.parent_id].append(term)
    return [(t, children[t.id]) for t in terms if t.parent_id not in ids]


def need_names_by_service(service_ids) -> dict[str, list[str]]:
    """The needs-taxonomy term names each service is tagged with."""
    out = defaultdict(list)
    attributes = (
        m.Attribute.objects.filter(in_needs_taxonomy("taxonomy_term__"))
        .filter(link_id__in=list(service_ids))
        .select_related("taxonomy_term")
        .order_by("taxonomy_term__name")
    )
    for attribute in attributes:
        out[attribute.link_id].append(attribute.taxonomy_term.name)
    return out
