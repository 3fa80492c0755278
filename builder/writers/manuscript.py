"""The Word manuscript, in UNESCO's order (SPEC §4).

cover → legal page → short summary → blank page → inside title page →
foreword → acknowledgements → contents → list of figures → list of tables →
executive summary → chapters → references → annexes.

The contents and the two lists are real TOC fields whose results are already
filled in (text, links and page numbers), captions carry SEQ fields, and the
front matter is numbered in roman, the chapters in arabic from 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as open_docx

from ..citeproc import with_formatted_citations
from ..model import Document, Part
from ..ooxml.fields import TocEntry, fill_pageref_results, filled_toc_field
from ..ooxml.pictures import describe_pictures
from ..ooxml.sections import (
    SectionPlan,
    apply_section_plan,
    section_break_paragraph,
    set_core_properties,
    set_custom_property,
)
from ..ooxml.tables import keep_tables_together
from ..ooxml.xml import bookmark_name, page_start_paragraph
from ..pandoc_ast import (
    Div,
    Header,
    Image,
    Node,
    Para,
    RawBlock,
    Str,
    attr,
    clone,
    has_node,
    stringify,
    styled,
    text_inlines,
    word_count,
)
from ..render import Office, Target, locate_pages, page_texts
from ..review.record import RecordJob, save_record
from ..review.wordml import BUILD_PROPERTY
from . import WriteContext
from .word import WordLowering, picture_descriptions, reference_docx, write_docx

SECTION_PLANS = [
    SectionPlan(numbered=False, number_format="lowerRoman", restart=True),  # cover … inside title page
    SectionPlan(numbered=True, number_format="lowerRoman", restart=False),  # foreword … executive summary
    SectionPlan(numbered=True, number_format="decimal", restart=True),  # chapters, references, annexes
]
REFERENCES_ID = "h_references"
WORDS_PER_PAGE = 520


@dataclass
class Layout:
    """The manuscript's blocks plus what its contents and lists need to show."""

    blocks: list[Node]
    toc: list[TocEntry]
    figures: list[TocEntry]
    tables: list[TocEntry]
    pages: dict[str, str]  # bookmark → page label (estimated until a PDF measures it)


class ManuscriptWriter:
    name = "docx"
    filename = "manuscript.docx"

    def write(self, document: Document, target: Path, context: WriteContext) -> None:
        lowering = WordLowering(document, context.cache_dir, context.charts)
        layout = plan_layout(document, lowering)
        reference = reference_docx(document.project, context.cache_dir)
        record = RecordJob(document, context.cache_dir)
        write_docx(
            layout.blocks,
            document,
            reference,
            target,
            cache_dir=context.cache_dir,
            lowering=lowering,
            slices_as="manuscript",
            formatted=record.start,
        )
        docx = open_docx(str(target))
        apply_section_plan(docx, SECTION_PLANS)
        fill_pageref_results(docx.element.body, layout.pages)
        config = document.config
        set_core_properties(
            docx,
            title=config["title"],
            authors=config["authors"],
            subject=config["subtitle"],
            keywords="UNESCO; " + config["type"],
        )
        describe_pictures(docx.element.body, picture_descriptions(layout.blocks))
        keep_tables_together(docx.element.body)
        # What each paragraph says and where it was written, for the review round (pubkit review).
        made = record.finish(docx)
        save_record(made, context.out_dir)
        set_custom_property(docx, BUILD_PROPERTY, made.ident)
        docx.save(str(target))
        if context.office is not None and context.want_pdf:
            pdf = context.extra_file("manuscript.pdf")
            measured = render_with_page_numbers(docx, layout, target, context.office, pdf)
            for item in document.items:  # where each figure and table prints, for the permission register
                page = measured.get(bookmark_name("Toc", item.sequence, item.kind))
                if page:
                    context.item_pages[item.display] = page


def render_with_page_numbers(docx: Any, layout: Layout, target: Path, office: Office, pdf: Path) -> dict[str, str]:
    """Render once to learn where headings, figures and tables fall, write those page numbers into
    the contents and lists (the fields stay live), and render again for the final PDF; returns the pages
    found (bookmark → printed page label)."""
    office.to_pdf(target, pdf)
    entries = (layout.toc, layout.figures, layout.tables)
    measured = locate_pages(page_texts(pdf), [[Target(e.bookmark, e.text) for e in group] for group in entries])
    if fill_pageref_results(docx.element.body, {**layout.pages, **measured}):
        docx.save(str(target))
        office.to_pdf(target, pdf)
    return measured


def plan_layout(document: Document, lowering: WordLowering) -> Layout:
    labels = document.labels["parts"]
    blocks: list[Node] = []
    estimate = PageEstimate()

    def add_part(part: Part) -> None:
        estimate.new_page()
        lowered = lowering.lower(part.blocks)
        estimate.add_blocks(part.blocks, document)
        blocks.extend(lowered)

    # Cover, legal page, short summary, blank page, inside title page: one unnumbered section.
    blocks.extend(cover_blocks(document))
    blocks.append(RawBlock("openxml", page_start_paragraph()))
    blocks.append(styled("Legal Text", document.legal_page_blocks))
    blocks.append(RawBlock("openxml", page_start_paragraph()))
    blocks.extend(short_summary_blocks(document, labels["short_summary"]))
    blocks.append(RawBlock("openxml", page_start_paragraph()))  # the blank page
    blocks.append(RawBlock("openxml", page_start_paragraph()))
    blocks.extend(title_page_blocks(document))
    blocks.append(RawBlock("openxml", section_break_paragraph()))
    estimate.skip_pages(5)

    for part in document.parts_with_role("foreword", "acknowledgements"):
        add_part(part)
    contents_at = len(blocks)  # the contents are inserted here once every heading is known
    toc_estimate_at = estimate.mark()
    for part in document.parts_with_role("executive-summary"):
        add_part(part)
    blocks.append(RawBlock("openxml", section_break_paragraph()))
    estimate.start_main_matter()

    for part in document.parts_with_role("chapter", "consultation"):
        add_part(part)
    references = references_blocks(document, lowering, labels["references"])
    if references:
        estimate.new_page()
        estimate.bookmark(REFERENCES_ID)
        estimate.add_words(40 * len(document.project.bib_files) + 200)
        blocks.extend(references)
    for part in document.parts_with_role("annex"):
        add_part(part)

    toc = [TocEntry(f"TOC{h.level}", h.text, h.bookmark, "") for h in document.headings if h.level <= 3]
    if references:
        first_annex = next((i for i, e in enumerate(toc) if _part_of(document, e.bookmark) == "annex"), len(toc))
        toc.insert(first_annex, TocEntry("TOC1", labels["references"], REFERENCES_ID, ""))
    captions = _printed_captions(document, lowering.cache_dir)
    figures = [
        TocEntry("TableofFigures", f"{i.display}. {captions[i.label]}", bookmark_name("Toc", i.sequence, i.kind), "")
        for i in document.items_of("figure")
    ]
    tables = [
        TocEntry("TableofFigures", f"{i.display}. {captions[i.label]}", bookmark_name("Toc", i.sequence, i.kind), "")
        for i in document.items_of("table")
    ]
    contents = contents_blocks(toc, figures, tables, labels)
    blocks[contents_at:contents_at] = contents
    estimate.insert_pages(toc_estimate_at, math.ceil((len(toc) + len(figures) + len(tables) + 8) / 38))
    return Layout(blocks, toc, figures, tables, estimate.labels())


def _printed_captions(document: Document, cache_dir: Path) -> dict[str, str]:
    """Each item's caption as the lists of figures and tables print it: a citation in it formatted as in the
    caption itself ("(UNESCO, 2022)", not "[@unesco2022]")."""
    captions = {item.label: item.caption_text for item in document.items}
    cited = [item for item in document.items if has_node(item.caption, "Cite")]
    if cited and document.project.bib_files:
        snippets = with_formatted_citations(document, [[Para(clone(item.caption))] for item in cited], None, cache_dir)
        for item, snippet in zip(cited, snippets, strict=True):
            captions[item.label] = " ".join(stringify(snippet).split())
    return captions


def _part_of(document: Document, bookmark: str) -> str:
    for heading in document.headings:
        if heading.bookmark == bookmark:
            return heading.part.role
    return ""


def title_blocks(document: Document) -> list[Node]:
    """Title, subtitle and authors: the top of the cover and of the inside title page."""
    out = [styled("Title", [Para(list(document.title_inlines))])]
    if document.subtitle_inlines:
        out.append(styled("Subtitle", [Para(list(document.subtitle_inlines))]))
    out.extend(styled("Author", [Para(text_inlines(author))]) for author in document.config["authors"])
    return out


def cover_blocks(document: Document) -> list[Node]:
    config = document.config
    out = title_blocks(document)
    if document.cover_image is not None:
        description = (config["cover"] or {}).get("alt")
        picture = Image(
            text_inlines(description or ""),
            str(document.cover_image),
            attr(pairs=_fit(document.cover_image, 16.0, 13.0)),
        )
        picture["alt"] = description
        out.append(styled("Cover Image", [Para([picture])]))
        if (config["cover"] or {}).get("credit"):
            out.append(styled("Cover Credit", [Para(text_inlines(config["cover"]["credit"]))]))
    out.append(styled("Date", [Para(text_inlines(f"{config['publisher']} · {config['year']}"))]))
    return out


def _fit(path: Path, max_width_cm: float, max_height_cm: float) -> dict[str, str]:
    """Size a picture to fit a box, keeping its proportions."""
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as picture:
            width, height = picture.size
    except Exception:
        return {"width": f"{max_width_cm}cm"}
    scale = min(max_width_cm / width, max_height_cm / height)
    return {"width": f"{width * scale:.2f}cm", "height": f"{height * scale:.2f}cm"}


def short_summary_blocks(document: Document, heading: str) -> list[Node]:
    out: list[Node] = [styled("Front Heading", [Para(text_inlines(heading))])]
    summary = [b for b in document.short_summary_blocks]
    if summary and summary[0].get("t") == "Para":
        out.append(styled("Summary Lead", [summary[0]]))
        summary = summary[1:]
    out.extend(summary)
    return out


def title_page_blocks(document: Document) -> list[Node]:
    config = document.config
    return [*title_blocks(document), styled("Date", [Para(text_inlines(f"{config['publisher']}, {config['year']}"))])]


def contents_blocks(toc: list[TocEntry], figures: list[TocEntry], tables: list[TocEntry], labels: dict) -> list[Node]:
    out = [
        styled("TOC Heading", [Para(text_inlines(labels["contents"]))]),
        RawBlock("openxml", filled_toc_field('TOC \\o "1-3" \\h \\z \\u', toc, "No headings found.")),
    ]
    if figures:
        out += [
            styled("List Heading", [Para(text_inlines(labels["list_of_figures"]))]),
            RawBlock("openxml", filled_toc_field('TOC \\h \\z \\c "Figure"', figures, "No figures.")),
        ]
    if tables:
        out += [
            styled("List Heading", [Para(text_inlines(labels["list_of_tables"]))]),
            RawBlock("openxml", filled_toc_field('TOC \\h \\z \\c "Table"', tables, "No tables.")),
        ]
    return out


def references_blocks(document: Document, lowering: WordLowering, title: str) -> list[Node]:
    """The reference list (filled by citeproc) goes after the last chapter, before the annexes."""
    cites = any(has_node(part.blocks, "Cite") for part in document.parts)
    cites = cites or any(i.source and "@" in i.source for i in document.items)
    if not cites or not document.project.bib_files:
        return []
    return [Header(1, [Str(title)], attr(REFERENCES_ID)), Div([], attr("refs"))]


class PageEstimate:
    """A rough page count per heading and item, used until LibreOffice measures the real pages.

    Each part starts on a new page; text fills about ``WORDS_PER_PAGE`` words a page,
    a figure about 0.4 page and a table about 0.25 page plus its rows.
    """

    def __init__(self) -> None:
        self.position = 0.0  # pages from the start of the document
        self.main_start: float | None = None
        self.marks: dict[str, float] = {}
        self.inserted: list[tuple[float, int]] = []

    def skip_pages(self, pages: int) -> None:
        self.position += pages

    def new_page(self) -> None:
        self.position = float(math.ceil(self.position - 1e-9))

    def mark(self) -> float:
        return self.position

    def insert_pages(self, at: float, pages: int) -> None:
        self.inserted.append((at, pages))

    def start_main_matter(self) -> None:
        self.new_page()
        self.main_start = self.position

    def bookmark(self, name: str) -> None:
        self.marks[name] = self.position

    def add_words(self, words: int) -> None:
        self.position += words / WORDS_PER_PAGE

    def add_blocks(self, blocks: list[Node], document: Document) -> None:
        items = {i.label: i for i in document.items}
        headings = {h.bookmark for h in document.headings}
        for block in blocks:
            kind = block.get("t")
            if kind == "Header" and block["c"][1][0] in headings:
                self.marks[block["c"][1][0]] = self.position
            elif kind in ("Figure", "Table") and block["c"][0][0] in items:
                item = items[block["c"][0][0]]
                self.marks[bookmark_name("Toc", item.sequence, item.kind)] = self.position
                rows = sum(len(body[3]) for body in block["c"][4]) if kind == "Table" else 0
                self.position += 0.4 if kind == "Figure" else 0.15 + rows * 0.035
            if kind == "Div":
                self.add_blocks(block["c"][1], document)
            elif kind not in ("Figure", "Table"):
                self.add_words(word_count(block))

    def labels(self) -> dict[str, str]:
        """Page labels as printed: roman before the first chapter, arabic from it."""
        out = {}
        for name, where in self.marks.items():
            shift = sum(pages for at, pages in self.inserted if at <= where)
            page = int(where) + shift + 1
            if self.main_start is not None and where >= self.main_start:
                out[name] = str(int(where - self.main_start) + 1)
            else:
                out[name] = _roman(page)
        return out


def _roman(number: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out
