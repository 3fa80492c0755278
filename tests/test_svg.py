"""SVG figures reach the manuscript as drawings only (nothing that reads files or the network), and the PDF
shows them."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import needs_soffice, run_pubkit, write

from builder.svg import can_rasterize, cleaned_svg

HOSTILE = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="150">
  <script>alert(1)</script>
  <rect width="300" height="150" fill="#d62728" onclick="steal()"/>
  <text x="10" y="80">&secret;Kept text</text>
  <image xlink:href="http://x.test/tracker.png" width="1" height="1"/>
  <use href="#dot"/><circle id="dot" r="4" cx="20" cy="20"/>
</svg>
"""
FIGURE = (
    '\n![A red block](assets/drawing.svg){#fig:drawing source="author" alt="A red rectangle"}\n\n'
    "As @fig:drawing shows.\n"
)


def test_the_copy_keeps_the_drawing_and_drops_what_reads_elsewhere(tmp_path: Path) -> None:
    source = tmp_path / "drawing.svg"
    source.write_text(HOSTILE, encoding="utf-8")
    cleaned = cleaned_svg(source, tmp_path / "cache").read_text(encoding="utf-8")
    for gone in ("DOCTYPE", "ENTITY", "etc/hostname", "<script", "onclick", "x.test", "&secret;"):
        assert gone not in cleaned, gone
    for kept in ('fill="#d62728"', "Kept text", 'href="#dot"', 'id="dot"'):
        assert kept in cleaned, kept
    assert source.read_text(encoding="utf-8") == HOSTILE  # the author's file is not changed


def test_the_manuscript_holds_the_cleaned_drawing(minimal: Path) -> None:
    write(minimal / "assets" / "drawing.svg", HOSTILE)
    chapter = minimal / "content" / "20-impacts.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + FIGURE, encoding="utf-8")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    with zipfile.ZipFile(minimal / "build" / "manuscript.docx") as package:
        drawings = [package.read(n) for n in package.namelist() if n.startswith("word/media/") and n.endswith(".svg")]
    assert drawings and all(b"ENTITY" not in d and b"<script" not in d for d in drawings)
    assert all(b"Kept text" in d for d in drawings)


@needs_soffice
@pytest.mark.skipif(not can_rasterize(), reason="rsvg-convert is not installed")
@pytest.mark.parametrize("outside", [False, True], ids=["build-folder", "out-elsewhere"])
def test_the_pdf_shows_the_drawing(minimal: Path, tmp_path: Path, outside: bool) -> None:
    from PIL import Image

    write(minimal / "assets" / "drawing.svg", HOSTILE)
    chapter = minimal / "content" / "20-impacts.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + FIGURE, encoding="utf-8")
    out = tmp_path / "elsewhere" if outside else minimal / "build"
    result = run_pubkit("build", "--project", str(minimal), "--out", str(out), "--only", "docx,pdf", "-q", timeout=300)
    assert result.code == 0, result.stderr
    pages = tmp_path / "pages"
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(out / "manuscript.pdf"), str(pages)], check=True)
    red = 0
    for page in sorted(tmp_path.glob("pages-*.png")):
        with Image.open(page) as picture:
            data = picture.convert("RGB").tobytes()
            red += sum(1 for i in range(0, len(data), 3) if data[i] > 190 and data[i + 1] < 80 and data[i + 2] < 80)
    assert red > 200, "the drawing is blank in the PDF"
