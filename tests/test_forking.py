"""Work forked into a child process where that is safe, in a thread elsewhere: what it returns or raises
comes back the same."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import gone, running

from builder import processes
from builder.errors import ContentError, PubkitError
from builder.forking import Job, fork_is_safe


def test_the_work_runs_in_another_process_and_its_value_comes_back() -> None:
    job = Job(lambda: (os.getpid(), {"facts": [1, 2, 3]}), name="probe")
    pid, value = job.result()
    assert value == {"facts": [1, 2, 3]}
    if sys.platform == "linux" and fork_is_safe():
        assert pid != os.getpid()


def test_an_error_of_the_work_comes_back_with_its_file_line_and_hint() -> None:
    def fails() -> None:
        raise ContentError("the table has no caption", file="content/10-a.md", line=12, hint="add one")

    with pytest.raises(PubkitError) as raised:
        Job(fails, name="probe").result()
    assert raised.value.render() == "content/10-a.md:12: error: the table has no caption\n  hint: add one"


def test_an_error_that_cannot_travel_comes_back_as_a_bug_with_its_traceback() -> None:
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("no")

    def fails() -> None:
        raise Unpicklable("inside")

    if not fork_is_safe():
        pytest.skip("only a forked child sends its errors through a pipe")
    with pytest.raises(RuntimeError, match=r"the probe failed:(?s:.)*Unpicklable"):
        Job(fails, name="probe").result()


def test_with_another_thread_running_the_work_runs_in_a_thread() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        job = Job(os.getpid, name="probe")
        assert job._pid is None
        assert job.result() == os.getpid()
    finally:
        release.set()
        other.join()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks where Linux forks")
def test_a_cancelled_child_ends_the_helpers_it_started(tmp_path: Path) -> None:
    started = tmp_path / "started"
    marker = f"sleep 37.{os.getpid()}"

    def work() -> None:
        run = processes.Run(["sh", "-c", f"{marker}; true"])
        started.write_text("yes", encoding="ascii")
        run.result(timeout=60)

    if not fork_is_safe():
        pytest.skip("only a forked child has helpers of its own")
    job = Job(work, name="probe")
    deadline = time.monotonic() + 10
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert running(marker), "the helper did not start"
    job.cancel()
    assert gone(marker), "the child's helper is still running"
    assert job._pid is None
