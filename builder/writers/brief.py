"""The policy brief (SPEC §7): its own front page, key findings, recommendations by audience,
the dissemination plan — and never longer than ``limits.brief_pages`` pages as rendered.

What goes in, in which order and how much, is decided by ``templates/brief.yaml.j2``
(sandboxed Jinja producing a plan). Python only turns each kind of plan entry into
document blocks. When LibreOffice is installed the brief is rendered and, while it
is too long, planned again one ``level`` tighter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document as open_docx

from ..config import AUDIENCES, QUESTIONS
from ..errors import ContentError
from ..model import Box, Document
from ..ooxml.pictures import describe_pictures
from ..ooxml.sections import SectionPlan, apply_section_plan, set_core_properties
from ..ooxml.tables import keep_tables_together
from ..ooxml.xml import box_spacer_paragraph
from ..pandoc_ast import (
    BulletList,
    Div,
    Emph,
    Header,
    Node,
    Para,
    Plain,
    RawBlock,
    Space,
    attr,
    clone,
    iter_nodes,
    stringify,
    styled,
    text_inlines,
)
from ..render import page_count
from ..wording import date_text, join_names
from ..yamlutil import parse_yaml
from . import WriteContext
from .word import WordLowering, picture_descriptions, reference_docx, write_docx

MAX_LEVEL = 5
PLAN_NAME = "brief.yaml.j2"


class BriefWriter:
    name = "brief"
    filename = "brief.docx"

    def write(self, document: Document, target: Path, context: WriteContext) -> None:
        limit = document.config["limits"]["brief_pages"]
        reference = reference_docx(document.project, context.cache_dir, brief=True)
        sources = BriefSources(document)
        pdf = context.extra_file("brief.pdf") if context.want_pdf else context.cache_dir / "brief-measure.pdf"
        for level in range(MAX_LEVEL + 1):
            lowering = WordLowering(document, context.cache_dir, context.charts, fields=False)
            blocks = render_plan(plan(document, sources, level), document, sources, lowering)
            write_docx(blocks, document, reference, target, cache_dir=context.cache_dir, lowering=lowering)
            _finish(target, document, sources, picture_descriptions(blocks))
            if context.office is None:
                return
            context.office.to_pdf(target, pdf)
            pages = page_count(pdf)
            if pages <= limit:
                break
        context.rendered["brief.pdf"] = pdf
        if level:
            context.notes.append(f"the brief was tightened {level} step{'s' * (level != 1)} to fit {limit} pages")


class BriefSources:
    """The role: brief chapter split into its lead text and its ## sections, plus the boxes."""

    def __init__(self, document: Document):
        part = document.extra_parts.get("brief")
        self.title = part.title if part else document.config["title"]
        self.title_inlines = document.part_titles.get(part.chapter.rel, []) if part else list(document.title_inlines)
        self.lead: list[Node] = []
        self.sections: dict[str, tuple[str, list[Node]]] = {}
        current: list[Node] | None = None
        for block in part.blocks if part else []:
            if block.get("t") == "Header" and block["c"][0] == 2:
                title = stringify(block["c"][2])
                current = []
                self.sections[title.casefold()] = (title, current)
            elif current is None:
                self.lead.append(block)
            else:
                current.append(block)
        if not self.lead and document.short_summary_blocks:
            self.lead = clone(document.short_summary_blocks)
        self.findings: dict[str, list[Box]] = {q: [] for q in QUESTIONS}
        self.recommendations: dict[str, list[Box]] = {a: [] for a in AUDIENCES}
        for box in document.findings:
            self.findings.setdefault(box.key, []).append(box)
        for box in document.recommendations:
            self.recommendations.setdefault(box.key, []).append(box)


def plan(document: Document, sources: BriefSources, level: int) -> list[dict[str, Any]]:
    labels = document.labels
    config = document.config
    context = {
        "title": sources.title,
        "publication_title": config["title"],
        "publisher": config["publisher"],
        "year": config["year"],
        "authors": config["authors"],
        "authors_text": join_names(config["authors"]),
        "date_text": date_text(config.get("date")),
        "licence": config["licence"],
        "contact": config.get("contact") or "",
        "level": level,
        "questions": [
            {"key": q, "label": labels["questions"].get(q, {}).get("short", q), "count": len(boxes)}
            for q, boxes in sources.findings.items()
        ],
        "audiences": [
            {"key": a, "label": labels["audiences"].get(a, a), "count": len(boxes)}
            for a, boxes in sources.recommendations.items()
        ],
        "sections": [{"title": title, "key": key} for key, (title, _) in sources.sections.items()],
    }
    text = document.project.templates.render(PLAN_NAME, autoescape=False, **context)
    shown = f"templates/{PLAN_NAME}"
    entries = parse_yaml(text, shown, "the brief plan, once rendered,")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "kind" in e for e in entries):
        raise ContentError(
            "the brief plan must render to a list of entries, each with a kind",
            file=shown,
            hint="see the default templates/brief.yaml.j2",
        )
    return entries


def render_plan(
    entries: list[dict[str, Any]], document: Document, sources: BriefSources, lowering: WordLowering
) -> list[Node]:
    blocks: list[Node] = []
    for entry in entries:
        kind = entry["kind"]
        if kind == "front":
            blocks.extend(_front(entry, sources, lowering))
        elif kind == "heading":
            blocks.append(Header(1, text_inlines(str(entry.get("text", "")))))
        elif kind == "section":
            found = sources.sections.get(str(entry.get("title", "")).casefold())
            if found:
                title, content = found
                blocks.append(Header(1, text_inlines(title)))
                blocks.extend(lowering.lower(_demote(content)))
        elif kind == "findings":
            blocks.extend(_findings(entry, sources, lowering))
        elif kind == "recommendations":
            blocks.extend(_recommendations(entry, sources, lowering))
        elif kind == "colophon":
            blocks.extend(_colophon(entry))
        elif kind == "references":
            if any(iter_nodes(blocks, "Cite")) and document.project.bib_files:
                blocks.append(Header(1, text_inlines(str(entry.get("heading", "References")))))
                blocks.append(Div([], attr("refs")))
        else:
            raise ContentError(
                f"the brief plan has an unknown kind '{kind}'",
                file=f"templates/{PLAN_NAME}",
                hint="use front, heading, section, findings, recommendations, references or colophon",
            )
    return blocks


def _front(entry: dict[str, Any], sources: BriefSources, lowering: WordLowering) -> list[Node]:
    """The front page: kicker and date, title, the study it is based on (its title set apart), the authors,
    then the key messages (the lead) and key numbers; the sections follow on the same page."""
    out = [
        styled("Date", [Para(text_inlines(str(entry.get("kicker", "")).upper()))]),
        styled("Title", [Para(list(sources.title_inlines))]),
    ]
    based_on = str(entry.get("based_on", ""))
    if based_on:
        study = text_inlines(str(entry.get("study", "")))
        line = [*text_inlines(based_on), Space(), Emph(study)] if study else text_inlines(based_on)
        after = str(entry.get("study_details", ""))
        out.append(styled("Subtitle", [Para(line + ([Space(), *text_inlines(after)] if after else []))]))
    if entry.get("authors"):
        out.append(styled("Author", [Para(text_inlines(str(entry["authors"])))]))
        out.append(RawBlock("openxml", box_spacer_paragraph()))  # the names stand apart from the summary
    lead = lowering.lower(sources.lead)
    if lead and lead[0].get("t") == "Para":
        out.append(styled("Brief Lead", [lead[0]]))
        lead = lead[1:]
    out.extend(lead)
    numbers = sources.sections.get(str(entry.get("key_numbers", "")).casefold())
    if numbers:
        title, content = numbers
        out.append(styled("List Heading", [Para(text_inlines(title))]))
        for item in _list_items(content):
            out.append(styled("Key Number", [Para(item)]))
        out.append(RawBlock("openxml", box_spacer_paragraph()))
    return out


def _colophon(entry: dict[str, Any]) -> list[Node]:
    """How to cite the brief, its copyright and licence, and whom to write to: small print at the end."""
    lines = [str(entry.get(key, "")) for key in ("cite_as", "copyright", "licence", "contact")]
    shown = [styled("Brief Colophon", [Para(text_inlines(line))]) for line in lines if line.strip()]
    return [RawBlock("openxml", box_spacer_paragraph()), *shown] if shown else []


def _findings(entry: dict[str, Any], sources: BriefSources, lowering: WordLowering) -> list[Node]:
    boxes = sources.findings.get(str(entry.get("question", "")), [])
    limit = int(entry.get("limit", len(boxes)))
    if not boxes:
        return []
    items = []
    for box in boxes[:limit]:
        content = lowering.lower(box.blocks)
        if entry.get("first_sentence_only"):
            content = [Plain(text_inlines(first_sentence(box.text)))]
        items.append(_as_plain(content))
    return [Header(2, text_inlines(str(entry.get("heading", "")))), BulletList(items)]


def _recommendations(entry: dict[str, Any], sources: BriefSources, lowering: WordLowering) -> list[Node]:
    boxes = sources.recommendations.get(str(entry.get("audience", "")), [])
    if not boxes:
        return []
    out = [Header(2, text_inlines(str(entry.get("heading", ""))))]
    for box in boxes:
        out.append(styled("Recommendation", lowering.lower(box.blocks)))
        out.append(RawBlock("openxml", box_spacer_paragraph()))
    return out


def first_sentence(text: str) -> str:
    """The first sentence, by rule: up to the first full stop that ends a sentence."""
    match = re.search(r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)[.!?](?=\s+[A-Z0-9“\"(])", text)
    return text[: match.end()] if match else text


def _as_plain(blocks: list[Node]) -> list[Node]:
    return [Plain(b["c"]) if b.get("t") == "Para" else b for b in blocks]


def _list_items(blocks: list[Node]) -> list[list[Node]]:
    """Each list item's inlines (a key number line), or each paragraph's when the author wrote no list."""
    items: list[list[Node]] = []
    for block in blocks:
        if block.get("t") in ("BulletList", "OrderedList"):
            entries = block["c"] if block["t"] == "BulletList" else block["c"][1]
            for entry in entries:
                inlines: list[Node] = []
                for child in entry:
                    if child.get("t") in ("Plain", "Para"):
                        inlines.extend(child["c"])
                items.append(inlines)
        elif block.get("t") in ("Para", "Plain"):
            items.append(block["c"])
    return items


def _demote(blocks: list[Node]) -> list[Node]:
    """Sub-sections of a brief section sit under its level-1 heading."""
    out = clone(blocks)
    for block in out:
        if block.get("t") == "Header":
            block["c"][0] = max(2, block["c"][0] - 1)
    return out


def _finish(target: Path, document: Document, sources: BriefSources, descriptions: list[str | None]) -> None:
    docx = open_docx(str(target))
    describe_pictures(docx.element.body, descriptions)
    keep_tables_together(docx.element.body)
    config = document.config
    footer = " · ".join(part for part in (f"© UNESCO {config['year']}", config["licence"]) if part)
    apply_section_plan(docx, [SectionPlan(numbered=True, number_format="decimal", restart=True, text=footer)])
    set_core_properties(
        docx, title=sources.title, authors=config["authors"], subject="Policy brief: " + config["title"]
    )
    docx.save(str(target))
