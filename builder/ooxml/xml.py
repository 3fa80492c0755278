"""Raw WordprocessingML fragments as strings (pandoc embeds ``openxml`` raw blocks verbatim)."""

from __future__ import annotations

import itertools
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)

_bookmark_ids = itertools.count(900000)  # far above the ids pandoc gives its own bookmarks


def escape(text: str) -> str:
    """Text as XML character data."""
    return text.translate(_TEXT_ESCAPES)


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return '"' + text.translate(_ATTRIBUTE_ESCAPES) + '"'


def insert_in_order(parent: Any, child: Any, order: list[str]) -> None:
    """Put ``child`` where WordprocessingML's schema wants it among ``parent``'s children, replacing any
    element of the same name (Word refuses a file whose property elements are out of order)."""
    name = child.tag.split("}")[1]
    rank = order.index(name)
    for existing in parent.findall(child.tag):
        parent.remove(existing)
    for index, existing in enumerate(list(parent)):
        other = existing.tag.split("}")[1]
        if other in order and order.index(other) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def new_bookmark_id() -> int:
    return next(_bookmark_ids)


def text_run(text: str, *, bold: bool = False, italic: bool = False, style: str | None = None) -> str:
    props = ""
    if style:
        props += f"<w:rStyle w:val={quoteattr(style)}/>"
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def tab_run() -> str:
    return "<w:r><w:tab/></w:r>"


def bookmark(name: str, inner: str) -> str:
    """Wrap ``inner`` runs in a bookmark (REF and PAGEREF fields point at bookmarks)."""
    ident = new_bookmark_id()
    return f'<w:bookmarkStart w:id="{ident}" w:name={quoteattr(name)}/>{inner}<w:bookmarkEnd w:id="{ident}"/>'


def hyperlink_to_bookmark(anchor: str, inner: str) -> str:
    return f'<w:hyperlink w:anchor={quoteattr(anchor)} w:history="1">{inner}</w:hyperlink>'


def paragraph(inner: str, *, style: str | None = None, extra_ppr: str = "") -> str:
    ppr = (f"<w:pStyle w:val={quoteattr(style)}/>" if style else "") + extra_ppr
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{inner}</w:p>"


def page_start_paragraph() -> str:
    """An empty, one-point paragraph whose style starts a new page (no stray blank line)."""
    return paragraph("", style="PageStart")


def box_spacer_paragraph() -> str:
    """A small gap that separates two call-out boxes (pandoc drops empty paragraphs, so it is raw)."""
    return paragraph("", style="BoxSpacer")


def bookmark_name(prefix: str, sequence: int, kind: str) -> str:
    """Word bookmark names: letters, digits, underscore, at most 40 characters; '_' hides them in Word's list."""
    return f"_{prefix}{kind[0].upper()}{sequence:04d}"
