"""The chapters' structure is read in the background (a forked process where that is safe): the same facts
as reading the trees directly, kept for the next check, and a chapter pandoc cannot read reported alone."""

from __future__ import annotations

from pathlib import Path

from checkprobe import FRONT, make_project

from builder import pandoc, parsed
from builder.check import reading
from builder.check.tree import read_facts
from builder.errors import ExternalToolError
from builder.pandoc import parse_markdown
from builder.project import load_project

CHAPTERS = {
    "10-one.md": FRONT + '![A chart](assets/a.png){#fig:a source="author"}\n\nAs @fig:a shows [@unesco2022].\n',
    "20-two.md": FRONT + "| A | B |\n|---|---|\n| 1 | 2 |\n\n: Counts {#tbl:b}\n\nSee <https://example.org>.\n",
}


def _project(root: Path):
    return load_project(make_project(root, CHAPTERS, assets=("assets/a.png",)))


def test_the_facts_read_in_the_background_are_those_of_the_trees(tmp_path: Path) -> None:
    project = _project(tmp_path)
    found = reading.read_chapters(project.chapters, tmp_path / "build" / ".cache").result()
    for chapter in project.chapters:
        tree = parsed.map_tree(chapter, parse_markdown(chapter.body, what="reading"))
        assert found[chapter.rel] == read_facts(chapter.text, tree["blocks"], chapter.body_offset)
    assert [item.label for item in found["content/10-one.md"].items] == ["fig:a"]
    assert [item.label for item in found["content/20-two.md"].items] == ["tbl:b"]


def test_a_second_reading_of_the_same_texts_needs_no_pandoc(tmp_path: Path, monkeypatch) -> None:
    project = _project(tmp_path)
    cache = tmp_path / "build" / ".cache"
    first = reading.read_chapters(project.chapters, cache).result()

    def no_pandoc(*args, **kwargs):
        raise AssertionError("pandoc was asked again")

    monkeypatch.setattr(pandoc, "read_markdown", no_pandoc)  # the child is forked from this process
    assert reading.read_chapters(project.chapters, cache).result() == first


def test_a_changed_chapter_is_read_again_and_only_it(tmp_path: Path, monkeypatch) -> None:
    project = _project(tmp_path)
    cache = tmp_path / "build" / ".cache"
    reading.read_chapters(project.chapters, cache).result()
    (tmp_path / "content" / "20-two.md").write_text(FRONT + "| A |\n|---|\n| 1 |\n", encoding="utf-8")
    project = load_project(tmp_path)
    asked = tmp_path / "asked.txt"  # written by the process that reads, forked or not
    real = pandoc.read_markdown

    def counted(text, **kwargs):
        with asked.open("a", encoding="utf-8") as log:
            log.write(kwargs["what"] + "\n")
        return real(text, **kwargs)

    monkeypatch.setattr(pandoc, "read_markdown", counted)
    found = reading.read_chapters(project.chapters, cache).result()
    assert found["content/20-two.md"].uncaptioned_tables  # the new text's table has no caption
    assert [item.label for item in found["content/10-one.md"].items] == ["fig:a"]  # from the cache
    assert asked.read_text(encoding="utf-8") == "reading content/20-two.md\n"


def test_a_chapter_pandoc_cannot_read_comes_back_as_its_error_and_the_others_are_read(
    tmp_path: Path, monkeypatch
) -> None:
    project = _project(tmp_path)
    real = pandoc.read_markdown

    def fails_on_two(text, **kwargs):
        if kwargs["what"].endswith("20-two.md"):
            raise ExternalToolError("pandoc took longer than 30 s while reading content/20-two.md")
        return real(text, **kwargs)

    monkeypatch.setattr(pandoc, "read_markdown", fails_on_two)
    found = reading.read_chapters(project.chapters, None).result()
    assert isinstance(found["content/20-two.md"], ExternalToolError)
    assert "20-two.md" in found["content/20-two.md"].render()
    assert found["content/10-one.md"].items


def test_chapters_set_reading_before_the_project_is_loaded_give_the_loaded_chapters_facts(tmp_path: Path) -> None:
    root = make_project(tmp_path, CHAPTERS, assets=("assets/a.png",))
    early = reading.start_reading(root)
    assert early is not None
    project = load_project(root)
    found = early.result(project.chapters)
    assert found == reading.read_chapters(project.chapters, None).result()
    assert list(found) == [c.rel for c in project.chapters]


def test_a_chapter_changed_after_it_was_read_early_is_read_again_as_loaded(tmp_path: Path) -> None:
    root = make_project(tmp_path, CHAPTERS, assets=("assets/a.png",))
    early = reading.start_reading(root)
    assert early is not None
    (root / "content" / "20-two.md").write_text(FRONT + "Words first.\n\n| A |\n|---|\n| 1 |\n\n: Later {#tbl:c}\n")
    project = load_project(root)
    found = early.result(project.chapters)
    assert [item.label for item in found["content/20-two.md"].items] == ["tbl:c"]
    assert found == reading.read_chapters(project.chapters, None).result()


def test_nothing_is_read_early_from_a_project_whose_chapters_loading_would_refuse(tmp_path: Path) -> None:
    root = make_project(tmp_path, {**CHAPTERS, "30-bare.md": "No front matter here.\n"}, assets=("assets/a.png",))
    assert reading.start_reading(root) is None
    assert reading.start_reading(tmp_path / "no-such-project") is None
    (root / "content" / "30-bare.md").unlink()
    (root / "content" / "publication.yaml").unlink()  # chapters, but no project: nothing read, nothing written
    assert reading.start_reading(root) is None
    assert not (root / "build").exists()
