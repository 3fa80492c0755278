"""Every mistake an author can make ends in one clear message: file, line, what to do; never a traceback.

One case per row of the README's troubleshooting table. Each case breaks a fresh
copy of the minimal fixture, runs the real CLI, and checks the exit code, the
location and the message, and that the last good outputs survived untouched.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_pubkit, write


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _config(project: Path) -> Path:
    return project / "content" / "publication.yaml"


def _intro(project: Path) -> Path:
    return project / "content" / "10-intro.md"


def _link_out(project: Path, inside: Path, text: str | None) -> None:
    """Replace ``inside`` by a link to a file (or, with no text, a folder) outside the project."""
    outside = project.parent / f"outside-{inside.name}"
    if text is None:
        import shutil

        shutil.move(inside, outside)
    else:
        outside.write_text(text, encoding="utf-8")
        inside.unlink()
    os.symlink(outside, inside)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` × ``height`` pixels (its pixels are never needed to refuse it)."""
    header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    chunk = len(header[4:]).to_bytes(4, "big") + header + zlib.crc32(header).to_bytes(4, "big")
    end = (0).to_bytes(4, "big") + b"IEND" + zlib.crc32(b"IEND").to_bytes(4, "big")
    return b"\x89PNG\r\n\x1a\n" + chunk + end


def _cut_short(path: Path) -> None:
    from PIL import Image

    Image.effect_noise((600, 400), 80).convert("RGB").save(path)  # a real picture, then half of it lost
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@dataclass
class Case:
    id: str
    breaks: Callable[[Path], None]
    code: int
    where: str  # "file:line" (or just the file) that must start the message
    says: str  # words the message must contain


CASES = [
    Case("no-project", lambda p: _config(p).unlink(), 2, "content/publication.yaml", "not a publication project"),
    Case(
        "yaml-tab",
        lambda p: _replace(_config(p), "title: Micro", "title:\n\t- Micro"),
        2,
        "content/publication.yaml:3",
        "tab",
    ),
    Case(
        "unknown-key",
        lambda p: _replace(_config(p), "numbering:", "colour: blue\nnumbering:"),
        2,
        "content/publication.yaml:13",
        "unknown key 'colour'",
    ),
    Case(
        "wrong-type",
        lambda p: _replace(_config(p), "year: 2025", "year: soon"),
        2,
        "content/publication.yaml:6",
        "'year': expected a whole number",
    ),
    Case(
        "missing-title",
        lambda p: _replace(_config(p), "title: Micro-credentials at a small college\n", ""),
        2,
        "content/publication.yaml",
        "required key 'title' is missing",
    ),
    Case(
        "bad-limits",
        lambda p: _replace(_config(p), "slides: [10, 12]", "slides: twelve"),
        2,
        "content/publication.yaml:15",
        "'limits': 'slides'",
    ),
    Case(
        "no-front-matter",
        lambda p: write(p / "content" / "30-notes.md", "Just text.\n"),
        2,
        "content/30-notes.md:1",
        "no YAML front matter",
    ),
    Case(
        "unknown-role",
        lambda p: _replace(_intro(p), "---\ntitle: Introduction", "---\nrole: preface\ntitle: Introduction"),
        2,
        "content/10-intro.md:2",
        "'role': 'preface' is not allowed",
    ),
    Case(
        "chapter-not-utf8",
        lambda p: (p / "content" / "30-latin.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n\nText.\n"),
        2,
        "content/30-latin.md:2",
        "not UTF-8",
    ),
    Case(
        "word-file-as-md",
        lambda p: (p / "content" / "30-word.md").write_bytes(b"PK\x03\x04" + b"\x00" * 64),
        2,
        "content/30-word.md:1",
        "Word or other zipped document",
    ),
    Case(
        "huge-chapter",
        lambda p: (p / "content" / "30-huge.md").write_bytes(b"---\ntitle: Huge\n---\n" + b"word " * 1_200_000),
        2,
        "content/30-huge.md",
        "more than the 5 MB",
    ),
    Case(
        "missing-image",
        lambda p: _replace(_intro(p), "assets/data/uptake.csv", "assets/data/uptak.csv"),
        1,
        "content/10-intro.md:10",
        "does not exist; did you mean 'assets/data/uptake.csv'?",
    ),
    Case(
        "image-outside",
        lambda p: _replace(p / "content" / "20-impacts.md", "assets/photo.png", "../photo.png"),
        1,
        "content/20-impacts.md:7",
        "points outside the project",
    ),
    Case(
        "image-absolute",
        lambda p: _replace(p / "content" / "20-impacts.md", "assets/photo.png", "/etc/photo.png"),
        1,
        "content/20-impacts.md:7",
        "is absolute",
    ),
    Case(
        "image-symlink-out",
        lambda p: (p / "assets" / "photo.png").unlink() or os.symlink("/etc/hostname", p / "assets" / "photo.png"),
        1,
        "content/20-impacts.md:7",
        "points outside the project",
    ),
    Case(
        "bib-symlink-out",
        lambda p: _link_out(p, p / "bibliography" / "refs.bib", "@book{x, title={Elsewhere}, year={2020}}\n"),
        1,
        "bibliography/refs.bib",
        "is a link to a bibliography outside the project",
    ),
    Case(
        "bibliography-folder-out",
        lambda p: _link_out(p, p / "bibliography", None),
        1,
        "bibliography",
        "is a link to a folder outside the project",
    ),
    Case(
        "chapter-symlink-out",
        lambda p: _link_out(p, p / "content" / "20-impacts.md", "---\ntitle: Elsewhere\n---\n\nText.\n"),
        1,
        "content/20-impacts.md",
        "is a link to a chapter outside the project",
    ),
    Case(
        "not-an-image",
        lambda p: (p / "assets" / "photo.png").write_text("not a picture"),
        1,
        "content/20-impacts.md:7",
        "not a valid PNG image",
    ),
    Case(
        "truncated-image",
        lambda p: _cut_short(p / "assets" / "photo.png"),
        1,
        "content/20-impacts.md:7",
        "is not a valid PNG image: it is damaged or cut short",
    ),
    Case(
        "bad-svg",
        lambda p: (
            _replace(p / "content" / "20-impacts.md", "assets/photo.png", "assets/broken.svg")
            or (p / "assets" / "broken.svg").write_text("<svg><g></svg>", encoding="utf-8")
        ),
        1,
        "content/20-impacts.md:7",
        "is not a valid SVG image: it is not well-formed XML",
    ),
    Case(
        "huge-image",
        lambda p: (p / "assets" / "photo.png").write_bytes(_png_header(30_000, 30_000)),
        1,
        "content/20-impacts.md:7",
        "has more than 40 million pixels",
    ),
    Case(
        "duplicate-label",
        lambda p: _replace(p / "content" / "20-impacts.md", "#fig:photo", "#fig:uptake"),
        1,
        "content/20-impacts.md:7",
        "label 'fig:uptake' is used twice",
    ),
    Case(
        "bad-chart-data",
        lambda p: write(p / "assets" / "data" / "uptake.csv", "Year,Learners\n2021,120\n2022,many\n"),
        1,
        "assets/data/uptake.csv:3",
        "'many' in column 'Learners' is not a number",
    ),
    Case(
        "bad-bibtex",
        lambda p: write(p / "bibliography" / "more.bib", "@book{broken,\n  title = {x\n}\n@misc{y, title={z}}\n"),
        1,
        "bibliography/more.bib:1",
        "cannot be read",
    ),
    Case(
        "duplicate-bib-key",
        lambda p: write(p / "bibliography" / "more.bib", "@book{unesco2022, title={Again}, year={2022}}\n"),
        1,
        "bibliography/refs.bib:1",
        "also defined in bibliography/more.bib:1",
    ),
    Case(
        "unknown-csl",
        lambda p: _replace(_config(p), "csl: apa", "csl: no-such-style"),
        1,
        "content/publication.yaml:14",
        "no citation style called 'no-such-style'",
    ),
    Case(
        "unreadable-attributes",
        lambda p: _replace(p / "content" / "20-impacts.md", 'rights-holder="Studio', 'rights-holder=" Studio'),
        1,
        "content/20-impacts.md:7",
        "could not be read",
    ),
    Case(
        "failing-template",
        lambda p: write(p / "templates" / "legal-page.md.j2", "{{ 1 // 0 }}\n"),
        1,
        "templates/legal-page.md.j2",
        "the template failed",
    ),
    Case(
        "broken-template",
        lambda p: write(p / "templates" / "legal-page.md.j2", "{% if %}\n"),
        1,
        "templates/legal-page.md.j2:1",
        "syntax error",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_one_clear_message(case: Case, minimal: Path) -> None:
    case.breaks(minimal)
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == case.code, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(case.where + ":"), first
    assert case.says in result.stderr
    assert "hint:" in result.stderr


def test_check_reports_the_same_mistakes_with_exit_2_when_unreadable(minimal: Path) -> None:
    _replace(_config(minimal), "numbering:", "colour: blue\nnumbering:")
    result = run_pubkit("check", "--project", str(minimal))
    assert result.code == 2
    assert "unknown key 'colour'" in result.stderr
    assert "the keys allowed are: type, title, subtitle" in result.stderr


def test_a_failed_build_leaves_the_last_good_outputs_untouched(minimal: Path) -> None:
    assert run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q").code == 0
    out = minimal / "build"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    _replace(_intro(minimal), "assets/data/uptake.csv", "assets/data/missing.csv")
    assert run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q").code == 1
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or ".tmp." in p.name]


def test_sources_are_never_modified_by_a_build(minimal: Path) -> None:
    files = sorted(p for p in minimal.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    assert run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q").code == 0
    assert {p: p.read_bytes() for p in files} == before


def test_warnings_do_not_stop_a_build_but_strict_does(minimal: Path) -> None:
    _replace(_intro(minimal), 'source="author" chart="bar"', 'chart="bar"')  # no source
    _replace(_intro(minimal), "@tbl:courses lists", "@tbl:nothing lists")  # unknown label
    _replace(_intro(minimal), "[@unesco2022]", "[@nobody1999]")  # unknown citation
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx")
    assert result.code == 0, result.stderr
    assert "3 errors" in result.stderr
    assert (minimal / "build" / "manuscript.docx").is_file()
    (minimal / "build" / "manuscript.docx").unlink()
    strict = run_pubkit("build", "--project", str(minimal), "--only", "docx", "--strict", "-q")
    assert strict.code == 1
    assert "--strict: the check found 4 errors" in strict.stderr  # the pending permission counts too
    listed = [line for line in strict.stderr.splitlines() if ": error: --strict: " in line]
    assert len(listed) == 4 and all(re.match(r"content/[\w-]+\.md:\d+: error: ", line) for line in listed)
    checked = run_pubkit("check", "--project", str(minimal), "--strict", "--format", "json")
    assert json.loads(checked.stdout)["summary"]["errors"] == 4  # the same errors as the strict build
    assert not (minimal / "build" / "manuscript.docx").exists()
    assert (minimal / "build" / "check.json").is_file()


def test_check_as_json_answers_in_json_when_the_project_cannot_be_read(minimal: Path) -> None:
    bib = next((minimal / "bibliography").glob("*.bib"))
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@book{broken,\n  title = {Unclosed\n", encoding="utf-8")
    result = run_pubkit("check", "--project", str(minimal), "--format", "json")
    assert result.code in (1, 2) and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 1
    stopped = report["findings"][0]
    assert stopped["rule"] == "unreadable" and stopped["file"].startswith("bibliography/") and stopped["line"]


def test_quiet_still_prints_errors(minimal: Path) -> None:
    _replace(_intro(minimal), "[@unesco2022]", "[@nobody1999]")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0
    assert "1 error" in result.stderr  # the summary line says so even when quiet
