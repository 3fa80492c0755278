"""Hostile input and damaged state: one clear message, in bounded time and memory, never a traceback.

Each case writes something an attacker (or an accident) could put in a project: a
"billion laughs" YAML, a template that loops without end, a CSV of a hundred
thousand rows, a damaged cache file. It runs the real CLI under a memory limit
with a timeout, so a case that regresses fails instead of filling the machine,
and checks the exit code, the file (and line) the message starts with, its words,
and that the outputs of the build that succeeded before are left as they were.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, Run, needs_soffice, write

MEMORY_LIMIT = 4 * 1024**3  # address space of the pubkit process (pandoc's runtime reserves more on its own)
TIMEOUT = 120  # a case that hangs fails here; every case takes a few seconds


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(*args: str, timeout: int = TIMEOUT) -> tuple[Run, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "builder", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
        preexec_fn=_limited,
    )
    return Run(done.returncode, done.stdout, done.stderr), time.monotonic() - started


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture built once (the manuscript), with its cache."""
    project = tmp_path_factory.mktemp("hostile") / "minimal"
    shutil.copytree(FIXTURES / "minimal", project, ignore=shutil.ignore_patterns("build"))
    result, _ = run_limited("build", "--project", str(project), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project: its outputs are those of a build that succeeded."""
    copy = tmp_path / "minimal"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def _outputs(project: Path) -> dict[str, bytes]:
    out = project / "build"
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} if out.is_dir() else {}


def refused(
    project: Path,
    where: str,
    says: str,
    *,
    command: str = "build",
    args: tuple[str, ...] = ("--only", "docx", "-q"),
    codes: tuple[int, ...] = (1, 2),
    seconds: float = 60,
) -> Run:
    """Run pubkit on the project and check it stops with one message starting ``where:`` that says ``says``."""
    before = _outputs(project)
    result, took = run_limited(command, "--project", str(project), *args)
    assert result.code in codes, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(where + ": error: "), result.stderr
    assert says in result.stderr, result.stderr
    assert "hint:" in result.stderr
    assert took < seconds, f"took {took:.1f} s"
    assert _outputs(project) == before  # the last good outputs are left as they were
    return result


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _config(project: Path) -> Path:
    return project / "content" / "publication.yaml"


def _intro(project: Path) -> Path:
    return project / "content" / "10-intro.md"


# --- §6 unbounded memory and time -------------------------------------------------------------------


def laughs(prefix: str = "lol") -> str:
    """A "billion laughs" YAML of half a kilobyte: nine levels of nine aliases, 9^9 strings when expanded."""
    lines = [f"{prefix}0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{prefix}{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


ALIASES = "the aliases in this YAML (such as *a4) repeat its values more than 100,000 times"


def test_billion_laughs_in_publication_yaml(project: Path) -> None:
    _replace(_config(project), "subtitle: A fixture case study\n", laughs() + "subtitle: *a9\n")
    refused(project, "content/publication.yaml:8", ALIASES, codes=(2,), seconds=20)


def test_billion_laughs_in_front_matter(project: Path) -> None:
    _replace(_intro(project), "title: Introduction of the institution\n", "title: Intro\n" + laughs())
    refused(project, "content/10-intro.md:8", ALIASES, codes=(2,), seconds=20)


def test_billion_laughs_in_the_slide_plan(project: Path) -> None:
    plan = (ROOT / "templates" / "slides.yaml.j2").read_text(encoding="utf-8")
    write(project / "templates" / "slides.yaml.j2", laughs("laugh") + plan)
    refused(project, "templates/slides.yaml.j2:6", ALIASES, args=("--only", "pptx", "-q"), seconds=30)


def test_billion_laughs_in_a_rule_file(project: Path) -> None:
    rule = 'extends: existence\nmessage: "Avoid %s"\n' + laughs() + "tokens: *a9\n"
    write(project / "templates" / "rules" / "laughs.yml", rule)
    refused(project, "templates/rules/laughs.yml:8", ALIASES, seconds=20)
    refused(project, "templates/rules/laughs.yml:8", ALIASES, command="check", args=(), seconds=20)


def test_billion_laughs_in_the_labels(project: Path) -> None:
    write(project / "templates" / "labels.yaml", laughs() + "boxes:\n  finding: *a9\n")
    refused(project, "templates/labels.yaml:6", ALIASES, seconds=20)


@pytest.mark.parametrize(
    "template",
    [
        "{{ 'x' * 4000000000 }}",
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        "{{ 'x' | center(4000000000) }}",
        "{{ '%4000000000d' % 1 }}",
        "{{ lipsum(100000000) }}",
    ],
    ids=["multiply", "doubling", "center", "format-width", "lipsum"],
)
def test_a_template_cannot_make_a_huge_text(project: Path, template: str) -> None:
    write(project / "templates" / "legal-page.md.j2", "Legal page\n\n" + template + "\n")
    refused(project, "templates/legal-page.md.j2:3", "the template stopped:", seconds=30)


@pytest.mark.parametrize(
    "template",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    ],
    ids=["nested-range", "branching-macro"],
)
def test_a_template_cannot_loop_for_ever(project: Path, template: str) -> None:
    write(project / "templates" / "legal-page.md.j2", "Legal page\n\n" + template + "\n")
    refused(project, "templates/legal-page.md.j2:3", "more than 1,000,000 times", seconds=40)


# --- §8 tracebacks that become located messages ----------------------------------------------------------


def test_yaml_nested_a_thousand_deep(project: Path) -> None:
    _replace(_config(project), "subtitle: A fixture case study\n", "subtitle: " + "[" * 1000 + "]" * 1000 + "\n")
    refused(project, "content/publication.yaml:3", "nested more than 100 levels deep", codes=(2,), seconds=20)


def test_nesting_in_front_matter_is_refused_at_its_line(project: Path) -> None:
    _replace(_intro(project), "title: Introduction of the institution\n", "title: x\nkeywords:\n" + "- " * 500 + "x\n")
    refused(project, "content/10-intro.md:4", "nested more than 100 levels deep", codes=(2,), seconds=20)


@pytest.mark.parametrize(
    ("labels", "line", "says"),
    [
        ("questions: [a, b]\n", 1, "'questions' must be a mapping of names to texts"),
        ("parts:\n  references: [a, b]\n", 2, "'parts.references' must be a text, not a list"),
        ("questions:\n  digital-skills: oops\n", 2, "'questions.digital-skills' must be a mapping"),
        ("study_report:\n  columns: [one]\n", 2, "'study_report.columns' must be a list of 6 texts"),
        ('study_report:\n  coverage_all: "{count} of {total}"\n', 2, "uses {total}, which pubkit does not fill in"),
        ("colour: red\n", 1, "pubkit has no label 'colour' at the top"),
    ],
    ids=["list-for-mapping", "list-for-text", "text-for-mapping", "short-list", "unknown-field", "unknown-key"],
)
def test_labels_of_the_wrong_shape(project: Path, labels: str, line: int, says: str) -> None:
    write(project / "templates" / "labels.yaml", labels)
    refused(project, f"templates/labels.yaml:{line}", says)


def _cite(project: Path, key: str) -> None:
    _replace(_intro(project), "[@unesco2022]", f"[@unesco2022; @{key}]")


def test_string_macros_that_double_at_each_step(project: Path) -> None:
    """40 lines of @string, each twice the one before: pandoc took 24 GB formatting the title."""
    macros = ['@string{s0 = "lol"}'] + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 40)]
    entry = "@book{laugh,\n  author = {A. Person},\n  title = s39,\n  year = 2020\n}\n"
    write(project / "bibliography" / "more.bib", "\n".join(macros) + "\n" + entry)
    _cite(project, "laugh")
    refused(project, "bibliography/more.bib:17", "the @string macro 's16' grows to more than 100,000 characters")
    refused(project, "bibliography/more.bib:17", "grows to more than", command="check", args=(), seconds=30)


def test_a_field_made_of_long_macros(project: Path) -> None:
    macro = '@string{long = "' + "x" * 40_000 + '"}\n'
    entry = "@book{laugh,\n  author = {A. Person},\n  title = long # { and } # long # long,\n  year = 2020\n}\n"
    write(project / "bibliography" / "more.bib", macro + entry)
    _cite(project, "laugh")
    refused(project, "bibliography/more.bib:4", "the field 'title' of the entry 'laugh' grows to more than")


def test_ordinary_string_macros_still_build(project: Path) -> None:
    macros = '@string{jn = "Journal of {Open} Things"}\n@string{pub = jn # " and " # {Co}}\n'
    entry = "@article{plain,\n  author = {A. Person},\n  journal = pub,\n  title = {Hello},\n  year = 2020\n}\n"
    write(project / "bibliography" / "more.bib", macros + entry)
    _cite(project, "plain")
    result, _ = run_limited("build", "--project", str(project), "--only", "docx", "-q")
    assert result.code == 0, result.stderr


def test_a_catastrophic_pattern_in_a_rule_file(project: Path) -> None:
    rule = 'extends: existence\nmessage: "Avoid %s"\nnonword: true\ntokens:\n  - (a+)+b\n'
    write(project / "templates" / "rules" / "evil.yml", rule)
    _replace(_intro(project), "Staff want", "Staff " + "a" * 40 + " want")
    says = "the pattern '(a+)+b' has a repeat inside a repeat"
    refused(project, "templates/rules/evil.yml", says, command="check", args=(), seconds=20)
    refused(project, "templates/rules/evil.yml", says, seconds=30)


@pytest.mark.parametrize(
    ("pattern", "safe"),
    [
        (r"(a+)+b", False),
        (r"(\w+\s?)+$", False),
        (r"(?:a|a)*b", False),
        (r"(a|aa)+b", False),
        (r"(.*a){20}", False),
        (r"(?:a{1,3})+b", False),
        (r"(?:\d{1,3},)*\d+", True),
        (r"\d+(?:[.,]\d+)*", True),
        (r"(?:very )+good", True),
        (r"(?:[A-Z]\.)+", True),
        (r"(\w|\d)+x", True),
        (r"(?>a+)+b", True),
        (r"colou?rs?", True),
    ],
)
def test_which_patterns_backtrack_without_end(pattern: str, safe: bool) -> None:
    from re import _parser  # type: ignore[attr-defined]

    from builder.check.rules import _backtracks_without_end

    assert (_backtracks_without_end(_parser.parse(pattern)) == "") is safe


def test_the_shipped_rules_have_no_catastrophic_pattern(project: Path) -> None:
    result, _ = run_limited("check", "--project", str(project))
    assert "Traceback" not in result.stderr and "take years" not in result.stderr, result.stderr


def test_a_title_of_megabytes(project: Path) -> None:
    _replace(_intro(project), "title: Introduction of the institution", "title: " + "Word " * 900_000)
    refused(
        project, "content/10-intro.md:2", "this value is 4,499,999 characters long, more than the 20,000", seconds=20
    )


def test_a_publication_yaml_over_its_size_says_kb(project: Path) -> None:
    _replace(_config(project), "numbering:", "# " + "x" * 300_000 + "\nnumbering:")
    refused(project, "content/publication.yaml", "the file is 293 KB, more than the 256 KB pubkit accepts", codes=(2,))


def test_a_style_with_an_external_entity_is_refused_naming_the_file(project: Path) -> None:
    style = (ROOT / "templates" / "csl" / "apa.csl").read_text(encoding="utf-8")
    evil = '<!DOCTYPE style [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<style '
    write(project / "styles" / "evil.csl", style.replace("<style ", evil, 1).replace("<title>", "<title>&xxe;", 1))
    _replace(_config(project), "csl: apa", "csl: styles/evil.csl")
    refused(project, "styles/evil.csl:2", "declares its own entities")


# --- §10 messages -------------------------------------------------------------------------------------


def test_pandoc_on_a_full_disk_says_the_disk_is_full() -> None:
    """pandoc's Haskell backtrace for ENOSPC becomes one sentence (the real pandoc, writing to /dev/full)."""
    from builder import pandoc
    from builder.errors import ExternalToolError

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with pytest.raises(ExternalToolError) as raised:
        pandoc.run_pandoc(["-t", "docx", "-o", "/dev/full"], b"Hello", what="writing manuscript.docx")
    assert "the disk is full" in raised.value.render()
    assert "HasCallStack" not in raised.value.render()


def test_pandoc_out_of_memory_and_silent_failures_are_said_in_words() -> None:
    from builder.pandoc import HEAP_LIMIT_GB, pandoc_failure

    heap = "pandoc: Heap exhausted;\npandoc: Current maximum heap size is 4294967296 bytes (4096 MB).\n"
    assert f"pandoc ran out of memory (it may use {HEAP_LIMIT_GB} GB)" in str(pandoc_failure(251, heap, "formatting"))
    silent = str(pandoc_failure(1, "", "formatting the citations"))
    assert silent.startswith("pandoc failed while formatting the citations (exit code 1) and said nothing")
    assert "stopped (signal SIGKILL)" in str(pandoc_failure(-9, "", "formatting the citations"))
    backtrace = "pandoc: bad thing\nHasCallStack backtrace:\n  collectBacktraces, called at x.hs:1:1\n"
    assert str(pandoc_failure(1, backtrace, "x")).endswith("bad thing")


def test_template_errors_name_their_line(project: Path) -> None:
    write(project / "templates" / "legal-page.md.j2", "Legal page\n\n{{ year }}\n{{ ().__class__ }}\n")
    refused(project, "templates/legal-page.md.j2:4", "the sandbox forbids")


def _chart(project: Path, text: str) -> None:
    write(project / "assets" / "data" / "uptake.csv", text)


CHART_ARGS = ("--only", "docx,pptx", "-q")


def test_a_chart_of_a_hundred_thousand_rows(project: Path) -> None:
    _chart(project, "Year,Learners\n" + "".join(f"{i},{i}\n" for i in range(100_000)))
    says = "the chart data has 100,000 rows, more than the 500 a chart can show"
    refused(project, "assets/data/uptake.csv", says, args=CHART_ARGS, seconds=30)


def test_a_chart_of_five_hundred_columns(project: Path) -> None:
    header = "Year," + ",".join(f"S{i}" for i in range(499)) + "\n"
    _chart(project, header + "".join(f"{2000 + j}," + ",".join(["1"] * 499) + "\n" for j in range(5)))
    says = "the chart data has 499 series, more than the 20 a chart can show"
    refused(project, "assets/data/uptake.csv:1", says, args=CHART_ARGS)


def test_a_bar_chart_of_more_bars_than_a_page_shows(project: Path) -> None:
    header = "Year," + ",".join(f"S{i}" for i in range(20)) + "\n"
    _chart(project, header + "".join(f"{2000 + j}," + ",".join(["1"] * 20) + "\n" for j in range(30)))
    refused(project, "assets/data/uptake.csv:1", "a bar chart of 600 bars", args=CHART_ARGS)


def test_a_nul_byte_in_a_chart(project: Path) -> None:
    _chart(project, "Year,Learners\n20\x0021,1\n2022,5\n")
    refused(project, "assets/data/uptake.csv:2", "contains a NUL character", args=CHART_ARGS)


def test_a_chart_cell_over_128_kb(project: Path) -> None:
    _chart(project, 'Year,Learners\n2021,1\n"' + "x" * 140_000 + '",1\n2022,5\n')
    refused(project, "assets/data/uptake.csv:3", "field larger than field limit", args=CHART_ARGS)


@pytest.mark.parametrize("value", ["1e308", "inf", "9" * 400])
def test_a_chart_value_too_large_says_so(project: Path, value: str) -> None:
    _chart(project, f"Year,Learners\n2021,{value}\n2022,5\n")
    refused(project, "assets/data/uptake.csv:2", "in column 'Learners' is too large for a chart", args=CHART_ARGS)


def test_a_long_line_chart_still_draws(project: Path) -> None:
    _chart(project, "Year,Learners\n" + "".join(f"{i},{i}\n" for i in range(500)))
    _replace(_intro(project), 'chart="bar"', 'chart="line"')
    result, took = run_limited("build", "--project", str(project), *CHART_ARGS)
    assert result.code == 0, result.stderr
    assert took < 60


def test_a_read_only_output_folder(project: Path) -> None:
    out = project / "build"
    if os.geteuid() == 0:  # root writes in any folder: the lock file pubkit cannot open stands for one
        (out / ".pubkit.lock").unlink(missing_ok=True)
        (out / ".pubkit.lock").mkdir()
    else:
        out.chmod(0o555)
    try:
        refused(project, str(out), "pubkit cannot write in this folder")
    finally:
        out.chmod(0o755)


def _seal_garbage(path: Path, data: bytes) -> None:
    """Put ``data`` in a cache file with a matching checksum: only its content says it is damaged."""
    import hashlib

    path.write_bytes(data)
    (path.parent / (path.name + ".sum")).write_bytes(f"{len(data)} {hashlib.sha256(data).hexdigest()}".encode())


GARBAGE = bytes(range(256)) * 8 + b"\xff\xfe"


def _zip_of_garbage(*parts: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in ("[Content_Types].xml", *parts):
            package.writestr(name, "garbage <<")
    return buffer.getvalue()


def _rebuilds(project: Path, sealed: dict[Path, bytes], args: tuple[str, ...]) -> None:
    """The build succeeds and every damaged cache file was made again (written over), not used."""
    result, _ = run_limited("build", "--project", str(project), *args)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr and ": error: " not in result.stderr, result.stderr
    for path, garbage in sealed.items():
        assert path.read_bytes() != garbage, f"{path.name} was used, not made again"


def _garble(paths: list[Path], garbage: bytes) -> dict[Path, bytes]:
    for path in paths:
        _seal_garbage(path, garbage)
    return dict.fromkeys(paths, garbage)


@pytest.mark.parametrize("garbage", ["bytes", "zip"])
def test_a_garbled_slide_master_is_made_again(project: Path, garbage: str) -> None:
    args = ("--only", "pptx", "-q")
    assert run_limited("build", "--project", str(project), *args)[0].code == 0
    masters = sorted((project / "build" / ".cache" / "slides").glob("master-*.pptx"))
    assert masters
    _rebuilds(
        project, _garble(masters, GARBAGE if garbage == "bytes" else _zip_of_garbage("ppt/presentation.xml")), args
    )


@pytest.mark.parametrize("garbage", ["bytes", "zip"])
def test_garbled_reference_documents_are_made_again(project: Path, garbage: str) -> None:
    references = sorted((project / "build" / ".cache").glob("*reference-*.docx"))
    assert references
    damaged = _garble(references, GARBAGE if garbage == "bytes" else _zip_of_garbage("word/document.xml"))
    _rebuilds(project, damaged, ("--only", "docx", "-q"))


def test_garbage_in_the_template_and_parse_caches_is_ignored(project: Path) -> None:
    cache = project / "build" / ".cache"
    damaged = [p for p in cache.rglob("*") if p.is_file() and p.suffix in (".txt", ".json") and "profile" not in str(p)]
    assert any(p.suffix == ".txt" for p in damaged)
    _garble(damaged, GARBAGE)
    templates = {p: GARBAGE for p in damaged if p.suffix == ".txt"}  # the legal page: rendered by every build
    _rebuilds(project, templates, ("--only", "docx", "-q"))


@needs_soffice
@pytest.mark.parametrize("garbage", ["bytes", "pdf-shaped"])
def test_a_garbled_rendered_pdf_is_rendered_again(project: Path, garbage: str) -> None:
    args = ("--only", "docx,pdf", "-q")
    assert run_limited("build", "--project", str(project), *args, timeout=600)[0].code == 0
    rendered = sorted((project / "build" / ".cache" / "pdf").glob("*.pdf"))
    assert rendered
    _rebuilds(
        project, _garble(rendered, GARBAGE if garbage == "bytes" else b"%PDF-1.7\n" + GARBAGE + b"\n%%EOF\n"), args
    )
    assert GARBAGE[:64] not in (project / "build" / "manuscript.pdf").read_bytes()


def test_a_libreoffice_timeout_names_the_output_not_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    from builder import render
    from builder.errors import ExternalToolError
    from builder.outputs import StagedOutputs

    binary = tmp_path / "bin" / "soffice"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\nexec sleep 30\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(render, "CONVERT_TIMEOUT", 1)
    staged = StagedOutputs(tmp_path / "out")
    source, target = staged.temporary("manuscript.docx"), staged.temporary("manuscript.pdf")
    source.write_bytes(_zip_of_garbage("word/document.xml"))
    started = time.monotonic()
    with pytest.raises(ExternalToolError) as raised:
        render.Office(str(binary), tmp_path / "cache").to_pdf(source, target)
    assert time.monotonic() - started < 20
    message = raised.value.render()
    assert "LibreOffice took longer than 1 s to render manuscript.docx as PDF" in message
    assert ".tmp" not in message
    staged.discard()
