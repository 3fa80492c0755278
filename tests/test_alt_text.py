"""Text alternatives: the author's alt, a decorative picture, and charts described from their own data."""

from __future__ import annotations

from pathlib import Path

from builder.alt_text import alt_text, describe_chart
from builder.charts import load_chart
from builder.model import Item


def _chart(tmp_path: Path, csv: str, kind: str = "bar"):
    path = tmp_path / "data.csv"
    path.write_text(csv, encoding="utf-8")
    return load_chart(path, "assets/data.csv", kind, used_in="content/a.md", line=1)


def test_a_chart_is_described_by_what_it_measures_and_its_values(tmp_path: Path) -> None:
    chart = _chart(tmp_path, "Skill,Share of respondents\nOnline assessment design,61%\nShort-form video,55%\n")
    assert describe_chart(chart, "author") == (
        "Bar chart of Share of respondents by skill: Online assessment design 61 per cent, "
        "Short-form video 55 per cent; source: author"
    )


def test_several_series_are_given_category_by_category_and_long_data_is_cut_short(tmp_path: Path) -> None:
    rows = "".join(f"{2000 + year},{year},{year * 2.5}\n" for year in range(20))
    chart = _chart(tmp_path, "Year,Lecturers,Instructors\n" + rows, "line")
    described = describe_chart(chart)
    assert described.startswith("Line chart of Lecturers and Instructors by year: 2000: Lecturers 0, Instructors 0;")
    assert "2001: Lecturers 1, Instructors 2.5;" in described
    assert described.endswith(" and 8 more")


def test_a_pie_names_its_shares(tmp_path: Path) -> None:
    chart = _chart(tmp_path, "Provider,Share\nUniversities,45%\nVendors,30%\nAgencies,25%\n", "pie")
    assert describe_chart(chart) == (
        "Pie chart of Share by provider: Universities 45 per cent, Vendors 30 per cent, Agencies 25 per cent"
    )


def test_the_authors_alt_comes_first_an_empty_one_is_decorative_and_none_is_none(tmp_path: Path) -> None:
    chart = _chart(tmp_path, "Year,Learners\n2021,120\n2022,180\n")
    item = Item("figure", "fig:a", {"source": "author"}, [], None, None)  # type: ignore[arg-type]
    assert alt_text(item) is None
    item.chart = chart
    assert alt_text(item) == "Bar chart of Learners by year: 2021 120, 2022 180; source: author"
    item.alt = "  Learners rose   from 120 to 180 "
    assert alt_text(item) == "Learners rose from 120 to 180"
    item.alt = ""
    assert alt_text(item) == ""
