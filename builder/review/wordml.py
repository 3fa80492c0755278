"""Reading a .docx as a reviewer left it: paragraphs, tracked changes, comments, fields.

Word and LibreOffice write the same text in very different runs (revision ids,
proofing marks, bookmarks, split runs, content controls). What matters here is
what a reader sees, in two views: the text as it was sent (``original``:
deletions shown, insertions left out) and as the reviewer left it
(``current``). Each piece of text remembers the revision it belongs to, and
the field whose result it is (a page number in the contents is not an edit).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
BUILD_PROPERTY = "pubkit-build"

NOTE_MARK = "\ue000"  # a footnote's reference mark, in the text of both views
LINE_BREAK = "\n"  # a manual line break inside a paragraph

_w = f"{{{W}}}".__add__
_INSERTED = {_w("ins"): "ins", _w("moveTo"): "ins"}
_DELETED = {_w("del"): "del", _w("moveFrom"): "del"}
_SKIPPED = {_w("pPr"), _w("rPr"), _w("sdtPr"), _w("txbxContent"), f"{{{MC}}}Fallback", _w("sectPr"), _w("tblPr")}
_HOLDING_PARAGRAPHS = {  # tables, content controls, and rows or paragraphs inserted or deleted whole
    _w(name) for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "del")
}
_DROPPED_FIELDS = {"PAGEREF", "PAGE", "NUMPAGES", "SECTIONPAGES"}  # page numbers change on their own


class NotAWordFile(Exception):
    """The file is not a .docx this reader can use (the message says why)."""


@dataclass(frozen=True)
class Revision:
    kind: str  # "ins" | "del"
    author: str
    date: str
    ident: str


@dataclass
class Piece:
    """Text of one paragraph that shares a revision state; markers (comment ranges) have no text."""

    text: str
    revision: Revision | None = None  # None: untouched
    field: str = ""  # the innermost field this text is the result of ("SEQ", "REF", "TOC"...)
    marker: tuple[str, str] | None = None  # ("comment-start" | "comment-end" | "comment", comment id)

    @property
    def in_original(self) -> bool:
        return self.revision is None or self.revision.kind == "del"

    @property
    def in_current(self) -> bool:
        return self.revision is None or self.revision.kind == "ins"


@dataclass
class Paragraph:
    pieces: list[Piece]
    style: str = ""
    mark: Revision | None = None  # the paragraph mark itself was inserted or deleted
    note: str = ""  # footnote id, for paragraphs of a footnote

    @property
    def original(self) -> str:
        return "".join(p.text for p in self.pieces if p.in_original and p.field not in _DROPPED_FIELDS)

    @property
    def current(self) -> str:
        return "".join(p.text for p in self.pieces if p.in_current and p.field not in _DROPPED_FIELDS)

    def visible(self) -> list[Piece]:
        """The pieces counted in either view (page numbers left out)."""
        return [p for p in self.pieces if p.field not in _DROPPED_FIELDS]


@dataclass
class Comment:
    ident: str
    author: str
    date: str
    text: str
    para_id: str = ""  # of its last paragraph: replies name their parent by it
    parent: str = ""  # the comment this one replies to (its ident)
    done: bool = False


@dataclass
class WordDocument:
    body: list[Paragraph]
    notes: list[Paragraph]  # footnote paragraphs, in the order the body refers to them
    comments: dict[str, Comment] = field(default_factory=dict)
    build_id: str = ""


def read_docx(path: Path) -> WordDocument:
    """Read a .docx file; NotAWordFile says what is wrong with one that cannot be read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise NotAWordFile(f"cannot be read: {exc.strerror}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAWordFile(
            "is password-protected or an old .doc file (Word 97-2003), not a .docx: "
            "save it as a Word document (.docx) without a password"
        )
    if not head.startswith(b"PK"):
        raise NotAWordFile("is not a Word .docx file")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise NotAWordFile("is a zip file but not a Word document (no word/document.xml)")

            def part(name: str) -> bytes | None:
                return archive.read(name) if name in names else None

            return parse_parts(
                part("word/document.xml") or b"",
                part("word/footnotes.xml"),
                part("word/comments.xml"),
                part("word/commentsExtended.xml"),
                part("docProps/custom.xml"),
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError) as exc:
        raise NotAWordFile(f"is damaged ({exc})") from None
    except etree.XMLSyntaxError as exc:
        raise NotAWordFile(f"has damaged XML inside ({exc})") from None


def read_package(docx: Any) -> WordDocument:
    """The text of a document open in python-docx (the manuscript a build has just written)."""
    footnotes = next((p.blob for p in docx.part.package.iter_parts() if str(p.partname) == "/word/footnotes.xml"), None)
    return parse_parts(docx.element, footnotes)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def parse_parts(
    document: bytes | etree._Element,
    footnotes: bytes | None = None,
    comments: bytes | None = None,
    comments_extended: bytes | None = None,
    custom: bytes | None = None,
) -> WordDocument:
    root = document if isinstance(document, etree._Element) else _xml(document)
    body_element = root.find(_w("body")) if root.tag != _w("body") else root
    if body_element is None:
        raise NotAWordFile("has no document body")
    body = list(_story(body_element))
    notes: list[Paragraph] = []
    if footnotes:
        by_id = {}
        for note in _xml(footnotes).iter(_w("footnote")):
            if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            ident = note.get(_w("id"), "")
            by_id[ident] = list(_story(note))
            for paragraph in by_id[ident]:
                paragraph.note = ident
        for ident in _note_order(body_element):
            notes.extend(by_id.pop(ident, []))
    found = WordDocument(body, notes)
    if comments:
        found.comments = _comments(_xml(comments), _xml(comments_extended) if comments_extended else None)
    if custom:
        found.build_id = _custom_property(_xml(custom), BUILD_PROPERTY)
    return found


def _note_order(body: etree._Element) -> list[str]:
    seen: list[str] = []
    for reference in body.iter(_w("footnoteReference")):
        ident = reference.get(_w("id"), "")
        if ident not in seen:
            seen.append(ident)
    return seen


def _story(container: etree._Element) -> Iterator[Paragraph]:
    """The paragraphs of a body, footnote or comment, in reading order (table cells included)."""
    fields: list[list] = []  # [type, in result?] of the fields open here, innermost last
    for paragraph in _paragraph_elements(container):
        yield _paragraph(paragraph, fields)


def _paragraph_elements(container: etree._Element) -> Iterator[etree._Element]:
    for child in container:
        if child.tag == _w("p"):
            yield child
        elif child.tag in _HOLDING_PARAGRAPHS:
            yield from _paragraph_elements(child)


def _paragraph(element: etree._Element, fields: list[list]) -> Paragraph:
    paragraph = Paragraph([])
    properties = element.find(_w("pPr"))
    if properties is not None:
        style = properties.find(_w("pStyle"))
        paragraph.style = style.get(_w("val"), "") if style is not None else ""
        mark = properties.find(_w("rPr"))
        if mark is not None:
            for child in mark:
                if child.tag in (_w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")):
                    kind = "ins" if child.tag in (_w("ins"), _w("moveTo")) else "del"
                    paragraph.mark = _revision(child, kind)
    _collect(element, paragraph.pieces, None, fields)
    return paragraph


def _revision(element: etree._Element, kind: str) -> Revision:
    return Revision(kind, element.get(_w("author"), ""), element.get(_w("date"), ""), element.get(_w("id"), ""))


def _collect(element: etree._Element, out: list[Piece], revision: Revision | None, fields: list[list]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag in _INSERTED or tag in _DELETED:
            kind = "ins" if tag in _INSERTED else "del"
            if revision is not None and revision.kind != kind:
                continue  # inserted, then deleted by someone else: in neither view
            _collect(child, out, revision or _revision(child, kind), fields)
        elif tag in (_w("t"), _w("delText")):
            _text(out, child.text or "", revision, fields)
        elif tag == _w("tab"):
            _text(out, "\t", revision, fields)
        elif tag in (_w("br"), _w("cr")):
            if child.get(_w("type")) not in ("page", "column"):
                _text(out, LINE_BREAK, revision, fields)
        elif tag == _w("noBreakHyphen"):
            _text(out, "\u2011", revision, fields)
        elif tag in (_w("footnoteReference"), _w("footnoteRef")):
            _text(out, NOTE_MARK, revision, fields)
        elif tag == _w("sym"):
            code = child.get(_w("char"), "")
            if re.fullmatch(r"[0-9A-Fa-f]{2,4}", code) and not code.upper().startswith("F0"):
                _text(out, chr(int(code, 16)), revision, fields)
        elif tag == _w("fldChar"):
            kind = child.get(_w("fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
            elif kind == "end" and fields:
                fields.pop()
        elif tag in (_w("instrText"), _w("delInstrText")):
            if fields and not fields[-1][1]:
                fields[-1][0] += child.text or ""
        elif tag == _w("fldSimple"):
            fields.append([child.get(_w("instr"), ""), True])
            _collect(child, out, revision, fields)
            fields.pop()
        elif tag == _w("commentRangeStart"):
            out.append(Piece("", revision, marker=("comment-start", child.get(_w("id"), ""))))
        elif tag == _w("commentRangeEnd"):
            out.append(Piece("", revision, marker=("comment-end", child.get(_w("id"), ""))))
        elif tag == _w("commentReference"):
            out.append(Piece("", revision, marker=("comment", child.get(_w("id"), ""))))
        elif tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Choice")
            if choice is not None:
                _collect(choice, out, revision, fields)
        elif len(child):
            _collect(child, out, revision, fields)


def _text(out: list[Piece], text: str, revision: Revision | None, fields: list[list]) -> None:
    if not text:
        return
    if fields and not fields[-1][1]:
        return  # inside a field's instructions
    kind = _field_kind(fields)
    if out and out[-1].revision == revision and out[-1].field == kind and out[-1].marker is None:
        out[-1].text += text
    else:
        out.append(Piece(text, revision, kind))


def _field_kind(fields: list[list]) -> str:
    for instruction, _result in reversed(fields):
        words = instruction.split()
        if words:
            kind = words[0].upper()
            if kind in _DROPPED_FIELDS:
                return kind
    for instruction, _result in reversed(fields):
        words = instruction.split()
        if words:
            return words[0].upper()
    return ""


def _comments(root: etree._Element, extended: etree._Element | None) -> dict[str, Comment]:
    found: dict[str, Comment] = {}
    by_para: dict[str, str] = {}
    for element in root.iter(_w("comment")):
        ident = element.get(_w("id"), "")
        paragraphs = element.findall(f".//{_w('p')}")
        text = "\n".join(_plain_text(p) for p in paragraphs).strip()
        para_id = paragraphs[-1].get(f"{{{W14}}}paraId", "") if paragraphs else ""
        comment = Comment(ident, element.get(_w("author"), ""), element.get(_w("date"), ""), text, para_id)
        found[ident] = comment
        if para_id:
            by_para[para_id] = ident
    if extended is not None:
        for entry in extended.iter(f"{{{W15}}}commentEx"):
            ident = by_para.get(entry.get(f"{{{W15}}}paraId", ""))
            if ident is None:
                continue
            parent = by_para.get(entry.get(f"{{{W15}}}paraIdParent", ""), "")
            found[ident].parent = parent if parent != ident else ""
            found[ident].done = entry.get(f"{{{W15}}}done") in ("1", "true")
    return found


def _plain_text(paragraph: etree._Element) -> str:
    pieces: list[Piece] = []
    _collect(paragraph, pieces, None, [])
    return "".join(p.text for p in pieces if p.in_current).replace(NOTE_MARK, "")


def _custom_property(root: etree._Element, name: str) -> str:
    for prop in root.iter(f"{{{CUSTOM}}}property"):
        if prop.get("name") == name:
            return "".join(prop.itertext()).strip()
    return ""
