"""pubkit status: deliverables, days left or overdue, and whether each output passes its checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, run_pubkit

from builder.status import guess_output


def test_status_table_with_a_fixed_date(tmp_path: Path) -> None:
    project = shutil.copytree(FIXTURES / "study", tmp_path / "study")
    result = run_pubkit("status", "--project", str(project), "--today", "2026-08-31")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["deliverable", "due", "when", "output", "checks"]
    assert lines[1].split()[:6] == ["Inception", "report", "2026-04-24", "129", "days", "overdue"]
    assert "Draft study report   2026-08-31  due today" in lines[2]
    assert "53 days left" in lines[3] and "not built yet" in lines[3]


def test_status_json_reports_each_output(tmp_path: Path) -> None:
    project = shutil.copytree(FIXTURES / "study", tmp_path / "study")
    assert run_pubkit("build", "--project", str(project), "--only", "docx,pptx,brief", "-q").code == 0
    result = run_pubkit("status", "--project", str(project), "--today", "2026-09-01", "--format", "json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["today"] == "2026-09-01"
    rows = {row["name"]: row for row in report["deliverables"]}
    assert rows["Draft study report"] == {
        "name": "Draft study report",
        "due": "2026-08-31",
        "days_left": -1,
        "when": "1 day overdue",
        "output": "manuscript",
        "passes": False,
        "detail": rows["Draft study report"]["detail"],
    }
    assert "words (limit 100–20,000)" in rows["Draft study report"]["detail"]
    assert rows["Presentation"]["output"] == "slides" and rows["Presentation"]["passes"] is not None
    assert rows["Permission register"]["passes"] is True
    assert rows["Inception report"]["output"] is None


def test_status_guesses_outputs_from_names() -> None:
    assert guess_output("PowerPoint presentation") == "slides"
    assert guess_output("Policy brief (maximum 10 pages)") == "brief"
    assert guess_output("Final study report") == "manuscript"
    assert guess_output("Consultation summaries") is None


def test_status_rejects_a_bad_date(tmp_path: Path) -> None:
    project = shutil.copytree(FIXTURES / "study", tmp_path / "study")
    result = run_pubkit("status", "--project", str(project), "--today", "31/08/2026")
    assert result.code == 1
    assert "--today '31/08/2026' is not a date" in result.stderr


def test_a_submitted_deliverable_is_not_overdue_and_a_failure_names_only_what_fails(tmp_path: Path) -> None:
    project = shutil.copytree(FIXTURES / "study", tmp_path / "study")
    config = project / "content" / "publication.yaml"
    text = config.read_text(encoding="utf-8").replace("words: [100, 20000]", "words: [10, 20000]")
    text = text.replace(
        "{name: Inception report, due: 2026-04-24}", "{name: Inception report, due: 2026-04-24, submitted: 2026-04-27}"
    )
    config.write_text(text, encoding="utf-8")
    chapter = next(p for p in sorted((project / "content").glob("*.md")) if "role:" not in p.read_text("utf-8"))
    chapter.write_text(chapter.read_text("utf-8") + "\nStaff in Vietnam agreed.\n", "utf-8")  # an error
    result = run_pubkit("status", "--project", str(project), "--today", "2026-09-01")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "submitted 2026-04-27, 3 days late" in lines[1] and "overdue" not in lines[1]
    assert "FAIL 1 check error (see pubkit check)" in lines[2] and "words" not in lines[2]  # the words are fine
