"""Structural checks: the logic behind ``extends: structure`` rules, one function per ``check:``.

The rule file gives the level, the message (with ``{named}`` fields) and any
parameters; the function here decides where the rule fires.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..bibliography import Bibliography
from ..config import AUDIENCES, KINDS, OPEN_LICENCE, PERMISSIONS, QUESTIONS
from ..errors import ContentError
from ..inline_text import CITATION_KEY
from ..model import authors_own
from ..paths import closest, resolve_inside
from ..project import CONFIG_NAME, Project
from .findings import Finding
from .reuse import ShingleIndex
from .rules import LEVELS, Rule
from .source import ScannedItem, SourceFile

PRESENTATION_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
XREF_PREFIXES = ("fig:", "tbl:", "sec:", "eq:", "lst:")  # pandoc-crossref's; pubkit numbers figures and tables
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass
class CheckContext:
    project: Project
    bibliography: Bibliography
    sources: list[SourceFile]  # chapter files in reading order
    config_source: SourceFile
    strict: bool = False
    outputs: dict[str, Path] = field(default_factory=dict)  # "slides.pptx" → file to measure
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # what several findings share

    def manuscript_sources(self) -> list[SourceFile]:
        return [s for s in self.sources if s.role not in ("brief", "slides")]


def _finding(
    rule: Rule,
    in_file: SourceFile,
    offset: int | None,
    text: str,
    level: str | None = None,
    suggestion: str | None = None,
    **fields: Any,
) -> Finding:
    """A finding at ``offset`` of ``in_file``; ``fields`` fill the rule's message (one may be called ``source``)."""
    line, column = in_file.position(offset) if offset is not None else (None, None)
    return Finding(rule.id, level or rule.level, in_file.rel, line, column, text, suggestion, _message(rule, **fields))


def _message(rule: Rule, **fields: Any) -> str:
    """The rule's message with its ``{named}`` fields filled; a field the check does not know is the editor's error."""
    try:
        return rule.message.format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        raise ContentError(
            f"the message cannot be filled in: {exc}",
            file=str(rule.path),
            hint="use only the fields this check provides, and write a literal brace as {{ or }}",
        ) from None


def _config_finding(
    rule: Rule, context: CheckContext, key_path: tuple, level: str | None = None, **fields: Any
) -> Finding:
    line = context.project.config_line(*key_path) or context.project.config_line("type") or 1
    return Finding(rule.id, level or rule.level, CONFIG_NAME, line, 1, "", None, _message(rule, **fields))


def _items(context: CheckContext) -> Iterator[tuple[SourceFile, ScannedItem, str]]:
    """Every figure and table, with a printable name ("Figure 'Caption'" or its label)."""
    for source in context.manuscript_sources():
        for item in source.items:
            name = "Figure" if item.kind == "figure" else "Table"
            caption = item.caption.strip()
            shown = f"{name} '{caption[:50]}{'…' if len(caption) > 50 else ''}'" if caption else f"{name} {item.label}"
            yield source, item, shown


def _item_offset(item: ScannedItem) -> int:
    return item.label_offset if item.label_offset is not None else item.offset


def figure_source(rule: Rule, context: CheckContext) -> list[Finding]:
    """Every figure and table says where it comes from; a table without a caption has nowhere to say it."""
    out = [
        _finding(rule, source, item.offset, item.caption, item=shown)
        for source, item, shown in _items(context)
        if not item.attrs.pairs.get("source", "").strip()
    ]
    for source in context.manuscript_sources():
        out.extend(_finding(rule, source, offset, "", item="This table") for offset in source.uncaptioned_tables)
    return out


def table_caption(rule: Rule, context: CheckContext) -> list[Finding]:
    return [
        _finding(rule, source, offset, "")
        for source in context.manuscript_sources()
        for offset in source.uncaptioned_tables
    ]


_NAME_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def is_map(item: ScannedItem, not_maps: set[str]) -> bool:
    """kind="map", or an image whose file name has the word map in it (region-map.png, asiaMap.png, maps/x.png).

    Words that merely contain the letters (roadmap, mapping, heatmap) are not maps.
    """
    if item.attrs.pairs.get("kind", "").strip().lower() == "map":
        return True
    if item.kind != "figure" or not item.path:
        return False
    parts = [p.lower() for p in _NAME_PARTS.findall(Path(item.path).stem)]
    return any(p.endswith(("map", "maps")) and p not in not_maps for p in parts)


def map_clearance(rule: Rule, context: CheckContext) -> list[Finding]:
    not_maps = {str(w).lower() for w in rule.options.get("not_maps", []) or []}
    out = []
    for source, item, shown in _items(context):
        if is_map(item, not_maps) and item.attrs.pairs.get("clearance", "").strip().lower() != "granted":
            out.append(_finding(rule, source, item.offset, item.path or item.caption, item=shown))
    return out


def cross_reference(rule: Rule, context: CheckContext) -> list[Finding]:
    labels = {item.label for source in context.sources for item in source.items if item.label}
    out = []
    for source in context.sources:
        for reference in source.references:
            if reference.key.startswith(XREF_PREFIXES) and reference.key not in labels:
                out.append(_finding(rule, source, reference.offset, "@" + reference.key, label=reference.key))
    return out


def citation(rule: Rule, context: CheckContext) -> list[Finding]:
    known = context.bibliography.keys
    out = []
    for source in context.sources:
        for reference in source.references:
            if not reference.key.startswith(XREF_PREFIXES) and reference.key not in known:
                maybe = _maybe_key(reference.key, known)
                out.append(
                    _finding(rule, source, reference.offset, "@" + reference.key, key=reference.key, maybe=maybe)
                )
        for item in source.items:  # citations inside source="..." attributes
            for match in re.finditer(r"(?<![\w@.])@(" + CITATION_KEY + ")", item.attrs.pairs.get("source", "")):
                if match.group(1) not in known:
                    maybe = _maybe_key(match.group(1), known)
                    out.append(_finding(rule, source, item.offset, match.group(0), key=match.group(1), maybe=maybe))
    return out


def _maybe_key(key: str, known: Iterable[str]) -> str:
    near = closest(key, known)
    return f" (did you mean '@{near}'?)" if near else ""


def count_words(source: SourceFile) -> int:
    if not source.table_line_spans:
        return len(_WORDS.findall(source.masked))
    pieces, position = [], 0
    for start, end in source.table_line_spans:
        pieces.append(source.masked[position:start])
        position = end
    pieces.append(source.masked[position:])
    return sum(len(_WORDS.findall(piece)) for piece in pieces)


def word_limit(rule: Rule, context: CheckContext) -> list[Finding]:
    limits = context.project.config["limits"].get("words")
    if not limits:
        return []
    low, high = limits
    words = sum(count_words(s) for s in context.sources if s.role == "chapter")
    if words > high:
        return [_config_finding(rule, context, ("limits", "words"), words=words, low=low, high=high)]
    if words < low:
        level = LEVELS.get(str(rule.options.get("below_level", "warning")), "warning")
        return [_config_finding(rule, context, ("limits", "words"), level=level, words=words, low=low, high=high)]
    return []


def outline(rule: Rule, context: CheckContext) -> list[Finding]:
    if context.project.config["type"] not in rule.options.get("applies_to", ["case-study"]):
        return []
    chapters = [s for s in context.sources if s.role == "chapter"]
    if not chapters:
        return []
    titles = [c.title for c in context.project.chapters if c.role == "chapter"]
    for source in chapters:
        titles.extend(source.text[start:end].lstrip("# ") for start, end in source.heading_spans)
    headings = "\n".join(titles).lower()
    out = []
    for section in rule.options.get("sections", []) or []:
        try:
            found = re.search(str(section["pattern"]), headings)
            name = section["name"]
        except (TypeError, KeyError, re.error) as exc:
            raise ContentError(
                f"an outline section cannot be used: {exc}",
                file=str(rule.path),
                hint='write each section as  - {name: "i (introduction)", pattern: "introduc|context"}',
            ) from None
        if not found:
            out.append(_config_finding(rule, context, ("type",), section=name))
    return out


_BOX_KEYS = {  # box class → (its attribute, the allowed values, what an unknown value is)
    "finding": ("question", QUESTIONS, "is not a guiding question"),
    "recommendation": ("audience", AUDIENCES, "is not known"),
}


def box_attribute(rule: Rule, context: CheckContext) -> list[Finding]:
    out = []
    for source in context.sources:
        for box in source.boxes:
            kinds = [k for k in _BOX_KEYS if k in box.attrs.classes]
            if kinds and box.empty:
                what = f"this {kinds[0]} is empty; write its text between the fences, or delete it"
                out.append(_finding(rule, source, box.offset, box.fence, what=what))
            for kind in kinds:
                key, allowed, unknown = _BOX_KEYS[kind]
                value = box.attrs.pairs.get(key, "").strip().lower()
                if value not in allowed:
                    problem = f'the {kind}\'s {key}="{value}" {unknown}' if value else f'this {kind} has no {key}="..."'
                    what = f"{problem}; use one of: {', '.join(allowed)}"
                    out.append(_finding(rule, source, box.offset, box.fence, what=what))
    return out


def misreading(rule: Rule, context: CheckContext) -> list[Finding]:
    """Where pandoc reads the Markdown otherwise than the author meant (``tree.py`` says what it prints)."""
    return [
        _finding(rule, source, found.offset, found.text, what=found.what)
        for source in context.sources
        for found in source.misreadings
    ]


def unanswered_question(rule: Rule, context: CheckContext) -> list[Finding]:
    """Once findings are written, each guiding question has at least one: the deck and the brief give
    every question its place, and an empty one shows."""
    if context.project.config["type"] not in rule.options.get("applies_to", ["case-study"]):
        return []
    answered = {
        box.attrs.pairs.get("question", "").strip().lower()
        for source in context.sources
        for box in source.boxes
        if "finding" in box.attrs.classes
    }
    if not answered:
        return []  # no findings yet: the slide-count and brief rules say what is missing
    return [
        _config_finding(rule, context, ("type",), question=question)
        for question in QUESTIONS
        if question not in answered
    ]


def permission(rule: Rule, context: CheckContext) -> list[Finding]:
    out = []
    pending_key = "strict_pending_level" if context.strict else "pending_level"
    pending_level = LEVELS.get(str(rule.options.get(pending_key, "warning")), "warning")
    for source, item, shown in _items(context):
        pairs = item.attrs.pairs
        origin = pairs.get("source", "").strip()
        if not origin or authors_own(origin, drawn_from_data=item.path.lower().endswith(".csv")):
            continue
        problems: list[tuple[str, str]] = []
        for key, hint in (
            ("rights-holder", 'rights-holder="Organization"'),
            ("licence", 'licence="CC BY 4.0"'),
            ("permission", 'permission="granted"'),
        ):
            if not pairs.get(key, "").strip():
                problems.append((f"third-party material without {key}: add {hint}", rule.level))
        status = pairs.get("permission", "").strip().lower()
        if status and status not in PERMISSIONS:
            problems.append((f'permission="{status}" is not a status; use one of: ' + ", ".join(PERMISSIONS), "error"))
        elif status in ("pending", "requested"):
            licence = pairs.get("licence", "").strip()
            if OPEN_LICENCE.match(licence):
                problem = (
                    f"permission is still {status}, but {licence} may already allow this use with a credit line: "
                    'check its terms, and if so write permission="not-required"'
                )
            else:
                problem = f"permission is still {status}: send the permission consent form and record the answer"
            problems.append((problem, pending_level))
        kind = pairs.get("kind", "").strip().lower()
        if kind and kind not in KINDS:
            problems.append((f'kind="{kind}" is not a kind; use one of: ' + ", ".join(KINDS), "error"))
        elif not kind:
            problems.append(('third-party material without kind: add e.g. kind="chart" or kind="photo"', "warning"))
        for problem, level in problems:
            out.append(_finding(rule, source, _item_offset(item), origin, level=level, item=shown, problem=problem))
    return out


def missing_file(rule: Rule, context: CheckContext) -> list[Finding]:
    out = []
    root = context.project.root
    for source in context.sources:
        for item in source.items:
            if item.kind != "figure" or not item.path:
                continue
            try:
                path = resolve_inside(root, item.path, file=source.rel, line=None, what="figure")
            except ContentError as exc:
                out.append(_finding(rule, source, item.offset, item.path, problem=exc.problems[0].message))
                continue
            if not path.is_file():
                near = closest(item.path, _project_files(context))
                maybe = f"; did you mean '{near}'?" if near else " (paths are relative to the project folder)"
                problem = f"the file '{item.path}' does not exist{maybe}"
                out.append(_finding(rule, source, item.offset, item.path, problem=problem))
    return out


SKIPPED_FOLDERS = frozenset({"build", ".git", ".venv", "node_modules", "__pycache__", ".cache"})


def _project_files(context: CheckContext) -> list[str]:
    """Every file of the project a figure could name, as a path relative to it (read once per check)."""
    if "project_files" not in context.cache:
        root = context.project.root
        found: list[str] = []
        for folder, names, files in os.walk(root):
            names[:] = sorted(n for n in names if n not in SKIPPED_FOLDERS and not n.startswith("."))
            found += [Path(folder, f).relative_to(root).as_posix() for f in sorted(files)]
            if len(found) > 20_000:
                break
        context.cache["project_files"] = found
    return context.cache["project_files"]


def duplicate_label(rule: Rule, context: CheckContext) -> list[Finding]:
    seen: dict[str, tuple[SourceFile, ScannedItem]] = {}
    out = []
    for source in context.manuscript_sources():
        for item in source.items:
            if not item.label:
                continue
            if item.label in seen:
                first_source, first = seen[item.label]
                line = first_source.position(_item_offset(first))[0]
                out.append(
                    _finding(
                        rule,
                        source,
                        _item_offset(item),
                        item.label,
                        label=item.label,
                        other=f"{first_source.rel}:{line}",
                    )
                )
            else:
                seen[item.label] = (source, item)
    return out


def reuse(rule: Rule, context: CheckContext) -> list[Finding]:
    folder = resolve_inside(
        context.project.root,
        str(rule.options.get("folder", "sources")),
        file=str(rule.path),
        line=None,
        what="folder of earlier work",
        example="sources",
    )
    try:
        min_words = int(rule.options.get("min_words", 12))
    except (TypeError, ValueError):
        raise ContentError("min_words must be a whole number", file=str(rule.path), hint="e.g. min_words: 12") from None
    index = ShingleIndex.from_folder(folder, min_words, context.project.root)
    out = []
    for source in context.sources:
        for passage in index.passages(source):
            excerpt = " ".join(source.text[passage.start : passage.end].split())
            out.append(
                _finding(rule, source, passage.start, excerpt[:120], words=passage.words, source=passage.source_name)
            )
    return out


def slide_count(rule: Rule, context: CheckContext) -> list[Finding]:
    deck = context.outputs.get("slides.pptx")
    if deck is None or not deck.is_file():
        return []
    count = deck_slide_count(deck)
    low, high = context.project.config["limits"]["slides"]
    if low <= count <= high:
        return []
    return [_config_finding(rule, context, ("limits", "slides"), count=count, low=low, high=high)]


def deck_slide_count(deck: Path) -> int:
    """The slides a .pptx lists in its presentation part (read directly: python-pptx takes longer to
    import than the whole check takes to run)."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(deck) as archive:
            presentation = ElementTree.fromstring(archive.read("ppt/presentation.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return 0
    return len(presentation.findall(f".//{{{PRESENTATION_NS}}}sldId"))


def brief_pages(rule: Rule, context: CheckContext) -> list[Finding]:
    pdf = context.outputs.get("brief.pdf")
    if pdf is None or not pdf.is_file():
        return []
    from pypdf import PdfReader

    count = len(PdfReader(str(pdf)).pages)
    limit = context.project.config["limits"]["brief_pages"]
    if count <= limit:
        return []
    return [_config_finding(rule, context, ("limits", "brief_pages"), count=count, limit=limit)]


def study_coverage(rule: Rule, context: CheckContext) -> list[Finding]:
    from .coverage import study_coverage as check_coverage  # coverage.py builds on this module

    return check_coverage(rule, context)


def alt_text(rule: Rule, context: CheckContext) -> list[Finding]:
    """Every picture says what it shows to a reader who cannot see it (a chart pubkit draws is described from
    its data); a description that only repeats the caption says nothing more."""
    out = []
    for source, item, shown in _items(context):
        if item.kind != "figure" or item.path.lower().endswith(".csv"):
            continue
        alt = item.attrs.pairs.get("alt")
        if alt is None:
            out.append(_finding(rule, source, item.offset, item.path, item=shown, problem=rule.options["missing"]))
        elif alt.strip() and " ".join(alt.split()).casefold() == " ".join(item.caption.split()).casefold():
            out.append(_finding(rule, source, item.offset, alt, item=shown, problem=rule.options["caption"]))
    cover = context.project.config.get("cover") or {}
    if cover.get("image") and cover.get("alt") is None:
        problem = rule.options.get("cover", rule.options["missing"])
        out.append(_config_finding(rule, context, ("cover",), item="The cover image", problem=problem))
    return out


def heading_levels(rule: Rule, context: CheckContext) -> list[Finding]:
    """Headings go down one level at a time (## then ###), so that a screen reader's outline has every level."""
    out = []
    for source in context.manuscript_sources():
        previous = None
        for start, end in source.heading_spans:
            level = _heading_level(source.text, start, end)
            if previous is not None and level > previous + 1:
                title = source.text[start:end].lstrip("# ").strip()
                out.append(_finding(rule, source, start, title, low=previous, high=level, heading="#" * (previous + 1)))
            previous = level
    return out


def _heading_level(text: str, start: int, end: int) -> int:
    line = text[start:end].lstrip()
    if line.startswith("#"):
        return len(line) - len(line.lstrip("#"))
    underline = text[end + 1 : text.find("\n", end + 1) if text.find("\n", end + 1) >= 0 else len(text)]
    return 1 if underline.strip().startswith("=") else 2


def table_header(rule: Rule, context: CheckContext) -> list[Finding]:
    return [
        _finding(rule, source, offset, "")
        for source in context.manuscript_sources()
        for offset in source.headerless_tables
    ]


def link_text(rule: Rule, context: CheckContext) -> list[Finding]:
    """A link says where it goes: not "click here", and not a bare address read out letter by letter."""
    vague = {str(w).casefold() for w in rule.options.get("vague", [])}
    out = []
    for source in context.manuscript_sources():
        for words, target, offset in source.links:
            said = " ".join(words.split()).strip(" .:").casefold()
            if said in vague:
                out.append(_finding(rule, source, offset, words, problem=rule.options["vague_message"]))
            elif re.fullmatch(r"(?:https?://|www\.)\S+", said) or (said and said == target.casefold()):
                out.append(_finding(rule, source, offset, words, problem=rule.options["address_message"]))
    return out


CHECKS: dict[str, Callable[[Rule, CheckContext], list[Finding]]] = {
    "figure-source": figure_source,
    "table-caption": table_caption,
    "map-clearance": map_clearance,
    "cross-reference": cross_reference,
    "citation": citation,
    "word-limit": word_limit,
    "outline": outline,
    "box-attribute": box_attribute,
    "permission": permission,
    "missing-file": missing_file,
    "duplicate-label": duplicate_label,
    "reuse": reuse,
    "study-coverage": study_coverage,
    "slide-count": slide_count,
    "brief-pages": brief_pages,
    "alt-text": alt_text,
    "heading-levels": heading_levels,
    "table-header": table_header,
    "link-text": link_text,
    "misreading": misreading,
    "unanswered-question": unanswered_question,
}
OUTPUT_CHECKS = ("slide-count", "brief-pages")
