"""Read settings from the environment, failing loudly with a hint."""

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class SettingError(RuntimeError):
    pass


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingError(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingError(f"{name}={raw!r} is not a whole number.") from exc


def data_dir() -> Path:
    """Where the product writes its files (database, static files, reports)."""
    path = Path(os.environ.get("LOCALITY_DATA_DIR", "var")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(data: Path, demo: bool) -> str:
    """SECRET_KEY from the environment; the embedded demo keeps a generated one in the data dir."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = data / "secret_key"
    if path.exists():  # made by an earlier `locality demo` in this data dir
        return path.read_text().strip()
    if not demo:
        raise SettingError(
            "SECRET_KEY is not set. Set it to a long random string "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set LOCALITY_DEMO=1 for the embedded demo."
        )
    path.write_text(secrets.token_urlsafe(50))
    path.chmod(0o600)
    return path.read_text().strip()
