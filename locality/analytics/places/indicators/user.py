"""A user's own indicators: a CSV keyed by LSOA 2011 code or by postcode, and its metadata.

Two ways in (both checked whole; an error names the file, line and field):

1. A metadata file (YAML) naming the CSV and describing each indicator::

       file: diabetes.csv          # relative to this file
       key: lsoa11cd               # or: postcode
       postcode_lookup: lookup.csv # postcode key only; default: York's (data/york)
       indicators:
         - id: diabetes
           title: Diabetes prevalence (QOF, % of patients aged 17+)
           theme: health           # adults, children, crime, economy, health, population
           kind: rate              # count, rate, score, rank
           numerator: diabetes_patients
           denominator: patients_17_plus   # a CSV column or a bundled one, e.g. population
           multiplier: 100
           polarity: higher_is_worse
           period: 2023-24
           source: NHS England, Quality and Outcomes Framework
           licence: Open Government Licence v3.0
           ci: wilson                # optional: wilson (proportion) or byar (rate)

2. The CSV alone: its key column (``lsoa11cd`` or ``postcode``) and numbers; every column
   ``X`` becomes a count, and a pair ``X_numerator``/``X_denominator`` a percentage ``X``;
   the theme comes from the caller (``--indicator-theme``), the source is the file name.

Keyed by LSOA: one row per LSOA, an empty cell is "no value" (areas with such an LSOA get no
value). Keyed by postcode: rows are summed into the LSOA of their postcode (so only counts and
rates' numerators and denominators, which add up), and an LSOA of the lookup with no row
counts 0 - the file lists where things are. The bundled lookup covers York only
(``data/york/postcodes.csv.gz``); for other places give a lookup CSV with columns
``pcds`` (or ``postcode``) and ``lsoa11cd`` (for example from the ONS Postcode Directory), or
key the file by LSOA.
"""

import csv
import gzip
import io
import math
import re
from pathlib import Path

import pandas as pd
import yaml

from locality.analytics.places.geography import DATA_DIR, PlacesError
from locality.analytics.places.indicators.catalogue import KINDS, Indicator

YORK_POSTCODES = DATA_DIR / "york" / "postcodes.csv.gz"
BUNDLED_COLUMNS = ("population", "age_0_15", "age_16_59", "age_60_plus", "working_age")
KEYS = ("lsoa11cd", "postcode")
META_FIELDS = {
    "id", "title", "theme", "kind", "polarity", "period", "source", "licence", "column",
    "numerator", "denominator", "multiplier", "weight", "unit", "ci", "headline", "description",
}  # fmt: skip


def load_user_indicators(
    path: Path, lsoa_codes, *, theme: str = "health", tag: str | None = None
) -> tuple[list[Indicator], pd.DataFrame]:
    """The indicators of a metadata file (.yaml/.yml) or a bare CSV, and their LSOA columns
    (indexed by LSOA code, named ``<tag>:<column>``); ``lsoa_codes`` are England's LSOAs."""
    path = Path(path)
    if not path.exists():
        raise PlacesError(f"{path}: no such file")
    tag = tag or path.stem
    if path.suffix.lower() in (".yaml", ".yml"):
        meta = _read_meta(path)
        csv_path = (path.parent / str(meta["file"])).resolve()
        key = meta.get("key", "lsoa11cd")
        if key not in KEYS:
            raise PlacesError(f"{path}: field key: {key!r} is not lsoa11cd or postcode")
        header, rows = _read_csv(csv_path, key)
        specs = meta["indicators"]
        lookup = meta.get("postcode_lookup")
        lookup = (path.parent / str(lookup)).resolve() if lookup else YORK_POSTCODES
        where = lambda n: f"{path}: indicators[{n}]"  # noqa: E731
    else:
        csv_path, lookup = path, YORK_POSTCODES
        key = _key_of(path)
        header, rows = _read_csv(path, key)
        specs = _specs_from_header(path, header, key, theme)
        where = lambda n: f"{path}: column {specs[n - 1].get('column') or specs[n - 1]['id']}"  # noqa: E731
    indicators, used = [], {}
    for number, spec in enumerate(specs, start=1):
        indicator = _indicator(spec, where(number), header, key, csv_path, tag)
        indicators.append(indicator)
        for role in ("column", "numerator", "denominator", "weight"):
            name = spec.get(role)
            if name and name in header:
                used[f"{tag}:{name}"] = name
    kinds = {
        name: ("score" if any(i.kind in ("score", "rank") and i.column == name
                              for i in indicators) else "count")
        for name in used
    }  # fmt: skip
    table = _values(csv_path, rows, key, used, kinds, lsoa_codes, lookup)
    _check_rates(csv_path, indicators, table)
    return indicators, table


def _read_meta(path: Path) -> dict:
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PlacesError(f"{path}: not a YAML file ({exc})") from exc
    if not isinstance(meta, dict):
        raise PlacesError(f"{path}: expected a mapping with fields file and indicators")
    for name in ("file", "indicators"):
        if name not in meta:
            raise PlacesError(f"{path}: field {name}: missing")
    if not isinstance(meta["indicators"], list) or not meta["indicators"]:
        raise PlacesError(f"{path}: field indicators: expected a list of indicators")
    for number, spec in enumerate(meta["indicators"], start=1):
        if not isinstance(spec, dict):
            raise PlacesError(f"{path}: indicators[{number}]: expected a mapping")
        unknown = set(spec) - META_FIELDS
        if unknown:
            raise PlacesError(f"{path}: indicators[{number}]: field {sorted(unknown)[0]}: unknown")
    return meta


def _open(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _key_of(path: Path) -> str:
    with _open(path) as handle:
        header = next(csv.reader(handle), [])
    for key in KEYS:
        if key in header:
            return key
    raise PlacesError(f"{path}: line 1: no key column (lsoa11cd or postcode)")


def _read_csv(path: Path, key: str) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        with _open(path) as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            rows = [(reader.line_num, row) for row in reader]
    except FileNotFoundError as exc:
        raise PlacesError(f"{path}: no such file") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PlacesError(f"{path}: not a CSV file ({exc})") from exc
    if key not in header:
        raise PlacesError(f"{path}: line 1: field {key}: missing")
    if not rows:
        raise PlacesError(f"{path}: no data rows")
    return header, rows


def _specs_from_header(path, header, key, theme) -> list[dict]:
    specs, seen = [], set()
    common = {"theme": theme, "period": "not stated", "source": path.name}
    common.update(licence="not stated", polarity="neutral")
    for name in header:
        if name == key or name in seen:
            continue
        base = name.removesuffix("_numerator").removesuffix("_denominator")
        if name != base and {f"{base}_numerator", f"{base}_denominator"} <= set(header):
            seen.update({f"{base}_numerator", f"{base}_denominator"})
            specs.append(
                {"id": base, "title": f"{base} (% from {path.name})", "kind": "rate",
                 "numerator": f"{base}_numerator", "denominator": f"{base}_denominator",
                 "multiplier": 100, "unit": "%", **common}
            )  # fmt: skip
        else:
            specs.append(
                {"id": name, "title": f"{name} (from {path.name})", "kind": "count",
                 "column": name, **common}
            )  # fmt: skip
    if not specs:
        raise PlacesError(f"{path}: line 1: no value columns besides {key}")
    return specs


def _indicator(spec, where, header, key, csv_path, tag) -> Indicator:
    spec = dict(spec)
    for name in ("id", "title", "theme", "kind", "polarity", "period", "source", "licence"):
        if spec.get(name) in (None, ""):
            raise PlacesError(f"{where}: field {name}: missing")
    if spec["kind"] not in KINDS or spec["kind"] == "decile":
        raise PlacesError(
            f"{where}: field kind: {spec['kind']!r} is not one of count, rate, score, rank"
        )
    if key == "postcode" and spec["kind"] not in ("count", "rate"):
        raise PlacesError(
            f"{where}: field kind: a file keyed by postcode holds counts and rates only (a "
            f"{spec['kind']} does not add up over postcodes)"
        )
    for role in ("column", "numerator", "denominator", "weight"):
        name = spec.get(role)
        if name is None:
            continue
        name = str(name)
        if name in header and name != key:
            spec[role] = f"{tag}:{name}"
        elif name in BUNDLED_COLUMNS and role in ("denominator", "weight"):
            spec[role] = name
        else:
            raise PlacesError(f"{where}: field {role}: no column {name!r} in {csv_path}")
    try:
        spec["multiplier"] = float(spec.get("multiplier", 1.0))
    except (TypeError, ValueError) as exc:
        raise PlacesError(f"{where}: field multiplier: not a number") from exc
    spec["headline"] = bool(spec.get("headline", False))
    spec = {k: (str(v) if isinstance(v, int | float) and k in ("period",) else v)
            for k, v in spec.items()}  # fmt: skip
    try:
        return Indicator(**spec)
    except PlacesError as exc:
        raise PlacesError(f"{where}: {exc}") from exc
    except TypeError as exc:
        raise PlacesError(f"{where}: {exc}") from exc


def normalise_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def postcode_lookup(path: Path) -> dict[str, str]:
    """Postcode (no spaces, upper case) -> LSOA 2011 code."""
    header, rows = _read_csv(path, "lsoa11cd")
    column = "pcds" if "pcds" in header else "postcode" if "postcode" in header else None
    if column is None:
        raise PlacesError(f"{path}: line 1: field pcds: missing (or postcode)")
    return {normalise_postcode(row[column]): row["lsoa11cd"].strip() for _, row in rows}


def _number(text, path, line, field, kind) -> float:
    text = (text or "").strip()
    if text == "":
        return math.nan
    try:
        value = float(text.replace(",", ""))
    except ValueError as exc:
        raise PlacesError(f"{path}: line {line}: field {field}: {text!r} is not a number") from exc
    if not math.isfinite(value):
        raise PlacesError(f"{path}: line {line}: field {field}: {text!r} is not a finite number")
    if kind == "count" and value < 0:
        raise PlacesError(f"{path}: line {line}: field {field}: {text!r} is negative")
    return value


def _values(path, rows, key, used, kinds, lsoa_codes, lookup) -> pd.DataFrame:
    known = set(lsoa_codes)
    postcodes = postcode_lookup(lookup) if key == "postcode" else None
    records, seen = {}, {}
    for line, row in rows:
        raw = (row.get(key) or "").strip()
        if not raw:
            raise PlacesError(f"{path}: line {line}: field {key}: empty")
        if postcodes is not None:
            code = postcodes.get(normalise_postcode(raw))
            if code is None:
                raise PlacesError(
                    f"{path}: line {line}: field postcode: {raw!r} is not in the postcode "
                    f"lookup {lookup.name} (it covers {len(postcodes):,} postcodes)"
                )
        else:
            code = raw
            if code in seen:
                raise PlacesError(
                    f"{path}: line {line}: field lsoa11cd: {code} is also on line {seen[code]}"
                )
            seen[code] = line
        if code not in known:
            raise PlacesError(
                f"{path}: line {line}: field {key}: {raw!r} is not an English LSOA 2011 code"
            )
        numbers = {
            column: _number(row.get(name), path, line, name, kinds[column])
            for column, name in used.items()
        }
        if postcodes is not None:
            for column, value in numbers.items():
                if math.isnan(value):
                    raise PlacesError(
                        f"{path}: line {line}: field {used[column]}: empty (a postcode row "
                        "needs every value)"
                    )
            total = records.setdefault(code, dict.fromkeys(used, 0.0))
            for column, value in numbers.items():
                total[column] += value
        else:
            records[code] = numbers
    table = pd.DataFrame.from_dict(records, orient="index", columns=list(used))
    table.index.name = "lsoa11cd"
    if postcodes is not None:
        covered = sorted(set(postcodes.values()) & known)
        table = table.reindex(covered).fillna(0.0)
    return table


def _check_rates(path, indicators, table) -> None:
    for indicator in indicators:
        if indicator.kind != "rate":
            continue
        if indicator.numerator not in table or indicator.denominator not in table:
            continue
        num, den = table[indicator.numerator], table[indicator.denominator]
        if indicator.ci == "wilson":
            bad = table.index[num > den]
            if len(bad):
                raise PlacesError(
                    f"{path}: LSOA {bad[0]}: field {indicator.numerator.split(':', 1)[1]}: "
                    f"the numerator is larger than the denominator, so {indicator.id!r} is "
                    "not a proportion (ci: wilson)"
                )
