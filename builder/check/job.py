"""A build's house-style check, run alongside parsing and writing.

The check is pure Python while the rest of a build mostly waits for pandoc, so
where forking is safe (``builder.forking``), the check runs in a child process, on another core, and sends its findings
back through a pipe. Elsewhere it runs in a thread, which still fills the time
the build spends waiting for pandoc.
"""

from __future__ import annotations

import functools
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..bibliography import Bibliography
from ..forking import fork_is_safe
from ..project import Project
from . import run_checks
from .findings import Finding


class CheckJob:
    """``run_checks`` started now; ``result()`` returns its findings or raises its error."""

    def __init__(self, project: Project, bibliography: Bibliography, cache_dir: Path, *, strict: bool = False):
        self._pid: int | None = None
        self._pipe: int | None = None
        self._future: Future[list[Finding]] | None = None
        # The build parses the chapters meanwhile: the check reads them from the cache after its prose rules.
        check = functools.partial(
            run_checks, project, bibliography, strict=strict, cache_dir=cache_dir, read_first=False
        )
        if fork_is_safe():
            self._fork(check)
        else:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pubkit-check")
            self._future = pool.submit(check)
            pool.shutdown(wait=False)

    def _fork(self, check: Callable[[], list[Finding]]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: check, answer, and leave without running the parent's cleanup
            try:
                os.close(read)
                try:
                    answer: tuple[str, object] = ("findings", check())
                except BaseException as exc:  # the parent raises it again, or reports the bug
                    answer = ("error", exc) if _picklable(exc) else ("bug", traceback.format_exc())
                with os.fdopen(write, "wb") as out:
                    out.write(pickle.dumps(answer))
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> list[Finding]:
        if self._future is not None:
            return self._future.result()
        assert self._pipe is not None and self._pid is not None
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        self._pipe = None
        os.waitpid(self._pid, 0)
        self._pid = None
        kind, value = pickle.loads(data) if data else ("bug", "the check process ended without an answer")
        if kind == "findings":
            return value  # type: ignore[return-value]
        if kind == "error":
            raise value  # type: ignore[misc]
        raise RuntimeError(f"the house-style check failed:\n{value}")

    def cancel(self) -> None:
        """The build stopped early: end the child process (a thread is left to finish on its own)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = None
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.dumps(exc)
    except Exception:
        return False
    return True
