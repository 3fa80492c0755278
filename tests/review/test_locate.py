"""From a change in the text as sent to the edit in the sources: through the record's segments, word by
word, keeping the author's line breaks and marks; generated text is never edited."""

from __future__ import annotations

from builder.review.changes import Change
from builder.review.locate import Placer, markdown_escaped, yaml_value_style
from builder.review.record import Paragraph, Record, Segment
from builder.sourcemap import Origin

FILE = "content/10-a.md"
SOURCE = "---\ntitle: A chapter\n---\n\nAfter two\nweeks online [@unesco2022], teaching *resumed*.\n"


def _record() -> Record:
    start = SOURCE.index("After")
    cite = SOURCE.index("[@unesco2022]")
    after = cite + len("[@unesco2022]")
    text = "After two weeks online (UNESCO, 2022), teaching resumed."
    at_cite = text.index("(UNESCO")
    segments = [
        Segment(0, at_cite, "t", Origin(FILE, start, cite)),  # typed as printed, the line break a space
        Segment(at_cite, at_cite + 14, "g", Origin(FILE, cite, after), "citation:unesco2022"),
        Segment(at_cite + 14, at_cite + 25, "t", Origin(FILE, after, after + 11)),  # ", teaching "
        Segment(at_cite + 25, at_cite + 32, "t", Origin(FILE, after + 12, after + 19)),  # "resumed"
        Segment(at_cite + 32, at_cite + 33, "t", Origin(FILE, after + 20, after + 21)),  # "."
    ]
    block = Origin(FILE, start, len(SOURCE) - 1)
    return Record("id", [Paragraph(text, segments, "text", ("", ""), block)], [], {FILE: SOURCE})


def _change(kind: str, old: str, new: str, at: str | None = None) -> Change:
    text = _record().body[0].text
    start = text.index(at if at is not None else old)
    return Change(kind, "Ines", "", "body", 0, start, start + len(old), old, new)


def _apply(placement) -> str:
    out = SOURCE
    for edit in sorted(placement.edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out


def test_a_replacement_across_a_line_break_keeps_the_line_break() -> None:
    placement = Placer(_record()).place(_change("replacement", "two weeks", "ten days"))
    assert _apply(placement) == SOURCE.replace("two\nweeks", "ten\ndays")


def test_text_typed_next_to_a_citation_goes_beside_the_citation() -> None:
    record = _record()
    text = record.body[0].text
    point = text.index(" (UNESCO")
    change = Change("insertion", "Ines", "", "body", 0, point, point, "", " and offline")
    assert _apply(Placer(record).place(change)) == SOURCE.replace("online [@", "online and offline [@")


def test_a_citation_deleted_whole_is_deleted_from_the_source_and_edited_in_part_is_generated() -> None:
    whole = Placer(_record()).place(_change("deletion", " (UNESCO, 2022)", ""))
    assert _apply(whole) == SOURCE.replace(" [@unesco2022]", "")
    part = Placer(_record()).place(_change("replacement", "2022", "2023"))
    assert part.generated == "citation:unesco2022" and not part.edits
    assert part.at == Origin(FILE, SOURCE.index("[@"), SOURCE.index("[@") + 13)


def test_marks_of_emphasis_stay_around_the_words() -> None:
    placement = Placer(_record()).place(_change("replacement", "resumed", "restarted"))
    assert _apply(placement) == SOURCE.replace("*resumed*", "*restarted*")


def test_typed_text_is_escaped_for_markdown_and_quoted_for_yaml() -> None:
    assert markdown_escaped("a *star* and @home and [1]") == r"a \*star\* and \@home and \[1\]"
    yaml = 'title: "A: title"\nsubtitle: plain words\nshort_summary: |\n  Some text\n'
    assert yaml_value_style(yaml, yaml.index('title"') if 'title"' in yaml else yaml.index("A:")) == '"'
    assert yaml_value_style(yaml, yaml.index("plain")) == "plain"
    assert yaml_value_style(yaml, yaml.index("Some")) == "|"
    assert yaml_value_style(SOURCE, SOURCE.index("After")) == "markdown"
