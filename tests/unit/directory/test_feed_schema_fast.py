"""The fast schema check never passes a document that `jsonschema` would fault."""

import copy

import pytest

from locality.directory.feeds.readers import read_feed
from locality.directory.feeds.schema_fast import compile_check
from locality.directory.feeds.schemas import FORMAT_CHECKER, load_schemas
from tests.unit.directory.feed_fixtures import BRISTOL, HSDS, ORUK, load

# What a mutant puts in place of a value: wrong types, a bad uuid/date/uri, an odd enum value.
REPLACEMENTS = [None, True, "not a uuid", [], {}]
EXAMPLES = [
    ("service", "service_full.json"),
    ("service_at_location", "service_at_location_full.json"),
    ("organization", "organization_full.json"),
    ("taxonomy", "taxonomy.json"),
    ("taxonomy_term", "taxonomy_term.json"),
]


def _paths(node, path=()):
    """Every path in the document, parents before children."""
    yield path
    children = ()
    if isinstance(node, dict):
        children = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    for key, value in children:
        yield from _paths(value, (*path, key))


def _mutants(doc):
    """Copies of `doc` with one value replaced, or one key removed."""
    for path in list(_paths(doc))[1:]:
        for replacement in [*REPLACEMENTS, KeyError]:
            mutant = copy.deepcopy(doc)
            parent = mutant
            for key in path[:-1]:
                parent = parent[key]
            if replacement is KeyError:
                if not isinstance(parent, dict):
                    continue
                del parent[path[-1]]
            else:
                parent[path[-1]] = replacement
            yield mutant


def _checks(name, profile):
    schemas = load_schemas(profile)
    return schemas.fast_check(name), schemas.validator(name)


@pytest.mark.parametrize("profile, folder", [("oruk", ORUK), ("hsds", HSDS)])
@pytest.mark.parametrize("name, example", EXAMPLES)
def test_fast_check_agrees_with_jsonschema_on_every_mutant(profile, folder, name, example):
    fast, validator = _checks(name, profile)
    doc = load(folder / example)
    assert fast is not None
    assert fast(doc) and validator.is_valid(doc)
    faulted = 0
    for mutant in _mutants(doc):
        valid = validator.is_valid(mutant)
        assert not fast(mutant) or valid, mutant
        faulted += not valid
    assert faulted > 0


@pytest.mark.parametrize("profile", ["oruk", "hsds"])
def test_fast_check_agrees_with_jsonschema_on_a_real_feed(profile):
    fast, validator = _checks("service", profile)
    services = read_feed(BRISTOL).services
    verdicts = [(fast(doc), validator.is_valid(doc)) for doc in services]
    assert all(valid for quick, valid in verdicts if quick)
    assert [quick for quick, _ in verdicts] == [valid for _, valid in verdicts]


def test_fast_check_is_none_for_an_assertion_it_does_not_compile():
    schemas = load_schemas("oruk")
    schema = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}}
    assert compile_check(schema, schemas.registry, FORMAT_CHECKER) is None


def test_fast_check_follows_references_and_formats():
    schemas = load_schemas("oruk")
    check = compile_check({"$ref": schemas.uri("phone.json")}, schemas.registry, FORMAT_CHECKER)
    phone = {"id": "0b0e1a8c-6a3b-4f6e-9d5a-2f9f7c1e4a10", "number": "01904 000000"}
    assert check(phone)
    assert not check({**phone, "id": "phone-1"})
    assert not check({"number": "01904 000000"})
    assert compile_check({"$ref": "missing.json"}, schemas.registry, FORMAT_CHECKER) is None
