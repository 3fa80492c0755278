"""What a picture says to a reader who cannot see it: the author's ``alt``, or a chart described from its data.

A screen reader reads a figure's caption anyway, so the caption is not the
picture's description; the description says what the picture shows. For a
chart pubkit draws, that is its data: what is measured, by what, and the
values, in UN style (numbers in figures, "per cent" written out). ``alt=""``
marks a picture as decorative on purpose.
"""

from __future__ import annotations

from .charts import ChartData
from .model import Item

MOST_VALUES = 12  # a description names at most this many values, then says how many more there are
KIND_WORDS = {"bar": "Bar chart", "line": "Line chart", "pie": "Pie chart"}


def alt_text(item: Item) -> str | None:
    """The description of a figure: its ``alt`` (may be "" for a decorative picture), a chart described from
    its data when none is given, else None (no description: the check says so)."""
    if item.alt is not None:
        return " ".join(item.alt.split())
    if item.chart is not None:
        return describe_chart(item.chart, item.source)
    return None


def describe_chart(chart: ChartData, source: str | None = None) -> str:
    """ "Bar chart of Share of respondents by format: short online modules 41 per cent, …; source: author"

    The series keep their names as written in the CSV (they may be names of countries); the category
    header after "by" is a common noun ("Year", "Skill") and reads in lower case."""
    names = [name for name, _values in chart.series]
    measured = _joined(names) if chart.chart_type != "pie" else names[0]
    by = f" by {_common_noun(chart.category_name)}" if chart.category_name else ""
    head = f"{KIND_WORDS.get(chart.chart_type, 'Chart')} of {measured}{by}"
    if chart.chart_type == "pie" or len(chart.series) == 1:
        values = chart.series[0][1]
        shown = [f"{category} {_value(v, chart.unit)}" for category, v in zip(chart.categories, values)]
        separator = ", "
    else:
        shown = []
        for index, category in enumerate(chart.categories):
            parts = [f"{name} {_value(values[index], chart.unit)}" for name, values in chart.series]
            shown.append(f"{category}: {', '.join(parts)}")
        separator = "; "
    listed = separator.join(shown[:MOST_VALUES])
    if len(shown) > MOST_VALUES:
        listed += f" and {len(shown) - MOST_VALUES} more"
    tail = f"; source: {source}" if source else ""
    return f"{head}: {listed}{tail}"


def _value(value: float, unit: str) -> str:
    number = f"{int(value):,}" if value == int(value) else f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{number} per cent" if unit == "%" else number


def _common_noun(text: str) -> str:
    """ "Year" → "year"; "TVET level" keeps its capitals."""
    text = text.strip()
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _joined(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
