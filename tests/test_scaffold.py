"""pubkit new: every project type builds and checks cleanly straight away."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_pubkit

TYPES = ["case-study", "study-report", "policy-brief", "inception-report"]


@pytest.mark.parametrize("kind", TYPES)
def test_new_project_builds_and_checks_without_errors(kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"my-{kind}"
    created = run_pubkit("new", str(target), "--type", kind)
    assert created.code == 0, created.stderr
    assert f"created a {kind} project" in created.stdout
    built = run_pubkit("build", "--project", str(target), "--only", "docx,pptx,brief,permissions", "-q")
    assert built.code == 0, built.stderr
    report = json.loads((target / "build" / "check.json").read_text())
    assert report["summary"]["errors"] == 0, report["findings"]
    assert {"manuscript.docx", "slides.pptx", "brief.docx", "permissions.xlsx"} <= {
        p.name for p in (target / "build").iterdir()
    }
    assert f"type: {kind}" in (target / "content" / "publication.yaml").read_text()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run_pubkit("new", str(tmp_path / "taken"))
    assert result.code == 1
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_new_says_the_command_that_builds_it_as_this_user_can_type_it(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "pubkit"  # the console script, as a user without PATH set runs it
    done = subprocess.run([str(script), "new", "study"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    command = done.stdout.splitlines()[-1].split()
    assert command[0] == str(script) and command[1:] == ["build", "--project", "study"]
    run = subprocess.run([*command, "--only", "docx", "-q"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr  # what it says works
    ignored = (tmp_path / "study" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "build/" in ignored and ".~lock.*#" in ignored  # outputs, cache and office lock files stay out of git


def test_commands_find_the_project_from_inside_its_folders(tmp_path: Path) -> None:
    assert run_pubkit("new", str(tmp_path / "study")).code == 0
    inside = tmp_path / "study" / "content"
    result = run_pubkit("check", cwd=inside)
    assert result.code == 0, result.stderr
    assert "not a publication project" not in result.stderr
    elsewhere = run_pubkit("check", cwd=tmp_path)
    assert elsewhere.code != 0 and "not a publication project" in elsewhere.stderr


def test_every_option_of_every_command_says_what_it_does() -> None:
    from builder.cli import make_parser

    parser = make_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name, command in commands.choices.items():
        for action in command._actions:
            if action.dest in ("help", "today"):
                continue
            assert action.help, f"pubkit {name} {action.option_strings or action.dest} has no help"
