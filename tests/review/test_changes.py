"""Changes in the text as sent: tracked edits joined as a reader would say them, untracked edits found by
comparison, and what a word processor rewrites by itself (field results, the contents) left out."""

from __future__ import annotations

import pytest

from builder.review.changes import PARAGRAPH_BREAK, collect_changes, word_diff
from builder.review.record import Paragraph, Record, Segment
from builder.review.wordml import Paragraph as WordParagraph
from builder.review.wordml import Piece, Revision, WordDocument
from builder.sourcemap import Origin


@pytest.mark.parametrize(
    ("old", "new", "edits"),
    [
        ("two weeks of training", "ten days of training", [("two weeks", "ten days")]),
        ("of whom forty had", "of whom forty-two had", [("forty", "forty-two")]),
        ("teaches 4,200 students", "teaches about 4,200 students", [("", " about")]),
        ("a b c", "a c", [("b ", "")]),
        ("recognise it", "recognize it", [("recognise", "recognize")]),
        ("one two three four", "one 2 three 4", [("two", "2"), ("four", "4")]),
    ],
)
def test_word_diff_reads_as_a_reader_would_say_it(old: str, new: str, edits: list[tuple[str, str]]) -> None:
    assert [(old[a:b], text) for a, b, text in word_diff(old, new)] == edits


def _sent(*texts: str, context: str = "text") -> list[Paragraph]:
    return [
        Paragraph(text, [Segment(0, len(text), "t", Origin("content/a.md", 100 * i, 100 * i + len(text)))], context)
        for i, text in enumerate(texts)
    ]


def _record(body: list[Paragraph]) -> Record:
    return Record("id", body, [], {"content/a.md": ""})


def _plain(text: str) -> WordParagraph:
    return WordParagraph([Piece(text)])


REVIEWER = Revision("ins", "Ines", "2026-11-20T09:30:00Z", "1")
DELETER = Revision("del", "Ines", "2026-11-20T09:30:00Z", "2")


def test_a_tracked_replacement_is_one_change_at_its_offset() -> None:
    returned = WordDocument(
        [
            _plain("First paragraph."),
            WordParagraph([Piece("After "), Piece("ten days", DELETER), Piece("two weeks", REVIEWER), Piece(".")]),
        ],
        [],
    )
    changes = collect_changes(returned, _record(_sent("First paragraph.", "After ten days.")))
    assert [(c.kind, c.paragraph, c.start, c.end, c.old, c.new) for c in changes] == [
        ("replacement", 1, 6, 14, "ten days", "two weeks")
    ]


def test_a_paragraph_split_and_one_added_are_insertions_of_paragraph_breaks() -> None:
    marked = WordParagraph([Piece("One. ")], mark=REVIEWER)
    returned = WordDocument([marked, _plain("Two.")], [])
    changes = collect_changes(returned, _record(_sent("One. Two.")))
    assert [(c.kind, c.start, c.new) for c in changes] == [("insertion", 5, PARAGRAPH_BREAK)]


def test_untracked_edits_are_found_and_field_results_are_not_edits() -> None:
    sent = [
        Paragraph(
            "As Figure 3 shows, uptake grew.",
            [
                Segment(0, 3, "t", Origin("content/a.md", 0, 3)),
                Segment(3, 11, "g", Origin("content/a.md", 3, 10), "xref:fig:x"),
                Segment(11, 31, "t", Origin("content/a.md", 10, 30)),
            ],
        ),
        *_sent("A second paragraph."),
    ]
    returned = WordDocument([_plain("As Figure 4 shows, uptake rose."), _plain("A second paragraph.")], [])
    changes = collect_changes(returned, _record(sent))
    assert [(c.kind, c.old, c.new) for c in changes] == [("untracked", "grew", "rose")]


def test_the_contents_are_rebuilt_by_word_processors_and_never_reported() -> None:
    sent = [
        *_sent("Contents", context="labels"),
        *_sent("Introduction\t", "Chapter two\t", context="contents"),
        *_sent("The text itself."),
    ]
    returned = WordDocument(
        [_plain("Contents"), _plain("Introduction\t1"), _plain("Chapter two\t4"), _plain("The text itself.")], []
    )
    assert collect_changes(returned, _record(sent)) == []


def test_paragraphs_added_removed_and_rewritten_without_tracking() -> None:
    sent = _record(_sent("Kept paragraph one.", "Dropped two.", "Kept three."))
    returned = WordDocument([_plain("Kept paragraph one."), _plain("Kept three.")], [])
    assert [(c.kind, c.paragraph, c.old) for c in collect_changes(returned, sent)] == [
        ("untracked", 1, "Dropped two." + PARAGRAPH_BREAK)
    ]
    returned = WordDocument(
        [_plain("Kept paragraph one."), _plain("Dropped two."), _plain("Added."), _plain("Kept three.")], []
    )
    assert [(c.kind, c.paragraph, c.new) for c in collect_changes(returned, sent)] == [
        ("untracked", 1, PARAGRAPH_BREAK + "Added.")
    ]
    returned = WordDocument([_plain("Kept paragraph one."), _plain("Written anew."), _plain("Kept three.")], [])
    assert [(c.kind, c.old, c.new) for c in collect_changes(returned, sent)] == [
        ("untracked", "Dropped two", "Written anew")
    ]
