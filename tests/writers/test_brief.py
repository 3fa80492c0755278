"""The policy brief: front page, findings, recommendations by audience, dissemination plan, page limit."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from conftest import needs_soffice, offices_on, run_pubkit, write

from builder.render import page_count, page_texts
from builder.writers.brief import first_sentence

BRIEF_CHAPTER = """---
title: "Counting what teachers learn: a brief"
role: brief
---

Short courses for staff are popular but invisible in careers.

## Context

The college runs six short courses.

## Key numbers

- **62 per cent** of staff took a course.
- **3** courses lead to a badge.

## Dissemination plan

A webinar in May and a summary for ministries.
"""


@pytest.fixture
def project_with_brief(minimal: Path) -> Path:
    write(minimal / "content" / "95-brief.md", BRIEF_CHAPTER)
    return minimal


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def test_brief_docx_has_front_page_findings_recommendations_and_plan(project_with_brief: Path) -> None:
    result = run_pubkit("build", "--project", str(project_with_brief), "--only", "brief", "-q")
    assert result.code == 0, result.stderr
    paragraphs = _paragraphs(project_with_brief / "build" / "brief.docx")
    texts = [t for _, t in paragraphs]
    assert ("Title", "Counting what teachers learn: a brief") in paragraphs
    assert ("Brief Lead", "Short courses for staff are popular but invisible in careers.") in paragraphs
    key_numbers = [t for s, t in paragraphs if s == "Key Number"]
    assert key_numbers == ["62 per cent of staff took a course.", "3 courses lead to a badge."]
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert (
        headings == ["Context", "Key findings", "Recommendations", "Dissemination plan", "References"][: len(headings)]
    )
    assert "Key findings" in headings and "Recommendations" in headings and "Dissemination plan" in headings
    assert "Staff want online course design skills most." in texts
    assert ("Heading 2", "For ministries of education") in paragraphs
    assert ("Recommendation", "Ministries should recognize staff micro-credentials in career rules.") in paragraphs
    assert ("Heading 2", "For quality assurance agencies") in paragraphs
    assert "A webinar in May and a summary for ministries." in texts


def test_the_front_page_names_authors_date_and_study_and_the_brief_says_how_to_cite_it(
    project_with_brief: Path,
) -> None:
    config = project_with_brief / "content" / "publication.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "date: 2024-09-15\ncontact: Ana Lima, ana.lima@example.org\n",
        encoding="utf-8",
    )
    result = run_pubkit("build", "--project", str(project_with_brief), "--only", "brief", "-q")
    assert result.code == 0, result.stderr
    brief = docx.Document(str(project_with_brief / "build" / "brief.docx"))
    paragraphs = [(p.style.name, p.text) for p in brief.paragraphs]
    front = paragraphs[: [t for _, t in paragraphs].index("Context")]
    assert front[0] == ("Date", "POLICY BRIEF · 15 SEPTEMBER 2024")
    assert front[1] == ("Title", "Counting what teachers learn: a brief")
    based_on = next(p for p in brief.paragraphs if p.style.name == "Subtitle")
    assert based_on.text == "Based on Micro-credentials at a small college (UNESCO Bangkok Office, 2025)"
    assert [r.text for r in based_on.runs if r.italic] == ["Micro-credentials at a small college"]  # set apart
    authors = [t for s, t in front if s == "Author"]
    assert authors == ["Ana Lima and Sam Okafor"]
    # the sections flow on from the front page: nothing forces a new page before them
    assert all(s != "Page Start" for s, _ in paragraphs)
    colophon = [t for s, t in paragraphs if s == "Brief Colophon"]
    assert colophon == [
        "Please cite this publication as: Ana Lima and Sam Okafor. 2025. Counting what teachers learn: a brief. "
        "Policy brief. UNESCO Bangkok Office.",
        "© UNESCO 2025",
        "This brief is available in Open Access under the CC BY-SA 3.0 IGO licence.",
        "Contact: Ana Lima, ana.lima@example.org",
    ]
    assert brief.sections[0].footer.paragraphs[0].text.startswith("© UNESCO 2025 · CC BY-SA 3.0 IGO")


def test_without_a_brief_chapter_the_short_summary_leads(built_minimal: Path) -> None:
    paragraphs = _paragraphs(built_minimal / "brief.docx")
    assert ("Brief Lead", "A one-sentence lead for the short summary page.") in paragraphs


def test_first_sentence_rule() -> None:
    assert first_sentence("Demand is high (e.g. for design). Needs differ.") == "Demand is high (e.g. for design)."
    assert first_sentence("One sentence only") == "One sentence only"
    assert first_sentence("Costs rose 2.5 times. Then fell.") == "Costs rose 2.5 times."


def test_brief_plan_override_errors_are_located(project_with_brief: Path) -> None:
    write(project_with_brief / "templates" / "brief.yaml.j2", "- kind: front\n  title: {{ title }}: broken\n")
    result = run_pubkit("build", "--project", str(project_with_brief), "--only", "brief", "-q")
    assert result.code == 1
    assert result.stderr.startswith("templates/brief.yaml.j2")
    assert "Traceback" not in result.stderr


def test_pdfs_are_skipped_with_one_line_without_libreoffice(minimal: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PUBKIT_SOFFICE": ""}
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--project", str(minimal), "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    notices = [line for line in done.stderr.splitlines() if "PDF" in line]
    assert notices == ["pubkit: PDFs skipped (and brief pages not measured): LibreOffice (soffice) is not installed"]
    built = {p.name for p in (minimal / "build").iterdir()}
    assert {"manuscript.docx", "brief.docx"} <= built
    assert not {"manuscript.pdf", "brief.pdf"} & built


@needs_soffice
def test_sample_brief_pdf_fits_and_contains_every_recommendation(sample_pdfs: Path) -> None:
    pdf = sample_pdfs / "brief.pdf"
    assert page_count(pdf) <= 10
    text = " ".join(" ".join(page_texts(pdf)).split())
    for recommendation in _sample_recommendations():
        assert recommendation[:60] in text, recommendation[:60]
    assert "Dissemination plan" in text


@needs_soffice
def test_the_rendered_brief_opens_with_its_front_page_and_ends_saying_how_to_cite_it(sample_pdfs: Path) -> None:
    pages = [" ".join(text.split()) for text in page_texts(sample_pdfs / "brief.pdf")]
    first, last = pages[0], pages[-1]
    assert first.startswith("POLICY BRIEF")
    assert "Based on Mapping the potential of micro-credentials" in first and "Farah Rahim and Jun Wei Tan" in first
    assert "Key numbers" in first
    assert "Please cite this publication as: Farah Rahim and Jun Wei Tan. 2024." in last
    assert all("© UNESCO 2024 · CC BY-SA 3.0 IGO" in page for page in pages)  # every footer


@needs_soffice
def test_an_overlong_brief_is_tightened_until_it_fits(project_with_brief: Path) -> None:
    long_finding = " ".join(["Staff said the courses mattered for their teaching and careers."] * 12)
    chapter = project_with_brief / "content" / "30-long.md"
    boxes = "\n\n".join(
        f'::: {{.finding question="challenges"}}\nFinding {i} matters. {long_finding}\n:::' for i in range(8)
    )
    write(chapter, f"---\ntitle: Gaps and remaining questions\n---\n\n{boxes}\n")
    config = project_with_brief / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("brief_pages: 10", "brief_pages: 2"))
    result = run_pubkit("build", "--project", str(project_with_brief), "--only", "brief,pdf")
    assert result.code == 0, result.stderr
    assert "the brief was tightened" in result.stderr
    pdf = project_with_brief / "build" / "brief.pdf"
    assert page_count(pdf) <= 2
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Ministries should recognize staff micro-credentials in career rules." in text
    assert "Finding 0 matters." in text
    report = json.loads((project_with_brief / "build" / "check.json").read_text())
    assert not [f for f in report["findings"] if f["rule"] == "brief-pages"]
    if Path("/proc/self/cmdline").exists():  # every conversion found an office started ahead; none is left
        assert offices_on(project_with_brief / "build" / ".cache" / "libreoffice-profile") == []


@needs_soffice
def test_a_brief_that_cannot_fit_is_a_check_error(project_with_brief: Path) -> None:
    recommendation = " ".join(["Ministries should act on this long recommendation text."] * 10)
    boxes = "\n\n".join(f'::: {{.recommendation audience="ministries"}}\n{recommendation}\n:::' for _ in range(12))
    write(project_with_brief / "content" / "30-recs.md", f"---\ntitle: Recommendations\n---\n\n{boxes}\n")
    config = project_with_brief / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("brief_pages: 10", "brief_pages: 1"))
    result = run_pubkit("build", "--project", str(project_with_brief), "--only", "brief,pdf", "-q")
    assert result.code == 0, result.stderr
    findings = json.loads((project_with_brief / "build" / "check.json").read_text())["findings"]
    pages = [f for f in findings if f["rule"] == "brief-pages"]
    assert len(pages) == 1 and pages[0]["severity"] == "error"
    assert "limits.brief_pages allows 1" in pages[0]["message"]


def _sample_recommendations() -> list[str]:
    from builder.assemble import assemble
    from builder.project import load_project

    document = assemble(load_project(Path(__file__).resolve().parents[2]), None)
    return [" ".join(box.text.split()) for box in document.recommendations]
