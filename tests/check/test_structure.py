"""Structural checks: sources, maps, cross-references, citations, word limits and the case-study outline."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkprobe import BODY_LINE, FRONT, check_body, check_project, make_project

STRUCTURE = {"figure-source", "table-caption", "map-clearance", "cross-reference", "citation", "duplicate-label"}


def _found(tmp_path: Path, body: str, **options: object) -> list[tuple[str, str, int | None, int | None, str]]:
    findings = check_body(tmp_path, body, rules=STRUCTURE, assets=("assets/a.png", "assets/region-map.png"), **options)
    return [(f.rule, f.severity, f.line, f.column, f.message) for f in findings]


# --- sources of figures and tables ---------------------------------------------------------------------


def test_a_figure_without_source_is_an_error_at_the_figure(tmp_path: Path) -> None:
    body = "Text.\n\n![Uptake by year](assets/a.png){#fig:a}\n\nAs @fig:a shows.\n"
    assert _found(tmp_path, body) == [
        (
            "figure-source",
            "error",
            BODY_LINE + 2,
            1,
            "Figure 'Uptake by year' has no source: add source=\"author\" for your own work, "
            'or source="..." naming the original',
        )
    ]


def test_a_table_without_source_is_an_error_at_its_caption(tmp_path: Path) -> None:
    body = "Table: Courses {#tbl:c}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    assert [(r, s, line, col) for r, s, line, col, _ in _found(tmp_path, body)] == [
        ("figure-source", "error", BODY_LINE, 1)
    ]


def test_a_table_without_caption_has_no_source_either(tmp_path: Path) -> None:
    body = "Text.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    assert [(r, s, line, col) for r, s, line, col, _ in _found(tmp_path, body)] == [
        ("figure-source", "error", BODY_LINE + 2, 1),
        ("table-caption", "warning", BODY_LINE + 2, 1),
    ]


def test_figures_and_tables_with_a_source_are_fine(tmp_path: Path) -> None:
    body = (
        '![Uptake](assets/a.png){#fig:a source="author"}\n\n'
        'Table: Courses {#tbl:c source="UNESCO (2022)."}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n'
        "See @fig:a and [@tbl:c].\n"
    )
    assert _found(tmp_path, body) == []


# --- maps --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figure",
    [
        '![Provinces](assets/a.png){#fig:m source="author" kind="map"}',
        '![Provinces](assets/region-map.png){#fig:m source="author"}',
        '![Provinces](assets/asiaMap.png){#fig:m source="author"}',
        '![Provinces](assets/maps/provinces_map_2020.png){#fig:m source="author" kind="figure"}',
    ],
)
def test_a_map_without_clearance_is_a_warning(tmp_path: Path, figure: str) -> None:
    findings = [f for f in _found(tmp_path, figure + "\n") if f[0] == "map-clearance"]
    assert [(rule, severity, line, column) for rule, severity, line, column, _ in findings] == [
        ("map-clearance", "warning", BODY_LINE, 1)
    ]
    assert findings[0][4].startswith("Figure 'Provinces' is a map: maps need UNESCO clearance")


@pytest.mark.parametrize(
    "figure",
    [
        '![Provinces](assets/region-map.png){#fig:m source="author" clearance="granted"}',
        '![Provinces](assets/a.png){#fig:m source="author" kind="map" clearance="granted"}',
        '![Our roadmap](assets/roadmap.png){#fig:m source="author"}',
        '![Mapping results](assets/mapping-results.png){#fig:m source="author"}',
        '![A heatmap](assets/skills-heatmap.png){#fig:m source="author" kind="chart"}',
    ],
)
def test_cleared_maps_and_names_that_only_contain_map_are_fine(tmp_path: Path, figure: str) -> None:
    assert [f for f in _found(tmp_path, figure + "\n") if f[0] == "map-clearance"] == []


# --- cross-references and citations -----------------------------------------------------------------------


def test_unresolved_cross_references_and_citations_are_errors_at_the_at_sign(tmp_path: Path) -> None:
    body = (
        '![A](assets/a.png){#fig:a source="author"}\n\n'
        "See @fig:a, @fig:b, [@tbl:x; @sec:intro] and @unknown2020 or [-@nobody].\n"
    )
    line = body.splitlines()[2]
    assert [(r, s, line_no, col) for r, s, line_no, col, _ in _found(tmp_path, body)] == [
        ("cross-reference", "error", BODY_LINE + 2, line.index("@fig:b") + 1),
        ("cross-reference", "error", BODY_LINE + 2, line.index("@tbl:x") + 1),
        ("cross-reference", "error", BODY_LINE + 2, line.index("@sec:intro") + 1),
        ("citation", "error", BODY_LINE + 2, line.index("@unknown2020") + 1),
        ("citation", "error", BODY_LINE + 2, line.index("@nobody") + 1),
    ]
    messages = [m for *_, m in _found(tmp_path, body)]
    assert messages[0] == "'@fig:b' does not match any figure or table label"
    assert (
        messages[3]
        == "'@unknown2020' is not in the bibliography: add it to a .bib file in bibliography/ or correct the key"
    )


def test_a_citation_inside_a_source_attribute_is_checked(tmp_path: Path) -> None:
    body = '![A](assets/a.png){#fig:a source="Adapted from [@nobody2020, p. 4]"}\n'
    assert [(r, line, col) for r, _, line, col, _ in _found(tmp_path, body)] == [("citation", BODY_LINE, 1)]


def test_known_keys_emails_and_escaped_at_signs_are_fine(tmp_path: Path) -> None:
    body = "As @vietnam2020 and [@iran2021, p. 3] wrote; mail info@example.org; pay \\@ once.\n"
    assert _found(tmp_path, body) == []


def test_a_label_used_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    body = '![A](assets/a.png){#fig:a source="author"}\n\n![B](assets/a.png){#fig:a source="author"}\n\nSee @fig:a.\n'
    found = [f for f in _found(tmp_path, body) if f[0] == "duplicate-label"]
    assert found == [
        (
            "duplicate-label",
            "error",
            BODY_LINE + 2,
            20,
            f"The label 'fig:a' is also used at content/10-chapter.md:{BODY_LINE}: "
            "give each figure and table its own label",
        )
    ]


# --- word limits ------------------------------------------------------------------------------------------


def _words(n: int) -> str:
    return " ".join(["word"] * n) + "\n"


def test_word_limits_count_chapters_only(tmp_path: Path) -> None:
    annex = "---\ntitle: Annex\nrole: annex\n---\n" + _words(500)
    foreword = "---\ntitle: Foreword\nrole: foreword\n---\n" + _words(500)
    chapter = FRONT + _words(90) + "\n```\n" + _words(400) + "```\n\n| a | b |\n|---|---|\n| c | d |\n"
    make_project(tmp_path, {"01-f.md": foreword, "10-c.md": chapter, "90-a.md": annex}, words=(50, 100))
    assert [f for f in check_project(tmp_path) if f.rule == "word-limit"] == []


def test_too_many_words_is_an_error_too_few_a_warning(tmp_path: Path) -> None:
    make_project(tmp_path / "long", {"10-c.md": FRONT + _words(120)}, words=(50, 100))
    make_project(tmp_path / "short", {"10-c.md": FRONT + _words(20)}, words=(50, 100))
    long = [(f.severity, f.file, f.line, f.message) for f in check_project(tmp_path / "long") if f.rule == "word-limit"]
    short = [(f.severity, f.message) for f in check_project(tmp_path / "short") if f.rule == "word-limit"]
    assert long == [
        ("error", "content/publication.yaml", 5, "The chapters have 120 words; the limit is 50–100 (limits.words)")
    ]
    assert short == [("warning", "The chapters have 20 words; the limit is 50–100 (limits.words)")]


# --- the case-study outline ---------------------------------------------------------------------------------

OUTLINE = {
    "10-a.md": "---\ntitle: Introduction of the institution\n---\n## Context\n\nText.\n",
    "20-b.md": "---\ntitle: Impacts of COVID-19\n---\n## Digital skills for teaching staff\n\nText.\n",
    "30-c.md": "---\ntitle: Defining micro-credentials\n---\n## Recognizing skills\n\nText.\n",
    "40-d.md": "---\ntitle: Gaps and remaining questions\n---\nText.\n",
}


def test_a_complete_outline_has_no_finding(tmp_path: Path) -> None:
    make_project(tmp_path, OUTLINE, kind="case-study")
    assert [f for f in check_project(tmp_path) if f.rule == "outline"] == []


def test_each_missing_outline_part_is_one_warning(tmp_path: Path) -> None:
    chapters = dict(OUTLINE)
    del chapters["40-d.md"]
    chapters["20-b.md"] = "---\ntitle: Impacts of COVID-19\n---\nText.\n"
    make_project(tmp_path, chapters, kind="case-study")
    found = [(f.severity, f.file, f.line, f.message) for f in check_project(tmp_path) if f.rule == "outline"]
    assert found == [
        (
            "warning",
            "content/publication.yaml",
            1,
            "No chapter or section covers part iii (building digital skills for teaching personnel) "
            "of the suggested case-study outline",
        ),
        (
            "warning",
            "content/publication.yaml",
            1,
            "No chapter or section covers part vi (gaps and remaining questions) of the suggested case-study outline",
        ),
    ]


def test_the_outline_applies_to_case_studies_only(tmp_path: Path) -> None:
    make_project(tmp_path, {"10-a.md": FRONT + "Text.\n"}, kind="study-report")
    assert [f for f in check_project(tmp_path) if f.rule == "outline"] == []


# --- findings and recommendations ------------------------------------------------------------------------


def test_boxes_need_a_known_key_and_some_text(tmp_path: Path) -> None:
    body = (
        '::: {.finding question="challenges"}\n:::\n\n'
        '::: {.finding question="costs"}\nText.\n:::\n\n'
        '::: {.recommendation audience="nics"}\n\n:::\n\n'
        '::: {.finding question="strategies"}\nA real finding.\n:::\n'
    )
    findings = check_body(tmp_path, body, rules={"box-attribute"})
    assert [(f.line, f.message.split(";")[0]) for f in findings] == [
        (BODY_LINE, "this finding is empty"),
        (BODY_LINE + 3, 'the finding\'s question="costs" is not a guiding question'),
        (BODY_LINE + 7, "this recommendation is empty"),
    ]


def test_the_slide_count_is_read_from_the_deck_as_python_pptx_counts_it(tmp_path: Path) -> None:
    from pptx import Presentation

    from builder.check.structure import deck_slide_count

    deck = Presentation()
    for _ in range(11):
        deck.slides.add_slide(deck.slide_layouts[6])
    deck.save(str(tmp_path / "slides.pptx"))
    assert deck_slide_count(tmp_path / "slides.pptx") == len(Presentation(str(tmp_path / "slides.pptx")).slides) == 11
    (tmp_path / "broken.pptx").write_bytes(b"not a zip")
    assert deck_slide_count(tmp_path / "broken.pptx") == 0


# --- accessibility ----------------------------------------------------------------------------------------

ACCESSIBLE = {"alt-text", "heading-levels", "table-header", "link-text"}


def _accessibility(tmp_path: Path, body: str) -> list[tuple[str, int | None, int | None]]:
    findings = check_body(tmp_path, body, rules=ACCESSIBLE, assets=("assets/a.png",))
    return [(f.rule, f.line, f.column) for f in findings]


def test_a_picture_without_a_text_alternative_or_one_that_repeats_the_caption_is_reported(tmp_path: Path) -> None:
    body = (
        '![Uptake by year](assets/a.png){#fig:a source="author"}\n\n'
        '![A workshop](assets/a.png){#fig:b source="author" alt="A workshop"}\n\n'
        '![A studio](assets/a.png){#fig:c source="author" alt="Two people at a table facing a camera"}\n\n'
        '![A pattern](assets/a.png){#fig:d source="author" alt=""}\n\n'
        "See @fig:a, @fig:b, @fig:c and @fig:d.\n"
    )
    assert _accessibility(tmp_path, body) == [("alt-text", BODY_LINE, 1), ("alt-text", BODY_LINE + 2, 1)]


def test_charts_drawn_from_data_need_no_alt_and_the_cover_does(tmp_path: Path) -> None:
    make_project(tmp_path, {"10-chapter.md": FRONT + "Text.\n"}, assets=("assets/a.png",))
    config = tmp_path / "content" / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "cover: {image: assets/a.png}\n", encoding="utf-8")
    found = [f for f in check_project(tmp_path) if f.rule == "alt-text"]
    assert [(f.file, f.message.split(":")[0]) for f in found] == [
        ("content/publication.yaml", "The cover image has no text alternative")
    ]


def test_headings_that_skip_a_level_are_reported_where_they_skip(tmp_path: Path) -> None:
    body = "## One\n\n### Two\n\n## Three\n\n#### Five\n\nText.\n\nSetext\n------\n"
    assert _accessibility(tmp_path, body) == [("heading-levels", BODY_LINE + 6, 1)]


def test_links_must_say_where_they_go(tmp_path: Path) -> None:
    body = (
        "Read [click here](https://example.org/a), [the 2022 definition](https://example.org/b),\n"
        "[https://example.org/c](https://example.org/c) and <https://example.org/d>.\n"
    )
    assert _accessibility(tmp_path, body) == [
        ("link-text", BODY_LINE, 6),
        ("link-text", BODY_LINE + 1, 1),
        ("link-text", BODY_LINE + 1, 52),
    ]


def test_a_grid_table_without_a_header_row_is_reported(tmp_path: Path) -> None:
    headerless = "+---+---+\n| a | b |\n+---+---+\n| c | d |\n+---+---+\n"
    with_header = "+---+---+\n| A | B |\n+===+===+\n| c | d |\n+---+---+\n"
    body = (
        f'Table: One {{#tbl:a source="author"}}\n\n{headerless}\nTable: Two {{#tbl:b source="author"}}\n\n{with_header}'
    )
    assert _accessibility(tmp_path, body) == [("table-header", BODY_LINE + 2, 1)]


def test_a_misspelt_citation_key_or_figure_path_is_answered_with_the_likely_one(tmp_path: Path) -> None:
    body = 'As [@unesco2202] says.\n\n![Staff at work](assets/phot.png){#fig:staff source="author" alt="Staff"}\n'
    found = {f.rule: f.message for f in check_body(tmp_path, body, assets=("assets/photo.png",))}
    assert "did you mean '@unesco2022'?" in found["citation"]
    assert "does not exist; did you mean 'assets/photo.png'?" in found["missing-file"]
    far = {f.rule: f.message for f in check_body(tmp_path / "far", "As [@zzz] says.\n")}
    assert "did you mean" not in far["citation"]  # nothing like it: no guess
