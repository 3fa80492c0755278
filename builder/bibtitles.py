"""Titles in the .bib files keep their capitals where a citation style writes titles in sentence case.

A style in sentence case (APA) lowers every word of a title that the .bib
file does not brace: "Digital skills of teachers in Central Asia" would print
"… in central asia". Most authors' titles come from Zotero or a library
catalogue without braces, so before citeproc runs, pubkit braces what must
keep its capitals, in a copy of each file (the author's files are never
changed):

- a title already written in sentence case (a lower-case word where title
  case would have a capital) has its names capitalised by its author: every
  word written with a capital after its first word is braced;
- in a title written in title case the capitals say nothing, so only the
  names pubkit knows are braced (``templates/proper-names.yml``: countries,
  regions, organisations, peoples and languages, with "Republic of …" and
  the like), and a capital after "?" or "!".

Words already inside braces, LaTeX commands, and words citeproc keeps as they
are (all capitals such as "OECD", inner capitals such as "eLearning") are left
alone. A title-case style is unaffected: the braced words are the ones it
capitalises anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .project import Project
from .textfile import read_text_file
from .yamlutil import parse_yaml

NAMES_FILE = "proper-names.yml"
TITLE_FIELDS = ("title", "subtitle", "booktitle", "maintitle", "shorttitle", "titleaddon", "eventtitle")
MAX_BIB_BYTES = 10 * 1024 * 1024
# Words of four letters or more that title case leaves in lower case: seeing one says nothing of the case.
TITLE_CASE_LOWER = frozenset(
    "with from into onto upon over than that this their through between among about without within towards "
    "toward versus across after before under along during since until against".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*")
_HIDDEN = "\x00"  # stands for a braced group or a LaTeX command while the words are read


@dataclass(frozen=True)
class Names:
    """The names a title in title case keeps the capitals of, as one pattern."""

    pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, names: list[str], heads: list[str]) -> Names:
        if not names:
            return cls(None)

        def words(text: str) -> str:
            return r"\s+".join(re.sub("['’]", "['’]", re.escape(w)) for w in text.split())

        head = "|".join(words(h) for h in sorted(set(heads), key=len, reverse=True))
        name = "|".join(words(n) for n in sorted(set(names), key=len, reverse=True))
        prefix = rf"(?:(?:{head})(?:\s+(?:{head}))*\s+of\s+(?:the\s+)?)*" if head else ""
        return cls(re.compile(rf"(?<![\w'’-])(?:{prefix})(?:{name})(?![\w'’-]|-\w)"))


def names_files(project: Project) -> list[Path]:
    """The shipped list of names, and the project's own when it has one."""
    own = project.templates.project_file(NAMES_FILE)
    return [project.templates.default_dir / NAMES_FILE, *([own] if own is not None else [])]


def project_names(project: Project) -> Names:
    """The shipped names, and those of the project's own ``templates/proper-names.yml`` added to them."""
    names: list[str] = []
    heads: list[str] = []
    for path in names_files(project):
        rel = project.rel(path) if path.is_relative_to(project.root) else f"templates/{NAMES_FILE}"
        data = parse_yaml(read_text_file(path, rel, 1024 * 1024), rel, "the list of proper names") or {}
        if isinstance(data, dict):
            names += [str(n) for n in data.get("names") or [] if str(n).strip()]
            heads += [str(h) for h in data.get("heads") or [] if str(h).strip()]
    return Names.build(names, heads)


def protected_copies(project: Project, folder: Path) -> list[Path]:
    """The project's .bib files, each as is or, where a title gained braces, as a copy written in ``folder``."""
    names = project_names(project)
    out = []
    for index, path in enumerate(project.bib_files):
        text = read_text_file(path, project.rel(path), MAX_BIB_BYTES)
        protected = protect_bibtex(text, names)
        if protected == text:
            out.append(path)
            continue
        copy = folder / f"{index:02d}-{path.name}"
        copy.write_text(protected, encoding="utf-8")
        out.append(copy)
    return out


def protect_bibtex(text: str, names: Names) -> str:
    """``text`` of a .bib file with the capitals of its titles protected; nothing else changes."""
    import bibtexparser

    library = bibtexparser.parse_string(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    edits: list[tuple[int, int, str]] = []
    for entry in library.entries:
        line = min(entry.start_line, len(line_starts) - 1)
        at = text.find(entry.raw, line_starts[line])
        if at == -1:
            continue
        for field in entry.fields:
            if field.key.lower() not in TITLE_FIELDS or not isinstance(field.value, str):
                continue
            start = _value_start(entry.raw, field.key, field.value)
            if start is None:
                continue
            new = protect_title(field.value, names)
            if new != field.value:
                edits.append((at + start, at + start + len(field.value), new))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _value_start(raw: str, key: str, value: str) -> int | None:
    """Where ``value`` (a field's text without its braces or quotes) starts in an entry's ``raw`` text; None
    for a value that is not written out there as one piece (a @string macro, a concatenation)."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(key)}\s*=\s*[{{\"]", raw, re.IGNORECASE):
        if raw.startswith(value, match.end()):
            return match.end()
    return None


def protect_title(title: str, names: Names) -> str:
    """One title with braces around the words that must keep their capitals."""
    hidden = _hide_groups(title)
    words = [m for m in _WORD.finditer(hidden)]
    if not words:
        return title
    starts = {words[0].start()} | {m.start() for m in words if _after_stop(hidden, m.start(), ":.?!")}
    spans: list[tuple[int, int]] = []
    if _in_sentence_case(words, starts):
        spans = [(m.start(), m.end()) for m in words[1:] if _capitalised(m.group())]
    else:
        if names.pattern is not None:
            spans = [(m.start(), m.end()) for m in names.pattern.finditer(hidden) if _has_capitalised(m.group())]
        taken = [range(s, e) for s, e in spans]
        for m in words[1:]:
            after_stop = _after_stop(hidden, m.start(), "?!") and _capitalised(m.group())
            if after_stop and not any(m.start() in r for r in taken):
                spans.append((m.start(), m.end()))
    for start, end in sorted(spans, reverse=True):
        title = f"{title[:start]}{{{title[start:end]}}}{title[end:]}"
    return title


def _hide_groups(title: str) -> str:
    """The title with every braced group and LaTeX command replaced by as many placeholder characters."""
    out = list(title)
    depth = 0
    index = 0
    while index < len(title):
        char = title[index]
        if char == "\\":
            end = index + 1
            while end < len(title) and title[end].isalpha():
                end += 1
            end = max(end, index + 2)
            out[index:end] = _HIDDEN * (min(end, len(title)) - index)
            index = end
            continue
        if char == "{":
            depth += 1
        if depth:
            out[index] = _HIDDEN
        if char == "}" and depth:
            depth -= 1
        index += 1
    return "".join(out)


def _after_stop(text: str, at: int, stops: str) -> bool:
    before = text[:at].rstrip()
    return bool(before) and before[-1] in stops


def _parts(word: str) -> list[str]:
    return [p for p in word.split("-") if p]


def _capitalised(word: str) -> bool:
    """ "Asia", "Asia-Pacific": a capital and then lower case, which citeproc would lower; not "OECD" or "eLearning"."""
    parts = _parts(word)
    if any(p[1:] != p[1:].lower() for p in parts):
        return False  # inner capitals: citeproc keeps the word as it is
    return any(p[0].isupper() and len(p) > 1 for p in parts)


def _has_capitalised(text: str) -> bool:
    return any(_capitalised(m.group()) for m in _WORD.finditer(text))


def _in_sentence_case(words: list[re.Match[str]], starts: set[int]) -> bool:
    """A word title case would capitalise is written in lower case."""
    for m in words:
        word = m.group()
        if m.start() in starts or len(word) < 4 or word.lower() in TITLE_CASE_LOWER:
            continue
        if word == word.lower() and word[0].isalpha():
            return True
    return False
