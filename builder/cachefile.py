"""Build-cache files that know they are whole.

Every file in ``build/.cache`` has a companion ``NAME.sum`` holding its size
and SHA-256, written after the file itself. A file whose companion is missing
or does not match (truncated by a full disk, emptied, edited, left half
written by a crash, or kept by an older pubkit) is made again and written
over, never used: a damaged cache costs time, never a wrong output.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from .outputs import write_atomically

SUFFIX = ".sum"


def _sum(data: bytes) -> bytes:
    return f"{len(data)} {hashlib.sha256(data).hexdigest()}".encode("ascii")


def companion(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def store(path: Path, data: bytes) -> bool:
    """Keep ``data`` as the cache file ``path``; False if it could not be written (a full disk or a read-only
    folder costs the next build some time, never this build)."""
    try:
        write_atomically(path, data)
        write_atomically(companion(path), _sum(data))
    except OSError:
        drop(path)
        return False
    return True


def seal(path: Path) -> bool:
    """Record a cache file another program wrote in place (pandoc, Pillow, LibreOffice) as whole."""
    try:
        write_atomically(companion(path), _sum(path.read_bytes()))
    except OSError:
        drop(path)
        return False
    return True


def load(path: Path) -> bytes | None:
    """The cache file's bytes when it is whole; None when it is missing or damaged (the caller makes it
    again, and storing it writes over the damaged one)."""
    try:
        data = path.read_bytes()
        expected = companion(path).read_bytes()
    except OSError:
        return None
    return data if expected.strip() == _sum(data) else None


def whole(path: Path) -> bool:
    """Whether the cache file at ``path`` is there and whole."""
    return load(path) is not None


def drop(path: Path) -> None:
    """Delete a cache file and its companion."""
    for stale in (path, companion(path)):
        with contextlib.suppress(OSError):
            stale.unlink()
