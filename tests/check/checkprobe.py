"""Helpers for the checker's tests: a throwaway project around a few lines of Markdown.

Checks run in-process (pandoc reads the chapters, no pubkit subprocess) so hundreds of cases stay fast;
the command line itself is exercised in test_findings.py and test_fix.py.
"""

from __future__ import annotations

import base64
from pathlib import Path

from builder.bibliography import load_bibliography
from builder.check.findings import Finding
from builder.check.run import run_checks
from builder.project import load_project

CONFIG = """type: {kind}
title: A probe publication
authors: [Ana Lima]
year: 2025
limits: {{words: [{low}, {high}], slides: [10, 12], brief_pages: 10}}
"""
FRONT = "---\ntitle: A chapter\n---\n"  # the body starts on line 4
BODY_LINE = 4
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
BIB = "\n".join(
    f"@book{{{key},\n  author = {{Author, Ann}},\n  title = {{A title}},\n  year = {{2020}},\n  publisher = {{P}}\n}}\n"
    for key in ("vietnam2020", "hongkong2019", "iran2021", "unesco2022", "rahim2022")
)


def make_project(
    root: Path,
    chapters: dict[str, str],
    *,
    kind: str = "inception-report",
    words: tuple[int, int] = (1, 100_000),
    sources: dict[str, str] | None = None,
    assets: tuple[str, ...] = (),
    rules: dict[str, str] | None = None,
) -> Path:
    """Write a project: ``chapters`` maps file names to whole files (front matter included)."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "publication.yaml").write_text(
        CONFIG.format(kind=kind, low=words[0], high=words[1]), encoding="utf-8"
    )
    for name, text in chapters.items():
        (root / "content" / name).write_text(text, encoding="utf-8", newline="")
    (root / "bibliography").mkdir(exist_ok=True)
    (root / "bibliography" / "refs.bib").write_text(BIB, encoding="utf-8")
    for name, text in (sources or {}).items():
        (root / "sources").mkdir(exist_ok=True)
        (root / "sources" / name).write_text(text, encoding="utf-8")
    for asset in assets:
        (root / asset).parent.mkdir(parents=True, exist_ok=True)
        (root / asset).write_bytes(PNG)
    for name, text in (rules or {}).items():
        (root / "templates" / "rules").mkdir(parents=True, exist_ok=True)
        (root / "templates" / "rules" / name).write_text(text, encoding="utf-8")
    return root


def check_project(root: Path) -> list[Finding]:
    project = load_project(root)
    return run_checks(project, load_bibliography(project))


def check_body(root: Path, body: str, *, rules: set[str] | None = None, **options: object) -> list[Finding]:
    """Findings for one chapter whose body (after three lines of front matter) is ``body``."""
    make_project(root, {"10-chapter.md": FRONT + body}, **options)  # type: ignore[arg-type]
    found = check_project(root)
    return [f for f in found if rules is None or f.rule in rules]


def where(findings: list[Finding]) -> list[tuple[str, int | None, int | None, str]]:
    """(rule, line, column, text): what a test compares."""
    return [(f.rule, f.line, f.column, f.text) for f in findings]
