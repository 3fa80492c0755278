"""The helper processes a command starts (pandoc, LibreOffice), and what they may leave behind.

Each helper runs in a process group of its own, so that stopping it stops what it
started too (``soffice`` runs ``soffice.bin``); a timeout, an error or an
interruption ends the whole group. Every live group is written down in a small
record under the temporary folder, with the pid of the pubkit that started it:
a pubkit killed outright (``kill -9``) cannot clean up, so the next pubkit ends
the groups and removes the scratch folders (``pubkit-office-*``,
``pubkit-render-*``) of any pubkit that is no longer running.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

KILL = getattr(signal, "SIGKILL", signal.SIGTERM)
SCRATCH = re.compile(r"^pubkit-(?:office|render)-(?P<owner>\d+)-")
_live: dict[int, subprocess.Popen[bytes]] = {}
_lock = threading.Lock()


def records() -> Path:
    return Path(tempfile.gettempdir()) / f"pubkit-helpers-{os.getuid() if hasattr(os, 'getuid') else 0}"


def scratch_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A scratch folder named for this pubkit ("pubkit-render-1234-..."), so a later one can tell it is stale."""
    return tempfile.TemporaryDirectory(prefix=f"pubkit-{kind}-{os.getpid()}-")


def start(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen`` in a process group of its own, recorded until it is ended or has ended."""
    process = subprocess.Popen(command, start_new_session=True, **options)
    with _lock:
        _live[process.pid] = process
    _write_record(process.pid)
    return process


def end(process: subprocess.Popen[bytes]) -> None:
    """Stop the process and everything in its group, and wait for it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if hasattr(os, "killpg"):
                os.killpg(process.pid, KILL)
            else:
                process.kill()
    with contextlib.suppress(Exception):
        process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    forget(process)


def forget(process: subprocess.Popen[bytes]) -> None:
    """The process has ended (and its group with it, or on its own): no record is kept."""
    with _lock:
        _live.pop(process.pid, None)
    with contextlib.suppress(OSError):
        (records() / str(process.pid)).unlink()


def run(
    command: list[str], *, input: bytes | None = None, timeout: float, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    """Like ``subprocess.run(capture_output=True)``, but a timeout, an error or an interruption ends the
    helper's whole group instead of leaving part of it running."""
    process = start(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)
    try:
        stdout, stderr = process.communicate(input, timeout=timeout)
    except BaseException:
        end(process)
        raise
    if hasattr(os, "killpg"):  # anything it left running in its group goes with it
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, KILL)
    forget(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def end_all() -> None:
    """Every helper this pubkit started and that still runs: on the way out, whatever the way."""
    with _lock:
        running = list(_live.values())
    for process in running:
        end(process)


def sweep() -> None:
    """End the helpers of pubkits that are no longer running, and remove their scratch folders."""
    folder = records()
    with contextlib.suppress(OSError):
        for record in folder.iterdir():
            _sweep_record(record)
    with contextlib.suppress(OSError):
        for entry in Path(tempfile.gettempdir()).iterdir():
            found = SCRATCH.match(entry.name)
            if found and entry.is_dir() and not _alive(int(found["owner"])):
                shutil.rmtree(entry, ignore_errors=True)


def _write_record(pid: int) -> None:
    folder = records()
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, exist_ok=True)
        (folder / str(pid)).write_text(f"{os.getpid()} {_started(pid)}", encoding="ascii")


def _sweep_record(record: Path) -> None:
    try:
        owner, started = record.read_text(encoding="ascii").split()
        group = int(record.name)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            record.unlink()
        return
    if _alive(int(owner)):
        return
    if _started(group) == started and started != "?" and hasattr(os, "killpg"):  # the same process, not a new one
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, KILL)
    with contextlib.suppress(OSError):
        record.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _started(pid: int) -> str:
    """When the process started, in clock ticks since boot (Linux), so a reused pid is not mistaken for it."""
    if not sys.platform.startswith("linux"):
        return "?"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return "gone"
    return stat.rsplit(")", 1)[1].split()[19]
