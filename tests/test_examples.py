"""The regional study under examples/ builds as its README says: manuscript with the comparison, deck, brief."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
from conftest import ROOT, run_pubkit
from pptx import Presentation

EXAMPLE = ROOT / "examples" / "regional-study"


def test_the_regional_study_example_builds_cleanly(tmp_path: Path) -> None:
    project = tmp_path / "regional-study"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("build"))
    result = run_pubkit("build", "--project", str(project), "--only", "docx,pptx,brief,permissions", "-q")
    assert result.code == 0, result.stderr
    out = project / "build"
    report = json.loads((out / "check.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 0, report["findings"]

    manuscript = docx.Document(str(out / "manuscript.docx"))
    comparison = next(t for t in manuscript.tables if t.rows[0].cells[0].text == "Case study")
    countries = [row.cells[0].text for row in comparison.rows[1:]]
    assert countries == ["Kazakhstan", "Republic of Korea", "India", "Malaysia", "Viet Nam", "New Zealand"]
    body = list(manuscript.element.body)
    headings = {p.text: body.index(p._p) for p in manuscript.paragraphs if p.style.name == "Heading 1"}
    assert headings["Executive summary"] < body.index(comparison._tbl) < headings["1. Introduction"]

    deck = Presentation(str(out / "slides.pptx"))
    assert 10 <= len(deck.slides) <= 12
    assert (out / "brief.docx").is_file()
