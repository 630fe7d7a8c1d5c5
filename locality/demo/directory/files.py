"""Writing a generated directory as JSON files (the York demo feed)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from locality.demo.directory.generate import generate_directory
from locality.demo.place import load_lsoas, load_postcodes

FILE_KEYS = ("services", "taxonomies", "taxonomy_terms", "known_duplicates")


def generate_directory_files(
    out_dir: Path | str,
    lsoas: Sequence[Any] | None = None,
    postcodes: Mapping[str, Sequence[Any]] | None = None,
    **options: Any,
) -> dict[str, Path]:
    """Write services.json (a JSON list of nested services, an HSDS 3.0 feed), taxonomies.json,
    taxonomy_terms.json and known_duplicates.json to ``out_dir``; York data by default.

    ``options`` are passed to ``generate_directory``. Returns the written paths by name.
    """
    lsoas = load_lsoas() if lsoas is None else lsoas
    postcodes = load_postcodes() if postcodes is None else postcodes
    directory = generate_directory(lsoas, postcodes, **options)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key in FILE_KEYS:
        path = folder / f"{key}.json"
        with path.open("w", encoding="utf-8") as handle:
            json.dump(directory[key], handle, ensure_ascii=False, separators=(",", ":"))
            handle.write("\n")
        paths[key] = path
    return paths
