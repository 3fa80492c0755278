"""Assembly details a reader sees: the labels a project rewords."""

from __future__ import annotations

from pathlib import Path

from conftest import run_pubkit, write

from builder.assemble import load_labels
from builder.project import load_project


def test_a_project_rewords_one_label_and_keeps_the_rest(minimal: Path) -> None:
    defaults = load_labels(load_project(minimal))
    write(
        minimal / "templates" / "labels.yaml",
        "questions:\n  definition:\n    short: What counts as a micro-credential\n",
    )
    labels = load_labels(load_project(minimal))
    assert labels["questions"]["definition"] == {
        "short": "What counts as a micro-credential",
        "question": defaults["questions"]["definition"]["question"],
    }
    assert labels["questions"]["strategies"] == defaults["questions"]["strategies"]
    assert labels["audiences"] == defaults["audiences"]


def test_a_broken_labels_file_names_itself(minimal: Path) -> None:
    write(minimal / "templates" / "labels.yaml", "questions: [unclosed\n")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("templates/labels.yaml: error: the labels file cannot be read")
