"""Where ParkPulse keeps its state: the data folder named by ``PARKPULSE_HOME``.

Everything the site writes (SQLite database, uploaded media, the secret key, screenshots)
lives there, so a deployment is one folder to back up and a demo is one folder to delete.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class HomeError(RuntimeError):
    """The data folder cannot be used (missing permissions, a file in the way)."""


def home_dir() -> Path:
    return Path(os.environ.get("PARKPULSE_HOME", "var")).expanduser().resolve()


def ensure_home(path: Path | None = None) -> Path:
    """Create the data folder and its media subfolder; fail with one clear message."""
    path = path or home_dir()
    try:
        for sub in ("media", "static"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        # one probe per process: crawl workers starting together must not delete each other's
        probe = path / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink(missing_ok=True)
    except OSError as exc:
        raise HomeError(f"数据目录不可写 (data folder not writable): {path}: {exc.strerror}") from exc
    return path


def secret_key(path: Path) -> str:
    """Read the secret key, making one on first run (readable by the owner only)."""
    key_file = path / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
