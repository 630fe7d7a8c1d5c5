"""The need categories: the top-level terms of the needs taxonomy, and each term's category."""

from django.db.models import Q

from locality.directory import models as m
from locality.directory.gaps.records import NEEDS_TAXONOMY, Need


def need_categories() -> list[Need]:
    """The top-level categories of the needs taxonomy, by name; the code is the key (a term
    with the same code twice, say from a second copy of the taxonomy, is one category)."""
    terms = m.TaxonomyTerm.objects.filter(in_needs_taxonomy(), parent__isnull=True)
    names: dict[str, str] = {}
    for code, name in terms.order_by("name", "id").values_list("code", "name"):
        names.setdefault(code, name)
    return [Need(code, name) for code, name in names.items()]


def needs_chosen(code: str | None) -> list[Need]:
    """Every need category, or the one with this code (ValueError for an unknown code)."""
    needs = need_categories()
    if code is None:
        return needs
    chosen = [n for n in needs if n.code == code]
    if not chosen:
        raise ValueError(f"{code!r} is not a need category of the {NEEDS_TAXONOMY} taxonomy")
    return chosen


def in_needs_taxonomy() -> Q:
    """Terms of the needs taxonomy, by its name on the taxonomy or on the term."""
    return Q(taxonomy__name=NEEDS_TAXONOMY) | Q(taxonomy_name=NEEDS_TAXONOMY)


def top_level_codes() -> dict[str, str]:
    """Needs-taxonomy term id -> the code of its top-level category (itself at the top)."""
    rows = m.TaxonomyTerm.objects.filter(in_needs_taxonomy()).values_list("id", "parent_id", "code")
    parents = {term_id: parent_id for term_id, parent_id, _ in rows}
    codes = {term_id: code for term_id, _, code in rows}
    top = {}
    for term_id in parents:
        node, seen = term_id, set()
        while parents[node] in parents and node not in seen:  # climb; stop on a cycle
            seen.add(node)
            node = parents[node]
        top[term_id] = codes[node]
    return top
