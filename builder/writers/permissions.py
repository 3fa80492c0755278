"""The permission register (SPEC §8) and a consent letter per rights holder still to answer.

Terms of reference items 7-10: the editor needs every third-party table, figure,
photo and other graphic in document order, with its rights holder, licence and
permission status, and a "permission consent form" for each holder who has not
yet answered. Everything here is computed from the assembled ``Document`` the
manuscript is written from, so "Figure 3" in the register is Figure 3 in print.

Outputs:

- ``permissions.xlsx``: sheet "Third-party material" (one row per item, then a
  summary row of counts by status after one empty row, outside the filter
  range) and sheet "Author-created".
- ``permissions.csv``: the third-party rows only, same header, no summary row;
  UTF-8 with a byte order mark so that Excel opens accents correctly, and cells
  a spreadsheet would run as a formula prefixed with ``'``.
- ``permission-requests/<holder>.docx``: for every rights holder with an item
  ``pending`` or ``requested``, a letter listing that holder's items still
  needing consent, rendered from ``templates/permission-letter.md.j2``.

Rights holders are grouped by a normalized name (case, spacing, Unicode form,
typographic apostrophes and trailing punctuation ignored), so "OECD" and
" oecd " share one letter; the register prints the spelling seen first.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..citeproc import csl_path, with_formatted_citations
from ..config import OPEN_LICENCE, PERMISSIONS
from ..model import Document, Item
from ..ooxml.sections import set_core_properties
from ..pandoc import ParseCache, parse_markdown
from ..pandoc_ast import Node, Para, iter_nodes, stringify
from . import WriteContext
from .word import reference_docx, source_inlines, write_docx

LETTER_TEMPLATE = "permission-letter.md.j2"
LETTER_FOLDER = "permission-requests"
THIRD_PARTY_SHEET = "Third-party material"
AUTHOR_SHEET = "Author-created"
THIRD_PARTY_HEADER = (
    "No.",
    "Kind",
    "Caption",
    "Chapter",
    "Source",
    "Rights holder",
    "Licence",
    "Permission status",
    "Consent form needed",
    "Map clearance needed",
    "Location",
    "Page",
    "Contact",
    "Requested on",
    "Answered on",
    "Note",
)
AUTHOR_HEADER = ("No.", "Kind", "Caption", "Chapter", "Source line", "Map clearance needed", "Location", "Page")
THIRD_PARTY_WIDTHS = (12, 13, 48, 32, 48, 26, 22, 17, 12, 12, 30, 8, 30, 13, 13, 48)
AUTHOR_WIDTHS = (12, 13, 60, 40, 18, 12, 30, 8)
PAGE_COLUMN = "Page"  # filled once manuscript.pdf is rendered (``add_pages``)

SETTLED = ("granted", "not-required")  # no consent form needed
ASKING = ("pending", "requested")  # the holder gets a letter
SUMMARY_ORDER = ("granted", "not-required", "requested", "pending")

# Status colours (fill, font): green settled, amber waiting, red to be sorted out by the author.
HEADER_FILL, HEADER_FONT = "0077D4", "FFFFFF"
STATUS_COLOURS = {
    "granted": ("C6EFCE", "006100"),
    "not-required": ("DDEBF7", "1F4E78"),
    "requested": ("FFEB9C", "7F6000"),
    "pending": ("FCE4D6", "9C3D00"),
}
PROBLEM_COLOURS = ("FFC7CE", "9C0006")  # missing source, missing or unknown status, "Yes" flags

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass
class RegisterRow:
    """One item as the register prints it; plain text throughout."""

    number: str
    kind: str
    caption: str
    chapter: str
    source: str
    rights_holder: str = ""
    holder_key: str = ""
    licence: str = ""
    status: str = ""
    map_clearance_needed: bool = False
    location: str = ""  # where the author wrote it: "content/20-impacts.md:22"
    contact: str = ""  # whom to ask at the rights holder (contact="...")
    requested_on: str = ""  # requested-on="2024-06-03"
    answered_on: str = ""  # answered-on="2024-07-01"
    note: str = ""

    @property
    def consent_needed(self) -> bool:
        return self.status not in SETTLED

    def third_party_cells(self) -> list[str]:
        return [
            self.number,
            self.kind,
            self.caption,
            self.chapter,
            self.source,
            self.rights_holder,
            self.licence,
            self.status,
            _yes_no(self.consent_needed),
            _yes_no(self.map_clearance_needed),
            self.location,
            "",
            self.contact,
            self.requested_on,
            self.answered_on,
            self.note,
        ]

    def author_cells(self) -> list[str]:
        return [
            self.number,
            self.kind,
            self.caption,
            self.chapter,
            self.source,
            _yes_no(self.map_clearance_needed),
            self.location,
            "",
        ]


@dataclass
class Register:
    third_party: list[RegisterRow] = field(default_factory=list)
    author: list[RegisterRow] = field(default_factory=list)

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.third_party:
            counts[row.status] = counts.get(row.status, 0) + 1
        ordered = {status: counts.pop(status) for status in SUMMARY_ORDER if status in counts}
        return {**ordered, **dict(sorted(counts.items()))}


@dataclass
class Letter:
    holder: str
    file_name: str  # "Studio-Archive-Ltd.docx"
    rows: list[RegisterRow]


class PermissionsWriter:
    name = "permissions"
    filename = "permissions.xlsx"

    def write(self, document: Document, target: Path, context: WriteContext) -> None:
        register = build_register(document)
        write_workbook(register, document, target)
        write_csv(register, context.extra_file("permissions.csv"))
        # Own the letters folder even when no letter is due, so letters of holders who answered disappear.
        context.own_folder(LETTER_FOLDER)
        letters = plan_letters(register)
        if letters:
            write_letters(letters, document, context)


# The register: computed from the assembled document


def build_register(document: Document) -> Register:
    """Every manuscript item in document order, split into third-party and author-created rows."""
    captions, sources = _printed_texts(document)
    chapters = _printed_part_titles(document)
    register = Register()
    holders: dict[str, str] = {}  # normalized name → the spelling seen first
    for item, caption, source in zip(document.items, captions, sources):
        row = RegisterRow(
            number=item.display,
            kind=item.register_kind,
            caption=caption,
            chapter=chapters.get(item.chapter.rel, item.chapter.title),
            source=source,
            map_clearance_needed=item.register_kind == "map"
            and item.attrs.get("clearance", "").strip().lower() != "granted",
            location=f"{item.chapter.rel}:{item.line}" if item.line else item.chapter.rel,
        )
        if item.author_created:
            register.author.append(row)
            continue
        written = " ".join(item.attrs.get("rights-holder", "").split())
        row.holder_key = holder_key(written)
        if row.holder_key:
            row.rights_holder = holders.setdefault(row.holder_key, written)
        row.licence = " ".join(item.attrs.get("licence", "").split())
        row.status = permission_status(item)
        row.contact = " ".join(item.attrs.get("contact", "").split())
        row.requested_on = item.attrs.get("requested-on", "").strip()
        row.answered_on = item.attrs.get("answered-on", "").strip()
        if row.status in ASKING and OPEN_LICENCE.match(row.licence):
            row.note = (
                f"{row.licence} may already allow this use with a credit line: check its terms; if so, "
                'write permission="not-required" instead of asking'
            )
        register.third_party.append(row)
    return register


def permission_status(item: Item) -> str:
    """What the status column says; anything but granted/not-required still needs a consent form."""
    if item.source is None:
        return "missing source"
    written = item.attrs.get("permission", "").strip()
    if not written:
        return "missing"
    if written.lower() in PERMISSIONS:
        return written.lower()
    return f"unknown ({written})"


def holder_key(name: str) -> str:
    """The name rights holders are grouped by: "OECD", " oecd " and "Oecd." are one holder."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).strip(" .,;:")


def safe_file_name(name: str, limit: int = 60) -> str:
    """A file name stem any file system and e-mail client accepts: letters and digits of any script, joined by '-'."""
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", without_accents)
    stem = "-".join(words)[:limit].strip("-") or "rights-holder"
    if stem.upper() in _WINDOWS_RESERVED:
        stem += "-rights-holder"
    return stem


def _printed_texts(document: Document) -> tuple[list[str], list[str]]:
    """Captions and source texts as the manuscript prints them: cross-references numbered, citations formatted."""
    caption_snippets = [[Para(copy.deepcopy(item.caption))] for item in document.items]
    source_snippets = [[Para(_source_text_inlines(item))] for item in document.items]
    snippets = caption_snippets + source_snippets
    if document.project.bib_files and any(iter_nodes(snippets, "Cite")):
        snippets = with_formatted_citations(document, snippets, csl_path(document))
    texts = [_one_line(stringify(snippet)) for snippet in snippets]
    count = len(document.items)
    return texts[:count], texts[count:]


def _source_text_inlines(item: Item) -> list[Node]:
    """The text after "Source: " on the printed line (empty when the author gave none)."""
    if item.source is None:
        return []
    if item.author_created:
        return source_inlines(item)  # the author sheet shows the whole printed line, "Source: author"
    return source_inlines(item)[2:]  # drop Str("Source:"), Space()


def _printed_part_titles(document: Document) -> dict[str, str]:
    """Chapter file → its level-1 heading as printed (with "2." when numbering: chapter)."""
    titles = {}
    for part in document.parts:
        first = part.blocks[0] if part.blocks else {}
        inlines = first["c"][2] if first.get("t") == "Header" and first["c"][0] == 1 else None
        titles[part.chapter.rel] = _one_line(stringify(inlines)) if inlines else part.title
    return titles


def _one_line(text: str) -> str:
    """Line breaks and runs of spaces become one space; no-break spaces stay, as the manuscript prints them."""
    return _SPACES.sub(" ", text).strip()


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


# The workbook


def write_workbook(register: Register, document: Document, target: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = THIRD_PARTY_SHEET
    rows = [row.third_party_cells() for row in register.third_party]
    _fill_sheet(sheet, THIRD_PARTY_HEADER, THIRD_PARTY_WIDTHS, rows)
    for index, row in enumerate(register.third_party, start=2):
        _colour_status(sheet.cell(index, THIRD_PARTY_HEADER.index("Permission status") + 1), row.status)
        _colour_flag(sheet.cell(index, THIRD_PARTY_HEADER.index("Consent form needed") + 1), row.consent_needed)
        _colour_flag(sheet.cell(index, THIRD_PARTY_HEADER.index("Map clearance needed") + 1), row.map_clearance_needed)
        for column in ("Source", "Rights holder", "Licence"):
            cell = sheet.cell(index, THIRD_PARTY_HEADER.index(column) + 1)
            if not cell.value:
                _colour(cell, PROBLEM_COLOURS)
    _summary_row(sheet, register, first_free=len(rows) + 3)

    authors = book.create_sheet(AUTHOR_SHEET)
    _fill_sheet(authors, AUTHOR_HEADER, AUTHOR_WIDTHS, [row.author_cells() for row in register.author])
    for index, row in enumerate(register.author, start=2):
        _colour_flag(authors.cell(index, AUTHOR_HEADER.index("Map clearance needed") + 1), row.map_clearance_needed)

    config = document.config
    book.properties.title = f"Permission register: {config['title']}"
    book.properties.creator = "; ".join(config["authors"]) or "pubkit"
    book.properties.subject = "Third-party material and permission status"
    book.save(str(target))


def _fill_sheet(sheet: Any, header: tuple[str, ...], widths: tuple[int, ...], rows: list[list[str]]) -> None:
    """Header styled and frozen, widths set, filters on, printable on A4 landscape."""
    sheet.append(list(header))
    for values in rows:
        sheet.append([_cell_text(value) for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # an author's caption is text, never a formula
    thin = Side(style="thin", color="BFBFBF")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color=HEADER_FONT)
        cell.fill = PatternFill("solid", start_color=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=thin)
    sheet.row_dimensions[1].height = 32
    for line in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(bottom=thin)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(len(header))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _summary_row(sheet: Any, register: Register, first_free: int) -> None:
    """After one empty row: "Summary", the item count, then one "status: count" cell per status."""
    count = len(register.third_party)
    sheet.cell(first_free, 1, "Summary").font = Font(bold=True)
    sheet.cell(first_free, 2, f"{count} item{'s' * (count != 1)}").font = Font(bold=True)
    for column, (status, number) in enumerate(register.status_counts().items(), start=3):
        cell = sheet.cell(first_free, column, _cell_text(f"{status}: {number}"))
        _colour_status(cell, status)


def _colour_status(cell: Any, status: str) -> None:
    _colour(cell, STATUS_COLOURS.get(status, PROBLEM_COLOURS))


def _colour_flag(cell: Any, needed: bool) -> None:
    if needed:
        _colour(cell, PROBLEM_COLOURS)


def _colour(cell: Any, colours: tuple[str, str]) -> None:
    fill, font = colours
    cell.fill = PatternFill("solid", start_color=fill)
    cell.font = Font(color=font, bold=cell.font.bold)


def _cell_text(value: str) -> str:
    """Text openpyxl can store: control characters (other than tab and newline) are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def add_pages(workbook: Path, table: Path | None, pages: dict[str, str]) -> None:
    """Each item's page in manuscript.pdf, once it is rendered (the register is written before the PDF):
    "Figure 3" in column No. gets its page in column Page, on both sheets and in the CSV."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        if PAGE_COLUMN not in header or "No." not in header:
            continue
        number, page = header.index("No.") + 1, header.index(PAGE_COLUMN) + 1
        for row in range(2, sheet.max_row + 1):
            found = pages.get(str(sheet.cell(row, number).value or ""))
            if found:
                sheet.cell(row, page, found)
    book.save(str(workbook))
    if table is not None and table.is_file():
        with table.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
        if rows and PAGE_COLUMN in rows[0]:
            column = rows[0].index(PAGE_COLUMN)
            for values in rows[1:]:
                values[column] = pages.get(values[0].lstrip("'"), values[column])
            with table.open("w", encoding="utf-8-sig", newline="") as stream:
                csv.writer(stream).writerows(rows)


# The CSV


def write_csv(register: Register, target: Path) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(THIRD_PARTY_HEADER)
        writer.writerows([_csv_cell(value) for value in row.third_party_cells()] for row in register.third_party)


def _csv_cell(value: str) -> str:
    """A spreadsheet would run "=..." or "+..." as a formula; a leading ' keeps it text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


# The consent letters


def plan_letters(register: Register) -> list[Letter]:
    """One letter per holder with an item pending or requested, listing every item of theirs still needing consent."""
    groups: dict[str, list[RegisterRow]] = {}
    for row in register.third_party:
        if row.holder_key:
            groups.setdefault(row.holder_key, []).append(row)
    letters: list[Letter] = []
    used: set[str] = set()
    for rows in groups.values():
        if not any(row.status in ASKING for row in rows):
            continue
        holder = rows[0].rights_holder
        stem = safe_file_name(holder)
        unique, counter = stem, 1
        while unique.casefold() in used:  # two holders whose names differ only in punctuation
            counter += 1
            unique = f"{stem}-{counter}"
        used.add(unique.casefold())
        letters.append(Letter(holder, f"{unique}.docx", [row for row in rows if row.consent_needed]))
    return letters


def letter_context(letter: Letter, document: Document, today: dt.date) -> dict[str, Any]:
    """What the letter template sees (documented in templates/permission-letter.md.j2)."""
    config = document.config
    return {
        "holder": letter.holder,
        "items": [
            {
                "number": row.number,
                "kind": row.kind,
                "caption": row.caption,
                "chapter": row.chapter,
                "source": row.source,
                "licence": row.licence,
                "status": row.status,
            }
            for row in letter.rows
        ],
        "publication": {
            "title": config["title"],
            "subtitle": config["subtitle"],
            "authors": list(config["authors"]),
            "publisher": config["publisher"],
            "year": config["year"],
            "licence": config["licence"],
            "isbn": config.get("isbn") or "",
        },
        "date": f"{today.day} {today:%B %Y}",
    }


def render_letter(letter: Letter, document: Document, today: dt.date) -> str:
    """The letter as Markdown; a broken project override is reported against its file by the template set."""
    return document.project.templates.render(
        LETTER_TEMPLATE, autoescape=False, **letter_context(letter, document, today)
    )


def write_letters(letters: Iterable[Letter], document: Document, context: WriteContext) -> None:
    reference = reference_docx(document.project, context.cache_dir)
    cache = ParseCache(context.cache_dir / "ast")
    today = dt.date.today()
    config = document.config
    jobs = [(letter, render_letter(letter, document, today)) for letter in letters]
    targets = [context.extra_file(f"{LETTER_FOLDER}/{letter.file_name}") for letter, _text in jobs]

    def write_one(letter: Letter, text: str, target: Path) -> None:
        tree = parse_markdown(text, what=f"reading the permission letter to {letter.holder}", cache=cache)
        write_docx(tree["blocks"], document, reference, target, citeproc=False)
        docx = open_docx(str(target))
        keep_form_together(docx)
        set_core_properties(
            docx,
            title=f"Permission request: {letter.holder}",
            authors=list(config["authors"]),
            subject=config["title"],
            keywords="UNESCO; permission consent form",
        )
        docx.save(str(target))

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(write_one, letter, text, target) for (letter, text), target in zip(jobs, targets)]
        for future in futures:
            future.result()


def keep_form_together(docx: Any) -> None:
    """The consent form (from the letter's last heading to its end) stays on one page: no "Date:" line alone
    on the next."""
    paragraphs = list(docx.paragraphs)
    headings = [i for i, p in enumerate(paragraphs) if (p.style.name or "").startswith("Heading")]
    if not headings:
        return
    for paragraph in paragraphs[headings[-1] : -1]:
        paragraph.paragraph_format.keep_with_next = True
