"""Chart pictures: the right size and resolution, bars and wedges in proportion, and no label off the edge."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from builder import chart_drawing
from builder.chart_drawing import HEIGHT, MARKER_RADIUS, PALETTE, WIDTH, Canvas, ValueScale, draw_chart
from builder.charts import SERIES_MARKERS, ChartData, load_chart

BLUE, ORANGE = (tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) for colour in PALETTE[:2])


def _chart(tmp_path: Path, csv_text: str, kind: str) -> ChartData:
    data = tmp_path / "data.csv"
    data.write_text(csv_text, encoding="utf-8")
    return load_chart(data, "data.csv", kind, used_in="chapter.md", line=3)


def _picture(tmp_path: Path, csv_text: str, kind: str) -> Image.Image:
    target = tmp_path / "chart.png"
    draw_chart(_chart(tmp_path, csv_text, kind), target)
    return Image.open(target).convert("RGB")


def _edge_is_blank(picture: Image.Image, margin: int = 4) -> bool:
    """Nothing drawn in the outermost pixels: no label or legend runs off the picture."""
    width, height = picture.size
    frame = [(x, y) for x in range(width) for y in (*range(margin), *range(height - margin, height))]
    frame += [(x, y) for y in range(height) for x in (*range(margin), *range(width - margin, width))]
    return all(picture.getpixel(point) == (255, 255, 255) for point in frame)


def _blue_runs(line: list[tuple[int, int, int]]) -> list[int]:
    """Lengths of the runs of bar-blue pixels along one row or column."""
    runs, current = [], 0
    for pixel in line:
        if pixel == BLUE:
            current += 1
        elif current:
            runs.append(current)
            current = 0
    return runs + ([current] if current else [])


def test_the_picture_is_the_text_width_at_print_resolution(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    draw_chart(_chart(tmp_path, "Year,Learners\n2021,120\n2022,150\n", "line"), target)
    with Image.open(target) as picture:
        assert picture.format == "PNG"
        assert picture.size == (WIDTH, HEIGHT)
        assert [round(d) for d in picture.info["dpi"]] == [200, 200]  # 6.3 × 3.4 inches in Word


def test_columns_are_in_proportion_to_their_values(tmp_path: Path) -> None:
    picture = _picture(tmp_path, "Year,Learners\n2021,10\n2022,20\n2023,40\n", "bar")
    heights = []
    for x in (WIDTH * (0.2 + 0.3 * i) for i in range(3)):  # somewhere in each column
        column = [picture.getpixel((int(x), y)) for y in range(HEIGHT)]
        heights.append(max(_blue_runs(column)))
    assert heights[1] == pytest.approx(2 * heights[0], rel=0.03)
    assert heights[2] == pytest.approx(4 * heights[0], rel=0.03)


def test_bars_with_long_names_run_across_like_the_deck_and_keep_their_proportions(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        "Skill,Share\nBlended and online course design,60\nLearning analytics and dashboards,30\n",
        "bar",
    )
    assert chart.reads_best_horizontally  # the deck's native chart turns the same way
    target = tmp_path / "chart.png"
    draw_chart(chart, target)
    picture = Image.open(target).convert("RGB")
    lengths = []
    for y in (HEIGHT * 0.3, HEIGHT * 0.7):  # through each bar
        row = [picture.getpixel((x, int(y))) for x in range(WIDTH)]
        lengths.append(max(_blue_runs(row)))
    assert lengths[0] == pytest.approx(2 * lengths[1], rel=0.03)
    assert _edge_is_blank(picture)


def test_bar_series_differ_by_hatching_not_colour_alone(tmp_path: Path) -> None:
    picture = _picture(tmp_path, "Group,Lecturers,Instructors\nOnline,60,60\n", "bar")
    row = [picture.getpixel((x, int(HEIGHT * 0.6))) for x in range(WIDTH)]  # through both columns
    first, second = ([x for x, pixel in enumerate(row) if pixel == colour] for colour in (BLUE, ORANGE))
    assert max(_blue_runs(row)) > 20  # the first series is solid ...
    inside = row[second[0] : second[-1] + 1]
    assert (255, 255, 255) in inside and inside.count(ORANGE) > len(inside) / 3  # ... the second striped with white
    assert first[-1] < second[0]


def test_each_line_has_its_own_marker_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    masks = []
    for shape in SERIES_MARKERS:
        canvas = Canvas()
        canvas.marker(50, 50, MARKER_RADIUS, shape, PALETTE[0])
        picture = canvas.image.reduce(2).convert("RGB")
        mask = frozenset(
            (x, y) for x in range(30, 70) for y in range(30, 70) if picture.getpixel((x, y)) != (255, 255, 255)
        )
        assert mask, shape
        masks.append(mask)
    assert len(set(masks)) == len(SERIES_MARKERS)
    csv_text = "Year,Online,Blended\n2021,10,20\n2022,30,40\n"
    drawn = _picture(tmp_path, csv_text, "line")
    monkeypatch.setattr(chart_drawing, "series_marker", lambda index: "circle")
    all_circles = _picture(tmp_path, csv_text, "line")
    changed = [
        (x, y) for x in range(WIDTH) for y in range(HEIGHT) if drawn.getpixel((x, y)) != all_circles.getpixel((x, y))
    ]
    assert changed  # the second line's marks are not circles ...
    assert all(all_circles.getpixel(point) != BLUE for point in changed)  # ... the first line's are


def test_pie_wedges_share_the_disc_as_the_values_do(tmp_path: Path) -> None:
    picture = _picture(tmp_path, "Format,Share\nOnline,50\nBlended,30\nFace to face,20\n", "pie")
    pixels = picture.tobytes()
    counts = Counter(pixels[i : i + 3] for i in range(0, len(pixels), 3))
    colours = [bytes.fromhex(c[1:]) for c in PALETTE[:3]]
    areas = [counts[colour] for colour in colours]
    shares = [area / sum(areas) for area in areas]
    assert shares == pytest.approx([0.5, 0.3, 0.2], abs=0.02)


@pytest.mark.parametrize(
    ("csv_text", "kind"),
    [
        (  # names far too long for their columns
            "Programme,Enrolled\n"
            + "".join(f"A very long programme name number {i} that keeps going,{i * 10 + 5}\n" for i in range(6)),
            "line",
        ),
        ("Year,Learners\n" + "".join(f"{2000 + i},{i * 3 + 1}\n" for i in range(30)), "line"),  # many categories
        (  # legend entries longer than the picture is wide
            "Year,"
            + ",".join(f"Series with an exceedingly long name number {i} for the legend" for i in range(4))
            + "\n"
            "2021,1,2,3,4\n2022,5,6,7,8\n",
            "bar",
        ),
        (
            "Kind,Share\n" + "".join(f"Kind of provision number {i} with a long name,{20 - i}\n" for i in range(20)),
            "pie",
        ),
        ("Region,Change\nAfrica,-12.5\nArab States,4\nEurope and North America,-1.5\n", "bar"),
        ("Wordwithoutanyspacesthatisfartoolongtofitanywhereatallinthepicture,1\nx,2\n", "bar"),
    ],
    ids=["long-names", "many-years", "long-legend", "pie-many-wedges", "negative", "one-long-word"],
)
def test_no_label_runs_off_the_picture(tmp_path: Path, csv_text: str, kind: str) -> None:
    assert _edge_is_blank(_picture(tmp_path, csv_text, kind))


def test_wrapped_lines_fit_their_width_and_overflow_ends_in_an_ellipsis() -> None:
    canvas = Canvas()
    lines = canvas.wrap("Generative artificial intelligence in teaching and learning at universities", 150, 2)
    assert len(lines) == 2
    assert all(canvas.measure(line) <= 150 for line in lines)
    assert lines[-1].endswith("…")
    assert canvas.wrap("Learning analytics", 400, 3) == ["Learning analytics"]


def test_value_axis_ticks_are_round_cover_every_value_and_say_per_cent(tmp_path: Path) -> None:
    scale = ValueScale(_chart(tmp_path, "Year,Online,Face\n2020,12%,-3%\n2021,87%,40%\n", "bar"))
    assert scale.ticks[0] <= -3 and scale.ticks[-1] >= 87 and 0 in scale.ticks
    assert scale.step in (10, 20, 25)
    assert scale.labels[0].startswith("\N{MINUS SIGN}") and all(label.endswith("%") for label in scale.labels)
    small = ValueScale(_chart(tmp_path, "Year,Rate\n2020,0.12\n2021,0.25\n", "line"))
    assert small.labels[:3] == ["0.00", "0.05", "0.10"]


def test_a_pie_of_zeros_is_refused_with_the_file_and_line(tmp_path: Path) -> None:
    from builder.errors import ContentError

    with pytest.raises(ContentError) as refused:
        _chart(tmp_path, "Format,Share\nOnline,0\nBlended,0\n", "pie")
    assert refused.value.render().startswith("data.csv:2: error: a pie chart needs at least one value above zero")


def test_axes_are_titled_from_the_csv_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One series: its name says what the values are ("Share of respondents (%)"); the first column's header
    what the categories are. With several series the legend names them instead."""
    drawn: list[tuple[float, float, str]] = []
    original = Canvas.text

    def recording(self: Canvas, x: float, y: float, text: str, anchor: str, fill: str = "#000000") -> None:
        drawn.append((x, y, text))
        original(self, x, y, text, anchor, fill)

    monkeypatch.setattr(Canvas, "text", recording)
    single = "Skill,Share of respondents (%)\nOnline assessment design,61\nShort-form video,55\n"
    _picture(tmp_path, single, "bar")
    texts = [text for _x, _y, text in drawn]
    assert "Share of respondents (%)" in texts and "Skill" in texts
    for x, y, _text in drawn:
        assert 0 < x < WIDTH and 0 < y < HEIGHT
    drawn.clear()
    _picture(tmp_path, "Year,Badges,Credit\n2021,10,2\n2022,20,5\n", "line")
    assert "Year" in [text for _x, _y, text in drawn]
