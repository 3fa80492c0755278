"""Word fields with their results already filled in, so the document reads right before F9.

A complex field is begin → instruction → separate → cached result → end. The
result is what Word and LibreOffice show until the field is updated; updating
(F9) recomputes the same thing, so nothing breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .xml import W_NS, bookmark, escape, hyperlink_to_bookmark, paragraph, tab_run, text_run

_W = "{" + W_NS + "}"


def field_begin(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


def field_end() -> str:
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, result_runs: str) -> str:
    """A complete complex field inside one paragraph."""
    return field_begin(instruction) + result_runs + field_end()


def seq_field(sequence: str, number: int, *, reset_at_heading: int | None = None, restart: int | None = None) -> str:
    """``SEQ Figure`` / ``SEQ Table``: the number Word's captions and lists are built on.

    ``reset_at_heading`` (``\\s``) restarts the count at each heading of that level in Word;
    ``restart`` (``\\r``) sets the number outright, which LibreOffice honours too.
    """
    switches = (f" \\r {restart}" if restart is not None else "") + " \\* ARABIC"
    switches += f" \\s {reset_at_heading}" if reset_at_heading else ""
    return field(f"SEQ {sequence}{switches}", text_run(str(number)))


def ref_field(bookmark_name: str, shown: str) -> str:
    """A cross-reference to a bookmarked caption label ("Figure 3"), updatable with F9."""
    return field(f"REF {bookmark_name} \\h", text_run(shown))


def pageref_field(bookmark_name: str, page: str) -> str:
    return field(f"PAGEREF {bookmark_name} \\h", text_run(page))


def page_field() -> str:
    return field("PAGE", text_run("1"))


def caption_label(
    kind_name: str,
    number: str,
    sequence_number: int,
    chapter_prefix: str,
    ref_bookmark: str,
    number_bookmark: str,
    toc_bookmark: str,
    restart: int | None = None,
) -> str:
    """The "Figure 3" part of a caption: label, SEQ field, and the bookmarks references point at.

    ``ref_bookmark`` spans "Figure 3" (for "see Figure 3"), ``number_bookmark`` only
    the number (for "Figures 2 and 3"), ``toc_bookmark`` is where the list of figures
    points its page number.
    """
    number_runs = (text_run(f"{chapter_prefix}.") if chapter_prefix else "") + seq_field(
        kind_name, sequence_number, reset_at_heading=1 if chapter_prefix else None, restart=restart
    )
    label = text_run(f"{kind_name} ") + bookmark(number_bookmark, number_runs)
    return bookmark(toc_bookmark, bookmark(ref_bookmark, label))


@dataclass(frozen=True)
class TocEntry:
    """One line of a table of contents or list of figures/tables."""

    style: str  # "TOC1", "TOC2", "TableofFigures"
    text: str
    bookmark: str
    page: str


def filled_toc_field(instruction: str, entries: list[TocEntry], empty_text: str) -> str:
    """A TOC field (contents, list of figures, list of tables) whose cached result lists every entry.

    Each entry links to its bookmark and carries a PAGEREF field, exactly as Word
    writes its own tables of contents, so F9 refreshes it in place.
    """
    if not entries:
        return paragraph(field(instruction, text_run(empty_text)), style="TOC1")
    paragraphs = []
    for index, entry in enumerate(entries):
        runs = hyperlink_to_bookmark(
            entry.bookmark, text_run(entry.text) + tab_run() + pageref_field(entry.bookmark, entry.page)
        )
        if index == 0:
            runs = field_begin(instruction) + runs
        if index == len(entries) - 1:
            runs += field_end()
        paragraphs.append(paragraph(runs, style=entry.style))
    return "".join(paragraphs)


def fill_pageref_results(body: Any, pages: dict[str, str]) -> int:
    """Write page numbers into the cached results of PAGEREF fields (the fields stay live).

    ``body`` is the lxml element of the document body; returns how many results changed.
    """
    changed = 0
    for instruction in body.iter(_W + "instrText"):
        words = (instruction.text or "").split()
        if len(words) < 2 or words[0] != "PAGEREF" or words[1] not in pages:
            continue
        run = instruction.getparent()
        separated = False
        for sibling in run.itersiblings():
            char = sibling.find(_W + "fldChar")
            if char is not None:
                kind = char.get(_W + "fldCharType")
                if kind == "separate":
                    separated = True
                    continue
                if kind == "end":
                    break
            text = sibling.find(_W + "t")
            if separated and text is not None:
                if text.text != pages[words[1]]:
                    text.text = pages[words[1]]
                    changed += 1
                break
    return changed
