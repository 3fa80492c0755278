"""Rendering through LibreOffice: a document already rendered is not rendered again."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from builder.render import Office, content_key

FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: counts its runs and writes a "PDF" holding the input's size.
echo run >> "$(dirname "$0")/runs.log"
for last; do :; done
while [ $# -gt 0 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; fi
  shift
done
wc -c < "$last" > "$out/document.pdf"
"""


def package(path: Path, body: str, created: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", body)
        archive.writestr("docProps/core.xml", f"<created>{created}</created>")
    return path


def fake_office(tmp_path: Path) -> tuple[Office, Path]:
    binary = tmp_path / "bin" / "soffice"
    binary.parent.mkdir()
    binary.write_text(FAKE_SOFFICE)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return Office(str(binary), tmp_path / "cache"), binary.parent / "runs.log"


def runs(log: Path) -> int:
    return len(log.read_text().split()) if log.exists() else 0


def test_the_key_is_what_the_document_shows_not_when_it_was_written(tmp_path: Path) -> None:
    first = content_key(package(tmp_path / "a.docx", "<body>same</body>", "2026-01-01"))
    assert content_key(package(tmp_path / "b.docx", "<body>same</body>", "2026-11-23")) == first
    assert content_key(package(tmp_path / "c.docx", "<body>changed</body>", "2026-01-01")) != first


def test_a_document_rendered_before_is_copied_from_the_cache(tmp_path: Path) -> None:
    office, log = fake_office(tmp_path)
    office.to_pdf(package(tmp_path / "a.docx", "<body>same</body>", "1"), tmp_path / "a.pdf")
    office.to_pdf(package(tmp_path / "b.docx", "<body>same</body>", "2"), tmp_path / "b.pdf")
    assert runs(log) == 1
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()

    office.to_pdf(package(tmp_path / "c.docx", "<body>changed</body>", "3"), tmp_path / "c.pdf")
    assert runs(log) == 2
