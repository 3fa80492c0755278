"""pubkit new: every project type builds and checks cleanly straight away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_pubkit

TYPES = ["case-study", "study-report", "policy-brief", "inception-report"]


@pytest.mark.parametrize("kind", TYPES)
def test_new_project_builds_and_checks_without_errors(kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"my-{kind}"
    created = run_pubkit("new", str(target), "--type", kind)
    assert created.code == 0, created.stderr
    assert f"created a {kind} project" in created.stdout
    built = run_pubkit("build", "--project", str(target), "--only", "docx,pptx,brief,permissions", "-q")
    assert built.code == 0, built.stderr
    report = json.loads((target / "build" / "check.json").read_text())
    assert report["summary"]["errors"] == 0, report["findings"]
    assert {"manuscript.docx", "slides.pptx", "brief.docx", "permissions.xlsx"} <= {
        p.name for p in (target / "build").iterdir()
    }
    assert f"type: {kind}" in (target / "content" / "publication.yaml").read_text()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run_pubkit("new", str(tmp_path / "taken"))
    assert result.code == 1
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
