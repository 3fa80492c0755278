"""Charts from CSV data: read once, drawn as an image for Word and natively for PowerPoint.

The CSV's first column holds the categories and every other column a series
(header row first). The same ``ChartData`` feeds matplotlib (manuscript) and
python-pptx's native charts (deck), so both show the same numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import threading
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ContentError
from .forking import fork_is_safe

CHART_TYPES = ("bar", "line", "pie")
PALETTE = ["#0077D4", "#F28E2B", "#59A14F", "#9C6ADE", "#E15759", "#76B7B2", "#EDC948", "#7F7F7F"]
MAX_CSV_BYTES = 2 * 1024 * 1024
_NUMBER = re.compile(r"^[-+]?\d[\d,\s]*(\.\d+)?%?$|^[-+]?\.\d+%?$")


@dataclass(frozen=True)
class ChartData:
    chart_type: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str  # "%" when the CSV wrote percentages, else ""
    path: Path
    digest: str


def _parse_number(cell: str) -> float | None:
    cleaned = cell.strip()
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(cleaned)
    return float(cleaned.replace(",", "").replace(" ", "").rstrip("%"))


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
            f"the chart data file '{rel}' does not exist",
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
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in r)]
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ContentError(
            "the chart data needs a header row and at least one row of two columns",
            file=rel,
            line=1,
            hint="first column: categories; other columns: numbers, e.g. 'Year,Learners' then '2021,120'",
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
    series = list(zip(header[1:], columns))
    digest = hashlib.sha256(raw + kind.encode()).hexdigest()[:16]
    return ChartData(kind, categories, series, "%" if percent else "", path, digest)


def _available_font() -> str:
    """Arial where installed, else its metric twin Liberation Sans, else matplotlib's own font."""
    from matplotlib import font_manager

    for family in ("Arial", "Liberation Sans"):
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            return family
        except ValueError:
            continue
    return "DejaVu Sans"


def png_path(chart: ChartData, cache_dir: Path) -> Path:
    return cache_dir / f"chart-{chart.digest}.png"


def render_png(chart: ChartData, cache_dir: Path) -> Path:
    """Draw ``chart`` as a 200-dpi PNG (cached by data hash) for the Word documents."""
    target = png_path(chart, cache_dir)
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.3, 3.4), dpi=200)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    figure.patch.set_facecolor("white")
    if chart.chart_type == "pie":
        name, values = chart.series[0]
        axes.pie(
            values,
            labels=chart.categories,
            colors=PALETTE[: len(values)],
            autopct="%1.0f%%",
            startangle=90,
            counterclock=False,
            wedgeprops={"linewidth": 1, "edgecolor": "white"},
            textprops={"fontsize": 8},
        )
        axes.axis("equal")
    else:
        positions = list(range(len(chart.categories)))
        count = len(chart.series)
        width = 0.8 / count
        for index, (name, values) in enumerate(chart.series):
            colour = PALETTE[index % len(PALETTE)]
            if chart.chart_type == "bar":
                offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
                axes.bar(offsets, values, width=width * 0.92, label=name, color=colour)
            else:
                axes.plot(positions, values, marker="o", linewidth=2, label=name, color=colour)
        axes.set_xticks(positions, chart.categories, fontsize=8)
        if max(len(c) for c in chart.categories) * len(chart.categories) > 70:
            for tick in axes.get_xticklabels():
                tick.set_rotation(25)
                tick.set_horizontalalignment("right")
        axes.tick_params(axis="y", labelsize=8)
        if chart.unit:
            axes.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}%")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
        axes.set_axisbelow(True)
        if count > 1 or chart.chart_type == "line":
            axes.legend(fontsize=8, frameon=False)
    family = _available_font()
    for text in figure.findobj(match=lambda o: hasattr(o, "set_fontfamily")):
        text.set_fontfamily(family)
    rotated = chart.chart_type != "pie" and max(len(c) for c in chart.categories) * len(chart.categories) > 70
    figure.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.26 if rotated else 0.12)  # no second layout pass
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    figure.savefig(tmp, format="png", dpi=200)
    os.replace(tmp, target)
    return target


class ChartPrefetch:
    """Draws the charts a build needs in a separate process while the main one prepares the document.

    matplotlib is slow to import and to draw; doing it on the second core hides
    most of that cost. With ``warm_up`` the process starts at once and imports
    matplotlib while pandoc parses the chapters; ``draw`` hands it the charts
    once they are known, and ``wait()`` returns once every chart is on disk.
    """

    def __init__(self, cache_dir: Path, *, warm_up: bool = False):
        self.cache_dir = cache_dir
        self.futures: dict[str, Any] = {}  # chart digest → its drawing
        self.pool: Any = None
        self.lock = threading.Lock()  # two writers may wait at once
        if warm_up:
            self._pool().submit(_warm_up)

    def _pool(self) -> Any:
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork" if fork_is_safe() else "spawn")
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return self.pool

    def draw(self, charts: list[ChartData]) -> None:
        """Start drawing the charts not yet on disk, one after another, in the order given."""
        missing = {c.digest: c for c in charts if not png_path(c, self.cache_dir).is_file()}
        for digest, chart in missing.items():
            self.futures[digest] = self._pool().submit(_render_all, [chart], self.cache_dir)

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

    def wait(self) -> None:
        for future in list(self.futures.values()):
            try:
                future.result()
            except (Exception, CancelledError):
                pass
        self.close()

    def close(self) -> None:
        with self.lock:
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None


def _warm_up() -> None:
    """Import matplotlib and find the font, the fixed cost of the first chart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401

    _available_font()


def _render_all(charts: list[ChartData], cache_dir: Path) -> None:
    for chart in charts:
        render_png(chart, cache_dir)
