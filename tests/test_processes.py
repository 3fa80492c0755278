"""Helper processes end with the command that started them, however it ends; a killed pubkit's leftovers
(helpers still running, scratch folders, half-written files) are cleared by the next one."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from conftest import gone, needs_soffice, run_pubkit, running

from builder import processes

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups as Linux has them")


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_timeout_ends_the_helper_and_what_it_started(tmp_path: Path) -> None:
    started = tmp_path / "grandchild.pid"
    script = tmp_path / "helper.sh"
    script.write_text(f"sleep 300 &\necho $! > {started}\nsleep 300\n", encoding="utf-8")
    with pytest.raises(subprocess.TimeoutExpired):
        processes.run(["sh", str(script)], timeout=1.0)
    grandchild = int(started.read_text(encoding="ascii"))
    assert _ended(grandchild), "what the helper started is still running"
    assert gone(f"sh {script}")


def _ended(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # ended, waiting to be reaped by init
            return True
        time.sleep(0.05)
    return False


def test_the_next_pubkit_ends_the_helpers_and_folders_a_killed_one_left(tmp_path: Path) -> None:
    orphan = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        records = processes.records()
        records.mkdir(mode=0o700, exist_ok=True)
        (records / str(orphan.pid)).write_text(f"{_dead_pid()} {processes._started(orphan.pid)}", encoding="ascii")
        stale = Path(tempfile.gettempdir()) / f"pubkit-render-{_dead_pid()}-test{uuid.uuid4().hex[:6]}"
        ours = Path(tempfile.mkdtemp(prefix=f"pubkit-render-{os.getpid()}-"))
        stale.mkdir()
        (stale / "document.docx").write_bytes(b"left behind")
        processes.sweep()
        orphan.wait(timeout=5)
        assert orphan.returncode == -signal.SIGKILL
        assert not (records / str(orphan.pid)).exists()
        assert not stale.exists() and ours.is_dir()  # a running pubkit's folder is left alone
        ours.rmdir()
    finally:
        if orphan.poll() is None:
            orphan.kill()
            orphan.wait()


def test_a_record_whose_pid_was_reused_kills_nothing(tmp_path: Path) -> None:
    bystander = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        records = processes.records()
        records.mkdir(mode=0o700, exist_ok=True)
        (records / str(bystander.pid)).write_text(f"{_dead_pid()} 12345", encoding="ascii")  # another start
        processes.sweep()
        time.sleep(0.2)
        assert bystander.poll() is None
        assert not (records / str(bystander.pid)).exists()
    finally:
        bystander.kill()
        bystander.wait()


def test_a_build_removes_the_half_written_files_of_a_killed_one(minimal: Path) -> None:
    out = minimal / "build"
    out.mkdir()
    old = out / ".manuscript.docx.k2j4.tmp.docx"
    fresh = out / ".brief.docx.a1b2.tmp.docx"
    for path in (old, fresh):
        path.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    assert not old.exists() and fresh.exists()  # a temporary file as young as a running build's stays


@needs_soffice
def test_sigterm_during_a_pdf_build_leaves_no_office_running_and_the_outputs_as_they_were(minimal: Path) -> None:
    first = run_pubkit("build", "--project", str(minimal), "--only", "docx,pdf", "-q")
    assert first.code == 0, first.stderr
    manuscript = minimal / "build" / "manuscript.docx"
    before = manuscript.read_bytes()
    (minimal / "content" / "10-intro.md").write_text(
        (minimal / "content" / "10-intro.md").read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    )
    profile = str((minimal / "build" / ".cache" / "libreoffice-profile").resolve())
    build = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--project", str(minimal), "--only", "docx,pdf", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.monotonic() + 60
    while not running(profile) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running(profile), "LibreOffice never started: the test did not interrupt a conversion"
    build.send_signal(signal.SIGTERM)
    _out, err = build.communicate(timeout=60)
    assert b"Traceback" not in err
    assert gone(profile, within=10), "LibreOffice is still running"
    if build.returncode != 0:  # stopped before publishing: the previous manuscript is untouched
        assert manuscript.read_bytes() == before


def test_a_helper_gets_megabytes_of_input_and_gives_back_all_it_writes() -> None:
    data = os.urandom(3_000_000)
    done = processes.run(["sh", "-c", "cat; echo said >&2"], input=data, timeout=30)
    assert done.returncode == 0
    assert done.stdout == data
    assert done.stderr == b"said\n"


def test_a_helper_started_ahead_is_waited_for_the_moment_it_ends() -> None:
    run = processes.Run(["sh", "-c", "sleep 0.3; echo done"])
    started = time.monotonic()
    done = run.result(timeout=10)
    waited = time.monotonic() - started
    assert done.stdout == b"done\n"
    assert waited < 5  # not the timeout: the wait ends with the helper
    assert not running("sleep 0.3; echo done")


def _descendants(root: int) -> set[int]:
    """Every process under ``root``, however deep (pandoc runs under the check's forked reader)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[1]
                )
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_sigterm_during_a_check_leaves_no_pandoc_and_no_reader_running(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 97}" for i in range(550_000))  # 4 MB: pandoc reads each chapter for seconds
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "publication.yaml").write_text(
        "type: case-study\ntitle: A long one\nauthors: [Ana Lima]\nyear: 2025\n", encoding="utf-8"
    )
    for number in (10, 20, 30):
        paragraphs = "\n\n".join(words[i : i + 600] for i in range(0, len(words), 600))
        chapter = f"---\ntitle: Part {number}\n---\n\n{paragraphs}\n"
        (tmp_path / "content" / f"{number}-long.md").write_text(chapter, encoding="utf-8")
    check = subprocess.Popen(
        [sys.executable, "-m", "builder", "check", "--project", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.monotonic() + 30
    under: set[int] = set()
    while check.poll() is None and time.monotonic() < deadline:
        under = _descendants(check.pid)
        if any(
            b"pandoc" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in under if Path(f"/proc/{pid}").exists()
        ):
            break
        time.sleep(0.01)
    assert check.poll() is None, "the check ended before pandoc was seen reading"
    stopped = time.monotonic()
    # Python raises the stop wherever the program is; in the rare place that drops it (a weak reference's
    # callback) it is lost, so the signal is sent again, as a user presses Ctrl+C again
    while check.poll() is None and time.monotonic() - stopped < 4:
        check.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            check.wait(timeout=1)
    _out, err = check.communicate(timeout=60)  # its output closes when every process that shares it has ended
    assert b"Traceback" not in err
    assert check.returncode in (130, -signal.SIGINT), err.decode()  # -SIGINT: stopped while on its way out
    assert time.monotonic() - stopped < 4, "the check's reader or pandoc went on reading after it was stopped"
    deadline = time.monotonic() + 2
    while [pid for pid in under if _alive_process(pid)] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not [pid for pid in under if _alive_process(pid)]


def _alive_process(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
