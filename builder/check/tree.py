"""What pandoc reads in a chapter: the structure the checks work on, from the tree the build prints.

Figures, tables, boxes, citations, cross-references and links are taken from
pandoc's AST (the build's parse, shared through its cache), and the source map
puts each at the place the author wrote it. The file is searched only for
positions, never for structure, so the check sees exactly the tables and
figures the manuscript will print: a thematic break is not a table, a simple
table without pipes is one, a reference-style image is a figure.

Where pandoc reads the text otherwise than the author surely meant, the reading
is reported before it prints as junk (``misreadings``): a note reference with
no note, a note nobody refers to, an attribute block pandoc could not read,
curly quotes round an attribute value, "Figure @fig:x", a ``:::`` fence that
is never closed or closes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..pandoc_ast import LEAVES, Node, attr_pairs, iter_nodes, stringify
from ..sourcemap import balanced, origin, run_positions
from .source import Attributes, Reference, ScannedItem, parse_attributes

XREF_WORDS = re.compile(r"(?:^|\W)(figures?|fig\.|tables?|tab\.)$", re.IGNORECASE)
CURLY = "“”‘’„«»"
_BORDER = re.compile(r"[ \t]*[-+=:| \t]*[-=][-+=:| \t]*$")  # a table's top border or dashed line
_FENCE_LINE = re.compile(r"^ {0,3}(:{3,})[ \t]*(?P<rest>[^\n]*)$", re.MULTILINE)
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^(?P<id>[^\]\s]+)\]:", re.MULTILINE)
_NOTE_USE = r"\[\^{}\](?!:)"
_UNDEFINED_NOTE = re.compile(r"\[\^(?P<id>[^\]\s]+)\](?!:)")


@dataclass
class Box:
    """A ``::: {.finding ...}`` or ``::: {.recommendation ...}`` box as pandoc read it."""

    offset: int  # its opening fence
    fence: str  # the opening fence line as written
    attrs: Attributes
    empty: bool


@dataclass
class Misreading:
    offset: int
    text: str  # what the author wrote there
    what: str  # what pandoc makes of it, and what to write instead


@dataclass
class TreeFacts:
    items: list[ScannedItem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    uncaptioned_tables: list[int] = field(default_factory=list)
    headerless_tables: list[int] = field(default_factory=list)
    links: list[tuple[str, str, int]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    misreadings: list[Misreading] = field(default_factory=list)


def facts_to_json(facts: TreeFacts) -> bytes:
    return json.dumps(dataclasses.asdict(facts), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def facts_from_json(data: bytes) -> TreeFacts | None:
    """Facts kept in the build cache, or None when they cannot be read back (the chapter is read again)."""
    try:
        raw = json.loads(data)

        def attributes(value: dict[str, Any]) -> Attributes:
            return Attributes(value["identifier"], list(value["classes"]), dict(value["pairs"]))

        return TreeFacts(
            items=[ScannedItem(**{**i, "attrs": attributes(i["attrs"])}) for i in raw["items"]],
            references=[Reference(**r) for r in raw["references"]],
            uncaptioned_tables=list(raw["uncaptioned_tables"]),
            headerless_tables=list(raw["headerless_tables"]),
            links=[tuple(link) for link in raw["links"]],  # type: ignore[misc]
            boxes=[Box(**{**b, "attrs": attributes(b["attrs"])}) for b in raw["boxes"]],
            misreadings=[Misreading(**m) for m in raw["misreadings"]],
        )
    except (ValueError, KeyError, TypeError):
        return None


def read_facts(text: str, blocks: list[Node], body_start: int) -> TreeFacts:
    """The structure of one chapter's tree (mapped to ``text`` by ``builder.sourcemap``)."""
    facts = TreeFacts()
    reader = _Reader(text, body_start, facts, blocks)
    reader.walk(blocks)
    _fences(text, body_start, reader.verbatim, facts)
    _notes(text, body_start, reader.verbatim, facts)
    for listing in (facts.items, facts.misreadings):
        listing.sort(key=lambda entry: entry.offset)
    facts.references.sort(key=lambda reference: reference.offset)
    return facts


_PLAIN_INLINES = LEAVES | {"Emph", "Strong"}


class _Reader:
    """One walk over the tree, collecting what the checks need (each node once: a figure's caption is
    also its image's description, and both are walked)."""

    def __init__(self, text: str, body_start: int, facts: TreeFacts, blocks: list[Node]):
        self.blocks = blocks
        self.text = text
        self.body_start = body_start
        self.facts = facts
        self.verbatim: list[tuple[int, int]] = []  # code blocks and raw blocks: no fences or notes inside
        self.seen: set[tuple[str, int]] = set()
        self.placed: dict[int, int] | None = None  # id(node) → offset, for the words of runs (found when asked)

    def once(self, what: str, offset: int) -> bool:
        key = (what, offset)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def place_runs(self, value: Any) -> None:
        """Where each word of a run was typed (the map marks only a run's first word: ``run_positions``)."""
        stack = [value]
        while stack:
            item = stack.pop()
            if type(item) is list:
                for index, child in enumerate(item):
                    if type(child) is dict and "r" in child:
                        for node, start, _end in run_positions(item, index):
                            self.placed[id(node)] = start  # type: ignore[index]
                stack.extend(child for child in item if type(child) in (list, dict))
            elif type(item) is dict:
                stack.extend(child for child in item.values() if type(child) in (list, dict))

    def offset(self, node: Node, fallback: str = "") -> int:
        where = origin(node)
        if where is not None:
            return where.start
        if self.placed is None:  # only a finding needs a word's place: the runs are laid out once, then
            self.placed = {}
            self.place_runs(self.blocks)
        if id(node) in self.placed:
            return self.placed[id(node)]
        found = self.text.find(fallback, self.body_start) if fallback else -1
        return found if found >= 0 else self.body_start

    def walk(self, value: Any) -> None:
        for node in iter_nodes(value, in_paragraphs=self.paragraph):
            kind = node["t"]
            if kind in _PLAIN_INLINES:  # most nodes by far: nothing to look at
                if kind == "Str" and "[^" in node["c"]:
                    self.undefined_note(node)
                continue
            if kind == "Figure":
                self.figure(node)
            elif kind == "Table":
                self.table(node)
            elif kind == "Div":
                self.box(node)
            elif kind == "Cite":
                self.cite(node)
            elif kind == "Link":
                self.link(node)
            elif kind in ("CodeBlock", "RawBlock"):
                where = origin(node)
                if where is not None:
                    self.verbatim.append((where.start, where.end))
            if kind in ("Figure", "Table", "Div", "Image", "Span", "Header", "CodeBlock", "Link", "Code"):
                self.curly_attributes(node)

    # figures, tables, boxes
    def figure(self, node: Node) -> None:
        figure_attr, caption, body = node["c"]
        image = next(iter_nodes(body, "Image"), None)
        pairs = attr_pairs(figure_attr)
        target = ""
        if image is not None:
            pairs = {**attr_pairs(image["c"][0]), **pairs}
            target = image["c"][2][0]
        at, written = self._written_image(node, target)
        label = figure_attr[0]
        caption_text = stringify(caption[1])
        if image is not None and "alt" in written:  # pandoc reads alt="..." into the image's description
            pairs["alt"] = stringify(image["c"][1])
        attrs = Attributes(label, list(figure_attr[1]) + (list(image["c"][0][1]) if image else []), pairs)
        label_offset = self._label_offset(label, at)
        self.facts.items.append(ScannedItem("figure", label, caption_text, target, attrs, at, label_offset))

    def table(self, node: Node) -> None:
        table_attr, caption, _specs, head, bodies, _foot = node["c"]
        label = table_attr[0]
        caption_blocks = caption[1]
        at = self.offset(node, "#" + label if label else "")
        rows = [*head[1], *(row for body in bodies for row in (*body[2], *body[3]))]
        start = self._table_start(rows, at)
        if not caption_blocks and not label:
            self.facts.uncaptioned_tables.append(start)
        else:
            first = next((n for n in iter_nodes(caption_blocks) if origin(n) is not None), None)
            caption_at = self._line_start(origin(first).start) if first is not None else at  # type: ignore[union-attr]
            attrs = Attributes(label, list(table_attr[1]), attr_pairs(table_attr))
            label_offset = self._label_offset(label, caption_at)
            item = ScannedItem("table", label, stringify(caption_blocks), "", attrs, caption_at, label_offset)
            self.facts.items.append(item)
        header_cells = [cell for row in head[1] for cell in row[1]]
        if not any(cell[4] for cell in header_cells):
            self.facts.headerless_tables.append(start)

    def box(self, node: Node) -> None:
        box_attr, blocks = node["c"]
        classes = list(box_attr[1])
        if not {"finding", "recommendation"} & set(classes):
            return
        where = origin(node)
        inner = where.start if where is not None else None
        fence = self._opening_fence(inner, box_attr)
        if fence is None:
            return
        start, end = fence
        attrs = Attributes(box_attr[0], classes, attr_pairs(box_attr))
        self.facts.boxes.append(Box(start, self.text[start:end].strip(), attrs, not blocks))

    def _opening_fence(self, before: int | None, box_attr: Any) -> tuple[int, int] | None:
        """The ``:::`` line that opens a box: the last fence above its first line, or (an empty box, which
        has no place of its own) the first fence naming its class."""
        if before is not None:
            fences = [m for m in _FENCE_LINE.finditer(self.text, self.body_start, before) if m["rest"].strip()]
            if fences:
                return fences[-1].span()
        for match in _FENCE_LINE.finditer(self.text, self.body_start):
            if any(name in match["rest"] for name in box_attr[1]) and self.once("fence", match.start()):
                return match.span()
        return None

    # inlines
    def cite(self, node: Node) -> None:
        where = origin(node)
        for citation in node["c"][0]:
            key = citation["citationId"]
            at = self.offset(node, "@" + key)
            if where is not None:
                found = re.compile(r"-?@\{?" + re.escape(key) + r"\}?(?!\w)").search(self.text, where.start, where.end)
                if found is not None:
                    at = found.start() + (found.group(0)[0] == "-")
            if self.once("@" + key, at):
                self.facts.references.append(Reference(key, at))

    def link(self, node: Node) -> None:
        at = self.offset(node)
        if at and self.text[at - 1] == "<":  # <https://...>: the link is written from its "<"
            at -= 1
        if self.once("link", at):
            self.facts.links.append((stringify(node["c"][1]), node["c"][2][0], at))

    def paragraph(self, inlines: list[Node]) -> list[Node]:
        """A paragraph's inlines the walk reads: not its words (most of a chapter), unless one holds a note's
        mark. Two neighbours that print wrongly are looked for only where an image or a citation is."""
        kept = [node for node in inlines if node["t"] not in LEAVES or (node["t"] == "Str" and "[^" in node["c"])]
        if any(node["t"] in ("Image", "Cite") for node in kept):
            self.inline_sequence(inlines)
        return kept

    def inline_sequence(self, inlines: list[Node]) -> None:
        """Two neighbours that print wrongly: "Figure @fig:x", an image and an attribute block it lost."""
        for index, node in enumerate(inlines[1:], start=1):
            before = inlines[index - 1]
            kind = node.get("t")
            if kind == "Str" and before.get("t") == "Image" and node["c"].startswith("{"):
                at = self.offset(node, node["c"])
                written = self.text[at : self.text.find("\n", at) if "\n" in self.text[at:] else len(self.text)]
                if self.once("attributes", at):
                    self.facts.misreadings.append(
                        Misreading(
                            at,
                            written[:60],
                            "pandoc cannot read this attribute block, so the figure loses its label and source and "
                            'prints it as text: close it with "}" and write the values in straight quotes',
                        )
                    )
            elif kind == "Cite" and index >= 2 and before.get("t") in ("Space", "SoftBreak"):
                word = inlines[index - 2]
                key = node["c"][0][0]["citationId"]
                said = XREF_WORDS.search(word["c"]) if word.get("t") == "Str" else None
                if said and key.startswith(("fig:", "tbl:")) and self.once("xref-word", self.offset(word)):
                    at = self.offset(word)
                    printed = "Figure" if key.startswith("fig:") else "Table"
                    self.facts.misreadings.append(
                        Misreading(
                            at,
                            f"{said.group(1)} @{key}",
                            f'this prints "{said.group(1)} {printed} N": pubkit writes the word itself, '
                            f'so write "@{key}" alone',
                        )
                    )

    def undefined_note(self, node: Node) -> None:
        for match in _UNDEFINED_NOTE.finditer(node["c"]):
            at = self.offset(node, match.group(0)) + match.start()
            if self.text.startswith(match.group(0), at) and at and self.text[at - 1] == "\\":
                continue  # \[^x] written to print as it is
            if self.once("note", at):
                self.facts.misreadings.append(
                    Misreading(
                        at,
                        match.group(0),
                        f"the note {match.group(0)} has no definition, so it prints as written: add a line "
                        f'"{match.group(0)}: ..." with the note\'s text, or remove the mark',
                    )
                )

    def curly_attributes(self, node: Node) -> None:
        node_attr = node["c"][0] if node["t"] not in ("Header",) else node["c"][1]
        if not isinstance(node_attr, list) or len(node_attr) != 3:
            return
        written = node.get("a", {})
        for key, value in node_attr[2]:
            # only a value written without straight quotes round it (pandoc reads it up to the next space)
            if not (value[:1] in CURLY or value[-1:] in CURLY) or any(c.isspace() for c in value):
                continue
            place = written.get(key)
            if place and place[0] and self.text[place[0] - 1] in "\"'":
                continue  # alt="“Quoted” words": the curly quotes are the author's own text
            at = place[0] if place else self.offset(node, value)
            if self.once("curly", at):
                straight = value.strip(CURLY)
                self.facts.misreadings.append(
                    Misreading(
                        at,
                        f"{key}={value}",
                        f"the value of {key} is in curly quotes, which pandoc keeps as part of it: "
                        f'write {key}="{straight}" with straight quotes (turn off smart quotes in your editor)',
                    )
                )

    # places
    def _written_image(self, figure: Node, target: str) -> tuple[int, set[str]]:
        """Where a figure's ``![`` was written, and the keys of its attribute block as written there.

        The figure's place begins on the line of its first word; its image is the first ``![`` from there
        (an image's own place may start inside its attributes, where ``alt="..."`` puts its words)."""
        start = self.offset(figure, target)
        limit = self.text.find("\n\n", start)
        limit = len(self.text) if limit < 0 else limit
        bang = self.text.find("![", self._line_start(start), limit)
        if bang < 0:
            return start, set()
        position = balanced(self.text, bang + 1, "[", "]", limit)
        if position < limit and self.text[position] in "([":
            position = balanced(
                self.text, position, self.text[position], ")" if self.text[position] == "(" else "]", limit
            )
        if position >= limit or self.text[position] != "{":
            return bang, set()
        body = self.text[position + 1 : balanced(self.text, position, "{", "}", limit) - 1]
        return bang, set(parse_attributes(body).pairs)

    def _label_offset(self, label: str, near: int) -> int | None:
        if not label:
            return None
        end = self.text.find("\n\n", near)
        found = self.text.find("#" + label, near, len(self.text) if end < 0 else end)
        return found if found >= 0 else None

    def _table_start(self, rows: list[Any], fallback: int) -> int:
        """The table's first line: that of its first cell, or the border or dashes above it."""
        first = next((n for n in iter_nodes(rows) if origin(n) is not None), None)
        if first is None:
            return self._line_start(fallback)
        start = self._line_start(origin(first).start)  # type: ignore[union-attr]
        above = self._line_start(start - 1) if start else start
        if start and _BORDER.match(self.text[above : start - 1]):
            return above
        return start

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


def _fences(text: str, body_start: int, verbatim: list[tuple[int, int]], facts: TreeFacts) -> None:
    """Fenced divs opened and closed as pandoc pairs them: a fence with words after it opens a box, a bare
    fence closes the innermost open one."""
    opened: list[re.Match[str]] = []
    for match in _FENCE_LINE.finditer(text, body_start):
        if _inside(verbatim, match.start()):
            continue
        if match["rest"].strip() and not set(match["rest"].strip()) <= {":"}:
            opened.append(match)
        elif opened:
            opened.pop()
        else:
            facts.misreadings.append(
                Misreading(
                    match.start(),
                    match.group(0).strip(),
                    'this ":::" closes no box, so it prints as text: remove it, or add the box\'s opening '
                    'fence (e.g. "::: {.finding question=...}") above its text',
                )
            )
    for match in opened:
        facts.misreadings.append(
            Misreading(
                match.start(),
                match.group(0).strip(),
                "this box is never closed, so everything after it to the end of the file is inside it: "
                'add a line ":::" where it ends',
            )
        )


def _notes(text: str, body_start: int, verbatim: list[tuple[int, int]], facts: TreeFacts) -> None:
    """A note defined and never referred to: pandoc leaves it out of the document without a word."""
    for match in _NOTE_DEFINITION.finditer(text, body_start):
        if _inside(verbatim, match.start()):
            continue
        if re.search(_NOTE_USE.format(re.escape(match["id"])), text[body_start:]) is None:
            facts.misreadings.append(
                Misreading(
                    match.start(),
                    match.group(0),
                    f"the note [^{match['id']}] is never referred to, so it is left out: put [^{match['id']}] "
                    "in the text where it belongs, or delete the note",
                )
            )
