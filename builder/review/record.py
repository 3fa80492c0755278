"""What a built manuscript says, paragraph by paragraph, and where each piece was written.

Every manuscript build keeps one record in ``build/.review/``, under an id that
is also written into the document's custom properties (``pubkit-build``). When
the editor's copy comes back, ``pubkit review`` reads the id, finds the record
and knows, for every character of the text as it was sent, the file and offset
it was printed from, or what generated it (a citation, a figure number, the
legal page, the contents...). The sources as they were at that build are kept
beside it, so a change can still be placed after the author has edited since.

The record is made from two readings of the same manuscript: the document tree
given to pandoc (which says where each word came from) and the .docx pandoc
wrote (what a reader sees); the two are aligned paragraph by paragraph.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import html
import json
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .. import cachefile
from ..background import in_background
from ..model import Document
from ..outputs import write_atomically
from ..pandoc_ast import Node, iter_nodes, stringify
from ..project import CONFIG_NAME
from ..sourcemap import Origin, origin, run_positions
from ..sourcemap import version as sourcemap_version
from ..transform.headings import all_headers
from . import wordml

RECORD_VERSION = 1
RECORDS = ".review"  # in the out folder: kept across builds, unlike the cache
KEEP_RECORDS = 200

# What the paragraphs of each Word style are, for text nobody wrote in the sources.
STYLE_CONTEXT = {
    "Title": "cover",
    "Subtitle": "cover",
    "Author": "cover",
    "Cover Credit": "cover",
    "Date": "cover",
    "Legal Text": "legal",
    "Front Heading": "labels",
    "TOC Heading": "labels",
    "List Heading": "labels",
    "Caption": "caption",
    "Source": "source",
    "Box Title": "box-title",
    "Recommendation Title": "box-title",
}
PART_NAMES = {"cover": "Cover and title page", "legal": "Legal page"}
_PLAIN = frozenset(("Str", "Space", "SoftBreak"))


@dataclass
class Segment:
    """Characters ``[start, end)`` of a paragraph's text and where they come from.

    ``kind`` "t": written by the author at ``origin`` (the same characters, give or take pandoc's
    typography). "g": generated; ``info`` says what ("citation:key", "caption-number", "legal", ...),
    ``origin`` is what it stands for in the sources when there is one (the ``[@key]`` of a citation).
    """

    start: int
    end: int
    kind: str
    origin: Origin | None = None
    info: str = ""


@dataclass
class Paragraph:
    text: str
    segments: list[Segment] = field(default_factory=list)
    context: str = "text"  # "text", "heading", "caption", "legal", "contents", "note", ...
    section: tuple[str, str] = ("", "")  # chapter title, section heading
    block: Origin | None = None  # the whole source block, for paragraphs inserted before or after it


@dataclass
class Record:
    ident: str
    body: list[Paragraph]
    notes: list[Paragraph]
    sources: dict[str, str]  # file → its text at that build
    created: float = 0.0
    pieces: list[bytes] = field(default_factory=list)  # the record as saved, piece by piece, once made
    fresh: bool = False  # made now from the sources, for want of the record of the manuscript as sent


# --- the printed text of the tree -----------------------------------------------------


class _Line:
    """One paragraph's text as pandoc's Word writer prints it, and the segments it is made of.

    Words typed as printed, and the spaces between them, run together into one segment as they are added:
    a paragraph of plain prose is one segment, whatever its length.
    """

    __slots__ = ("block", "context", "gap", "length", "parts", "section", "segments")

    def __init__(self, context: str, section: tuple[str, str], block: Origin | None):
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[list[Any]] = []  # [start, end, kind, origin, info]
        self.gap = -1  # where the spaces and quotes printed since the last piece begin (-1: none)
        self.context = context
        self.section = section
        self.block = block

    def space(self, text: str) -> None:
        """Spaces, line breaks and quotes: they take the source between the pieces around them."""
        if self.gap < 0:
            self.gap = self.length
        self.parts.append(text)
        self.length += len(text)

    def add(self, text: str, kind: str, origin: Origin | None = None, info: str = "") -> None:
        if not text:
            return
        if self.gap >= 0:
            self._close_gap(origin)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        segments = self.segments
        if kind == "t" and segments:
            last = segments[-1]
            before = last[3]
            if (
                last[2] == "t"
                and before.end == origin.start
                and before.file == origin.file
                and last[1] - last[0] == before.end - before.start
                and len(text) == origin.end - origin.start
            ):
                last[1] = self.length
                last[3] = Origin(origin.file, before.start, origin.end)
                return
        segments.append([start, self.length, kind, origin, info])

    def _close_gap(self, after: Origin | None) -> None:
        start, end = self.gap, self.length
        self.gap = -1
        last = self.segments[-1] if self.segments else None
        before = last[3] if last is not None else None
        if before is not None and after is not None and before.file == after.file and before.end <= after.start:
            if (
                last[2] == "t"
                and last[1] - last[0] == before.end - before.start
                and end - start == after.start - before.end
            ):
                last[1], last[3] = end, Origin(before.file, before.start, after.start)  # typed as printed
            else:
                self.segments.append([start, end, "t", Origin(before.file, before.end, after.start), ""])
        elif before is not None and after is None and last[2] == "t":
            self.segments.append([start, end, "t", Origin(before.file, before.end, before.end), ""])
        else:
            self.segments.append([start, end, "g", None, "space"])

    def prefix(self, text: str, kind: str, origin: Origin | None, info: str) -> None:
        """Put a piece before everything added so far (a footnote's mark)."""
        shift = len(text)
        for segment in self.segments:
            segment[0] += shift
            segment[1] += shift
        if self.gap >= 0:
            self.gap += shift
        self.segments.insert(0, [0, shift, kind, origin, info])
        self.parts.insert(0, text)
        self.length += shift

    def paragraph(self) -> Paragraph:
        if self.gap >= 0:
            self._close_gap(None)
        segments = [Segment(*segment) for segment in self.segments]
        return Paragraph("".join(self.parts), segments, self.context, self.section, self.block)


def _typed_as_printed(segment: Segment) -> bool:
    """The segment's characters stand one for one in the source (no smart quote, dash or escape in it)."""
    origin = segment.origin
    return origin is not None and origin.end - origin.start == segment.end - segment.start


class _Printer:
    """Walks the tree given to the Word writer and prints each paragraph as it will appear."""

    def __init__(self, anchors: dict[str, Origin] | None = None):
        self.body: list[_Line] = []
        self.notes: list[_Line] = []
        self.section = ("", "")
        self.anchors = anchors or {}  # bookmark → where the heading or caption it marks was written

    # blocks
    def blocks(self, blocks: list[Node], context: str, into: list[_Line]) -> None:
        for block in blocks:
            self.block(block, context, into)

    def block(self, block: Node, context: str, into: list[_Line]) -> None:
        kind = block.get("t")
        content = block.get("c")
        if kind in ("Para", "Plain"):
            self.paragraph(content, context, into, block)
        elif kind == "Header":
            title = stringify(content[2])
            if content[0] == 1:
                self.section = (title, "")
            elif content[0] == 2:
                self.section = (self.section[0], title)
            self.paragraph(content[2], "heading" if context == "text" else context, into, block)
        elif kind == "Div":
            identifier, _classes, pairs = content[0]
            values = dict(pairs)
            inner = STYLE_CONTEXT.get(values.get("custom-style", ""), context)
            if inner in PART_NAMES and inner != context:
                self.section = (PART_NAMES[inner], "")
            if identifier == "refs":
                inner = "references"
            elif identifier.startswith("ref-"):
                inner = f"reference:{identifier[4:]}"
            self.blocks(content[1], inner, into)
        elif kind == "BlockQuote":
            self.blocks(content, context, into)
        elif kind == "BulletList":
            for item in content:
                self.blocks(item, context, into)
        elif kind == "OrderedList":
            for item in content[1]:
                self.blocks(item, context, into)
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.paragraph(term, context, into, block)
                for definition in definitions:
                    self.blocks(definition, context, into)
        elif kind == "LineBlock":
            line = self._line(context, block)
            for index, inlines in enumerate(content):
                if index:
                    line.space(wordml.LINE_BREAK)
                self.inlines(inlines, line, context)
            into.append(line)
        elif kind == "CodeBlock":
            line = self._line(context, block)
            line.add(content[1].replace("\n", wordml.LINE_BREAK), "g", origin(block), "code")
            into.append(line)
        elif kind == "RawBlock":
            if content[0] == "openxml":
                self.raw_paragraphs(content[1], context, into)
        elif kind == "HorizontalRule":
            into.append(self._line(context, block))
        elif kind == "Table":
            _attr, caption, _specs, head, bodies, foot = content
            self.blocks(caption[1], "caption", into)  # a table as written; the manuscript's has its caption above
            rows = [*head[1], *(row for body in bodies for row in (*body[2], *body[3])), *foot[1]]
            for row in rows:
                for cell in row[1]:
                    self.blocks(cell[4], "table" if context == "text" else context, into)
        elif kind == "Figure":
            self.blocks(content[1][1], context, into)
            self.blocks(content[2], context, into)

    def _line(self, context: str, block: Node | None) -> _Line:
        return _Line(context, self.section, origin(block) if block is not None else None)

    def paragraph(self, inlines: list[Node], context: str, into: list[_Line], block: Node | None) -> None:
        if context == "labels":  # "Short summary", "Contents": the part of the manuscript that follows
            self.section = (stringify(inlines), "")
        line = self._line(context, block)
        into.append(line)
        self.inlines(inlines, line, context)

    def raw_paragraphs(self, xml: str, context: str, into: list[_Line]) -> None:
        for paragraph in _raw_paragraphs(xml):
            line = _Line(context, self.section, None)
            anchor = paragraph.xpath("string(.//w:hyperlink/@w:anchor)", namespaces={"w": wordml.W})
            style = paragraph.xpath("string(./w:pPr/w:pStyle/@w:val)", namespaces={"w": wordml.W})
            what = "contents" if style.startswith("TOC") else "list" if style == "TableofFigures" else context
            line.context = what
            read = wordml._paragraph(paragraph, [])
            line.add(read.original, "g", self.anchors.get(anchor), f"{what}:{anchor}" if anchor else what)
            into.append(line)

    # inlines
    def inlines(self, inlines: list[Node], line: _Line, context: str) -> None:
        index, count = 0, len(inlines)
        while index < count:
            node = inlines[index]
            kind = node["t"]
            if "g" in node:
                self.inline(node, line, context)
            elif kind == "Str":
                run = node.get("r")  # words the source map found typed as printed: all at once
                if run is not None and _whole_run(inlines, index, run[0]):
                    printed = "".join(n["c"] if n["t"] == "Str" else " " for n in inlines[index : index + run[0]])
                    line.add(printed, "t", Origin(node["p"][2], run[1], run[2]))
                    index += run[0]
                    continue
                if run is not None:  # a run a transform cut short: what is left of it, word by word
                    file = node["p"][2]
                    placed = run_positions(inlines, index)
                    for piece, start, end in placed:
                        if piece["t"] == "Str":
                            line.add(piece["c"], "t", Origin(file, start, end))
                        else:
                            line.space(" ")
                    index += len(placed)
                    continue
                position = node.get("p")
                if position is not None:
                    line.add(node["c"], "t", Origin(position[2], position[0], position[1]))
                else:
                    line.add(node["c"], "g", None, context)
            elif kind == "Space" or kind == "SoftBreak":
                line.space(" ")
            else:
                self.inline(node, line, context)
            index += 1

    def inline(self, node: Node, line: _Line, context: str) -> None:
        if "g" in node:
            line.add(_printed(node), "g", origin(node), node["g"])
            return
        kind = node.get("t")
        content = node.get("c")
        if kind == "Str":
            self.inlines([node], line, context)
        elif kind in ("Space", "SoftBreak"):
            line.space(" ")
        elif kind == "LineBreak":
            line.space(wordml.LINE_BREAK)
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            self.inlines(content, line, context)
        elif kind == "Quoted":
            double = content[0]["t"] == "DoubleQuote"
            line.space("“" if double else "‘")
            self.inlines(content[1], line, context)
            line.space("”" if double else "’")
        elif kind in ("Span", "Link"):
            self.inlines(content[1], line, context)
        elif kind == "Cite":
            keys = ",".join(c["citationId"] for c in content[0])
            line.add(_printed(content[1]), "g", origin(node), f"citation:{keys}")
            for note in _notes_in(content[1]):
                self.note(note, origin(node))
        elif kind == "Code":
            written = origin(node)
            line.add(content[1], "t" if written else "g", written, "" if written else context)
        elif kind == "Math":
            line.add(content[1], "g", origin(node), "math")
        elif kind == "RawInline":
            if content[0] == "openxml":
                text = _raw_inline_text(content[1])
                line.add(text, "g", None, "caption-number" if context == "caption" else "raw")
        elif kind == "Note":
            written = origin(node)
            line.add(wordml.NOTE_MARK, "g", written, "note-mark")
            self.note(node, written)

    def note(self, node: Node, origin: Origin | None) -> None:
        first = len(self.notes)
        self.blocks(node["c"], "note", self.notes)
        if len(self.notes) > first:  # pandoc starts a footnote with its mark and a space
            opening = self.notes[first]
            opening.prefix(" ", "g", None, "space")
            opening.prefix(wordml.NOTE_MARK, "g", origin, "note-mark")


def _printed(value: Any) -> str:
    """What inlines print (a formatted citation, a cross-reference), as the Word writer puts it."""
    out: list[str] = []

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                visit(child)
            return
        if not isinstance(item, dict):
            return
        kind = item.get("t")
        content = item.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append(wordml.LINE_BREAK)
        elif kind == "Quoted":
            double = content[0]["t"] == "DoubleQuote"
            out.append("“" if double else "‘")
            visit(content[1])
            out.append("”" if double else "’")
        elif kind == "Note":
            out.append(wordml.NOTE_MARK)
        elif kind in ("Code", "Math"):
            out.append(content[1])
        elif kind == "RawInline":
            if content[0] == "openxml":
                out.append(_raw_inline_text(content[1]))
        elif kind in ("Span", "Link", "Image"):
            if kind != "Image":
                visit(content[1])
        elif kind == "Cite":
            visit(content[1])
        elif isinstance(content, list):
            visit(content)

    visit(value)
    return "".join(out)


def _notes_in(inlines: list[Node]) -> list[Node]:
    return list(iter_nodes(inlines, "Note"))


_WRAPPER = (
    '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{}</w:body>'
)


def _raw_paragraphs(xml: str) -> list[etree._Element]:
    try:
        root = etree.fromstring(_WRAPPER.format(xml).encode("utf-8"))
    except etree.XMLSyntaxError:
        return []
    return list(root.iter(f"{{{wordml.W}}}p"))


_TEXT_ELEMENT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _raw_inline_text(xml: str) -> str:
    """The text runs of a piece of raw Word markup (a caption's "Figure 3", a cross-reference's result)."""
    return html.unescape("".join(_TEXT_ELEMENT.findall(xml)))


def _whole_run(inlines: list[Node], index: int, count: int) -> bool:
    """The ``count`` nodes from ``index`` are still the words and spaces the source map found together."""
    if index + count > len(inlines):
        return False
    return all(n["t"] in _PLAIN and "g" not in n for n in inlines[index + 1 : index + count])


def _anchors(document: Document) -> dict[str, Origin]:
    """Bookmark → where the heading or caption it marks was written (for lines of the contents)."""
    from ..ooxml.xml import bookmark_name

    found: dict[str, Origin] = {}
    for part in document.parts:
        for header in all_headers(part.blocks):
            written = _first_origin(header["c"][2])
            if written is not None:
                found[header["c"][1][0]] = written
    for item in document.items:
        written = _first_origin(item.caption)
        if written is not None:
            found[bookmark_name("Toc", item.sequence, item.kind)] = written
    return found


def _first_origin(inlines: list[Node]) -> Origin | None:
    for node in iter_nodes(inlines, "Str"):
        written = origin(node)
        if written is not None:
            return written
    return None


def printed_paragraphs(blocks: list[Node], attributes: list[list[Any]], text: str) -> list[tuple[int, int, str]]:
    """Each paragraph of a mapped file as (start, end, the author's words in it), and each attribute value
    (a figure's ``source``) likewise: what an edit is checked against once made."""
    printer = _Printer()
    printer.blocks(blocks, "text", printer.body)
    out = []
    for line in printer.body + printer.notes:
        if line.block is not None:
            out.append((line.block.start, line.block.end, authors_words(line.paragraph())))
    out.extend((start, end, text[start:end]) for start, end, _file in attributes)
    return out


def authors_words(paragraph: Paragraph, start: int = 0, end: int | None = None) -> str:
    """The text of ``paragraph[start:end]`` the author wrote (citations, numbers and labels left out)."""
    end = len(paragraph.text) if end is None else end
    return "".join(
        paragraph.text[max(s.start, start) : min(s.end, end)]
        for s in paragraph.segments
        if s.kind == "t" and s.start < end and s.end > start
    )


# --- aligning the printed tree with the .docx -------------------------------------------


def _aligned(printed: list[Paragraph], written: list[wordml.Paragraph]) -> list[Paragraph]:
    """The written paragraphs, each with the segments of the printed one it matches."""
    texts = [p.original for p in written]
    out = [Paragraph(text, [Segment(0, len(text), "g", None, "unknown")] if text else []) for text in texts]
    matcher = difflib.SequenceMatcher(None, [p.text for p in printed], texts, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(range(a0, a1), range(b0, b1))
        elif tag == "replace":
            pairs = _pair_by_likeness(printed, a0, a1, texts, b0, b1)
        else:
            continue
        for a, b in pairs:
            source = printed[a]
            target = out[b]
            target.context, target.section, target.block = source.context, source.section, source.block
            target.segments = source.segments if source.text == texts[b] else _carried(source, texts[b])
    for index, paragraph in enumerate(out):  # paragraphs only the .docx has take their neighbours' place
        if paragraph.section == ("", "") and index:
            paragraph.section = out[index - 1].section
    return out


def _pair_by_likeness(
    printed: list[Paragraph], a0: int, a1: int, texts: list[str], b0: int, b1: int
) -> list[tuple[int, int]]:
    pairs = []
    start = b0
    for a in range(a0, a1):
        for b in range(start, min(b1, start + 6)):
            matcher = difflib.SequenceMatcher(None, printed[a].text, texts[b], autojunk=False)
            if matcher.quick_ratio() >= 0.6 and matcher.ratio() >= 0.6:
                pairs.append((a, b))
                start = b + 1
                break
    return pairs


def _carried(source: Paragraph, text: str) -> list[Segment]:
    """Segments of ``source`` carried over to a slightly different ``text`` (what differs is generated)."""
    matcher = difflib.SequenceMatcher(None, source.text, text, autojunk=False)
    out: list[Segment] = []
    covered = 0
    for a, b, size in matcher.get_matching_blocks():
        if not size:
            continue
        if b > covered:
            out.append(Segment(covered, b, "g", None, "unknown"))
        for segment in source.segments:
            low, high = max(segment.start, a), min(segment.end, a + size)
            if low >= high:
                continue
            origin = segment.origin
            if segment.kind == "t" and origin is not None and _typed_as_printed(segment):
                shift = low - segment.start
                origin = Origin(origin.file, origin.start + shift, origin.start + shift + high - low)
            elif segment.kind == "t":
                origin = segment.origin
            out.append(Segment(b + low - a, b + high - a, segment.kind, origin, segment.info))
        covered = b + size
    if covered < len(text):
        out.append(Segment(covered, len(text), "g", None, "unknown"))
    return out


# --- records, made slice by slice ---------------------------------------------------------


@dataclass
class Piece:
    """The record of one slice of the manuscript (a chapter, as the .docx is written in slices): its
    paragraphs as written in the .docx, each with where its text came from."""

    body: list[Paragraph]
    notes: list[Paragraph]
    checked: bool = True  # matched with the .docx (a piece just printed from the tree is not, yet)

    def encoded(self) -> bytes:
        data = {"body": [_saved(p) for p in self.body], "notes": [_saved(p) for p in self.notes]}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    @classmethod
    def decoded(cls, data: bytes) -> Piece:
        loaded = json.loads(data)
        return cls([_loaded(p) for p in loaded["body"]], [_loaded(p) for p in loaded["notes"]])


class RecordJob:
    """The record of a manuscript being written: its text is read from the tree on a background thread while
    pandoc writes the .docx, then matched with what pandoc wrote.

    Each slice's piece is cached by what decides the slice's content, so after a change to one chapter only
    that chapter is read from the tree and from the .docx again.
    """

    def __init__(self, document: Document, cache_dir: Path | None = None):
        self.document = document
        self.cache_dir = cache_dir / "record" if cache_dir is not None else None
        self.printed: Future[list[tuple[str, Piece]]] | None = None

    def start(self, slices: list[list[Node]], names: list[str] | None = None) -> None:
        """Read the slices (with ``names`` that say what decides their content) on a thread of their own."""
        self.printed = in_background(self._print, slices, names, name="record")

    def finish(self, docx: Any) -> Record:
        """The record, once the .docx (open in python-docx) is written."""
        assert self.printed is not None, "start() was not called"
        pieces = self.printed.result()
        written = wordml.WrittenText(docx)
        if not _checked_in_place(pieces, written, self._keep):
            body = _aligned([p for _, piece in pieces for p in piece.body], written.all_body())
            notes = _aligned([p for _, piece in pieces for p in piece.notes], written.all_notes())
            pieces = [("", Piece(body, notes))]
        return _record(self.document, [piece for _, piece in pieces])

    def _print(self, slices: list[list[Node]], names: list[str] | None) -> list[tuple[str, Piece]]:
        anchors = _anchors(self.document)
        out = []
        for index, blocks in enumerate(slices):
            key = self._key(blocks, anchors, names[index] if names else None)
            piece = self._cached(key) if key else None
            if piece is None:
                printer = _Printer(anchors=anchors)
                printer.blocks(blocks, "text", printer.body)
                body = [line.paragraph() for line in printer.body]
                piece = Piece(body, [line.paragraph() for line in printer.notes], checked=False)
            out.append((key, piece))
        return out

    def _key(self, blocks: list[Node], anchors: dict[str, Origin], name: str | None) -> str:
        if name is None or self.cache_dir is None:
            return ""
        digest = hashlib.sha256(f"{RECORD_VERSION} {sourcemap_version()} {name}".encode())
        if any(b.get("t") == "RawBlock" and "TOC " in b["c"][1] for b in blocks):
            digest.update(json.dumps(anchors, sort_keys=True).encode())  # the contents point at the headings
        return digest.hexdigest()[:40]

    def _cached(self, key: str) -> Piece | None:
        if self.cache_dir is None:
            return None
        data = cachefile.load(self.cache_dir / f"{key}.json")
        try:
            return Piece.decoded(data) if data is not None else None
        except (ValueError, KeyError, IndexError, TypeError):
            return None

    def _keep(self, key: str, piece: Piece) -> None:
        if self.cache_dir is not None and key:
            cachefile.store(self.cache_dir / f"{key}.json", piece.encoded())


def _checked_in_place(
    pieces: list[tuple[str, Piece]], written: wordml.WrittenText, keep: Callable[[str, Piece], None]
) -> bool:
    """Match each piece just printed with its own stretch of the .docx (the pieces of a slice pandoc wrote
    before are as they were). False when the pieces do not add up to the document: then it is matched whole."""
    body_at = notes_at = 0
    for key, piece in pieces:
        if not piece.checked:
            body = written.body(body_at, len(piece.body))
            notes = written.notes(notes_at, len(piece.notes))
            if [p.text for p in piece.body] != [p.original for p in body]:
                return False
            if [p.text for p in piece.notes] != [p.original for p in notes]:
                return False
            piece.checked = True
            keep(key, piece)
        body_at += len(piece.body)
        notes_at += len(piece.notes)
    return body_at == written.body_count and notes_at == written.notes_count


def _saved(paragraph: Paragraph) -> list[Any]:
    return [
        paragraph.text,
        [[s.start, s.end, s.kind, list(s.origin) if s.origin else None, s.info] for s in paragraph.segments],
        paragraph.context,
        list(paragraph.section),
        list(paragraph.block) if paragraph.block else None,
    ]


def _loaded(data: list[Any]) -> Paragraph:
    text, segments, context, section, block = data
    return Paragraph(
        text,
        [Segment(s[0], s[1], s[2], Origin(*s[3]) if s[3] else None, s[4]) for s in segments],
        context,
        (section[0], section[1]),
        Origin(*block) if block else None,
    )


def _record(document: Document, pieces: list[Piece]) -> Record:
    project = document.project
    texts = {c.rel: c.text for c in project.chapters} | {CONFIG_NAME: project.config_text}
    encoded = [piece.encoded() for piece in pieces]
    body = [p for piece in pieces for p in piece.body]
    notes = [p for piece in pieces for p in piece.notes]
    used = sorted({s.origin.file for p in body + notes for s in p.segments if s.origin is not None})
    sources = {name: texts[name] for name in used if name in texts}
    digest = hashlib.sha256()
    for data in encoded:
        digest.update(hashlib.sha256(data).digest())
    for name in used:
        digest.update(f"{name}\0{_text_hash(sources.get(name, ''))}".encode())
    record = Record(digest.hexdigest()[:20], body, notes, sources, time.time())
    record.pieces = encoded
    return record


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_record(record: Record, out_dir: Path) -> None:
    """Keep the record in ``out_dir/.review``: an index of its pieces and of the sources as they were, each
    piece and source stored once however many records share it. Old records are pruned."""
    folder = out_dir / RECORDS
    target = folder / f"{record.ident}.json.gz"
    try:
        if target.is_file():
            os.utime(target)  # the same manuscript built again: keep the record young
            return
        pieces = record.pieces or [Piece(record.body, record.notes).encoded()]
        names = []
        for data in pieces:
            name = hashlib.sha256(data).hexdigest()
            names.append(name)
            _store(folder / "pieces" / f"{name}.json.gz", data)
        sources = {}
        for rel, text in record.sources.items():
            sources[rel] = _text_hash(text)
            _store(folder / "sources" / f"{sources[rel]}.txt.gz", text.encode("utf-8"))
        index = {"version": RECORD_VERSION, "id": record.ident, "created": record.created}
        index |= {"sources": sources, "pieces": names}
        write_atomically(target, gzip.compress(json.dumps(index).encode("utf-8"), 1))
        _prune(folder)
    except OSError:
        pass  # an unwritable folder costs review its record, never the build


def _store(path: Path, data: bytes) -> None:
    if not path.is_file():
        write_atomically(path, gzip.compress(data, 1))


def _prune(folder: Path) -> None:
    records = sorted(folder.glob("*.json.gz"), key=lambda p: p.stat().st_mtime)
    if len(records) <= KEEP_RECORDS:
        return
    for old in records[: len(records) - KEEP_RECORDS]:
        old.unlink(missing_ok=True)
    wanted = set()
    for kept in folder.glob("*.json.gz"):
        try:
            index = json.loads(gzip.decompress(kept.read_bytes()))
            wanted.update(index["sources"].values())
            wanted.update(index["pieces"])
        except (OSError, ValueError, KeyError):
            continue
    for stored in [*(folder / "sources").glob("*.gz"), *(folder / "pieces").glob("*.gz")]:
        if stored.name.split(".")[0] not in wanted:
            stored.unlink(missing_ok=True)


def load_record(path: Path) -> Record | None:
    """A record written by ``save_record``; None when it is missing, damaged or of another version."""
    try:
        index = json.loads(gzip.decompress(path.read_bytes()))
        if index.get("version") != RECORD_VERSION:
            return None
        folder = path.parent
        sources = {
            rel: gzip.decompress((folder / "sources" / f"{digest}.txt.gz").read_bytes()).decode("utf-8")
            for rel, digest in index["sources"].items()
        }
        pieces = [
            Piece.decoded(gzip.decompress((folder / "pieces" / f"{n}.json.gz").read_bytes())) for n in index["pieces"]
        ]
        body = [p for piece in pieces for p in piece.body]
        notes = [p for piece in pieces for p in piece.notes]
        return Record(index["id"], body, notes, sources, index.get("created", path.stat().st_mtime))
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, gzip.BadGzipFile):
        return None


def records_in(folder: Path) -> list[Path]:
    """Record files in a build folder, newest first."""
    directory = folder / RECORDS
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.json.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
