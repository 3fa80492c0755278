"""``pubkit review``: the editor's returned manuscript, back into the author's sources.

Read top to bottom: read the returned .docx → find the record of the build it
came from → list its tracked changes, untracked edits and comments in the text
as it was sent → place each in the sources → check the edits against the files
as they are now → report (text or JSON, and ``review.xlsx``) → with
``--write``, make the edits that can be made.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ..errors import ContentError, ProjectError
from ..locate import line_index
from ..outputs import write_atomically
from ..project import CONFIG_NAME, Project, load_project
from ..textedit import read_stored, replace_spans, unified_diff, write_file
from . import wordml
from .apply import Files, Planned, plan
from .changes import PARAGRAPH_BREAK, Change, collect_changes
from .locate import Placement, Placer
from .matrix import write_matrix
from .record import Paragraph, Record, authors_words, load_record, records_in
from .report import Entry, as_text, clip, summary, to_json

MATRIX = "review.xlsx"
LOCATED = (
    "citation",
    "xref",
    "contents",
    "list",
    "math",
    "code",
    "caption-number",
    "source",
    "comparison",
)  # generated text
# that stands for something in a chapter, which is where such a change is listed
MADE = "made in the sources by this run"
MATCHING = 0.5  # share of the returned paragraphs a record must have to be the one it was built as
UNRELATED = 0.2  # below this, the file was not built from this project at all


def run_review(path: Path, project_dir: Path, out_dir: Path | None, fmt: str, write: bool) -> int:
    project = load_project(project_dir)
    out_dir = (out_dir or project.root / "build").resolve()
    returned = read_returned(path)
    record, notice = find_record(returned, project, out_dir, path)
    changes = collect_changes(returned, record)

    placer = Placer(record)
    files = Files(project, record)
    entries: list[Entry] = []
    planned: dict[int, Planned] = {}
    for change in changes:
        placement = placer.place(change)
        entry = _entry(change, placement, record, project)
        entries.append(entry)
        if entry.status == "can-apply":
            anchor = placement.at.start if placement.at is not None else None
            planned[id(entry)] = Planned(change, placement.edits, _expected_words(change, record), anchor=anchor)
    plan(list(planned.values()), files)

    for entry in entries:
        item = planned.get(id(entry))
        if item is not None:
            entry.status = item.status
            entry.message = item.reason or entry.message
            if item.position is not None:
                _place_entry(entry, files, *item.position)
        elif entry.anchor is not None:
            _place_anchor(entry, files)

    ready = [item for item in planned.values() if item.status == "can-apply"]
    edited = _edited_files(ready, files)
    if write:
        for rel, (_before, after) in edited.items():
            write_file(project.root / rel, rel, after)
        for entry in entries:
            if planned.get(id(entry)) in ready:
                entry.status, entry.message = "applied", MADE
    _write_matrix(entries, out_dir, path, record)
    _print(entries, edited, fmt, write, notice, path, out_dir)
    return 0


# --- reading and finding ----------------------------------------------------------------


def read_returned(path: Path) -> wordml.WordDocument:
    if not path.is_file():
        raise ProjectError(f"there is no file {path.name} here", file=str(path), hint="give the path of the .docx")
    try:
        return wordml.read_docx(path)
    except wordml.NotAWordFile as problem:
        raise ContentError(
            f"this file {problem}",
            file=str(path),
            hint="give the .docx the editor returned (open it in Word and save it as .docx if needed)",
        ) from None


def find_record(returned: wordml.WordDocument, project: Project, out_dir: Path, path: Path) -> tuple[Record, str]:
    """The record of the build the returned file came from: by the id in its properties, else the stored
    record its text matches best, else the manuscript as the sources build now."""
    folders = list(dict.fromkeys([out_dir, project.root / "build"]))
    if returned.build_id:
        for folder in folders:
            record = load_record(folder / ".review" / f"{returned.build_id}.json.gz")
            if record is not None:
                return record, ""
    best, best_score = None, 0.0
    for folder in folders:
        for candidate in records_in(folder)[:50]:
            record = load_record(candidate)
            score = _likeness(returned, record) if record is not None else 0.0
            if score > best_score:
                best, best_score = record, score
    if best is not None and best_score >= MATCHING:
        return best, "this file does not say which build it came from; it matches a manuscript built earlier"
    record = _fresh_record(project)
    if _likeness(returned, record) < UNRELATED:
        raise ContentError(
            "nothing in this file matches the manuscript of this project",
            file=str(path),
            hint="give the manuscript.docx that was built from this project (pass --project DIR for another one)",
        )
    return record, (
        "the record of the build this file came from is not in the build folder; "
        "it is compared with the manuscript as the sources build now"
    )


def _likeness(returned: wordml.WordDocument, record: Record) -> float:
    texts = {" ".join(p.text.split()) for p in record.body if len(p.text) >= 20}
    mine = [" ".join(p.original.split()) for p in returned.body if len(p.original) >= 20]
    return sum(text in texts for text in mine) / len(mine) if mine else 0.0


def _fresh_record(project: Project) -> Record:
    from ..build import build

    with tempfile.TemporaryDirectory(prefix="pubkit-review-") as folder:
        build(project.root, Path(folder), only={"docx"})
        stored = records_in(Path(folder))
        record = load_record(stored[0]) if stored else None
    if record is None:
        raise ContentError("the manuscript could not be built to compare with", file=str(project.root))
    record.fresh = True
    return record


# --- what each change is ----------------------------------------------------------------


def _entry(change: Change, placement: Placement, record: Record, project: Project) -> Entry:
    paragraph = _paragraph(change, record)
    entry = Entry(change, "can-apply", chapter=paragraph.section[0], section=paragraph.section[1])
    entry.anchor = placement.at  # in the sources as they were at the build; placed in the files as they are later
    if change.kind == "comment":
        entry.status = "resolved" if change.resolved else "open"
        entry.replies = [{"author": r.author, "date": r.date, "text": r.text} for r in change.replies]
        if placement.generated:
            entry.where, note = _explain(placement.generated, change, project)
            entry.message = f"on text pubkit generates: {note}"
        return entry
    if change.deleted is not None:
        entry.status = "conflict"
        entry.message = (
            f'the reviewer deleted "{clip(change.deleted)}" where the manuscript now reads "{clip(change.old)}": '
            "the sources have changed since it was sent; make the change by hand"
        )
        return entry
    if change.kind == "untracked" and record.fresh:
        entry.status = "conflict"
        entry.message = (
            "without the record of the manuscript as it was sent (build/.review), this cannot be told from an "
            "edit of your own since: check it, and make it by hand if it is the reviewer's"
        )
        return entry
    if change.kind == "formatting":
        entry.status = "manual"
        entry.message = f"{change.note}: pubkit leaves formatting to the author" + (
            " (in Markdown, *italic* and **bold** go around the words)"
            if "italic" in change.note or "bold" in change.note
            else ""
        )
        return entry
    if placement.generated:
        entry.status = "generated"
        entry.where, entry.message = _explain(placement.generated, change, project)
        if placement.generated.split(":")[0] not in LOCATED:
            entry.anchor = None  # nothing in the sources is where this text is: the message says what to change
    elif placement.note:
        entry.status, entry.message = "manual", placement.note
    elif not placement.edits:
        entry.status, entry.message = "manual", "pubkit cannot tell where this goes in the sources"
    return entry


def _paragraph(change: Change, record: Record) -> Paragraph:
    return (record.body if change.story == "body" else record.notes)[change.paragraph]


def _expected_words(change: Change, record: Record) -> str:
    """The reviewer's new text with a word or two of the author's text either side, as it must then print."""
    paragraph = _paragraph(change, record)
    if change.new.startswith(PARAGRAPH_BREAK) or change.new.endswith(PARAGRAPH_BREAK):
        return change.new.strip()
    if not change.new and change.old.endswith(PARAGRAPH_BREAK):
        return ""
    left = authors_words(paragraph, max(0, change.start - 40), change.start)
    right = authors_words(paragraph, change.end, change.end + 40)
    left = left[_nth_space_from_end(left, 2) :] if change.start > 40 or left.count(" ") > 2 else left
    right = right[: _nth_space(right, 2)]
    return " ".join((left + change.new.replace(PARAGRAPH_BREAK, " ") + right).split())


def _nth_space_from_end(text: str, count: int) -> int:
    """Where the last ``count`` words of ``text`` start (whole words only)."""
    position = len(text.rstrip())
    for _ in range(count):
        position = text.rfind(" ", 0, position)
        if position < 0:
            return 0
    return position + 1


def _nth_space(text: str, count: int) -> int:
    position = len(text) - len(text.lstrip())
    for _ in range(count):
        position = text.find(" ", position + 1)
        if position < 0:
            return len(text)
    return position


# What generated text is, and what to change instead: kind of text → (the part of the manuscript, the message).
EXPLAINED = {
    "caption-number": (
        "caption number",
        "pubkit numbers figures and tables in order; only the caption's title is yours",
    ),
    "contents": ("contents", "the contents list the headings: change the heading itself"),
    "list": ("list of figures and tables", "the lists repeat the captions: change the caption itself"),
    "labels": ("heading", "one of pubkit's headings: reword it in your project's templates/labels.yaml"),
    "box-title": ("box title", "made from the box's question or audience and pubkit's labels (templates/labels.yaml)"),
    "source": ("source line", "pubkit writes 'Source:' before every figure's and table's source"),
    "note-mark": ("footnote number", "Word numbers the footnotes"),
    "math": ("math", "a formula: change it in the source by hand"),
    "code": ("code", "a piece of code: change it in the source by hand"),
    "comparison": ("comparison of the case studies", "made from the case studies' front matter: change {detail} there"),
    "consultations": (
        "table of who was consulted",
        "made from participants: in the consultation summaries' front matter",
    ),
    "table": ("table", "pubkit makes this table from the chapters' front matter: change it there"),
    "xref": ("cross-reference", "@{detail} prints the number of that {noun}; pubkit counts the numbers"),
}


def _explain(info: str, change: Change, project: Project) -> tuple[str, str]:
    """(which part of the manuscript, what to change instead) for text the build generated."""
    kind, _, detail = info.partition(":")
    if kind in EXPLAINED:
        where, message = EXPLAINED[kind]
        return where, message.format(detail=detail, noun=_noun(detail))
    if kind == "citation":
        key = detail.split(",")[0]
        return "citation", f"the citation [@{key}] prints this text: change its entry {_bib_place(project, key)}"
    if kind in ("references", "reference"):
        return (
            "references",
            f"the reference list is made from the .bib files: change the entry {_bib_place(project, detail)}",
        )
    if kind in ("legal", "cover"):
        where = "legal page" if kind == "legal" else "cover and title page"
        key = _config_key_in(project.config, change.old or change.anchor or "")
        if key:
            line = project.config_line(*key.split("."))
            return where, f"made from publication.yaml: change {key} at {CONFIG_NAME}:{line}"
        template = "the legal-page template (templates/legal-page.md.j2)" if kind == "legal" else "publication.yaml"
        return where, f"made from publication.yaml and {template}, not written in a chapter"
    return "generated text", "pubkit writes this text; it is not in the sources"


def _bib_place(project: Project, key: str) -> str:
    entry = _bib_entry(project, key) if key else None
    return f"'{key}' in {entry[0]}:{entry[1]}" if entry else "in the .bib file"


def _noun(label: str) -> str:
    return "table" if label.startswith("tbl:") else "figure"


def _bib_entry(project: Project, key: str) -> tuple[str, int] | None:
    from ..bibliography import load_bibliography

    try:
        return load_bibliography(project).keys.get(key)
    except ContentError:
        return None


def _config_key_in(config: dict, text: str) -> str | None:
    """The publication.yaml key whose value the text shows (the ISBN in the legal page, an author's name)."""
    text = text.strip()
    values = [(key, config.get(key)) for key in ("isbn", "publisher", "year", "licence", "legal_notice")]
    values += [(key, config.get(key)) for key in ("document_code", "title", "subtitle")]
    values += [("authors", author) for author in config.get("authors") or []]
    values.append(("cover.credit", (config.get("cover") or {}).get("credit")))
    for key, value in values:
        if value and text and (str(value) in text or text in str(value)):
            return key
    return None


def _place_entry(entry: Entry, files: Files, rel: str, offset: int) -> None:
    text = files.current(rel)
    if text is None:
        entry.file, entry.line, entry.column = rel, None, None
        return
    entry.file = rel
    entry.line, entry.column = line_index(text).position(min(offset, len(text)))


def _place_anchor(entry: Entry, files: Files) -> None:
    """A comment or a generated change: the place it is attached to, in the file as it is now."""
    from .apply import locate_now

    anchor = entry.anchor
    assert anchor is not None
    found = locate_now(files, anchor.file, anchor.start)
    if found is None:
        entry.file = anchor.file
        return
    _place_entry(entry, files, anchor.file, found)


# --- writing ------------------------------------------------------------------------------


def _edited_files(ready: list[Planned], files: Files) -> dict[str, tuple[str, str]]:
    """Each file the ready changes touch: (as stored now, as it will be stored)."""
    by_file: dict[str, list[tuple[int, int, str]]] = {}
    for item in ready:
        for edit in item.edits:
            by_file.setdefault(edit.file, []).append((edit.start, edit.end, edit.text))
    out = {}
    for rel in sorted(by_file):
        stored = read_stored(files.project.root / rel, rel)
        out[rel] = (stored, replace_spans(stored, by_file[rel]))
    return out


def _write_matrix(entries: list[Entry], out_dir: Path, path: Path, record: Record) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".review-") as folder:
        scratch = Path(folder) / MATRIX
        write_matrix(entries, scratch, returned=path.name, build=record.ident)
        write_atomically(out_dir / MATRIX, scratch.read_bytes())


def _print(
    entries: list[Entry],
    edited: dict[str, tuple[str, str]],
    fmt: str,
    write: bool,
    notice: str,
    path: Path,
    out_dir: Path,
) -> None:
    if notice:
        sys.stderr.write(f"review: note: {notice}\n")
    if fmt == "json":
        sys.stdout.write(to_json(entries))
    else:
        sys.stdout.write(as_text(entries))
        if not write and edited:
            sys.stdout.write("\n")
            for rel, (before, after) in edited.items():
                sys.stdout.write(unified_diff(rel, before, after))
    counts = summary(entries)
    made = sum(1 for e in entries if e.message == MADE)
    said = [f"{counts['changes']} change{'s' * (counts['changes'] != 1)}"]
    said.append(f"{counts['comments']} comment{'s' * (counts['comments'] != 1)}")
    done = []
    if made:
        done.append(f"{made} made in {len(edited)} file{'s' * (len(edited) != 1)}")
    if counts["can-apply"]:
        done.append(f"{counts['can-apply']} can be made with: pubkit review {path} --write")
    earlier = counts["applied"] - made
    for count, words in (
        (earlier, "already in the sources"),
        (counts["generated"], "in text pubkit generates"),
        (counts["conflict"], "in conflict with later edits"),
        (counts["manual"], "to make by hand"),
    ):
        if count:
            done.append(f"{count} {words}")
    where = out_dir / MATRIX
    sys.stderr.write(f"review: {', '.join(said)}; {'; '.join(done) or 'nothing to apply'}; matrix in {where}\n")
