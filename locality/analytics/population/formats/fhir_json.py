"""Assemble JSON column-wise with Arrow compute: each function returns one JSON text per row
(or one scalar for a constant), and null where the part is absent, so it is left out."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc

CONTROL = r"[\x00-\x1f]"


def js(value) -> pa.Array | pa.Scalar:
    """JSON string literals of a text (or date) column or a constant; null stays null."""
    if isinstance(value, str):
        return pa.scalar(json.dumps(value))
    text = value if pa.types.is_string(value.type) else pc.cast(value, pa.string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if pc.any(pc.match_substring_regex(text, CONTROL)).as_py():
        return pa.array([None if v is None else json.dumps(v) for v in text.to_pylist()])
    escaped = pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), '"', '\\"')
    return pc.binary_join_element_wise('"', escaped, '"', "")


def member(name: str, value) -> pa.Array | pa.Scalar:
    """``,"name":value``, or null when the value is null."""
    return pc.binary_join_element_wise(f',"{name}":', value, "")


def obj(*members, when=None) -> pa.Array | pa.Scalar:
    """``{...}`` of the members present; null where ``when`` is null or false."""
    inner = pc.binary_join_element_wise(*members, "", null_handling="replace")
    out = pc.binary_join_element_wise("{", pc.utf8_ltrim(inner, ","), "}", "")
    if when is None:
        return out
    keep = when if pa.types.is_boolean(when.type) else pc.is_valid(when)
    return pc.if_else(pc.fill_null(keep, False), out, pa.scalar(None, pa.string()))


def array(*elements) -> pa.Array | pa.Scalar:
    """``[...]`` of the elements present; null when none is."""
    # (null_handling="skip" would drop rows where every element is null, so each element is
    # prefixed with a comma instead and the first comma trimmed)
    pieces = [pc.binary_join_element_wise(",", e, "") for e in elements]
    inner = pc.utf8_ltrim(pc.binary_join_element_wise(*pieces, "", null_handling="replace"), ",")
    out = pc.binary_join_element_wise("[", inner, "]", "")
    return pc.if_else(pc.equal(inner, ""), pa.scalar(None, pa.string()), out)


def coding(system, code, when=None) -> pa.Array | pa.Scalar:
    return obj(member("system", system), member("code", code), when=when)


def take(values: pa.Array, keys, key_set: pa.Array) -> pa.Array:
    """``values[i]`` where ``keys`` equals ``key_set[i]``; null where it is none of them."""
    return pc.take(values, pc.index_in(keys, value_set=key_set))


NULL_MARK, SEPARATOR = "\x00", "\x1f"


def per_values(build, *columns) -> pa.Array:
    """``build(*columns)``, computed once per distinct combination of values and spread back
    to the rows: most JSON parts depend on a code, a kind, a date or a person only."""
    texts = [pc.fill_null(pc.cast(c, pa.string()), NULL_MARK) for c in columns]
    key = pc.binary_join_element_wise(*texts, SEPARATOR) if len(texts) > 1 else texts[0]
    distinct = pc.unique(key)
    parts = pc.split_pattern(distinct, SEPARATOR)
    values = []
    for i in range(len(columns)):
        part = pc.list_element(parts, i)
        values.append(pc.if_else(pc.equal(part, NULL_MARK), pa.scalar(None, pa.string()), part))
    return pc.take(build(*values), pc.index_in(key, value_set=distinct))
