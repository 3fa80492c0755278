"""A build's house-style check, run alongside parsing and writing.

The check is pure Python while the rest of a build mostly waits for pandoc, so
where forking is safe (``builder.forking``), the check runs in a child process,
on another core, and sends its findings back through a pipe. Elsewhere it runs
in a thread, which still fills the time the build spends waiting for pandoc.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..bibliography import Bibliography
from ..forking import Job
from ..project import Project
from .findings import Finding
from .run import run_checks


class CheckJob:
    """``run_checks`` started now; ``result()`` returns its findings or raises its error."""

    def __init__(self, project: Project, bibliography: Bibliography, cache_dir: Path, *, strict: bool = False):
        # The build parses the chapters meanwhile: the check reads them from the cache after its prose rules.
        check = functools.partial(
            run_checks, project, bibliography, strict=strict, cache_dir=cache_dir, read_first=False
        )
        self._job = Job(check, name="house-style check")

    def result(self) -> list[Finding]:
        return self._job.result()

    def cancel(self) -> None:
        """The build stopped early: end the child process (a thread is left to finish on its own)."""
        self._job.cancel()
