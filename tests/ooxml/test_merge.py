"""Stitching pandoc's packages: the stitched file reads as one document, every id still unique."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from lxml import etree
from PIL import Image

from builder.ooxml.merge import NS, CannotMerge, Piece, body_elements, stitch
from builder.pandoc import pandoc_path

SLICES = [
    "Before the first chapter: a note[^a] and a [link](https://example.org/a).\n\n"
    "[^a]: The first note, with [its own link](https://example.org/in-note).\n",
    "# One {#one}\n\nA picture:\n\n![Red](red.png)\n\n1. first\n2. second\n\n- bullet\n- bullet\n\n"
    "Text with a note[^b].\n\n[^b]: Second note.\n",
    "# Two {#two}\n\nAnother picture:\n\n![Blue](blue.png)\n\n1. again one\n2. again two\n\n"
    "See [one](#one) and a note[^c] with a [link](https://example.org/c).\n\n[^c]: Third note.\n",
]


def pandoc_docx(markdown: str, folder: Path) -> bytes:
    import subprocess

    out = folder / "slice.docx"
    subprocess.run([pandoc_path(), "-f", "markdown", "-o", str(out)], input=markdown.encode(), cwd=folder, check=True)
    return out.read_bytes()


def merge_packages(packages: list[bytes], skeleton: bytes) -> bytes:
    """Whole packages' bodies one after another."""
    return stitch(
        skeleton, {str(i): data for i, data in enumerate(packages)}, [Piece(str(i)) for i in range(len(packages))]
    )


@pytest.fixture
def stitched(tmp_path: Path) -> bytes:
    Image.new("RGB", (40, 20), (200, 0, 0)).save(tmp_path / "red.png")
    Image.new("RGB", (40, 20), (0, 0, 200)).save(tmp_path / "blue.png")
    return merge_packages([pandoc_docx(text, tmp_path) for text in SLICES], pandoc_docx("", tmp_path))


def xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name))


def test_the_stitched_file_reads_as_one_document_in_order(stitched: bytes) -> None:
    docx = open_docx(io.BytesIO(stitched))
    texts = [p.text for p in docx.paragraphs if p.text.strip()]
    assert texts[0].startswith("Before the first chapter")
    assert texts.index("One") < texts.index("first") < texts.index("Two") < texts.index("again one")
    assert len(docx.inline_shapes) == 2


def test_pictures_keep_their_own_image_and_links_their_own_target(stitched: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(stitched))
    rels = {r.get("Id"): r for r in xml(package, "word/_rels/document.xml.rels")}
    document = xml(package, "word/document.xml")
    embeds = [b.get(f"{{{NS['r']}}}embed") for b in document.iterfind(".//a:blip", {"a": A})]
    colours = []
    for embed in embeds:
        target = rels[embed].get("Target")
        with Image.open(io.BytesIO(package.read(f"word/{target}"))) as picture:
            colours.append(picture.convert("RGB").getpixel((1, 1)))
    assert colours == [(200, 0, 0), (0, 0, 200)]
    links = [rels[h.get(f"{{{NS['r']}}}id")].get("Target") for h in document.iterfind(".//w:hyperlink[@r:id]", NS)]
    assert links == ["https://example.org/a", "https://example.org/c"]
    types = package.read("[Content_Types].xml").decode()
    for embed in embeds:
        assert f'PartName="/word/{rels[embed].get("Target")}"' in types


def test_footnotes_are_renumbered_and_keep_their_links(stitched: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(stitched))
    document = xml(package, "word/document.xml")
    notes = xml(package, "word/footnotes.xml")
    by_id = {n.get(f"{{{NS['w']}}}id"): "".join(n.itertext()) for n in notes.iterfind("w:footnote", NS)}
    referenced = [r.get(f"{{{NS['w']}}}id") for r in document.iterfind(".//w:footnoteReference", NS)]
    assert len(set(referenced)) == 3
    assert [
        "first note" in by_id[referenced[0]],
        "Second" in by_id[referenced[1]],
        "Third" in by_id[referenced[2]],
    ] == [
        True,
        True,
        True,
    ]
    note_rels = {r.get("Id"): r.get("Target") for r in xml(package, "word/_rels/footnotes.xml.rels")}
    link = notes.find(".//w:hyperlink[@r:id]", NS)
    assert note_rels[link.get(f"{{{NS['r']}}}id")] == "https://example.org/in-note"


def test_ids_stay_unique_and_each_numbered_list_starts_again(stitched: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(stitched))
    document = xml(package, "word/document.xml")
    for path, attribute in ((".//wp:docPr", "id"), (".//w:bookmarkStart", f"{{{NS['w']}}}id")):
        values = [e.get(attribute) for e in document.iterfind(path, NS)]
        assert len(values) == len(set(values)), path
    numbering = xml(package, "word/numbering.xml")
    nums = {n.get(f"{{{NS['w']}}}numId"): n for n in numbering.iterfind("w:num", NS)}
    assert len(nums) == len(numbering.findall("w:num", NS))
    used = [n.get(f"{{{NS['w']}}}val") for n in document.iterfind(".//w:numPr/w:numId", NS)]
    assert set(used) <= set(nums)
    docx = open_docx(io.BytesIO(stitched))
    list_of = {
        p.text: p._p.pPr.numPr.numId.val for p in docx.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    }
    assert list_of["first"] == list_of["second"] != list_of["again one"] == list_of["again two"]
    restart = nums[str(list_of["again one"])].find("w:lvlOverride/w:startOverride", NS)
    assert restart is not None and restart.get(f"{{{NS['w']}}}val") == "1"
    # bookmarks still pair up, and every relationship a part names exists
    starts = {e.get(f"{{{NS['w']}}}id") for e in document.iterfind(".//w:bookmarkStart", NS)}
    ends = {e.get(f"{{{NS['w']}}}id") for e in document.iterfind(".//w:bookmarkEnd", NS)}
    assert starts == ends
    rels = {r.get("Id") for r in xml(package, "word/_rels/document.xml.rels")}
    named = {v for e in document.iter() for k, v in e.attrib.items() if k.startswith(f"{{{NS['r']}}}")}
    assert named <= rels


def test_a_slice_with_comments_is_not_stitched(tmp_path: Path) -> None:
    commented = 'Text [noted]{.comment-start id="1" author="Editor"} here[]{.comment-end id="1"}.\n'
    with pytest.raises(CannotMerge):
        merge_packages([pandoc_docx("First.\n", tmp_path), pandoc_docx(commented, tmp_path)], pandoc_docx("", tmp_path))


def test_pieces_bring_only_the_pictures_and_notes_they_use(tmp_path: Path) -> None:
    Image.new("RGB", (40, 20), (200, 0, 0)).save(tmp_path / "red.png")
    Image.new("RGB", (40, 20), (0, 0, 200)).save(tmp_path / "blue.png")
    run = pandoc_docx(SLICES[1] + "\n" + SLICES[2], tmp_path)  # one pandoc run holding two chapters
    elements = body_elements(zipfile.ZipFile(io.BytesIO(run)).read("word/document.xml"))
    two = ["".join(e.itertext()) for e in elements].index("Two")
    # the second chapter alone, then the first alone: a run's ranges in any order
    out = stitch(pandoc_docx("", tmp_path), {"run": run}, [Piece("run", two), Piece("run", 0, two)])
    package = zipfile.ZipFile(io.BytesIO(out))
    texts = [p.text for p in open_docx(io.BytesIO(out)).paragraphs if p.text.strip()]
    assert texts.index("Two") < texts.index("One")
    assert len([n for n in package.namelist() if n.startswith("word/media/")]) == 2
    notes = xml(package, "word/footnotes.xml").findall("w:footnote", NS)
    assert len([n for n in notes if n.get(f"{{{NS['w']}}}type") is None]) == 2

    second_only = stitch(pandoc_docx("", tmp_path), {"run": run}, [Piece("run", two)])
    package = zipfile.ZipFile(io.BytesIO(second_only))
    assert next(p.text for p in open_docx(io.BytesIO(second_only)).paragraphs if p.text.strip()) == "Two"
    assert len([n for n in package.namelist() if n.startswith("word/media/")]) == 1
    notes = xml(package, "word/footnotes.xml").findall("w:footnote", NS)
    assert ["Third note" in "".join(n.itertext()) for n in notes if n.get(f"{{{NS['w']}}}type") is None] == [True]


A = "http://schemas.openxmlformats.org/drawingml/2006/main"
