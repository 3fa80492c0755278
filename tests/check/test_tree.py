"""The check's structure is pandoc's reading: every table and figure pandoc reads is checked, nothing it
does not read is reported, and what it reads otherwise than meant is said before it prints as junk."""

from __future__ import annotations

import json
from pathlib import Path

from checkprobe import BODY_LINE, FRONT, check_body, make_project, where
from conftest import run_pubkit

STRUCTURE = {"figure-source", "table-caption", "table-header", "citation", "cross-reference", "missing-file"}

EVERY_CONSTRUCT = """Setext heading
==============

A paragraph before a thematic break.

---

Another heading
---------------

* * *

Term one
:   Its definition, with *emphasis*.

Term two
:   Another definition.

| A line block
| of two lines

(@first) An example list item.
(@second) Another one.

As (@first) shows, examples are numbered.

<div class="note">Raw HTML in a div.</div>

Inline $x^2$ and display math:

$$
\\sum_{i=1}^{n} i
$$

    an indented code block
    --- that looks like a rule

```
| not | a | table |
|-----|---|-------|
```

Table: Multiline {#tbl:multi source="author"}

-------------------------------------------------------------
 Centred   Default           Right Left
  Header    Aligned         Aligned Aligned
----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one.
-------------------------------------------------------------

  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
    123     123       123          123

Table: Simple, captioned after it {#tbl:simple source="author"}

+---------+--------+
| Grid    | Table  |
+=========+========+
| cell    | cell   |
+---------+--------+

: Grid with a bare colon caption {#tbl:grid source="author"}

| One column |
|------------|
| row        |

Table: One column {#tbl:one source="author"}

A [reference link][ref] and ![an inline image][pic] in a sentence.

[ref]: https://example.org/page
[pic]: assets/a.png

As @tbl:multi, @tbl:simple, @tbl:grid and @tbl:one show [@unesco2022].
"""


def test_every_construct_pandoc_reads_gives_no_structure_finding_it_contradicts(tmp_path: Path) -> None:
    findings = check_body(tmp_path, EVERY_CONSTRUCT, rules=STRUCTURE | {"misreading"}, assets=("assets/a.png",))
    assert where(findings) == []


def test_tables_pandoc_reads_without_pipes_or_with_a_bare_caption_are_checked(tmp_path: Path) -> None:
    body = (
        "  Year   Learners\n------  ---------\n  2022        120\n  2023        180\n\n"
        ": Learners by year {#tbl:learners}\n\n"
        "| Only |\n|------|\n| one  |\n\n"
        "As @tbl:learners shows.\n"
    )
    findings = check_body(tmp_path, body, rules=STRUCTURE)
    assert sorted((f.rule, f.line) for f in findings) == [
        ("figure-source", BODY_LINE + 5),  # the simple table's caption carries no source
        ("figure-source", BODY_LINE + 7),  # the one-column pipe table has no caption at all
        ("table-caption", BODY_LINE + 7),
    ]


def test_a_reference_style_image_is_a_figure_with_its_file_and_source_checked(tmp_path: Path) -> None:
    body = "![A photo of the campus][campus]\n\n[campus]: assets/campus.jpg\n"
    findings = check_body(tmp_path, body, rules=STRUCTURE)
    assert [(f.rule, f.line) for f in findings] == [("figure-source", BODY_LINE), ("missing-file", BODY_LINE)]


def test_example_lists_are_not_citations(tmp_path: Path) -> None:
    body = "(@good) A numbered example.\n\nAs (@good) shows, and as @unesco2022 says.\n"
    assert check_body(tmp_path, body, rules={"citation"}) == []


def test_misreadings_are_reported_where_they_were_written(tmp_path: Path) -> None:
    body = (
        "A claim with a note[^missing] and one[^ok].\n"  # 4
        "\n"
        "[^ok]: The note.\n"  # 6
        "\n"
        "[^orphan]: Nobody refers to this note.\n"  # 8
        "\n"
        '![Uptake](assets/a.png){#fig:a source=“author” alt="A bar chart"}\n'  # 10
        "\n"
        '![Staff](assets/a.png){#fig:b source="author" alt="Staff at work"\n'  # 12
        "\n"
        "As shown in Figure @fig:a, and in @fig:a.\n"  # 14
        "\n"
        ":::\n"  # 16: closes nothing
        "\n"
        '::: {.finding question="definition"}\n'  # 18: never closed
        "The finding.\n"
    )
    findings = check_body(tmp_path, body, rules={"misreading"}, assets=("assets/a.png",))
    assert [(f.line, f.text) for f in findings] == [
        (BODY_LINE, "[^missing]"),
        (BODY_LINE + 4, "[^orphan]:"),
        (BODY_LINE + 6, "source=“author”"),
        (BODY_LINE + 8, '{#fig:b source="author" alt="Staff at work"'),
        (BODY_LINE + 10, "Figure @fig:a"),
        (BODY_LINE + 12, ":::"),
        (BODY_LINE + 14, '::: {.finding question="definition"}'),
    ]
    messages = [f.message for f in findings]
    assert "has no definition" in messages[0] and "never referred to" in messages[1]
    assert 'source="author"' in messages[2] and "straight quotes" in messages[2]
    assert '"Figure Figure N"' in messages[4] and 'write "@fig:a" alone' in messages[4]
    assert "closes no box" in messages[5] and "never closed" in messages[6]
    assert all(f.severity == "error" for f in findings)


def test_fences_and_notes_inside_code_are_not_misreadings(tmp_path: Path) -> None:
    body = "```\n:::\n[^x]: not a note\n```\n\nText with `[^y]` in code, and an escaped \\[^z] mark.\n"
    assert check_body(tmp_path, body, rules={"misreading"}) == []


def test_curly_quotes_inside_a_quoted_value_are_the_authors_text(tmp_path: Path) -> None:
    body = (
        '![Poster](assets/a.png){#fig:a source="“Learning together”, a campus poster" '
        'kind="photo" alt="A poster"}\n\nAs @fig:a shows.\n'
    )
    assert check_body(tmp_path, body, rules={"misreading"}, assets=("assets/a.png",)) == []


def test_boxes_are_read_as_pandoc_reads_them(tmp_path: Path) -> None:
    body = (
        "::: finding\nA finding without a question, written with a bare class.\n:::\n\n"
        '::: {.recommendation audience="ministries"}\n:::\n'
    )
    findings = check_body(tmp_path, body, rules={"box-attribute"})
    assert [(f.line, f.text) for f in findings] == [
        (BODY_LINE, "::: finding"),
        (BODY_LINE + 4, '::: {.recommendation audience="ministries"}'),
    ]
    assert 'no question="..."' in findings[0].message and "is empty" in findings[1].message


def test_a_guiding_question_no_finding_answers_is_a_warning_once_findings_exist(tmp_path: Path) -> None:
    answered = "".join(
        f'::: {{.finding question="{q}"}}\nA finding.\n:::\n\n'
        for q in ("digital-skills", "definition", "cpd-integration", "challenges")
    )
    findings = check_body(tmp_path, answered, rules={"unanswered-question"}, kind="case-study")
    assert [(f.file, f.severity) for f in findings] == [("content/publication.yaml", "warning")]
    assert "'strategies'" in findings[0].message
    assert check_body(tmp_path, "No findings yet.\n", rules={"unanswered-question"}, kind="case-study") == []


def test_the_check_reads_the_build_cache_and_agrees_with_a_cold_read(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"10-chapter.md": FRONT + EVERY_CONSTRUCT}, assets=("assets/a.png",))
    first = run_pubkit("check", "--project", str(root), "--format", "json")
    assert any((root / "build" / ".cache" / "ast").iterdir())  # pandoc's reading kept for the build
    again = run_pubkit("check", "--project", str(root), "--format", "json")
    assert json.loads(first.stdout) == json.loads(again.stdout)
    built = run_pubkit("build", "--project", str(root), "--only", "docx", "-q")
    assert built.code == 0, built.stderr
    from_build = json.loads((root / "build" / "check.json").read_text(encoding="utf-8"))
    assert from_build["findings"] == json.loads(first.stdout)["findings"]


def test_what_pandoc_read_is_kept_and_a_changed_chapter_is_read_again(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"10-chapter.md": FRONT + "A note[^gone] without its text.\n"})
    first = json.loads(run_pubkit("check", "--project", str(root), "--format", "json").stdout)
    kept = list((root / "build" / ".cache" / "facts").glob("*.json"))
    assert len(kept) == 1  # the chapter's structure, cached beside pandoc's tree
    again = json.loads(run_pubkit("check", "--project", str(root), "--format", "json").stdout)
    assert again == first
    chapter = root / "content" / "10-chapter.md"
    chapter.write_text(FRONT + "A note[^gone] without its text.\n\n[^gone]: Its text.\n", encoding="utf-8")
    fixed = json.loads(run_pubkit("check", "--project", str(root), "--format", "json").stdout)
    assert [f["rule"] for f in first["findings"]] == ["misreading"]
    assert [f["rule"] for f in fixed["findings"]] == []
