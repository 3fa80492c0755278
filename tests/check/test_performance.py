"""The checker on a 40,000-word project, and on input built to make a matcher take forever.

Eight chapters of 5,000 words with figures, tables, citations and cross-references,
and a 500-word earlier paper in sources/: checked clean, and checked again from the
cache with the same findings. How long that takes, beside pandoc, is ``make bench``'s
business (cold and with the cache), not a timed test's.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from checkprobe import PNG, make_project

from builder.bibliography import load_bibliography
from builder.check import reading
from builder.check.run import run_checks
from builder.project import load_project

WORDS = (
    "learning teaching staff course module credential quality recognition framework institution provider assessment "
    "evidence outcome programme policy system review design practice skill digital online blended workshop portfolio "
    "badge level credit hour university college ministry agency record standard criteria transfer pathway career "
    "appraisal promotion survey respondent share growth demand supply offer model mechanism approach network partner "
    "region country the of and in to for with on by as an is are was were that which"
).split()


def _chapter(rng: random.Random, number: int, words: int) -> str:
    parts = [f"---\ntitle: Chapter {number}\n---\n"]
    written = 0
    while written < words:
        if written % 1000 < 100:
            parts.append(f"## Section {number}.{written // 1000}\n")
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 110))).capitalize() + "."
        paragraph += f" [@unesco2022, p. {rng.randint(1, 99)}]"
        parts.append(paragraph + "\n")
        written += len(paragraph.split())
        if rng.random() < 0.1:
            label = f"fig:f{number}-{written}"
            parts.append(f'![Figure {written}](assets/a.png){{#{label} source="author"}}\n\nAs @{label} shows.\n')
        if rng.random() < 0.05:
            caption = f'Table: Table {written} {{#tbl:t{number}-{written} source="author"}}'
            parts.append(caption + "\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    return "\n".join(parts)


def test_a_40000_word_project_is_checked_clean_and_again_from_the_cache(tmp_path: Path) -> None:
    rng = random.Random(7)
    chapters = {f"{n * 10}-chapter.md": _chapter(rng, n, 5000) for n in range(1, 9)}
    earlier = " ".join(rng.choice(WORDS) for _ in range(500))
    make_project(tmp_path, chapters, sources={"earlier.txt": earlier})
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.png").write_bytes(PNG)
    project = load_project(tmp_path)
    bibliography = load_bibliography(project)
    first = run_checks(project, bibliography, cache_dir=tmp_path / "build" / ".cache")
    again = run_checks(project, bibliography, cache_dir=tmp_path / "build" / ".cache")
    assert sum(len(c.split()) for c in chapters.values()) > 40_000
    assert [f for f in first if f.severity == "error"] == []
    assert again == first
    assert len(list((tmp_path / "build" / ".cache" / "facts").glob("*.json"))) == 8


@pytest.mark.parametrize(
    "body",
    ["[" * 40_000, "![a](" * 15_000, "<!-- " * 15_000, "    x\n" * 20_000, "```\n" * 15_000, "x\n---\n" * 10_000],
    ids=["brackets", "images", "comments", "indented", "fences", "setext"],
)
def test_pathological_markdown_takes_linear_time(tmp_path: Path, body: str, monkeypatch) -> None:
    """The prose rules stay linear; pandoc, which is not on some of these, is not waited for past the
    check's limit (lowered here to a second): the file is reported, and its prose still checked."""
    monkeypatch.setattr(reading, "READ_TIMEOUT", 1)
    make_project(tmp_path, {"10-a.md": "---\ntitle: T\n---\n" + body + "\nVietnam.\n"})
    project = load_project(tmp_path)
    started = time.perf_counter()
    findings = run_checks(project, load_bibliography(project))
    assert time.perf_counter() - started < 3.0
    assert [f.text for f in findings if f.rule == "country-name"] == ["Vietnam"]
    for finding in findings:
        if finding.rule == "misreading":
            assert finding.file == "content/10-a.md" and finding.line == 4
            assert finding.message.startswith("pandoc took longer than 1 s while reading content/10-a.md")
