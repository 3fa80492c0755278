"""Edit a built manuscript the way Microsoft Word saves a reviewed file.

Word splits text into many runs (revision-save ids, proofing marks, a hidden
``_GoBack`` bookmark), writes a tracked replacement as a ``w:del`` of the old
runs followed by a ``w:ins``, anchors a comment to a range with
``commentRangeStart``/``End`` and a reference run, keeps comment threads in
``commentsExtended.xml`` (a reply names its parent's last paragraph id), and
marks an inserted paragraph by an ``w:ins`` in its paragraph mark. Edits made
with Track Changes off leave no mark at all.

Only test code: it writes what Word writes, so that review is tried on it.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Reviewed:
    """A manuscript open for editing; ``save`` writes the returned file."""

    source: Path
    author: str = "Ines Reviewer"
    date: str = "2026-11-20T09:30:00Z"
    parts: dict[str, etree._Element] = field(default_factory=dict)
    comments: list[tuple[int, str, str, str, int | None, bool]] = field(default_factory=list)
    ids: itertools.count = field(default_factory=lambda: itertools.count(700))

    def __post_init__(self) -> None:
        with zipfile.ZipFile(self.source) as archive:
            for name in ("word/document.xml", "word/footnotes.xml"):
                if name in archive.namelist():
                    self.parts[name] = etree.fromstring(archive.read(name))

    # finding text -------------------------------------------------------------------
    def _paragraphs(self, part: str) -> list[etree._Element]:
        return self.parts[part].findall(".//w:p", NS)

    def _runs_for(self, text: str, occurrence: int = 1) -> tuple[str, list[etree._Element]]:
        """The runs holding exactly ``text`` (split where it starts and ends), in whichever part has it."""
        seen = 0
        for part in self.parts:
            for paragraph in self._paragraphs(part):
                runs = [r for r in paragraph.iter(w("r")) if r.find("w:t", NS) is not None and _top_level(r)]
                joined = "".join(r.find("w:t", NS).text or "" for r in runs)
                start = joined.find(text)
                while start >= 0:
                    seen += 1
                    if seen == occurrence:
                        return part, _isolate(runs, start, start + len(text))
                    start = joined.find(text, start + 1)
        raise AssertionError(f"{text!r} is not in the manuscript")

    # edits --------------------------------------------------------------------------
    def replace(self, old: str, new: str, *, tracked: bool = True, occurrence: int = 1) -> None:
        _part, runs = self._runs_for(old, occurrence)
        if not tracked:
            runs[0].find("w:t", NS).text = new
            for run in runs[1:]:
                run.getparent().remove(run)
            return
        deleted = self._wrap(runs, "del")
        for run in runs:
            text = run.find("w:t", NS)
            text.tag = w("delText")
        if new:
            inserted = etree.Element(w("ins"), self._revision())
            inserted.append(_run_like(runs[-1], new))
            deleted.addnext(inserted)

    def delete(self, old: str, *, tracked: bool = True, occurrence: int = 1) -> None:
        self.replace(old, "", tracked=tracked, occurrence=occurrence)

    def insert_after(self, anchor: str, new: str, *, tracked: bool = True, occurrence: int = 1) -> None:
        _part, runs = self._runs_for(anchor, occurrence)
        added = _run_like(runs[-1], new)
        if tracked:
            wrapper = etree.Element(w("ins"), self._revision())
            wrapper.append(added)
            added = wrapper
        runs[-1].addnext(added)

    def new_paragraph_after(self, anchor: str, text: str) -> None:
        """Enter pressed at the end of the paragraph holding ``anchor``, then ``text`` typed (tracked)."""
        _part, runs = self._runs_for(anchor)
        paragraph = runs[0].getparent()
        while paragraph.tag != w("p"):
            paragraph = paragraph.getparent()
        properties = paragraph.find("w:pPr", NS)
        if properties is None:
            properties = etree.SubElement(paragraph, w("pPr"))
            paragraph.insert(0, properties)
        marks = properties.find("w:rPr", NS)
        if marks is None:
            marks = etree.SubElement(properties, w("rPr"))
        etree.SubElement(marks, w("ins"), self._revision())  # this paragraph's mark is the new one
        added = etree.Element(w("p"))
        style = properties.find("w:pStyle", NS)
        if style is not None:
            added_properties = etree.SubElement(added, w("pPr"))
            added_properties.append(etree.fromstring(etree.tostring(style)))
        inserted = etree.SubElement(added, w("ins"), self._revision())
        inserted.append(_run_like(runs[-1], text))
        paragraph.addnext(added)

    def _paragraph_of(self, anchor: str) -> etree._Element:
        _part, runs = self._runs_for(anchor)
        paragraph = runs[0].getparent()
        while paragraph.tag != w("p"):
            paragraph = paragraph.getparent()
        return paragraph

    def _mark(self, paragraph: etree._Element, kind: str) -> None:
        """Track the paragraph mark itself as inserted or deleted."""
        properties = paragraph.find("w:pPr", NS)
        if properties is None:
            properties = etree.Element(w("pPr"))
            paragraph.insert(0, properties)
        marks = properties.find("w:rPr", NS)
        if marks is None:
            marks = etree.SubElement(properties, w("rPr"))
        etree.SubElement(marks, w(kind), self._revision())

    def delete_paragraph(self, anchor: str) -> None:
        """Select a whole paragraph, its mark included, and delete it."""
        paragraph = self._paragraph_of(anchor)
        runs = [r for r in paragraph if r.tag == w("r") and r.find("w:t", NS) is not None]
        self._wrap(runs, "del")
        for run in runs:
            run.find("w:t", NS).tag = w("delText")
        self._mark(paragraph, "del")

    def split_before(self, anchor: str) -> None:
        """The cursor put before ``anchor`` and Enter pressed: the first half gets a new paragraph mark."""
        _part, runs = self._runs_for(anchor)
        paragraph = self._paragraph_of(anchor)
        first = etree.Element(w("p"))
        properties = paragraph.find("w:pPr", NS)
        if properties is not None:
            first.append(etree.fromstring(etree.tostring(properties)))
        for child in list(paragraph):
            if child is runs[0]:
                break
            if child.tag != w("pPr"):
                first.append(child)
        paragraph.addprevious(first)
        self._mark(first, "ins")

    def join_with_next(self, anchor: str) -> None:
        """The paragraph mark after ``anchor``'s paragraph deleted: it runs on into the next one."""
        self._mark(self._paragraph_of(anchor), "del")

    def make_italic(self, text: str) -> None:
        _part, runs = self._runs_for(text)
        for run in runs:
            properties = run.find("w:rPr", NS)
            if properties is None:
                properties = etree.Element(w("rPr"))
                run.insert(0, properties)
            change = etree.Element(w("rPrChange"), self._revision())
            change.append(etree.fromstring(etree.tostring(properties)))
            properties.append(etree.Element(w("i")))
            properties.append(change)

    def insert_row_after(self, cell_text: str, cells: list[str]) -> None:
        """A table row added after the row holding ``cell_text``, its text typed with tracking on."""
        row = self._paragraph_of(cell_text).getparent().getparent()
        assert row.tag == w("tr")
        added = etree.fromstring(etree.tostring(row))
        properties = added.find("w:trPr", NS)
        if properties is None:
            properties = etree.Element(w("trPr"))
            added.insert(0, properties)
        etree.SubElement(properties, w("ins"), self._revision())
        for cell, text in zip(added.findall("w:tc", NS), cells):
            paragraph = cell.find("w:p", NS)
            for run in paragraph.findall("w:r", NS):
                paragraph.remove(run)
            inserted = etree.SubElement(paragraph, w("ins"), self._revision())
            run = etree.SubElement(inserted, w("r"))
            etree.SubElement(run, w("t")).text = text
            self._mark(paragraph, "ins")
        row.addnext(added)

    def comment(self, anchor: str, text: str, *, replies: tuple[tuple[str, str], ...] = (), done: bool = False) -> None:
        _part, runs = self._runs_for(anchor)
        ident = len(self.comments)
        start = etree.Element(w("commentRangeStart"), {w("id"): str(ident)})
        end = etree.Element(w("commentRangeEnd"), {w("id"): str(ident)})
        runs[0].addprevious(start)
        runs[-1].addnext(end)
        reference = etree.Element(w("r"))
        etree.SubElement(etree.SubElement(reference, w("rPr")), w("rStyle"), {w("val"): "CommentReference"})
        etree.SubElement(reference, w("commentReference"), {w("id"): str(ident)})
        end.addnext(reference)
        self.comments.append((ident, self.author, self.date, text, None, done))
        for author, reply in replies:
            self.comments.append((len(self.comments), author, self.date, reply, ident, False))

    def fragment_runs(self) -> None:
        """Split every run into one run per word, with revision-save ids and proofing marks, as Word does."""
        rsid = itertools.count(0x00A1B2C3)
        for part in self.parts:
            for run in list(self.parts[part].iter(w("r"))):
                text = run.find("w:t", NS)
                if text is None or not _top_level(run) or not text.text or len(run) > 2:
                    continue
                words = re.findall(r"\S+\s*|\s+", text.text)
                if len(words) < 2:
                    continue
                for index, word in enumerate(words):
                    piece = _run_like(run, word)
                    piece.set(w("rsidR"), f"{next(rsid):08X}")
                    run.addprevious(piece)
                    if index == 1:
                        run.addprevious(etree.Element(w("proofErr"), {w("type"): "spellStart"}))
                        run.addprevious(etree.Element(w("proofErr"), {w("type"): "spellEnd"}))
                run.getparent().remove(run)
        body = self.parts["word/document.xml"].find("w:body", NS)
        first = body.find("w:p", NS)
        first.append(etree.Element(w("bookmarkStart"), {w("id"): "0", w("name"): "_GoBack"}))
        first.append(etree.Element(w("bookmarkEnd"), {w("id"): "0"}))

    # saving -------------------------------------------------------------------------
    def save(self, target: Path) -> Path:
        with zipfile.ZipFile(self.source) as archive:
            items = {name: archive.read(name) for name in archive.namelist()}
        for name, root in self.parts.items():
            items[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self.comments:
            items["word/comments.xml"], items["word/commentsExtended.xml"] = self._comment_parts()
            items["[Content_Types].xml"] = _with_override(
                items["[Content_Types].xml"],
                "/word/commentsExtended.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
            )
            items["word/_rels/document.xml.rels"] = _with_relationship(
                items["word/_rels/document.xml.rels"],
                "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
                "commentsExtended.xml",
            )
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in items.items():
                archive.writestr(name, data)
        return target

    def _comment_parts(self) -> tuple[bytes, bytes]:
        comments = etree.Element(w("comments"), nsmap={"w": W, "w14": W14})
        extended = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
        para_ids = {}
        for ident, author, date, text, parent, done in self.comments:
            element = etree.SubElement(
                comments, w("comment"), {w("id"): str(ident), w("author"): author, w("date"): date, w("initials"): "IR"}
            )
            para_id = f"{0x1A2B3C00 + ident:08X}"
            para_ids[ident] = para_id
            paragraph = etree.SubElement(element, w("p"), {f"{{{W14}}}paraId": para_id})
            reference = etree.SubElement(paragraph, w("r"))
            etree.SubElement(reference, w("annotationRef"))
            run = etree.SubElement(paragraph, w("r"))
            etree.SubElement(run, w("t")).text = text
            entry = {f"{{{W15}}}paraId": para_id, f"{{{W15}}}done": "1" if done else "0"}
            if parent is not None:
                entry[f"{{{W15}}}paraIdParent"] = para_ids[parent]
            etree.SubElement(extended, f"{{{W15}}}commentEx", entry)
        return (
            etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True),
            etree.tostring(extended, xml_declaration=True, encoding="UTF-8", standalone=True),
        )

    def _revision(self) -> dict[str, str]:
        return {w("id"): str(next(self.ids)), w("author"): self.author, w("date"): self.date}

    def _wrap(self, runs: list[etree._Element], kind: str) -> etree._Element:
        wrapper = etree.Element(w(kind), self._revision())
        runs[0].addprevious(wrapper)
        for run in runs:
            wrapper.append(run)
        return wrapper


def _top_level(run: etree._Element) -> bool:
    """A run of the text itself: not inside a field's instructions, a deletion or a comment."""
    parent = run.getparent()
    return parent is not None and parent.tag in (w("p"), w("hyperlink"), w("bookmarkStart"))


def _run_like(run: etree._Element, text: str) -> etree._Element:
    copy = etree.Element(w("r"))
    properties = run.find("w:rPr", NS)
    if properties is not None:
        copy.append(etree.fromstring(etree.tostring(properties)))
    element = etree.SubElement(copy, w("t"))
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return copy


def _isolate(runs: list[etree._Element], start: int, end: int) -> list[etree._Element]:
    """Split runs so that ``[start, end)`` of their joined text is exactly some whole runs; return those."""
    out = []
    position = 0
    for run in runs:
        text = run.find("w:t", NS).text or ""
        run_start, run_end = position, position + len(text)
        position = run_end
        if run_end <= start or run_start >= end:
            continue
        low, high = max(start, run_start) - run_start, min(end, run_end) - run_start
        if low > 0:
            run.addprevious(_run_like(run, text[:low]))
        if high < len(text):
            run.addnext(_run_like(run, text[high:]))
        run.find("w:t", NS).text = text[low:high]
        run.find("w:t", NS).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        out.append(run)
    return out


def _with_override(types: bytes, part: str, content_type: str) -> bytes:
    root = etree.fromstring(types)
    if not any(o.get("PartName") == part for o in root.findall(f"{{{CT}}}Override")):
        etree.SubElement(root, f"{{{CT}}}Override", {"PartName": part, "ContentType": content_type})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_relationship(rels: bytes, kind: str, target: str) -> bytes:
    root = etree.fromstring(rels)
    if not any(r.get("Target") == target for r in root.findall(f"{{{REL}}}Relationship")):
        etree.SubElement(root, f"{{{REL}}}Relationship", {"Id": "rIdReview1", "Type": kind, "Target": target})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
