"""Generate the reference.docx that gives the manuscript and the brief their look.

We start from pandoc's own default reference document (so every style pandoc
writes exists), then apply a declarative style sheet: A4 pages, a metric-
compatible sans-serif (Arial, which LibreOffice renders with Liberation Sans),
UNESCO-like blue headings, Caption and Source styles, boxed findings, TOC
styles. Reviewing the look means reading ``STYLE_SHEET`` below.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from ..pandoc import run_pandoc
from .xml import insert_in_order

BLUE = "0077D4"  # UNESCO-like blue
DARK_BLUE = "1B4F8A"
TEXT = "222222"
GREY = "5A5A5A"
LIGHT_BLUE = "E8F2FB"
LIGHT_ORANGE = "FDF1E6"
ORANGE = "E07B00"  # rules and borders only: too light for text on white (3:1)
DARK_ORANGE = "A04B00"  # text in orange: 5.4:1 on the recommendation boxes' fill (WCAG AA asks 4.5:1)
FONT = "Arial"
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.5
TEXT_WIDTH_TWIPS = round((PAGE_WIDTH_CM - 2 * MARGIN_CM) / 2.54 * 1440)
BODY_SIZE = 10.5


@dataclass(frozen=True)
class StyleSpec:
    """How one paragraph style looks; None leaves pandoc's default."""

    based_on: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    align: str | None = None  # left | center | right | justify
    space_before: float | None = None
    space_after: float | None = None
    line_spacing: float | None = None
    keep_with_next: bool | None = None
    page_break_before: bool | None = None
    left_indent_cm: float | None = None
    hanging_cm: float | None = None
    outline_level: int | None = None  # None: keep; -1: remove (not in the contents)
    right_tab_dots: bool = False
    box: tuple[str, str] | None = None  # (border colour, fill colour): a call-out box
    rule_below: str | None = None  # colour of a thin line under the paragraph
    font: str | None = None


STYLE_SHEET: dict[str, StyleSpec] = {
    "Normal": StyleSpec(space_after=6, line_spacing=1.15),
    "Body Text": StyleSpec(space_before=0, space_after=8),
    "First Paragraph": StyleSpec(),
    "Compact": StyleSpec(space_before=1, space_after=1),
    "Title": StyleSpec(size=30, bold=True, color=BLUE, align="left", space_before=0, space_after=12, line_spacing=1.0),
    "Subtitle": StyleSpec(size=16, color=DARK_BLUE, align="left", space_after=18),
    "Author": StyleSpec(size=12, color=TEXT, align="left", space_after=4),
    "Date": StyleSpec(size=11, color=GREY, align="left"),
    "Heading 1": StyleSpec(
        size=20,
        bold=True,
        color=BLUE,
        page_break_before=True,
        space_before=0,
        space_after=14,
        keep_with_next=True,
        line_spacing=1.0,
    ),
    "Heading 2": StyleSpec(size=14, bold=True, color=DARK_BLUE, space_before=16, space_after=6, keep_with_next=True),
    "Heading 3": StyleSpec(size=12, bold=True, color=TEXT, space_before=12, space_after=4, keep_with_next=True),
    "Heading 4": StyleSpec(size=BODY_SIZE, bold=True, italic=True, color=TEXT, space_before=10, space_after=4),
    "Block Text": StyleSpec(italic=True, left_indent_cm=1.0, space_before=6, space_after=6),
    "Caption": StyleSpec(
        size=9.5, bold=True, italic=False, color=TEXT, space_before=12, space_after=4, keep_with_next=True
    ),
    "Image Caption": StyleSpec(based_on="Caption"),
    "Table Caption": StyleSpec(based_on="Caption"),
    "Figure Image": StyleSpec(based_on="Normal", align="center", keep_with_next=True, space_before=2, space_after=2),
    "Source": StyleSpec(based_on="Normal", size=8.5, italic=True, color=GREY, space_before=4, space_after=14),
    "Footnote Text": StyleSpec(size=8.5, space_after=2, line_spacing=1.0),
    "Bibliography": StyleSpec(left_indent_cm=0.75, hanging_cm=0.75, space_after=6),
    "TOC Heading": StyleSpec(
        size=20, bold=True, color=BLUE, page_break_before=True, space_before=0, space_after=14, outline_level=-1
    ),
    "List Heading": StyleSpec(
        based_on="Normal", size=14, bold=True, color=BLUE, space_before=24, space_after=10, keep_with_next=True
    ),
    "Front Heading": StyleSpec(based_on="Normal", size=20, bold=True, color=BLUE, space_after=14, keep_with_next=True),
    "TOC 1": StyleSpec(based_on="Normal", bold=True, space_before=6, space_after=2, right_tab_dots=True),
    "TOC 2": StyleSpec(based_on="Normal", left_indent_cm=0.5, space_after=2, right_tab_dots=True),
    "TOC 3": StyleSpec(based_on="Normal", left_indent_cm=1.0, space_after=2, right_tab_dots=True),
    "Table of Figures": StyleSpec(
        based_on="Normal", left_indent_cm=1.6, hanging_cm=1.6, space_after=3, right_tab_dots=True
    ),
    "Box Title": StyleSpec(
        based_on="Normal",
        size=9,
        bold=True,
        color=DARK_BLUE,  # 7.3:1 on the box's fill (the brighter blue reaches only 4.0:1)
        space_before=10,
        space_after=0,
        keep_with_next=True,
        box=(BLUE, LIGHT_BLUE),
    ),
    "Finding": StyleSpec(based_on="Normal", space_before=0, space_after=0, box=(BLUE, LIGHT_BLUE)),
    "Recommendation Title": StyleSpec(
        based_on="Normal",
        size=9,
        bold=True,
        color=DARK_ORANGE,
        space_before=10,
        space_after=0,
        keep_with_next=True,
        box=(ORANGE, LIGHT_ORANGE),
    ),
    "Recommendation": StyleSpec(based_on="Normal", space_before=0, space_after=0, box=(ORANGE, LIGHT_ORANGE)),
    "Box Spacer": StyleSpec(based_on="Normal", size=4, space_before=0, space_after=6, line_spacing=1.0),
    "Legal Text": StyleSpec(based_on="Normal", size=8.5, space_after=8, line_spacing=1.1),
    "Cover Credit": StyleSpec(based_on="Normal", size=8, italic=True, color=GREY, space_before=4),
    "Cover Image": StyleSpec(based_on="Normal", align="left", space_before=18, space_after=0),
    "Summary Lead": StyleSpec(based_on="Normal", size=15, bold=True, color=BLUE, space_after=14, line_spacing=1.1),
    "Page Start": StyleSpec(
        based_on="Normal", size=1, page_break_before=True, space_before=0, space_after=0, line_spacing=1.0
    ),
    "Section Mark": StyleSpec(based_on="Normal", size=1, space_before=0, space_after=0, line_spacing=1.0),
    "Footer": StyleSpec(based_on="Normal", size=9, color=GREY, align="center", space_after=0),
    "Key Number": StyleSpec(based_on="Normal", size=11, space_after=6, box=(BLUE, LIGHT_BLUE)),
    "Brief Lead": StyleSpec(based_on="Normal", size=12, color=DARK_BLUE, space_after=10, line_spacing=1.2),
    "Brief Colophon": StyleSpec(
        based_on="Normal", size=8.5, color=GREY, space_before=0, space_after=4, line_spacing=1.1, rule_below=None
    ),
}

# Word's built-in names (lower case) for styles whose display names differ from their ids.
BUILTIN_NAMES = {
    "TOC 1": "toc 1",
    "TOC 2": "toc 2",
    "TOC 3": "toc 3",
    "Table of Figures": "table of figures",
    "Footer": "footer",
    "Caption": "caption",
}


def build_reference_docx(brief: bool = False) -> bytes:
    """The reference document as bytes: pandoc's default, restyled by ``STYLE_SHEET``."""
    base = run_pandoc(
        ["--print-default-data-file", "reference.docx"], b"", what="reading pandoc's default reference document"
    )
    document = open_docx(io.BytesIO(base))
    _set_document_defaults(document)
    sheet = dict(STYLE_SHEET)
    if brief:
        sheet.update(BRIEF_OVERRIDES)
    for name, spec in sheet.items():
        _apply(document, name, spec)
    _style_table(document)
    _set_page(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BRIEF_OVERRIDES: dict[str, StyleSpec] = {
    "Heading 1": StyleSpec(
        size=18,
        bold=True,
        color=BLUE,
        page_break_before=False,
        space_before=18,
        space_after=8,
        keep_with_next=True,
        line_spacing=1.0,
    ),
    "Heading 2": StyleSpec(size=13, bold=True, color=DARK_BLUE, space_before=12, space_after=4, keep_with_next=True),
    "Title": StyleSpec(size=26, bold=True, color=BLUE, align="left", space_before=0, space_after=10, line_spacing=1.0),
}


def _set_document_defaults(document: Any) -> None:
    """Body font and size live in docDefaults so a table style can still set its own size."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(BODY_SIZE * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), TEXT)
    rpr.insert(1, color)
    for style in document.styles:  # headings and title point at the theme's fonts: use ours
        element = style.element.find(qn("w:rPr"))
        if element is not None:
            theme_fonts = element.find(qn("w:rFonts"))
            if theme_fonts is not None:
                element.remove(theme_fonts)


def _style(document: Any, name: str, spec: StyleSpec) -> Any:
    styles = document.styles
    wanted = {name.lower(), BUILTIN_NAMES.get(name, name).lower()}
    for existing in styles:
        if (existing.element.name_val or "").lower() in wanted:
            return existing
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[spec.based_on or "Normal"]
    if name in BUILTIN_NAMES:
        style.element.find(qn("w:name")).set(qn("w:val"), BUILTIN_NAMES[name])
    style.quick_style = name not in ("Page Start", "Section Mark", "Box Spacer")
    return style


def _apply(document: Any, name: str, spec: StyleSpec) -> None:
    style = _style(document, name, spec)
    if spec.based_on and style.base_style is None:
        style.base_style = document.styles[spec.based_on]
    font = style.font
    if spec.font:
        font.name = spec.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    fmt = style.paragraph_format
    if spec.align:
        fmt.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[spec.align]
    if spec.space_before is not None:
        fmt.space_before = Pt(spec.space_before)
    if spec.space_after is not None:
        fmt.space_after = Pt(spec.space_after)
    if spec.line_spacing is not None:
        fmt.line_spacing = spec.line_spacing
    if spec.keep_with_next is not None:
        fmt.keep_with_next = spec.keep_with_next
    if spec.page_break_before is not None:
        fmt.page_break_before = spec.page_break_before
    if spec.left_indent_cm is not None:
        fmt.left_indent = Cm(spec.left_indent_cm)
    if spec.hanging_cm is not None:
        fmt.first_line_indent = Cm(-spec.hanging_cm)
    ppr = style.element.get_or_add_pPr()
    if spec.outline_level == -1:
        for existing in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(existing)
    if spec.right_tab_dots:
        fmt.tab_stops.add_tab_stop(Twips(TEXT_WIDTH_TWIPS), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if spec.box:
        _box(ppr, *spec.box)
    if spec.rule_below:
        _border(ppr, {"bottom": (spec.rule_below, 6)})


def _box(ppr: Any, border_colour: str, fill: str) -> None:
    """A call-out box: thick left rule, fill; consecutive paragraphs of box styles merge into one box."""
    _border(ppr, {"left": (border_colour, 24), "top": (fill, 4), "bottom": (fill, 4), "right": (fill, 4)}, space=6)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    insert_in_order(ppr, shading, PPR_ORDER)
    indent = ppr.find(qn("w:ind"))
    if indent is None:
        indent = OxmlElement("w:ind")
        insert_in_order(ppr, indent, PPR_ORDER)
    indent.set(qn("w:left"), "170")
    indent.set(qn("w:right"), "170")


def _border(ppr: Any, sides: dict[str, tuple[str, int]], space: int = 1) -> None:
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            colour, size = sides[side]
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), str(size))
            edge.set(qn("w:space"), str(space if side in ("top", "bottom") else 8))
            edge.set(qn("w:color"), colour)
            borders.append(edge)
    insert_in_order(ppr, borders, PPR_ORDER)


# The schema fixes the order of pPr children; inserting out of order makes Word refuse the file.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _style_table(document: Any) -> None:
    """UN tables have horizontal rules only: a rule above, a rule under the header row, a rule below."""
    table_style = document.styles["Table"].element
    tblpr = table_style.find(qn("w:tblPr"))
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 2)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "7F7F7F" if side == "insideH" else TEXT)
        borders.append(edge)
    tblpr.insert(1, borders)
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")
    rpr.append(size)
    table_style.insert(list(table_style).index(tblpr), rpr)
    first_row = table_style.find(qn("w:tblStylePr"))
    header_rpr = OxmlElement("w:rPr")
    header_rpr.append(OxmlElement("w:b"))
    first_row.insert(0, header_rpr)
    tcpr = first_row.find(qn("w:tcPr"))
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), LIGHT_BLUE)
    tcpr.insert(1, shading)


def _set_page(document: Any) -> None:
    section = document.sections[0]
    section.page_width = Cm(PAGE_WIDTH_CM)
    section.page_height = Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.25)
    sect_pr = section._sectPr
    for footnote_pr in sect_pr.findall(qn("w:footnotePr")):
        sect_pr.remove(footnote_pr)  # pandoc's default restarts footnote numbers in each section
