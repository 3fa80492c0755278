"""Atomic outputs and one build at a time per out directory.

A writer writes into a temporary file in the out directory; only when every
requested output is finished are they renamed into place, so a failed build
leaves the previous outputs byte-identical and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import BusyError, PubkitError

LOCK_NAME = ".pubkit.lock"
MANIFEST_NAME = ".written"  # in a folder pubkit writes into: the files it wrote there


class StagedOutputs:
    """Collects temporary files and publishes them together (or deletes them on failure)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.staged: dict[Path, Path] = {}  # final path → temporary path
        self.owned_folders: set[str] = set()  # sub-folders whose stale files are removed on publish

    def temporary(self, name: str) -> Path:
        """A fresh temporary path next to ``name`` (same file system, so the rename is atomic)."""
        final = self.out_dir / name
        final.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp" + final.suffix, dir=final.parent)
        os.close(handle)
        os.chmod(tmp, _default_mode())
        self.staged[final] = Path(tmp)
        return Path(tmp)

    def write_bytes(self, name: str, data: bytes) -> None:
        self.temporary(name).write_bytes(data)

    def publish(self, only: set[str] | None = None) -> list[Path]:
        """Rename staged files into place; with ``only``, publish those names and discard the rest."""
        if only is not None:
            self.staged = {final: tmp for final, tmp in self.staged.items() if final.name in only or self._drop(tmp)}
            self.owned_folders.clear()
        published = []
        for final, tmp in self.staged.items():
            os.replace(tmp, final)
            published.append(final)
        for folder in self.owned_folders:
            self._tidy(self.out_dir / folder)
        self.staged.clear()
        return published

    def _tidy(self, directory: Path) -> None:
        """Files an earlier build wrote in ``directory`` and this one did not are removed (a letter to a holder
        who has answered); a file pubkit did not write there (the author's own notes) is left alone. What
        pubkit wrote is listed in the folder's ``.written``."""
        manifest = directory / MANIFEST_NAME
        try:
            before = set(manifest.read_text(encoding="utf-8").splitlines())
        except OSError:
            before = set()
        now = {final.name for final in self.staged if final.parent == directory}
        for name in before - now:
            if name and "/" not in name and not name.startswith("."):
                with contextlib.suppress(OSError):
                    (directory / name).unlink()
        if now or before:
            directory.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                write_atomically(manifest, "".join(f"{name}\n" for name in sorted(now)).encode("utf-8"))

    @staticmethod
    def _drop(tmp: Path) -> bool:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False

    def discard(self) -> None:
        for tmp in self.staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.staged.clear()


def _default_mode() -> int:
    """The mode a normally created file gets (mkstemp's 0600 would hide outputs from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step (outputs, cache files, ``fix --write`` and ``new``); a symbolic link keeps
    being one: the file it points to is the one replaced."""
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else _default_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def unwritable(path: Path, exc: OSError) -> PubkitError:
    """The error for a folder or file pubkit cannot write: read-only, not the user's, or a full disk."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return PubkitError(
            "the disk is full: pubkit cannot write its outputs",
            file=str(path),
            hint="free some space (the output folder's .cache folder may be deleted), then build again",
        )
    return PubkitError(
        f"pubkit cannot write in this folder: {exc.strerror or exc}",
        file=str(path),
        hint="the folder is read-only or belongs to someone else: make it writable, or build into another "
        "folder with --out",
    )


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Only one pubkit build writes into ``out_dir`` at a time; a second one stops with a message.

    A POSIX record lock: it belongs to this process, so the helper processes a build forks (the check,
    the chart drawing) neither hold it nor keep it after the build has ended.
    """
    import fcntl

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PubkitError(
            f"cannot create the output folder: {exc.strerror}",
            file=str(out_dir),
            hint="choose another folder with --out",
        ) from None
    lock_path = out_dir / LOCK_NAME
    try:
        handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise unwritable(out_dir, exc) from None
    try:
        try:
            fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BusyError(
                    "another pubkit build is writing to this output folder",
                    file=str(out_dir),
                    hint="wait for it to finish, or build into another folder with --out",
                ) from None
            raise
        yield
    finally:
        handle.close()


STALE_AFTER = 600  # s: a temporary file this old belongs to no running build


def sweep_stale_temporaries(out_dir: Path) -> None:
    """Temporary files an earlier build left when it was killed (``.manuscript.docx.x1y2.tmp.docx``, cache
    files half written): removed, once they are older than any build runs."""
    cutoff = time.time() - STALE_AFTER
    for folder, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.startswith(".") and ".tmp" in name:
                path = Path(folder) / name
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < cutoff:
                        path.unlink()
