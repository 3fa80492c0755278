"""pubkit watch: one line per rebuild, errors reported without stopping, outputs kept."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT


def _wait_for_lines(process: subprocess.Popen, count: int, lines: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            lines.append(line.rstrip("\n"))
    assert len(lines) >= count, lines


def test_watch_rebuilds_on_save_and_survives_an_error(minimal: Path) -> None:
    (minimal / "build").mkdir()
    (minimal / "build" / "manuscript.pdf").write_bytes(b"%PDF-1.4 from an earlier build")
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "watch", "--project", str(minimal), "--only", "docx"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        _wait_for_lines(process, 1, lines)
        assert "rebuilt in" in lines[0] and "0 errors" in lines[0]
        first = (minimal / "build" / "manuscript.docx").stat().st_mtime_ns
        time.sleep(1.0)  # let the watcher settle before the first save
        chapter = minimal / "content" / "10-intro.md"
        chapter.write_text(chapter.read_text() + "\nVietnam has joined the study.\n")
        _wait_for_lines(process, 2, lines)
        assert "rebuilt in" in lines[1] and "1 error," in lines[1]
        assert "content/10-intro.md:" in lines[1] and "Viet Nam" in lines[1] and "[country-name]" in lines[1]
        assert (minimal / "build" / "manuscript.docx").stat().st_mtime_ns > first
        chapter.write_text(chapter.read_text().replace("assets/data/uptake.csv", "assets/data/nothing.csv"))
        _wait_for_lines(process, 3, lines)
        assert "build failed" in lines[2] and "content/10-intro.md:10" in lines[2]
        assert (minimal / "build" / "manuscript.docx").is_file()
        rules = minimal / "templates" / "rules"  # a folder made while watching is watched too
        rules.mkdir(parents=True)
        time.sleep(0.5)
        (rules / "country-name.yml").write_text("extends: existence\nmessage: none\nlevel: warning\ntokens: [zzz]\n")
        _wait_for_lines(process, 4, lines)
        assert "build failed" in lines[3]  # rebuilt on the new rule file (the image is still missing)
    finally:
        process.terminate()
        _out, errors = process.communicate(timeout=20)  # also closes the pipes
    assert "manuscript.pdf not rendered again while watching" in errors
