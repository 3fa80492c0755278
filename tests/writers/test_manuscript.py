"""The Word manuscript, read back as an editor would see it (python-docx and the document XML)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import copy_fixture, needs_soffice, run_pubkit, write

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def manuscript(built_minimal: Path) -> docx.document.Document:
    return docx.Document(str(built_minimal / "manuscript.docx"))


def _xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


def _styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _index(document: docx.document.Document, predicate) -> int:
    for index, paragraph in enumerate(document.paragraphs):
        if predicate(paragraph):
            return index
    raise AssertionError("paragraph not found")


def test_parts_follow_unesco_order(manuscript: docx.document.Document) -> None:
    def first(text: str, style: str | None = None) -> int:
        return _index(manuscript, lambda p: p.text.startswith(text) and (style is None or p.style.name == style))

    order = [
        first("Micro-credentials at a small college", "Title"),  # cover
        first("Published in 2025 by the United Nations Educational"),  # legal page
        first("Short summary"),
        _index(
            manuscript,
            lambda p: (
                p.style.name == "Title"
                and p.text.startswith("Micro-credentials")
                and p._p is not manuscript.paragraphs[first("Micro-credentials at a small college", "Title")]._p
            ),
        ),  # inside title
        first("Foreword", "Heading 1"),
        first("Contents"),
        first("List of figures"),
        first("List of tables"),
        first("Executive summary", "Heading 1"),
        first("Introduction of the institution", "Heading 1"),
        first("Impacts of COVID-19 and digital skills", "Heading 1"),
        first("References", "Heading 1"),
        first("Annex 1. Survey", "Heading 1"),
    ]
    assert order == sorted(order)


def test_legal_page_carries_publisher_isbn_licence_and_disclaimers(manuscript: docx.document.Document) -> None:
    legal = " ".join(_styled(manuscript, "Legal Text"))
    assert "7, place de Fontenoy, 75352 Paris 07 SP, France and UNESCO Bangkok Office" in legal
    assert "© UNESCO 2025" in legal
    assert "ISBN 978-92-9223-111-1" in legal
    assert "Attribution-ShareAlike 3.0 IGO (CC-BY-SA 3.0 IGO) license" in legal
    assert "do not imply the expression of any opinion whatsoever on the part of UNESCO" in legal
    assert "they are not necessarily those of UNESCO and do not commit the Organization" in legal


def test_captions_are_numbered_above_with_seq_fields_and_sources_below(
    built_minimal: Path, manuscript: docx.document.Document
) -> None:
    captions = _styled(manuscript, "Caption")
    assert captions == [
        "Figure 1. Uptake of short courses, 2021–2023",
        "Table 1. Courses offered",
        "Figure 2. A workshop in the media studio",
    ]
    sources = _styled(manuscript, "Source")
    assert sources == ["Source: author", "Source: author", "Source: Studio Archive (2021)."]
    xml = _xml(built_minimal / "manuscript.docx")
    assert xml.count("SEQ Figure \\* ARABIC") == 2
    assert xml.count("SEQ Table \\* ARABIC") == 1
    paragraphs = manuscript.paragraphs
    caption_at = _index(manuscript, lambda p: p.style.name == "Caption" and p.text.startswith("Figure 1."))
    assert paragraphs[caption_at + 2].text == "Source: author"  # caption, picture, source
    assert paragraphs[caption_at + 1].runs and "graphic" in paragraphs[caption_at + 1]._p.xml


def test_contents_and_lists_are_filled_toc_fields(built_minimal: Path) -> None:
    xml = _xml(built_minimal / "manuscript.docx")
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    assert 'TOC \\h \\z \\c "Figure"' in xml
    assert 'TOC \\h \\z \\c "Table"' in xml
    document = docx.Document(str(built_minimal / "manuscript.docx"))
    toc = [p.text for p in document.paragraphs if re.fullmatch(r"toc \d", p.style.name.lower())]
    assert any(t.startswith("Introduction of the institution\t") for t in toc)
    assert any(t.startswith("Context\t") for t in toc)
    assert any(t.startswith("References\t") for t in toc)
    figures = [p.text for p in document.paragraphs if p.style.name.lower() == "table of figures"]
    assert [f.split("\t")[0] for f in figures] == [
        "Figure 1. Uptake of short courses, 2021–2023",
        "Figure 2. A workshop in the media studio",
        "Table 1. Courses offered",
    ]
    assert all(re.fullmatch(r".+\t[0-9ivxlc]+", entry) for entry in toc + figures)  # every entry has a page number
    # every PAGEREF points at a bookmark that exists
    targets = set(re.findall(r"PAGEREF (\S+) \\h", xml))
    bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
    assert targets and targets <= bookmarks


def test_cross_references_are_resolved_ref_fields(built_minimal: Path, manuscript: docx.document.Document) -> None:
    text = "\n".join(p.text for p in manuscript.paragraphs)
    assert "As Figure 1 shows, uptake grew, and Table 1 lists the courses" in text
    assert "See also Figures 1 and 2 and the work of" in text
    assert "(Figure 2)" in text
    assert "@fig:" not in text and "@tbl:" not in text
    xml = _xml(built_minimal / "manuscript.docx")
    refs = re.findall(r"(?<!PAGE)REF (_\w+) \\h", xml)
    bookmarks = set(re.findall(r'w:name="(_(?:Ref|Num)\w+)"', xml))
    assert len(refs) >= 4 and set(refs) <= bookmarks


def test_citations_and_reference_list(manuscript: docx.document.Document) -> None:
    text = "\n".join(p.text for p in manuscript.paragraphs)
    assert "(UNESCO, 2022)" in text
    assert "OECD (2021)" in text
    references = _styled(manuscript, "Bibliography")
    assert len(references) == 2
    assert references[0].startswith("OECD. (2021). Micro-credential innovations in higher education")
    assert references[1].startswith("UNESCO. (2022). Towards a common definition of micro-credentials")


def test_footnotes_are_word_footnotes(built_minimal: Path) -> None:
    footnotes = _xml(built_minimal / "manuscript.docx", "word/footnotes.xml")
    assert "A footnote about the college." in footnotes
    assert "w:footnoteReference" in _xml(built_minimal / "manuscript.docx")


def test_findings_and_recommendations_are_boxes(manuscript: docx.document.Document) -> None:
    assert "Key finding: Digital skills in demand" in _styled(manuscript, "Box Title")
    assert "Staff want online course design skills most." in _styled(manuscript, "Finding")
    assert "Recommendation for ministries of education" in _styled(manuscript, "Recommendation Title")


def test_page_numbers_roman_in_front_matter_arabic_from_first_chapter(manuscript: docx.document.Document) -> None:
    sections = manuscript.sections
    assert len(sections) == 3
    formats = [s._sectPr.find(f"{W}pgNumType") for s in sections]
    assert [f.get(f"{W}fmt") for f in formats] == ["lowerRoman", "lowerRoman", "decimal"]
    assert formats[2].get(f"{W}start") == "1"
    assert "PAGE" not in sections[0].footer._element.xml.replace("PAGEREF", "")
    for section in sections[1:]:
        assert "PAGE" in section.footer._element.xml
        assert section.page_width == sections[2].page_width  # A4 everywhere


def test_chapter_numbering_mode(minimal: Path, tmp_path: Path) -> None:
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("numbering: sequential", "numbering: chapter"))
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    document = docx.Document(str(minimal / "build" / "manuscript.docx"))
    assert _styled(document, "Caption") == [
        "Figure 1.1. Uptake of short courses, 2021–2023",
        "Table 1.1. Courses offered",
        "Figure 2.1. A workshop in the media studio",
    ]
    assert "1. Introduction of the institution" in _styled(document, "Heading 1")
    assert "SEQ Figure \\r 1 \\* ARABIC \\s 1" in _xml(minimal / "build" / "manuscript.docx")


TABLE = 'Table: {caption} {{#tbl:{label} source="author"}}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n'


@needs_soffice
def test_chapter_numbers_survive_field_updates_in_libreoffice(minimal: Path) -> None:
    """Tables outside the chapters and several per chapter: the PDF (fields recomputed) shows the .docx numbers."""
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("numbering: sequential", "numbering: chapter"))
    for name, tables in (
        ("02-summary.md", ["Summary table"]),
        ("10-intro.md", ["Second table"]),
        ("20-impacts.md", ["Impact table", "Another impact table"]),
        ("90-annex.md", ["Annex table"]),
    ):
        path = minimal / "content" / name
        extra = "\n".join(TABLE.format(caption=c, label=c.lower().replace(" ", "-")) for c in tables)
        path.write_text(path.read_text() + "\n" + extra)
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx,pdf", "-q", timeout=300)
    assert result.code == 0, result.stderr
    captions = _styled(docx.Document(str(minimal / "build" / "manuscript.docx")), "Caption")
    expected = [
        "Table 1. Summary table",
        "Table 1.1. Courses offered",
        "Table 1.2. Second table",
        "Table 2.1. Impact table",
        "Table 2.2. Another impact table",
        "Table A.1. Annex table",
    ]
    assert [c for c in captions if c.startswith("Table")] == expected
    text = subprocess.run(
        ["pdftotext", str(minimal / "build" / "manuscript.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    shown = [line for line in text.splitlines() if re.match(r"Table [0-9A.]+\. \w", line) and "..." not in line]
    assert [line for line in shown if line in expected] == expected


def test_author_text_is_never_template_code(minimal: Path) -> None:
    chapter = minimal / "content" / "20-impacts.md"
    chapter.write_text(
        chapter.read_text().replace(
            "title: Impacts of COVID-19 and digital skills", 'title: "Gaps {{ 7*7 }} and {% raw %}"'
        )
    )
    write(
        minimal / "content" / "publication.yaml",
        (minimal / "content" / "publication.yaml").read_text().replace("A fixture case study", "Sub {{ 6*7 }}"),
    )
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    document = docx.Document(str(minimal / "build" / "manuscript.docx"))
    assert "Gaps {{ 7*7 }} and {% raw %}" in _styled(document, "Heading 1")
    assert "Sub {{ 6*7 }}" in _styled(document, "Subtitle")


@needs_soffice
def test_contents_page_numbers_match_where_headings_are_in_the_pdf(sample_pdfs: Path) -> None:
    from builder.render import _footer_label, normalize, page_texts

    texts = page_texts(sample_pdfs / "manuscript.pdf")
    labels = [_footer_label(t) for t in texts]
    entries, pending = [], ""
    for line in "\n".join(texts[:12]).split("\n"):  # an entry may wrap before its dot leaders
        match = re.match(r"^(.*?)\.{4,}\s*([0-9]+|[ivxlc]+)\s*$", line)
        if match:
            entries.append(((pending + " " + match.group(1)).strip(), match.group(2)))
            pending = ""
        else:
            pending = line if re.match(r"^(Figure|Table) \d", line) else ""
    assert len(entries) > 30  # contents, figures and tables
    for heading, label in entries:
        assert label in labels, (heading, label)
        page = texts[labels.index(label)]
        lines = [normalize(line) for line in page.split("\n")]
        wanted = normalize(heading)[:40]
        assert any(
            line.startswith(wanted[: len(line)]) and wanted.startswith(line[: len(wanted)]) for line in lines if line
        ), (heading, label)


def test_a_projects_own_reference_document_styles_the_manuscript(minimal: Path) -> None:
    """templates/reference.docx in a project replaces pubkit's styles (README: your own version of any template)."""
    from builder.pandoc import pandoc_path

    default = subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    own = minimal / "templates" / "reference.docx"
    own.parent.mkdir(exist_ok=True)
    own.write_bytes(default)
    styled = docx.Document(str(own))
    styled.styles["Body Text"].font.name = "Courier New"
    styled.save(str(own))
    before = own.read_bytes()

    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    manuscript = docx.Document(str(minimal / "build" / "manuscript.docx"))
    assert manuscript.styles["Body Text"].font.name == "Courier New"
    assert any(p.style.name == "Body Text" and p.text for p in manuscript.paragraphs)
    assert own.read_bytes() == before  # the author's file is read, never rewritten


def test_a_citation_in_a_caption_is_formatted_in_the_list_of_figures_too(tmp_path: Path) -> None:
    project = copy_fixture("permissions", tmp_path)
    result = run_pubkit("build", "--project", str(project), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    document = docx.Document(str(project / "build" / "manuscript.docx"))
    figures = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name.lower() == "table of figures"]
    assert "Figure 1.3. Regions covered by national schemes (UNESCO, 2022)" in figures
    assert not any("[@" in entry for entry in figures)
