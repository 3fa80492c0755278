"""What review found, as one list: compiler-style lines, the JSON of ``--format json``, the matrix's rows.

Each entry says where the change is in the author's sources (or that it is in
text the build generates, and what to change instead), and whether
``--write`` can make it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..sourcemap import Origin
from .changes import PARAGRAPH_BREAK, Change

STATUS_ORDER = ("can-apply", "applied", "generated", "conflict", "manual")


@dataclass
class Entry:
    change: Change
    status: str  # can-apply | applied | generated | conflict | manual | open | resolved
    file: str | None = None
    line: int | None = None
    column: int | None = None
    message: str = ""
    where: str = ""  # for text nobody wrote in the sources: which part of the manuscript ("legal page")
    chapter: str = ""
    section: str = ""
    replies: list[dict[str, str]] = field(default_factory=list)
    anchor: Origin | None = None  # where it is in the sources as the build read them (not shown)

    def as_json(self) -> dict[str, Any]:
        change = self.change
        return {
            "kind": change.kind,
            "author": change.author or None,
            "date": change.date if real_date(change.date) else None,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "old": exact(change.old) if change.kind != "comment" else None,
            "new": exact(change.new) if change.kind != "comment" else None,
            "comment": change.comment,
            "anchor": change.anchor,
            "replies": self.replies,
            "status": self.status,
            "message": self.message,
            "chapter": self.chapter or None,
            "section": self.section or None,
        }


def real_date(date: str) -> bool:
    """Word and LibreOffice write a date of year 0 (or none) when they do not know it."""
    return bool(re.match(r"[1-9]\d{3}-", date or ""))


def exact(text: str) -> str:
    """Text as it reads in the document, for scripts: spaces kept, a new paragraph as a blank line."""
    return text.replace("\ue000", "")


def shown(text: str) -> str:
    """Text as a reader sees it in a list: a new paragraph as "¶", a footnote mark left out."""
    return text.replace(PARAGRAPH_BREAK, " ¶ ").replace("\ue000", "").strip(" ") if text else text


def summary(entries: list[Entry]) -> dict[str, int]:
    changes = [e for e in entries if e.change.kind != "comment"]
    counts = {"changes": len(changes), "comments": len(entries) - len(changes)}
    for status in STATUS_ORDER:
        counts[status] = sum(e.status == status for e in changes)
    return counts


def to_json(entries: list[Entry]) -> str:
    data = {"changes": [e.as_json() for e in entries], "summary": summary(entries)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_text(entries: list[Entry]) -> str:
    lines = []
    for entry in entries:
        change = entry.change
        place = entry.file or f"manuscript ({entry.where or 'generated text'})"
        if entry.file and entry.line:
            place += f":{entry.line}" + (f":{entry.column}" if entry.column else "")
        who = f" by {change.author}" if change.author else ""
        when = f" ({change.date[:10]})" if real_date(change.date) else ""
        lines.append(f"{place}: {_what(change)}{who}{when}: {_quoted(change)} [{entry.status}]")
        for reply in entry.replies:
            lines.append(f"  reply by {reply['author'] or 'someone'}: {clip(reply['text'])}")
        if entry.message:
            lines.append(f"  {entry.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def _what(change: Change) -> str:
    if change.kind == "untracked":
        return "edit made with Track Changes off"
    return change.kind


def _quoted(change: Change) -> str:
    if change.kind == "comment":
        on = f' on "{clip(change.anchor or "")}"' if change.anchor else ""
        return f"{clip(change.comment or '')}{on}".strip()
    if change.kind == "formatting":
        return f'"{clip(shown(change.old))}" {change.note}'
    old, new = clip(shown(change.old)), clip(shown(change.new))
    if change.old and change.new:
        return f'"{old}" → "{new}"'
    if change.old:
        return f'"{old}" deleted'
    return f'"{new}" inserted'


def clip(text: str, most: int = 100) -> str:
    """Text on one line, cut with an ellipsis past ``most`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
