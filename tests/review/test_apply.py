"""Placing a change in the files as they are now: found by its words and a little text around them, applied
already when the new words are there, a conflict when the author changed the same words since."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from builder.review.apply import Files, Planned, locate_now, plan
from builder.review.changes import Change
from builder.review.locate import Edit
from builder.review.record import Record

CHAPTER = "content/10-a.md"
THEN = (
    "---\ntitle: A chapter\n---\n\nThe college teaches 4,200 students in technical\n"
    "programmes. Lecturers took part in two weeks of training.\n\nA second paragraph follows here.\n"
)


def _files(tmp_path: Path, now: str) -> Files:
    (tmp_path / "content").mkdir()
    (tmp_path / CHAPTER).write_text(now, encoding="utf-8")
    record = Record("id", [], [], {CHAPTER: THEN})
    return Files(SimpleNamespace(root=tmp_path), record)  # type: ignore[arg-type]


def _planned(old: str, new: str, expected: str) -> Planned:
    start = THEN.index(old)
    change = Change("replacement", "Ines", "", "body", 0, 0, 0, old, new)
    return Planned(change, [Edit(CHAPTER, start, start + len(old), new)], expected, anchor=start)


def test_unchanged_files_take_the_edit_where_it_was(tmp_path: Path) -> None:
    item = _planned("two weeks", "ten days", "part in ten days of training")
    plan([item], _files(tmp_path, THEN))
    assert item.status == "can-apply" and item.edits[0].start == THEN.index("two weeks")


def test_an_edit_elsewhere_moves_the_change_with_its_words(tmp_path: Path) -> None:
    now = THEN.replace("---\n\nThe college", "---\n\nA new opening sentence.\n\nThe college")
    item = _planned("two weeks", "ten days", "part in ten days of training")
    plan([item], _files(tmp_path, now))
    assert item.status == "can-apply"
    assert now[item.edits[0].start : item.edits[0].end] == "two weeks"


def test_the_same_words_changed_since_are_a_conflict(tmp_path: Path) -> None:
    item = _planned("two weeks", "ten days", "part in ten days of training")
    plan([item], _files(tmp_path, THEN.replace("two weeks of", "three weeks of")))
    assert item.status == "conflict" and "changed these words" in item.reason


def test_changes_made_already_are_applied_even_beside_each_other(tmp_path: Path) -> None:
    now = THEN.replace("4,200 students", "4,300 learners").replace("two weeks", "ten days")
    items = [
        _planned("4,200", "4,300", "teaches 4,300 learners in"),
        _planned("students", "learners", "4,300 learners in technical"),
        _planned("two weeks", "ten days", "part in ten days of"),
    ]
    plan(items, _files(tmp_path, now))
    assert [i.status for i in items] == ["applied", "applied", "applied"]


def test_two_changes_to_the_same_words_cannot_both_be_made(tmp_path: Path) -> None:
    items = [_planned("two weeks", "ten days", "ten days"), _planned("two weeks", "a fortnight", "a fortnight")]
    plan(items, _files(tmp_path, THEN))
    assert [i.status for i in items] == ["can-apply", "conflict"]


def test_an_edit_that_would_not_print_as_the_reviewer_meant_is_refused(tmp_path: Path) -> None:
    then = THEN.replace("two weeks", "*two* weeks")
    start = then.index("two")
    change = Change("deletion", "Ines", "", "body", 0, 0, 0, "two ", "")
    emptied = Planned(change, [Edit(CHAPTER, start, start + 3, "")], "part in weeks of", anchor=start)
    files = _files(tmp_path, then)
    files.record.sources[CHAPTER] = then
    plan([emptied], files)  # "**" would be left, and printed
    assert emptied.status == "manual" and "by hand" in emptied.reason


def test_a_place_is_found_again_by_the_text_around_it(tmp_path: Path) -> None:
    now = "---\ntitle: A chapter\n---\n\nAn added line.\n\n" + THEN.split("---\n\n", 1)[1]
    files = _files(tmp_path, now)
    where = locate_now(files, CHAPTER, THEN.index("Lecturers"))
    assert where is not None and now[where:].startswith("Lecturers")
    assert locate_now(files, CHAPTER, THEN.index("A second")) == now.index("A second")
