"""The project's BibTeX files, read with bibtexparser v2 to catch errors early.

pandoc's citeproc formats the citations; we read the files ourselves first so a
broken entry or a duplicate key is reported with its file and line, and so the
checker knows which keys exist without running pandoc.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .project import Project, read_text_file

MAX_BIB_BYTES = 10 * 1024 * 1024


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
