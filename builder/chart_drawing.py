"""Chart pictures for the Word documents, drawn with Pillow from the ``ChartData`` the deck's native charts use.

Every label is measured in the font it is drawn in, so none is cut off at the
picture's edge: category names wrap under their column (and bar charts with
long names turn horizontal, as they do in the deck), the legend sits above
the plot and wraps, a pie is labelled by a legend beside it, and a label that
still cannot fit ends in an ellipsis. Series differ by more than colour: each
line has its own marker shape and each bar series its own hatching, shown in
the legend too. Pictures are drawn at twice their size
and halved, which smooths lines, markers and wedges.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from .charts import series_hatch, series_marker
from .fonts import font_file

if TYPE_CHECKING:
    from .charts import ChartData

WIDTH, HEIGHT = 1260, 680  # pixels: 6.3 × 3.4 inches at 200 dpi, the text width of an A4 page
DPI = 200
SCALE = 2  # drawn at twice the size, then halved
TEXT_POINTS = 9
PALETTE = ["#0077D4", "#F28E2B", "#59A14F", "#9C6ADE", "#E15759", "#76B7B2", "#EDC948", "#7F7F7F"]
TEXT = "#404040"
AXIS = "#8C8C8C"
GRID = "#DDDDDD"
PAD = 20  # pixels at the final size
MARKER_RADIUS = 7
HATCH_SPACING, HATCH_STROKE = 9, 2.5  # pixels at the final size: hatching's white lines and their width
HATCH_LINES = {  # a hatch's line directions: "/" rising, "\\" falling, "-" across, "|" up
    "diagonal": ("/",),
    "back-diagonal": ("\\",),
    "horizontal": ("-",),
    "vertical": ("|",),
    "crossed": ("-", "|"),
}
# Arial where installed; else its metric twin Liberation Sans; else DejaVu Sans (``builder.fonts``); else
# Pillow's own font.

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Box = tuple[float, float, float, float]  # left, top, right, bottom


def draw_chart(chart: ChartData, target: Path) -> None:
    """Draw ``chart`` into the PNG file ``target`` (written whole, then renamed into place)."""
    canvas = Canvas()
    if chart.chart_type == "pie":
        _pie(canvas, chart)
    elif chart.reads_best_horizontally:
        _horizontal_bars(canvas, chart)
    else:
        _columns_or_lines(canvas, chart)
    picture = canvas.image.reduce(SCALE)
    temporary = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    picture.save(temporary, format="PNG", dpi=(DPI, DPI), compress_level=6)
    os.replace(temporary, target)


class Canvas:
    """A white picture whose drawing methods take coordinates at the final size."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "white")
        self.pen = ImageDraw.Draw(self.image)
        self.font = _font(round(TEXT_POINTS * DPI / 72 * SCALE))
        self.line_height = TEXT_POINTS * DPI / 72 * 1.25
        self.swatch_side = self.line_height * 0.7  # a series' or wedge's colour square, beside its name

    def measure(self, text: str) -> float:
        return self.font.getlength(text) / SCALE

    def text(self, x: float, y: float, text: str, anchor: str, fill: str = TEXT) -> None:
        self.pen.text((x * SCALE, y * SCALE), text, font=self.font, fill=fill, anchor=anchor)

    def lines_of_text(self, x: float, top: float, lines: list[str], anchor: str) -> None:
        """Lines one under another from ``top``, each centred in its line's height (as a swatch beside it
        is); ``anchor`` is "l", "m" or "r" for their horizontal alignment."""
        for index, line in enumerate(lines):
            self.text(x, top + (index + 0.5) * self.line_height, line, anchor + "m")

    def rectangle(self, box: Box, fill: str, hatch: str = "solid") -> None:
        """A filled rectangle; any ``hatch`` but "solid" draws white lines across it (see ``HATCH_LINES``)."""
        left, top, right, bottom = box
        corners = (
            round(left * SCALE),
            round(min(top, bottom) * SCALE),
            round(right * SCALE),
            round(max(top, bottom) * SCALE),
        )
        self.pen.rectangle((corners[0], corners[1], corners[2] - 1, corners[3] - 1), fill=fill)
        width, height = corners[2] - corners[0], corners[3] - corners[1]
        if hatch == "solid" or width <= 0 or height <= 0:
            return
        region = self.image.crop(corners)
        pen = ImageDraw.Draw(region)
        spacing, stroke = HATCH_SPACING * SCALE, round(HATCH_STROKE * SCALE)
        reach = width + height  # every line starts far enough out to cross the whole region
        for direction in HATCH_LINES[hatch]:
            for offset in range(-reach, reach, spacing):
                start, end = _hatch_line(direction, offset, reach)
                pen.line([start, end], fill="white", width=stroke)
        self.image.paste(region, corners[:2])

    def line(self, points: list[tuple[float, float]], fill: str, width: float) -> None:
        self.pen.line([(x * SCALE, y * SCALE) for x, y in points], fill=fill, width=round(width * SCALE), joint="curve")

    def marker(self, x: float, y: float, radius: float, shape: str, fill: str) -> None:
        """A line chart's point marker centred on (x, y): one of ``charts.SERIES_MARKERS``."""
        cx, cy, r = x * SCALE, y * SCALE, radius * SCALE
        if shape == "circle":
            self.pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        elif shape == "square":
            side = r * 0.88
            self.pen.rectangle((cx - side, cy - side, cx + side, cy + side), fill=fill)
        elif shape == "x":
            arm = r * 0.85
            for dx in (arm, -arm):
                self.pen.line([(cx - dx, cy - arm), (cx + dx, cy + arm)], fill=fill, width=round(r * 0.55))
        else:
            corners = {"triangle": 3, "diamond": 4, "star": 10}[shape]
            outer = r * (1.25 if shape == "triangle" else 1.15)
            points = []
            for n in range(corners):
                reach = outer * (0.45 if shape == "star" and n % 2 else 1)
                angle = math.radians(-90 + 360 * n / corners)
                points.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
            self.pen.polygon(points, fill=fill)

    def wrap(self, text: str, width: float, max_lines: int) -> list[str]:
        """``text`` in lines no wider than ``width``; what does not fit in ``max_lines`` ends in an ellipsis."""
        lines: list[str] = []
        for word in text.split():
            if lines and self.measure(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if not lines:
            return []
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
            lines[-1] = self.shorten(lines[-1] + "…", width)
        return [self.shorten(line, width) for line in lines]

    def shorten(self, line: str, width: float) -> str:
        if self.measure(line) <= width:
            return line
        while len(line) > 1 and self.measure(line.rstrip("…") + "…") > width:
            line = line.rstrip("…")[:-1]
        return line.rstrip("…").rstrip() + "…"

    def swatch(self, x: float, top: float, colour: str, hatch: str = "solid") -> None:
        """The square of a series' or wedge's colour (and hatching), centred in the height of the line at ``top``."""
        side = self.swatch_side
        middle = top + self.line_height / 2
        self.rectangle((x, middle - side / 2, x + side, middle + side / 2), colour, hatch)

    def legend(self, entries: list[tuple[str, str, str | None]], left: float, top: float, right: float) -> float:
        """Key and name for each series, in rows across the top; returns the bottom of the last row. An entry
        is (name, colour, marker): a line's marker on a short stretch of line, else a hatched swatch."""
        swatch = self.swatch_side
        x, y = left, top
        for index, (name, colour, marker) in enumerate(entries):
            label = self.shorten(name, right - left - swatch * 1.6)
            needed = swatch * 1.5 + self.measure(label)
            if x > left and x + needed > right:
                x, y = left, y + self.line_height * 1.2
            if marker is None:
                self.swatch(x, y, colour, series_hatch(index))
            else:
                middle = y + self.line_height / 2
                self.line([(x - swatch * 0.2, middle), (x + swatch * 1.2, middle)], colour, 3)
                self.marker(x + swatch / 2, middle, MARKER_RADIUS, marker, colour)
            self.text(x + swatch * 1.5, y + self.line_height / 2, label, "lm")
            x += needed + swatch * 2
        return y + self.line_height


def _columns_or_lines(canvas: Canvas, chart: ChartData) -> None:
    """Vertical bars (columns) or lines: categories along the bottom, values up the left."""
    top = _top_below_legend(canvas, chart)
    top = _title_above(canvas, chart.value_title, top)  # what the values are, over their axis
    scale = ValueScale(chart)
    left = PAD + max(canvas.measure(label) for label in scale.labels) + PAD / 2
    right = WIDTH - PAD
    count = len(chart.categories)
    slot = (right - left) / count
    labels, every = _category_labels(canvas, chart.categories, slot)
    bottom = _title_below(canvas, chart.category_title, (left + right) / 2)
    bottom -= canvas.line_height * max(len(lines) for lines in labels) + PAD / 2
    to_y = scale.mapping(bottom, top)
    for value, label in zip(scale.ticks, scale.labels):
        canvas.line([(left, to_y(value)), (right, to_y(value))], GRID, 1.2)
        canvas.text(left - PAD / 2, to_y(value), label, "rm")
    for index, lines in enumerate(labels):
        if index % every == 0:
            canvas.lines_of_text(left + slot * (index + 0.5), bottom + PAD / 2, lines, "m")
    series_count = len(chart.series)
    for number, (_name, values) in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        if chart.chart_type == "bar":
            width = slot * 0.72 / series_count
            for index, value in enumerate(values):
                x = left + slot * index + slot * 0.14 + width * number
                box = (x + width * 0.04, to_y(value), x + width * 0.96, to_y(0))
                canvas.rectangle(box, colour, series_hatch(number))
        else:
            points = [(left + slot * (index + 0.5), to_y(value)) for index, value in enumerate(values)]
            canvas.line(points, colour, 5)
            for x, y in points:
                canvas.marker(x, y, MARKER_RADIUS, series_marker(number), colour)
    canvas.line([(left, to_y(0)), (right, to_y(0))], AXIS, 2)
    canvas.line([(left, top), (left, bottom)], AXIS, 2)


def _horizontal_bars(canvas: Canvas, chart: ChartData) -> None:
    """Bars across: long category names read on the left, one under another, values along the bottom."""
    top = _top_below_legend(canvas, chart)
    top = _title_above(canvas, chart.category_title, top)  # what the categories are, over their names
    scale = ValueScale(chart)
    bottom = _title_below(canvas, chart.value_title, WIDTH / 2) - canvas.line_height - PAD / 2
    count = len(chart.categories)
    slot = (bottom - top) / count
    max_lines = max(1, min(3, int(slot * 0.95 // canvas.line_height)))
    label_width = WIDTH * 0.38
    labels = [canvas.wrap(category, label_width, max_lines) for category in chart.categories]
    left = PAD + max(canvas.measure(line) for lines in labels for line in lines or [""]) + PAD / 2
    right = WIDTH - PAD - canvas.measure(scale.labels[-1]) / 2
    to_x = scale.mapping(left, right)
    for value, label in zip(scale.ticks, scale.labels):
        canvas.line([(to_x(value), top), (to_x(value), bottom)], GRID, 1.2)
        canvas.text(to_x(value), bottom + PAD / 2, label, "mt")
    for index, lines in enumerate(labels):
        middle = top + slot * (index + 0.5)
        canvas.lines_of_text(left - PAD / 2, middle - canvas.line_height * len(lines) / 2, lines, "r")
    series_count = len(chart.series)
    height = slot * 0.72 / series_count
    for number, (_name, values) in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        for index, value in enumerate(values):
            y = top + slot * index + slot * 0.14 + height * number
            start, end = sorted((to_x(0), to_x(value)))
            canvas.rectangle((start, y + height * 0.04, end, y + height * 0.96), colour, series_hatch(number))
    canvas.line([(to_x(0), top), (to_x(0), bottom)], AXIS, 2)
    canvas.line([(left, bottom), (right, bottom)], AXIS, 2)


def _pie(canvas: Canvas, chart: ChartData) -> None:
    """Wedges clockwise from twelve o'clock, shares written in the wedges wide enough to hold them,
    and a legend beside the pie naming every wedge (with its share, when the wedge is too narrow)."""
    _name, values = chart.series[0]
    total = sum(values)
    radius = HEIGHT / 2 - PAD
    centre_x, centre_y = PAD + radius, HEIGHT / 2
    shares = [value / total * 100 for value in values]
    angle = -90.0
    box = tuple(v * SCALE for v in (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius))
    labelled: list[bool] = []
    for index, share in enumerate(shares):
        sweep = share * 3.6
        colour = PALETTE[index % len(PALETTE)]
        if sweep > 0:
            canvas.pen.pieslice(box, angle, angle + sweep, fill=colour, outline="white", width=2 * SCALE)
        middle = math.radians(angle + sweep / 2)
        label = f"{share:.0f}%"
        x, y = centre_x + radius * 0.64 * math.cos(middle), centre_y + radius * 0.64 * math.sin(middle)
        fits = sweep >= 18 and canvas.measure(label) < radius * 0.64 * math.radians(sweep)
        if fits:
            canvas.text(x, y, label, "mm", fill=_text_colour_on(colour))
        labelled.append(fits)
        angle += sweep
    left = centre_x + radius + PAD * 2
    width = WIDTH - PAD - left
    swatch = canvas.swatch_side
    entries = [
        canvas.wrap(category if fits else f"{category} ({share:.0f}%)", width - swatch * 1.5, 2)
        for category, share, fits in zip(chart.categories, shares, labelled)
    ]
    height = sum(len(lines) for lines in entries) * canvas.line_height + (len(entries) - 1) * canvas.line_height * 0.5
    y = max(PAD, centre_y - height / 2)
    for index, lines in enumerate(entries):
        if y + canvas.line_height > HEIGHT - PAD:
            break  # more wedges than the legend has room for: the rest stay unnamed rather than run off the edge
        colour = PALETTE[index % len(PALETTE)]
        canvas.swatch(left, y, colour)
        canvas.lines_of_text(left + swatch * 1.5, y, lines, "l")
        y += canvas.line_height * (len(lines) + 0.5)


class ValueScale:
    """Round tick values covering zero and every value of the chart, and their labels."""

    def __init__(self, chart: ChartData):
        values = [v for _name, series in chart.series for v in series]
        low, high = min(0.0, *values), max(0.0, *values)
        if high == low:
            high = low + 1
        rough = (high - low) / 5
        magnitude = 10 ** math.floor(math.log10(rough))
        self.step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough * 0.999)
        first, last = math.floor(low / self.step + 1e-9), math.ceil(high / self.step - 1e-9)
        self.ticks = [n * self.step for n in range(first, last + 1)]
        decimals = max(0, -math.floor(math.log10(self.step) + 1e-9)) if self.step % 1 else 0
        if decimals and round(self.step, decimals) != round(self.step, 10):
            decimals += 1  # a step of 2.5 × 10ⁿ needs one more digit
        self.labels = [f"{tick:,.{decimals}f}{chart.unit}".replace("-", "\N{MINUS SIGN}") for tick in self.ticks]

    def mapping(self, at_low: float, at_high: float) -> Callable[[float], float]:
        """The function placing a value between two pixel positions (the lowest and highest ticks)."""
        low, high = self.ticks[0], self.ticks[-1]
        return lambda value: at_low + (value - low) / (high - low) * (at_high - at_low)


def _category_labels(canvas: Canvas, categories: list[str], slot: float) -> tuple[list[list[str]], int]:
    """Category names wrapped to their column (up to three lines), or, where there are many categories
    too wide for one line each, every n-th one on a single line."""
    widest = max(canvas.measure(c) for c in categories)
    if len(categories) > 8 and widest > slot * 0.92:
        every = math.ceil(widest / (slot * 0.92))
        if every * slot * 0.92 < WIDTH / 3:
            return [[canvas.shorten(c, every * slot * 0.92)] for c in categories], every
    return [canvas.wrap(c, slot * 0.92, 3) for c in categories], 1


def _title_above(canvas: Canvas, title: str, top: float) -> float:
    """An axis title written at the top left, over the axis it names; returns where the plot now starts."""
    if not title:
        return top
    canvas.text(PAD, top + canvas.line_height / 2, canvas.shorten(title, WIDTH - 2 * PAD), "lm")
    return top + canvas.line_height + PAD / 2


def _title_below(canvas: Canvas, title: str, centre: float) -> float:
    """An axis title centred along the bottom; returns the bottom left for the axis' labels."""
    bottom = HEIGHT - PAD
    if not title:
        return bottom
    canvas.text(centre, bottom - canvas.line_height / 2, canvas.shorten(title, WIDTH - 2 * PAD), "mm")
    return bottom - canvas.line_height - PAD / 4


def _top_below_legend(canvas: Canvas, chart: ChartData) -> float:
    """Where the plot starts: below the legend drawn across the top when there are several series."""
    if len(chart.series) < 2:
        return PAD
    entries = [
        (name, PALETTE[index % len(PALETTE)], series_marker(index) if chart.chart_type == "line" else None)
        for index, (name, _values) in enumerate(chart.series)
    ]
    return canvas.legend(entries, PAD, PAD, WIDTH - PAD) + PAD


def _hatch_line(direction: str, offset: int, reach: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The two ends of one hatching line ``offset`` pixels along, long enough to cross a region ``reach`` wide."""
    if direction == "-":
        return (0, offset + reach), (reach, offset + reach)
    if direction == "|":
        return (offset + reach, 0), (offset + reach, reach)
    if direction == "/":
        return (offset, reach), (offset + reach, 0)
    return (offset, 0), (offset + reach, reach)


def _text_colour_on(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return TEXT if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "white"


@functools.lru_cache(maxsize=4)
def _font(size: int) -> Font:
    path = font_file()
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    return ImageFont.load_default(size)
