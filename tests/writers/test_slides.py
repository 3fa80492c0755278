"""The deck: 10–12 titled slides from the findings, native charts, full notes, text that fits, a replaceable plan."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_fixture, needs_soffice, run_pubkit, write
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from builder.assemble import assemble
from builder.model import Document
from builder.outputs import StagedOutputs
from builder.project import load_project
from builder.svg import can_rasterize
from builder.writers import WriteContext
from builder.writers.slides import ELLIPSIS, SlidesWriter, shorten

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
QUESTION_TITLES = [
    "Digital skills in demand",
    "Defining micro-credentials",
    "Digital skills in CPD programmes",
    "Challenges and opportunities",
    "Strategies for recognition",
]


# --- building and reading decks -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample publication, built with the real command line (deck only)."""
    out = tmp_path_factory.mktemp("sample-deck")
    result = run_pubkit("build", "--out", str(out), "--only", "pptx", "-q")
    assert result.code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def fixture_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/deck: 16 findings, citations, a third-party chart, a photo, tricky text."""
    project = copy_fixture("deck", tmp_path_factory.mktemp("deck"))
    result = run_pubkit("build", "--project", str(project), "--only", "pptx", "-q")
    assert result.code == 0, result.stderr
    return project


def _assembled(project: Path, cache: Path) -> Document:
    return assemble(load_project(project), cache)


def _write_deck(document: Document, out: Path) -> tuple[Any, WriteContext]:
    """The writer called directly (faster than the CLI when one project is tried under several limits)."""
    out.mkdir(parents=True, exist_ok=True)
    context = WriteContext(out_dir=out, cache_dir=out / ".cache", staged=StagedOutputs(out))
    SlidesWriter().write(document, out / "slides.pptx", context)
    return Presentation(str(out / "slides.pptx")), context


def _title(slide: Any) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def _visible_text(slide: Any) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _notes(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- the sample deck ------------------------------------------------------------------------------


def test_sample_deck_has_10_to_12_slides_each_with_a_title(sample_deck: Path) -> None:
    deck = Presentation(str(sample_deck / "slides.pptx"))
    titles = [_title(slide) for slide in deck.slides]
    assert 10 <= len(titles) <= 12
    assert all(t.strip() for t in titles), titles
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    first, last = deck.slides[0], deck.slides[-1]
    assert first.slide_layout.name == "Title Slide" and titles[0] == "Mapping the potential of micro-credentials"
    assert "Farah Rahim and Jun Wei Tan" in _visible_text(first)
    assert "UNESCO Bangkok Office, 2024" in _visible_text(first)
    assert last.slide_layout.name == "Closing" and titles[-1] == "Thank you"
    questions = list(dict.fromkeys(t for t in titles if t in QUESTION_TITLES))  # a chart may have its own slide
    assert questions == QUESTION_TITLES  # the five guiding questions, in the order of the terms of reference
    audiences = []  # each audience has a slide of its own, or a heading on a shared "Recommendations" slide
    for slide in deck.slides:
        title = _title(slide)
        if title.startswith("Recommendations for "):
            audiences.append(title.removeprefix("Recommendations for "))
        elif title.startswith("Recommendations"):
            body = slide.placeholders[1].text_frame.paragraphs
            audiences.extend(p.text for p in body if p.runs and p.runs[0].font.bold)
    assert [a.lower() for a in dict.fromkeys(a.removesuffix(" (continued)") for a in audiences)] == [
        "ministries of education",
        "quality assurance agencies",
        "national information centres",
        "higher education and tvet institutions",
    ]
    first_recommendation = next(i for i, t in enumerate(titles) if t.startswith("Recommendations"))
    assert first_recommendation > titles.index(QUESTION_TITLES[-1])
    report = json.loads((sample_deck / "check.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["rule"] == "slide-count"]


def test_every_sample_finding_is_shown_and_in_full_in_the_notes(sample_deck: Path, tmp_path: Path) -> None:
    document = _assembled(ROOT, tmp_path / "cache")
    deck = Presentation(str(sample_deck / "slides.pptx"))
    shown = _flat(" ".join(_visible_text(s) for s in deck.slides))
    notes = _flat(" ".join(_notes(s) for s in deck.slides))
    assert len(document.findings) == 9 and len(document.recommendations) == 9
    for box in document.findings + document.recommendations:
        assert box.text in notes, box.text[:60]
        assert " ".join(box.text.split()[:6]) in shown, box.text[:60]


def test_sample_charts_are_native_and_drawn_from_the_csv(sample_deck: Path) -> None:
    deck = Presentation(str(sample_deck / "slides.pptx"))
    charts = {_title(s): shape.chart for s in deck.slides for shape in s.shapes if shape.has_chart}
    assert set(charts) == {"Digital skills in demand", "Strategies for recognition"}
    skills = charts["Digital skills in demand"]
    assert skills.chart_type == XL_CHART_TYPE.BAR_CLUSTERED  # long skill names read best as horizontal bars
    with (ROOT / "assets" / "data" / "skills-demand.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert list(skills.plots[0].categories) == [row[0] for row in rows[1:]]
    assert [s.name for s in skills.series] == rows[0][1:]
    assert list(skills.series[0].values) == [float(row[1]) for row in rows[1:]]
    pie = charts["Strategies for recognition"]
    assert pie.chart_type == XL_CHART_TYPE.PIE
    assert list(pie.series[0].values) == [41.0, 27.0, 23.0, 9.0]
    slide = next(
        s for s in deck.slides if _title(s) == "Digital skills in demand" and any(h.has_chart for h in s.shapes)
    )
    assert "Figure 4. Digital skills rated a high priority by teaching staff" in _visible_text(slide)


def test_a_chart_goes_with_a_finding_of_its_section_and_names_its_axes(built_minimal: Path) -> None:
    """The minimal study's finding does not refer to its section's chart (a table stands between them): the
    chart is still on that question's slide, as a native chart whose axes say what they show."""
    deck = Presentation(str(built_minimal / "slides.pptx"))
    charts = [(_title(s), shape.chart) for s in deck.slides for shape in s.shapes if shape.has_chart]
    assert [title for title, _ in charts] == ["Digital skills in demand"]
    chart = charts[0][1]
    assert chart.value_axis.has_title and chart.value_axis.axis_title.text_frame.text == "Learners"
    assert chart.category_axis.has_title and chart.category_axis.axis_title.text_frame.text == "Year"


def _series_looks(chart: Any) -> list[tuple[str | None, str | None]]:
    """(marker symbol, fill pattern) of each series of a native chart, from its XML."""
    looks = []
    for series in chart._chartSpace.xpath(".//c:ser"):
        symbol = series.xpath("./c:marker/c:symbol/@val")
        pattern = series.xpath("./c:spPr/a:pattFill/@prst")
        looks.append((symbol[0] if symbol else None, pattern[0] if pattern else None))
    return looks


def test_chart_series_differ_by_more_than_colour(sample_deck: Path, fixture_deck: Path) -> None:
    sample = Presentation(str(sample_deck / "slides.pptx"))
    bars = next(
        shape.chart
        for s in sample.slides
        for shape in s.shapes
        if _title(s) == "Digital skills in demand" and shape.has_chart
    )
    looks = _series_looks(bars)
    assert len(looks) == 2 and looks[0][1] is None and looks[1][1]  # the second series hatched, the first solid
    fixture = Presentation(str(fixture_deck / "build" / "slides.pptx"))
    lines = next(
        shape.chart
        for s in fixture.slides
        for shape in s.shapes
        if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    )
    symbols = [symbol for symbol, _pattern in _series_looks(lines)]
    assert len(symbols) == 2 and len(set(symbols)) == 2 and None not in symbols


# --- a project the sample does not cover ---------------------------------------------------------------


def test_third_party_figures_carry_their_source_and_citations_reach_the_notes(fixture_deck: Path) -> None:
    deck = Presentation(str(fixture_deck / "build" / "slides.pptx"))
    assert 10 <= len(deck.slides) <= 12
    by_text = {_flat(_visible_text(s)): s for s in deck.slides}
    pie_slide = next(s for t, s in by_text.items() if "Universities issue almost half" in t)
    assert any(shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.PIE for shape in pie_slide.shapes)
    # a chart pubkit draws is the author's, crediting the data it is drawn from
    assert "Source: author, based on OECD (2021). Micro-credential innovations in higher education." in _visible_text(
        pie_slide
    )
    assert "(UNESCO, 2022)" in _visible_text(pie_slide)
    assert "References: UNESCO. (2022). Towards a common definition of micro-credentials." in _notes(pie_slide)
    photo_slide = next(s for t, s in by_text.items() if "Workshops like the one in Figure 3" in t)
    assert any(shape.shape_type == 13 for shape in photo_slide.shapes)  # the photograph, as a picture
    assert "Source: Lakeside Media Unit (2023). Photograph." in _visible_text(photo_slide)
    line_slide = next(s for t, s in by_text.items() if "Badges issued grew sevenfold" in t)
    assert any(shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.LINE_MARKERS for shape in line_slide.shapes)
    assert "Source:" not in _visible_text(line_slide)  # the author's own chart: caption only
    tricky = next(s for t, s in by_text.items() if "{{ 7*7 }}" in t)  # author text is data, never template code
    assert "{% raw %}" in _flat(_notes(tricky)) and "(OECD, 2021)" in _notes(tricky)
    assert "References: OECD. (2021)." in _notes(tricky)


def test_the_deck_lands_in_any_slide_range_it_can_fill(fixture_deck: Path, tmp_path: Path) -> None:
    document = _assembled(fixture_deck, tmp_path / "cache")
    for low, high in ((6, 7), (10, 12), (15, 16), (20, 24)):
        document.config["limits"]["slides"] = (low, high)
        deck, context = _write_deck(document, tmp_path / f"out-{low}")
        assert low <= len(deck.slides) <= high, (low, high, [_title(s) for s in deck.slides])
        assert not context.findings
        notes = _flat(" ".join(_notes(s) for s in deck.slides))
        for box in document.findings:
            assert " ".join(box.text.split()[:5]) in notes


def test_many_findings_are_merged_into_the_notes_to_fit(minimal: Path, tmp_path: Path) -> None:
    findings = "\n\n".join(
        f'::: {{.finding question="{q}"}}\nFinding {q} {i} says that staff in group {i} value assessed modules, '
        f"and that the badges should count in appraisal and promotion. It adds a second sentence.\n:::"
        for q in ("challenges", "strategies", "definition")
        for i in range(20)
    )
    write(minimal / "content" / "30-many.md", f"---\ntitle: Many findings\n---\n\n{findings}\n")
    document = _assembled(minimal, tmp_path / "cache")
    deck, context = _write_deck(document, tmp_path / "out")
    assert 10 <= len(deck.slides) <= 12 and not context.findings
    notes = _flat(" ".join(_notes(s) for s in deck.slides))
    for box in document.findings:
        assert box.text in notes
    assert "further findings in the speaker notes" in _flat(" ".join(_visible_text(s) for s in deck.slides))


def test_too_few_findings_still_give_a_deck_and_a_clear_slide_count_error(built_minimal: Path) -> None:
    deck = Presentation(str(built_minimal / "slides.pptx"))
    titles = [_title(s) for s in deck.slides]
    assert titles[0] == "Micro-credentials at a small college" and titles[-1] == "Thank you"
    assert "Digital skills in demand" in titles and "Recommendations for ministries of education" in titles
    report = json.loads((built_minimal / "check.json").read_text(encoding="utf-8"))
    explained = [f for f in report["findings"] if f["rule"] == "slide-count" and "add .finding blocks" in f["message"]]
    assert len(explained) == 1
    finding = explained[0]
    assert finding["severity"] == "error" and finding["file"] == "content/publication.yaml" and finding["line"] == 15
    assert f"The deck has {len(titles)} slides but limits.slides asks for 10–12" in finding["message"]
    assert "cpd-integration, challenges, strategies" in finding["message"]


# --- text fits its box ------------------------------------------------------------------------------


def _font_file(pattern: str) -> str | None:
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=False).stdout
    return found if "Liberation" in found and Path(found).is_file() else None


def _overflowing_frames(path: Path) -> list[str]:
    """Text frames whose text, wrapped with Liberation Sans' real advance widths + 3 %, is taller than the box.

    Liberation Sans has Arial's metrics; lines are 1.2 × the size (PowerPoint's single spacing for Arial,
    more than LibreOffice's), and the space before each paragraph is read from the XML or the master.
    """
    from PIL import ImageFont

    files = {False: _font_file("Liberation Sans"), True: _font_file("Liberation Sans:bold")}
    if not all(files.values()):
        pytest.skip("the Liberation Sans fonts are not installed")
    fonts: dict[tuple[bool, float], Any] = {}

    def width(text: str, size: float, bold: bool) -> float:
        if (bold, size) not in fonts:
            fonts[bold, size] = ImageFont.truetype(files[bold], size=int(size * 10))
        return fonts[bold, size].getlength(text) / 10 * 1.03

    def lines(text: str, room: float, size: float, bold: bool) -> int:
        count, line = 1, ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if line and width(trial, size, bold) > room:
                count, line = count + 1, word
            else:
                line = trial
        return count

    problems = []
    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        for shape in slide.placeholders:
            if not shape.has_text_frame or shape.placeholder_format.idx in (11, 12):
                continue
            is_title = shape.placeholder_format.type in (1, 3)
            needed = 0.0
            for paragraph in shape.text_frame.paragraphs:
                text = "".join(r.text for r in paragraph.runs)
                if not text:
                    continue
                size = max(r.font.size.pt for r in paragraph.runs)
                properties = paragraph._p.pPr
                plain = properties is not None and properties.find(A + "buNone") is not None
                indent = 0 if plain else (0.32 if paragraph.level == 0 else 0.64) * 72
                spacing = properties.find(f"{A}spcBef/{A}spcPts") if properties is not None else None
                before = int(spacing.get("val")) / 100 if spacing is not None else (12, 6)[min(paragraph.level, 1)]
                before = 0 if plain and spacing is None else before
                bold = is_title or any(r.font.bold for r in paragraph.runs)
                room = shape.width / 12700 - 2 * 7.2 - indent
                needed += lines(text, room, size, bold) * size * 1.2 + before
            available = shape.height / 12700 - 2 * 3.6
            if needed > available:
                problems.append(f"slide {number} {shape.name}: {needed:.0f} pt of text in {available:.0f} pt")
    return problems


def test_no_text_frame_is_fuller_than_its_box(sample_deck: Path, fixture_deck: Path, built_minimal: Path) -> None:
    for path in (sample_deck / "slides.pptx", fixture_deck / "build" / "slides.pptx", built_minimal / "slides.pptx"):
        assert _overflowing_frames(path) == [], path


def _deck_with_a_long_finding(minimal: Path, tmp_path: Path, text: str) -> Any:
    """The deck built with one more challenges finding, ``text``: its first "Challenges and opportunities"
    slide, after checking that no text overflows its box."""
    write(
        minimal / "content" / "30-long.md",
        f'---\ntitle: Long\n---\n\n::: {{.finding question="challenges"}}\n{text}\n:::\n',
    )
    out = tmp_path / "out"
    result = run_pubkit("build", "--project", str(minimal), "--out", str(out), "--only", "pptx", "-q")
    assert result.code == 0, result.stderr
    assert _overflowing_frames(out / "slides.pptx") == []
    deck = Presentation(str(out / "slides.pptx"))
    return next(s for s in deck.slides if _title(s) == "Challenges and opportunities")


def test_long_titles_and_texts_are_shrunk_or_shortened_never_cut_silently(minimal: Path, tmp_path: Path) -> None:
    long_title = "Counting what teachers learn " * 9
    config = minimal / "content" / "publication.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "title: Micro-credentials at a small college", f'title: "{long_title.strip()}"'
        ),
        encoding="utf-8",
    )
    sentence = "Staff value assessed modules because " + "they count in appraisal and in promotion and " * 12 + "pay."
    slide = _deck_with_a_long_finding(minimal, tmp_path, sentence)
    bullet = next(p.text for p in slide.placeholders[1].text_frame.paragraphs if p.text.startswith("Staff value"))
    assert bullet == sentence  # a long sentence that a slide can hold is shown whole, at a smaller size if need be
    assert sentence in _flat(_notes(slide))


def test_a_text_too_long_for_a_whole_slide_is_cut_at_a_clause_and_kept_in_the_notes(
    minimal: Path, tmp_path: Path
) -> None:
    clause = "staff value assessed modules because they count in appraisal, in promotion and in pay"
    text = "Across the campuses, " + "; ".join([clause] * 30) + "."
    slide = _deck_with_a_long_finding(minimal, tmp_path, text)
    paragraphs = [p.text for p in slide.placeholders[1].text_frame.paragraphs]
    assert paragraphs[0].startswith("What challenges")  # the question stays with the text that answers it
    bullet = next(p for p in paragraphs if p.startswith("Across"))
    assert bullet.endswith(f"{clause}{ELLIPSIS}")  # cut where a clause ends, never inside one
    assert text in _flat(_notes(slide))


def test_no_bullet_is_cut_short_on_a_deck_that_has_room(sample_deck: Path, fixture_deck: Path) -> None:
    for path in (sample_deck / "slides.pptx", fixture_deck / "build" / "slides.pptx"):
        for slide in Presentation(str(path)).slides:
            for shape in slide.placeholders:
                if shape.has_text_frame and shape.placeholder_format.idx == 1:
                    cut = [p.text for p in shape.text_frame.paragraphs if p.text.endswith(ELLIPSIS)]
                    assert cut == [], f"{_title(slide)}: {cut}"


# --- the plan is a template a project may replace -------------------------------------------------------


OWN_PLAN = """- kind: title
  title: {{ title | tojson }}
{% for finding in findings %}
- kind: bullets
  title: {{ ("Finding " ~ loop.index) | tojson }}
  bullets: [{{ finding.sentence | tojson }}]
  findings: [{{ finding.id | tojson }}]
{% endfor %}
- kind: closing
  title: "Questions?"
  lines: [{{ publisher | tojson }}]
"""


def test_a_project_can_replace_the_slide_plan(minimal: Path) -> None:
    write(minimal / "templates" / "slides.yaml.j2", OWN_PLAN)
    result = run_pubkit("build", "--project", str(minimal), "--only", "pptx", "-q")
    assert result.code == 0, result.stderr
    deck = Presentation(str(minimal / "build" / "slides.pptx"))
    assert [_title(s) for s in deck.slides] == [
        "Micro-credentials at a small college",
        "Finding 1",
        "Finding 2",
        "Questions?",
    ]
    report = json.loads((minimal / "build" / "check.json").read_text(encoding="utf-8"))
    own = [f for f in report["findings"] if f["rule"] == "slide-count" and "templates/slides.yaml.j2" in f["message"]]
    assert len(own) == 1


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("- kind: title\n  title: {{ title }\n", r"^templates/slides\.yaml\.j2:2: error: the template has a syntax"),
        (
            "- kind: title\n  title: {{ title }}: broken\n",
            r"^templates/slides\.yaml\.j2:2: error: the slide plan, once",
        ),
        ("- kind: poster\n  title: x\n", r"^templates/slides\.yaml\.j2: error: slide 1 of the plan needs a kind"),
        ("- kind: figure\n  title: x\n  figure: fig:nope\n", r"error: slide 1 shows the figure 'fig:nope'"),
        ("- kind: bullets\n  title: x\n  bullets: {{ undefined_name }}\n", r"error: the template failed"),
    ],
)
def test_a_broken_plan_is_a_located_error_not_a_traceback(minimal: Path, plan: str, expected: str) -> None:
    write(minimal / "templates" / "slides.yaml.j2", plan)
    result = run_pubkit("build", "--project", str(minimal), "--only", "pptx", "-q")
    assert result.code == 1
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (minimal / "build" / "slides.pptx").exists()


# --- rules and the master ---------------------------------------------------------------------------


def test_shortening_rules() -> None:
    assert shorten("Demand is high.", 40) == "Demand is high."
    aside = "Demand is highest for course design (68 per cent) and for materials (69 per cent)."
    assert shorten(aside, 60) == "Demand is highest for course design and for materials."
    clause = "Career schemes do not reward assessed learning; QA guidance offers no route for staff credentials."
    assert shorten(clause, 70) == "Career schemes do not reward assessed learning…"
    assert shorten("One two three four five six seven eight nine ten", 30) == "One two three four five six…"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), st.integers(8, 200))
def test_shortened_text_fits_and_an_ellipsis_marks_every_cut(text: str, limit: int) -> None:
    result = shorten(text, limit)
    flat = " ".join(text.split())
    if len(flat) <= limit:
        assert result == flat
        return
    assert len(result) <= limit
    without_asides = " ".join(re.sub(r"\s*\([^()]*\)", "", flat).split())
    if not result.endswith(ELLIPSIS):  # only dropping asides shortens without a cut
        assert "(" in flat and len(result) <= len(without_asides)
    else:
        assert flat.startswith(result[: -len(ELLIPSIS)])


def test_the_master_is_generated_with_the_house_theme(sample_deck: Path) -> None:
    deck = Presentation(str(sample_deck / "slides.pptx"))
    master = deck.slide_master
    assert [layout.name for layout in master.slide_layouts] == [
        "Title Slide",
        "Title and Content",
        "Text and Chart",
        "Title and Chart",
        "Closing",
    ]
    theme = master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    assert '<a:accent1><a:srgbClr val="0077D4"/></a:accent1>' in theme
    assert re.search(r'<a:majorFont><a:latin typeface="Arial"', theme)
    assert re.search(r'<a:minorFont><a:latin typeface="Arial"', theme)
    for slide in list(deck.slides)[1:-1]:  # content slides: footer and slide number, as PowerPoint's Header & Footer
        kinds = {shape.placeholder_format.idx for shape in slide.placeholders}
        assert {11, 12} <= kinds
    assert not list((ROOT / "templates").glob("*.pptx")) and not list((ROOT / "templates").glob("*.potx"))


# --- rendered by LibreOffice ---------------------------------------------------------------------------


@needs_soffice
def test_rendered_slides_keep_their_text_inside_the_body(sample_deck: Path, tmp_path: Path) -> None:
    """soffice → PDF → PNG, as a reader sees it: one page per slide, ink on every page, no text below the body."""
    from PIL import Image, ImageStat

    from builder.render import Office, find_soffice
    from builder.writers.slide_master import BODY_BOTTOM, FOOTER_Y

    soffice = find_soffice()
    assert soffice is not None
    pdf = tmp_path / "slides.pdf"
    Office(soffice, tmp_path / "cache").to_pdf(sample_deck / "slides.pptx", pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "slide")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("slide-*.png"))
    assert len(pages) == len(Presentation(str(sample_deck / "slides.pptx")).slides)
    for page in pages:
        assert max(ImageStat.Stat(Image.open(page).convert("L")).stddev) > 10, page.name  # not blank
    words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, page in enumerate(words.split("<page ")[1:], 1):
        if number in (1, len(pages)):  # the title and closing slides have no body and footer band
            continue
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        scale = height / 7.5  # points per inch of the slide
        for bottom, word in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page):
            inch = float(bottom) / scale
            assert not (BODY_BOTTOM + 0.04 < inch < FOOTER_Y), f"slide {number}: '{word}' overflows the body"


def test_an_empty_finding_leaves_no_blank_bullet(minimal: Path, tmp_path: Path) -> None:
    write(minimal / "content" / "30-empty.md", '---\ntitle: Empty\n---\n\n::: {.finding question="challenges"}\n:::\n')
    document = _assembled(minimal, tmp_path / "cache")
    deck, _ = _write_deck(document, tmp_path / "out")
    for slide in deck.slides:
        for shape in slide.placeholders:
            if shape.has_text_frame and shape.placeholder_format.idx == 1:
                assert all(p.text.strip() for p in shape.text_frame.paragraphs), _title(slide)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/></svg>\n'
FINDING_WITH_FIGURE = """---
title: Diagram
---

![Credit pathways](assets/{name}){{#fig:diagram source="author"}}

::: {{.finding question="strategies"}}
The pathways in @fig:diagram show how credit moves between providers.
:::
"""


def test_an_svg_figure_goes_on_its_slide_as_a_picture_of_the_drawing(minimal: Path) -> None:
    write(minimal / "assets" / "diagram.svg", SVG)
    write(minimal / "content" / "40-diagram.md", FINDING_WITH_FIGURE.format(name="diagram.svg"))
    result = run_pubkit("build", "--project", str(minimal), "--only", "pptx", "-q")
    assert result.code == 0, result.stderr
    deck = Presentation(str(minimal / "build" / "slides.pptx"))
    text = _flat(" ".join(_visible_text(s) for s in deck.slides))
    assert "The pathways in Figure" in text
    pictures = [shape for s in deck.slides for shape in s.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    if can_rasterize():
        assert "Credit pathways" in text  # its caption, beside the picture of the drawing
        drawn = [p for p in pictures if p.image.content_type == "image/png" and p.image.size == (400, 200)]
        assert drawn, "the drawing is not on a slide"  # drawn at twice its 200 × 100 size
    else:  # without rsvg-convert there is no picture of it to place: it stays in the manuscript only
        assert "Credit pathways" not in text


def test_an_image_pillow_cannot_read_is_a_located_error(minimal: Path) -> None:
    (minimal / "assets" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    write(minimal / "content" / "40-diagram.md", FINDING_WITH_FIGURE.format(name="broken.png"))
    result = run_pubkit("build", "--project", str(minimal), "--only", "pptx", "-q")
    assert result.code == 1 and "Traceback" not in result.stderr
    # found by the one image check every writer shares, before any writer runs
    assert result.stderr.startswith("content/40-diagram.md:5: error: the file 'assets/broken.png' is not a valid PNG")
