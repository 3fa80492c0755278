"""Tables stay with their source line: rows never split, short tables kept whole, long ones by their end."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from conftest import copy_fixture, needs_soffice, run_pubkit
from lxml import etree

from builder.ooxml.tables import KEPT_LAST_ROWS, KEPT_WHOLE_ROWS, keep_tables_together
from builder.ooxml.xml import W_NS

W = f"{{{W_NS}}}"


def _table(rows: int, inner: str = "") -> str:
    cell = f'<w:tc><w:p><w:pPr><w:pStyle w:val="Compact"/><w:jc w:val="left"/></w:pPr>{inner}</w:p></w:tc>'
    return "<w:tbl>" + "".join(f"<w:tr>{cell}</w:tr>" for _ in range(rows)) + "</w:tbl>"


def _body(*tables: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}">{"".join(tables)}<w:p/></w:body>')


def _kept(row: etree._Element) -> bool:
    return all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p"))


def test_short_tables_are_kept_whole_long_ones_by_their_last_rows_and_no_row_splits() -> None:
    body = _body(_table(3), _table(KEPT_WHOLE_ROWS + 5))
    keep_tables_together(body)
    short, long = body.findall(f"{W}tbl")
    assert all(_kept(row) for row in short.findall(f"{W}tr"))
    kept = [_kept(row) for row in long.findall(f"{W}tr")]
    assert kept == [False] * (KEPT_WHOLE_ROWS + 5 - KEPT_LAST_ROWS) + [True] * KEPT_LAST_ROWS
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in body.iter(f"{W}tr"))
    properties = [child.tag.split("}")[1] for child in short.find(f"{W}tr/{W}tc/{W}p/{W}pPr")]
    assert properties == ["pStyle", "keepNext", "jc"]  # in the schema's order, or Word refuses the file


def test_a_table_inside_a_table_is_left_to_the_outer_one() -> None:
    body = _body(_table(2).replace("</w:p></w:tc>", "</w:p>" + _table(2) + "<w:p/></w:tc>", 1))
    keep_tables_together(body)
    inner = body.find(f"{W}tbl").find(f".//{W}tbl")
    assert all(row.find(f"{W}trPr") is None for row in inner.findall(f"{W}tr"))


@needs_soffice
def test_no_page_of_the_manuscript_starts_with_a_tables_source_line(tmp_path: Path) -> None:
    project = copy_fixture("minimal", tmp_path)
    random.seed(5)  # forty tables of 2 to 9 rows between paragraphs: unkept, two source lines open a page
    words = "college staff learning digital course design badge credit recognition quality policy".split()
    text = ["---", "title: Forty tables", "---", ""]
    for number in range(40):
        for _ in range(random.randint(1, 3)):
            text += [" ".join(random.choice(words) for _ in range(random.randint(20, 90))).capitalize() + ".", ""]
        text += [
            f'Table: Courses, set {number} {{#tbl:t{number} source="author"}}',
            "",
            "| Course | Hours |",
            "|---|--:|",
        ]
        text += [f"| {random.choice(words)} course | {random.randint(5, 90)} |" for _ in range(random.randint(2, 9))]
        text += [""]
    (project / "content" / "30-tables.md").write_text("\n".join(text), encoding="utf-8")
    result = run_pubkit("build", "--project", str(project), "--only", "docx,pdf", "-q")
    assert result.code == 0, result.stderr
    pdf = project / "build" / "manuscript.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    firsts = [
        next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages.stdout.split("\f")
    ]
    assert len(firsts) > 20
    assert not [n for n, line in enumerate(firsts, 1) if line.startswith("Source:")]
