"""The assembled document every writer takes: parts, numbered items, findings.

Transforms fill it in; writers only read it. Keeping it format-neutral (no Word
XML in here) lets the manuscript, brief, deck and register agree on numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .charts import ChartData
from .pandoc_ast import Node, stringify
from .project import Chapter, Project

KIND_NAMES = {"figure": "Figure", "table": "Table"}
_BY_THE_AUTHOR = re.compile(r"(?:the\s+)?author(?![\w-])", re.IGNORECASE)  # "author", "Author's calculations"


def authors_own(source: str | None, drawn_from_data: bool) -> bool:
    """Whether an item is the author's own: its source says "author" (or starts so: "author, from the
    2024 survey"), or it is a chart pubkit draws from data, whose source credits the data, not a picture."""
    return drawn_from_data or bool(_BY_THE_AUTHOR.match(source or ""))


def source_is_only_author(source: str | None) -> bool:
    return (source or "").strip().lower() in ("author", "the author")


@dataclass
class Item:
    """A figure or table: what the caption, the lists and the register print."""

    kind: str  # "figure" | "table"
    label: str  # "fig:skills" as written, or a generated one when the author gave none
    attrs: dict[str, str]
    caption: list[Node]  # inlines
    chapter: Chapter
    line: int | None
    labelled: bool = True
    number: str = ""  # "3" or "2.1", set by numbering
    sequence: int = 0  # 1-based position among items of its kind, for bookmark names
    restart: int | None = None  # a number the SEQ field must restart at (chapter numbering), else it counts on
    image: Path | None = None  # figures: the image file (resolved)
    chart: ChartData | None = None  # figures drawn from a .csv file
    written: dict[str, list[Any]] = field(default_factory=dict)  # attribute → where its value was written
    alt: str | None = None  # figures: the author's text alternative ("" decorative), None when not given

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def display(self) -> str:
        return f"{self.name} {self.number}"

    @property
    def caption_text(self) -> str:
        return stringify(self.caption)

    @property
    def source(self) -> str | None:
        """The source as printed after "Source:" (an author's own "Source: ..." prefix is not doubled)."""
        value = (self.attrs.get("source") or "").strip()
        if value.lower().startswith("source:"):
            value = value[len("source:") :].strip()
        return value or None

    @property
    def author_created(self) -> bool:
        return authors_own(self.source, self.chart is not None)

    @property
    def third_party(self) -> bool:
        return not self.author_created

    @property
    def register_kind(self) -> str:
        """Kind for the permission register: the author's ``kind`` or a sensible default."""
        if self.attrs.get("kind"):
            return self.attrs["kind"].strip().lower()
        if self.kind == "table":
            return "table"
        if self.chart is not None:
            return "chart"
        if self.image is not None and "map" in self.image.stem.lower():  # SPEC: files named like *map*
            return "map"
        return "figure"


@dataclass
class Box:
    """A ``.finding`` or ``.recommendation`` block: kept in the text, collected for deck and brief."""

    kind: str  # "finding" | "recommendation"
    key: str  # the guiding question or the audience
    blocks: list[Node]
    chapter: Chapter
    line: int | None
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return stringify(self.blocks)


@dataclass
class Part:
    """One chapter file after transforms: its blocks start with its title as a level-1 heading."""

    chapter: Chapter
    blocks: list[Node]
    number: str = ""  # chapter number ("2") or annex letter ("A"); "" for front matter

    @property
    def role(self) -> str:
        return self.chapter.role

    @property
    def title(self) -> str:
        return self.chapter.title


@dataclass
class Heading:
    level: int
    text: str
    bookmark: str
    part: Part


@dataclass
class Document:
    project: Project
    parts: list[Part]  # manuscript parts in reading order
    extra_parts: dict[str, Part]  # "brief", "slides": parts that are not in the manuscript
    items: list[Item]
    boxes: list[Box]
    headings: list[Heading]
    part_titles: dict[str, list[Node]]  # chapter file → its title as inlines
    title_inlines: list[Node]
    subtitle_inlines: list[Node]
    short_summary_blocks: list[Node]
    legal_page_blocks: list[Node]
    api_version: list[int]
    labels: dict[str, Any]
    cover_image: Path | None = None  # checked, inside the project

    @property
    def config(self) -> dict[str, Any]:
        return self.project.config

    @property
    def findings(self) -> list[Box]:
        return [b for b in self.boxes if b.kind == "finding"]

    @property
    def recommendations(self) -> list[Box]:
        return [b for b in self.boxes if b.kind == "recommendation"]

    def items_of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def item(self, label: str) -> Item | None:
        for candidate in self.items:
            if candidate.label == label:
                return candidate
        return None

    def parts_with_role(self, *roles: str) -> list[Part]:
        return [p for p in self.parts if p.role in roles]
