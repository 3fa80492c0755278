"""Findings and recommendations: kept in the text as boxes, collected for the deck and brief."""

from __future__ import annotations

import re

from ..locate import line_index
from ..model import Box, Document, Part
from ..pandoc_ast import Node, attr_pairs, stringify

BOX_KINDS = {"finding": "question", "recommendation": "audience"}


def collect_boxes(part: Part, document: Document) -> None:
    text = part.chapter.text
    fences = {
        kind: [m.start() for m in re.finditer(r"^:::+[ \t]*\{[^}\n]*\." + kind + r"\b", text, re.MULTILINE)]
        for kind in BOX_KINDS
    }
    seen = dict.fromkeys(BOX_KINDS, 0)
    for div in _box_divs(part.blocks):
        _identifier, classes, _pairs = div["c"][0]
        kind = next(k for k in BOX_KINDS if k in classes)
        offsets = fences[kind]
        line = line_index(text).position(offsets[seen[kind]])[0] if seen[kind] < len(offsets) else None
        seen[kind] += 1
        if not stringify(div["c"][1]).strip():
            continue  # an empty box (check reports it) has nothing to show on a slide or in the brief
        values = attr_pairs(div["c"][0])
        key = values.get(BOX_KINDS[kind], "").strip().lower()
        document.boxes.append(Box(kind, key, div["c"][1], part.chapter, line, values))


def _box_divs(blocks: list[Node]) -> list[Node]:
    found: list[Node] = []
    for block in blocks:
        if block.get("t") == "Div":
            if any(k in block["c"][0][1] for k in BOX_KINDS):
                found.append(block)
            else:
                found.extend(_box_divs(block["c"][1]))
    return found
