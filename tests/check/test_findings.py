"""What `pubkit check` prints: the JSON of SPEC §5, compiler-like text, exit codes; and the sample is clean."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from checkprobe import FRONT, make_project
from conftest import ROOT, copy_fixture, run_pubkit

from builder.bibliography import load_bibliography
from builder.check.findings import Finding, summary_line, to_json, write_text
from builder.check.run import run_checks
from builder.project import load_project

# Every planted problem of tests/fixtures/check-planted, at the first character of the offending text.
PLANTED = [
    ("country-name", "error", "content/10-introduction.md", 7, 16, "Vietnam"),
    ("country-name", "error", "content/10-introduction.md", 7, 25, "Taiwan"),
    ("country-name", "error", "content/10-introduction.md", 7, 33, "Hong Kong"),
    ("country-name", "error", "content/10-introduction.md", 7, 44, "South Korea"),
    ("country-name", "error", "content/10-introduction.md", 7, 57, "Iran"),
    ("country-name", "error", "content/10-introduction.md", 7, 66, "Laos"),
    ("region-phrase", "error", "content/10-introduction.md", 8, 13, "in the Asia-Pacific"),
    ("region-phrase", "error", "content/10-introduction.md", 8, 48, "in Asia Pacific"),
    ("gender-neutral", "error", "content/10-introduction.md", 9, 5, "chairman"),
    ("gender-neutral", "error", "content/10-introduction.md", 9, 34, "policemen"),
    ("gender-neutral", "error", "content/10-introduction.md", 9, 50, "businessman"),
    ("spelling", "warning", "content/10-introduction.md", 10, 7, "organise"),
    ("acronym", "warning", "content/10-introduction.md", 10, 45, "TVET"),
    ("reuse", "error", "content/10-introduction.md", 12, 1, "In the first semester of the pandemic every lecturer"),
    ("figure-source", "error", "content/10-introduction.md", 15, 1, "Digital skills most in demand"),
    ("map-clearance", "warning", "content/10-introduction.md", 17, 1, "assets/region-map.png"),
    ("figure-source", "error", "content/10-introduction.md", 19, 1, "Courses offered"),
    ("cross-reference", "error", "content/10-introduction.md", 25, 17, "@fig:missing"),
    ("citation", "error", "content/10-introduction.md", 25, 53, "@nobody2021"),
    ("outline", "warning", "content/publication.yaml", 1, 1, ""),
    ("region-phrase", "error", "content/publication.yaml", 2, 45, "in the Asia-Pacific"),
]


def _json(project: Path) -> tuple[int, dict]:
    result = run_pubkit("check", "--project", str(project), "--format", "json")
    assert "Traceback" not in result.stderr
    return result.code, json.loads(result.stdout)


def test_every_planted_problem_is_found_exactly_and_nothing_else(tmp_path: Path) -> None:
    code, report = _json(copy_fixture("check-planted", tmp_path))
    assert code == 1
    found = [(f["rule"], f["severity"], f["file"], f["line"], f["column"], f["text"]) for f in report["findings"]]
    assert [row[:5] for row in found] == [row[:5] for row in PLANTED]
    assert [row[5] for row in found if row[0] != "reuse"] == [row[5] for row in PLANTED if row[0] != "reuse"]
    assert next(row[5] for row in found if row[0] == "reuse").startswith(PLANTED[13][5])
    assert report["summary"] == {"errors": 17, "warnings": 4}


def test_the_correct_near_misses_are_all_silent(tmp_path: Path) -> None:
    code, report = _json(copy_fixture("check-nearmiss", tmp_path))
    assert (code, report) == (0, {"findings": [], "summary": {"errors": 0, "warnings": 0}})


def test_json_has_exactly_the_fields_of_spec_section_5(tmp_path: Path) -> None:
    _, report = _json(copy_fixture("check-planted", tmp_path))
    assert list(report) == ["findings", "summary"]
    first = report["findings"][0]
    assert first == {
        "rule": "country-name",
        "severity": "error",
        "file": "content/10-introduction.md",
        "line": 7,
        "column": 16,
        "text": "Vietnam",
        "suggestion": "Viet Nam",
        "message": "Use UNESCO's official name: Viet Nam",
    }
    for finding in report["findings"]:
        assert list(finding) == ["rule", "severity", "file", "line", "column", "text", "suggestion", "message"]
        assert finding["severity"] in ("error", "warning")


def test_text_output_reads_like_a_compiler_grouped_by_file(tmp_path: Path) -> None:
    result = run_pubkit("check", "--project", str(copy_fixture("check-planted", tmp_path)))
    lines = result.stdout.splitlines()
    assert result.code == 1
    assert lines[:3] == [
        "content/10-introduction.md",
        "content/10-introduction.md:7:16: error: Use UNESCO's official name: Viet Nam [country-name]",
        "content/10-introduction.md:7:25: error: Use UNESCO's official name: Taiwan province of China [country-name]",
    ]
    assert lines[-6:] == [
        "",
        "content/publication.yaml",
        "content/publication.yaml:1:1: warning: No chapter or section covers part vi (gaps and remaining questions) "
        "of the suggested case-study outline [outline]",
        "content/publication.yaml:2:45: error: Write the region as in the Asia-Pacific region, "
        "not 'in the Asia-Pacific' [region-phrase]",
        "",
        "check: 17 errors, 4 warnings",
    ]
    assert "\033[" not in result.stdout  # not a terminal: no colour


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


FINDING = Finding(
    "country-name", "error", "content/a.md", 3, 5, "Vietnam", "Viet Nam", "Use UNESCO's official name: Viet Nam"
)


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = _Terminal()
    write_text([FINDING], stream)
    assert "\033[31;1merror\033[0m" in stream.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    write_text([FINDING], plain)
    assert plain.getvalue() == (
        "content/a.md\ncontent/a.md:3:5: error: Use UNESCO's official name: Viet Nam [country-name]\n\n"
        "check: 1 error, 0 warnings\n"
    )


def test_summary_lines_and_json_of_no_findings() -> None:
    assert summary_line([]) == "check: no problems found"
    warning = Finding("spelling", "warning", "content/a.md", 1, 1, "x", None, "m")
    assert summary_line([warning, warning]) == "check: 0 errors, 2 warnings"
    assert json.loads(to_json([])) == {"findings": [], "summary": {"errors": 0, "warnings": 0}}


def test_exit_codes_clean_warnings_errors_unreadable(tmp_path: Path) -> None:
    clean = make_project(tmp_path / "clean", {"10-a.md": FRONT + "Viet Nam.\n"})
    warned = make_project(tmp_path / "warned", {"10-a.md": FRONT + "We organise.\n"})
    broken = make_project(tmp_path / "broken", {"10-a.md": FRONT + "Vietnam.\n"})
    unreadable = make_project(tmp_path / "unreadable", {"10-a.md": FRONT + "Text.\n"})
    (unreadable / "content" / "publication.yaml").write_text("type: case-study\ntitle: [unclosed\n")
    assert run_pubkit("check", "--project", str(clean)).code == 0
    assert run_pubkit("check", "--project", str(warned)).code == 0
    assert run_pubkit("check", "--project", str(broken)).code == 1
    result = run_pubkit("check", "--project", str(unreadable))
    assert result.code == 2
    assert result.stderr.startswith("content/publication.yaml:")
    assert run_pubkit("check", "--project", str(tmp_path / "nowhere")).code == 2


def test_the_sample_publication_has_no_errors() -> None:
    project = load_project(ROOT)
    findings = run_checks(project, load_bibliography(project))
    assert [f for f in findings if f.severity == "error"] == []


def test_a_copy_of_the_sample_with_unquoted_reuse_is_caught(tmp_path: Path) -> None:
    project = Path(shutil.copytree(ROOT / "content", tmp_path / "sample" / "content")).parent
    for folder in ("assets", "bibliography", "sources"):
        shutil.copytree(ROOT / folder, project / folder)
    chapter = project / "content" / "20-covid-impacts.md"
    text = chapter.read_text(encoding="utf-8")
    words = (
        "every lecturer became a learner again, yet almost none of that learning was assessed, recorded or recognized"
    )
    quoted = f'"{words}" [@rahim2022conference, p. 47]'
    assert quoted in text
    chapter.write_text(text.replace(quoted, words), encoding="utf-8")
    loaded = load_project(project)
    reuse = [f for f in run_checks(loaded, load_bibliography(loaded)) if f.rule == "reuse"]
    assert [(f.file, f.severity, f.message.split(" without")[0]) for f in reuse] == [
        ("content/20-covid-impacts.md", "error", "17 words here repeat sources/2022-conference-paper.txt")
    ]
