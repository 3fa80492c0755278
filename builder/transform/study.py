"""Study reports: the generated comparison of case studies and the table of who was consulted.

Both are ordinary captioned tables added to the document tree before numbering,
so they are numbered, listed, cross-referenced and registered like any other.
"""

from __future__ import annotations

import re

from ..config import STAKEHOLDER_GROUPS, SUBREGIONS
from ..model import Document, Part
from ..pandoc_ast import Header, Node, Para, attr, iter_nodes, simple_table, text_inlines
from ..sourcemap import derive
from ..yamlutil import value_span

COMPARISON_LABEL = "tbl:case-comparison"
CONSULTATION_LABEL = "tbl:consultations"
COMPARISON_FIELDS = ("nqf-integration", "recognition-model", "qa-mechanism")


def subregion_name(subregion: str) -> str:
    return "the Pacific" if subregion == "Pacific" else subregion


def case_studies(document: Document) -> list[Part]:
    """Chapters that describe one country: they carry ``country`` in their front matter."""
    return [p for p in document.parts if p.role == "chapter" and p.chapter.meta.get("country")]


def add_case_study_comparison(part: Part, document: Document) -> None:
    """After the executive summary (or at the start of the first chapter): coverage statement and table."""
    if document.config["type"] != "study-report":
        return
    hosts = document.parts_with_role("executive-summary") or document.parts_with_role("chapter")
    cases = case_studies(document)
    if not hosts or part is not hosts[0] or not cases:
        return
    words = document.labels["study_report"]
    rows = []
    for case in cases:
        meta = case.chapter.meta
        rows.append(
            [
                meta["country"],
                meta.get("subregion") or words["not_given"],
                meta.get("maturity") or words["not_given"],
                *[meta.get(key) or words["not_given"] for key in COMPARISON_FIELDS],
            ]
        )
    table = simple_table(
        attr(COMPARISON_LABEL, pairs={"source": "author"}),
        text_inlines(words["comparison_caption"]),
        list(words["columns"]),
        rows,
        widths=[0.13, 0.13, 0.1, 0.22, 0.21, 0.21],
    )
    keys = ("country", "subregion", "maturity", *COMPARISON_FIELDS)
    for case, row in zip(cases, table["c"][4][0][3]):  # each cell says which front matter value it shows
        for key, cell in zip(keys, row[1]):
            derive(list(iter_nodes(cell[4])), f"comparison:{key}", _front_matter_value(case, key))
    blocks = [
        Header(2, text_inlines(words["comparison_heading"])),
        Para(text_inlines(coverage_statement(document))),
        table,
    ]
    if part.role == "chapter":
        part.blocks[1:1] = blocks  # after the chapter title
    else:
        part.blocks.extend(blocks)


def coverage_statement(document: Document) -> str:
    words = document.labels["study_report"]
    cases = case_studies(document)
    covered = [s for s in SUBREGIONS if any(c.chapter.meta.get("subregion") == s for c in cases)]
    missing = [s for s in SUBREGIONS if s not in covered]
    counts = {
        "count": number_words(len(cases)),
        "mature": number_words(sum(c.chapter.meta.get("maturity") == "mature" for c in cases)),
        "emerging": number_words(sum(c.chapter.meta.get("maturity") == "emerging" for c in cases)),
    }
    if not missing:
        return words["coverage_all"].format(**counts)
    return words["coverage_some"].format(
        **counts,
        covered=number_words(len(covered)),
        names=_join([subregion_name(s) for s in covered]) or "none",
        missing=_join([subregion_name(s) for s in missing]),
        is_are="is" if len(missing) == 1 else "are",
    )


def add_consultation_table(part: Part, document: Document) -> None:
    """After the last consultation summary: participants by sub-region and stakeholder group, by gender."""
    consultations = document.parts_with_role("consultation")
    if not consultations or part is not consultations[-1]:
        return
    words = document.labels["study_report"]
    groups = words["stakeholder_groups"]
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for consultation in consultations:
        meta = consultation.chapter.meta
        region = meta.get("subregion") or ""
        for group, counts in (meta.get("participants") or {}).items():
            cell = totals.setdefault((region, group), {"women": 0, "men": 0, "other": 0})
            cell["women"] += counts.get("women", 0)
            cell["men"] += counts.get("men", 0)
            cell["other"] += counts.get("other", 0) + counts.get("total", 0)
    if not totals:
        return
    order = {s: i for i, s in enumerate(("", *SUBREGIONS))}
    rows = []
    grand = {"women": 0, "men": 0, "other": 0}
    for (region, group), cell in sorted(
        totals.items(), key=lambda kv: (order.get(kv[0][0], 99), STAKEHOLDER_GROUPS.index(kv[0][1]))
    ):
        for key in grand:
            grand[key] += cell[key]
        rows.append(
            [
                region or words["not_given"],
                groups.get(group, group),
                str(cell["women"]),
                str(cell["men"]),
                str(cell["other"]),
                str(sum(cell.values())),
            ]
        )
    rows.append(["Total", "", str(grand["women"]), str(grand["men"]), str(grand["other"]), str(sum(grand.values()))])
    table = simple_table(
        attr(CONSULTATION_LABEL, pairs={"source": "author"}),
        text_inlines(words["consultation_caption"]),
        list(words["consultation_columns"]),
        rows,
        widths=[0.2, 0.3, 0.1, 0.1, 0.18, 0.12],
    )
    for node in iter_nodes(table["c"][4]):
        node["g"] = "consultations"  # sums of the participants given in the summaries' front matter
    part.blocks.extend([Header(2, text_inlines(words["consultation_heading"])), table])


def _front_matter_value(case: Part, key: str) -> Node:
    """A stand-in node for where a case study's front matter gives ``key`` (its line, if written)."""
    chapter = case.chapter
    front = chapter.text[: chapter.body_offset]
    found = re.search(rf"^{re.escape(key)}[ \t]*:", front, re.MULTILINE)
    span = value_span(front, front.count("\n", 0, found.start()) + 1) if found else None
    return {"p": [span[0], span[1], chapter.rel]} if span else {}


def number_words(number: int) -> str:
    """UN style: numbers under 10 in words."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[number] if 0 <= number < 10 else f"{number:,}"


def _join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
