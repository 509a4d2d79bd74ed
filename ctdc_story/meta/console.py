"""What every command of the project shares: its error type, its progress lines, how it fails and
safe writes."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STARTED = time.monotonic()  # one clock per process: progress lines count from the start


class BuildError(RuntimeError):
    """A step failed; the message says which and why, and what to do."""


def log(message: str) -> None:
    """One progress line, with the seconds since the command started."""
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def run_command(
    action: Callable[[], object],
    what: str,
    keep_note: str,
    errors: tuple[type[Exception], ...] = (BuildError,),
) -> int:
    """Run a command's work and return its exit status: 0, or 1 after one of ``errors``, which is
    printed as "<what> FAILED: …" followed by ``keep_note`` (what the failure left unchanged)."""
    try:
        action()
    except errors as err:
        print(f"\n{what} FAILED: {err}\n{keep_note}", file=sys.stderr)
        return 1
    return 0


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over
    ``path``: a reader never sees half a file, and a killed write leaves the old one."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Write only when the content differs, so that Sphinx rebuilds only what changed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    write_atomic(path, data)


def digest(*parts: str | bytes) -> str:
    """A short sha256 of the parts, each kept apart from the next (a cache key)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]
