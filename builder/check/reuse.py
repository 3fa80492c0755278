"""Unacknowledged reuse of earlier work: shared runs of words with files in ``sources/``.

Every source is cut into overlapping runs (shingles) of ``n`` words, hashed into
one dictionary. A chapter is then read once: each of its shingles is a single
dictionary look-up, so the cost grows with the text, not with text × sources.
Consecutive matching shingles merge into one passage, reported once, unless it
sits inside quotation marks followed by a citation (or in a block quote with one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .source import SourceFile

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CITATION_AFTER = re.compile(r"^[\s,.;:)]*(?:\[[^\]]*@|\(?[A-Z][\w-]+(?: et al\.)?,? \(?\d{4}|@)")


@dataclass(frozen=True)
class Passage:
    source_name: str
    start: int  # offsets into the checked file
    end: int
    words: int


class ShingleIndex:
    def __init__(self, n: int):
        self.n = n
        self.table: dict[int, str] = {}

    def add(self, name: str, text: str) -> None:
        words = [w.lower() for w in _WORD.findall(text)]
        for index in range(len(words) - self.n + 1):
            self.table.setdefault(hash(tuple(words[index : index + self.n])), name)

    @classmethod
    def from_folder(cls, folder: Path, n: int, display_root: Path) -> ShingleIndex:
        index = cls(n)
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if (
                    path.is_file()
                    and path.suffix.lower() in (".txt", ".md", ".text")
                    and path.stat().st_size < 20_000_000
                ):
                    text = path.read_bytes().decode("utf-8", "replace")
                    index.add(path.relative_to(display_root).as_posix(), text)
        return index

    def passages(self, source: SourceFile) -> list[Passage]:
        if not self.table:
            return []
        tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(source.masked)]
        n = self.n
        covered_by: list[str | None] = [None] * len(tokens)
        for index in range(len(tokens) - n + 1):
            name = self.table.get(hash(tuple(t[0] for t in tokens[index : index + n])))
            if name is not None:
                for offset in range(index, index + n):
                    covered_by[offset] = covered_by[offset] or name
        passages = []
        index = 0
        while index < len(tokens):
            if covered_by[index] is None:
                index += 1
                continue
            first = index
            while index < len(tokens) and covered_by[index] is not None:
                index += 1
            passages.append(Passage(covered_by[first] or "", tokens[first][1], tokens[index - 1][2], index - first))
        return [p for p in passages if not acknowledged(source.text, p.start, p.end)]


def acknowledged(text: str, start: int, end: int) -> bool:
    """True when the passage is quoted and cited: “…” [@key], or a block quote followed by a citation."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].lstrip().startswith(">"):
        block_end = re.search(r"\n(?![ \t]*>)", text[start:])
        stop = start + block_end.start() if block_end else len(text)
        return "@" in text[start:stop] or bool(re.match(r"\s*(?:\[[^\]]*@|@)", text[stop : stop + 200]))
    paragraph_start = text.rfind("\n\n", 0, start) + 1
    paragraph_end = text.find("\n\n", end)
    before = text[paragraph_start:start]
    after = text[end : len(text) if paragraph_end == -1 else paragraph_end]
    inside = before.rfind("“") > before.rfind("”") or before.count('"') % 2 == 1
    if not inside:
        return False
    closes = [i for i in (after.find("”"), after.find('"')) if i != -1]
    return bool(closes) and bool(_CITATION_AFTER.match(after[min(closes) + 1 : min(closes) + 120]))
