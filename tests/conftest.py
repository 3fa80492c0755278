"""Shared test helpers: copy a fixture project, build it through the real CLI, read outputs back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests' pubkit keeps its compiled patterns in a folder of the test run, not in the user's."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_pubkit(*args: str, cwd: Path | None = None, timeout: int = 300) -> Run:
    """Run the real command line (``python -m builder``), as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "builder", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def copy_fixture(name: str, target: Path) -> Path:
    destination = target / name
    shutil.copytree(FIXTURES / name, destination, ignore=shutil.ignore_patterns("build"))
    return destination


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project, safe to modify."""
    return copy_fixture("minimal", tmp_path)


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture built once per test session (all outputs except PDFs); returns the out dir."""
    project = copy_fixture("minimal", tmp_path_factory.mktemp("built"))
    result = run_pubkit("build", "--project", str(project), "--only", "docx,pptx,brief,permissions", "-q")
    assert result.code == 0, result.stderr
    return project / "build"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def soffice_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) is not installed")


def offices_on(profile: Path) -> list[int]:
    """Processes of LibreOffice (or of the stand-in) started on this profile, read from /proc."""
    uri = profile.resolve().as_uri().encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and uri in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample publication built once with every output, PDFs included."""
    if not soffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("sample-build")
    result = run_pubkit("build", "--out", str(out), "-q", timeout=600)
    assert result.code == 0, result.stderr
    return out


def running(marker: str) -> list[int]:
    """Pids of processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if marker in command and str(os.getpid()) != entry.name:
                found.append(int(entry.name))
    return found


def gone(marker: str, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not running(marker):
            return True
        time.sleep(0.05)
    return False
