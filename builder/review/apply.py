"""Placing edits in the sources as they are now, checking them, and writing them (``review --write``).

A record's offsets count in the sources as they were when the manuscript was
built. Since then the author may have edited: each edit is found again by its
own words with a word or two of context on each side. When those words are
still there, it can be applied; when the new words are there instead, it was
applied already (running ``--write`` twice changes nothing the second time);
otherwise the author changed the same words since: a conflict, never applied.

Before anything is written, the edited files are read again the way the build
reads them (pandoc for a chapter, the schema for YAML): an edit that would make
the Markdown print something other than what the reviewer typed, or break the
YAML, is a conflict too.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..config import validate_front_matter, validate_publication
from ..errors import PubkitError
from ..pandoc import parse_markdown
from ..project import CONFIG_NAME, Project
from ..sourcemap import map_blocks
from ..textedit import normalized, read_stored, replace_spans
from ..textfile import split_front_matter
from ..yamlutil import load_located_yaml
from .changes import Change
from .locate import Edit
from .record import Record, printed_paragraphs

BY_HAND = (
    "made in the Markdown as it is, this change would not read as the reviewer typed it (it would break the "
    "columns of a table, or the marks around the words): make it by hand"
)
CONTEXT = 16  # characters of unchanged text either side that must still be there
SEARCH = 4000  # how far from where an edit should be it is looked for in a file edited since


@dataclass(eq=False)
class Planned:
    """A change ready to apply: its edits at offsets of the current files."""

    change: Change
    edits: list[Edit]
    expected: str = ""  # words the edited paragraph must then print (the new text with a word or two around)
    anchor: int | None = None  # where the change begins in the sources at the build (shown as its location)
    status: str = "can-apply"  # can-apply | applied | conflict
    reason: str = ""
    position: tuple[str, int] | None = None  # where it is now: file, offset


@dataclass
class Files:
    """The project's files as they are now (normalized), read once."""

    project: Project
    record: Record
    texts: dict[str, str | None] = field(default_factory=dict)

    def current(self, rel: str) -> str | None:
        if rel not in self.texts:
            path = self.project.root / rel
            self.texts[rel] = normalized(read_stored(path, rel)) if path.is_file() else None
        return self.texts[rel]


def plan(planned: list[Planned], files: Files) -> None:
    """Place every change in the current files; then check the results as the build would read them."""
    all_made = _all_made(planned, files)
    for item in planned:
        _relocate(item, files, all_made)
    _refuse_overlaps(planned)
    for item in planned:
        if item.status == "can-apply":
            item.edits = [_in_grid_columns(files.current(e.file) or "", e) for e in item.edits]
    _verify(planned, files)


class _Made:
    """A file as it was at the build with every change of the review made: what it reads like once
    ``--write`` has run (nearby changes then stand in each other's context)."""

    def __init__(self, then: str, edits: list[Edit]):
        chosen: list[Edit] = []
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            if not chosen or edit.start >= chosen[-1].end:
                chosen.append(edit)
        self.edits = chosen
        self.text = replace_spans(then, [(e.start, e.end, e.text) for e in chosen])

    def offset(self, position: int) -> int:
        """``position`` of the file at the build, in the made text (edits ending before it shift it)."""
        moved = position
        for edit in self.edits:
            if edit.end <= position and not (edit.start == edit.end == position):
                moved += len(edit.text) - (edit.end - edit.start)
        return moved


def _all_made(planned: list[Planned], files: Files) -> dict[str, _Made]:
    by_file: dict[str, list[Edit]] = {}
    for item in planned:
        for edit in item.edits:
            by_file.setdefault(edit.file, []).append(edit)
    sources = files.record.sources
    return {rel: _Made(sources[rel], edits) for rel, edits in by_file.items() if rel in sources}


def _relocate(item: Planned, files: Files, all_made: dict[str, _Made]) -> None:
    """Find the change in the file as it is now, by its words and a little of the text around them."""
    rel = item.edits[0].file
    then = files.record.sources.get(rel)
    now = files.current(rel)
    if then is None or now is None:
        item.status, item.reason = "conflict", f"{rel} no longer exists"
        return
    if any(e.file != rel for e in item.edits):
        item.status, item.reason = "manual", "this change spans two files: make it by hand"
        return
    first = min(e.start for e in item.edits)
    last = max(e.end for e in item.edits)
    low = _word_start(then, max(0, first - CONTEXT))
    high = _word_end(then, min(len(then), last + CONTEXT))
    shown = item.anchor if item.anchor is not None else first
    if then == now:
        item.position = (rel, shown)
        return
    expected = _expected(then, now, low)
    found = _nearest(now, then[low:high], expected)
    if found is not None:
        shift = found - low
        item.edits = [Edit(e.file, e.start + shift, e.end + shift, e.text) for e in item.edits]
        item.position = (rel, shown + shift)
        return
    alone = replace_spans(then[low:high], [(e.start - low, e.end - low, e.text) for e in item.edits])
    made = all_made.get(rel)
    together = made.text[made.offset(low) : made.offset(high)] if made else alone
    for window in dict.fromkeys((together, alone)):
        done = _nearest(now, window, expected)
        if done is not None:
            item.status, item.reason = "applied", "already in the sources"
            item.position = (rel, done + shown - low)
            return
    item.status = "conflict"
    item.reason = "the author has changed these words since the manuscript was built: make the change by hand"
    item.position = (rel, min(max(0, expected + shown - low), len(now)))


def _word_start(text: str, offset: int) -> int:
    while offset > 0 and text[offset - 1].isalnum():
        offset -= 1
    return offset


def _word_end(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isalnum():
        offset += 1
    return offset


def _expected(then: str, now: str, offset: int) -> int:
    """Where ``offset`` of ``then`` about is in ``now``: the same line, if that line is still there."""
    line_start = then.rfind("\n", 0, offset) + 1
    line_end = then.find("\n", offset)
    line = then[line_start : len(then) if line_end < 0 else line_end]
    if line and now.count(line) == 1:
        return now.index(line) + offset - line_start
    return round(offset * len(now) / max(1, len(then)))


def _nearest(text: str, needle: str, around: int) -> int | None:
    """The occurrence of ``needle`` in ``text`` nearest to ``around`` (within ``SEARCH`` characters)."""
    best = None
    start = max(0, around - SEARCH)
    while True:
        found = text.find(needle, start, around + SEARCH + len(needle))
        if found < 0:
            return best
        if best is None or abs(found - around) < abs(best - around):
            best = found
        start = found + 1


def _in_grid_columns(text: str, edit: Edit) -> Edit:
    """An edit inside a cell of a grid table, with the cell's spaces made up or taken away so that its ``|``
    stays under the others (a grid table whose columns no longer line up is read differently)."""
    line_start = text.rfind("\n", 0, edit.start) + 1
    line_end = text.find("\n", edit.end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if not (line.lstrip().startswith("|") and _beside_grid_border(text, line_start)) or "\n" in edit.text:
        return edit
    bar = text.find("|", edit.end, line_end)
    if bar < 0:
        return edit
    grow = len(edit.text) - (edit.end - edit.start)
    spaces = len(text[edit.end : bar]) - len(text[edit.end : bar].rstrip(" "))
    if grow > 0 and spaces - grow >= 1:  # the new words still fit in the cell
        return Edit(edit.file, edit.start, bar, edit.text + text[edit.end : bar - grow])
    if grow < 0:
        return Edit(edit.file, edit.start, bar, edit.text + text[edit.end : bar] + " " * -grow)
    return edit


def _beside_grid_border(text: str, line_start: int) -> bool:
    """The line is a row of a grid table: a ``+---`` border above it, a few lines up at most."""
    position = line_start
    for _ in range(12):
        if position == 0:
            return False
        position = text.rfind("\n", 0, position - 1) + 1
        line = text[position : text.find("\n", position)].strip()
        if line.startswith("+") and set(line) <= set("+-=: "):
            return True
        if not line.startswith("|"):
            return False
    return False


def _refuse_overlaps(planned: list[Planned]) -> None:
    """Two changes to the same words cannot both be made: the later one is a conflict."""
    taken: dict[str, list[tuple[int, int]]] = {}
    for item in planned:
        if item.status != "can-apply":
            continue
        if any(_overlap(e, taken.get(e.file, [])) for e in item.edits):
            item.status, item.reason = "conflict", "it overlaps another change to the same words"
            continue
        for edit in item.edits:
            taken.setdefault(edit.file, []).append((edit.start, edit.end))


def _overlap(edit: Edit, spans: list[tuple[int, int]]) -> bool:
    return any(
        (edit.start < end and start < edit.end) or (edit.start == edit.end == start == end) for start, end in spans
    )


def _verify(planned: list[Planned], files: Files) -> None:
    """Read every edited file as the build would; refuse the changes that do not read as the reviewer meant.

    When several changes to a file fail together, each is tried alone on top of those that pass, so that
    one change breaking a table does not hold back its neighbours."""
    by_file: dict[str, list[Planned]] = {}
    for item in planned:
        if item.status == "can-apply":
            for rel in {e.file for e in item.edits}:
                by_file.setdefault(rel, []).append(item)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_verified_file, by_file, by_file.values(), [files] * len(by_file)))
    for failures in results:
        for item, reason in failures:
            item.status, item.reason = "manual", reason


def _verified_file(rel: str, items: list[Planned], files: Files) -> list[tuple[Planned, str]]:
    failed = dict(_failures(rel, items, files))
    if not failed:
        return []
    passing = [item for item in items if item not in failed]
    if _failures(rel, passing, files):
        return [(item, failed.get(item, UNCLEAR)) for item in items]  # no set of them reads right: all by hand
    refused = []
    for item in failed:
        if _failures(rel, [*passing, item], files):
            refused.append((item, failed[item]))
        else:
            passing.append(item)
    return refused


UNCLEAR = "pubkit cannot tell which of the changes to this file reads wrong: make them by hand"


def edited_text(rel: str, items: list[Planned], files: Files) -> str:
    """The file as it would be with these changes made (normalized)."""
    now = files.current(rel) or ""
    spans = [(e.start, e.end, e.text) for item in items for e in item.edits if e.file == rel]
    return replace_spans(now, spans)


def _failures(rel: str, items: list[Planned], files: Files) -> list[tuple[Planned, str]]:
    text = edited_text(rel, items, files)
    if rel == CONFIG_NAME:
        try:
            validate_publication(load_located_yaml(text, rel))
        except PubkitError as error:
            return [(item, f"publication.yaml would no longer read right ({error})") for item in items]
        return []
    try:
        front, body, _line = split_front_matter(text, rel)
        validate_front_matter(load_located_yaml(front, rel, line_offset=1))
    except PubkitError as error:
        return [(item, f"the front matter would no longer read right ({error})") for item in items]
    try:
        tree = parse_markdown(body, what=f"checking the changes to {rel}")
    except PubkitError:
        return [(item, "pandoc could not read the file with this change") for item in items]
    map_blocks(rel, text, tree["blocks"], len(text) - len(body))
    printed = printed_paragraphs(tree["blocks"], _attribute_values(tree["blocks"]), text)
    shift = _shifts(items, rel)
    out = []
    for item in items:
        for edit in (e for e in item.edits if e.file == rel):
            where = shift(edit.start) + len(edit.text)
            if where < len(text) - len(body):
                continue  # a title in the front matter: the schema check above is the test
            expected = _words(item.expected)
            if expected and not _has_words(printed, where, expected):
                out.append((item, BY_HAND))
                break
    return out


def _attribute_values(value: Any) -> list[list[Any]]:
    """Where the attribute values of the tree's images and tables were written (a figure's source)."""
    out = []
    if isinstance(value, list):
        for item in value:
            out.extend(_attribute_values(item))
    elif isinstance(value, dict):
        out.extend(value.get("a", {}).values())
        content = value.get("c")
        if isinstance(content, list):
            out.extend(_attribute_values(content))
    return out


def _shifts(items: list[Planned], rel: str):
    edits = sorted((e for item in items for e in item.edits if e.file == rel), key=lambda e: e.start)

    def shifted(offset: int) -> int:
        moved = offset
        for edit in edits:
            if edit.start < offset or (edit.start == offset and edit.end > edit.start):
                moved += len(edit.text) - (edit.end - edit.start)
        return moved

    return shifted


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\xa0": " ", "\u2011": "-"})


def _words(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def _has_words(printed: list[tuple[int, int, str]], where: int, expected: str) -> bool:
    """The paragraph printed around offset ``where`` of the edited file contains the expected words."""
    return any(start <= where <= end and expected in _words(text) for start, end, text in printed)


def locate_now(files: Files, rel: str, offset: int) -> int | None:
    """Where ``offset`` of ``rel`` as it was at the build is in the file now (None: that text is gone).

    Found by the text around it, less and less of it until the words at the place itself."""
    then = files.record.sources.get(rel)
    now = files.current(rel)
    if then is None or now is None:
        return None
    if then == now:
        return offset
    expected = _expected(then, now, offset)
    for context in (CONTEXT, 8, 0):
        low = _word_start(then, max(0, offset - context))
        high = _word_end(then, min(len(then), offset + max(context, 1)))
        if high > low:
            found = _nearest(now, then[low:high], expected - (offset - low))
            if found is not None:
                return found + offset - low
    return None
