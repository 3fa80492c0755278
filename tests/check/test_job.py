"""The build's check runs alongside the rest (a forked process on Linux, a thread elsewhere): same findings,
same errors."""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path

import pytest
from conftest import copy_fixture, write

from builder.bibliography import load_bibliography
from builder.check.job import CheckJob
from builder.check.run import run_checks
from builder.errors import ContentError, PubkitError
from builder.project import load_project


@pytest.fixture
def planted(tmp_path: Path):
    project = load_project(copy_fixture("check-planted", tmp_path))
    return project, load_bibliography(project)


def test_the_job_finds_what_the_check_finds(planted) -> None:
    project, bibliography = planted
    expected = run_checks(project, bibliography)
    assert expected  # the fixture has planted problems
    job = CheckJob(project, bibliography, project.root / "build" / ".cache")
    if sys.platform == "linux" and threading.active_count() == 1:
        assert job._job._pid is not None  # really in another process
    assert job.result() == expected


def test_with_a_thread_running_the_job_runs_in_a_thread_and_finds_the_same(planted) -> None:
    project, bibliography = planted
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        job = CheckJob(project, bibliography, project.root / "build" / ".cache")
        assert job._job._pid is None  # no fork while another thread runs
        assert job.result() == run_checks(project, bibliography)
    finally:
        release.set()
        other.join()


def test_an_error_in_the_check_comes_back_with_its_file_and_hint(planted) -> None:
    project, bibliography = planted
    write(project.root / "templates" / "rules" / "broken.yml", "rule: [unclosed\n")
    project = load_project(project.root)
    with pytest.raises(PubkitError) as raised:
        CheckJob(project, bibliography, project.root / "build" / ".cache").result()
    assert "templates/rules/broken.yml" in raised.value.render()


def test_a_cancelled_job_leaves_no_process_behind(planted) -> None:
    project, bibliography = planted
    job = CheckJob(project, bibliography, project.root / "build" / ".cache")
    pid = job._job._pid
    job.cancel()
    if pid is not None:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)


def test_errors_survive_pickling_with_every_problem() -> None:
    error = ContentError("bad thing", file="content/10-a.md", line=4, hint="fix it")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ContentError
    assert again.render() == error.render() == "content/10-a.md:4: error: bad thing\n  hint: fix it"
