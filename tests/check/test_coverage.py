"""Study reports: coverage of case studies (count, sub-regions, maturity, comparison fields)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_pubkit, write


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "study", tmp_path / "study"))


def _coverage(project: Path) -> list[dict]:
    result = run_pubkit("check", "--project", str(project), "--format", "json")
    assert result.code in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "study-coverage"]


def _case(project: Path, number: int, country: str, subregion: str, maturity: str) -> None:
    write(
        project / "content" / f"{number}-extra.md",
        f"---\ntitle: 'Case study: {country}'\ncountry: {country}\nsubregion: {subregion}\nmaturity: {maturity}\n"
        "nqf-integration: Units on the framework\nrecognition-model: Credit transfer\nqa-mechanism: Accreditation\n"
        "---\n\nText.\n",
    )


def test_a_complete_study_has_no_coverage_findings(study: Path) -> None:
    assert _coverage(study) == []


def test_more_than_eight_case_studies_is_an_error(study: Path) -> None:
    for number, country in zip(range(61, 65), ["Bhutan", "Nepal", "Fiji", "Samoa"], strict=True):
        _case(study, number, country, "South Asia", "emerging")
    findings = _coverage(study)
    assert [(f["severity"], f["file"], f["message"]) for f in findings] == [
        ("error", "content/publication.yaml", "The study has 9 case studies; the terms of reference allow up to 8")
    ]


def test_missing_subregion_and_maturity_are_warnings(study: Path) -> None:
    (study / "content" / "50-case.md").unlink()  # New Zealand, the only Pacific case
    for name in ("20-case.md", "40-case.md"):  # the remaining mature cases become emerging
        path = study / "content" / name
        path.write_text(path.read_text().replace("maturity: mature", "maturity: emerging"))
    findings = _coverage(study)
    assert [(f["severity"], f["message"]) for f in findings] == [
        ("warning", "No case study covers the Pacific: add one, or explain the gap in the report"),
        ("warning", "No case study describes a mature micro-credential ecosystem"),
    ]


def test_a_case_study_without_its_comparison_fields_is_an_error_at_its_front_matter(study: Path) -> None:
    path = study / "content" / "30-case.md"
    path.write_text(
        path.read_text()
        .replace("recognition-model: Credit transfer between providers\n", "")
        .replace("qa-mechanism: Accreditation of providers\n", "")
    )
    findings = _coverage(study)
    assert [(f["severity"], f["file"], f["line"], f["message"]) for f in findings] == [
        (
            "error",
            "content/30-case.md",
            2,
            "The case study of India has no recognition-model, qa-mechanism in its front matter "
            "(needed for the comparison table)",
        )
    ]


def test_coverage_applies_to_study_reports_only(study: Path) -> None:
    config = study / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("type: study-report", "type: inception-report"))
    (study / "content" / "50-case.md").unlink()
    assert _coverage(study) == []
