"""``review.xlsx``: the comments-response matrix a consultant returns with the revised draft.

One row per change and comment, in document order: who, when, where (chapter,
section, file and line), the text as sent, what the reviewer proposes or
says, what pubkit can do with it, and two columns for the author: the
response and the decision.
"""

from __future__ import annotations

from pathlib import Path

from .report import Entry, real_date, shown

COLUMNS = [  # heading, width
    ("No.", 6),
    ("Reviewer", 18),
    ("Date", 12),
    ("Chapter", 28),
    ("Section", 24),
    ("Location", 30),
    ("Kind", 14),
    ("Original text", 45),
    ("Proposed text or comment", 45),
    ("pubkit", 14),
    ("Note", 40),
    ("Response", 45),
    ("Decision", 16),
]
DECISIONS = ("Accepted", "Accepted in part", "Not accepted", "Noted")
KINDS = {"untracked": "untracked edit"}


def write_matrix(entries: list[Entry], target: Path, *, returned: str, build: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Comments and responses"
    sheet.append([heading for heading, _ in COLUMNS])
    header = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")  # dark blue, white text: contrast well above 4.5:1
    for index, (_heading, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = header, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, entry in enumerate(entries, 1):
        change = entry.change
        if change.kind == "comment":
            proposed = change.comment or ""
            for reply in entry.replies:
                proposed += f"\n— {reply['author'] or 'Reply'}: {reply['text']}"
            original = change.anchor or ""
        else:
            proposed, original = shown(change.new), shown(change.old)
        location = entry.file or entry.where or "generated text"
        if entry.file and entry.line:
            location += f":{entry.line}"
        sheet.append(
            [
                number,
                change.author,
                change.date[:10] if real_date(change.date) else "",
                entry.chapter,
                entry.section,
                location,
                KINDS.get(change.kind, change.kind),
                original,
                proposed,
                entry.status,
                entry.message,
                "",
                "",
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(2, sheet.max_row)}"
    decisions = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    sheet.add_data_validation(decisions)
    decisions.add(f"{get_column_letter(len(COLUMNS))}2:{get_column_letter(len(COLUMNS))}{max(2, sheet.max_row)}")
    about = book.create_sheet("About")
    for row in (
        ("Returned file", returned),
        ("Manuscript build", build),
        ("Rows", str(len(entries))),
        ("How to use", "Write your answer to each row in Response and choose a Decision."),
    ):
        about.append(row)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 80
    book.properties.title = "Comments-response matrix"
    book.save(str(target))
