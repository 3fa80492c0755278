"""The helper processes a command starts (pandoc, LibreOffice), and what they may leave behind.

Each helper runs in a process group of its own, so that stopping it stops what it
started too (``soffice`` runs ``soffice.bin``); a timeout, an error or an
interruption ends the whole group. Every live group is written down in a small
record under the temporary folder, with the pid of the pubkit that started it:
a pubkit killed outright (``kill -9``) cannot clean up, so the next pubkit ends
the groups and removes the scratch folders (``pubkit-office-*``,
``pubkit-render-*``, ``pubkit-read-*``) of any pubkit that is no longer running.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

KILL = getattr(signal, "SIGKILL", signal.SIGTERM)
SCRATCH = re.compile(r"^pubkit-(?:office|render|read)-(?P<owner>\d+)-")
_live: dict[int, subprocess.Popen[bytes]] = {}
_lock = threading.Lock()
_starting = 0  # helpers being started at this moment (``end_all(for_good=True)`` waits for them)
_stopping = False  # set for good by ``end_all(for_good=True)``: nothing more starts
if hasattr(os, "register_at_fork"):  # a forked child owns none of its parent's helpers: it ends only its own
    os.register_at_fork(after_in_child=_live.clear)


def records() -> Path:
    return Path(tempfile.gettempdir()) / f"pubkit-helpers-{os.getuid() if hasattr(os, 'getuid') else 0}"


def scratch_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A scratch folder named for this pubkit ("pubkit-render-1234-..."), so a later one can tell it is stale."""
    return tempfile.TemporaryDirectory(prefix=f"pubkit-{kind}-{os.getpid()}-")


def start(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen`` in a process group of its own, recorded until it is ended or has ended."""
    global _starting
    with _lock:
        if _stopping:
            raise OSError(errno.ECANCELED, "pubkit is stopping, and starts nothing more")
        _starting += 1
    try:
        process = subprocess.Popen(command, start_new_session=True, **options)
        with _lock:
            _live[process.pid] = process
    finally:
        with _lock:
            _starting -= 1
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


class Run:
    """A helper started now, reading its input from a file and writing to files; ``result`` waits for it.

    Files, not pipes: a pipe is fed and drained by this process half a kilobyte at a time, each time after
    taking Python's lock, and while another thread holds it (the check runs its rules as pandoc reads)
    the helper waits, idle, at every step. Started apart from being waited for, many helpers can be set
    going at once from one thread.
    """

    def __init__(self, command: list[str], *, input: bytes | None = None, **options: Any):
        self.command = command
        self._files = contextlib.ExitStack()
        given, out, said = (self._files.enter_context(tempfile.TemporaryFile()) for _ in range(3))  # noqa: SIM115
        self._output = out, said
        try:
            if input:
                given.write(input)
                given.seek(0)
            self.process = start(command, stdin=given, stdout=out, stderr=said, **options)
        except BaseException:
            self._close()
            raise

    def result(self, timeout: float) -> subprocess.CompletedProcess[bytes]:
        """What the helper wrote, once it has ended; after ``timeout`` seconds it is ended (TimeoutExpired).
        A timeout, an error or an interruption ends the helper's whole group, not only the helper."""
        out, said = self._output
        try:
            try:
                _wait(self.process, timeout)
            except BaseException:
                end(self.process)
                raise
            if hasattr(os, "killpg"):  # anything it left running in its group goes with it
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.process.pid, KILL)
            forget(self.process)
            out.seek(0)
            said.seek(0)
            return subprocess.CompletedProcess(self.command, self.process.returncode, out.read(), said.read())
        finally:
            self._close()

    def _close(self) -> None:
        self._files.close()


def run(
    command: list[str], *, input: bytes | None = None, timeout: float, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    """Like ``subprocess.run(capture_output=True)``, with ``Run``'s files and its way of ending."""
    return Run(command, input=input, **options).result(timeout)


def _wait(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for the helper to end, at most ``timeout`` seconds (then TimeoutExpired). On Linux the wait
    sleeps on the process itself and wakes the moment it ends; ``Popen.wait`` with a timeout wakes now and
    then to look, each time after taking Python's lock, which a busy thread may hold for milliseconds."""
    try:
        handle = os.pidfd_open(process.pid)
    except (AttributeError, OSError):
        process.wait(timeout=timeout)
        return
    try:
        ready, _, _ = select.select([handle], [], [], timeout)
    finally:
        os.close(handle)
    if not ready:
        raise subprocess.TimeoutExpired(process.args, timeout)
    process.wait()


def end_all(*, for_good: bool = False) -> None:
    """Every helper this pubkit started and that still runs: on the way out, whatever the way. ``for_good``
    (a forked child about to leave): nothing more may start, and a helper another thread is starting at
    this moment is waited for, so that it is ended too rather than left behind."""
    global _stopping
    deadline = time.monotonic() + 1.0
    while True:
        with _lock:
            _stopping = _stopping or for_good
            if not for_good or _starting == 0 or time.monotonic() > deadline:
                running = list(_live.values())
                break
        time.sleep(0.005)
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
