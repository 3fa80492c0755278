"""A damaged build cache costs time, never a wrong output: every cache file is checked against its checksum
and made again when it does not match."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import copy_fixture, needs_soffice, run_pubkit
from pptx import Presentation

from builder import cachefile


def test_a_file_is_whole_only_with_its_checksum_and_as_written(tmp_path: Path) -> None:
    path = tmp_path / "entry.json"
    assert cachefile.store(path, b'{"blocks": [1, 2, 3]}')
    assert cachefile.load(path) == b'{"blocks": [1, 2, 3]}'
    path.write_bytes(b'{"blocks": []}')  # valid, but not what was kept
    assert cachefile.load(path) is None
    path.write_bytes(b"")
    assert not cachefile.whole(path)
    assert cachefile.store(path, b"again") and cachefile.whole(path)  # storing writes over the damage
    cachefile.companion(path).unlink()  # written by an older pubkit, or the checksum never got written
    assert not cachefile.whole(path)
    other = tmp_path / "drawn.png"
    other.write_bytes(b"\x89PNG made by another program")
    assert not cachefile.whole(other) and cachefile.seal(other) and cachefile.whole(other)


def test_a_cache_file_is_written_in_one_step_with_its_checksum(tmp_path: Path) -> None:
    assert cachefile.store(tmp_path / "cache" / "ast" / "key.json", b"{}")
    assert (tmp_path / "cache" / "ast" / "key.json").read_bytes() == b"{}"
    assert sorted(p.name for p in (tmp_path / "cache" / "ast").iterdir()) == ["key.json", "key.json.sum"]


def test_a_cache_that_cannot_be_written_is_only_skipped(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    assert not cachefile.store(tmp_path / "cache" / "key.json", b"{}")


def _text(project: Path) -> list[str]:
    return [p.text for p in docx.Document(str(project / "build" / "manuscript.docx")).paragraphs]


def _damage(folder: Path, pattern: str, how: str) -> int:
    damaged = 0
    for path in folder.rglob(pattern):
        if path.name.endswith(cachefile.SUFFIX):
            continue
        data = path.read_bytes()
        path.write_bytes({"empty": b"", "truncated": data[: len(data) // 2], "valid": b'{"blocks": []}'}[how])
        damaged += 1
    return damaged


@pytest.mark.parametrize(
    ("pattern", "how"),
    [
        ("templates/*.txt", "empty"),  # the legal page's licence and disclaimers
        ("ast/*.json", "valid"),  # chapters read back as empty
        ("citeproc/*.json", "truncated"),
        ("reference-*.docx", "truncated"),
        ("charts/*.png", "truncated"),
        ("docx-slices/*", "truncated"),
    ],
)
def test_a_damaged_cache_file_is_made_again_and_the_manuscript_is_as_before(
    tmp_path: Path, pattern: str, how: str
) -> None:
    project = copy_fixture("minimal", tmp_path)
    assert run_pubkit("build", "--project", str(project), "--only", "docx,pptx", "-q").code == 0
    before = _text(project)
    assert any("(CC-BY-SA 3.0 IGO) license" in t for t in before)  # the legal page's licence
    assert _damage(project / "build" / ".cache", pattern, how)
    again = run_pubkit("build", "--project", str(project), "--only", "docx,pptx", "-q")
    assert again.code == 0 and "Traceback" not in again.stderr, again.stderr
    assert _text(project) == before
    assert all(  # and what was made again is whole now
        cachefile.whole(p) for p in (project / "build" / ".cache").rglob(pattern) if not p.name.endswith(".sum")
    )


def test_a_damaged_slide_master_is_made_again(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    assert run_pubkit("build", "--project", str(project), "--only", "pptx", "-q").code == 0
    slides = len(Presentation(str(project / "build" / "slides.pptx")).slides)
    assert _damage(project / "build" / ".cache", "slides/master-*.pptx", "truncated")
    again = run_pubkit("build", "--project", str(project), "--only", "pptx", "-q")
    assert again.code == 0, again.stderr
    assert len(Presentation(str(project / "build" / "slides.pptx")).slides) == slides


@needs_soffice
def test_a_damaged_cached_pdf_is_rendered_again(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    assert run_pubkit("build", "--project", str(project), "--only", "docx,pdf", "-q").code == 0
    pdf = (project / "build" / "manuscript.pdf").read_bytes()
    assert _damage(project / "build" / ".cache", "pdf/*.pdf", "truncated")
    again = run_pubkit("build", "--project", str(project), "--only", "docx,pdf", "-q")
    assert again.code == 0, again.stderr
    rendered = (project / "build" / "manuscript.pdf").read_bytes()
    assert rendered.rstrip().endswith(b"%%EOF") and abs(len(rendered) - len(pdf)) < len(pdf) // 10
    assert zipfile.is_zipfile(project / "build" / "manuscript.docx")


def test_prune_keeps_what_this_build_used_and_what_is_recent(tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    used, old, recent = cache / "ast" / "used.json", cache / "ast" / "old.json", cache / "pdf" / "recent.pdf"
    profile = cache / "libreoffice-profile" / "user" / "registrymodifications.xcu"  # not a sealed cache file
    profile.parent.mkdir(parents=True)
    profile.write_text("<x/>", encoding="utf-8")
    for path in (used, old):
        assert cachefile.store(path, b"{}")
    assert cachefile.store(recent, b"%PDF-1.7\n%%EOF\n")
    a_week_ago = time.time() - 7 * 24 * 3600
    for path in (used, old, profile):
        os.utime(path, (a_week_ago, a_week_ago))
    cachefile._used.clear()
    assert cachefile.load(used) == b"{}"  # read by this build
    assert cachefile.prune(cache) == 1
    assert not old.exists() and not cachefile.companion(old).exists()
    assert cachefile.load(used) == b"{}" and cachefile.load(recent) is not None and profile.is_file()


def test_a_build_prunes_its_cache(minimal: Path) -> None:
    stale = minimal / "build" / ".cache" / "ast" / ("0" * 64 + ".json")
    assert cachefile.store(stale, b'{"blocks": []}')
    a_week_ago = time.time() - 7 * 24 * 3600
    os.utime(stale, (a_week_ago, a_week_ago))
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    assert not stale.exists()
    assert any((minimal / "build" / ".cache" / "ast").glob("*.json"))  # what the build used stays
