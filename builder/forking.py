"""Work done in a helper process forked from pubkit, or in a thread where forking is not safe.

Forking skips starting a second Python, a tenth of a second, but is only safe
where the system forks cheaply (Linux) and before any other thread runs: a
thread could hold a lock that the child would inherit locked. A child has a
Python of its own, so its work runs beside the parent's on another core; a
thread shares the parent's Python, which runs one thread at a time, and only
fills the time the parent spends waiting.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from . import processes

GRACE = 2.0  # s: a child asked to stop has this long to end its own helpers before it is killed
_STOPS = {signal.SIGTERM, signal.SIGINT}
_children: dict[int, Job] = {}  # the forked jobs still running, by pid (``end_all`` stops them)


def fork_is_safe() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class Job:
    """``work()`` started now, in a forked child where that is safe, else in a thread; ``result()`` returns
    what it returned or raises what it raised (a child sends either back, pickled, through a pipe)."""

    def __init__(self, work: Callable[[], Any], *, name: str):
        self._pid: int | None = None
        self._pipe: int | None = None
        self._future: Future[Any] | None = None
        if fork_is_safe():
            self._fork(work)
        else:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pubkit-{name}")
            self._future = pool.submit(work)
            pool.shutdown(wait=False)
        self.name = name

    def _fork(self, work: Callable[[], Any]) -> None:
        read, write = os.pipe()
        # a stop asked for while forking waits until each side knows which it is: the child, stopped
        # before its own handler is set, would otherwise unwind through the parent's code
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        pid = os.fork()
        if pid == 0:  # the child: work, answer, and leave without running the parent's cleanup
            try:
                signal.signal(signal.SIGTERM, _interrupted)  # asked to stop: end its helpers on the way out
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                os.close(read)
                try:
                    answer: tuple[str, object] = ("value", work())
                except BaseException as exc:  # the parent raises it again, or reports the bug
                    answer = ("error", exc) if _picklable(exc) else ("bug", traceback.format_exc())
                with os.fdopen(write, "wb") as out:
                    out.write(pickle.dumps(answer))
            finally:
                try:  # a stop arriving now would unwind through the parent's code and print its message
                    signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
                    processes.end_all(for_good=True)
                finally:
                    os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, read
        _children[pid] = self
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def result(self) -> Any:
        if self._future is not None:
            return self._future.result()
        assert self._pipe is not None and self._pid is not None
        given, self._pipe = self._pipe, None  # closed by the reading, however it ends
        with os.fdopen(given, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self._pid, 0)
        _children.pop(self._pid, None)
        self._pid = None
        kind, value = pickle.loads(data) if data else ("bug", f"the {self.name} process ended without an answer")
        if kind == "value":
            return value
        if kind == "error":
            raise value  # type: ignore[misc]
        raise RuntimeError(f"the {self.name} failed:\n{value}")

    def cancel(self) -> None:
        """The work is no longer wanted: the child is asked to stop, which ends the helpers it started, and
        killed if it has not within ``GRACE`` seconds (a thread is left to finish on its own)."""
        if self._pid is not None:
            pid, self._pid = self._pid, None
            _children.pop(pid, None)
            try:
                os.kill(pid, signal.SIGTERM)
                deadline = time.monotonic() + GRACE
                while os.waitpid(pid, os.WNOHANG) == (0, 0):
                    if time.monotonic() > deadline:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                        break
                    time.sleep(0.01)
            except (ProcessLookupError, ChildProcessError):
                pass
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def end_all() -> None:
    """Every forked job still running is stopped: on the way out of pubkit, however it ends."""
    for job in list(_children.values()):
        job.cancel()


def _interrupted(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.dumps(exc)
    except Exception:
        return False
    return True
