"""Writing the manuscript slice by slice: a rebuild writes again only what changed, and says the same."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import copy_fixture, needs_soffice, run_pubkit
from PIL import Image

from builder.pandoc_ast import Header, Para, Str
from builder.render import Office, find_soffice, page_texts
from builder.writers.docx_slices import slice_at_chapters


def slices(project: Path) -> dict[str, list]:
    """The slice index: slice key → [run file, first element, end]."""
    return json.loads((project / "build" / ".cache" / "docx-slices" / "manuscript-index.json").read_text())


def build(project: Path) -> docx.document.Document:
    result = run_pubkit("build", "--project", str(project), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    return docx.Document(str(project / "build" / "manuscript.docx"))


def pictures(path: Path) -> list[tuple[int, int, int]]:
    colours = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if n.startswith("word/media/")):
            with Image.open(io.BytesIO(package.read(name))) as picture:
                colours.append(picture.convert("RGB").getpixel((0, 0)))
    return colours


def test_slices_start_at_each_top_level_chapter_heading() -> None:
    blocks = [Para([Str("cover")]), Header(1, [Str("One")]), Para([Str("a")]), Header(2, [Str("sub")])]
    blocks += [Header(1, [Str("Two")])]
    assert [len(s) for s in slice_at_chapters(blocks)] == [1, 3, 1]
    assert slice_at_chapters([Header(1, [Str("Only")])]) == [[Header(1, [Str("Only")])]]


def test_a_rebuild_writes_again_only_the_chapter_that_changed(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    first = build(project)
    before = slices(project)
    assert len(before) >= 4  # front matter, chapters, references, annex
    assert len({run for run, _, _ in before.values()}) < len(before)  # a first build writes several slices per run

    chapter = project / "content" / "10-intro.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    second = build(project)
    after = slices(project)
    (new,) = after.keys() - before.keys()  # one slice written again, in a run of its own
    assert len(before.keys() - after.keys()) == 1
    assert after[new][1:] == [0, None] and after[new][0] not in {run for run, _, _ in before.values()}
    assert {k: v for k, v in after.items() if k != new} == {k: v for k, v in before.items() if k in after}
    texts = [p.text for p in second.paragraphs]
    assert "A sentence added later." in texts
    assert [t for t in texts if t != "A sentence added later."] == [p.text for p in first.paragraphs]


def test_a_replaced_picture_is_written_again_even_under_the_same_name(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    build(project)
    photo = project / "assets" / "photo.png"
    with Image.open(photo) as picture:
        size = picture.size
    Image.new("RGB", size, (10, 200, 30)).save(photo)
    build(project)
    assert (10, 200, 30) in pictures(project / "build" / "manuscript.docx")


def write_in_one_pass(project: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The manuscript as pandoc writes it in a single run (no slices)."""
    from builder.build import build as run_build
    from builder.writers import word

    monkeypatch.setattr(word, "slice_at_chapters", lambda blocks: [blocks])
    run_build(project, out, only={"docx"})
    monkeypatch.undo()
    return out / "manuscript.docx"


def test_the_stitched_manuscript_matches_one_written_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_fixture("minimal", tmp_path)
    stitched = build(project)
    whole = docx.Document(str(write_in_one_pass(project, tmp_path / "out", monkeypatch)))
    assert [p.text for p in stitched.paragraphs] == [p.text for p in whole.paragraphs]
    assert [p.style.name for p in stitched.paragraphs] == [p.style.name for p in whole.paragraphs]
    assert len(stitched.inline_shapes) == len(whole.inline_shapes)
    assert [len(t.rows) for t in stitched.tables] == [len(t.rows) for t in whole.tables]


@needs_soffice
def test_the_stitched_manuscript_renders_page_for_page_like_one_written_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_fixture("minimal", tmp_path)
    build(project)
    one_pass = write_in_one_pass(project, tmp_path / "out", monkeypatch)
    office = Office(find_soffice() or "soffice", tmp_path / "office")
    office.to_pdf(project / "build" / "manuscript.docx", tmp_path / "stitched.pdf")
    office.to_pdf(one_pass, tmp_path / "one-pass.pdf")
    stitched_pages = page_texts(tmp_path / "stitched.pdf")
    assert len(stitched_pages) > 5
    assert stitched_pages == page_texts(tmp_path / "one-pass.pdf")


def test_building_again_without_changes_writes_no_slice_again(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    build(project)  # cold: the chart is still being drawn while the slices are named
    folder = project / "build" / ".cache" / "docx-slices"
    written = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.docx")}
    build(project)
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.docx")} == written


def test_a_damaged_slice_cache_is_written_again_not_a_traceback(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    first = build(project)
    folder = project / "build" / ".cache" / "docx-slices"
    for run in folder.glob("manuscript-*.docx"):
        run.write_bytes(b"not a zip any more")
    second = build(project)  # the damaged slices are known by their checksums and written again
    assert [p.text for p in second.paragraphs] == [p.text for p in first.paragraphs]
    assert all(b"not a zip" not in run.read_bytes() for run in folder.glob("manuscript-*.docx"))
    assert slices(project)
    third = build(project)
    assert [p.text for p in third.paragraphs] == [p.text for p in first.paragraphs]
