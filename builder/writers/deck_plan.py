"""The deck's plan (SPEC §6): what the slides are made from and which slides there are.

``templates/slides.yaml.j2`` (sandboxed Jinja, overridable per project) turns the
collected findings, recommendations and figures into a list of slides: kind,
title, bullets, figure, notes. Python decides only the *grouping* it is given
(which findings share a slide, which questions are merged, whether the agenda is
shown): a ``Layout``, listed from the most compact to the most spacious.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..citeproc import format_citations
from ..config import AUDIENCES, QUESTIONS
from ..errors import ContentError
from ..model import Box, Document, Item, source_is_only_author
from ..pandoc_ast import Div, Node, Plain, attr, clone, iter_nodes, stringify
from ..svg import can_rasterize
from ..wording import date_text, join_names
from ..yamlutil import parse_yaml
from .brief import first_sentence
from .word import source_inlines

PLAN_NAME = "slides.yaml.j2"
KINDS = ("title", "bullets", "figure", "closing")
CONFIG_FILE = "content/publication.yaml"
HEADLINE_CHARS = (110, 170)  # compact, normal: longest headline (first sentence) on a slide
CAP = 3  # findings per slide, and per question in the most compact layout (the rest merge into the notes)
ELLIPSIS = "…"
SHORT_SENTENCE = 60  # characters: an opening sentence shorter than this is joined to the next for the headline


@dataclass
class FigureView:
    """A figure a finding shows: a CSV chart (drawn natively) or an image, with its caption and source."""

    item: Item
    source_text: str  # "Source: ..." with citations formatted; "" when it would only say "author"

    @property
    def label(self) -> str:
        return self.item.label

    def context(self) -> dict[str, Any]:
        item = self.item
        return {
            "label": item.label,
            "display": item.display,
            "caption": item.caption_text,
            "source": self.source_text,
            "third_party": item.third_party,
            "chart": item.chart is not None,
        }


@dataclass
class BoxView:
    """A finding or recommendation as the deck uses it: full text for the notes, headline for the slide."""

    id: str
    box: Box
    label: str  # the question's or audience's short label
    text: str  # full text, citations formatted
    references: list[str]  # formatted reference-list entries of its citations
    figures: list[str] = field(default_factory=list)  # figure labels it shows

    def context(self, limit: int) -> dict[str, Any]:
        found = lead_sentences(self.text)
        return {
            "id": self.id,
            "key": self.box.key,
            "label": self.label,
            "sentence": found[0],
            "headline": shorten(found[0], limit),
            "details": found[1:],
            "text": self.text,
            "figures": list(self.figures),
            "chapter": self.box.chapter.title,
        }


class DeckSources:
    """Everything the plan needs, collected once: boxes by question and audience, figures, the slides chapter."""

    def __init__(self, document: Document, cache_dir: Path | None):
        self.document = document
        self.cache_dir = cache_dir
        labels = document.labels
        findings, recommendations = document.findings, document.recommendations
        figure_items = [i for i in document.items if i.kind == "figure" and (i.chart or _placeable(i.image))]
        slides_part = document.extra_parts.get("slides")
        snippets: list[list[Node]] = [b.blocks for b in findings + recommendations]
        snippets += [[Plain(source_inlines(i))] for i in figure_items]
        snippets += [slides_part.blocks if slides_part else []]
        formatted, references = _format_citations(document, snippets, cache_dir)
        n_boxes = len(findings) + len(recommendations)

        self.figures = {
            item.label: FigureView(item, "" if source_is_only_author(item.source) else stringify(block))
            for item, block in zip(figure_items, formatted[n_boxes : n_boxes + len(figure_items)], strict=True)
        }
        attached = _figures_for_findings(document, set(self.figures))
        self.findings: list[BoxView] = []
        self.recommendations: list[BoxView] = []
        for index, (box, blocks) in enumerate(zip(findings + recommendations, formatted, strict=False)):
            keys = [c["citationId"] for cite in iter_nodes(box.blocks, "Cite") for c in cite["c"][0]]
            refs = list(dict.fromkeys(references[k] for k in keys if k in references))
            if box.kind == "finding":
                question = labels.get("questions", {}).get(box.key) or {}
                view = BoxView(f"finding-{index + 1}", box, question.get("short") or _humanize(box.key), "", refs)
                view.figures = attached.get(id(box.blocks), [])
                self.findings.append(view)
            else:
                audience = labels.get("audiences", {}).get(box.key) or _humanize(box.key)
                view = BoxView(f"recommendation-{index + 1 - len(findings)}", box, audience, "", refs)
                self.recommendations.append(view)
            view.text = stringify(blocks)
        self.questions = _grouped(self.findings, QUESTIONS)
        self.audiences = _grouped(self.recommendations, AUDIENCES)
        self.sections = _slide_sections(formatted[-1]) if slides_part else []
        self.about = [p for p in (s.strip() for s in re.split(r"\n\s*\n", document.config["short_summary"])) if p]

    def box(self, box_id: str) -> BoxView | None:
        return next((b for b in self.findings + self.recommendations if b.id == box_id), None)


def _placeable(image: Path | None) -> bool:
    """python-pptx places bitmaps only: an SVG drawing goes on a slide as its PNG (``builder.svg``), and
    stays in the manuscript only where no PNG can be made."""
    return image is not None and (image.suffix.lower() != ".svg" or can_rasterize())


def _format_citations(
    document: Document, snippets: list[list[Node]], cache_dir: Path | None
) -> tuple[list[list[Node]], dict[str, str]]:
    """Copies of the snippets with citations formatted, and the reference entry of every key (one citeproc run)."""
    copies = clone(snippets)
    refs = Div([], attr("refs"))
    format_citations(document, [Div(list(s)) for s in copies] + [refs], cache_dir, bibliography=True, inline=True)
    entries: dict[str, str] = {}
    for div in iter_nodes(refs["c"][1], "Div"):
        identifier = div["c"][0][0]
        if identifier.startswith("ref-"):
            entries[identifier[len("ref-") :]] = stringify(div["c"][1])
    return copies, entries


def _figures_for_findings(document: Document, shown: set[str]) -> dict[int, list[str]]:
    """Which figures each finding shows, keyed by ``id(box.blocks)``.

    A finding shows the figures it cross-references (``@fig:x``). A chart drawn
    from CSV data that no finding refers to goes with a finding of its own
    section (the chapter, or the part under one heading): the first that follows
    it and shows nothing yet, else the last before it. So each question's charts
    reach its slides without the author having to refer to them.
    """
    out: dict[int, list[str]] = {}
    referred: set[str] = set()
    sections: list[list[tuple[str, Any]]] = []  # per section, in order: ("chart", label) / ("finding", block)
    for part in document.parts:
        sections.append([])
        for block in part.blocks:
            kind = block.get("t")
            if kind == "Header" and block["c"][0] <= 2:
                sections.append([])
            elif kind == "Figure":
                item = document.item(block["c"][0][0])
                if item is not None and item.chart is not None and item.label in shown:
                    sections[-1].append(("chart", item.label))
            elif kind == "Div" and "finding" in block["c"][0][1]:
                targets = [
                    dict(span["c"][0][2]).get("target", "")
                    for span in iter_nodes(block["c"][1], "Span")
                    if "xref" in span["c"][0][1]
                ]
                figures = [t for t in dict.fromkeys(targets) if t in shown and t not in referred]
                referred.update(figures)
                out[id(block["c"][1])] = figures
                sections[-1].append(("finding", block))
    for section in sections:
        for index, (kind, label) in enumerate(section):
            if kind != "chart" or label in referred:
                continue
            after = [block for what, block in section[index + 1 :] if what == "finding"]
            before = [block for what, block in reversed(section[:index]) if what == "finding"]
            free = next((b for b in [*after, *before] if not out[id(b["c"][1])]), None)
            if free is not None:
                out[id(free["c"][1])] = [label]
                referred.add(label)
    return out


def _grouped(views: list[BoxView], order: tuple[str, ...]) -> list[tuple[str, list[BoxView]]]:
    """Boxes by key: the known keys in their fixed order, then any other key in the order first written."""
    keys = [k for k in order if any(v.box.key == k for v in views)]
    keys += [k for k in dict.fromkeys(v.box.key for v in views) if k not in order]
    return [(k, [v for v in views if v.box.key == k]) for k in keys]


def _slide_sections(blocks: list[Node]) -> list[dict[str, Any]]:
    """A ``role: slides`` chapter's own sections (its top headings), each a slide of bullets."""
    levels = [b["c"][0] for b in blocks if b.get("t") == "Header"]
    if not levels:
        return []
    top = min(levels)
    sections: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("t") == "Header" and block["c"][0] == top:
            sections.append({"title": stringify(block["c"][2]), "bullets": []})
        elif sections and block.get("t") in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            sections[-1]["bullets"].extend(stringify(item) for item in items)
        elif sections and block.get("t") in ("Para", "Plain", "BlockQuote"):
            sections[-1]["bullets"].append(stringify(block))
    return sections


def _humanize(key: str) -> str:
    text = key.replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else "Other"


# --- headlines: the shortening rules ------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """The sentences of a text, split by the same rule as the brief's first sentence."""
    rest = " ".join(text.split())
    out = []
    while rest:
        sentence = first_sentence(rest)
        out.append(sentence)
        rest = rest[len(sentence) :].strip()
    return out


def lead_sentences(text: str) -> list[str]:
    """The sentences of a text with a too-short opening one ("Needs differ by group.") joined to the next.

    The first entry is what a slide shows of a finding, so it must say something on its own.
    """
    found = sentences(text) or [""]
    while len(found) > 1 and len(found[0]) < SHORT_SENTENCE:
        found[:2] = [f"{found[0]} {found[1]}"]
    return found


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits ``limit`` characters, else shortened by rule (the full text stays in the notes).

    Rules, in order, until it fits: drop parenthetical asides; cut at the last
    clause break (``;``, ``:``, a dash) that keeps at least half; cut at the last
    word boundary. A cut ends with an ellipsis, and only a cut does.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    without_asides = " ".join(re.sub(r"\s*\([^()]*\)", "", text).split())
    without_asides = re.sub(r"\s+([,.;:])", r"\1", without_asides)
    if len(without_asides) <= limit and len(without_asides) >= len(text) // 2:
        return without_asides
    room = max(1, limit - 1)
    head = text[:room]
    clause = max(head.rfind("; "), head.rfind(": "), head.rfind(" – "), head.rfind(" — "))
    if clause >= room // 2:
        return head[:clause].rstrip(" ,;:–—") + ELLIPSIS
    space = head.rfind(" ")
    cut = head[:space] if space >= room // 3 else head
    return cut.rstrip(" ,;:–—(") + ELLIPSIS


# --- layouts: how findings are grouped onto slides ----------------------------------------------


@dataclass(frozen=True)
class Layout:
    """One way to group the material; ``candidate_layouts`` lists them from the most compact to the most spacious."""

    headline: int = HEADLINE_CHARS[1]
    shown: tuple[tuple[str, int], ...] = ()  # "finding:key" / "recommendation:key" → how many appear on slides
    merged: int = 0  # pairs of questions sharing one slide, counted from the first question
    per_slide: tuple[tuple[str, int], ...] = ()  # question → findings per slide (absent: all on one)
    rec_groups: int = 0  # audiences spread over this many slides (0: one slide per audience)
    rec_per_slide: tuple[tuple[str, int], ...] = ()  # audience → recommendations per slide
    agenda: bool = False
    separate: frozenset[str] = frozenset()  # figures shown on a slide of their own
    about: bool = False
    figures: bool = True  # False only in the tightest layouts: the findings' figures stay in the publication

    def split(self, kind: str, key: str, boxes: list[Any]) -> tuple[list[Any], list[Any]]:
        """The boxes shown on slides and those merged into the speaker notes (compact layouts only)."""
        count = dict(self.shown).get(f"{kind}:{key}", len(boxes))
        return boxes[:count], boxes[count:]


def candidate_layouts(sources: DeckSources) -> list[Layout]:
    """From the most compact layout, one expansion at a time (each adds about one slide), in order of need."""
    questions = [(k, len(v)) for k, v in sources.questions]
    audiences = [(k, len(v)) for k, v in sources.audiences]
    figures = [f for view in sources.findings for f in view.figures]
    capped = {f"finding:{k}": n for k, n in questions if n > CAP}
    capped |= {f"recommendation:{k}": n for k, n in audiences if n > CAP}
    compact = Layout(
        headline=HEADLINE_CHARS[0],
        shown=tuple((k, CAP) for k in capped),
        merged=len(questions) // 2,
        rec_groups=min(1, len(audiences)),
    )
    # for very short decks: no figures, two findings per question and one recommendation per audience on the
    # slides (the rest in the notes); then no figures only
    fewer = {f"finding:{k}": 2 for k, n in questions if n > 2} | {
        f"recommendation:{k}": 1 for k, n in audiences if n > 1
    }
    tightest = replace(compact, figures=False, shown=tuple(fewer.items()))
    steps = [tightest, replace(compact, figures=False), compact]
    layout = compact

    def spread(most: int) -> None:
        """The question with the most findings on one slide spreads over one more slide, until none has > most."""
        nonlocal layout
        while True:
            per = dict(layout.per_slide)
            crowded = [(per.get(k, n), -i, k, n) for i, (k, n) in enumerate(questions) if per.get(k, n) > most]
            if not crowded:
                return
            current, _, key, count = max(crowded)
            per[key] = min(current - 1, _ceil_div(count, _ceil_div(count, current) + 1))
            steps.append(layout := replace(layout, per_slide=tuple(per.items())))

    steps.append(layout := replace(layout, headline=HEADLINE_CHARS[1]))
    while layout.merged:  # every question gets its own slide
        steps.append(layout := replace(layout, merged=layout.merged - 1))
    while layout.shown:  # findings merged into the notes come back, a slide's worth at a time, the most first
        shown = dict(layout.shown)
        key = max(shown, key=lambda k: capped[k] - shown[k])
        shown[key] += CAP
        if shown[key] >= capped[key]:
            del shown[key]
        steps.append(layout := replace(layout, shown=tuple(shown.items())))
    spread(CAP)  # no slide carries more than CAP findings
    while layout.rec_groups:  # recommendations by audience (0: one slide each)
        groups = layout.rec_groups + 1
        steps.append(layout := replace(layout, rec_groups=groups if groups < len(audiences) else 0))
    if questions:
        steps.append(layout := replace(layout, agenda=True))
    spread(1)  # one finding per slide
    for label in figures:  # charts get room of their own
        steps.append(layout := replace(layout, separate=layout.separate | {label}))
    for key, count in audiences:  # long lists of recommendations over more slides
        if count > CAP:
            per = _ceil_div(count, _ceil_div(count, CAP))
            steps.append(layout := replace(layout, rec_per_slide=(*layout.rec_per_slide, (key, per))))
    if sources.about:
        steps.append(layout := replace(layout, about=True))
    return list(dict.fromkeys(steps))


def _ceil_div(a: int, b: int) -> int:
    return -(-a // max(1, b))


def question_slides(sources: DeckSources, layout: Layout) -> list[dict[str, Any]]:
    """The question slides a layout asks for: parts (question, findings shown, findings merged), figures."""
    labels = sources.document.labels.get("questions", {})
    questions = []
    for key, boxes in sources.questions:
        shown, merged = layout.split("finding", key, [v.context(layout.headline) for v in boxes])
        label = labels.get(key) or {}
        questions.append(
            {
                "key": key,
                "label": label.get("short") or _humanize(key),
                "question": label.get("question") or "",
                "findings": shown,
                "merged": merged,
            }
        )
    groups: list[list[dict[str, Any]]] = []
    index = 0
    pairs = layout.merged
    while index < len(questions):
        take = 2 if pairs and index + 1 < len(questions) else 1
        pairs -= take == 2
        groups.append(questions[index : index + take])
        index += take
    slides: list[dict[str, Any]] = []
    used: set[str] = set()
    for group in groups:
        if len(group) == 1:
            question = group[0]
            boxes = question["findings"]
            per = dict(layout.per_slide).get(question["key"], len(boxes))
            batches = [boxes[i : i + per] for i in range(0, len(boxes), per)] or [[]]
            parts_of = [
                [{**question, "findings": batch, "merged": question["merged"] if n == len(batches) - 1 else []}]
                for n, batch in enumerate(batches)
            ]
        else:
            parts_of = [group]
        for number, parts in enumerate(parts_of, 1):
            slide = {"parts": parts, "index": number, "total": len(parts_of), "figure": None, "figure_slides": []}
            for finding in (f for part in parts for f in part["findings"]):
                for label in finding["figures"] if layout.figures else []:
                    if label in used:
                        continue
                    used.add(label)
                    figure = sources.figures[label].context()
                    if slide["figure"] is None and label not in layout.separate:
                        slide["figure"] = figure
                    else:
                        slide["figure_slides"].append({"figure": figure, "finding": finding})
            slides.append(slide)
    return slides


def recommendation_slides(sources: DeckSources, layout: Layout) -> list[dict[str, Any]]:
    """Recommendations by audience: one slide per audience, or audiences sharing slides in compact layouts."""
    audiences = []
    for key, boxes in sources.audiences:
        shown, merged = layout.split("recommendation", key, [b.context(layout.headline) for b in boxes])
        audiences.append({"key": key, "label": boxes[0].label, "recommendations": shown, "merged": merged})
    if not audiences:
        return []
    if layout.rec_groups:
        total = sum(len(a["recommendations"]) for a in audiences)
        share = total / layout.rec_groups
        groups: list[list[dict[str, Any]]] = [[]]
        done = 0
        for index, audience in enumerate(audiences):
            must_open = len(audiences) - index <= layout.rec_groups - len(groups)
            if groups[-1] and len(groups) < layout.rec_groups and (must_open or done >= share * len(groups) - 0.5):
                groups.append([])
            groups[-1].append(audience)
            done += len(audience["recommendations"])
        return [{"parts": g, "index": 1, "total": 1} for g in groups]
    slides = []
    for audience in audiences:
        recs = audience["recommendations"]
        per = dict(layout.rec_per_slide).get(audience["key"], len(recs))
        batches = [recs[i : i + per] for i in range(0, len(recs), per)] or [[]]
        for number, batch in enumerate(batches, 1):
            merged = audience["merged"] if number == len(batches) else []
            part = {**audience, "recommendations": batch, "merged": merged}
            slides.append({"parts": [part], "index": number, "total": len(batches)})
    return slides


# --- the plan ----------------------------------------------------------------------------------


def plan(document: Document, sources: DeckSources, layout: Layout) -> list[dict[str, Any]]:
    """Render the slide plan template for one layout and check its shape."""
    config = document.config
    labels = document.labels.get("questions", {})
    authors = list(config["authors"])
    context = {
        "title": config["title"],
        "subtitle": config["subtitle"],
        "authors": authors,
        "authors_text": join_names(authors),
        "publisher": config["publisher"],
        "year": config["year"],
        "date_text": date_text(config.get("date")),
        "licence": config["licence"],
        "isbn": config.get("isbn") or "",
        "publication_type": config["type"],
        "short_summary": config["short_summary"].strip(),
        "about": [lead_sentences(p)[0] for p in sources.about],  # whole: the fitting decides
        "layout": {"agenda": layout.agenda, "about": layout.about, "headline": layout.headline},
        "questions": [
            {
                "key": key,
                "label": (labels.get(key) or {}).get("short") or _humanize(key),
                "question": (labels.get(key) or {}).get("question") or _humanize(key),
                "count": len(boxes),
            }
            for key, boxes in sources.questions
        ],
        "question_slides": question_slides(sources, layout),
        "recommendation_slides": recommendation_slides(sources, layout),
        "findings": [v.context(layout.headline) for v in sources.findings],
        "recommendations": [v.context(layout.headline) for v in sources.recommendations],
        "figures": [f.context() for f in sources.figures.values()],
        "sections": sources.sections,
    }
    text = document.project.templates.render(PLAN_NAME, autoescape=False, **context)
    return validate_plan(parse_yaml(text, plan_shown(), "the slide plan, once rendered,"), sources)


def validate_plan(entries: Any, sources: DeckSources) -> list[dict[str, Any]]:
    """A list of slides with known kinds and well-typed fields; template mistakes are the author's to fix."""
    if not isinstance(entries, list) or not entries:
        _plan_error("the slide plan must render to a non-empty list of slides")
    out = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or entry.get("kind") not in KINDS:
            _plan_error(f"slide {number} of the plan needs a kind: one of {', '.join(KINDS)}")
        clean: dict[str, Any] = {"kind": entry["kind"], "number": number}
        for key in ("title", "subtitle", "lead", "notes"):
            clean[key] = clean_text(entry.get(key))
        for key in ("byline", "lines", "findings", "recommendations"):
            value = entry.get(key) or []
            if not isinstance(value, list):
                _plan_error(f"slide {number}: '{key}' must be a list")
            clean[key] = [clean_text(v) for v in value if v is not None]
        bullets = entry.get("bullets") or []
        if not isinstance(bullets, list):
            _plan_error(f"slide {number}: 'bullets' must be a list")
        clean["bullets"] = [_bullet(b, number) for b in bullets if b is not None]
        figure = entry.get("figure")
        if figure:
            if str(figure) not in sources.figures:
                _plan_error(
                    f"slide {number} shows the figure '{figure}', which is not a chart or image of the publication"
                )
            clean["figure"] = str(figure)
        else:
            clean["figure"] = None
        if clean["kind"] == "figure" and not clean["figure"]:
            _plan_error(f"slide {number} is of kind figure but names no figure")
        for box_id in clean["findings"] + clean["recommendations"]:
            if sources.box(box_id) is None:
                _plan_error(f"slide {number} refers to '{box_id}', which is no finding or recommendation")
        out.append(clean)
    return out


@dataclass
class Bullet:
    text: str
    level: int = 0
    style: str = "bullet"  # bullet | heading | lead | plain
    optional: bool = False
    short: str = ""  # a shorter form, used when the full text does not fit


def _bullet(value: Any, number: int) -> Bullet:
    if isinstance(value, dict):
        if "heading" in value:
            return Bullet(clean_text(value["heading"]), 0, "heading")
        level = value.get("level", 0)
        if not isinstance(level, int) or level not in (0, 1):
            _plan_error(f"slide {number}: a bullet's level must be 0 or 1")
        text, short = clean_text(value.get("text")), clean_text(value.get("short"))
        return Bullet(text, level, "bullet", bool(value.get("optional")), short if short != text else "")
    return Bullet(clean_text(value))


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """Plan values as text that XML can hold (YAML's \\u escapes may leave surrogate halves)."""
    if value is None:
        return ""
    text = str(value)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _XML_ILLEGAL.sub("", text)


def _plan_error(message: str) -> None:
    raise ContentError(message, file=plan_shown(), hint="compare it with pubkit's default templates/slides.yaml.j2")


def plan_shown() -> str:
    return f"templates/{PLAN_NAME}"
