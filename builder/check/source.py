"""The author's Markdown as the checker sees it: prose, with everything else blanked out.

``masked`` has the same length and line breaks as the file, but code, URLs,
link targets, attribute blocks, citation keys, cross-reference labels, HTML,
comments, math and front matter are replaced by spaces. Rules then run plain
regular expressions on it, and every offset is also an offset in the file, so
line and column point at what the author wrote.

The same scan finds the structure the checks need without running pandoc:
figures and tables with their attributes, cross-references and citations.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import regex_cache as rx  # re.compile, with the programs kept between runs
from ..locate import line_index

_LIST_ITEM = rx.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]+")
_FENCE = rx.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_HTML_TAG = rx.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = rx.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_URL = rx.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]{}\"']*[^\s<>()\[\]{}\"'.,;:!?]")
_EMAIL_LOCAL = rx.compile(r"[\w.+-]+$")  # before the "@" of an address
_EMAIL_DOMAIN = rx.compile(r"@[\w-]+(?:\.[\w-]+)+\b")
_REF_DEF = rx.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)  # "[^1]: ..." is a note: prose
_FOOTNOTE_MARK = rx.compile(r"\[\^[^\]\s]+\]:?")
_DIV_FENCE = rx.compile(r"^ {0,3}:{3,}.*$", re.MULTILINE)
_MATH = rx.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)", re.DOTALL)
_CITE_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?"
_CITATION = rx.compile(r"(?<![\w@.\\])-?@(?P<key>" + _CITE_KEY + r")")
_HEADING = rx.compile(r"^ {0,3}#{1,6}(?:[ \t]|$).*$", re.MULTILINE)
_SETEXT_UNDERLINE = rx.compile(r"(?<=\n) {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_TABLE_CAPTION = rx.compile(r"^ {0,3}(?P<prefix>Table)?:[ \t]+(?P<body>\S.*)$", re.MULTILINE)
_TABLE_RULE = rx.compile(
    r"^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$|^ {0,3}\+(?:[-=]+\+)+[ \t]*$"
)
_LINK_LABEL = rx.compile(r"(?<=\])\[[^\[\]\n]*\]")  # the [label] of a reference link [text][label]
_CITATION_GROUP = rx.compile(r"\[(?=[^\[\]\n]*@)[^\[\]]*\](?![(\[{])")
_MARKUP_RUN = rx.compile(r"[*_~\\]+")  # emphasis, strike-out and backslash escapes, sorted out in _markup
_ATTRIBUTE_PAIR = rx.compile(
    r"""(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+))|#(?P<id>[^\s}]+)|\.(?P<cls>[^\s}]+)"""
)


@dataclass
class Attributes:
    identifier: str = ""
    classes: list[str] = field(default_factory=list)
    pairs: dict[str, str] = field(default_factory=dict)


@dataclass
class ScannedItem:
    """A figure or table found in the source, with where its parts are."""

    kind: str  # "figure" | "table"
    label: str
    caption: str
    path: str  # figures: the image or CSV path as written
    attrs: Attributes
    offset: int  # start of the figure, or of the table caption line
    label_offset: int | None  # where "#fig:x" is written


@dataclass
class Reference:
    key: str
    offset: int  # offset of the "@"


@dataclass
class SourceFile:
    """One checked file: its text, the prose mask and the structure found in it."""

    rel: str
    text: str
    masked: str
    role: str = "chapter"
    items: list[ScannedItem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)  # @key and @fig:x uses
    heading_spans: list[tuple[int, int]] = field(default_factory=list)
    table_line_spans: list[tuple[int, int]] = field(default_factory=list)
    uncaptioned_tables: list[int] = field(default_factory=list)
    headerless_tables: list[int] = field(default_factory=list)  # grid tables with no "+===+" under a header
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (text, target, offset) of each link
    boxes: list[Any] = field(default_factory=list)  # findings and recommendations (``tree.Box``)
    misreadings: list[Any] = field(default_factory=list)  # where pandoc reads what the author did not mean
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # per-file results rules share

    def position(self, offset: int) -> tuple[int, int]:
        return line_index(self.text).position(offset)

    def in_spans(self, offset: int, spans: list[tuple[int, int]]) -> bool:
        """Is ``offset`` inside one of ``spans`` (sorted by start, not overlapping)?"""
        index = bisect.bisect_right(spans, (offset, len(self.text) + 1)) - 1
        return index >= 0 and spans[index][0] <= offset < spans[index][1]

    def lowered(self) -> str | None:
        """The prose in lower case, offset for offset (None in the rare text where that is impossible)."""
        if "lowered" not in self.cache:
            lowered = self.masked.lower()
            self.cache["lowered"] = lowered if len(lowered) == len(self.masked) else None
        return self.cache["lowered"]

    def cited_quotations(self) -> list[tuple[int, int]]:
        """Spans of quotations that carry a citation: the author's source speaks, not the author."""
        if "quotations" not in self.cache:
            merged: list[tuple[int, int]] = []  # a block quote may hold quotations: keep the union
            for start, end in sorted(_cited_quotations(self.text, self.masked)):
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                else:
                    merged.append((start, end))
            self.cache["quotations"] = merged
        return self.cache["quotations"]

    def in_cited_quotation(self, start: int, end: int) -> bool:
        spans = self.cited_quotations()
        index = bisect.bisect_right(spans, (start, len(self.text) + 1)) - 1
        return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def parse_attributes(body: str) -> Attributes:
    """``#id .class key="value" key=value`` → Attributes (as pandoc reads them)."""
    found = Attributes()
    for match in _ATTRIBUTE_PAIR.finditer(body):
        if match["id"]:
            found.identifier = match["id"]
        elif match["cls"]:
            found.classes.append(match["cls"])
        else:
            value = (
                match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
            )
            found.pairs[match["key"]] = value
    return found


class _Mask:
    """Spans to blank out of a text; ``text()`` applies them (in C, not character by character)."""

    def __init__(self, text: str):
        self.source = text
        self.spans: list[tuple[int, int]] = []

    def blank(self, start: int, end: int) -> None:
        if end > start:
            self.spans.append((start, min(end, len(self.source))))

    def text(self) -> str:
        pieces = []
        position = 0
        for start, end in sorted(self.spans):
            if end <= position:
                continue
            start = max(start, position)
            pieces.append(self.source[position:start])
            pieces.append("\n".join(" " * len(line) for line in self.source[start:end].split("\n")))
            position = end
        pieces.append(self.source[position:])
        return "".join(pieces)


def scan_markdown(rel: str, text: str, body_start: int, role: str = "chapter") -> SourceFile:
    """Scan a chapter file; ``body_start`` is the offset where the text after the front matter begins."""
    mask = _Mask(text)
    mask.blank(0, body_start)
    source = SourceFile(rel, text, "", role)
    code_spans = _code_blocks(text, body_start)
    for start, end in code_spans:
        mask.blank(start, end)
    code_starts = [start for start, _ in code_spans]

    def outside_code(offset: int) -> bool:
        index = bisect.bisect_right(code_starts, offset) - 1
        return index < 0 or offset >= code_spans[index][1]

    for start, end in _comments(text, body_start):
        if outside_code(start):
            mask.blank(start, end)
    _inline_code(text, body_start, mask, outside_code)
    for match in _DIV_FENCE.finditer(text, body_start):
        if outside_code(match.start()):
            mask.blank(match.start(), match.end())
    for pattern in (_REF_DEF, _LINK_LABEL):
        for match in pattern.finditer(text, body_start):
            if outside_code(match.start()):
                mask.blank(match.start(), match.end())
    _figures_and_links(text, body_start, mask, source, outside_code)
    _attribute_blocks(text, body_start, mask, outside_code)
    for match in _AUTOLINK.finditer(text, body_start):  # <https://...>: the address is the link's text
        if outside_code(match.start()) and "@" not in match.group(0):
            source.links.append((match.group(0)[1:-1], match.group(0)[1:-1], match.start()))
    for pattern in (_AUTOLINK, _URL, _HTML_TAG, _MATH, _FOOTNOTE_MARK):
        if (pattern is _MATH and "$" not in text) or (pattern is _URL and "://" not in text and "www." not in text):
            continue  # nothing it needs is there: a pattern with no first letter is slow to search for
        for match in pattern.finditer(mask.text() if pattern is _MATH else text, body_start):
            if outside_code(match.start()):
                mask.blank(match.start(), match.end())
    for start, end in _emails(text, body_start):
        if outside_code(start):
            mask.blank(start, end)
    masked_so_far = mask.text()
    for match in _CITATION.finditer(masked_so_far, body_start):
        source.references.append(
            Reference(match["key"], match.start() + (1 if masked_so_far[match.start()] == "-" else 0))
        )
        mask.blank(match.start(), match.end())
    # "[see @key, p. 4]" as a whole is a citation, not prose; so are emphasis marks, which would
    # otherwise split "**Hong Kong** SAR, China" into pieces no rule recognizes
    for match in _CITATION_GROUP.finditer(masked_so_far, body_start):
        if outside_code(match.start()):
            mask.blank(match.start(), match.end())
    for start, end in _markup(text, body_start):
        if outside_code(start):
            mask.blank(start, end)
    _tables(text, body_start, source, outside_code)
    headings = [(m.start(), m.end()) for m in _HEADING.finditer(text, body_start) if outside_code(m.start())]
    for underline in _SETEXT_UNDERLINE.finditer(text, body_start):  # "Title\n=====": the line above is a heading
        end = underline.start() - 1
        start = text.rfind("\n", 0, max(end, 0)) + 1
        line = text[start:end]
        plain = line.strip() and "|" not in line and not line.startswith(("    ", "\t"))
        if start >= body_start and plain and outside_code(start):
            headings.append((start, end))
    source.heading_spans = sorted(headings)
    source.masked = mask.text()
    return source


def scan_plain(rel: str, text: str, spans: list[tuple[int, int]], role: str = "metadata") -> SourceFile:
    """A file where only ``spans`` are prose (the text values of publication.yaml)."""
    mask = _Mask(text)
    position = 0
    for start, end in sorted(spans):
        mask.blank(position, start)
        position = max(position, end)
    mask.blank(position, len(text))
    return SourceFile(rel, text, mask.text(), role)


def _emails(text: str, start: int) -> list[tuple[int, int]]:
    """name@example.org addresses (looked for from each "@", which is much faster than a full regex scan)."""
    spans = []
    at = text.find("@", start)
    while at != -1:
        domain = _EMAIL_DOMAIN.match(text, at)
        local = _EMAIL_LOCAL.search(text, max(start, at - 64), at) if domain else None
        if domain and local and (local.start() == 0 or not text[local.start() - 1].isalnum()):
            spans.append((local.start(), domain.end()))
        at = text.find("@", at + 1)
    return spans


def _markup(text: str, start: int) -> list[tuple[int, int]]:
    """Emphasis marks, strike-out and escaping backslashes; "_" only at a word edge (snake_case stays)."""
    spans = []
    for match in _MARKUP_RUN.finditer(text, start):
        begin, end = match.span()
        run = match.group(0)
        if "*" in run or "~" in run:
            spans.append((begin, end))
        elif set(run) == {"_"}:
            before = text[begin - 1 : begin]
            after = text[end : end + 1]
            if not (before.isalnum() and after.isalnum()):
                spans.append((begin, end))
        elif run.endswith("\\") and text[end : end + 1] and text[end] in "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~":
            spans.append((end - 1, end))
    return spans


def _comments(text: str, start: int) -> list[tuple[int, int]]:
    """HTML comments; an unclosed "<!--" is text, as in pandoc (and hides nothing after it)."""
    spans = []
    opening = text.find("<!--", start)
    while opening != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break
        spans.append((opening, closing + 3))
        opening = text.find("<!--", closing + 3)
    return spans


def _code_blocks(text: str, start: int) -> list[tuple[int, int]]:
    """Fenced code blocks and indented code blocks (after a blank line, outside lists), sorted, not overlapping."""
    fenced: list[tuple[int, int]] = []
    position = start
    while True:
        match = _FENCE.search(text, position)
        if match is None:
            break
        fence = match["fence"]
        closing = rx.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.MULTILINE)
        end_match = closing.search(text, match.end())
        end = end_match.end() if end_match else len(text)
        fenced.append((match.start(), end))
        position = end
    fence_starts = [s for s, _ in fenced]

    def in_fence(offset: int) -> bool:
        index = bisect.bisect_right(fence_starts, offset) - 1
        return index >= 0 and offset < fenced[index][1]

    indented: list[tuple[int, int]] = []
    offset = start
    previous_blank = True
    in_list = False
    for line in text[start:].split("\n"):
        stripped = line.strip()
        if _LIST_ITEM.match(line):
            in_list = True
        elif stripped and not line.startswith((" ", "\t")):
            in_list = False
        code = line.startswith(("    ", "\t")) and stripped and previous_blank and not in_list
        if code and not in_fence(offset):
            if indented and indented[-1][1] + 1 == offset:  # the block goes on
                indented[-1] = (indented[-1][0], offset + len(line))
            else:
                indented.append((offset, offset + len(line)))
            previous_blank = True  # the following indented lines continue the block
        else:
            previous_blank = not stripped
        offset += len(line) + 1
    return sorted(fenced + indented)


def _inline_code(text: str, start: int, mask: _Mask, outside_code: object) -> None:
    """`code` spans: a run of backticks closed by a run of the same length in the same paragraph."""
    position = start
    paragraph_end = -1
    ticks = rx.compile(r"`+")
    while True:
        opening = ticks.search(text, position)
        if opening is None:
            return
        if not outside_code(opening.start()):  # type: ignore[operator]
            position = opening.end()
            continue
        if paragraph_end < opening.end():  # found once per paragraph, not once per backtick
            paragraph_end = text.find("\n\n", opening.end())
            paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
        run = opening.group(0)
        closing = rx.compile(r"(?<!`)" + re.escape(run) + r"(?!`)").search(text, opening.end(), paragraph_end)
        if closing is None:
            position = opening.end()
            continue
        mask.blank(opening.start(), closing.end())
        position = closing.end()


class _Brackets:
    """Where each bracket closes, found in one pass per kind (a blank line closes nothing across it).

    Looking for the partner of every bracket separately costs the square of the text's length on a
    line of a thousand "[", which an author's file may well contain.
    """

    _FINDERS: ClassVar[dict[str, re.Pattern[str]]] = {
        pair: rx.compile(r"\\.|\n[ \t]*\n|" + re.escape(pair[0]) + "|" + re.escape(pair[1]), re.DOTALL)
        for pair in ("[]", "()", "{}")
    }

    def __init__(self, text: str, start: int):
        self.text = text
        self.start = start
        self.pairs: dict[str, dict[int, int]] = {}

    def closing(self, open_at: int, pair: str) -> int:
        """Index just after the bracket that closes the one at ``open_at`` (or -1)."""
        if pair not in self.pairs:
            found: dict[int, int] = {}
            stack: list[int] = []
            for match in self._FINDERS[pair].finditer(self.text, self.start):
                token = match.group(0)
                if token == pair[0]:
                    stack.append(match.start())
                elif token == pair[1]:
                    if stack:
                        found[stack.pop()] = match.end()
                elif token[0] == "\n":
                    stack.clear()
            self.pairs[pair] = found
        return self.pairs[pair].get(open_at, -1)


_OPENING_BRACKET = rx.compile(r"\[")


def _figures_and_links(text: str, start: int, mask: _Mask, source: SourceFile, outside_code: object) -> None:
    """``![caption](path){attrs}`` and ``[text](target)``: keep the words, blank the targets."""
    brackets = _Brackets(text, start)
    for match in _OPENING_BRACKET.finditer(text, start):  # a plain "[" is searched for fast; "!" is looked at after
        bracket = match.start()
        image = bracket > start and text[bracket - 1] == "!"
        at = bracket - 1 if image else bracket
        if not outside_code(at):  # type: ignore[operator]
            continue
        if not image and bracket > start and text[bracket - 1] == "\\":
            continue
        close = brackets.closing(bracket, "[]")
        if close == -1 or close >= len(text) or text[close] != "(":
            continue
        target_end = brackets.closing(close, "()")
        if target_end == -1:
            continue
        mask.blank(close, target_end)
        if not image:
            target = text[close + 1 : target_end - 1].strip()
            source.links.append((text[bracket + 1 : close - 1], target.split()[0] if target else "", at))
            continue
        target = text[close + 1 : target_end - 1].strip()
        path = target.split()[0] if target else ""
        attrs = Attributes()
        attr_end = target_end
        label_offset = None
        if target_end < len(text) and text[target_end] == "{":
            attr_end = brackets.closing(target_end, "{}")
            if attr_end != -1:
                body = text[target_end + 1 : attr_end - 1]
                attrs = parse_attributes(body)
                if attrs.identifier:
                    label_offset = target_end + 1 + body.find("#" + attrs.identifier)
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", attr_end if attr_end != -1 else target_end)
        alone = (
            not text[line_start:at].strip()
            and not text[
                (attr_end if attr_end != -1 else target_end) : (line_end if line_end != -1 else len(text))
            ].strip()
        )
        if alone:  # an image alone in its paragraph is a figure (pandoc's implicit_figures)
            source.items.append(
                ScannedItem("figure", attrs.identifier, text[bracket + 1 : close - 1], path, attrs, at, label_offset)
            )


def _attribute_blocks(text: str, start: int, mask: _Mask, outside_code: object) -> None:
    for match in re.finditer(r"\{(?=[^{}\n]*[#.=])[^{}\n]*\}", text[start:]):
        at = start + match.start()
        if outside_code(at):  # type: ignore[operator]
            mask.blank(at, start + match.end())


def _tables(text: str, start: int, source: SourceFile, outside_code: object) -> None:
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    first_body_line = text.count("\n", 0, start)
    captions: list[tuple[int, ScannedItem, bool]] = []  # (line number, item, written with "Table:")
    for match in _TABLE_CAPTION.finditer(text, start):
        if not outside_code(match.start()):  # type: ignore[operator]
            continue
        body = match["body"]
        attrs = Attributes()
        caption = body
        brace = re.search(r"\{([^{}]*)\}\s*$", body)
        label_offset = None
        if brace:
            attrs = parse_attributes(brace.group(1))
            caption = body[: brace.start()].strip()
            if attrs.identifier:
                label_offset = match.start("body") + brace.start() + 1 + brace.group(1).find("#" + attrs.identifier)
        line_no = bisect.bisect_right(offsets, match.start()) - 1
        item = ScannedItem("table", attrs.identifier, caption, "", attrs, match.start(), label_offset)
        captions.append((line_no, item, bool(match["prefix"])))
    caption_lines = {n for n, _, _ in captions}
    used_captions: set[int] = set()
    index = first_body_line
    while index < len(lines):
        if _TABLE_RULE.match(lines[index]) and index > first_body_line and outside_code(offsets[index]):  # type: ignore[operator]
            top = index - 1 if "|" in lines[index - 1] or lines[index].lstrip().startswith("+") else index
            bottom = index
            while (
                bottom + 1 < len(lines)
                and lines[bottom + 1].strip()
                and ("|" in lines[bottom + 1] or lines[bottom + 1].lstrip().startswith("+"))
            ):
                bottom += 1
            source.table_line_spans.append((offsets[top], offsets[bottom] + len(lines[bottom])))
            rows = [row.lstrip() for row in lines[top : bottom + 1] if row.strip()]
            if rows[0].startswith("+") and not any(row.startswith("+=") for row in rows):
                source.headerless_tables.append(offsets[top] if lines[top].strip() else offsets[top + 1])
            near = [n for n in (*range(top - 3, top), *range(bottom + 1, bottom + 4)) if n in caption_lines]
            if near:
                used_captions.update(near)
            else:
                source.uncaptioned_tables.append(offsets[top])
            index = bottom + 1
            continue
        index += 1
    # "Table: ..." is always a table caption; a bare ": ..." line only next to a table (else it is a definition)
    source.items.extend(item for n, item, prefixed in captions if prefixed or n in used_captions)
    source.items.sort(key=lambda item: item.offset)


_QUOTATION = rx.compile(
    r"“(?:[^“”\n]|\n(?![ \t]*\n))*”"  # “curly double”
    r"|‘(?:[^‘’\n]|’(?=[^\W_])|\n(?![ \t]*\n))*’(?![^\W_])"  # ‘curly single’ (apostrophes inside allowed)
    r"|(?<![^\W_])\"(?:[^\"\n]|\n(?![ \t]*\n))*\"(?![^\W_])"  # "straight double"
    r"|(?<![^\W_])\"(?:[^\"“”\n]|\n(?![ \t]*\n))*”"  # "straight, then curly” as pasted text mixes them
    r"|«(?:[^«»\n]|\n(?![ \t]*\n))*»"  # «guillemets», as texts translated from Russian or French quote
)
_BLOCK_QUOTE = rx.compile(r"(?:^ {0,3}>[^\n]*(?:\n|\Z))+", re.MULTILINE)
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?\b"
_CITED_AFTER = rx.compile(
    r"(?:[ \t,.;:!?)\]]|\n(?![ \t]*\n)){0,4}(?:\[[^\]\n]*@|@[A-Za-z0-9_]|\[\^|\([^()\n]*?(?:\b"
    + _YEAR
    + r"|\bpp?\.\s*\d)[^()\n]*\))"
)
_ATTRIBUTION = rx.compile(r"[—–]\s*[A-Z@]|--\s*[A-Z@]")
_CITED_BEFORE = rx.compile(r"@[A-Za-z0-9_]|[A-Z][\w'’-]+(?:\s+et\s+al\.)?\s*[,(]\s*" + _YEAR)
_SENTENCE_END = rx.compile(r"[.!?]\s|\n[ \t]*\n")


def _cited_quotations(text: str, masked: str) -> list[tuple[int, int]]:
    """Quotations followed (or introduced in the same sentence) by a citation, and cited block quotes.

    Quotation marks are found in the prose mask, so attribute values and code never pair up; the
    citation is looked for in the original text, where the mask has blanked it.
    """
    spans = []
    for match in _QUOTATION.finditer(masked):
        start, end = match.span()
        sentence_start = 0
        for boundary in _SENTENCE_END.finditer(text, max(0, start - 400), start):
            sentence_start = boundary.end()
        if _CITED_AFTER.match(text, end) or _CITED_BEFORE.search(text, max(sentence_start, start - 400), start):
            spans.append((start, end))
    for match in _BLOCK_QUOTE.finditer(masked) if ">" in masked else ():
        start, end = match.span()
        after = end
        while after < len(text) and text[after] in " \t\n":
            after += 1
        block = text[start:end]
        if (
            "@" in block
            or _CITED_BEFORE.search(block)
            or _CITED_AFTER.match(text, after)
            or _ATTRIBUTION.match(text, after)
        ):
            spans.append((start, end))
    return spans
