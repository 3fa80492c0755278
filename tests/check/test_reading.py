"""The chapters' structure is read in the background (a forked process where that is safe): the same facts
as reading the trees directly, kept for the next check, and a chapter pandoc cannot read reported alone."""

from __future__ import annotations

from pathlib import Path

from checkprobe import FRONT, make_project

from builder import parsed
from builder.check import reading
from builder.check.tree import read_facts
from builder.errors import ExternalToolError
from builder.pandoc import ParseCache
from builder.project import load_project

CHAPTERS = {
    "10-one.md": FRONT + '![A chart](assets/a.png){#fig:a source="author"}\n\nAs @fig:a shows [@unesco2022].\n',
    "20-two.md": FRONT + "| A | B |\n|---|---|\n| 1 | 2 |\n\n: Counts {#tbl:b}\n\nSee <https://example.org>.\n",
}


def _project(root: Path):
    return load_project(make_project(root, CHAPTERS, assets=("assets/a.png",)))


def test_the_facts_read_in_the_background_are_those_of_the_trees(tmp_path: Path) -> None:
    project = _project(tmp_path)
    found = reading.read_chapters(project, tmp_path / "build" / ".cache").result()
    for chapter in project.chapters:
        tree = parsed.read_chapter(chapter, ParseCache(None))
        assert found[chapter.rel] == read_facts(chapter.text, tree["blocks"], chapter.body_offset)
    assert [item.label for item in found["content/10-one.md"].items] == ["fig:a"]
    assert [item.label for item in found["content/20-two.md"].items] == ["tbl:b"]


def test_a_second_reading_of_the_same_texts_needs_no_pandoc(tmp_path: Path, monkeypatch) -> None:
    project = _project(tmp_path)
    cache = tmp_path / "build" / ".cache"
    first = reading.read_chapters(project, cache).result()

    def no_pandoc(*args, **kwargs):
        raise AssertionError("pandoc was asked again")

    monkeypatch.setattr(parsed, "read_markdown", no_pandoc)  # the child is forked from this process
    assert reading.read_chapters(project, cache).result() == first


def test_a_changed_chapter_is_read_again_and_only_it(tmp_path: Path, monkeypatch) -> None:
    project = _project(tmp_path)
    cache = tmp_path / "build" / ".cache"
    reading.read_chapters(project, cache).result()
    (tmp_path / "content" / "20-two.md").write_text(FRONT + "| A |\n|---|\n| 1 |\n", encoding="utf-8")
    project = load_project(tmp_path)
    asked = tmp_path / "asked.txt"  # written by the process that reads, forked or not
    real = parsed.read_markdown

    def counted(text, **kwargs):
        with asked.open("a", encoding="utf-8") as log:
            log.write(kwargs["what"] + "\n")
        return real(text, **kwargs)

    monkeypatch.setattr(parsed, "read_markdown", counted)
    found = reading.read_chapters(project, cache).result()
    assert found["content/20-two.md"].uncaptioned_tables  # the new text's table has no caption
    assert [item.label for item in found["content/10-one.md"].items] == ["fig:a"]  # from the cache
    assert asked.read_text(encoding="utf-8") == "reading content/20-two.md\n"


def test_a_chapter_pandoc_cannot_read_comes_back_as_its_error_and_the_others_are_read(
    tmp_path: Path, monkeypatch
) -> None:
    project = _project(tmp_path)
    real = parsed.read_markdown

    def fails_on_two(text, **kwargs):
        if kwargs["what"].endswith("20-two.md"):
            raise ExternalToolError("pandoc took longer than 30 s while reading content/20-two.md")
        return real(text, **kwargs)

    monkeypatch.setattr(parsed, "read_markdown", fails_on_two)
    found = reading.read_chapters(project, None).result()
    assert isinstance(found["content/20-two.md"], ExternalToolError)
    assert "20-two.md" in found["content/20-two.md"].render()
    assert found["content/10-one.md"].items
