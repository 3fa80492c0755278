"""Where the author wrote each part of pandoc's AST: node → file and character offsets.

pandoc's Markdown reader keeps no positions. They are recovered by walking a
chapter's tree in reading order and finding each leaf (a word, a code span, a
citation) in the file, from where the previous one was found. What pandoc
changes while reading is allowed for: smart quotes and dashes, backslash
escapes, entities, the non-breaking space it puts after an abbreviation. A
note's text is looked for at its definition (``[^id]: ...``) and nowhere else;
the cells of grid and multiline tables inside their own column.

The tree itself is the truth about structure; the file is only searched for
where each piece is. What is found is written into the nodes themselves, under
keys pandoc ignores when it reads the tree back, so it is cached with the parse,
survives copies and transforms, and costs nothing on a build that finds the
chapter in the cache:

    "p": [start, end, file]      where the node was written (a word, a citation, a block's lines)
    "r": [count, start, end]     on the first word of ``count`` words and spaces typed exactly as printed
    "a": {key: [start, end, file]}  on an image or a table: where each attribute value was written
    "g": what                    on a node that prints generated text ("xref:fig:x") in place of what
                                 its "p" says was written

One map serves the check (a finding's line and column) and review (a change in a
returned manuscript back to the words the author wrote).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import string
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .pandoc_ast import Node

WINDOW = 6000  # how far past the previous leaf the next one is looked for (excluded regions not counted)
NEAR = 48  # the next word is nearly always within this many characters: looked for there first


class Origin(NamedTuple):
    """A stretch of one source file: ``text[start:end]`` of the file as pubkit read it."""

    file: str
    start: int
    end: int


def origin(node: Node) -> Origin | None:
    """Where ``node`` was written, if the map found it."""
    position = node.get("p")
    return None if position is None else Origin(position[2], position[0], position[1])


def derive(nodes: list[Node], what: str, source: Node) -> None:
    """``nodes`` print something generated (``what``: "xref:fig:x") in place of ``source``."""
    position = source.get("p")
    for node in nodes:
        node["g"] = what
        if position is not None:
            node["p"] = position


def map_blocks(
    file: str, text: str, blocks: list[Node], start: int = 0, end: int | None = None, *, notes: bool = True
) -> None:
    """Find every node of ``blocks`` in ``text[start:end]`` (a chapter's body, a value in a YAML file)."""
    end = len(text) if end is None else end
    excluded = _definitions(text, start, end) if notes else []
    _Walk(file, text, start, end, excluded).blocks(blocks)


def map_inlines(file: str, text: str, inlines: list[Node], start: int, end: int) -> None:
    """Find new inlines made from a stretch of text (a figure's ``source`` attribute, say)."""
    _Walk(file, text, start, end, []).inlines(inlines)


def line_column(text: str, found: Origin) -> tuple[int, int]:
    from .locate import line_index

    return line_index(text).position(found.start)


@lru_cache(maxsize=1)
def version() -> str:
    """Changes whenever this module does: part of the key of cached maps."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


# --- finding one leaf -----------------------------------------------------------------

_ALTERNATIVES = {
    "’": "['’]",
    "‘": "['‘]",
    "“": '["“]',
    "”": '["”]',
    "–": "(?:–|--)",
    "—": "(?:—|---)",
    "…": r"(?:…|\.\.\.)",
    "\xa0": r"(?:\xa0|\\ |&nbsp;|&#160;|\s+)",
    "&": "(?:&amp;|&)",
    "<": r"(?:&lt;|\\<|<)",
    ">": r"(?:&gt;|\\>|>)",
    '"': r'(?:&quot;|\\"|")',
}
_PUNCTUATION = frozenset(string.punctuation)
_SPECIAL = frozenset(_ALTERNATIVES) | _PUNCTUATION
_patterns: dict[str, re.Pattern[str]] = {}


def leaf_pattern(printed: str) -> re.Pattern[str]:
    """A word as pandoc read it → how the author may have typed it."""
    pattern = _patterns.get(printed)
    if pattern is None:
        pieces = []
        for char in printed:
            if char in _ALTERNATIVES:
                pieces.append(_ALTERNATIVES[char])
            elif char in _PUNCTUATION:
                pieces.append(r"\\?" + re.escape(char))
            else:
                pieces.append(re.escape(char))
        pattern = _patterns[printed] = re.compile("".join(pieces))
    return pattern


def _definitions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Footnote and link definitions: text that is not where pandoc puts it (notes) or not printed at all.

    A definition runs from its ``[^id]:`` or ``[ref]:`` line through its indented or lazily continued lines.
    """
    out: list[tuple[int, int]] = []
    fence: str | None = None
    position = start
    lines = text[start:end].split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        starts_block = index == 0 or not lines[index - 1].strip() or bool(out and out[-1][1] >= position - 1)
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is not None:
            if marker and stripped.startswith(fence):
                fence = None
        elif marker and len(line) - len(stripped) < 4:
            fence = marker.group(1)[0] * 3
        elif starts_block and re.match(r"[ ]{0,3}(\[\^[^\]\s]+\]:|\[[^\]^][^\]]*\]:[ \t]*\S)", line):
            begin = position
            length = len(line) + 1
            index += 1
            previous_blank = False
            while index < len(lines):
                following = lines[index]
                blank = not following.strip()
                indented = following.startswith(("    ", "\t"))
                if not blank and not indented and (previous_blank or re.match(r"[ ]{0,3}\[[^\]]+\]:", following)):
                    break
                previous_blank = blank
                length += len(following) + 1
                index += 1
            out.append((begin, min(begin + length - 1, end)))
            position += length
            continue
        position += len(line) + 1
        index += 1
    return out


# --- the walk ------------------------------------------------------------------------

_SPACES = frozenset(("Space", "SoftBreak", "LineBreak"))
_RUN = frozenset(("Str", "Space", "SoftBreak"))
_ALPHANUMERIC = re.compile(r"[^\W_]")
_DELIMITERS = {  # container → the characters its opening and closing marks are made of
    "Emph": "*_",
    "Strong": "*_",
    "Strikeout": "~",
    "Subscript": "~",
    "Superscript": "^",
    "Quoted": "\"'“”‘’",
}
_BRACKETED = frozenset(("Span", "Link", "Image", "Underline", "SmallCaps"))
_NOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]|\^\[")
_FENCE = re.compile(r"[ ]{0,3}:{3,}")


class _Walk:
    """One pass over a tree in reading order, with a cursor in the text."""

    def __init__(
        self,
        file: str,
        text: str,
        start: int,
        end: int,
        excluded: list[tuple[int, int]],
        translate: Callable[[int], int] | None = None,
        flat: str | None = None,
    ):
        self.file = file
        self.text = text
        self.cursor = start
        self.end = end
        self.excluded = excluded
        self.flat = flat if flat is not None else text.replace("\n", " ")  # a line break reads as a space
        self.excluded_starts = [begin for begin, _ in excluded]
        self.excluded_lengths = [0, *itertools.accumulate(finish - begin for begin, finish in excluded)]
        self.translate = translate
        self.found: list[tuple[int, int]] = []  # every leaf found, in order (offsets in ``text``)
        self.table: Node = {}

    # recording
    def _put(self, node: Any, start: int, end: int) -> None:
        if self.translate is not None:
            start, end = self.translate(start), self.translate(max(start, end - 1)) + (1 if end > start else 0)
        node["p"] = [start, end, self.file]

    # searching
    def _inside_excluded(self, position: int) -> int | None:
        index = bisect.bisect_right(self.excluded_starts, position) - 1
        if index >= 0 and position < self.excluded[index][1]:
            return self.excluded[index][1]
        return None

    def _limit(self, start: int) -> int:
        """``WINDOW`` characters past ``start``, not counting the definitions in between (about)."""
        starts = self.excluded_starts
        skipped = 0
        if starts:
            first = bisect.bisect_left(starts, start)
            last = bisect.bisect_left(starts, start + 3 * WINDOW)
            skipped = self.excluded_lengths[last] - self.excluded_lengths[first]
        return min(start + WINDOW + skipped, self.end)

    def find(self, printed: str) -> tuple[int, int] | None:
        """Where the next leaf printing ``printed`` was written, from the cursor on.

        As typed is tried first; a word pandoc may have changed (quotes, dashes, escapes) is also looked
        for as the author may have typed it, when it is not found right after the previous one."""
        if not printed:
            return None
        limit = self._limit(self.cursor)
        found = self._search(printed, None, limit)
        if found is not None and not _has_words(self.text, self.cursor, found[0]):
            return found
        if any(char in _SPECIAL for char in printed):
            typed = self._search(printed, leaf_pattern(printed), found[0] if found else limit)
            if typed is not None:
                return typed
        return found

    def _search(self, printed: str, pattern: re.Pattern[str] | None, limit: int) -> tuple[int, int] | None:
        text = self.text
        position = self.cursor
        while position < limit:
            if pattern is None:
                begin = text.find(printed, position, self.end)
                if begin < 0 or begin >= limit:
                    return None
                finish = begin + len(printed)
            else:
                match = pattern.search(text, position, self.end)
                if match is None or match.start() >= limit:
                    return None
                begin, finish = match.span()
            skip_to = self._inside_excluded(begin)
            if skip_to is not None:
                position = skip_to
                continue
            if _whole_word(text, begin, finish, printed):
                return begin, finish
            position = begin + 1
        return None

    def _leaf(self, node: Any, printed: str) -> None:
        text = self.text
        cursor = self.cursor
        begin = text.find(printed, cursor, cursor + NEAR + len(printed))
        if begin >= 0:  # the common case: the next word, after a space or a mark
            finish = begin + len(printed)
            if (
                (begin == cursor or _ALPHANUMERIC.search(text, cursor, begin) is None)
                and not (begin and text[begin - 1].isalnum() and printed[0].isalnum())
                and not (finish < len(text) and text[finish].isalnum() and printed[-1].isalnum())
                and (not self.excluded or self._inside_excluded(begin) is None)
                and self.translate is None
            ):
                node["p"] = [begin, finish, self.file]
                self.found.append((begin, finish))
                self.cursor = finish
                return
        span = self.find(printed)
        if span is None and (" " in printed or "\n" in printed):  # inline code or math across a line break
            span = self._find_regex(r"\s+".join(re.escape(part) for part in printed.split()))
        if span is None:
            return
        self._put(node, *span)
        self.found.append(span)
        self.cursor = span[1]

    def _find_regex(self, pattern: str) -> tuple[int, int] | None:
        match = re.compile(pattern).search(self.text, self.cursor, self._limit(self.cursor))
        return match.span() if match else None

    def _line_end(self, position: int) -> int:
        newline = self.text.find("\n", position, self.end)
        return self.end if newline < 0 else newline

    def _line_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def _next_line(self) -> tuple[int, int] | None:
        """The line the cursor is in, if text follows it there, else the next non-blank line: (start, end)."""
        position = self.cursor
        finish = self._line_end(position)
        if self.text[position:finish].strip():
            return self._line_start(position), finish
        position = finish + 1
        while position < self.end:
            finish = self._line_end(position)
            if self.text[position:finish].strip():
                return position, finish
            position = finish + 1
        return None

    # blocks
    def blocks(self, blocks: list[Node]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Node) -> None:
        kind = block.get("t")
        content = block.get("c")
        first = len(self.found)
        if kind in ("Para", "Plain"):
            self.inlines(content)
        elif kind == "Header":
            self.inlines(content[2])
            self._skip_rest_of_heading()
        elif kind in ("CodeBlock", "RawBlock"):
            self._verbatim_block(block, content[1])
        elif kind == "BlockQuote":
            self.blocks(content)
        elif kind == "BulletList":
            for item in content:
                self.blocks(item)
        elif kind == "OrderedList":
            for item in content[1]:
                self.blocks(item)
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.inlines(term)
                for definition in definitions:
                    self.blocks(definition)
        elif kind == "LineBlock":
            for line in content:
                self.inlines(line)
        elif kind == "Div":
            self._skip_fence()
            self.blocks(content[1])
            self._skip_fence()
        elif kind == "Figure":
            self._figure(block)
        elif kind == "Table":
            self._table(block)
        if len(self.found) > first:
            begin = self._line_start(self.found[first][0])
            self._put(block, begin, self._line_end(self.found[-1][1] - 1))

    def _skip_rest_of_heading(self) -> None:
        finish = self._line_end(self.cursor)
        following = self.text[finish + 1 : self._line_end(finish + 1)] if finish < self.end else ""
        if following.strip() and re.fullmatch(r"\s*(=+|-+)\s*", following):
            finish = self._line_end(finish + 1)
        self.cursor = finish

    def _skip_fence(self) -> None:
        line = self._next_line()
        if line is None:
            return
        begin, finish = line
        if _FENCE.match(self.text, begin, finish):
            self.cursor = finish
        elif self.text.startswith(("<div", "</div"), begin):
            self.cursor = self.text.find(">", begin, finish) + 1 or finish

    def _verbatim_block(self, block: Node, code: str) -> None:
        lines = [line for line in code.split("\n") if line.strip()]
        if not lines:
            return
        first = self.find(lines[0].strip())
        if first is None:
            return
        self.cursor = first[1]
        last = first
        if len(lines) > 1:
            self.cursor = self._line_end(first[1])
            last = self.find(lines[-1].strip()) or first
        self.found.append((first[0], last[1]))
        self._put(block, first[0], last[1])
        self.cursor = last[1]

    def _figure(self, block: Node) -> None:
        _attr, caption, body = block["c"]
        start = self.cursor
        self.blocks(caption[1])  # the caption is the image's description: the same words, found twice
        self.cursor = start
        self.blocks(body)
        # With alt="...", the image's description is the alt text, found inside its attribute block: the
        # image itself runs from its "![" to the end of that block, and the next block starts after it.
        image = next((n for b in body for n in b.get("c", []) if isinstance(n, dict) and n.get("t") == "Image"), None)
        bang = self.text.find("![", start, self._limit(start))
        if image is None or bang < 0 or self._inside_excluded(bang) is not None:
            return
        finish = self._after_destination(image, balanced(self.text, bang + 1, "[", "]", self.end))
        if finish > bang + 2:
            self._put(image, bang, finish)
            self.found.append((bang, finish))
            self.cursor = max(self.cursor, finish)

    # inlines
    def inlines(self, inlines: list[Node]) -> None:
        index, count = 0, len(inlines)
        while index < count:
            node = inlines[index]
            if node["t"] == "Str":
                index = self._run(inlines, index, count)
            else:
                self.inline(node)
                index += 1

    def _run(self, inlines: list[Node], index: int, count: int) -> int:
        """Words and spaces from ``index`` on: found at once where they were typed as printed (one line break
        for a space allowed), else word by word. Returns the index after what was placed."""
        end = index + 1
        while end < count and inlines[end]["t"] in _RUN:
            end += 1
        last = end - 1
        while inlines[last]["t"] != "Str":
            last -= 1
        if last > index and self.translate is None:
            printed = "".join(n["c"] if n["t"] == "Str" else " " for n in inlines[index : last + 1])
            begin = self._near(inlines[index]["c"])
            finish = begin + len(printed) if begin is not None else -1
            if (
                begin is not None
                and self.flat.startswith(printed, begin)
                and not (finish < len(self.text) and self.text[finish].isalnum() and printed[-1].isalnum())
                and (not self.excluded or self._clear(begin, finish))
            ):
                head = inlines[index]
                head["p"] = [begin, begin + len(head["c"]), self.file]
                head["r"] = [last + 1 - index, begin, finish]  # the words after it: see run_positions
                self.found.append((begin, begin + len(inlines[index]["c"])))
                self.found.append((finish - len(inlines[last]["c"]), finish))
                self.cursor = finish
                return last + 1
        self.inline(inlines[index])
        return index + 1

    def _near(self, printed: str) -> int | None:
        """Where ``printed`` starts if it is the next thing after the cursor (past spaces and marks)."""
        text = self.text
        cursor = self.cursor
        begin = text.find(printed, cursor, cursor + NEAR + len(printed))
        if begin < 0:
            return None
        if begin != cursor and _ALPHANUMERIC.search(text, cursor, begin) is not None:
            return None
        if begin and text[begin - 1].isalnum() and printed[0].isalnum():
            return None
        return begin

    def _clear(self, begin: int, finish: int) -> bool:
        """No footnote or link definition lies in ``[begin, finish)``."""
        index = bisect.bisect_right(self.excluded_starts, finish)
        return index == 0 or self.excluded[index - 1][1] <= begin

    def inline(self, node: Node) -> None:
        kind = node.get("t")
        content = node.get("c")
        if kind == "Str":
            self._leaf(node, content)
        elif kind in _SPACES:
            return
        elif kind in _DELIMITERS:
            self._container(node, content[1] if kind == "Quoted" else content, _DELIMITERS[kind])
        elif kind in _BRACKETED:
            self._container(node, content[1] if kind in ("Span", "Link", "Image") else content, "")
        elif kind in ("Code", "Math", "RawInline"):
            self._leaf(node, content[1])
        elif kind == "Cite":
            self._cite(node)
        elif kind == "Note":
            self._note(node)

    def _container(self, node: Node, children: list[Node], delimiters: str) -> None:
        """Emphasis, quotes (``delimiters``: what their marks are made of), or a bracketed span, link or
        image (``delimiters`` empty): its children, then its own extent, marks and destination included."""
        bracketed = not delimiters
        first = len(self.found)
        before = self.cursor
        self.inlines(children)
        if len(self.found) == first:
            if not bracketed:
                return
            closing = self.text.find("]", before, self._line_end(before))  # ![](image.png): nothing to find
            if closing < 0:
                return
            opening = self.text.rfind("[", before, closing)
            begin = closing if opening < 0 else opening
            self.cursor = closing
        else:
            begin = self.found[first][0]
            floor = self.found[first - 1][1] if first else before
            marks = delimiters or "[*_"
            while begin > floor and self.text[begin - 1] in marks and (bracketed or self.found[first][0] - begin < 3):
                begin -= 1
                if bracketed and self.text[begin] == "[":
                    break
        if bracketed and begin > 0 and self.text[begin - 1] == "!":
            begin -= 1
        finish = self.cursor
        if bracketed:
            while finish < self.end and self.text[finish] in "*_~^":  # emphasis closing inside the brackets
                finish += 1
            if finish < self.end and self.text[finish] == "]":
                finish = self._after_destination(node, finish + 1)
            else:
                finish = self.cursor
        else:
            while finish < self.end and self.text[finish] in delimiters and finish - self.cursor < 3:
                finish += 1
        self._put(node, begin, finish)
        self.cursor = max(self.cursor, finish)

    def _after_destination(self, node: Node, position: int) -> int:
        """Past ``(url "title")``, ``[ref]`` and ``{attributes}`` after a link's, image's or span's ``]``."""
        text = self.text
        if position < self.end and text[position] == "(":
            position = balanced(text, position, "(", ")", self.end)
        elif position < self.end and text[position] == "[":
            position = balanced(text, position, "[", "]", self.end)
        if position < self.end and text[position] == "{":
            finish = balanced(text, position, "{", "}", self.end)
            self._attributes(node, position, finish)
            position = finish
        return position

    def _attributes(self, node: Node, begin: int, finish: int) -> None:
        """Record where each ``key="value"`` of an attribute block was written, on the node it belongs to."""
        block = self.text[begin:finish]
        written = {}
        for match in re.finditer(r"([\w-]+)=(?:\"([^\"]*)\"|'([^']*)'|([^\s}\"']+))", block):
            group = 2 if match.group(2) is not None else 3 if match.group(3) is not None else 4
            start = begin + match.start(group)
            end = begin + match.end(group)
            if self.translate is not None:
                start, end = self.translate(start), self.translate(end)
            written[match.group(1)] = [start, end, self.file]
        if written:
            node["a"] = written

    def _cite(self, node: Node) -> None:
        citations = node["c"][0]
        key = citations[0]["citationId"]
        match = re.compile(r"-?@\{?" + re.escape(key) + r"\}?(?![\w])").search(
            self.text, self.cursor, self._limit(self.cursor)
        )
        if match is None:
            return
        begin, finish = match.span()
        opening = self.text.rfind("[", self.cursor, begin)
        if opening >= 0 and "]" not in self.text[opening:begin]:
            closing = self.text.find("]", finish, self.end)
            if closing >= 0:
                begin, finish = opening, closing + 1
        elif citations[0].get("citationSuffix"):  # @key [p. 3]
            locator = re.compile(r"\s*\[[^\]]*\]").match(self.text, finish)
            if locator:
                finish = locator.end()
        self._put(node, begin, finish)
        self.found.append((begin, finish))
        self.cursor = finish

    def _note(self, node: Node) -> None:
        match = _NOTE_MARK.search(self.text, self.cursor, min(self.end, self.cursor + 400))
        if match is None:
            return
        if match.group(1) is None:  # ^[an inline note]
            self.cursor = match.end()
            self.blocks(node["c"])
            closing = self.text.find("]", self.cursor, self.end)
            finish = closing + 1 if closing >= 0 else self.cursor
            self._put(node, match.start(), finish)
            self.cursor = finish
            return
        self._put(node, *match.span())
        self.cursor = match.end()
        definition = re.compile(r"^[ ]{0,3}\[\^" + re.escape(match.group(1)) + r"\]:[ \t]*", re.MULTILINE)
        found = definition.search(self.text)
        if found is None:
            return
        region_end = next((finish for begin, finish in self.excluded if begin == found.start()), self.end)
        inside = _Walk(self.file, self.text, found.end(), region_end, [], self.translate, self.flat)
        inside.blocks(node["c"])

    # tables
    def _table(self, block: Node) -> None:
        self.table = block  # its caption's attributes are recorded on it
        _attr, caption, _specs, head, bodies, foot = block["c"]
        rows = [*head[1], *(row for body in bodies for row in (*body[2], *body[3])), *foot[1]]
        caption_blocks = caption[1]
        line = self._next_line()
        caption_first = line is not None and re.match(r"[ ]{0,3}(Table)?:\s", self.text[line[0] : line[1]])
        if caption_first and caption_blocks:
            self._caption(caption_blocks)
        line = self._next_line()
        if line is None:
            return
        first = self.text[line[0] : line[1]].strip()
        if first.startswith("+"):
            self._grid_rows(rows, line[0])
        elif _is_dashes(first):
            self._column_rows(rows, line[0])
        else:  # pipe tables and simple tables with a header: one line a row, cells in order
            for row in rows:
                for cell in row[1]:
                    self.blocks(cell[4])
        if not caption_first and caption_blocks:
            self._caption(caption_blocks)

    def _caption(self, blocks: list[Node]) -> None:
        self.blocks(blocks)
        finish = self._line_end(self.cursor)
        opening = self.text.find("{", self.cursor, finish)
        if opening >= 0:
            self._attributes(self.table, opening, balanced(self.text, opening, "{", "}", self.end))
        self.cursor = finish

    def _lines_from(self, start: int, most: int = 2000) -> list[tuple[int, int]]:
        lines = []
        position = start
        while position < self.end and len(lines) < most:
            finish = self._line_end(position)
            lines.append((position, finish))
            position = finish + 1
        return lines

    def _grid_rows(self, rows: list[Any], start: int) -> None:
        lines = []
        for begin, finish in self._lines_from(start):
            stripped = self.text[begin:finish].strip()
            if not stripped or stripped[0] not in "+|":
                break
            lines.append((begin, finish))
        border = self.text[lines[0][0] : lines[0][1]]
        plus = [index for index, char in enumerate(border) if char == "+"]
        groups: list[list[tuple[int, int]]] = [[]]
        for begin, finish in lines[1:]:
            if self.text[begin:finish].strip().startswith("+"):
                groups.append([])
            else:
                groups[-1].append((begin, finish))
        for row, group in zip(rows, [g for g in groups if g]):
            column = 0
            for cell in row[1]:
                span = max(1, cell[3])
                if column + span >= len(plus):
                    break
                self._column_cell(cell[4], group, plus[column] + 1, plus[column + span])
                column += span
        self.cursor = lines[-1][1]

    def _column_rows(self, rows: list[Any], start: int) -> None:
        """Simple and multiline tables that start with dashes: columns from a line of dashes, rows one
        line each or blocks of lines between blank lines."""
        lines = self._lines_from(start)
        text = self.text
        with_header = _is_border(text[lines[0][0] : lines[0][1]].strip())
        runs_line = None if with_header else lines[0]
        body: list[tuple[int, int] | None] = []  # None: where the header ends
        last = lines[0]
        for begin, finish in lines[1:]:
            stripped = text[begin:finish].strip()
            if _is_dashes(stripped):
                last = (begin, finish)
                if with_header and runs_line is None:
                    runs_line = (begin, finish)
                    body.append(None)
                    continue
                break
            if not stripped and body and body[-1] is not None and not text[body[-1][0] : body[-1][1]].strip():
                break  # two blank lines: the table ended without a closing line
            body.append((begin, finish))
            last = (begin, finish)
        if runs_line is None:
            return
        runs = [m.start() for m in re.finditer(r"-+", text[runs_line[0] : runs_line[1]])]
        filled = [b for b in body if b is not None and text[b[0] : b[1]].strip()]
        groups: list[list[tuple[int, int]]] = [[]]
        for entry in body:
            if entry is None or not text[entry[0] : entry[1]].strip():
                groups.append([])
            elif len(filled) == len(rows):
                groups.extend([[entry], []])
            else:
                groups[-1].append(entry)
        for row, group in zip(rows, [g for g in groups if g]):
            for index, cell in enumerate(row[1]):
                left = runs[index] if index < len(runs) else 0
                right = runs[index + 1] if index + 1 < len(runs) else 10**6
                self._column_cell(cell[4], group, left, right)
        self.cursor = last[1]

    def _column_cell(self, blocks: list[Node], lines: list[tuple[int, int]], left: int, right: int) -> None:
        """Walk a cell inside its column: the slices of its lines, joined, with offsets mapped back."""
        pieces = []
        starts = []  # (offset in the joined text, offset in the file)
        length = 0
        for begin, finish in lines:
            piece_begin = min(begin + left, finish)
            piece_end = min(begin + right, finish)
            starts.append((length, piece_begin))
            pieces.append(self.text[piece_begin:piece_end])
            length += piece_end - piece_begin + 1
        joined = "\n".join(pieces)

        def to_file(offset: int) -> int:
            for virtual, real in reversed(starts):
                if offset >= virtual:
                    return real + offset - virtual
            return starts[0][1]

        translate = to_file if self.translate is None else (lambda offset: self.translate(to_file(offset)))
        inside = _Walk(self.file, joined, 0, len(joined), [], translate)
        inside.blocks(blocks)
        self.found.extend((to_file(b), to_file(max(b, f - 1)) + 1) for b, f in inside.found)


def _is_border(line: str) -> bool:
    """A line of dashes only: the top or bottom of a multiline table."""
    return len(line) >= 3 and set(line) == {"-"}


def _is_dashes(line: str) -> bool:
    """Dashes and spaces: a table's border or the line that sets its columns."""
    return len(line) >= 3 and "-" in line and set(line) <= {"-", " "}


def balanced(text: str, position: int, opening: str, closing: str, end: int) -> int:
    """The offset after the ``closing`` that matches the ``opening`` at ``position`` (quotes respected)."""
    depth = 0
    quote = ""
    index = position
    while index < end:
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and opening == "{":
            quote = char
        elif char == "\\":
            index += 1
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        elif char == "\n" and index + 1 < end and text[index + 1] == "\n":
            break
        index += 1
    return min(index, end)


def _has_words(text: str, begin: int, end: int) -> bool:
    """Text between two leaves is only spaces and markup, unless something was skipped."""
    return any(char.isalnum() for char in text[begin:end])


def _whole_word(text: str, begin: int, finish: int, printed: str) -> bool:
    """A leaf found inside a longer word is not that leaf (pandoc splits words only at spaces and markup)."""
    if printed[0].isalnum() and begin > 0 and text[begin - 1].isalnum():
        return False
    return not (printed[-1].isalnum() and finish < len(text) and text[finish].isalnum())


def run_positions(inlines: list[Node], index: int) -> list[tuple[Node, int, int]]:
    """The words and spaces of the run that starts at ``inlines[index]`` (a word with "r"), each with where it
    was written: the run was typed as printed, so each follows from where it starts. Stops early where a
    transform put something else in the run."""
    count, position, _end = inlines[index]["r"]
    out = []
    for node in inlines[index : index + count]:
        kind = node["t"]
        if kind not in _RUN or "g" in node:
            break
        length = len(node["c"]) if kind == "Str" else 1
        out.append((node, position, position + length))
        position += length
    return out
