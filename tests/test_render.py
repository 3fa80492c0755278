"""Rendering through LibreOffice: a document already rendered is not rendered again; a spare office started
ahead takes the conversion and leaves nothing running."""

from __future__ import annotations

import shutil
import stat
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import needs_soffice, offices_on

from builder.render import Office, content_key, find_soffice, normalize, page_count, page_texts

WRITE_SIZE_AS_PDF = """for last; do :; done
while [ $# -gt 0 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; fi
  shift
done
printf '%%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 50]/Contents 4 0 R>>endobj\\n\
4 0 obj<</Length 30>>stream\\nBT 10 20 Td (%010d) Tj ET\\nendstream endobj\\nxref\\n0 5\\n0000000000 65535 f \\n\
0000000009 00000 n \\n0000000052 00000 n \\n0000000101 00000 n \\n0000000178 00000 n \\n\
trailer<</Size 5/Root 1 0 R>>\\nstartxref\\n254\\n%%%%EOF\\n' "$(wc -c < "$last")" > "$out/document.pdf"
"""
FAKE_SOFFICE = (
    """#!/bin/sh
# Stands in for LibreOffice: counts its runs and writes a one-page PDF holding the input's size.
echo run >> "$(dirname "$0")/runs.log"
"""
    + WRITE_SIZE_AS_PDF
)


def package(path: Path, body: str, created: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", body)
        archive.writestr("docProps/core.xml", f"<created>{created}</created>")
    return path


def fake_office(tmp_path: Path, script: str = FAKE_SOFFICE) -> tuple[Office, Path]:
    """An Office running the stand-in ``script`` as LibreOffice; and the log its conversions are counted in."""
    binary = tmp_path / "bin" / "soffice"
    binary.parent.mkdir()
    binary.write_text(script)
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


BROKEN_SPARE_SOFFICE = (
    """#!/bin/sh
# Started as a spare, idles; asked to convert while that spare runs, fails (as a hung or broken office would).
here="$(dirname "$0")"
case " $* " in *" --nodefault "*) echo $$ > "$here/spare.pid"; exec sleep 30 ;; esac
echo run >> "$here/runs.log"
if kill -0 "$(cat "$here/spare.pid")" 2> /dev/null; then echo "office not responding" >&2; exit 1; fi
"""
    + WRITE_SIZE_AS_PDF
)


def wait_until(condition: Callable[[], object], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def word_file(path: Path, text: str) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def real_office(tmp_path: Path, *, keep_warm: bool = False) -> Office:
    """LibreOffice as a build finds it, on a profile of the test's own."""
    binary = find_soffice()
    assert binary is not None
    return Office(binary, tmp_path / "cache", keep_warm=keep_warm)


linux_only = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")


@needs_soffice
@linux_only
def test_a_conversion_is_handed_to_the_spare_office_which_then_ends(tmp_path: Path) -> None:
    office = real_office(tmp_path)
    try:
        office.start_spare()
        assert wait_until(lambda: offices_on(office.profile))  # starting while the build parses
        office.to_pdf(word_file(tmp_path / "a.docx", "Handed to the spare office"), tmp_path / "a.pdf")
        assert "Handed to the spare office" in page_texts(tmp_path / "a.pdf")[0]
        assert offices_on(office.profile) == []  # the spare ended with its conversion: nothing left running
    finally:
        office.close()


@needs_soffice
@linux_only
def test_kept_warm_each_conversion_finds_an_office_and_close_stops_the_last(tmp_path: Path) -> None:
    office = real_office(tmp_path, keep_warm=True)
    try:
        office.start_spare()
        for name in ("a", "b"):
            office.to_pdf(word_file(tmp_path / f"{name}.docx", f"Document {name}"), tmp_path / f"{name}.pdf")
            assert f"Document {name}" in page_texts(tmp_path / f"{name}.pdf")[0]
            assert wait_until(lambda: offices_on(office.profile))  # the next spare is starting
    finally:
        office.close()
    assert offices_on(office.profile) == []  # the office itself, not only its launcher, is stopped


@linux_only
def test_a_broken_spare_is_stopped_and_the_document_converted_by_an_office_of_its_own(tmp_path: Path) -> None:
    office, log = fake_office(tmp_path, BROKEN_SPARE_SOFFICE)
    try:
        office.start_spare()
        wait_until((log.parent / "spare.pid").exists)  # the stand-in spare says it runs
        office.to_pdf(package(tmp_path / "a.docx", "<body>x</body>", "1"), tmp_path / "a.pdf")
        assert runs(log) == 2  # handed to the spare and refused, then converted alone
        assert page_count(tmp_path / "a.pdf") == 1
    finally:
        office.close()


def test_matching_text_ignores_hyphens_an_extractor_may_join_at_line_ends() -> None:
    assert normalize("Definition and role of micro-\ncredentials") == normalize(
        "Definition and role of microcredentials"
    )
    assert normalize("“Quoted” – 2019‑2023") == normalize('"Quoted" 20192023')


@needs_soffice
def test_page_texts_read_with_or_without_poppler_agree_on_pages_and_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = real_office(tmp_path)
    try:
        from docx import Document

        document = Document()
        for number in range(1, 4):
            document.add_heading(f"Part {number} on micro-credentials", level=1)
            document.add_paragraph("Staff learning counts. " * 40)
            document.add_page_break()
        document.save(str(tmp_path / "parts.docx"))
        office.to_pdf(tmp_path / "parts.docx", tmp_path / "parts.pdf")
    finally:
        office.close()
    first = page_texts(tmp_path / "parts.pdf")
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no pdftotext: pypdf reads the pages
    second = page_texts(tmp_path / "parts.pdf")
    assert len(first) == len(second) == page_count(tmp_path / "parts.pdf") >= 3
    for one, other in zip(first, second, strict=True):
        assert normalize(one).split() == normalize(other).split()
