"""``pubkit status``: the deliverables schedule, days left, and whether each output passes its checks.

An output "passes" when its own checks are clean: the manuscript has no check
errors and its chapters are within ``limits.words``; the deck (as last built) has
a slide count inside ``limits.slides``; the brief (as last rendered) fits
``limits.brief_pages``; every third-party item has its permission resolved.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .bibliography import load_bibliography
from .check.run import run_checks, scan_project
from .check.structure import count_words
from .errors import ConfigError, PubkitError
from .model import authors_own
from .project import Project, load_project

OUTPUT_RULES = {"slides": ("slide-count",), "brief": ("brief-pages",), "permissions": ("permission",)}
GUESSES: list[tuple[str, str | None]] = [
    (r"inception|consultation|workshop|webinar", None),  # deliverables without a built output
    (r"slide|presentation|\bppt|deck", "slides"),
    (r"brief", "brief"),
    (r"permission|consent|register|rights", "permissions"),
    (r"report|manuscript|case stud|chapter|draft|final", "manuscript"),
]


@dataclass
class OutputState:
    passes: bool | None  # None: cannot tell yet (not built)
    detail: str


@dataclass
class DeliverableRow:
    name: str
    due: str
    days_left: int
    when: str  # "12 days left", "due today", "3 days overdue", "submitted 2024-09-14"
    output: str | None
    passes: bool | None
    detail: str


def guess_output(name: str) -> str | None:
    lowered = name.lower()
    for pattern, output in GUESSES:
        if re.search(pattern, lowered):
            return output
    return None


def output_states(project: Project) -> dict[str, OutputState]:
    built = project.root / "build"
    outputs = {name: built / name for name in ("slides.pptx", "brief.pdf") if (built / name).is_file()}
    findings = run_checks(project, load_bibliography(project), outputs=outputs, cache_dir=built / ".cache")
    _, sources = scan_project(project)
    limits = project.config["limits"]
    states: dict[str, OutputState] = {}

    words = sum(count_words(s) for s in sources if s.role == "chapter")
    manuscript_errors = [
        f for f in findings if f.severity == "error" and f.rule not in OUTPUT_RULES["slides"] + OUTPUT_RULES["brief"]
    ]
    word_text = f"{words:,} words" + (
        f" (limit {limits['words'][0]:,}–{limits['words'][1]:,})" if limits["words"] else ""
    )
    word_problem = [f for f in findings if f.rule == "word-limit"]
    failures = [word_text] if word_problem else []
    if manuscript_errors:
        count = len(manuscript_errors)
        failures.append(f"{count} check error{'s' * (count != 1)} (see pubkit check)")
    states["manuscript"] = OutputState(not failures, ", ".join(failures) or word_text)

    if "slides.pptx" in outputs:
        from pptx import Presentation

        count = len(Presentation(str(outputs["slides.pptx"])).slides)
        low, high = limits["slides"]
        states["slides"] = OutputState(low <= count <= high, f"{count} slides (limit {low}–{high})")
    else:
        states["slides"] = OutputState(None, "not built yet")

    if "brief.pdf" in outputs:
        from pypdf import PdfReader

        pages = len(PdfReader(str(outputs["brief.pdf"])).pages)
        states["brief"] = OutputState(pages <= limits["brief_pages"], f"{pages} pages (limit {limits['brief_pages']})")
    elif (built / "brief.docx").is_file():
        states["brief"] = OutputState(None, "pages not measured (no PDF; install LibreOffice)")
    else:
        states["brief"] = OutputState(None, "not built yet")

    third_party = [
        item
        for s in sources
        if s.role not in ("brief", "slides")
        for item in s.items
        if not authors_own(item.attrs.pairs.get("source", ""), drawn_from_data=item.path.lower().endswith(".csv"))
    ]
    open_items = [
        i for i in third_party if i.attrs.pairs.get("permission", "").strip().lower() not in ("granted", "not-required")
    ]
    states["permissions"] = OutputState(
        not open_items,
        f"{len(open_items)} of {len(third_party)} third-party items without granted permission"
        if open_items
        else f"all {len(third_party)} third-party items cleared",
    )
    return states


def deliverable_rows(project: Project, today: _dt.date) -> list[DeliverableRow]:
    states = output_states(project) if project.config["deliverables"] else {}
    rows = []
    for deliverable in project.config["deliverables"]:
        due: _dt.date = deliverable["due"]
        days = (due - today).days
        submitted: _dt.date | None = deliverable.get("submitted")
        when = (
            _handed_in(submitted, due)
            if submitted
            else "due today"
            if days == 0
            else f"{days} day{'s' * (days != 1)} left"
            if days > 0
            else f"{-days} day{'s' * (days != -1)} overdue"
        )
        output = deliverable.get("output") or guess_output(deliverable["name"])
        state = states.get(output or "", OutputState(None, "no output to check"))
        rows.append(
            DeliverableRow(deliverable["name"], due.isoformat(), days, when, output, state.passes, state.detail)
        )
    return rows


def _handed_in(submitted: _dt.date, due: _dt.date) -> str:
    late = (submitted - due).days
    return f"submitted {submitted.isoformat()}" + (f", {late} day{'s' * (late != 1)} late" if late > 0 else "")


def run_status(project_dir: Path, fmt: str = "text", today: str | None = None) -> int:
    project = load_project(project_dir)
    try:
        day = _dt.date.fromisoformat(today) if today else _dt.date.today()
    except ValueError:
        raise PubkitError(f"--today '{today}' is not a date", hint="write it as YYYY-MM-DD") from None
    if not project.config["deliverables"]:
        raise ConfigError(
            "publication.yaml has no deliverables to report on",
            file="content/publication.yaml",
            hint="add e.g.  deliverables: [{name: Draft manuscript, due: 2024-09-15}]",
        )
    rows = deliverable_rows(project, day)
    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                {"today": day.isoformat(), "deliverables": [asdict(r) for r in rows]}, indent=2, ensure_ascii=False
            )
            + "\n"
        )
        return 0
    headers = ("deliverable", "due", "when", "output", "checks")
    table = [(r.name, r.due, r.when, r.output or "–", _mark(r.passes) + " " + r.detail) for r in rows]
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    for row in [headers, *table]:
        sys.stdout.write(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
        )
    return 0


def _mark(passes: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "    "}[passes]
