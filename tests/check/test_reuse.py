"""Unacknowledged reuse: 12 or more words shared with a file in sources/, unless quoted and cited."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from checkprobe import BODY_LINE, FRONT, check_project, make_project

from builder.check.reuse import ShingleIndex
from builder.check.source import scan_markdown
from builder.errors import ContentError

EARLIER = (
    "In my earlier paper I argued that every lecturer became a learner again, yet almost none of that "
    "learning was assessed, recorded or recognized by the institution at the time."
)
SHARED = "every lecturer became a learner again, yet almost none of that learning was assessed"  # 14 words


def _reuse(
    tmp_path: Path, body: str, sources: dict[str, str] | None = None
) -> list[tuple[int | None, int | None, str]]:
    make_project(tmp_path, {"10-chapter.md": FRONT + body}, sources=sources or {"2022-paper.txt": EARLIER})
    return [(f.line, f.column, f.message) for f in check_project(tmp_path) if f.rule == "reuse"]


def test_a_shared_passage_is_an_error_naming_the_source(tmp_path: Path) -> None:
    body = f"Our staff said so. Indeed {SHARED} in 2020.\n"
    make_project(tmp_path, {"10-chapter.md": FRONT + body}, sources={"2022-paper.txt": EARLIER})
    [finding] = [f for f in check_project(tmp_path) if f.rule == "reuse"]
    assert (finding.severity, finding.line, finding.column) == ("error", BODY_LINE, body.index("every") + 1)
    assert finding.message == (
        "14 words here repeat sources/2022-paper.txt without quotation marks and a citation: "
        "quote and cite it, or rewrite it"
    )
    assert finding.text == SHARED


def test_eleven_shared_words_are_not_reuse(tmp_path: Path) -> None:
    eleven = " ".join(SHARED.split()[:11])
    assert _reuse(tmp_path, f"Indeed {eleven} then something else entirely.\n") == []


def test_case_punctuation_apostrophes_markup_and_line_breaks_do_not_hide_reuse(tmp_path: Path) -> None:
    body = "Every *lecturer* became a learner again —\nyet almost none of that learning\nwas ASSESSED.\n"
    assert [(line, column) for line, column, _ in _reuse(tmp_path, body)] == [(BODY_LINE, 1)]


@pytest.mark.parametrize(
    "body",
    [
        f"As I wrote, “{SHARED}” [@rahim2022].\n",
        f'As I wrote, "{SHARED}" (Rahim, 2022, p. 47).\n',
        f"Rahim (2022) wrote that “{SHARED}”.\n",
        f"> {SHARED}\n\n[@rahim2022]\n",
    ],
)
def test_quoted_and_cited_reuse_is_acknowledged(tmp_path: Path, body: str) -> None:
    assert _reuse(tmp_path, body) == []


@pytest.mark.parametrize(
    "body",
    [f"As I wrote, “{SHARED}”.\n", f"As I wrote, {SHARED} [@rahim2022].\n"],
    ids=["quoted-not-cited", "cited-not-quoted"],
)
def test_quotation_marks_and_a_citation_are_both_needed(tmp_path: Path, body: str) -> None:
    assert len(_reuse(tmp_path, body)) == 1


def test_each_passage_names_its_own_source(tmp_path: Path) -> None:
    other = "the quality assurance agency had published no criteria for short courses of any kind before 2021"
    body = f"First, {SHARED}.\n\nSecond, {other}.\n"
    found = _reuse(tmp_path, body, {"a-paper.txt": EARLIER, "b-report.md": other})
    assert [(line, message.split(" without")[0]) for line, _, message in found] == [
        (BODY_LINE, "14 words here repeat sources/a-paper.txt"),
        (BODY_LINE + 2, "16 words here repeat sources/b-report.md"),
    ]


def test_no_sources_folder_means_no_reuse_findings(tmp_path: Path) -> None:
    make_project(tmp_path, {"10-chapter.md": FRONT + SHARED + "\n"})
    assert [f for f in check_project(tmp_path) if f.rule == "reuse"] == []


def test_the_index_is_a_lookup_not_a_pairwise_search() -> None:
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(3000)]
    index = ShingleIndex(12)
    for number in range(40):  # 40 earlier works of 5,000 words each
        index.add(f"sources/{number}.txt", " ".join(rng.choice(vocabulary) for _ in range(5000)))
    passage = " ".join(rng.choice(vocabulary) for _ in range(30))
    index.add("sources/planted.txt", "x " + passage + " y")
    chapter = " ".join(rng.choice(vocabulary) for _ in range(40_000)) + " " + passage + " end"
    source = scan_markdown("content/x.md", chapter, 0)
    started = time.perf_counter()
    found = index.passages(source)
    assert time.perf_counter() - started < 0.5
    assert [(p.source_name, p.words, chapter[p.start : p.end]) for p in found] == [("sources/planted.txt", 30, passage)]


def test_earlier_work_is_read_only_from_inside_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "paper.txt").write_text(EARLIER, encoding="utf-8")
    project = tmp_path / "project"
    body = f"Indeed {SHARED} in 2020.\n"
    make_project(project, {"10-chapter.md": FRONT + body}, sources={"notes.txt": "Nothing shared here."})
    (project / "sources" / "linked.txt").symlink_to(outside / "paper.txt")  # a link out is never read
    (project / "sources" / "linked-folder").symlink_to(outside, target_is_directory=True)
    assert [f for f in check_project(project) if f.rule == "reuse"] == []
    rule = (Path(__file__).parents[2] / "templates" / "rules" / "reuse.yml").read_text(encoding="utf-8")
    for folder in ("../elsewhere", str(outside)):  # nor is a folder outside it named in the rule
        make_project(project, {}, rules={"reuse.yml": rule.replace("folder: sources", f"folder: {folder}")})
        with pytest.raises(ContentError) as raised:
            check_project(project)
        assert "folder of earlier work" in str(raised.value.problems[0].message)
