"""Route options from the ORUK OpenAPI file: operation id, summary, description, 200 response."""

import functools
import json
from pathlib import Path

# The ORUK and HSDS OpenAPI point `/service_at_locations/{id}` at compiled/service.json, a
# slip for the fully nested service_at_location that the operation's description promises.
SERVICE_AT_LOCATION_SCHEMA = (
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/"
    "service_at_location.json"
)
SPEC_FILE = (
    Path(__file__).resolve().parents[3] / "data/openreferral/oruk_uk_profile/schema/openapi.json"
)


@functools.cache
def _spec() -> dict:
    """The ORUK OpenAPI's paths, its local `Page` reference written out in place."""
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    page = spec["components"]["schemas"]["Page"]

    def inline(node):
        if node == {"$ref": "#/components/schemas/Page"}:
            return page
        if isinstance(node, dict):
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    return inline(spec["paths"])


def documented(path: str, schema_ref: str = "") -> dict:
    """Route options from the ORUK OpenAPI: operation id, summary and the 200 response."""
    operation = _spec()[path]["get"]
    response = operation["responses"]["200"]
    if schema_ref:
        response = {**response, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}
    return {
        "operation_id": operation["operationId"],
        "summary": operation["summary"],
        "description": operation["description"],
        "openapi_extra": {"responses": {200: response}},
    }
