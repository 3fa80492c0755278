"""Reading a reviewed .docx: both views of each paragraph, revisions, fields, comments and threads.

The snippets are WordprocessingML as Word and LibreOffice write it: runs split by
revision-save ids and proofing marks, replacements as a deletion and an
insertion, moves, fields whose results are page numbers, comment ranges, and
threads kept by paragraph ids in commentsExtended.xml.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from builder.review.wordml import NOTE_MARK, NotAWordFile, parse_parts, read_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
W15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'


def _document(body: str) -> bytes:
    return f"<w:document {W}><w:body>{body}</w:body></w:document>".encode()


def _one(body: str):
    return parse_parts(_document(body)).body


def test_a_replacement_split_over_many_runs_reads_in_both_views() -> None:
    paragraph = _one(
        '<w:p><w:r w:rsidR="00A1"><w:t xml:space="preserve">After </w:t></w:r><w:proofErr w:type="spellStart"/>'
        '<w:del w:id="1" w:author="Ines" w:date="2026-11-20T09:30:00Z"><w:r><w:delText>ten</w:delText></w:r>'
        '<w:r w:rsidDel="00B2"><w:delText xml:space="preserve"> days</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="Ines" w:date="2026-11-20T09:30:00Z"><w:r><w:t>two weeks</w:t></w:r></w:ins>'
        '<w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
        '<w:r><w:t xml:space="preserve"> without classes.</w:t></w:r></w:p>'
    )[0]
    assert paragraph.original == "After ten days without classes."
    assert paragraph.current == "After two weeks without classes."
    revised = [p for p in paragraph.pieces if p.revision]
    assert [(p.text, p.revision.kind, p.revision.author) for p in revised] == [
        ("ten days", "del", "Ines"),
        ("two weeks", "ins", "Ines"),
    ]


def test_moves_count_as_deletion_and_insertion_and_an_insertion_deleted_again_is_in_neither() -> None:
    paragraph = _one(
        '<w:p><w:moveFrom w:id="3" w:author="A" w:date="d"><w:r><w:t>moved </w:t></w:r></w:moveFrom>'
        "<w:r><w:t>stays</w:t></w:r>"
        '<w:moveTo w:id="4" w:author="A" w:date="d"><w:r><w:t> moved</w:t></w:r></w:moveTo>'
        '<w:ins w:id="5" w:author="A" w:date="d"><w:del w:id="6" w:author="B" w:date="d">'
        "<w:r><w:delText> gone</w:delText></w:r></w:del></w:ins></w:p>"
    )[0]
    assert paragraph.original == "moved stays"
    assert paragraph.current == "stays moved"


def test_page_numbers_in_fields_are_left_out_and_other_field_results_are_marked() -> None:
    paragraph = _one(
        '<w:p><w:hyperlink w:anchor="h1"><w:r><w:t>Introduction</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF h1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
        '<w:fldSimple w:instr=" SEQ Figure \\* ARABIC "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>'
    )[0]
    assert paragraph.original == "Introduction\t3"
    assert [p.field for p in paragraph.pieces if p.text == "3"] == ["SEQ"]


def test_paragraph_marks_tables_and_content_controls() -> None:
    paragraphs = _one(
        '<w:p><w:pPr><w:pStyle w:val="BodyText"/><w:rPr><w:ins w:id="7" w:author="A" w:date="d"/></w:rPr></w:pPr>'
        "<w:r><w:t>First half.</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>in a control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    assert [p.original for p in paragraphs] == ["First half.", "cell", "in a control"]
    assert paragraphs[0].mark is not None and paragraphs[0].mark.kind == "ins"
    assert paragraphs[0].style == "BodyText"


def test_comments_with_ranges_replies_and_resolution(tmp_path: Path) -> None:
    document = _document(
        '<w:p><w:r><w:t xml:space="preserve">Some </w:t></w:r><w:commentRangeStart w:id="0"/>'
        '<w:r><w:t>digital champions</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:t xml:space="preserve"> helped.</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
    )
    comments = (
        f"<w:comments {W} {W14}>"
        '<w:comment w:id="0" w:author="Ines" w:date="2026-11-20T09:30:00Z"><w:p w14:paraId="0A"><w:r>'
        "<w:t>Who were they?</w:t></w:r></w:p></w:comment>"
        '<w:comment w:id="1" w:author="Mai" w:date="2026-11-21T10:00:00Z"><w:p w14:paraId="0B"><w:r>'
        "<w:t>Volunteer lecturers.</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    extended = (
        f'<w15:commentsEx {W15}><w15:commentEx w15:paraId="0A" w15:done="1"/>'
        '<w15:commentEx w15:paraId="0B" w15:paraIdParent="0A" w15:done="0"/></w15:commentsEx>'
    ).encode()
    footnotes = (
        f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
        " A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    read = parse_parts(document, footnotes, comments, extended)
    assert read.body[0].original == f"Some digital champions helped.{NOTE_MARK}"
    assert [p.marker for p in read.body[0].pieces if p.marker] == [
        ("comment-start", "0"),
        ("comment-end", "0"),
        ("comment", "0"),
    ]
    assert [p.original for p in read.notes] == [f"{NOTE_MARK} A note."]
    assert read.comments["0"].done and read.comments["0"].text == "Who were they?"
    assert read.comments["1"].parent == "0"


def test_the_build_id_is_read_from_the_custom_properties(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", _document("<w:p/>"))
        archive.writestr(
            "docProps/custom.xml",
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property '
            'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="pubkit-build"><vt:lpwstr>abc123'
            "</vt:lpwstr></property></Properties>",
        )
    assert read_docx(path).build_id == "abc123"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"just some text", "not a Word .docx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "password-protected"),
        (b"PK\x03\x04 damaged", "damaged"),
    ],
)
def test_files_that_are_not_usable_say_why(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "returned.docx"
    path.write_bytes(content)
    with pytest.raises(NotAWordFile, match=says):
        read_docx(path)


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "slides.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    with pytest.raises(NotAWordFile, match="not a Word document"):
        read_docx(path)
