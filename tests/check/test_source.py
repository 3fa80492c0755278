"""The prose mask: everything that is not prose is blanked, and every offset stays an offset in the file."""

from __future__ import annotations

import re

import pytest

from builder.check.source import parse_attributes, scan_markdown

DOCUMENT = """---
title: Front matter with Vietnam
---
Prose *with* **emphasis** and _Hong Kong_ and snake_case.
Code `Vietnam` and a [link text](https://example.org/Vietnam "Title") plus <https://x.org>.
A citation [see @vietnam2020, p. 4] and @hongkong2019 and a label @fig:map.
![Caption words](assets/region-map.png){#fig:map source="OECD" kind="map"}

<!-- a comment with Vietnam -->
Mail me@example.org or see www.example.org/vietnam.

```python
Vietnam = 1
```

Table: A caption {#tbl:t source="author"}

| A | B |
|---|---|
| 1 | 2 |
"""


@pytest.fixture
def scanned():
    body_start = DOCUMENT.index("Prose")
    return scan_markdown("content/x.md", DOCUMENT, body_start)


def test_the_mask_keeps_length_and_line_breaks(scanned) -> None:
    assert len(scanned.masked) == len(DOCUMENT)
    assert [i for i, c in enumerate(scanned.masked) if c == "\n"] == [i for i, c in enumerate(DOCUMENT) if c == "\n"]


def test_the_mask_keeps_prose_and_blanks_everything_else(scanned) -> None:
    assert "Vietnam" not in scanned.masked
    for kept in ("Prose", "with", "emphasis", "Hong Kong", "snake_case", "Code", "link text", "Caption words", "Mail"):
        assert re.search(rf"(?<!\w){kept}(?!\w)", scanned.masked), kept
    for blanked in ("*with*", "@vietnam2020", "@fig:map", "https://x.org", "me@example.org", "<!--", "python", "p. 4"):
        assert blanked not in scanned.masked, blanked


def test_prose_keeps_its_offsets(scanned) -> None:
    offset = DOCUMENT.index("Hong Kong")
    assert scanned.masked[offset : offset + 9] == "Hong Kong"
    assert scanned.position(offset) == (4, 32)


def test_figures_tables_and_references_are_found_with_their_positions(scanned) -> None:
    figure, table = scanned.items
    assert (figure.kind, figure.label, figure.caption, figure.path) == (
        "figure",
        "fig:map",
        "Caption words",
        "assets/region-map.png",
    )
    assert figure.attrs.pairs == {"source": "OECD", "kind": "map"}
    assert scanned.position(figure.offset) == (7, 1)
    assert (table.kind, table.label, table.caption, table.attrs.pairs) == (
        "table",
        "tbl:t",
        "A caption",
        {"source": "author"},
    )
    assert scanned.position(table.offset) == (16, 1)
    assert [(r.key, scanned.position(r.offset)) for r in scanned.references] == [
        ("vietnam2020", (6, 17)),
        ("hongkong2019", (6, 41)),
        ("fig:map", (6, 67)),
    ]


def test_a_table_without_caption_is_noted() -> None:
    text = "Intro.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    source = scan_markdown("x.md", text, 0)
    assert [source.position(o) for o in source.uncaptioned_tables] == [(3, 1)]
    assert source.items == []


def test_a_definition_list_is_not_a_table_caption() -> None:
    source = scan_markdown("x.md", "Term\n: a definition\n", 0)
    assert source.items == []


def test_an_image_inside_a_paragraph_is_not_a_figure() -> None:
    source = scan_markdown("x.md", "Text ![icon](assets/a.png) more text.\n", 0)
    assert source.items == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("She said “a b c” [@key] then.", "“a b c”"),
        ("She said “a b c” (Rahim, 2022, p. 4).", "“a b c”"),
        ('She said "a b c" [@key].', '"a b c"'),
        ("She said ‘a b’s c’ (p. 12).", "‘a b’s c’"),
        ("Rahim (2022) wrote that “a b c”.", "“a b c”"),
        ("> a b c\n> d e f\n\n[@key]\n", "> a b c\n> d e f\n"),
    ],
)
def test_quotations_with_a_citation_are_recognized(text: str, quoted: str) -> None:
    source = scan_markdown("x.md", text, 0)
    start = text.index(quoted)
    assert source.cited_quotations() == [(start, start + len(quoted))]


@pytest.mark.parametrize(
    "text",
    ["The so-called “model” spread.", 'A "quoted" word [and brackets].', "“Unclosed quote [@key].", "“a”\n\n[@key]"],
)
def test_quotations_without_a_citation_are_not(text: str) -> None:
    assert scan_markdown("x.md", text, 0).cited_quotations() == []


def test_attributes_are_read_as_pandoc_reads_them() -> None:
    attrs = parse_attributes("#fig:a .wide source=\"A (2020). Title.\" kind='map' width=50%")
    assert (attrs.identifier, attrs.classes) == ("fig:a", ["wide"])
    assert attrs.pairs == {"source": "A (2020). Title.", "kind": "map", "width": "50%"}


def test_an_unclosed_comment_is_text_and_hides_nothing() -> None:
    text = "Use `<!--` to open a comment.\n\nLater prose.\n"
    assert "Later prose." in scan_markdown("x.md", text, 0).masked


def test_atx_and_setext_headings_are_found() -> None:
    text = "Intro.\n\n# One {#sec:one}\n\nA second\n========\n\nText.\n\nA third\n---\n\n| a | b |\n|---|---|\n"
    source = scan_markdown("x.md", text, 0)
    assert [text[start:end] for start, end in source.heading_spans] == ["# One {#sec:one}", "A second", "A third"]
