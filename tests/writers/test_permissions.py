"""The permission register and consent letters, read back as an editor would (openpyxl, csv, python-docx).

The fixture ``tests/fixtures/permissions`` numbers by chapter and has items from
several rights holders: one holder spelled two ways ("OECD", "oecd "), one whose
name needs a safe file name ("Studio/Archive: Ltd.", also "STUDIO/ARCHIVE:  LTD"),
a map without clearance, pending, requested, granted and not-required items, a
figure without source, a status pubkit does not know and author-created tables.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import copy_fixture, needs_soffice, run_pubkit, write

from builder.render import _footer_label, page_texts
from builder.writers.permissions import Register, RegisterRow, holder_key, plan_letters, safe_file_name

HEADER = [
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
]
CH1, CH2, ANNEX = "1. Context and sources", "2. Practice in three institutions", "Annex 1. Interview guide"
THIRD_PARTY_ROWS = [
    ["Figure 1.1", "chart", "Micro-credential uptake, 2019–2023", CH1,
     "OECD (2023). Micro-credentials for lifelong learning.", "OECD", "CC BY 4.0", "granted", "No", "No"],
    ["Figure 1.2", "photo", "Instructors in the media studio, 2021", CH1,
     "Studio/Archive: Ltd. (2021). Photograph from the studio archive.", "Studio/Archive: Ltd.",
     "All rights reserved", "pending", "Yes", "No"],
    ["Figure 1.3", "map", "Regions covered by national schemes (UNESCO, 2022)", CH1,
     "Adapted from (OECD, 2021, p. 12).", "OECD", "CC BY-NC 4.0", "requested", "Yes", "Yes"],
    ["Table 2.1", "table", "Skills frameworks compared", CH2, "World Bank (2022). Skills frameworks compared.",
     "World Bank", "CC BY 3.0 IGO", "not-required", "No", "No"],
    ["Figure 2.1", "figure", "How a badge is earned", CH2, "", "", "", "missing source", "Yes", "No"],
    ["Figure 2.2", "photo", "Teachers at a Pacific workshop", CH2, "Pacific Photo Agency (2020).",
     "Pacific Photo Agency", "", "unknown (asked)", "Yes", "No"],
    ["Figure 2.3", "icon", "The university’s badge icon", CH2, "Université de Montréal (2022).",
     "Université de Montréal", "All rights reserved", "pending", "Yes", "No"],
    ["Figure 2.4", "illustration", "A page of field notes", CH2, "Field notes of a partner institution (2020).",
     "", "All rights reserved", "missing", "Yes", "No"],
    ["Figure A.1", "photo", "The studio before its renovation", ANNEX, "Studio/Archive: Ltd. (2019).",
     "Studio/Archive: Ltd.", "All rights reserved", "pending", "Yes", "No"],
]  # fmt: skip
OPEN_NOTE = (
    "CC BY-NC 4.0 may already allow this use with a credit line: check its terms; if so, "
    'write permission="not-required" instead of asking'
)
WRITTEN_AT = [  # where each item was written, and the register's note on it
    ("content/10-context.md:7", ""),
    ("content/10-context.md:15", ""),
    ("content/10-context.md:17", OPEN_NOTE),  # an openly licensed item still "requested" is questioned
    ("content/20-practice.md:5", ""),
    ("content/20-practice.md:11", ""),
    ("content/20-practice.md:13", ""),
    ("content/20-practice.md:15", ""),
    ("content/20-practice.md:17", ""),
    ("content/90-annex.md:6", ""),
]
THIRD_PARTY_ROWS = [[*row, where, "", "", "", "", note] for row, (where, note) in zip(THIRD_PARTY_ROWS, WRITTEN_AT)]
AUTHOR_ROWS = [
    ["No.", "Kind", "Caption", "Chapter", "Source line", "Map clearance needed", "Location", "Page"],
    [
        "Table 1.1",
        "table",
        "Courses offered by the college",
        CH1,
        "Source: author",
        "No",
        "content/10-context.md:9",
        "",
    ],
    ["Figure 2.5", "map", "Campus locations", CH2, "Source: author", "Yes", "content/20-practice.md:19", ""],
    ["Table A.1", "table", "Interviews held", ANNEX, "Source: author", "No", "content/90-annex.md:8", ""],
]
LETTERS = {"OECD.docx", "Studio-Archive-Ltd.docx", "Universite-de-Montreal.docx"}
INTENDED_USE = (
    "Intended use: reproduction in the publication Permissions in practice: a fixture study "
    "(UNESCO Bangkok Office, 2025), print and online, under CC BY-SA 3.0 IGO."
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The permissions fixture built once with the manuscript, so the two can be compared."""
    project = copy_fixture("permissions", tmp_path_factory.mktemp("permissions"))
    result = run_pubkit("build", "--project", str(project), "--only", "docx,permissions", "-q")
    assert result.code == 0, result.stderr
    return project / "build"


@pytest.fixture(scope="module")
def workbook(built: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built / "permissions.xlsx")


def _values(sheet) -> list[list[str]]:
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _letter_text(path: Path) -> tuple[list[str], list[list[str]]]:
    """Paragraph texts and the rows of the items table, no-break spaces read as spaces."""
    letter = docx.Document(str(path))
    paragraphs = [p.text.replace("\xa0", " ") for p in letter.paragraphs]
    rows = [[cell.text.replace("\xa0", " ") for cell in row.cells] for table in letter.tables for row in table.rows]
    return paragraphs, rows


# The register


def test_third_party_sheet_lists_items_in_document_order(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["Third-party material", "Author-created"]
    rows = _values(workbook["Third-party material"])
    assert rows[0] == HEADER
    assert rows[1:10] == THIRD_PARTY_ROWS
    assert rows[10] == [""] * 16  # one empty row, then the summary
    assert rows[11] == ["Summary", "9 items", "granted: 1", "not-required: 1", "requested: 1", "pending: 3",
                        "missing: 1", "missing source: 1", "unknown (asked): 1"] + [""] * 7  # fmt: skip
    assert len(rows) == 12


def test_author_sheet_lists_author_created_items(workbook: openpyxl.Workbook) -> None:
    assert _values(workbook["Author-created"]) == AUTHOR_ROWS


def test_csv_has_the_third_party_rows_with_a_byte_order_mark(built: Path) -> None:
    path = built / "permissions.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfNo.,Kind,Caption")
    assert _read_csv(path) == [HEADER, *THIRD_PARTY_ROWS]


def test_workbook_looks_finished(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Third-party material"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P10"  # header and items; the summary stays visible when filtering
    assert all(cell.font.bold and cell.fill.fgColor.rgb.endswith("0077D4") for cell in sheet[1])
    assert sheet.column_dimensions["C"].width >= 40 and sheet.column_dimensions["A"].width >= 10
    assert sheet.print_title_rows == "$1:$1"

    def fill(cell: str) -> str:
        return sheet[cell].fill.fgColor.rgb[-6:]

    status_fills = {sheet[f"A{r}"].value: fill(f"H{r}") for r in range(2, 11)}
    assert status_fills["Figure 1.1"] == "C6EFCE"  # granted: green
    assert status_fills["Figure 1.2"] == status_fills["Figure A.1"] == "FCE4D6"  # pending
    assert status_fills["Figure 1.3"] == "FFEB9C"  # requested
    assert status_fills["Figure 2.1"] == status_fills["Figure 2.2"] == status_fills["Figure 2.4"] == "FFC7CE"
    assert len({status_fills["Figure 1.1"], status_fills["Table 2.1"], status_fills["Figure 1.2"]}) == 3
    assert fill("I3") == "FFC7CE" and fill("J4") == "FFC7CE"  # consent form and map clearance still needed
    assert sheet["I2"].fill.fill_type is None  # granted: nothing to flag
    assert fill("E6") == "FFC7CE"  # the missing source cell
    assert fill("F12") == "FCE4D6"  # "pending: 3" in the summary carries the pending colour
    authors = workbook["Author-created"]
    assert authors.freeze_panes == "A2" and authors.auto_filter.ref == "A1:H4"
    assert authors["F3"].fill.fgColor.rgb.endswith("FFC7CE")  # the author's own map needs clearance too


def test_register_matches_what_the_manuscript_prints(built: Path, workbook: openpyxl.Workbook) -> None:
    manuscript = docx.Document(str(built / "manuscript.docx"))
    captions = [p.text for p in manuscript.paragraphs if p.style.name == "Caption"]
    sources = [p.text for p in manuscript.paragraphs if p.style.name == "Source"]
    printed = dict(zip(captions, sources))
    third_party = _values(workbook["Third-party material"])[1:10]
    author = _values(workbook["Author-created"])[1:]
    assert len(third_party) + len(author) == len(captions) == len(sources)
    for number, _kind, caption, *_rest in third_party + author:
        assert f"{number}. {caption}" in printed
    for number, _kind, caption, _chapter, source, *_rest in third_party:
        assert printed[f"{number}. {caption}"] == (f"Source: {source}" if source else "Source: [not given]")
    for number, _kind, caption, _chapter, line, _map, _where, _page in author:
        assert printed[f"{number}. {caption}"] == line
    headings = {p.text for p in manuscript.paragraphs if p.style.name == "Heading 1"}
    assert {row[3] for row in third_party + author} <= headings


# The letters


def test_letters_go_to_holders_with_pending_or_requested_items_only(built: Path) -> None:
    folder = built / "permission-requests"
    assert {
        p.name for p in folder.iterdir() if not p.name.startswith(".")
    } == LETTERS  # not World Bank, Pacific Photo Agency or OECD twice


def test_letter_lists_the_holders_items_still_needing_consent(built: Path) -> None:
    path = built / "permission-requests" / "Studio-Archive-Ltd.docx"
    paragraphs, rows = _letter_text(path)
    assert rows == [
        ["Item", "Caption", "Appears in", "Source"],
        ["Figure 1.2", "Instructors in the media studio, 2021", CH1,
         "Studio/Archive: Ltd. (2021). Photograph from the studio archive."],
        ["Figure A.1", "The studio before its renovation", ANNEX, "Studio/Archive: Ltd. (2019)."],
    ]  # fmt: skip
    text = "\n".join(paragraphs)
    assert "To: Studio/Archive: Ltd." in paragraphs
    assert "Publication: Permissions in practice: a fixture study" in text
    assert "Publisher: UNESCO Bangkok Office, 2025" in text
    assert any(p.startswith(INTENDED_USE) for p in paragraphs)
    assert "reproduce these items" in text
    for field in ("Name:", "Position:", "Signature:", "Date:"):
        assert any(re.fullmatch(rf"{field} _{{10,}}", p) for p in paragraphs), field
    assert "Organization: Studio/Archive: Ltd." in paragraphs
    assert docx.Document(str(path)).core_properties.title == "Permission request: Studio/Archive: Ltd."


def test_letter_to_a_holder_spelled_two_ways_leaves_out_granted_items(built: Path) -> None:
    paragraphs, rows = _letter_text(built / "permission-requests" / "OECD.docx")
    assert rows[1:] == [["Figure 1.3", "Regions covered by national schemes (UNESCO, 2022)", CH1,
                         "Adapted from (OECD, 2021, p. 12)."]]  # fmt: skip
    assert "To: OECD" in paragraphs
    assert "reproduce this item" in "\n".join(paragraphs)


def test_letters_follow_the_register_when_permissions_arrive(tmp_path: Path) -> None:
    project = copy_fixture("permissions", tmp_path)
    out = tmp_path / "out"
    own = write(out / "permission-requests" / "Old-Holder.docx", "the author's own copy of a letter")
    assert run_pubkit("build", "--project", str(project), "--out", str(out), "--only", "permissions", "-q").code == 0
    letters = {p.name for p in (out / "permission-requests").iterdir() if not p.name.startswith(".")}
    assert letters == LETTERS | {own.name}  # a file pubkit did not write is left alone
    for chapter in (project / "content").glob("*.md"):
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(re.sub(r'permission="(pending|requested)"', 'permission="granted"', text), encoding="utf-8")
    assert run_pubkit("build", "--project", str(project), "--out", str(out), "--only", "permissions", "-q").code == 0
    left = [p.name for p in (out / "permission-requests").iterdir() if not p.name.startswith(".")]
    assert left == [own.name]  # every letter pubkit wrote is gone once all holders have answered
    statuses = [row[7] for row in _read_csv(out / "permissions.csv")[1:]]
    assert statuses == ["granted", "granted", "granted", "not-required", "missing source", "unknown (asked)",
                        "granted", "missing", "granted"]  # fmt: skip


def test_project_can_override_the_letter_template(tmp_path: Path) -> None:
    project = copy_fixture("permissions", tmp_path)
    write(
        project / "templates" / "permission-letter.md.j2",
        "Dear {{ holder | md }},\n\n{% for item in items %}\n- {{ item.number }}: {{ item.caption | md }}\n"
        "{% endfor %}\n\nFor *{{ publication.title | md }}* ({{ publication.publisher | md }}).\n",
    )
    assert run_pubkit("build", "--project", str(project), "--only", "permissions", "-q").code == 0
    paragraphs, _rows = _letter_text(project / "build" / "permission-requests" / "Universite-de-Montreal.docx")
    assert paragraphs == [
        "Dear Université de Montréal,",
        "Figure 2.3: The university’s badge icon",
        "For Permissions in practice: a fixture study (UNESCO Bangkok Office).",
    ]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Dear {{ holder }},\n\n{% for item in items %}\n{{ item.number }}\n", "templates/permission-letter.md.j2:"),
        ("Dear {{ holder.name }}\n", "templates/permission-letter.md.j2:1: error: the template failed"),
        ("Total: {{ items | length // 0 }}\n", "templates/permission-letter.md.j2:1: error: the template failed"),
    ],
    ids=["syntax-error", "unknown-name", "division-by-zero"],
)
def test_broken_letter_template_is_a_clear_error(tmp_path: Path, template: str, expected: str) -> None:
    project = copy_fixture("permissions", tmp_path)
    write(project / "templates" / "permission-letter.md.j2", template)
    result = run_pubkit("build", "--project", str(project), "--only", "permissions", "-q")
    assert result.code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "build" / "permissions.xlsx").exists()  # a failed build publishes nothing


# Names


def test_rights_holders_are_grouped_by_normalized_name() -> None:
    assert holder_key("OECD") == holder_key(" oecd ") == holder_key("Oecd.") == "oecd"
    assert holder_key("Studio/Archive: Ltd.") == holder_key("STUDIO/ARCHIVE:  LTD") == "studio/archive: ltd"
    assert holder_key("Ministry of Education’s Archive") == holder_key("ministry of education's archive")
    assert holder_key("UNESCO") != holder_key("UNESCO Bangkok")


@pytest.mark.parametrize(
    ("holder", "stem"),
    [
        ("Studio/Archive: Ltd.", "Studio-Archive-Ltd"),
        ("Université de Montréal", "Universite-de-Montreal"),
        ("../../etc/passwd", "etc-passwd"),
        ("中国教育部", "中国教育部"),
        ("CON", "CON-rights-holder"),
        ("***", "rights-holder"),
        ("A" * 80, "A" * 60),
    ],
)
def test_letter_file_names_are_safe(holder: str, stem: str) -> None:
    assert safe_file_name(holder) == stem


def test_holders_with_the_same_safe_name_get_two_letters() -> None:
    rows = [
        RegisterRow("Figure 1", "photo", "One", "Intro", "x", "A/B", "a/b", "", "pending"),
        RegisterRow("Figure 2", "photo", "Two", "Intro", "y", "A B", "a b", "", "requested"),
        RegisterRow("Figure 3", "photo", "Three", "Intro", "z", "C", "c", "", "granted"),
    ]
    letters = plan_letters(Register(third_party=rows))
    assert [(letter.holder, letter.file_name) for letter in letters] == [("A/B", "A-B.docx"), ("A B", "A-B-2.docx")]


# The checks behind the register (builder/check, run through the real command line)


def test_check_reports_missing_and_unknown_rights_data(tmp_path: Path) -> None:
    project = copy_fixture("permissions", tmp_path)
    result = run_pubkit("check", "--project", str(project), "--format", "json")
    assert result.code == 1  # the unknown status and the missing source are errors
    findings = json.loads(result.stdout)["findings"]
    permission = [(f["file"], f["line"], f["severity"], f["message"].split(": ", 1)[1])
                  for f in findings if f["rule"] == "permission"]  # fmt: skip
    assert permission == [
        ("content/10-context.md", 15, "warning",
         "permission is still pending: send the permission consent form and record the answer"),
        ("content/10-context.md", 17, "warning",
         "permission is still requested, but CC BY-NC 4.0 may already allow this use with a credit line: check its "
         'terms, and if so write permission="not-required"'),
        ("content/20-practice.md", 13, "warning", 'third-party material without licence: add licence="CC BY 4.0"'),
        ("content/20-practice.md", 13, "error",
         'permission="asked" is not a status; use one of: granted, pending, requested, not-required'),
        ("content/20-practice.md", 15, "warning",
         "permission is still pending: send the permission consent form and record the answer"),
        ("content/20-practice.md", 17, "warning",
         'third-party material without rights-holder: add rights-holder="Organization"'),
        ("content/20-practice.md", 17, "warning", 'third-party material without permission: add permission="granted"'),
        ("content/90-annex.md", 6, "warning",
         "permission is still pending: send the permission consent form and record the answer"),
    ]  # fmt: skip
    others = {(f["rule"], f["file"], f["line"], f["severity"]) for f in findings if f["rule"] != "permission"}
    assert others == {
        ("figure-source", "content/20-practice.md", 11, "error"),
        ("map-clearance", "content/10-context.md", 17, "warning"),
        ("map-clearance", "content/20-practice.md", 19, "warning"),
    }


@pytest.mark.parametrize("status", ["pending", "requested"])
def test_strict_build_refuses_unresolved_permission(minimal: Path, status: str) -> None:
    chapter = minimal / "content" / "20-impacts.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace('"pending"', f'"{status}"'), encoding="utf-8")
    result = run_pubkit("build", "--project", str(minimal), "--strict", "--only", "permissions", "-q")
    assert result.code == 1
    assert "--strict: the check found 1 error; no output was replaced" in result.stderr
    findings = json.loads((minimal / "build" / "check.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["rule"], f["file"], f["line"]) for f in findings if f["severity"] == "error"] == [
        ("permission", "content/20-impacts.md", 7)
    ]
    assert not (minimal / "build" / "permissions.xlsx").exists()

    chapter.write_text(chapter.read_text(encoding="utf-8").replace(f'"{status}"', '"granted"'), encoding="utf-8")
    result = run_pubkit("build", "--project", str(minimal), "--strict", "--only", "permissions", "-q")
    assert result.code == 0, result.stderr
    assert _read_csv(minimal / "build" / "permissions.csv")[1][7] == "granted"


def test_publication_without_third_party_material(minimal: Path) -> None:
    chapter = minimal / "content" / "20-impacts.md"
    chapter.write_text(re.sub(r"source=\"Studio Archive[^}]*", 'source="author"', chapter.read_text("utf-8")), "utf-8")
    assert run_pubkit("build", "--project", str(minimal), "--only", "permissions", "-q").code == 0
    book = openpyxl.load_workbook(minimal / "build" / "permissions.xlsx")
    assert _values(book["Third-party material"]) == [HEADER, [""] * 16, ["Summary", "0 items"] + [""] * 14]
    assert [row[0] for row in _values(book["Author-created"])] == ["No.", "Figure 1", "Table 1", "Figure 2"]
    assert _read_csv(minimal / "build" / "permissions.csv") == [HEADER]
    assert not any((minimal / "build" / "permission-requests").glob("*"))


def test_a_chart_drawn_from_data_and_a_source_by_the_author_are_the_authors_own(minimal: Path) -> None:
    chapter = minimal / "content" / "10-intro.md"
    text = chapter.read_text("utf-8").replace(
        '{#fig:uptake source="author" chart="bar"}', '{#fig:uptake source="ZSPU enrolment records" chart="bar"}'
    )
    chapter.write_text(text, "utf-8")
    impacts = minimal / "content" / "20-impacts.md"
    impacts.write_text(
        re.sub(
            r'source="Studio Archive[^"]*"', 'source="author, from the 2024 staff survey"', impacts.read_text("utf-8")
        ),
        "utf-8",
    )
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx,permissions", "-q")
    assert result.code == 0, result.stderr
    check = run_pubkit("check", "--project", str(minimal), "--format", "json")
    assert not [f for f in json.loads(check.stdout)["findings"] if f["rule"] == "permission"]  # nothing to clear
    printed = [p.text for p in docx.Document(str(minimal / "build" / "manuscript.docx")).paragraphs]
    assert "Source: author, based on ZSPU enrolment records" in printed
    assert "Source: author, from the 2024 staff survey" in printed
    book = openpyxl.load_workbook(minimal / "build" / "permissions.xlsx")
    author_rows = _values(book["Author-created"])[1:]
    assert [r[4] for r in author_rows if r[0] == "Figure 1"] == ["Source: author, based on ZSPU enrolment records"]
    assert any(r[4] == "Source: author, from the 2024 staff survey" for r in author_rows)
    assert _read_csv(minimal / "build" / "permissions.csv") == [HEADER]
    assert not any((minimal / "build" / "permission-requests").glob("*"))


def test_the_register_says_whom_to_ask_and_when_and_the_form_stays_on_one_page(minimal: Path) -> None:
    chapter = minimal / "content" / "20-impacts.md"
    text = chapter.read_text(encoding="utf-8")
    assert 'permission="pending"' in text
    chapter.write_text(
        text.replace(
            'permission="pending"',
            'permission="pending" contact="rights@studio.example" requested-on="2024-06-03" answered-on=""',
            1,
        ),
        encoding="utf-8",
    )
    result = run_pubkit("build", "--project", str(minimal), "--only", "permissions", "-q")
    assert result.code == 0, result.stderr
    sheet = openpyxl.load_workbook(minimal / "build" / "permissions.xlsx")["Third-party material"]
    header = [cell.value for cell in sheet[1]]
    row = {name: value or "" for name, value in zip(header, next(sheet.iter_rows(min_row=2, values_only=True)))}
    line = next(
        n for n, written in enumerate(chapter.read_text(encoding="utf-8").split("\n"), 1) if "rights@" in written
    )
    assert row["Location"] == f"content/20-impacts.md:{line}"
    assert (row["Contact"], row["Requested on"], row["Answered on"]) == ("rights@studio.example", "2024-06-03", "")
    letter = next((minimal / "build" / "permission-requests").glob("*.docx"))
    paragraphs = docx.Document(str(letter)).paragraphs
    form = next(i for i, p in enumerate(paragraphs) if p.text == "Permission consent form")
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[form:-1])  # "Date:" never alone overleaf
    assert paragraphs[-1].text.startswith("Date:")


@needs_soffice
def test_with_the_pdf_the_register_gives_each_items_page(tmp_path: Path) -> None:
    project = copy_fixture("permissions", tmp_path)
    result = run_pubkit("build", "--project", str(project), "--only", "docx,permissions,pdf", "-q", timeout=300)
    assert result.code == 0, result.stderr
    # the page as printed in its footer (the chapters count from 1 after the roman front matter)
    printed = {_footer_label(text): " ".join(text.split()) for text in page_texts(project / "build" / "manuscript.pdf")}
    for sheet in openpyxl.load_workbook(project / "build" / "permissions.xlsx").worksheets:
        rows = _values(sheet)
        column = rows[0].index("Page")
        for row in rows[1:]:
            if not row[0] or row[0] == "Summary":
                continue
            page = str(row[column])
            assert page in printed, f"{row[0]}: page {page!r}"
            assert f"{row[0]}. {row[2][:20]}".replace(" ", "") in printed[page].replace(" ", ""), row[0]
    csv_rows = _read_csv(project / "build" / "permissions.csv")
    assert all(row[csv_rows[0].index("Page")] for row in csv_rows[1:])
