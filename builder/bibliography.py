"""The project's BibTeX files, read with bibtexparser v2 to catch errors early.

pandoc's citeproc formats the citations; we read the files ourselves first so a
broken entry or a duplicate key is reported with its file and line, and so the
checker knows which keys exist without running pandoc.

``@string`` macros are expanded here as pandoc expands them (each in the order
written, from those defined before it; an unknown name stands for itself), only
to measure them: 40 lines that each double the one before would make pandoc
build a title of a thousand billion characters, so a macro or a field that
grows beyond ``MAX_EXPANSION`` characters is refused at its line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .project import Project
from .textfile import read_text_file

MAX_BIB_BYTES = 10 * 1024 * 1024
MAX_EXPANSION = 100_000  # characters a @string macro or a field may grow to (a long abstract is 3,000)
_BARE_WORD = re.compile(r"[^\s#,{}()\"=]+")


@dataclass
class Bibliography:
    files: list[Path]
    keys: dict[str, tuple[str, int]] = field(default_factory=dict)  # key → (file, line)


def load_bibliography(project: Project) -> Bibliography:
    import bibtexparser

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    bibliography = Bibliography(list(project.bib_files))
    for path in project.bib_files:
        rel = project.rel(path)
        text = read_text_file(path, rel, MAX_BIB_BYTES)
        library = bibtexparser.parse_string(text)
        for block in library.failed_blocks:
            line = block.start_line + 1
            name = getattr(block, "key", None) or _entry_head(block.raw)
            if type(block).__name__ == "DuplicateBlockKeyBlock":
                raise ContentError(
                    f"the entry key '{name}' is defined twice in this file",
                    file=rel,
                    line=line,
                    hint="give each entry its own key, or delete the copy",
                )
            reason = getattr(block.error, "abort_reason", "") or str(block.error) or "the entry cannot be read"
            raise ContentError(
                f"the BibTeX entry {name} cannot be read: {reason.strip()}",
                file=rel,
                line=line,
                hint="check its braces and the commas between fields",
            )
        _check_macros(library, rel)
        for entry in library.entries:
            if entry.key in bibliography.keys:
                first_file, first_line = bibliography.keys[entry.key]
                raise ContentError(
                    f"the entry key '{entry.key}' is also defined in {first_file}:{first_line}",
                    file=rel,
                    line=entry.start_line + 1,
                    hint="keep one entry per key across the .bib files",
                )
            bibliography.keys[entry.key] = (rel, entry.start_line + 1)
    return bibliography


def _entry_head(raw: str) -> str:
    head = raw.strip().split("\n", 1)[0]
    return f"'{head[:60]}'"


def _check_macros(library: object, rel: str) -> None:
    """Refuse a @string macro or an entry's field that expands beyond ``MAX_EXPANSION`` characters."""
    strings = getattr(library, "strings", [])
    if not strings:
        return
    sizes: dict[str, int] = {}
    for block in strings:
        equals = block.raw.find("=")
        size = _expanded_size(block.raw, equals + 1, sizes) if equals >= 0 else 0
        if size > MAX_EXPANSION:
            raise _grows(f"the @string macro '{block.key}'", rel, block.start_line + 1)
        sizes[block.key.lower()] = size
    for entry in library.entries:
        for item in entry.fields:
            value = item.value if isinstance(item.value, str) else ""
            if not any(word.lower() in sizes for word in _BARE_WORD.findall(value)):
                continue
            found = re.search(rf"(?<![\w-]){re.escape(item.key)}\s*=", entry.raw, re.IGNORECASE)
            if found is not None and _expanded_size(entry.raw, found.end(), sizes) > MAX_EXPANSION:
                line = entry.start_line + 1 + entry.raw.count("\n", 0, found.start())
                raise _grows(f"the field '{item.key}' of the entry '{entry.key}'", rel, line)


def _grows(what: str, rel: str, line: int) -> ContentError:
    return ContentError(
        f"{what} grows to more than {MAX_EXPANSION:,} characters when the @string macros in it are expanded",
        file=rel,
        line=line,
        hint="write the text out; a macro made of macros that double at each step grows without measure",
    )


def _expanded_size(raw: str, at: int, sizes: dict[str, int]) -> int:
    """How long the BibTeX value written in ``raw`` from ``at`` (pieces joined by ``#``) is once expanded."""
    total = 0
    end = len(raw)
    while True:
        while at < end and raw[at].isspace():
            at += 1
        if at >= end:
            return total
        if raw[at] in '{"':
            start, depth = at, 0
            at += 1 if raw[at] == '"' else 0
            while at < end:
                char = raw[at]
                if char == "\\":
                    at += 1
                elif char == "{":
                    depth += 1
                elif char == "}":
                    depth -= 1
                    if depth == 0 and raw[start] == "{":
                        break
                elif char == '"' and depth == 0 and raw[start] == '"':
                    break
                at += 1
            total += at - start - 1
            at += 1
        else:
            word = _BARE_WORD.match(raw, at)
            if word is None:
                return total
            total += sizes.get(word.group().lower(), len(word.group()))
            at = word.end()
        while at < end and raw[at].isspace():
            at += 1
        if at >= end or raw[at] != "#":
            return total
        at += 1
