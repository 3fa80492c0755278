"""Study reports: the generated comparison of case studies, the coverage statement, who was consulted."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, run_pubkit


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "study", tmp_path / "study"))


def _build(project: Path) -> docx.document.Document:
    result = run_pubkit("build", "--project", str(project), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    return docx.Document(str(project / "build" / "manuscript.docx"))


def _table_after(document: docx.document.Document, caption: str) -> list[list[str]]:
    body = document.element.body
    for index, child in enumerate(body):
        if child.tag.endswith("}p") and docx.text.paragraph.Paragraph(child, document).text == caption:
            table = next(c for c in list(body)[index:] if c.tag.endswith("}tbl"))
            rows = docx.table.Table(table, document).rows
            return [[cell.text for cell in row.cells] for row in rows]
    raise AssertionError(f"no caption {caption!r}")


def test_comparison_table_follows_the_executive_summary(study: Path) -> None:
    document = _build(study)
    texts = [p.text for p in document.paragraphs]
    summary = texts.index("Executive summary")
    caption = texts.index("Table 1. The case studies compared")
    first_case = texts.index("1. Case study: Kazakhstan")
    assert summary < caption < first_case
    assert texts[caption + 1] == "Source: author"
    rows = _table_after(document, "Table 1. The case studies compared")
    assert rows[0] == ["Case study", "Sub-region", "Maturity", "NQF integration", "Recognition model", "QA mechanism"]
    assert [r[:3] for r in rows[1:]] == [
        ["Kazakhstan", "Central Asia", "emerging"],
        ["Republic of Korea", "East Asia", "mature"],
        ["India", "South Asia", "emerging"],
        ["Malaysia", "Southeast Asia", "mature"],
        ["New Zealand", "Pacific", "mature"],
    ]
    assert (
        "The five case studies cover all five sub-regions of Asia and the Pacific and include three mature and "
        "two emerging micro-credential ecosystems."
    ) in texts
    list_of_tables = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name.lower() == "table of figures"]
    assert "Table 1. The case studies compared" in list_of_tables


def test_coverage_statement_names_missing_subregions(study: Path) -> None:
    (study / "content" / "40-case.md").unlink()  # Malaysia: the only Southeast Asian case
    (study / "content" / "50-case.md").unlink()  # New Zealand: the only Pacific case
    texts = [p.text for p in _build(study).paragraphs]
    assert (
        "The three case studies cover three of the five sub-regions (Central Asia, East Asia and South Asia) "
        "and include one mature and two emerging micro-credential ecosystems; Southeast Asia and the Pacific "
        "are not covered."
    ) in texts


def test_consultations_table_by_subregion_group_and_gender(study: Path) -> None:
    document = _build(study)
    rows = _table_after(document, "Table 2. Participants in the consultations, by sub-region and stakeholder group")
    assert rows == [
        ["Sub-region", "Stakeholder group", "Women", "Men", "Other or not recorded", "Total"],
        ["Central Asia", "Recognition authorities", "3", "2", "0", "5"],
        ["Central Asia", "National information centres", "2", "1", "0", "3"],
        ["Central Asia", "Experts", "0", "0", "4", "4"],
        ["Pacific", "National information centres", "1", "0", "0", "1"],
        ["Pacific", "Quality assurance agencies", "1", "3", "0", "4"],
        ["Total", "", "7", "6", "4", "17"],
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Consultation with Central Asian authorities" in texts


def test_case_studies_are_not_compared_outside_study_reports(built_minimal: Path) -> None:
    texts = [p.text for p in docx.Document(str(built_minimal / "manuscript.docx")).paragraphs]
    assert not any("case studies compared" in t for t in texts)
