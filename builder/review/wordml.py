"""Reading a .docx as a reviewer left it: paragraphs, tracked changes, comments, fields.

Word and LibreOffice write the same text in very different runs (revision ids,
proofing marks, bookmarks, split runs, content controls). What matters here is
what a reader sees, in two views: the text as it was sent (``original``:
deletions shown, insertions left out) and as the reviewer left it
(``current``). Each piece of text remembers the revision it belongs to, and
the field whose result it is (a page number in the contents is not an edit).
"""

from __future__ import annotations

import itertools
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
    formatting: tuple[Revision, str] | None = None  # a tracked change of format: who, and what ("made bold")

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
    restyled: tuple[Revision, str] | None = None  # a tracked change of the paragraph's style: who, and to what
    cell: int = 0  # which table cell it is in (0: none); paragraphs of two cells never run into each other

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


class WrittenText:
    """The text of a document open in python-docx (the manuscript a build has just written), read paragraph
    by paragraph as asked for: after a change to one chapter, only that chapter's paragraphs are read."""

    def __init__(self, docx: Any):
        body = docx.element.body
        self._body = [element for element, _cell in _paragraph_elements(body, 0, itertools.count(1))]
        footnotes = next(
            (p.blob for p in docx.part.package.iter_parts() if str(p.partname) == "/word/footnotes.xml"), None
        )
        self._notes: list[tuple[str, etree._Element]] = []
        if footnotes:
            by_id = {n.get(_w("id"), ""): n for n in _xml(footnotes).iter(_w("footnote"))}
            for ident in _note_order(body):
                if ident in by_id:
                    cells = itertools.count(1)
                    self._notes.extend((ident, element) for element, _ in _paragraph_elements(by_id[ident], 0, cells))
        self.body_count = len(self._body)
        self.notes_count = len(self._notes)

    def body(self, start: int, count: int) -> list[Paragraph]:
        fields: list[list] = []
        return [_paragraph(element, fields) for element in self._body[start : start + count]]

    def notes(self, start: int, count: int) -> list[Paragraph]:
        out = []
        for ident, element in self._notes[start : start + count]:
            paragraph = _paragraph(element, [])
            paragraph.note = ident
            out.append(paragraph)
        return out

    def all_body(self) -> list[Paragraph]:
        return self.body(0, self.body_count)

    def all_notes(self) -> list[Paragraph]:
        return self.notes(0, self.notes_count)


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
    cells = itertools.count(1)
    for paragraph, cell in _paragraph_elements(container, 0, cells):
        read = _paragraph(paragraph, fields)
        read.cell = cell
        yield read


def _paragraph_elements(
    container: etree._Element, cell: int, cells: itertools.count
) -> Iterator[tuple[etree._Element, int]]:
    for child in container:
        if child.tag == _w("p"):
            yield child, cell
        elif child.tag == _w("tc"):
            yield from _paragraph_elements(child, next(cells), cells)
        elif child.tag in _HOLDING_PARAGRAPHS:
            yield from _paragraph_elements(child, cell, cells)


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
        change = properties.find(_w("pPrChange"))
        if change is not None:
            before = change.find(f"{_w('pPr')}/{_w('pStyle')}")
            was = before.get(_w("val"), "") if before is not None else ""
            if was != paragraph.style:
                paragraph.restyled = (
                    _revision(change, "fmt"),
                    f"style {was or 'Normal'} → {paragraph.style or 'Normal'}",
                )
    _collect(element, paragraph.pieces, fields)
    return paragraph


def _revision(element: etree._Element, kind: str) -> Revision:
    return Revision(kind, element.get(_w("author"), ""), element.get(_w("date"), ""), element.get(_w("id"), ""))


_WANTED = tuple(
    _w(name)
    for name in (
        "t",
        "delText",
        "tab",
        "br",
        "cr",
        "noBreakHyphen",
        "footnoteReference",
        "footnoteRef",
        "sym",
        "fldChar",
        "instrText",
        "delInstrText",
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
    )
)
_REVISIONS = {**_INSERTED, **_DELETED}
_HIDDEN = {_w("txbxContent"), f"{{{MC}}}Fallback", _w("pPr"), _w("rPr"), _w("sdtPr")}
_MARKERS = {_w("commentRangeStart"): "comment-start", _w("commentRangeEnd"): "comment-end"}


def _collect(paragraph: etree._Element, out: list[Piece], fields: list[list]) -> None:
    """The paragraph's text pieces in order: only the elements that hold text or mark something are visited,
    each placed by the few elements around it (a revision, a run whose format was changed, a simple field)."""
    known: dict[etree._Element, Any] = {}
    for element in paragraph.iter(*_WANTED):
        revision = formatting = simple = None
        kinds = set()
        hidden = False
        node = element.getparent()
        while node is not None and node is not paragraph:
            tag = node.tag
            if tag in _HIDDEN:
                hidden = True
                break
            kind = _REVISIONS.get(tag)
            if kind is not None:
                kinds.add(kind)
                if node not in known:
                    known[node] = _revision(node, kind)
                revision = known[node]  # the outermost one says who
            elif tag == _w("r") and formatting is None:
                if node not in known:
                    known[node] = _run_formatting(node)
                formatting = known[node]
            elif tag == _w("fldSimple") and simple is None:
                simple = node.get(_w("instr"), "")
            node = node.getparent()
        if hidden or len(kinds) > 1:
            continue  # in a text box, or inserted then deleted by someone else: in neither view
        tag = element.tag
        if simple is not None:
            fields.append([simple, True])
        if tag in (_w("t"), _w("delText")):
            _text(out, element.text or "", revision, fields, formatting)
        elif tag == _w("tab"):
            _text(out, "\t", revision, fields, formatting)
        elif tag in (_w("br"), _w("cr")):
            if element.get(_w("type")) not in ("page", "column"):
                _text(out, LINE_BREAK, revision, fields, formatting)
        elif tag == _w("noBreakHyphen"):
            _text(out, "\u2011", revision, fields, formatting)
        elif tag in (_w("footnoteReference"), _w("footnoteRef")):
            _text(out, NOTE_MARK, revision, fields, formatting)
        elif tag == _w("sym"):
            code = element.get(_w("char"), "")
            if re.fullmatch(r"[0-9A-Fa-f]{2,4}", code) and not code.upper().startswith("F0"):
                _text(out, chr(int(code, 16)), revision, fields, formatting)
        elif tag == _w("fldChar"):
            kind = element.get(_w("fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
            elif kind == "end" and fields:
                fields.pop()
        elif tag in (_w("instrText"), _w("delInstrText")):
            if fields and not fields[-1][1]:
                fields[-1][0] += element.text or ""
        elif tag in _MARKERS:
            out.append(Piece("", revision, marker=(_MARKERS[tag], element.get(_w("id"), ""))))
        elif tag == _w("commentReference"):
            out.append(Piece("", revision, marker=("comment", element.get(_w("id"), ""))))
        if simple is not None:
            fields.pop()


def _run_formatting(run: etree._Element) -> tuple[Revision, str] | None:
    properties = run.find(_w("rPr"))
    change = properties.find(_w("rPrChange")) if properties is not None else None
    if change is None:
        return None
    return _revision(change, "fmt"), _format_change(properties, change.find(_w("rPr")))


def _text(
    out: list[Piece],
    text: str,
    revision: Revision | None,
    fields: list[list],
    formatting: tuple[Revision, str] | None = None,
) -> None:
    if not text:
        return
    if fields and not fields[-1][1]:
        return  # inside a field's instructions
    kind = _field_kind(fields)
    last = out[-1] if out else None
    if (
        last
        and last.revision == revision
        and last.field == kind
        and last.marker is None
        and last.formatting == formatting
    ):
        last.text += text
    else:
        out.append(Piece(text, revision, kind, formatting=formatting))


_FORMATS = {"b": "bold", "i": "italic", "u": "underlined", "strike": "struck through", "smallCaps": "small capitals"}


def _format_change(now: etree._Element, before: etree._Element | None) -> str:
    """What a tracked change of format did, as a reader would say it ("made italic")."""

    def on(properties: etree._Element | None, name: str) -> bool:
        if properties is None:
            return False
        element = properties.find(_w(name))
        return element is not None and element.get(_w("val"), "true") not in ("0", "false", "none")

    said = [f"made {word}" for name, word in _FORMATS.items() if on(now, name) and not on(before, name)]
    said += [f"no longer {word}" for name, word in _FORMATS.items() if on(before, name) and not on(now, name)]
    return ", ".join(said) or "formatting changed"


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
    _collect(paragraph, pieces, [])
    return "".join(p.text for p in pieces if p.in_current).replace(NOTE_MARK, "")


def _custom_property(root: etree._Element, name: str) -> str:
    for prop in root.iter(f"{{{CUSTOM}}}property"):
        if prop.get("name") == name:
            return "".join(prop.itertext()).strip()
    return ""
