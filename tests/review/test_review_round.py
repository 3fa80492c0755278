"""The review round through the real command line: a built manuscript is edited as an editor would,
in LibreOffice (through UNO) and as Word writes it, and comes back into the Markdown.

Every change must be listed at the file and line of the words it changes; ``--write`` must change
exactly those words and nothing else; the rebuilt manuscript must show them; a second run must
change nothing; edits to text pubkit generates are listed, never applied.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, run_pubkit, soffice_available
from wordedit import Reviewed

from builder.review.wordml import read_docx

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _uno_available() -> bool:
    if not soffice_available() or not SYSTEM_PYTHON.is_file():
        return False
    return subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True, check=False).returncode == 0


needs_uno = pytest.mark.skipif(not _uno_available(), reason="LibreOffice with python3-uno is not installed")

# What the editor does: (edit, the text to find in the manuscript, the new text, which occurrence), and
# where the change must be listed: the file, and text of that file that starts where the change does.
EDITS = [
    ("replace", "teaches 4,200", "teaches about 4,200", 1, "content/10-context.md", "teaches 4,200"),
    (
        "replace",
        "two weeks of emergency training",
        "ten days of emergency training",
        1,
        "content/10-context.md",
        "two weeks of emergency",
    ),  # across a line break of the source
    ("replace", "forty had", "forty-two had", 1, "content/10-context.md", "forty had"),  # in a footnote
    (
        "replace",
        "A workshop for lecturers",
        "A workshop for young lecturers",
        2,
        "content/10-context.md",
        "A workshop for lecturers in",
    ),  # a caption (the first one is in the list of figures)
    (
        "replace",
        "Assessment design",
        "Assessment and feedback design",
        1,
        "content/10-context.md",
        "Assessment design |",
    ),  # a table cell
    (
        "replace",
        "What the lecturers said",
        "What lecturers told us",
        2,
        "content/20-findings.md",
        "What the lecturers said",
    ),  # a chapter title, in the front matter
    (
        "insert-after",
        "common in the region",
        " and beyond",
        1,
        "content/10-context.md",
        " [@unesco2022]",
    ),  # next to a citation
    ("insert-after", "the offer grew quickly", " in 2024", 1, "content/10-context.md", ", and @fig:workshop"),
    ("delete", " Few of them have time for long programmes.", "", 1, "content/20-findings.md", " Few of them"),
    (
        "replace",
        "short online courses",
        "short online modules",
        1,
        "content/publication.yaml",
        "short online courses",
    ),  # the short summary, in publication.yaml
]
SOURCE_AFTER = {  # each file as --write must leave it: exactly these words changed
    "content/10-context.md": [
        ("teaches 4,200", "teaches about 4,200"),
        ("two weeks of emergency\ntraining", "ten days of emergency\ntraining"),
        ("    forty had", "    forty-two had"),
        ("![A workshop for lecturers", "![A workshop for young lecturers"),
        ("| Assessment design |", "| Assessment and feedback design |"),
        ("in the region [@unesco2022]", "in the region and beyond [@unesco2022]"),
        ("grew quickly, and", "grew quickly in 2024, and"),
    ],
    "content/20-findings.md": [
        ("title: What the lecturers said", "title: What lecturers told us"),
        ("also found. Few of them have time for long\nprogrammes.\n", "also found.\n"),
    ],
    "content/publication.yaml": [("short online courses", "short online modules")],
}


@pytest.fixture(scope="session")
def built_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review fixture built once (manuscript only); tests work on copies of it."""
    project = tmp_path_factory.mktemp("review-built") / "project"
    shutil.copytree(FIXTURES / "review", project)
    result = run_pubkit("build", "--project", str(project), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    return project


@pytest.fixture
def project(built_review: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_review, copy)
    return copy


@pytest.fixture(scope="session")
def edited_in_libreoffice(built_review: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _uno_available():
        pytest.skip("LibreOffice with python3-uno is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    edits = [{"op": op, "find": find, "new": new, "occurrence": n} for op, find, new, n, _, _ in EDITS]
    edits += [
        {"op": "comment", "find": "emergency", "new": "Which months?"},
        {"op": "replace", "find": "978-92-9223-222-2", "new": "978-92-9223-999-9"},  # the legal page
        {"op": "replace", "find": "closes the discussion", "new": "ends the discussion", "tracked": False},
    ]
    (folder / "edits.json").write_text(json.dumps(edits), encoding="utf-8")
    returned = folder / "returned.docx"
    done = subprocess.run(
        [
            str(SYSTEM_PYTHON),
            str(HERE / "office_editor.py"),
            str(built_review / "build" / "manuscript.docx"),
            str(folder / "edits.json"),
            str(returned),
            "Anna Editor",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return returned


def edited_as_word_saves(project: Path, target: Path) -> Path:
    """The same edits as Word writes them: runs split word by word, a comment thread, a new paragraph,
    and one edit made with Track Changes off."""
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.fragment_runs()
    for op, find, new, occurrence, _file, _at in EDITS:
        if op == "replace":
            reviewed.replace(find, new, occurrence=occurrence)
        elif op == "delete":
            reviewed.delete(find, occurrence=occurrence)
        else:
            reviewed.insert_after(find, new, occurrence=occurrence)
    reviewed.comment("recorded", "Which months?", replies=(("Mai Tran", "March to May 2020."),))
    reviewed.replace("978-92-9223-222-2", "978-92-9223-999-9")
    reviewed.replace("closes the discussion", "ends the discussion", tracked=False)
    reviewed.new_paragraph_after("ends the discussion", "A closing paragraph the editor added.")
    return reviewed.save(target)


def _review(project: Path, returned: Path, *extra: str) -> dict:
    result = run_pubkit("review", str(returned), "--project", str(project), "--format", "json", *extra)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _position(project: Path, rel: str, text: str) -> tuple[int, int]:
    """Line and column (1-based) where ``text``, which occurs once, starts in the file."""
    source = (project / rel).read_text(encoding="utf-8")
    assert source.count(text) == 1, text
    offset = source.index(text)
    return source[:offset].count("\n") + 1, offset - source.rfind("\n", 0, offset)


def _sources(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "content").glob("*"))}


def _check_listing(project: Path, found: dict, comment_on: tuple[str, str]) -> None:
    changes = found["changes"]
    for op, find, new, _n, rel, at in EDITS:
        old = "" if op == "insert-after" else find.strip()
        match = [c for c in changes if (c["old"] or "").strip() == old and (c["new"] or "").strip() == new.strip()]
        assert len(match) == 1, (find, [(c["old"], c["new"]) for c in changes])
        change = match[0]
        assert change["status"] == "can-apply", change
        assert (change["file"], change["line"], change["column"]) == (rel, *_position(project, rel, at)), change
        assert change["author"] and change["date"].startswith("20")
    legal = next(c for c in changes if c["old"] == "978-92-9223-222-2")
    assert legal["status"] == "generated" and legal["file"] is None
    assert "isbn" in legal["message"] and "publication.yaml:7" in legal["message"]
    untracked = next(c for c in changes if c["kind"] == "untracked" and c["new"] == "ends")
    assert untracked["status"] == "can-apply"
    assert (untracked["file"], untracked["line"]) == ("content/20-findings.md", 15)
    comment = next(c for c in changes if c["kind"] == "comment")
    assert comment["comment"] == "Which months?" and comment["anchor"] == comment_on[0]
    where = _position(project, "content/10-context.md", comment_on[1])
    assert (comment["file"], comment["line"], comment["column"]) == ("content/10-context.md", *where)
    summary = found["summary"]
    assert summary["comments"] == 1 and summary["generated"] == 1 and summary["conflict"] == 0


def _expected_after(project: Path, before: dict[str, bytes]) -> dict[str, bytes]:
    expected = dict(before)
    for rel, replacements in SOURCE_AFTER.items():
        text = before[rel].decode("utf-8")
        for old, new in replacements:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        expected[rel] = text.encode("utf-8")
    text = expected["content/20-findings.md"].decode("utf-8")
    expected["content/20-findings.md"] = text.replace("closes the discussion", "ends the discussion").encode()
    return expected


def _round_trip(project: Path, returned: Path, comment_on: tuple[str, str], *, added_paragraph: bool = False) -> None:
    before = _sources(project)
    _check_listing(project, _review(project, returned), comment_on)
    assert _sources(project) == before, "listing changed a source"

    written = _review(project, returned, "--write")
    expected = _expected_after(project, before)
    if added_paragraph:
        rel = "content/20-findings.md"
        expected[rel] = expected[rel].replace(
            b"ends the discussion.\n", b"ends the discussion.\n\nA closing paragraph the editor added.\n"
        )
    assert _sources(project) == expected
    made = [c for c in written["changes"] if c["status"] == "applied"]
    assert len(made) == len(EDITS) + 1 + added_paragraph

    again = _review(project, returned, "--write")
    assert _sources(project) == expected, "a second --write changed the sources again"
    statuses = {c["status"] for c in again["changes"] if c["kind"] != "comment"}
    assert statuses == {"applied", "generated"}

    rebuilt = run_pubkit("build", "--project", str(project), "--only", "docx", "-q")
    assert rebuilt.code == 0, rebuilt.stderr
    manuscript = read_docx(project / "build" / "manuscript.docx")
    text = "\n".join(p.current for p in manuscript.body + manuscript.notes)
    for _op, _find, new, _n, _rel, _at in EDITS:
        if new:
            assert new.strip() in text
    assert "Few of them have time" not in text
    assert "(UNESCO, 2022)" in text and "region and beyond (UNESCO, 2022)" in text


@needs_uno
def test_changes_made_in_libreoffice_come_back_into_the_sources(project: Path, edited_in_libreoffice: Path) -> None:
    _round_trip(project, edited_in_libreoffice, ("emergency", "emergency\ntraining"))


def test_changes_saved_by_word_come_back_into_the_sources(project: Path, tmp_path: Path) -> None:
    returned = edited_as_word_saves(project, tmp_path / "returned-word.docx")
    found = _review(project, returned)
    thread = next(c for c in found["changes"] if c["kind"] == "comment")
    assert thread["replies"] == [{"author": "Mai Tran", "date": "2026-11-20T09:30:00Z", "text": "March to May 2020."}]
    added = next(c for c in found["changes"] if "A closing paragraph" in (c["new"] or ""))
    assert added["kind"] == "insertion" and added["status"] == "can-apply"
    order = [c["new"] for c in found["changes"]]  # document order: a footnote's change where it is referred to
    assert order.index("forty-two had") < order.index("A workshop for young lecturers")
    _round_trip(project, returned, ("recorded", "recorded.[^count]"), added_paragraph=True)


def test_edits_made_with_tracking_off_are_found_and_applied(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("teaches 4,200", "teaches about 4,200", tracked=False)
    reviewed.replace("forty had", "forty-two had", tracked=False)
    reviewed.replace("Online teaching", "Teaching online", tracked=False)
    returned = reviewed.save(tmp_path / "untracked.docx")
    found = _review(project, returned)
    untracked = {(c["old"], c["new"]): c for c in found["changes"] if c["kind"] == "untracked"}
    assert set(untracked) == {("", " about"), ("forty", "forty-two"), ("Online teaching", "Teaching online")}
    assert all(c["status"] == "can-apply" for c in untracked.values())
    assert found["summary"]["changes"] == 3
    _review(project, returned, "--write")
    text = (project / "content/10-context.md").read_text(encoding="utf-8")
    assert "teaches about 4,200" in text and "forty-two had" in text and "| Teaching online | 30 |" in text


def test_a_change_to_words_the_author_has_edited_since_is_a_conflict(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("teaches 4,200", "teaches about 4,200")
    reviewed.replace("closes the discussion", "ends the discussion")
    returned = reviewed.save(tmp_path / "returned.docx")
    chapter = project / "content/10-context.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("teaches 4,200", "teaches 4,300"), "utf-8")
    first = chapter.read_bytes()
    found = _review(project, returned, "--write")
    by_new = {c["new"]: c for c in found["changes"]}
    assert by_new["teaches about 4,200"]["status"] == "conflict"
    assert "changed these words" in by_new["teaches about 4,200"]["message"]
    assert by_new["ends the discussion"]["status"] == "applied"
    assert chapter.read_bytes() == first, "a conflict was written"


def test_edits_in_generated_text_are_listed_with_what_to_change_and_never_applied(
    project: Path, tmp_path: Path
) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("(UNESCO, 2022)", "(UNESCO, 2023)")  # a formatted citation
    reviewed.replace("Table 1. Courses", "Table 2. Courses", occurrence=2)  # a caption's number
    reviewed.replace("Key finding", "Main finding")  # a box title
    reviewed.replace("Towards a common definition", "Towards one definition")  # the reference list
    reviewed.replace("The college and its lecturers", "The college", occurrence=1)  # the contents
    reviewed.replace("As Table 1 shows", "As Table 3 shows")  # a cross-reference
    returned = reviewed.save(tmp_path / "generated.docx")
    before = _sources(project)
    found = _review(project, returned, "--write")
    assert _sources(project) == before
    changes = {c["new"]: c for c in found["changes"]}
    assert all(c["status"] == "generated" for c in changes.values()), changes
    citation = changes["(UNESCO, 2023)"]
    assert citation["file"] == "content/10-context.md" and "unesco2022" in citation["message"]
    assert "bibliography/refs.bib:1" in citation["message"]
    assert "refs.bib" in changes["Towards one definition"]["message"]
    assert "labels" in changes["Main finding"]["message"]
    assert "heading" in changes["The college"]["message"]


def test_deleting_a_whole_citation_removes_it_from_the_source(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.delete(" (UNESCO, 2022)")
    returned = reviewed.save(tmp_path / "returned.docx")
    found = _review(project, returned, "--write")
    assert [c["status"] for c in found["changes"]] == ["applied"]
    assert "common in the region.\n" in (project / "content/10-context.md").read_text(encoding="utf-8")


def test_line_endings_and_byte_order_mark_are_kept(project: Path, tmp_path: Path) -> None:
    chapter = project / "content/20-findings.md"
    chapter.write_bytes(b"\xef\xbb\xbf" + chapter.read_bytes().replace(b"\n", b"\r\n"))
    assert run_pubkit("build", "--project", str(project), "--only", "docx", "-q").code == 0
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("closes the discussion", "ends the discussion")
    _review(project, reviewed.save(tmp_path / "returned.docx"), "--write")
    stored = chapter.read_bytes()
    assert stored.startswith(b"\xef\xbb\xbf") and b"ends the discussion.\r\n" in stored
    assert b"\n" not in stored.replace(b"\r\n", b"")


def test_the_matrix_has_a_row_per_change_and_columns_for_the_author(project: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    returned = edited_as_word_saves(project, tmp_path / "returned.docx")
    found = _review(project, returned)
    book = load_workbook(project / "build" / "review.xlsx")
    sheet = book["Comments and responses"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    for column in ("Reviewer", "Date", "Chapter", "Section", "Location", "Original text", "Response", "Decision"):
        assert column in header
    assert len(rows) - 1 == len(found["changes"])
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref.startswith("A1:")
    location = header.index("Location")
    first_chapter_change = next(r for r in rows[1:] if r[location] and r[location].startswith("content/10"))
    assert first_chapter_change[header.index("Chapter")] == "The college and its lecturers"
    assert first_chapter_change[header.index("Section")] == "Setting"
    comment = next(r for r in rows[1:] if r[header.index("Kind")] == "comment")
    assert "Which months?" in comment[header.index("Proposed text or comment")]
    assert "March to May 2020." in comment[header.index("Proposed text or comment")]
    assert all(r[header.index("Response")] is None for r in rows[1:])
    assert sheet.column_dimensions["H"].width >= 40
    assert sheet.cell(row=2, column=8).alignment.wrap_text


def test_a_file_without_its_build_id_is_matched_by_its_text(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("teaches 4,200", "teaches about 4,200")
    returned = reviewed.save(tmp_path / "returned.docx")
    stripped = tmp_path / "no-id.docx"
    with zipfile.ZipFile(returned) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if item.filename != "docProps/custom.xml":
                target.writestr(item, source.read(item.filename))
    result = run_pubkit("review", str(stripped), "--project", str(project), "--format", "json")
    assert result.code == 0, result.stderr
    assert "matches a manuscript built earlier" in result.stderr
    assert json.loads(result.stdout)["changes"][0]["status"] == "can-apply"


def test_without_the_build_record_the_file_is_compared_with_a_fresh_build(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("teaches 4,200", "teaches about 4,200")
    returned = reviewed.save(tmp_path / "returned.docx")
    shutil.rmtree(project / "build" / ".review")
    result = run_pubkit("review", str(returned), "--project", str(project), "--format", "json")
    assert result.code == 0, result.stderr
    assert "not in the build folder" in result.stderr
    change = json.loads(result.stdout)["changes"][0]
    assert (change["status"], change["file"], change["line"]) == ("can-apply", "content/10-context.md", 7)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"plain text, not a manuscript", "not a Word .docx file"),
        (b"PK\x03\x04\x14\x00broken", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "password-protected"),
    ],
)
def test_an_unusable_file_gets_one_clear_message(project: Path, tmp_path: Path, content: bytes, says: str) -> None:
    returned = tmp_path / "returned.docx"
    returned.write_bytes(content)
    before = _sources(project)
    result = run_pubkit("review", str(returned), "--project", str(project))
    assert result.code in (1, 2)
    assert says in result.stderr and "returned.docx" in result.stderr
    assert "Traceback" not in result.stderr
    assert _sources(project) == before


def test_a_manuscript_of_another_project_is_refused(project: Path, built_minimal: Path) -> None:
    result = run_pubkit("review", str(built_minimal / "manuscript.docx"), "--project", str(project))
    assert result.code == 1
    assert "nothing in this file matches the manuscript of this project" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_output_reads_like_compiler_messages(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx", author="A. Reviewer", date="2026-12-01T10:00:00Z")
    reviewed.replace("two weeks", "ten days")
    result = run_pubkit("review", str(reviewed.save(tmp_path / "r.docx")), "--project", str(project))
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        'content/10-context.md:8:46: replacement by A. Reviewer (2026-12-01): "two weeks" → "ten days" [can-apply]'
    )
    assert "--- a/content/10-context.md" in result.stdout
    assert "1 can be made with: pubkit review" in result.stderr


def test_paragraphs_split_joined_and_deleted_come_back_as_paragraphs(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.split_before("Few of them")
    reviewed.join_with_next("teaches 4,200")
    reviewed.delete_paragraph("The last paragraph of the chapter")
    found = _review(project, reviewed.save(tmp_path / "returned.docx"), "--write")
    assert [c["status"] for c in found["changes"]] == ["applied"] * 3
    context = (project / "content/10-context.md").read_text(encoding="utf-8")
    assert "now common in the region [@unesco2022]. As @tbl:courses shows" in context
    findings = (project / "content/20-findings.md").read_text(encoding="utf-8")
    assert "also found.\n\nFew of them have time for long\nprogrammes.\n" in findings
    assert "The last paragraph" not in findings and findings.endswith(":::\n")


def test_format_changes_new_table_rows_and_notes_comments_are_listed_not_guessed(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.make_italic("emergency")
    reviewed.insert_row_after("Assessment design", ["Feedback", "10"])
    reviewed.comment("teaching qualification", "Which qualification?")
    before = _sources(project)
    found = _review(project, reviewed.save(tmp_path / "returned.docx"), "--write")
    assert _sources(project) == before
    by_kind = {}
    for change in found["changes"]:
        by_kind.setdefault(change["kind"], []).append(change)
    italic = by_kind["formatting"][0]
    assert (italic["status"], italic["old"]) == ("manual", "emergency") and "made italic" in italic["message"]
    rows = by_kind["insertion"]
    assert {c["new"] for c in rows} == {"\n\nFeedback", "\n\n10"}
    assert all(c["status"] == "manual" and "table" in c["message"] for c in rows)
    assert rows[0]["line"] == _position(project, "content/10-context.md", "| Assessment design")[0]
    note = by_kind["comment"][0]
    assert (note["file"], note["line"], note["column"]) == (
        "content/10-context.md",
        *_position(project, "content/10-context.md", "teaching qualification"),
    )


def test_emphasis_stays_around_changed_words_and_goes_with_deleted_ones(project: Path, tmp_path: Path) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.delete("context ")
    reviewed.replace("whole", "entire")
    found = _review(project, reviewed.save(tmp_path / "returned.docx"), "--write")
    assert [c["status"] for c in found["changes"]] == ["applied", "applied"]
    text = (project / "content/10-context.md").read_text(encoding="utf-8")
    assert "section gives the\nfor the **entire** study." in text


def test_the_comparison_of_case_studies_points_at_the_front_matter_it_is_made_from(tmp_path: Path) -> None:
    project = tmp_path / "study"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "regional-study", project)
    assert run_pubkit("build", "--project", str(project), "--only", "docx", "-q").code == 0
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("Credit transfer agreements between providers", "Credit transfer agreed between providers")
    found = _review(project, reviewed.save(tmp_path / "returned.docx"), "--write")
    change = found["changes"][0]
    assert change["status"] == "generated" and "recognition-model" in change["message"]
    case = "content/20-case-kazakhstan.md"
    assert (change["file"], change["line"]) == (case, _position(project, case, "recognition-model:")[0])


GRID = """---
title: A chapter with a grid table
---

Table: Shares by group {#tbl:shares source="author"}

+---------------+-----------------------+
| Group         | Share                 |
+===============+=======================+
| Lecturers in  | 61 per cent of all    |
| the sessions  | respondents           |
+---------------+-----------------------+
"""


def test_a_grid_table_keeps_its_columns_and_a_change_too_wide_for_them_is_left_by_hand(tmp_path: Path) -> None:
    project = tmp_path / "grid"
    shutil.copytree(FIXTURES / "review", project)
    (project / "content" / "30-grid.md").write_text(GRID, encoding="utf-8")
    assert run_pubkit("build", "--project", str(project), "--only", "docx", "-q").code == 0
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("61 per cent", "61.5 per cent")
    reviewed.replace("the sessions", "the classes")
    reviewed.replace("Group", "Group of staff who answered the survey")
    found = _review(project, reviewed.save(tmp_path / "returned.docx"), "--write")
    statuses = {c["new"]: c["status"] for c in found["changes"]}
    assert statuses == {
        "61.5 per cent": "applied",
        "the classes": "applied",
        "Group of staff who answered the survey": "manual",
    }
    text = (project / "content" / "30-grid.md").read_text(encoding="utf-8")
    assert "| Lecturers in  | 61.5 per cent of all  |\n| the classes   | respondents           |\n" in text


def test_without_the_record_edits_of_the_author_since_are_never_taken_for_the_reviewers(
    project: Path, tmp_path: Path
) -> None:
    reviewed = Reviewed(project / "build" / "manuscript.docx")
    reviewed.replace("two weeks", "ten days")
    reviewed.replace("closes the discussion", "ends the discussion", tracked=False)
    returned = reviewed.save(tmp_path / "returned.docx")
    chapter = project / "content/10-context.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("two weeks", "three weeks"), encoding="utf-8")
    shutil.rmtree(project / "build" / ".review")
    before = _sources(project)
    found = _review(project, returned, "--write")
    assert _sources(project) == before
    by_new = {c["new"]: c for c in found["changes"]}
    assert by_new["ten days"]["status"] == "conflict" and '"two weeks"' in by_new["ten days"]["message"]
    untracked = [c for c in found["changes"] if c["kind"] == "untracked"]
    assert untracked and all(c["status"] == "conflict" for c in untracked)
