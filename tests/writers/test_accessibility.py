"""What readers who cannot see the pages get: every picture and chart described (charts from their data),
decorative pictures marked so, tables with header rows, and PDFs tagged for assistive technology (the
machine-checkable part of PDF/UA: marked and tagged, language, title shown, bookmarks, Figure /Alt, table
headers, headings in order)."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest
from conftest import needs_soffice
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ALTS = {  # the sample's own pictures, as its chapters describe them
    "fig:timeline": "Timeline of six steps",
    "fig:studio": "Two instructors seated at a table",
}


def _descriptions(docx: Path) -> list[tuple[str, bool]]:
    """(description, marked decorative) of every picture, in order."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    out = []
    for match in re.finditer(r"<wp:docPr ([^>]*?)(/>|>(.*?)</wp:docPr>)", xml, re.DOTALL):
        description = re.search(r'descr="([^"]*)"', match.group(1))
        out.append(((description.group(1) if description else ""), "adec:decorative" in (match.group(3) or "")))
    return out


def test_pictures_in_the_manuscript_say_what_they_show_and_the_decorative_cover_is_marked(
    sample_build: Path,
) -> None:
    pictures = _descriptions(sample_build / "manuscript.docx")
    assert pictures[0] == (" ", True)  # the cover: alt: "" in publication.yaml
    described = [text for text, _ in pictures[1:]]
    assert all(text.strip() for text in described), described
    assert any(text.startswith(SAMPLE_ALTS["fig:timeline"]) for text in described)
    assert any(
        text.startswith("Line chart of Face to face, Blended and Fully online by year: 2019:") for text in described
    )
    captions = {
        "Key steps in the university’s response to the pandemic, 2020–2024",
        "Instructors recording a workshop demonstration in the campus media studio, 2021",
    }
    assert not captions & set(described), "a caption used as a description"
    for name in ("manuscript.docx", "brief.docx"):  # nor is any picture described by its file's path
        xml = zipfile.ZipFile(sample_build / name).read("word/document.xml").decode("utf-8")
        assert not re.findall(r'descr="[^"]*\.(?:png|jpe?g|svg)"', xml), name


def test_charts_and_pictures_in_the_deck_are_described_and_it_speaks_british_english(sample_build: Path) -> None:
    deck = Presentation(str(sample_build / "slides.pptx"))
    found = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if getattr(shape, "has_chart", False) or shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                found.append(shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr", ""))
    assert found and all(text.startswith(("Bar chart of", "Pie chart of", "Line chart of")) for text in found)
    presentation = zipfile.ZipFile(sample_build / "slides.pptx").read("ppt/presentation.xml").decode("utf-8")
    assert 'lang="en-US"' not in presentation
    for slide in deck.slides:  # a title on every slide, read first
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip() and list(slide.shapes).index(title) == 0


@pytest.mark.parametrize("name", ["manuscript.docx", "brief.docx", "slides.pptx"])
def test_documents_carry_their_title_and_language(sample_build: Path, name: str) -> None:
    core = zipfile.ZipFile(sample_build / name).read("docProps/core.xml").decode("utf-8")
    assert re.search(r"<dc:title>[^<]*micro-credentials[^<]*</dc:title>", core, re.IGNORECASE), name
    assert "<dc:language>en-GB</dc:language>" in core, name


def test_every_table_of_the_manuscript_has_a_header_row_repeated_on_each_page(sample_build: Path) -> None:
    xml = zipfile.ZipFile(sample_build / "manuscript.docx").read("word/document.xml").decode("utf-8")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.DOTALL)
    assert tables and all("<w:tblHeader" in table.split("</w:tr>")[0] for table in tables)


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import run_pubkit

    out = tmp_path_factory.mktemp("sample-a11y")
    result = run_pubkit("build", "--out", str(out), "--only", "docx,pptx,brief", "-q")
    assert result.code == 0, result.stderr
    return out


def _structure(pdf_path: Path) -> tuple[object, list[tuple[str, object]]]:
    import pikepdf

    pdf = pikepdf.open(pdf_path)
    elements: list[tuple[str, object]] = []
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                elements.append((str(node.S), node))
            if "/K" in node:
                stack.append(node.K)
    return pdf, elements


@needs_soffice
@pytest.mark.parametrize("name", ["manuscript.pdf", "brief.pdf", "slides.pdf"])
def test_pdfs_are_tagged_for_assistive_technology(sample_pdfs: Path, name: str) -> None:
    pdf, elements = _structure(sample_pdfs / name)
    root = pdf.Root
    assert root.MarkInfo.Marked is True and str(root.Lang) == "en-GB"
    assert str(pdf.docinfo.Title).strip() and root.ViewerPreferences.DisplayDocTitle is True
    assert "/Outlines" in root
    figures = [node for kind, node in elements if kind == "/Figure"]
    assert all("/Alt" in figure for figure in figures), name
    if name == "manuscript.pdf":
        assert len(figures) == 8
        assert any(str(f.Alt).startswith(SAMPLE_ALTS["fig:studio"]) for f in figures)
        assert any(kind == "/TH" for kind, _ in elements)
        levels = [int(kind[2:]) for kind, _ in elements if re.fullmatch(r"/H[1-6]", kind)]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), "a heading level skipped"
    if name == "slides.pdf":
        assert figures and all(str(f.Alt).startswith(("Bar chart", "Pie chart", "Line chart")) for f in figures)
