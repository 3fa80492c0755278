"""From a change in the manuscript as sent to the author's sources: where it is, and the edit that makes it.

A change is cut into edits word by word (so "two weeks" → "ten days" across a
source line break keeps the line break), and each edit is placed through the
record's segments: words the author typed become offsets in their file;
text the build generated (a citation, a figure number, the legal page) makes
the change a ``generated`` one, with what to change instead. Offsets here are
in the sources as they were at that build; ``edits`` moves them to the files
as they are now.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..sourcemap import Origin
from .changes import PARAGRAPH_BREAK, Change, word_diff
from .record import Paragraph, Record, Segment

ANCHORED = ("citation", "xref", "note-mark")  # generated text that stands for a construct a deletion may remove
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$^~|])")  # marks pandoc would read
_CITATION_LIKE = re.compile(r"(?<![\w])@")
_LINE_START_SPECIAL = re.compile(r"(?m)^([#>+-]|\d+[.)])(?=\s)")


@dataclass(frozen=True)
class Edit:
    """Replace ``[start, end)`` of ``file`` (offsets in the text as the build read it) with ``text``."""

    file: str
    start: int
    end: int
    text: str


@dataclass
class Placement:
    edits: list[Edit] = field(default_factory=list)
    at: Origin | None = None  # where the change is in the sources (or what generates it)
    generated: str = ""  # the kind of generated text it touches ("" when it is the author's)
    note: str = ""  # why it cannot be applied although it is the author's text


class Placer:
    """Places changes through one record's segments, in the sources as they were at that build."""

    def __init__(self, record: Record):
        self.record = record
        self.sources = record.sources

    def place(self, change: Change) -> Placement:
        paragraphs = self.record.body if change.story == "body" else self.record.notes
        paragraph = paragraphs[change.paragraph]
        if change.kind in ("comment", "formatting"):
            return Placement(
                at=self._point(paragraph, change.start) or self._first_origin(paragraph),
                generated=self._touches(paragraph, change.start, change.end),
            )
        if change.old.endswith(PARAGRAPH_BREAK) and change.start == 0 and not change.new:
            return self._remove_paragraph(paragraph)
        if change.old == PARAGRAPH_BREAK and not change.new:
            following = paragraphs[change.paragraph + 1] if change.paragraph + 1 < len(paragraphs) else None
            return self._join(paragraph, following)
        placement = Placement()
        for start, end, new in self._pieces(change, paragraph):
            piece = self._place_piece(paragraph, start, end, new)
            if piece.generated or piece.note:
                return piece
            placement.edits.extend(piece.edits)
            placement.at = placement.at or piece.at
        begins = self._point(paragraph, change.start)  # the location shown: where the changed words begin
        if begins is not None and placement.edits and begins.file == placement.edits[0].file:
            placement.at = Origin(begins.file, min(begins.start, placement.edits[0].start), begins.start)
        return placement

    def _pieces(self, change: Change, paragraph: Paragraph) -> list[tuple[int, int, str]]:
        """The change as edits word by word, in the paragraph's offsets."""
        if change.kind == "insertion" or not change.new or not change.old:
            return [(change.start, change.end, change.new)]
        pieces = word_diff(change.old, change.new, joined=False)
        return [(change.start + a, change.start + b, new) for a, b, new in pieces]

    def _place_piece(self, paragraph: Paragraph, start: int, end: int, new: str) -> Placement:
        if PARAGRAPH_BREAK in new:
            return self._new_paragraphs(paragraph, start, end, new)
        if start == end:
            point = self._insertion_point(paragraph, start)
            if point is None:
                return Placement(
                    at=self._nearest_anchor(paragraph, start),
                    generated=self._touches(paragraph, start, end) or "unknown",
                )
            return Placement([Edit(point.file, point.start, point.start, self.markdown(new, point))], point)
        touched = self._touched(paragraph, start, end)
        for segment in touched:
            if segment.kind == "g":
                removable = not new and segment.origin is not None and segment.info.split(":")[0] in ANCHORED
                if not (removable and start <= segment.start and segment.end <= end):
                    at = segment.origin or self._first_origin(paragraph)  # a caption's number: its caption
                    return Placement(at=at, generated=segment.info or "unknown")
        first, last = touched[0], touched[-1]
        begin = self._source_at(first, paragraph, start)
        finish = self._source_after(last, paragraph, end)
        if begin is None or finish is None or begin.file != finish.file or finish.start < begin.start:
            return Placement(at=begin, note="the text runs across parts of the sources that cannot be edited as one")
        start, end = _with_marks(self.sources.get(begin.file, ""), begin.start, finish.start)
        edit = Edit(begin.file, start, end, self.markdown(new, begin))
        return Placement([edit], begin)

    def _touched(self, paragraph: Paragraph, start: int, end: int) -> list[Segment]:
        return [s for s in paragraph.segments if s.start < end and s.end > start]

    def _touches(self, paragraph: Paragraph, start: int, end: int) -> str:
        """The generated text a range touches, if any ("" when it is all the author's)."""
        for segment in self._touched(paragraph, start, max(end, start + 1)):
            if segment.kind == "g":
                return segment.info or "unknown"
        if not paragraph.segments:
            return "unknown"
        return ""

    def _source_at(self, segment: Segment, paragraph: Paragraph, offset: int) -> Origin | None:
        """Where the character at ``offset`` (inside ``segment``) was written."""
        if segment.origin is None:
            return None
        if segment.kind == "g":
            return Origin(segment.origin.file, segment.origin.start, segment.origin.start)
        position = segment.origin.start + self._inside(segment, paragraph, offset=offset - segment.start)
        return Origin(segment.origin.file, position, position)

    def _source_after(self, segment: Segment, paragraph: Paragraph, offset: int) -> Origin | None:
        """Where the text ending before ``offset`` (inside ``segment``) ends in the source."""
        if segment.origin is None:
            return None
        if segment.kind == "g" or offset >= segment.end:
            return Origin(segment.origin.file, segment.origin.end, segment.origin.end)
        position = segment.origin.start + self._inside(segment, paragraph, offset=offset - segment.start)
        return Origin(segment.origin.file, position, position)

    def _inside(self, segment: Segment, paragraph: Paragraph, offset: int) -> int:
        """Offset ``offset`` of a segment's printed text, counted in its source (where pandoc changed what was
        typed: "--" printed "–", "\\*" printed "*", the offsets differ)."""
        origin = segment.origin
        assert origin is not None
        length = origin.end - origin.start
        if length == segment.end - segment.start:
            return offset
        source = self.sources.get(origin.file, "")[origin.start : origin.end]
        printed = paragraph.text[segment.start : segment.end]
        for a, b, size in difflib.SequenceMatcher(None, printed, source, autojunk=False).get_matching_blocks():
            if a <= offset < a + size:
                return b + offset - a
            if a > offset:
                return b
        return length

    def _insertion_point(self, paragraph: Paragraph, offset: int) -> Origin | None:
        """Where text typed at ``offset`` goes: after the word before it, else before the word after it, else
        beside a citation or cross-reference."""
        before = next((s for s in paragraph.segments if s.start < offset <= s.end), None)
        after = next((s for s in paragraph.segments if s.start <= offset < s.end), None)
        if before is not None and before.kind == "t" and before.origin is not None:
            if offset < before.end:
                return self._source_at(before, paragraph, offset)
            return Origin(before.origin.file, before.origin.end, before.origin.end)
        if after is not None and after.kind == "t" and after.origin is not None:
            return Origin(after.origin.file, after.origin.start, after.origin.start)
        if before is not None and before.origin is not None and before.info.split(":")[0] in ANCHORED:
            return Origin(before.origin.file, before.origin.end, before.origin.end)
        if after is not None and after.origin is not None and after.info.split(":")[0] in ANCHORED:
            return Origin(after.origin.file, after.origin.start, after.origin.start)
        return None

    def _point(self, paragraph: Paragraph, offset: int) -> Origin | None:
        segment = next((s for s in paragraph.segments if s.start <= offset < s.end), None) or next(
            (s for s in reversed(paragraph.segments) if s.end <= offset), None
        )
        if segment is None or segment.origin is None:
            return None
        if segment.kind == "t" and segment.start <= offset < segment.end:
            return self._source_at(segment, paragraph, offset)
        return Origin(segment.origin.file, segment.origin.start, segment.origin.start)

    def _first_origin(self, paragraph: Paragraph) -> Origin | None:
        return next((s.origin for s in paragraph.segments if s.origin is not None), None)

    def _nearest_anchor(self, paragraph: Paragraph, offset: int) -> Origin | None:
        for segment in paragraph.segments:
            if segment.start <= offset <= segment.end and segment.origin is not None:
                return segment.origin
        return None

    def _new_paragraphs(self, paragraph: Paragraph, start: int, end: int, new: str) -> Placement:
        """A paragraph break typed in: a new paragraph before or after this one, or this one split in two."""
        block = paragraph.block
        generated = self._touches(paragraph, start, end) if paragraph.text else "unknown"
        if block is None or generated or paragraph.context not in ("text", "note"):
            note = "" if generated else "a new paragraph here has no place in the sources pubkit can edit"
            if paragraph.context == "table":
                note = "a new row or cell in a table: add it to the table in the source by hand"
            return Placement(at=block or self._first_origin(paragraph), generated=generated, note=note)
        if start == end == len(paragraph.text) and new.startswith(PARAGRAPH_BREAK):
            text = PARAGRAPH_BREAK + self.markdown(new[len(PARAGRAPH_BREAK) :], block)
            return Placement([Edit(block.file, block.end, block.end, text)], Origin(block.file, block.end, block.end))
        if start == end == 0 and new.endswith(PARAGRAPH_BREAK):
            text = self.markdown(new[: -len(PARAGRAPH_BREAK)], block) + PARAGRAPH_BREAK
            return Placement(
                [Edit(block.file, block.start, block.start, text)], Origin(block.file, block.start, block.start)
            )
        if start != end or new.strip():
            return Placement(at=block, note="a paragraph was split and reworded at once: make this change by hand")
        space = next((s for s in paragraph.segments if s.start <= start <= s.end and s.kind == "t"), None)
        if space is None or space.origin is None:
            return Placement(at=block, note="the paragraph cannot be split there in the sources")
        source = self.sources.get(space.origin.file, "")
        point = self._insertion_point(paragraph, start)
        if point is None:
            return Placement(at=block, note="the paragraph cannot be split there in the sources")
        # split at the spaces around the point
        left, right = point.start, point.start
        while left > space.origin.start and source[left - 1] in " \t\n":
            left -= 1
        while right < len(source) and source[right] in " \t\n":
            right += 1
        return Placement([Edit(point.file, left, right, PARAGRAPH_BREAK)], point)

    def _remove_paragraph(self, paragraph: Paragraph) -> Placement:
        block = paragraph.block
        generated = self._touches(paragraph, 0, len(paragraph.text))
        if generated:
            return Placement(at=self._first_origin(paragraph), generated=generated)
        if block is None or paragraph.context not in ("text", "note", "heading"):
            return Placement(at=block, note="this paragraph cannot be removed from the sources as a whole")
        source = self.sources.get(block.file, "")
        start, end = block.start, block.end
        while end < len(source) and source[end] == "\n" and end - block.end < 2:
            end += 1
        if end == len(source):  # the last paragraph: the blank line before it goes too
            while start > 1 and source[start - 1] == "\n" and source[start - 2] == "\n":
                start -= 1
        return Placement([Edit(block.file, start, end, "")], Origin(block.file, block.start, block.start))

    def _join(self, paragraph: Paragraph, following: Paragraph | None) -> Placement:
        if following is None or paragraph.block is None or following.block is None:
            return Placement(at=paragraph.block, note="these paragraphs cannot be joined in the sources")
        first, second = paragraph.block, following.block
        source = self.sources.get(first.file, "")
        between = source[first.end : second.start] if first.file == second.file else "x"
        if between.strip() or paragraph.context != "text" or following.context != "text":
            return Placement(at=first, note="these two parts cannot be joined in the sources: join them by hand")
        return Placement([Edit(first.file, first.end, second.start, " ")], Origin(first.file, first.end, first.end))

    def markdown(self, text: str, where: Origin) -> str:
        """Text a reviewer typed, written so that it reads as typed where it goes: Markdown's marks
        escaped in a chapter, YAML's quoting kept in a title in front matter or publication.yaml."""
        source = self.sources.get(where.file, "")
        style = yaml_value_style(source, where.start)
        if style == "markdown":
            return markdown_escaped(text)
        if style == '"':
            return text.replace("\\", "\\\\").replace('"', '\\"')
        if style == "'":
            return text.replace("'", "''")
        if style == "|":  # a block of Markdown in YAML (the short summary): new lines keep its indent
            line_start = source.rfind("\n", 0, where.start) + 1
            indent = re.match(r"[ \t]*", source[line_start:]).group(0)
            return markdown_escaped(text).replace("\n", "\n" + indent).replace("\n" + indent + "\n", "\n\n")
        return text  # a plain scalar: the check of the result says whether YAML still reads it


def _with_marks(source: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to take the marks of emphasis whose words it removes: deleting the one
    emphasized word of "*two* weeks" must not leave "**" behind."""
    for mark in "*_~^":
        count = _unescaped(source, start, end, mark)
        if count % 2 == 0:
            continue
        before = start
        while before > 0 and source[before - 1] == mark:
            before -= 1
        after = end
        while after < len(source) and source[after] == mark:
            after += 1
        if before < start and (_unescaped(source, before, end, mark) % 2 == 0):
            start = before
        elif after > end and (_unescaped(source, start, after, mark) % 2 == 0):
            end = after
    return start, end


def _unescaped(text: str, start: int, end: int, mark: str) -> int:
    return sum(1 for i in range(start, end) if text[i] == mark and (i == 0 or text[i - 1] != "\\"))


def markdown_escaped(text: str) -> str:
    """Typed text written so that pandoc prints it as typed."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _CITATION_LIKE.sub(r"\\@", text)
    text = _LINE_START_SPECIAL.sub(r"\\\1", text)
    return text


def yaml_value_style(source: str, offset: int) -> str:
    """How the text at ``offset`` is written: "markdown" (a chapter's body), or the YAML style of the value
    it is in ('"', "'", "|" for a block, "plain")."""
    front = _front_matter_end(source)
    if front is not None and offset >= front:
        return "markdown"
    line_start = source.rfind("\n", 0, offset) + 1
    line = source[line_start:offset]
    if line.startswith((" ", "\t")) and not re.match(r"\s*[\w-]+\s*:", line):  # a continuation: find its key
        key_line = line_start
        while key_line > 0:
            key_line = source.rfind("\n", 0, key_line - 1) + 1
            if not source[key_line:].startswith((" ", "\t", "\n")):
                break
        line = source[key_line : source.find("\n", key_line)]
    value = re.match(r"[^:]*:\s*(.)?", line)
    first = value.group(1) if value else None
    if first in ('"', "'"):
        return first
    if first in ("|", ">"):
        return "|"
    return "plain"


def _front_matter_end(source: str) -> int | None:
    """Where a chapter's body starts (after its front matter); None for a file that is all YAML."""
    if not source.startswith("---\n"):
        return None
    end = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE).search(source, 4)
    return None if end is None else end.end()
