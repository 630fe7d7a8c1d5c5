"""`locality stratify run` under the governance layer (decision 0010).

A run reads a dataset of pseudonymised person-level data from files outside the database
(the IG lead's export, or an extract) and writes a new person-level table of derived health
data. So it needs `population.stratify` (the analyst and the IG lead, not the command-line
operator) and is audited: a refusal before anything is read, and one event per run with the
input folder, format, engine, output folder and the number of people, whatever the result.
Output the audit log does not hold is removed.
"""

import shutil
from pathlib import Path

from locality.analytics.population import pipeline
from locality.analytics.population.cohort_definitions import COHORTS_DIR
from locality.analytics.population.engines import connect
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import can
from locality.governance.exceptions import AccessDenied
from locality.population.exports import PURPOSE

ACTION = perms.POPULATION_STRATIFY
WRITTEN, BAD_INPUT, FAILED = "written", "bad input", "failed"


def stratify_run(
    *,
    by,
    input: Path,
    out: Path,
    format: str = "locality",
    engine: str = "duckdb",
    as_of: str | None = None,
    cohorts_dir: Path = COHORTS_DIR,
    neighbourhoods: Path | None = None,
    predict: bool = False,
    progress=None,
    engine_options: dict | None = None,
) -> pipeline.RunSummary:
    """`pipeline.run_stratify` for the user ``by``; AccessDenied (audited) without the
    permission. Errors of the run propagate after the run's event is written.
    ``engine_options`` go to the engine's connection (DuckDB: ``threads``, ``memory_limit``)."""
    input, out = Path(input), Path(out)
    detail = {
        "input": str(input.resolve()),
        "format": format,
        "engine": engine,
        "out": str(out.resolve()),
        "as_of": as_of or "",
        "cohorts": str(Path(cohorts_dir).resolve()),
        "neighbourhoods": str(Path(neighbourhoods).resolve()) if neighbourhoods else "",
        "predict": predict,
        "engine_options": dict(engine_options or {}),
    }
    if not can(by, ACTION):
        audit.record(actor=by, action=ACTION, outcome="refused", purpose=PURPOSE, detail=detail)
        raise AccessDenied(
            f"{getattr(by, 'email', 'anonymous')} may not {ACTION}: name an analyst or the IG "
            "lead with --by EMAIL (or $LOCALITY_ACTOR)"
        )
    out_existed = out.exists()
    try:
        summary = pipeline.run_stratify(
            input,
            out,
            con=connect(engine, **(engine_options or {})),
            format=format,
            as_of=as_of,
            cohorts_dir=cohorts_dir,
            neighbourhoods=neighbourhoods,
            predict=predict,
            progress=progress,
        )
    except BaseException as exc:
        result = BAD_INPUT if isinstance(exc, ValueError) else FAILED
        # The error's text can quote a value of the data, so only its kind is kept.
        _record(by, {**detail, "result": result, "error": type(exc).__name__, "people": 0})
        raise
    try:
        _record(
            by,
            {
                **detail,
                "result": WRITTEN,
                "people": summary.people,
                "as_of": summary.as_of.isoformat(),
                "files": len(summary.files),
            },
        )
    except BaseException:
        _remove_output(out, recreate=out_existed)
        raise
    return summary


def _record(by, detail: dict) -> None:
    audit.record(actor=by, action=ACTION, purpose=PURPOSE, detail=detail)


def _remove_output(out: Path, *, recreate: bool) -> None:
    """Take back a run's output the audit log does not hold (``out`` was new or empty)."""
    shutil.rmtree(out, ignore_errors=True)
    if recreate:
        out.mkdir(exist_ok=True)
