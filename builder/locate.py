"""Positions in the author's own file: offsets to 1-based line and column."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache


class LineIndex:
    """Maps character offsets of a text to (line, column), both 1-based."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


@lru_cache(maxsize=256)
def line_index(text: str) -> LineIndex:
    return LineIndex(text)


def find_line(text: str, pattern: str | re.Pattern[str], start: int = 0) -> int | None:
    """Line of the first match of ``pattern`` (a regex) in ``text``, or None."""
    match = re.compile(pattern).search(text, start) if isinstance(pattern, str) else pattern.search(text, start)
    if match is None:
        return None
    return line_index(text).position(match.start())[0]


def label_pattern(label: str) -> str:
    """Regex for where ``label`` is declared: ``#label`` inside an attribute block."""
    return r"\{[^{}\n]*#" + re.escape(label) + r"(?=[\s}])"


def literal_line(text: str, needle: str) -> int | None:
    offset = text.find(needle)
    return None if offset < 0 else line_index(text).position(offset)[0]
