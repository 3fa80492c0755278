"""Part titles and headings: one level-1 title per part, Word-safe bookmark ids."""

from __future__ import annotations

import re
import unicodedata

from ..model import Document, Heading, Part
from ..pandoc_ast import Header, Node, Space, Str, attr, stringify


def strip_repeated_title(part: Part, _document: Document) -> None:
    """Authors often repeat the front-matter title as a first ``#`` heading; keep one."""
    blocks = part.blocks
    if blocks and blocks[0].get("t") == "Header" and stringify(blocks[0]["c"][2]).casefold() == part.title.casefold():
        del blocks[0]


def shift_headings(part: Part, _document: Document) -> None:
    """The part title is level 1, so the body's top heading level becomes 2 (``#`` or ``##`` both work)."""
    levels = [b["c"][0] for b in part.blocks if b.get("t") == "Header"]
    if not levels:
        return
    shift = 2 - min(levels)
    if shift:
        for block in all_headers(part.blocks):
            block["c"][0] = max(2, min(6, block["c"][0] + shift))


def add_title_heading(part: Part, document: Document) -> None:
    title = document.part_titles[part.chapter.rel]
    part.blocks.insert(0, Header(1, list(title), attr()))


def assign_heading_ids(document: Document) -> None:
    """Give every heading a unique id that is also a valid Word bookmark name, and list them for the TOC."""
    used: set[str] = set()
    document.headings.clear()
    counter = 0
    for part in document.parts + list(document.extra_parts.values()):
        for block in all_headers(part.blocks):
            counter += 1
            slug = _slug(stringify(block["c"][2]))
            bookmark = f"h{counter:03d}_{slug}"[:40].rstrip("_")
            while bookmark in used:
                bookmark = bookmark[:36] + f"_{counter}"
            used.add(bookmark)
            block["c"][1][0] = bookmark
            if part in document.parts:
                document.headings.append(Heading(block["c"][0], stringify(block["c"][2]), bookmark, part))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_").lower()[:30] or "section"


def all_headers(blocks: list[Node]) -> list[Node]:
    """Every heading of a part, those inside boxes and other divs included."""
    found: list[Node] = []
    for block in blocks:
        if block.get("t") == "Header":
            found.append(block)
        elif block.get("t") == "Div":
            found.extend(all_headers(block["c"][1]))
    return found


def number_chapter_titles(document: Document) -> None:
    """With ``numbering: chapter`` readers need the chapter number that figure numbers start with."""
    if document.config["numbering"] != "chapter":
        return
    for part in document.parts:
        if part.role == "chapter" and part.blocks and part.blocks[0].get("t") == "Header":
            part.blocks[0]["c"][2][:0] = [Str(f"{part.number}."), Space()]
