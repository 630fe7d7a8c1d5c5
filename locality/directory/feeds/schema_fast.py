"""A fast yes-or-maybe check of a document against a JSON schema, before `jsonschema` runs.

`jsonschema` walks a service document at about a millisecond and a half each (every node a
new evolved validator). Most documents in a feed are valid, so `compile_check(schema, ...)`
turns a schema into nested Python closures that answer one question quickly: is this document
certainly valid? True means `jsonschema` would report no error, so it need not run. False
means "maybe not": `jsonschema` then runs as before and gives the errors, so every message,
path and order stays exactly `jsonschema`'s own.

Only the keywords the Open Referral schemas use are compiled: `type`, `properties`,
`required`, `items`, `enum`, `format` and `$ref` (resolved in the same `referencing`
registry). A schema with any other Draft 2020-12 assertion gets no fast check (`None`), and
keywords that assert nothing (`title`, `description`, `example`, ORUK's `constraints`, ...)
are ignored, as `jsonschema` ignores them. Anything unsure answers False: `enum` is only
checked quickly for strings, which compare the same way in both.
"""

from collections.abc import Callable

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

Check = Callable[[object], bool]

_COMPILED = ("$ref", "type", "properties", "required", "items", "enum", "format")
_TYPES = Draft202012Validator.TYPE_CHECKER
_ASSERTIONS = frozenset(Draft202012Validator.VALIDATORS)


class Unsupported(Exception):
    """The schema uses an assertion this module does not compile."""


def compile_check(schema, registry: Registry, format_checker: FormatChecker | None) -> Check | None:
    """A function doc -> True when `doc` is certainly valid; None if the schema is unsupported."""
    compiler = _Compiler(format_checker)
    root = registry.resolver_with_root(DRAFT202012.create_resource(schema))
    try:
        return compiler.compile(schema, root)
    except (Unsupported, Unresolvable):
        return None


class _Compiler:
    def __init__(self, format_checker: FormatChecker | None) -> None:
        self.format_checker = format_checker
        self.by_ref: dict[int, list] = {}  # id of a referenced schema -> [its check], for cycles

    def compile(self, schema, resolver) -> Check:
        if schema is True or schema is False:
            return _always if schema else _never
        if not isinstance(schema, dict):
            raise Unsupported(f"not a schema: {schema!r}")
        others = (_ASSERTIONS & set(schema)) - set(_COMPILED)
        if others:
            raise Unsupported(sorted(others))
        resolver = resolver.in_subresource(DRAFT202012.create_resource(schema))
        checks = [self._keyword(key, schema[key], resolver) for key in _COMPILED if key in schema]
        return _all_of(checks)

    def _keyword(self, key: str, value, resolver) -> Check:
        if key == "$ref":
            return self._ref(value, resolver)
        if key == "type":
            return _type_check(value)
        if key == "properties":
            children = {name: self.compile(sub, resolver) for name, sub in value.items()}
            return _properties_check(children)
        if key == "required":
            return _required_check(list(value))
        if key == "items":
            return _items_check(self.compile(value, resolver))
        if key == "enum":
            return _enum_check(value)
        return _format_check(self.format_checker, value)

    def _ref(self, ref: str, resolver) -> Check:
        resolved = resolver.lookup(ref)
        key = id(resolved.contents)
        if key not in self.by_ref:
            cell: list = []
            self.by_ref[key] = cell
            cell.append(self.compile(resolved.contents, resolved.resolver))
        cell = self.by_ref[key]
        return lambda doc: cell[0](doc)


def _always(doc) -> bool:
    return True


def _never(doc) -> bool:
    return False


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda doc: first(doc) and second(doc)

    def check(doc) -> bool:
        for one in checks:
            if not one(doc):
                return False
        return True

    return check


# Types whose Draft 2020-12 check is a plain isinstance (jsonschema's `_types`); the others
# ("integer", "number") go through jsonschema's own type checker.
_PLAIN_TYPES = {"string": str, "object": dict, "array": list, "boolean": bool}


def _type_check(types) -> Check:
    names = [types] if isinstance(types, str) else list(types)
    if len(names) == 1 and names[0] in _PLAIN_TYPES:
        plain = _PLAIN_TYPES[names[0]]
        return lambda doc: isinstance(doc, plain)
    return lambda doc: any(_TYPES.is_type(doc, name) for name in names)


def _properties_check(children: dict[str, Check]) -> Check:
    items = list(children.items())

    def check(doc) -> bool:
        if not isinstance(doc, dict):
            return True
        for name, child in items:
            if name in doc and not child(doc[name]):
                return False
        return True

    return check


def _required_check(names: list[str]) -> Check:
    return lambda doc: not isinstance(doc, dict) or all(name in doc for name in names)


def _items_check(child: Check) -> Check:
    def check(doc) -> bool:
        if not isinstance(doc, list):
            return True
        for item in doc:
            if not child(item):
                return False
        return True

    return check


def _enum_check(values) -> Check:
    strings = frozenset(v for v in values if isinstance(v, str))
    return lambda doc: isinstance(doc, str) and doc in strings


def _format_check(format_checker: FormatChecker | None, name: str) -> Check:
    """`FormatChecker.conforms`, with the format's function looked up once."""
    if format_checker is None or name not in format_checker.checkers:
        return _always
    func, raises = format_checker.checkers[name]

    def check(doc) -> bool:
        try:
            return bool(func(doc))
        except raises:
            return False

    return check
