"""Unacknowledged reuse of earlier work: shared runs of words with files in ``sources/``.

Every source is cut into overlapping runs (shingles) of words, hashed into
dictionaries. A chapter is then read once: each probe is a single dictionary
look-up, so the cost grows with the text, not with text × sources.

To find every shared run of ``n`` words it is enough to probe the chapter's
runs of ``m = n - s + 1`` words at every ``s``-th word: any ``n`` shared words
contain such a run. Each probe that hits is confirmed with the exact
``n``-word shingles around it, and consecutive matching shingles merge into one
passage, reported once. Words inside quotation marks followed by a citation
(or in a cited block quote) are acknowledged and do not count.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from .source import SourceFile

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_STEP = 4  # probe every 4th word with runs of n - 3 words
MAX_SOURCE_BYTES = 20_000_000


@dataclass(frozen=True)
class Passage:
    source_name: str
    start: int  # offsets into the checked file
    end: int
    words: int


def _normal_words(text: str) -> list[str]:
    """Words as compared: lower case, one kind of apostrophe."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


class ShingleIndex:
    def __init__(self, n: int):
        self.n = max(2, n)
        self.step = min(_STEP, self.n - 1)
        self.probe = self.n - self.step + 1  # shorter runs, looked up at every step-th word
        self.table: dict[int, str] = {}  # hash of an n-word run → the source it comes from
        self.probes: set[int] = set()  # hashes of the shorter runs

    def add(self, name: str, text: str) -> None:
        words = _normal_words(text.lstrip("\ufeff"))
        for index in range(len(words) - self.n + 1):
            self.table.setdefault(hash(tuple(words[index : index + self.n])), name)
        for index in range(len(words) - self.probe + 1):
            self.probes.add(hash(tuple(words[index : index + self.probe])))

    @classmethod
    def from_folder(cls, folder: Path, n: int, display_root: Path) -> ShingleIndex:
        index = cls(n)
        if folder.is_dir():
            for path in _files_below(folder):
                if not path.resolve().is_relative_to(display_root.resolve()):
                    continue  # a link out of the project: never read
                if (
                    path.is_file()
                    and path.suffix.lower() in (".txt", ".md", ".text")
                    and path.stat().st_size < MAX_SOURCE_BYTES
                ):
                    shown = (
                        path.relative_to(display_root).as_posix() if path.is_relative_to(display_root) else path.name
                    )
                    try:
                        text = path.read_bytes().decode("utf-8", "replace")
                    except OSError as exc:
                        raise ContentError(f"cannot read the earlier work: {exc.strerror}", file=shown) from None
                    index.add(shown, text)
        return index

    def _source_at(self, words: list[str], index: int) -> str | None:
        if index < 0 or index + self.n > len(words):
            return None
        return self.table.get(hash(tuple(words[index : index + self.n])))

    def passages(self, source: SourceFile) -> list[Passage]:
        if not self.table:
            return []
        lowered = source.lowered()
        text = lowered.replace("’", "'") if lowered is not None else source.masked
        words = _WORD.findall(text) if lowered is not None else _normal_words(text)
        covered_by: dict[int, str] = {}  # word index → source name
        checked: set[int] = set()
        for probe_at in range(0, len(words) - self.probe + 1, self.step):
            if hash(tuple(words[probe_at : probe_at + self.probe])) not in self.probes:
                continue
            for first in range(probe_at - self.step + 1, probe_at + 1):  # n-word runs that contain this probe
                index = first
                while index not in checked:  # follow the run forwards
                    checked.add(index)
                    name = self._source_at(words, index)
                    if name is None:
                        break
                    for offset in range(index, index + self.n):
                        covered_by.setdefault(offset, name)
                    index += 1
        if not covered_by:
            return []
        spans = [m.span() for m in _WORD.finditer(text)]
        # words inside a quotation with a citation are acknowledged; what is left must still be n words long
        shared = [i for i in sorted(covered_by) if not source.in_cited_quotation(*spans[i])]
        passages = []
        run: list[int] = []
        for index in [*shared, None]:
            if run and (index is None or index != run[-1] + 1):
                if len(run) >= self.n:
                    first, last = run[0], run[-1]
                    passages.append(Passage(covered_by[first], spans[first][0], spans[last][1], len(run)))
                run = []
            if index is not None:
                run.append(index)
        return passages


def _files_below(folder: Path) -> list[Path]:
    """Every file under ``folder``, in name order, without following links to other folders."""
    found = []
    for top, names, files in os.walk(folder):
        names.sort()
        found += [Path(top, name) for name in files]
    return sorted(found)
