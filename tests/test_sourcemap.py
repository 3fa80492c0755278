"""The source map: every word pandoc read is found where the author wrote it.

The tree comes from pandoc itself; each leaf must map to text that pandoc would
read as that leaf (the same characters, or the typed form of a smart quote,
dash, escape or entity), notes to their definitions, table cells to their own
column, and reading order must never run backwards outside notes.
"""

from __future__ import annotations

from typing import Any

import pytest

from builder.pandoc import parse_markdown
from builder.pandoc_ast import Node
from builder.sourcemap import Origin, leaf_pattern, line_column, map_blocks, origin, run_positions

CONSTRUCTS = """\
## A heading with *emphasis* and a label {#sec:label}

On 18 March 2020 the "Government" of the country's college -- a small one... closed.[^mco] About
9,600 students, e.g. those of Mr. Okafor, went home [@unesco2022, p. 47]. As @fig:x shows,
see [the UNESCO site](https://example.org/students "Students") for students, \\*escaped\\* &amp; `code here`.

[^mco]: The order applied to students. It was extended
    twice in 2020.

    A second paragraph of the note about students.

![Uptake by students, 2021--2023](assets/x.png){#fig:x source="OECD (2023). Report." kind="chart"}

Table: Courses offered {#tbl:c source="author"}

| Course | Hours |
|---|---:|
| Online teaching | 30 |
| Assessment | 30 |

::: {.finding question="digital-skills"}
Staff want digital skills most.
:::

+---------------+---------------+
| Fruit         | Price         |
+===============+===============+
| Bananas are   | 1.34 each     |
| yellow        |               |
+---------------+---------------+
| Oranges       | 2.10          |
+---------------+---------------+

-------------------------------------------------------------
 Centred    Default           Right Left
  Header    Aligned         Aligned Aligned
----------- ------- --------------- -------------------------
   First    row                12.0 A row whose text
                                    runs over two lines.

  Second    row                 5.0 Another row, with
                                    text in three
                                    lines.
-------------------------------------------------------------

: A multiline table {#tbl:m source="author"}

  Right     Left     Centre     Default
-------     ------ ----------   -------
     12     12        123            1
    123     123        12           12

> A quote with ^[an inline note with *words*] and more.

1. First *item* here
2. Second **item** with `code`

Term
:   Its definition, with [a span]{.smallcaps}.

| Line one of a block
| Line two

```
code line one
code line two
```

<!-- a comment for the editor -->

[ref]: https://example.org/reference-definition-students

A last paragraph links to [the reference][ref] and ends.
"""


def _leaves(value: Any, aside: bool = False) -> list[tuple[Node, bool]]:
    """Leaves in reading order (a figure's caption once; citations whole), each with whether it is read
    out of the file's order: in a note, or in a table whose cells sit side by side over several lines."""
    out: list[tuple[Node, bool]] = []
    if isinstance(value, list):
        for item in value:
            out.extend(_leaves(item, aside))
    elif isinstance(value, dict):
        kind = value.get("t")
        if kind in ("Str", "Code", "Math", "RawInline", "Cite"):
            return [(value, aside)]
        if kind in ("Note", "Table"):
            return _leaves(value["c"], True)
        if kind == "Figure":
            return _leaves(value["c"][2], aside)
        for child in value.values():
            if isinstance(child, (list, dict)):
                out.extend(_leaves(child, aside))
    return out


class _Placed:
    """Where every node of a mapped tree was written, the words inside runs included."""

    def __init__(self, tree: dict[str, Any], text: str):
        self.text = text
        self.found: dict[int, Origin] = {}
        self._collect(tree["blocks"])

    def _collect(self, value: Any) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict) and "r" in item:
                    file = item["p"][2]
                    for node, start, end in run_positions(value, index):
                        self.found.setdefault(id(node), Origin(file, start, end))
                self._collect(item)
        elif isinstance(value, dict):
            if "p" in value:
                self.found.setdefault(id(value), origin(value))
            for key, child in value.items():
                if key not in ("p", "r", "a") and isinstance(child, (list, dict)):
                    self._collect(child)

    def get(self, node: Node) -> Origin | None:
        return self.found.get(id(node))

    def line_column(self, found: Origin) -> tuple[int, int]:
        return line_column(self.text, found)


def _mapped(text: str) -> tuple[dict[str, Any], _Placed]:
    tree = parse_markdown(text, what="test")
    map_blocks("f.md", text, tree["blocks"])
    return tree, _Placed(tree, text)


def test_every_leaf_is_found_where_it_was_written() -> None:
    tree, origins = _mapped(CONSTRUCTS)
    leaves = _leaves(tree["blocks"])
    assert len(leaves) > 150
    last = -1
    for node, aside in leaves:
        origin = origins.get(node)
        assert origin is not None, node
        written = CONSTRUCTS[origin.start : origin.end]
        if node["t"] == "Str":
            assert leaf_pattern(node["c"]).fullmatch(written), (node["c"], written)
        elif node["t"] == "Cite":
            assert written == "[@unesco2022, p. 47]" or written == "@fig:x"
        else:
            assert written == node["c"][1]
        if not aside:
            assert origin.start > last, f"{written!r} found before the word read before it"
            last = origin.start


def test_notes_are_found_at_their_definition_and_inline_notes_in_place() -> None:
    tree, origins = _mapped(CONSTRUCTS)
    note_words = {node["c"]: origins.get(node) for node, aside in _leaves(tree["blocks"]) if aside}
    definition = CONSTRUCTS.index("[^mco]:")
    assert note_words["twice"].start > definition
    second = note_words["second"]
    assert CONSTRUCTS[second.start : second.start + 16] == "second paragraph"
    assert note_words["inline"].start > CONSTRUCTS.index("^[an")
    # the words of the note are not taken for the words after it, which are found later in the file
    students = [origins.get(n).start for n, _aside in _leaves(tree["blocks"]) if n.get("c") == "students,"]
    assert CONSTRUCTS[students[0] : students[0] + 9] == "students,"


def test_grid_and_multiline_cells_are_found_in_their_own_column() -> None:
    tree, origins = _mapped(CONSTRUCTS)
    lines = CONSTRUCTS.split("\n")

    def where(word: str) -> tuple[int, int]:
        node = next(n for n, _ in _leaves(tree["blocks"]) if n.get("c") == word)
        return origins.line_column(origins.get(node))

    assert lines[where("yellow")[0] - 1].strip().startswith("| yellow")
    assert where("each") == (where("1.34")[0], where("1.34")[1] + 5)
    line, column = where("runs")
    assert lines[line - 1][column - 1 :].startswith("runs over two lines.")
    line, column = where("Another")
    assert lines[line - 1][column - 1 :].startswith("Another row")


def test_attribute_values_of_figures_and_tables_are_recorded() -> None:
    tree, _origins = _mapped(CONSTRUCTS)
    image = next(n for n in _walk(tree["blocks"]) if n.get("t") == "Image")
    tables = [n for n in _walk(tree["blocks"]) if n.get("t") == "Table"]
    for node, key, value in (
        (image, "source", "OECD (2023). Report."),
        (image, "kind", "chart"),
        (tables[0], "source", "author"),
        (tables[2], "source", "author"),
    ):
        start, end, file = node["a"][key]
        assert (CONSTRUCTS[start:end], file) == (value, "f.md")


def test_blocks_know_their_lines_and_containers_their_marks() -> None:
    tree, origins = _mapped(CONSTRUCTS)
    heading = tree["blocks"][0]
    found = origins.get(heading)
    assert CONSTRUCTS[found.start : found.end].startswith("## A heading")
    emphasis = next(n for n in heading["c"][2] if n["t"] == "Emph")
    found = origins.get(emphasis)
    assert CONSTRUCTS[found.start : found.end] == "*emphasis*"
    link = next(n for n in _walk(tree["blocks"]) if n.get("t") == "Link")
    found = origins.get(link)
    assert CONSTRUCTS[found.start : found.end] == '[the UNESCO site](https://example.org/students "Students")'


def _walk(value: Any) -> list[Node]:
    out = []
    if isinstance(value, list):
        for item in value:
            out.extend(_walk(item))
    elif isinstance(value, dict):
        if "t" in value:
            out.append(value)
        for child in value.values():
            if isinstance(child, (list, dict)):
                out.extend(_walk(child))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Only *one* word.\n",
        "A word that also appears in a [link](https://example.org/word) word.\n",
        "Setext heading\n==============\n\nheading text follows.\n",
        "- a list\n- with a\n\n  loose item\n",
        "Text with a footnote.[^1] And a word.\n\n[^1]: A word in the note.\n\nword after the note.\n",
        "Two  spaces\tand a tab.\n",
    ],
)
def test_small_texts_map_completely(text: str) -> None:
    tree, origins = _mapped(text)
    for node, _aside in _leaves(tree["blocks"]):
        origin = origins.get(node)
        assert origin is not None, node
        if node["t"] == "Str":
            assert leaf_pattern(node["c"]).fullmatch(text, origin.start, origin.end)


def test_words_after_a_footnote_definition_are_not_taken_from_it() -> None:
    text = "First paragraph.[^a]\n\n[^a]: the note mentions later words.\n\nlater words close it.\n"
    tree, origins = _mapped(text)
    last_paragraph = tree["blocks"][-1]
    first_word = last_paragraph["c"][0]
    assert origins.line_column(origins.get(first_word)) == (5, 1)
