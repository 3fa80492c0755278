"""One Word package from pieces of several that pandoc wrote for parts of one document.

pandoc's docx writer is the slowest step of a build, and it always writes the
whole file. So the manuscript is written in slices (each cached by its
content, several slices to one pandoc run when many are missing, the runs in
parallel) and stitched here. The result starts from a skeleton (pandoc's
package for an empty document: styles, settings, final section); each piece is
a range of body elements of one written package, brought over with exactly the
pictures, links, footnotes and lists it uses (relationship ids renumbered,
pictures renamed) and any style the skeleton lacks. Bookmark, footnote, list
and drawing ids are renumbered so they stay unique in the stitched file.

A package with comments is not stitched: ``stitch`` raises ``CannotMerge`` and
the caller writes the document in one pass.
"""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"w": W, "r": R, "wp": WP, "rel": PACKAGE_RELS, "ct": CONTENT_TYPES}

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
FOOTNOTES = "word/footnotes.xml"
FOOTNOTE_RELS = "word/_rels/footnotes.xml.rels"
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
COMMENTS = "word/comments.xml"
TYPES = "[Content_Types].xml"


_R = f"{{{R}}}"
_DOC_PR = f"{{{WP}}}docPr"
# Every node whose ids are renumbered: bookmarks, note references, list references, drawings, and
# anything pointing at a relationship.
_MARKED = etree.XPath(
    "descendant-or-self::w:bookmarkStart | descendant-or-self::w:bookmarkEnd | .//w:footnoteReference"
    " | .//w:numPr/w:numId | .//wp:docPr | .//*[@r:id or @r:embed or @r:link or @r:pict]",
    namespaces=NS,
)


class CannotMerge(Exception):
    """A slice holds something the stitcher does not renumber (comments); write in one pass instead."""


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class _Counters:
    """The next free id of each kind in the stitched package."""

    relationship: int = 1
    bookmark: int = 1
    footnote: int = 1
    num: int = 1
    drawing: int = 1

    def take(self, kind: str) -> int:
        value = getattr(self, kind)
        setattr(self, kind, value + 1)
        return value


@dataclass
class _Imported:
    """What one package's ids became in the stitched package."""

    relationships: dict[str, str] = field(default_factory=dict)
    bookmarks: dict[str, str] = field(default_factory=dict)
    footnotes: dict[str, str] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)


class _Package:
    """A docx read from bytes, its XML parts parsed on first use."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())
        self.trees: dict[str, Any] = {}
        self._body: list[Any] | None = None
        self._marked: list[list[Any]] = []

    def xml(self, name: str) -> Any | None:
        if name not in self.trees:
            self.trees[name] = etree.fromstring(self.zip.read(name)) if name in self.names else None
        return self.trees[name]

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def body(self) -> list[Any]:
        """The body's elements as written (a list kept aside: pieces move elements out of the tree)."""
        if self._body is None:
            body = self.xml(DOCUMENT).find(_w("body"))
            self._body = [child for child in body if child.tag != _w("sectPr")]
            position = {id(child): index for index, child in enumerate(self._body)}
            self._marked = [[] for _ in self._body]
            for node in _MARKED(body):  # one query for the whole body, then each node to its element
                top = node
                while id(top) not in position and top.getparent() is not None:
                    top = top.getparent()
                if id(top) in position:
                    self._marked[position[id(top)]].append(node)
        return self._body

    def marked(self, start: int, end: int | None) -> list[Any]:
        """The nodes with ids to renumber in body elements ``start`` to ``end``."""
        self.body()
        return [node for nodes in self._marked[start:end] for node in nodes]


@dataclass(frozen=True)
class Piece:
    """Body elements ``start`` to ``end`` (exclusive; None: to the last) of the package called ``package``."""

    package: str
    start: int = 0
    end: int | None = None


def stitch(skeleton: bytes, packages: dict[str, bytes], pieces: list[Piece]) -> bytes:
    """The pieces one after another in the skeleton's package."""
    opened = {name: _Package(packages[name]) for name in dict.fromkeys(p.package for p in pieces)}
    for package in opened.values():
        _refuse_comments(package)
    stitcher = _Stitcher(_Package(skeleton))
    for piece in pieces:
        stitcher.append(piece.package, opened[piece.package], piece.start, piece.end)
    return stitcher.write()


def body_elements(document_xml: bytes) -> list[Any]:
    """The body's elements, but its final section properties."""
    body = etree.fromstring(document_xml).find(_w("body"))
    return [child for child in body if child.tag != _w("sectPr")]


def _refuse_comments(package: _Package) -> None:
    comments = package.xml(COMMENTS)
    if comments is not None and len(comments):
        raise CannotMerge("a slice has comments")


class _Stitcher:
    def __init__(self, base: _Package):
        self.base = base
        self.document = base.xml(DOCUMENT)
        self.body = self.document.find(_w("body"))
        last = self.body[-1] if len(self.body) else None
        self.final_section = last if last is not None and last.tag == _w("sectPr") else None
        self.rels = base.xml(DOCUMENT_RELS)
        self.note_rels = base.xml(FOOTNOTE_RELS)
        if self.note_rels is None:
            self.note_rels = etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
        self.notes = base.xml(FOOTNOTES)
        self.numbering = base.xml(NUMBERING)
        self.styles = base.xml(STYLES)
        self.types = base.xml(TYPES)
        self.media: dict[str, bytes] = {}
        self.counters = self._counters()
        self.base_rels = {r.get("Id"): r for r in self.rels}
        self.abstract_nums = {a.get(_w("abstractNumId")) for a in self._numbering_children("abstractNum")}
        self.style_ids = {s.get(_w("styleId")) for s in self.styles.iterfind("w:style", NS)}
        self.imported: dict[str, _Imported] = {}  # per package: what its ids became
        self.taken: set[int] = set()

    def _counters(self) -> _Counters:
        def highest(values: Iterator[str | None], strip: str = "") -> int:
            numbers = [int(v[len(strip) :]) for v in values if v and v.startswith(strip) and v[len(strip) :].isdigit()]
            return max(numbers, default=0)

        bookmarks = self.document.iterfind(".//w:bookmarkStart", NS)
        notes = self.notes.iterfind("w:footnote", NS) if self.notes is not None else iter(())
        return _Counters(
            relationship=highest((r.get("Id") for r in [*self.rels, *self.note_rels]), "rId") + 1,
            bookmark=highest(b.get(_w("id")) for b in bookmarks) + 1,
            footnote=highest(n.get(_w("id")) for n in notes) + 1,
            num=highest(n.get(_w("numId")) for n in self._numbering_children("num")) + 1,
            drawing=highest(d.get("id") for d in self.document.iterfind(".//wp:docPr", NS)) + 1,
        )

    def _numbering_children(self, name: str) -> list[Any]:
        return [] if self.numbering is None else self.numbering.findall(_w(name))

    # one piece
    def append(self, name: str, package: _Package, start: int, end: int | None) -> None:
        ids = self.imported.get(name)
        if ids is None:
            ids = self.imported[name] = _Imported()
            self._take_styles(package)
        elements = package.body()[start:end]
        if any(id(e) in self.taken for e in elements):  # a range taken twice: take a copy
            elements = [copy.deepcopy(e) for e in elements]
            marked = [node for element in elements for node in _MARKED(element)]
        else:
            marked = package.marked(start, end)
        self.taken.update(id(e) for e in elements)
        notes = self._take_footnotes(package, ids, marked)
        marked_in_notes = [node for note in notes for node in _MARKED(note)]
        self._take_relationships(package, ids, [*marked, *marked_in_notes])
        self._take_lists(package, ids, marked)
        self._renumber([*marked, *marked_in_notes], ids)
        at = self.body.index(self.final_section) if self.final_section is not None else len(self.body)
        self.body[at:at] = elements
        self.notes.extend(notes)

    def _take_relationships(self, package: _Package, ids: _Imported, marked: list[Any]) -> None:
        """Bring over the relationships the marked nodes use (pictures with their files, links)."""
        used = {value for node in marked for name, value in node.attrib.items() if name.startswith(_R)}
        wanted = used - ids.relationships.keys()
        if not wanted:
            return
        notes = package.xml(FOOTNOTE_RELS)
        in_notes = {r.get("Id") for r in notes} if notes is not None else set()
        for relationship in [*package.xml(DOCUMENT_RELS), *(notes if notes is not None else [])]:
            old = relationship.get("Id")
            if old not in wanted or old in ids.relationships:
                continue
            target = relationship.get("Target", "")
            external = relationship.get("TargetMode") == "External"
            shared = self.base_rels.get(old)
            if (
                shared is not None
                and shared.get("Type") == relationship.get("Type")
                and shared.get("Target") == target
                and (external or not target.startswith("media/"))
            ):
                ids.relationships[old] = old  # a part every package shares (styles, footer, …) or the same link
                continue
            new = f"rId{self.counters.take('relationship')}"
            ids.relationships[old] = new
            copied = etree.Element(f"{{{PACKAGE_RELS}}}Relationship", dict(relationship.attrib))
            copied.set("Id", new)
            if not external:
                part = posixpath.normpath(posixpath.join("word", target))
                renamed = posixpath.join(posixpath.dirname(target), new + posixpath.splitext(target)[1])
                copied.set("Target", renamed)
                self._add_media(package, part, posixpath.normpath(posixpath.join("word", renamed)))
            self.rels.append(copied)
            if old in in_notes:
                self.note_rels.append(etree.Element(f"{{{PACKAGE_RELS}}}Relationship", dict(copied.attrib)))

    def _add_media(self, package: _Package, part: str, renamed: str) -> None:
        self.media[renamed] = package.read(part)
        types = package.xml(TYPES)
        override = types.find(f"ct:Override[@PartName='/{part}']", NS)
        if override is not None:
            etree.SubElement(
                self.types,
                f"{{{CONTENT_TYPES}}}Override",
                PartName=f"/{renamed}",
                ContentType=override.get("ContentType"),
            )
            return
        extension = posixpath.splitext(part)[1].lstrip(".").lower()
        default = types.find(f"ct:Default[@Extension='{extension}']", NS)
        known = self.types.find(f"ct:Default[@Extension='{extension}']", NS)
        if default is not None and known is None:
            self.types.insert(0, etree.Element(f"{{{CONTENT_TYPES}}}Default", dict(default.attrib)))

    def _take_lists(self, package: _Package, ids: _Imported, marked: list[Any]) -> None:
        """Bring over the lists the elements use. pandoc derives a list definition's id from its style,
        so equal ids are equal definitions; each list (``w:num``) gets a new id."""
        used = {node.get(_w("val")) for node in marked if node.tag == _w("numId")}
        wanted = used - ids.nums.keys()
        numbering = package.xml(NUMBERING)
        if not wanted or numbering is None or self.numbering is None:
            return
        definitions = {a.get(_w("abstractNumId")): a for a in numbering.findall(_w("abstractNum"))}
        first_num = self.numbering.find(_w("num"))
        for num in numbering.findall(_w("num")):
            if num.get(_w("numId")) not in wanted:
                continue
            abstract_id = num.find(_w("abstractNumId")).get(_w("val"))
            if abstract_id not in self.abstract_nums and abstract_id in definitions:
                self.abstract_nums.add(abstract_id)
                definition = copy.deepcopy(definitions[abstract_id])
                if first_num is not None:
                    first_num.addprevious(definition)
                else:
                    self.numbering.append(definition)
            new = str(self.counters.take("num"))
            ids.nums[num.get(_w("numId"))] = new
            copied = copy.deepcopy(num)
            copied.set(_w("numId"), new)
            self.numbering.append(copied)

    def _take_styles(self, package: _Package) -> None:
        styles = package.xml(STYLES)
        for style in styles.iterfind("w:style", NS) if styles is not None else ():
            if style.get(_w("styleId")) not in self.style_ids:
                self.style_ids.add(style.get(_w("styleId")))
                self.styles.append(style)

    def _take_footnotes(self, package: _Package, ids: _Imported, marked: list[Any]) -> list[Any]:
        """Copies of the footnotes the marked nodes refer to, with their new ids."""
        used = {node.get(_w("id")) for node in marked if node.tag == _w("footnoteReference")}
        wanted = used - ids.footnotes.keys()
        notes = package.xml(FOOTNOTES)
        if not wanted or notes is None:
            return []
        if self.notes is None:
            raise CannotMerge("a piece has footnotes but the skeleton has no footnotes part")
        taken = []
        for note in notes.findall(_w("footnote")):
            if note.get(_w("id")) in wanted:
                new = str(self.counters.take("footnote"))
                ids.footnotes[note.get(_w("id"))] = new
                copied = copy.deepcopy(note)
                copied.set(_w("id"), new)
                taken.append(copied)
        return taken

    def _renumber(self, marked: list[Any], ids: _Imported) -> None:
        """Rewrite the marked nodes' references to relationships, bookmarks, footnotes and lists."""
        bookmark_tags = (_w("bookmarkStart"), _w("bookmarkEnd"))
        for node in marked:
            tag = node.tag
            if tag in bookmark_tags:
                old = node.get(_w("id"))
                if old not in ids.bookmarks:
                    ids.bookmarks[old] = str(self.counters.take("bookmark"))
                node.set(_w("id"), ids.bookmarks[old])
            elif tag == _w("footnoteReference"):
                node.set(_w("id"), ids.footnotes.get(node.get(_w("id")), node.get(_w("id"))))
            elif tag == _w("numId"):
                node.set(_w("val"), ids.nums.get(node.get(_w("val")), node.get(_w("val"))))
            elif tag == _DOC_PR:
                node.set("id", str(self.counters.take("drawing")))
            for name, value in node.attrib.items():
                if name.startswith(_R) and value in ids.relationships:
                    node.set(name, ids.relationships[value])

    def write(self) -> bytes:
        edited = {
            DOCUMENT: self.document,
            DOCUMENT_RELS: self.rels,
            FOOTNOTES: self.notes,
            NUMBERING: self.numbering,
            STYLES: self.styles,
            TYPES: self.types,
        }
        if len(self.note_rels) or FOOTNOTE_RELS in self.base.names:
            edited[FOOTNOTE_RELS] = self.note_rels
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            written = set()
            for info in self.base.zip.infolist():
                name = info.filename
                tree = edited.get(name)
                if tree is not None:
                    package.writestr(name, _serialize(tree))
                else:
                    package.writestr(info, self.base.read(name))
                written.add(name)
            for name, tree in edited.items():
                if name not in written and tree is not None:
                    package.writestr(name, _serialize(tree))
            for name, data in self.media.items():
                package.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        return out.getvalue()


def _serialize(tree: Any) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
