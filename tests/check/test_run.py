"""Every rule over every file: the prose rules' findings are kept by what they depend on (the rule files
and the checked texts), so a check of texts checked before never runs them, and any change runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkprobe import FRONT, make_project

from builder.bibliography import load_bibliography
from builder.check import run
from builder.project import load_project

CHAPTER = FRONT + "Students in Vietnam and Laos organise their courses.\n"


def _check(root: Path):
    project = load_project(root)
    return run.run_checks(project, load_bibliography(project), cache_dir=root / "build" / ".cache")


@pytest.fixture
def checked(tmp_path: Path, monkeypatch):
    """A project checked once; after that, running the prose rules fails the test."""
    make_project(tmp_path, {"10-a.md": CHAPTER})
    first = _check(tmp_path)
    real = run.pattern_hits
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "pattern_hits", counted)
    return tmp_path, first, calls


def test_a_second_check_of_the_same_texts_takes_the_prose_findings_from_the_cache(checked) -> None:
    root, first, calls = checked
    assert {f.text for f in first} >= {"Vietnam", "Laos", "organise"}
    assert _check(root) == first
    assert calls == []


def test_a_changed_chapter_runs_the_prose_rules_again(checked) -> None:
    root, _, calls = checked
    (root / "content" / "10-a.md").write_text(FRONT + "Students in Viet Nam organise courses.\n", encoding="utf-8")
    found = _check(root)
    assert calls == [1]
    assert "Vietnam" not in {f.text for f in found} and "organise" in {f.text for f in found}


def test_a_changed_rule_file_runs_the_prose_rules_again(checked) -> None:
    root, _, calls = checked
    rules = root / "templates" / "rules"
    rules.mkdir(parents=True)
    (rules / "spelling.yml").write_text(
        "extends: substitution\nmessage: \"Write '%s'\"\nlevel: warning\nswap:\n  courses: modules\n", encoding="utf-8"
    )
    found = _check(root)
    assert calls == [1]
    assert "courses" in {f.text for f in found} and "organise" not in {f.text for f in found}


def test_a_damaged_cache_file_is_made_again(checked) -> None:
    root, first, calls = checked
    for kept in (root / "build" / ".cache" / "prose").glob("*.json"):
        kept.write_bytes(b"[[1, 2")
    assert _check(root) == first
    assert calls == [1]
