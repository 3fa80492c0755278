"""Raw Word markup an author writes: accepted when it only formats, one located error otherwise."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import run_pubkit

from builder.transform.raw import raw_openxml_problem

FIELD = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{}</w:instrText></w:r>'


@pytest.mark.parametrize(
    ("markup", "says"),
    [
        (FIELD.format(' INCLUDETEXT "/etc/hostname" '), "the field INCLUDETEXT"),
        (
            FIELD.format(" INCLUDE") + "<w:r><w:instrText>PICTURE http://x.test/a.png</w:instrText></w:r>",
            "INCLUDEPICTURE",
        ),
        ('<w:fldSimple w:instr=" includepicture &quot;http://x.test/a.png&quot; "/>', "INCLUDEPICTURE"),
        ('<w:r><w:drawing><a:blip r:embed="rId99"/></w:drawing></w:r>', "relationship"),
        ('<w:hyperlink r:id="rId7"><w:r><w:t>x</w:t></w:r></w:hyperlink>', "relationship"),
        ('<w:p><w:pPr><w:sectPr><w:pgSz w:w="1" w:h="1"/></w:sectPr></w:pPr></w:p>', "section properties"),
        ("<w:r><w:t>unclosed</w:r>", "not well-formed"),
        ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><w:r><w:t>&e;</w:t></w:r>', "not well-formed"),
    ],
)
def test_markup_that_fetches_points_elsewhere_or_sets_the_page_is_refused(markup: str, says: str) -> None:
    problem = raw_openxml_problem(markup)
    assert problem is not None and says in problem


@pytest.mark.parametrize(
    "markup",
    [
        '<w:r><w:br w:type="page"/></w:r>',
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Centred &amp; bold</w:t></w:r></w:p>',
        FIELD.format(" PAGE "),  # a field that only counts
    ],
)
def test_formatting_markup_is_accepted(markup: str) -> None:
    assert raw_openxml_problem(markup) is None


def test_the_build_names_the_line_and_keeps_harmless_markup(minimal: Path) -> None:
    chapter = minimal / "content" / "20-impacts.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + '\nA break `<w:r><w:br w:type="page"/></w:r>`{=openxml} here.\n', encoding="utf-8")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    xml = zipfile.ZipFile(minimal / "build" / "manuscript.docx").read("word/document.xml").decode("utf-8")
    assert '<w:br w:type="page"/>' in xml
    line = text.count("\n") + 3
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + '\n```{=openxml}\n<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText> INCLUDEPICTURE "http://x.test/a.png" </w:instrText></w:r></w:p>\n```\n',
        encoding="utf-8",
    )
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"content/20-impacts.md:{line + 2}: error: this raw Word markup"), result.stderr
