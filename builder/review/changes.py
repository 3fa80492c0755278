"""Every change and comment in a returned manuscript, placed in the text as it was sent.

The returned document is read in its "as sent" view (deletions shown,
insertions left out) and aligned, paragraph by paragraph, with the build record
of the manuscript it came from. Tracked changes are then offsets in a record
paragraph; what differs between the two although nothing was tracked was
edited with Track Changes off. Field results that Word or LibreOffice
recompute on their own (page numbers, "Figure 3") are not edits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from . import wordml
from .record import Paragraph, Record

PARAGRAPH_BREAK = "\n\n"  # how a new paragraph break reads in ``old`` and ``new``
_FIELD_RESULTS = ("xref", "caption-number", "contents", "list", "note-mark")  # recomputed by word processors
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass
class Reply:
    author: str
    date: str
    text: str


@dataclass
class Change:
    """One tracked change, untracked edit or comment, at ``[start, end)`` of a record paragraph."""

    kind: str  # insertion | deletion | replacement | comment | untracked | formatting
    author: str
    date: str
    story: str  # "body" | "notes"
    paragraph: int  # index in the record's body or notes
    start: int
    end: int
    old: str
    new: str
    comment: str | None = None
    anchor: str | None = None
    replies: list[Reply] = field(default_factory=list)
    resolved: bool = False
    end_paragraph: int | None = None  # a comment's range or a deletion may end in a later paragraph
    end_offset: int | None = None
    order: tuple[int, int, int] = (0, 0, 0)  # document order (a footnote's changes where it is referred to)
    note: str = ""  # for a change of format, what it did ("made italic")
    deleted: str | None = None  # set when the words the reviewer deleted differ from the manuscript's there


@dataclass
class _Group:
    """Returned paragraphs that were one paragraph as sent (the reviewer split it with a new paragraph mark)."""

    parts: list[wordml.Paragraph]

    def original(self) -> str:
        return "".join(p.original for p in self.parts)


@dataclass
class _Edit:
    """A tracked edit at ``[start, end)`` of a group's original text."""

    start: int
    end: int
    old: str
    new: str
    revision: wordml.Revision


def collect_changes(returned: wordml.WordDocument, record: Record) -> list[Change]:
    changes: list[Change] = []
    markers: dict[str, dict[str, tuple[str, int, int]]] = {}  # comment id → start/end/ref → (story, paragraph, at)
    for story, paragraphs, sent in (("body", returned.body, record.body), ("notes", returned.notes, record.notes)):
        groups = _groups(paragraphs)
        _story_changes(story, groups, sent, changes, markers)
    changes.extend(_comments(returned, record, markers))
    referred = _note_references(record)
    for change in changes:
        if change.story == "body":
            change.order = (change.paragraph, change.start, 0)
        else:  # a footnote's changes come where the text refers to it
            paragraph, offset = referred.get(change.paragraph, (len(record.body), 0))
            change.order = (paragraph, offset, 1 + change.paragraph * 100000 + change.start)
    return sorted(changes, key=lambda c: c.order)


def _note_references(record: Record) -> dict[int, tuple[int, int]]:
    """Each footnote paragraph → where the body refers to its footnote (paragraph, offset of the mark)."""
    marks = [
        (index, offset)
        for index, paragraph in enumerate(record.body)
        for offset, char in enumerate(paragraph.text)
        if char == wordml.NOTE_MARK
    ]
    out: dict[int, tuple[int, int]] = {}
    note = -1
    for index, paragraph in enumerate(record.notes):
        if paragraph.text.startswith(wordml.NOTE_MARK):
            note += 1
        if 0 <= note < len(marks):
            out[index] = marks[note]
    return out


def _groups(paragraphs: list[wordml.Paragraph]) -> list[_Group]:
    """Paragraphs joined where a paragraph mark was inserted: as sent they were one."""
    groups: list[_Group] = []
    joining = False
    for paragraph in paragraphs:
        if joining and groups[-1].parts[-1].cell == paragraph.cell:
            groups[-1].parts.append(paragraph)
        else:
            groups.append(_Group([paragraph]))
        joining = paragraph.mark is not None and paragraph.mark.kind == "ins"
    return groups


def _formatting(group: _Group) -> list[tuple[int, int, wordml.Revision, str]]:
    """Tracked changes of format in the text as sent: (start, end, who, what it did), adjacent pieces joined;
    a changed paragraph style covers the whole paragraph."""
    out: list[list] = []
    offset = 0
    for part in group.parts:
        if part.restyled is not None:
            revision, what = part.restyled
            out.append([offset, offset + len(part.original), revision, what])
        for piece in part.visible():
            if not piece.in_original:
                continue
            end = offset + len(piece.text)
            if piece.formatting is not None and piece.text:
                revision, what = piece.formatting
                last = out[-1] if out else None
                if last and last[1] == offset and last[2].author == revision.author and last[3] == what:
                    last[1] = end
                else:
                    out.append([offset, end, revision, what])
            offset = end
    return [tuple(item) for item in out]


def _edits(group: _Group) -> tuple[list[_Edit], list[tuple[str, str, int]]]:
    """The group's tracked edits (adjacent pieces by one reviewer joined into one) and its comment markers
    (kind, comment id, offset in the original text)."""
    edits: list[_Edit] = []
    markers: list[tuple[str, str, int]] = []
    offset = 0
    open_edit: _Edit | None = None

    def close() -> None:
        nonlocal open_edit
        if open_edit is not None:
            edits.append(open_edit)
            open_edit = None

    def extend(revision: wordml.Revision, old: str, new: str) -> None:
        nonlocal open_edit
        if open_edit is not None and open_edit.revision.author == revision.author and open_edit.end == offset:
            open_edit.old += old
            open_edit.new += new
            open_edit.end += len(old)
        else:
            close()
            open_edit = _Edit(offset, offset + len(old), old, new, revision)

    for index, part in enumerate(group.parts):
        for piece in part.visible():
            if piece.marker is not None:
                markers.append((piece.marker[0], piece.marker[1], offset))
                continue
            if piece.revision is None:
                close()
                offset += len(piece.text)
            elif piece.revision.kind == "del":
                extend(piece.revision, piece.text, "")
                offset += len(piece.text)
            else:
                extend(piece.revision, "", piece.text)
        if index + 1 < len(group.parts):  # an inserted paragraph mark: a new paragraph break
            extend(part.mark, "", PARAGRAPH_BREAK)
    close()
    return edits, markers


def _story_changes(
    story: str,
    groups: list[_Group],
    sent: list[Paragraph],
    changes: list[Change],
    markers: dict[str, dict[str, tuple[str, int, int]]],
) -> None:
    texts = [g.original() for g in groups]
    keys = [_key(t) for t in texts]
    regenerated = _regenerated(sent)
    sent_keys = [_key(p.text) for p in sent]
    matcher = difflib.SequenceMatcher(None, sent_keys, keys, autojunk=False)
    paired: dict[int, int] = {}  # returned group → record paragraph
    previous_sent = -1
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            paired.update({b: a for a, b in zip(range(a0, a1), range(b0, b1))})
            previous_sent = a1 - 1
            continue
        pairs = _pair(sent, a0, a1, texts, b0, b1) if tag == "replace" else []
        paired.update({b: a for a, b in pairs})
        matched_sent = {a for a, _ in pairs}
        matched_returned = {b for _, b in pairs}
        for a in range(a0, a1):  # paragraphs deleted without tracking
            if a not in matched_sent and sent[a].text.strip() and a not in regenerated:
                text = sent[a].text
                changes.append(Change("untracked", "", "", story, a, 0, len(text), text + PARAGRAPH_BREAK, ""))
        after = previous_sent
        for b in range(b0, b1):  # paragraphs added without tracking
            if b in paired:
                after = paired[b]
                continue
            if b not in matched_returned and texts[b].strip() and after >= 0 and after + 1 not in regenerated:
                end = len(sent[after].text)
                changes.append(Change("untracked", "", "", story, after, end, end, "", PARAGRAPH_BREAK + texts[b]))
        previous_sent = max(previous_sent, a1 - 1)
    last_sent = -1
    for b, group in enumerate(groups):
        a = paired.get(b)
        edits, group_markers = _edits(group)
        if a is None:  # a paragraph added with tracking on (a new table row, a last paragraph)
            added = "".join(e.new for e in edits if e.new and not e.old).strip()
            if added and last_sent >= 0:
                end = len(sent[last_sent].text)
                revision = edits[0].revision
                new = PARAGRAPH_BREAK + added
                changes.append(Change("insertion", revision.author, revision.date, story, last_sent, end, end, "", new))
            for kind, ident, _offset in group_markers:
                if last_sent >= 0:
                    markers.setdefault(ident, {})[kind] = (story, last_sent, len(sent[last_sent].text))
            continue
        last_sent = a
        to_sent = _offsets(texts[b], sent[a].text)
        if texts[b] != sent[a].text and a not in regenerated:
            changes.extend(_untracked(story, a, sent[a], texts[b]))
        found = []
        for edit in edits:
            start, end = to_sent(edit.start), to_sent(edit.end)
            kind = "replacement" if edit.old and edit.new else "deletion" if edit.old else "insertion"
            old = sent[a].text[start:end] if edit.old else ""
            revision = edit.revision
            found.append(Change(kind, revision.author, revision.date, story, a, start, end, old, edit.new))
            if _key(old) != _key(edit.old.replace(PARAGRAPH_BREAK, " ")):
                found[-1].deleted = edit.old  # what the reviewer deleted is not what this manuscript says there
        mark = group.parts[-1].mark
        if mark is not None and mark.kind == "del" and a + 1 < len(sent):  # joined with the next paragraph
            whole = found[-1] if found else None
            if whole and whole.kind == "deletion" and (whole.start, whole.end) == (0, len(sent[a].text)):
                whole.old += PARAGRAPH_BREAK  # the paragraph deleted as a whole
            else:
                end = len(sent[a].text)
                found.append(Change("deletion", mark.author, mark.date, story, a, end, end, PARAGRAPH_BREAK, ""))
        for start, end, revision, what in _formatting(group):
            start, end = to_sent(start), to_sent(end)
            text = sent[a].text[start:end]
            found.append(Change("formatting", revision.author, revision.date, story, a, start, end, text, text))
            found[-1].note = what
        changes.extend(found)
        for kind, ident, offset in group_markers:
            markers.setdefault(ident, {})[kind] = (story, a, to_sent(offset))


def _pair(sent: list[Paragraph], a0: int, a1: int, texts: list[str], b0: int, b1: int) -> list[tuple[int, int]]:
    """Paragraphs edited without tracking: as many in place of as many are the same paragraphs, edited; else
    each sent one is paired with the returned one most like it, in order."""
    if a1 - a0 == b1 - b0:
        return list(zip(range(a0, a1), range(b0, b1)))
    pairs = []
    start = b0
    for a in range(a0, a1):
        best, best_ratio = None, 0.5
        for b in range(start, min(b1, start + 8)):
            matcher = difflib.SequenceMatcher(None, sent[a].text, texts[b], autojunk=False)
            if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = b, ratio
        if best is not None:
            pairs.append((a, best))
            start = best + 1
    return pairs


def _key(text: str) -> str:
    return " ".join(text.split())


def _offsets(returned: str, sent: str):
    """A map from offsets in the returned paragraph's original text to offsets in the sent one."""
    if returned == sent:
        return lambda offset: offset
    blocks = difflib.SequenceMatcher(None, returned, sent, autojunk=False).get_matching_blocks()

    def to_sent(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + offset - a
            if a > offset:
                return b
        return len(sent)

    return to_sent


def _untracked(story: str, index: int, sent: Paragraph, returned: str) -> list[Change]:
    """Edits made with tracking off, word by word; differences in recomputed field results are not edits."""
    out = []
    for start, end, new in word_diff(sent.text, returned):
        if _noise(sent, start, end) or (_key(sent.text[start:end]) == _key(new) and sent.text[start:end].strip()):
            continue
        if not (sent.text[start:end] + new).strip():
            continue  # spacing only
        out.append(Change("untracked", "", "", story, index, start, end, sent.text[start:end], new))
    return out


def _regenerated(sent: list[Paragraph]) -> range:
    """The contents and the lists of figures and tables, headings included: a word processor rebuilds them as
    it likes (LibreOffice moves the heading into the index and writes page numbers as text), so nothing
    untracked there is an edit."""
    listed = [i for i, p in enumerate(sent) if p.context in ("contents", "list")]
    if not listed:
        return range(0)
    around = ("labels", "contents", "list")
    first, last = listed[0], listed[-1]
    while first > 0 and (sent[first - 1].context in around or not sent[first - 1].text):
        first -= 1
    while last + 1 < len(sent) and (sent[last + 1].context in around or not sent[last + 1].text):
        last += 1
    return range(first, last + 1)


def _noise(paragraph: Paragraph, start: int, end: int) -> bool:
    """Text a word processor rewrites by itself: field results, or a generated list of contents."""
    if paragraph.context in ("contents", "list"):
        return True
    touched = [s for s in paragraph.segments if s.start < max(end, start + 1) and s.end > start]
    return bool(touched) and all(s.kind == "g" and s.info.split(":")[0] in _FIELD_RESULTS for s in touched)


def word_diff(old: str, new: str, *, joined: bool = True) -> list[tuple[int, int, str]]:
    """The edits that turn ``old`` into ``new``, word by word: (start, end, replacement) in ``old``.

    With ``joined``, edits separated only by a space are one edit ("two weeks" → "ten days"), as a reader
    would say it; without, each word is its own edit (so the space between, maybe a line break in the
    source, is left as it is).
    """
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    starts_a = _starts(a)
    edits: list[list[int]] = []  # [a0, a1, b0, b1] in tokens
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if edits and joined:
            last = edits[-1]
            between = a[last[1] : a0]
            if len(between) == 1 and between[0].isspace() and b[last[3] : b0] == between:
                last[1], last[3] = a1, b1
                continue
        edits.append([a0, a1, b0, b1])
    for edit in edits:  # a word changed in part is shown whole: "forty" → "forty-two", not "-two" inserted
        old_part, new_part = "".join(a[edit[0] : edit[1]]), "".join(b[edit[2] : edit[3]])
        if not (old_part[:1].isspace() or new_part[:1].isspace()):
            while edit[0] > 0 and edit[2] > 0 and a[edit[0] - 1][0].isalnum() and a[edit[0] - 1] == b[edit[2] - 1]:
                edit[0] -= 1
                edit[2] -= 1
        if not (old_part[-1:].isspace() or new_part[-1:].isspace()):
            while edit[1] < len(a) and edit[3] < len(b) and a[edit[1]][0].isalnum() and a[edit[1]] == b[edit[3]]:
                edit[1] += 1
                edit[3] += 1
    return [(starts_a[a0], starts_a[a1], "".join(b[b0:b1])) for a0, a1, b0, b1 in edits]


def _starts(tokens: list[str]) -> list[int]:
    out = [0]
    for token in tokens:
        out.append(out[-1] + len(token))
    return out


def _comments(
    returned: wordml.WordDocument, record: Record, markers: dict[str, dict[str, tuple[str, int, int]]]
) -> list[Change]:
    out: list[Change] = []
    threads: dict[str, Change] = {}
    comments = returned.comments
    for ident, comment in comments.items():
        if comment.parent and comment.parent in comments:
            continue
        placed = markers.get(ident, {})
        start = placed.get("comment-start") or placed.get("comment")
        if start is None:
            continue  # a comment nothing in the text refers to
        end = placed.get("comment-end") or start
        story, paragraph, offset = start
        anchor = _anchor_text(record, start, end)
        change = Change(
            "comment",
            comment.author,
            comment.date,
            story,
            paragraph,
            offset,
            offset if end[:2] != start[:2] else max(offset, end[2]),
            anchor,
            "",
            comment=comment.text,
            anchor=anchor,
            resolved=comment.done,
        )
        if end[:2] != start[:2]:
            change.end_paragraph, change.end_offset = end[1], end[2]
        threads[ident] = change
        out.append(change)
    for _ident, comment in sorted(comments.items(), key=lambda item: (item[1].date, _numeric(item[0]))):
        root = comment.parent
        seen = set()
        while root in comments and comments[root].parent and root not in seen:
            seen.add(root)
            root = comments[root].parent
        if comment.parent and root in threads:
            threads[root].replies.append(Reply(comment.author, comment.date, comment.text))
    return out


def _numeric(ident: str) -> int:
    return int(ident) if ident.isdigit() else 0


def _anchor_text(record: Record, start: tuple[str, int, int], end: tuple[str, int, int]) -> str:
    story, first, offset = start
    paragraphs = record.body if story == "body" else record.notes
    if end[0] != story or end[1] < first:
        return paragraphs[first].text[offset:]
    if end[1] == first:
        return paragraphs[first].text[offset : end[2]]
    texts = [paragraphs[first].text[offset:]]
    texts += [p.text for p in paragraphs[first + 1 : end[1]]]
    texts.append(paragraphs[end[1]].text[: end[2]])
    return "\n".join(texts)
