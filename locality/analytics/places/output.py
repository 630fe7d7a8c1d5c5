"""Write a command's output all at once: into a hidden folder beside the target, renamed at the
end, so a failed or interrupted run leaves nothing half-written."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from locality.analytics.places.geography import PlacesError


@contextmanager
def output_folder(out: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it becomes ``out`` (which must be new or empty)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PlacesError(f"--out {out}: exists and is not an empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    if out.exists():
        out.rmdir()
    temp.rename(out)


@contextmanager
def output_file(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(prefix=f".{out.name}.", dir=out.parent, delete=False)
    handle.close()
    temp = Path(handle.name)
    try:
        yield temp
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    temp.replace(out)
