"""Walking pandoc's tree: copy only what changes, count what a reader sees."""

from __future__ import annotations

from builder.pandoc_ast import (
    Div,
    Para,
    RawInline,
    Space,
    Span,
    Str,
    attr,
    clone,
    rewritten,
    word_count,
)


def cite(key: str) -> dict:
    citation = {"citationId": key, "citationPrefix": [Str("see")], "citationSuffix": [], "citationMode": {"t": "N"}}
    return {"t": "Cite", "c": [[citation], [Str(f"@{key}")]]}


def test_rewritten_copies_only_the_path_to_a_change_and_leaves_the_original_alone() -> None:
    untouched = Para([Str("Nothing"), Space(), Str("here.")])
    changed = Para([Str("See"), Space(), Span([Str("fig")], attr(classes=["xref"]))])
    blocks = [untouched, changed]
    before = clone(blocks)

    out = rewritten(
        blocks,
        lambda node: [RawInline("openxml", "<w:r/>")] if "xref" in node["c"][0][1] else None,
        kinds=frozenset({"Span"}),
        fresh=frozenset(),
    )

    assert out[0] is untouched  # shared, not copied
    assert out[1] is not changed and out[1]["c"][2] == RawInline("openxml", "<w:r/>")
    assert blocks == before


def test_fresh_nodes_are_copied_so_changing_them_in_place_spares_the_original() -> None:
    original = cite("smith2020")
    blocks = [Para([original])]
    out = rewritten(blocks, lambda node: None, kinds=frozenset(), fresh=frozenset({"Cite"}))
    copy = out[0]["c"][0]
    assert copy is not original
    copy["c"][1] = [Str("Smith"), Space(), Str("(2020)")]  # what citeproc does to the copy
    assert original["c"][1] == [Str("@smith2020")]


def test_a_node_is_replaced_after_its_children_so_a_box_holds_rewritten_content() -> None:
    box = Div([Para([Span([Str("x")], attr(classes=["xref"]))])], attr(classes=["finding"]))

    def replace(node: dict) -> list | None:
        if node["t"] == "Span":
            return [Str("Figure 1")]
        return [Div(node["c"][1], attr(classes=["lowered"]))]

    out = rewritten([box], replace, kinds=frozenset({"Span", "Div"}), fresh=frozenset())
    assert out[0]["c"][0][1] == ["lowered"]
    assert out[0]["c"][1][0]["c"] == [Str("Figure 1")]


def test_word_count_counts_words_a_reader_sees_but_not_notes() -> None:
    note = {"t": "Note", "c": [Para([Str("not"), Space(), Str("counted")])]}
    blocks = [Para([Str("Three"), Space(), Str("words"), note, Space(), cite("a")]), Div([Para([Str("four")])])]
    assert word_count(blocks) == 5  # Three, words, "see" in the citation prefix, @a, four
