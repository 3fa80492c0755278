"""Charts from CSV data: read once, drawn as an image for Word and natively for PowerPoint.

The CSV's first column holds the categories and every other column a series
(header row first). The same ``ChartData`` feeds the pictures in the Word
documents (``chart_drawing``, with Pillow) and python-pptx's native charts in
the deck, so both show the same numbers the same way round.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import cachefile
from .errors import ContentError
from .paths import did_you_mean

CHART_TYPES = ("bar", "line", "pie")
MAX_CSV_BYTES = 2 * 1024 * 1024
# What a chart can show on a page: more rows take minutes to draw and show nothing (bars under a pixel).
MAX_CHART_ROWS = 500
MAX_CHART_SERIES = 20
MAX_BARS = 400
MAX_CHART_VALUE = 1e15  # larger numbers lose their digits in a float and their meaning on an axis
DRAWING_VERSION = b"4"  # part of a chart's digest: pictures cached by an older drawing code are drawn again
# What tells one series from another besides its colour (WCAG 1.4.1, "use of color"): in a line chart
# each series has its own marker shape, in a bar chart its own hatching (white lines over the colour),
# the same in the Word picture and the deck's native chart, and the legend shows them.
SERIES_MARKERS = ("circle", "square", "triangle", "diamond", "x", "star")
SERIES_HATCHES = ("solid", "diagonal", "horizontal", "crossed", "back-diagonal", "vertical")
_NUMBER = re.compile(r"^[-+]?\d[\d,\s]*(\.\d+)?%?$|^[-+]?\.\d+%?$")


@dataclass(frozen=True)
class ChartData:
    chart_type: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str  # "%" when the CSV wrote percentages, else ""
    path: Path
    digest: str
    category_name: str = ""  # the header of the first column: what the categories are ("Year", "Skill")

    @property
    def value_title(self) -> str:
        """What the values are, from the CSV header: one series' name ("Share of respondents (%)"); with
        several series the legend names them and the value axis has no title."""
        return self.series[0][0].strip() if len(self.series) == 1 and self.chart_type != "pie" else ""

    @property
    def category_title(self) -> str:
        """What the categories are: the first column's header ("Year", "Skill"); a pie names its wedges."""
        return self.category_name.strip() if self.chart_type != "pie" else ""

    @property
    def reads_best_horizontally(self) -> bool:
        """Bars across rather than columns: long category names, or many categories, need the width."""
        return self.chart_type == "bar" and (max(len(c) for c in self.categories) > 14 or len(self.categories) > 8)


def series_marker(index: int) -> str:
    return SERIES_MARKERS[index % len(SERIES_MARKERS)]


def series_hatch(index: int) -> str:
    return SERIES_HATCHES[index % len(SERIES_HATCHES)]


class _TooLarge(ValueError):
    """A number a chart cannot draw: beyond ``MAX_CHART_VALUE``, or infinite."""


def _parse_number(cell: str) -> float | None:
    cleaned = cell.strip()
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        try:  # 1e308, inf: numbers, but no chart's
            written = float(cleaned)
        except ValueError:
            raise ValueError(cleaned) from None
        if written == written and abs(written) > MAX_CHART_VALUE:
            raise _TooLarge(cleaned)
        raise ValueError(cleaned)
    value = float(cleaned.replace(",", "").replace(" ", "").rstrip("%"))
    if abs(value) > MAX_CHART_VALUE:
        raise _TooLarge(cleaned)
    return value


def load_chart(path: Path, rel: str, chart_type: str | None, *, used_in: str, line: int | None) -> ChartData:
    """Read and validate a chart CSV; errors name the CSV file and line."""
    kind = (chart_type or "bar").strip().lower()
    if kind not in CHART_TYPES:
        raise ContentError(
            f'chart="{chart_type}" is not a chart type pubkit draws',
            file=used_in,
            line=line,
            hint='use chart="bar", chart="line" or chart="pie"',
        )
    if not path.is_file():
        raise ContentError(
            f"the chart data file '{rel}' does not exist{did_you_mean(path, rel)}",
            file=used_in,
            line=line,
            hint="check the spelling of the path, relative to the project folder",
        )
    if path.stat().st_size > MAX_CSV_BYTES:
        raise ContentError(
            "the chart data file is larger than 2 MB", file=rel, hint="a chart needs a small summary table"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError("the chart data file is not UTF-8 text", file=rel, hint="save the CSV as UTF-8") from None
    if "\x00" in text:
        raise ContentError(
            "the chart data file contains a NUL character (byte 0)",
            file=rel,
            line=text.count("\n", 0, text.index("\x00")) + 1,
            hint="this is not a CSV text file, or it is damaged: export the table again as CSV (UTF-8)",
        )
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    rows = _read_rows(text, dialect, rel)
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ContentError(
            "the chart data needs a header row and at least one row of two columns",
            file=rel,
            line=1,
            hint="first column: categories; other columns: numbers, e.g. 'Year,Learners' then '2021,120'",
        )
    if len(rows) - 1 > MAX_CHART_ROWS or len(rows[0]) - 1 > MAX_CHART_SERIES:
        many = len(rows) - 1 > MAX_CHART_ROWS
        raise ContentError(
            f"the chart data has {len(rows) - 1:,} rows, more than the {MAX_CHART_ROWS} a chart can show"
            if many
            else f"the chart data has {len(rows[0]) - 1} series, more than the {MAX_CHART_SERIES} a chart can show",
            file=rel,
            line=None if many else 1,
            hint="a chart shows a summary: group or total the rows (by year, by region) and keep the full data "
            "in an annex table or a separate file",
        )
    if kind == "bar" and (len(rows) - 1) * (len(rows[0]) - 1) > MAX_BARS:
        raise ContentError(
            f"a bar chart of {(len(rows) - 1) * (len(rows[0]) - 1):,} bars ({len(rows) - 1} rows × "
            f"{len(rows[0]) - 1} series) is more than the {MAX_BARS} a page can show",
            file=rel,
            line=1,
            hint='group the rows, keep fewer series, or draw it as chart="line"',
        )
    header = [h.strip() for h in rows[0]]
    categories: list[str] = []
    columns: list[list[float]] = [[] for _ in header[1:]]
    percent = False
    for line_no, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            raise ContentError(
                f"this row has {len(row)} columns but the header has {len(header)}",
                file=rel,
                line=line_no,
                hint="give every row one value per column",
            )
        categories.append(row[0].strip())
        for index, cell in enumerate(row[1:]):
            try:
                value = _parse_number(cell)
            except _TooLarge:
                raise ContentError(
                    f"'{cell.strip()[:40]}' in column '{header[index + 1]}' is too large for a chart "
                    f"(pubkit draws values up to {MAX_CHART_VALUE:,.0f})",
                    file=rel,
                    line=line_no,
                    hint="give the values in a larger unit (millions, billions) and say so in the column's header",
                ) from None
            except ValueError:
                raise ContentError(
                    f"'{cell.strip()}' in column '{header[index + 1]}' is not a number",
                    file=rel,
                    line=line_no,
                    hint="chart columns after the first must hold numbers",
                ) from None
            percent = percent or cell.strip().endswith("%")
            columns[index].append(value if value is not None else 0.0)
    if kind == "pie" and any(v < 0 for v in columns[0]):
        raise ContentError("a pie chart cannot show negative values", file=rel, hint='use chart="bar" instead')
    if kind == "pie" and not any(columns[0]):
        raise ContentError(
            "a pie chart needs at least one value above zero", file=rel, line=2, hint="check the second column"
        )
    series = list(zip(header[1:], columns))
    digest = hashlib.sha256(raw + kind.encode() + DRAWING_VERSION).hexdigest()[:16]
    return ChartData(kind, categories, series, "%" if percent else "", path, digest, header[0])


def _read_rows(text: str, dialect: type[csv.Dialect] | csv.Dialect, rel: str) -> list[list[str]]:
    """The CSV's rows that hold something; a row pubkit cannot read (a cell over 128 KB, an unclosed quote
    running to the end) is a located error."""
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
    except csv.Error as exc:
        raise ContentError(
            f"this row of the chart data cannot be read: {exc}",
            file=rel,
            line=reader.line_num,
            hint='a cell holds one short value: look for a quote (") that is opened and never closed',
        ) from None
    return rows


def png_path(chart: ChartData, cache_dir: Path) -> Path:
    return cache_dir / f"chart-{chart.digest}.png"


def render_png(chart: ChartData, cache_dir: Path) -> Path:
    """The chart's picture for the Word documents, drawn once per data and drawing version (cached)."""
    target = png_path(chart, cache_dir)
    if cachefile.whole(target):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    from .chart_drawing import draw_chart  # Pillow is imported only when a chart is drawn

    draw_chart(chart, target)
    cachefile.seal(target)
    return target


class ChartPrefetch:
    """Draws the charts a build needs on a background thread while the writers prepare their documents.

    The writers need the pictures only when pandoc writes the chapters that show them; until then the
    main thread mostly waits for pandoc (parsing, citations), so the drawing costs no time of its own.
    ``wait_for`` returns once the given charts are on disk.
    """

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self.futures: dict[str, Future[Path]] = {}  # chart digest → its drawing
        self.pool: ThreadPoolExecutor | None = None
        self.lock = threading.Lock()  # two writers may close it at once

    def draw(self, charts: list[ChartData]) -> None:
        """Start drawing the charts not yet on disk, one after another, in the order given."""
        missing = {c.digest: c for c in charts if not cachefile.whole(png_path(c, self.cache_dir))}
        with self.lock:
            for digest, chart in missing.items():
                if self.pool is None:
                    self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pubkit-charts")
                self.futures[digest] = self.pool.submit(render_png, chart, self.cache_dir)

    def wait_for(self, charts: list[ChartData]) -> None:
        """Return once these charts are drawn (or their drawing failed: the writer then draws them itself
        and reports any error)."""
        for chart in charts:
            future = self.futures.get(chart.digest)
            if future is not None:
                try:
                    future.result()
                except (Exception, CancelledError):
                    pass

    def close(self) -> None:
        with self.lock:
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
