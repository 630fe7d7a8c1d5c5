import json
from pathlib import Path

import pytest


@pytest.fixture
def write_json(tmp_path):
    """Write `data` as JSON under tmp_path and return the path."""

    def write(name: str, data) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write
