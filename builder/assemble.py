"""Stages 2 and 3, parse and transform: chapters → pandoc AST → one assembled ``Document``.

Every chapter is parsed once by pandoc (in parallel, cached by content hash);
the short texts from ``publication.yaml`` (titles, short summary, legal page)
are parsed together in one more call. Then the transforms run in the order
listed in ``builder.transform``: per-part transforms first, then the ones that
need the whole document (numbering before cross-references).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import parsed, sourcemap
from .errors import ConfigError, ContentError
from .model import Document, Part
from .pandoc import parse_markdown
from .pandoc_ast import Node, text_inlines
from .project import CONFIG_NAME, Project
from .templates import markdown_escape
from .transform import DOCUMENT_TRANSFORMS, MANUSCRIPT_PART_TRANSFORMS, OTHER_PART_TRANSFORMS
from .yamlutil import check_bounds, load_located_yaml, value_span

EXTRA_ROLES = ("brief", "slides")


class ParseJob:
    """pandoc parsing every chapter (and the publication.yaml texts) in the background.

    Started before the writers are loaded so pandoc's processes run meanwhile;
    ``results()`` waits for them. With ``locate``, each chapter is also mapped to its
    source as soon as pandoc has read it, while pandoc reads the others, and cached
    with its map (the check reads the same cache).
    """

    def __init__(self, project: Project, cache_dir: Path | None, *, locate: bool = False):
        cache = parsed.cache_for(cache_dir)
        self.locate = locate
        self.pool, self.chapters = parsed.read_in_background(project.chapters, cache, locate=locate)
        self.fragments_source, self.fragment_ids = _fragments_markdown(project, cache_dir)  # while pandoc starts
        self.fragments = self.pool.submit(
            parse_markdown, self.fragments_source, what="reading publication.yaml texts", cache=cache
        )

    def results(self) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        try:
            return {rel: future.result() for rel, future in self.chapters.items()}, self.fragments.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def assemble(
    project: Project, cache_dir: Path | None, job: ParseJob | None = None, *, locate: bool = False
) -> Document:
    """The project's chapters as one document; with ``locate``, every node also knows where it was written
    (``builder.sourcemap``: what the manuscript's build record and review need)."""
    job = job or ParseJob(project, cache_dir, locate=locate)
    trees, fragments_tree = job.results()  # with locate, the chapters were mapped to their sources as read
    fragments = _split_fragments(fragments_tree, job.fragment_ids)
    if locate:
        map_fragments(project, fragments)

    api_version = fragments_tree["pandoc-api-version"]
    config = project.config
    parts: list[Part] = []
    extra: dict[str, Part] = {}
    chapter_count = annex_count = 0
    for chapter in project.chapters:
        part = Part(chapter, trees[chapter.rel]["blocks"])
        if chapter.role == "chapter":
            chapter_count += 1
            part.number = str(chapter_count)
        elif chapter.role == "annex":
            annex_count += 1
            part.number = chr(ord("A") + annex_count - 1) if annex_count <= 26 else f"A{annex_count}"
        if chapter.role in EXTRA_ROLES:
            extra[chapter.role] = part
        else:
            parts.append(part)

    document = Document(
        project=project,
        parts=parts,
        extra_parts=extra,
        items=[],
        boxes=[],
        headings=[],
        part_titles={
            c.rel: _inlines(fragments.get(f"title-{i}")) or text_inlines(c.title)
            for i, c in enumerate(project.chapters)
        },
        title_inlines=_inlines(fragments.get("title")) or text_inlines(config["title"]),
        subtitle_inlines=_inlines(fragments.get("subtitle")),
        short_summary_blocks=fragments.get("summary", []),
        legal_page_blocks=fragments.get("legal", []),
        api_version=api_version,
        labels=load_labels(project),
    )
    for part in document.parts:
        for transform in MANUSCRIPT_PART_TRANSFORMS:
            transform(part, document)
    for part in document.extra_parts.values():
        for transform in OTHER_PART_TRANSFORMS:
            transform(part, document)
    for transform in DOCUMENT_TRANSFORMS:
        transform(document)
    return document


def map_fragments(project: Project, fragments: dict[str, list[Node]]) -> None:
    """Where the titles and the short summary were written: publication.yaml, a chapter's front matter."""
    for key, blocks in fragments.items():
        if key in ("title", "subtitle", "summary"):
            file, text = CONFIG_NAME, project.config_text
            span = value_span(text, project.config_line("short_summary" if key == "summary" else key))
        elif key.startswith("title-"):
            chapter = project.chapters[int(key[len("title-") :])]
            file, text = chapter.rel, chapter.text
            front = text[: chapter.body_offset]
            title = re.search(r"^title[ \t]*:", front, re.MULTILINE)
            span = value_span(front, front.count("\n", 0, title.start()) + 1) if title else None
        else:
            continue
        if span is not None:
            sourcemap.map_blocks(file, text, blocks, span[0], span[1], notes=False)


def load_labels(project: Project) -> dict[str, Any]:
    """pubkit's labels with the project's own ``templates/labels.yaml`` laid over them, key by key.

    A project that renames one guiding question writes only that entry; everything
    it leaves out keeps pubkit's wording. What it writes must have the shape of pubkit's
    labels (a text where pubkit has a text, a list as long, no names pubkit does not use).
    """
    templates = project.templates
    labels = _read_labels(templates.default_dir / "labels.yaml", project)
    own = templates.project_file("labels.yaml")
    if own is None:
        return labels
    own_labels = _read_labels(own, project)
    _check_shape(labels, own_labels, own, project)
    return _laid_over(labels, _as_text(own_labels))


def _read_labels(path: Path, project: Project) -> dict[str, Any]:
    rel = project.rel(path)
    try:
        text = path.read_text(encoding="utf-8")
        check_bounds(text, rel, error=ContentError)
        labels = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(
            f"the labels file cannot be read: {exc}",
            file=rel,
            hint="restore it from pubkit's templates/labels.yaml",
        ) from None
    if not isinstance(labels, dict):
        raise ContentError(
            "the labels file must be a mapping",
            file=rel,
            hint="write it like pubkit's templates/labels.yaml: only the entries you reword, under their headings",
        )
    return labels


def _check_shape(base: Any, own: Any, path: Path, project: Project, at: tuple[Any, ...] = ()) -> None:
    """A located error for the first entry of the project's labels that is not shaped like pubkit's."""
    name = ".".join(str(k) for k in at)
    problem = ""
    if isinstance(base, dict):
        if not isinstance(own, dict):
            problem = f"'{name}' must be a mapping of names to texts, like pubkit's, not {_kind(own)}"
        else:
            for key, value in own.items():
                if key not in base:
                    known = ", ".join(str(k) for k in base)
                    where = f"under '{name}'" if name else "at the top"
                    raise _label_error(
                        f"pubkit has no label '{key}' {where}; the labels there are: {known}",
                        path,
                        project,
                        (*at, key),
                    )
                _check_shape(base[key], value, path, project, (*at, key))
            return
    elif isinstance(base, list):
        if not isinstance(own, list) or len(own) != len(base) or not all(_is_text(v) for v in own):
            problem = f"'{name}' must be a list of {len(base)} texts, like pubkit's"
    elif isinstance(base, str):
        if not _is_text(own):
            problem = f"'{name}' must be a text, not {_kind(own)}"
        else:  # where pubkit fills in {fields}, the project's text may use those and no others
            allowed = _placeholders(base) or set()
            used = _placeholders(str(own))
            extra = ["..."] if used is None else sorted(used - allowed)
            if allowed and extra:
                problem = (
                    f"'{name}' uses {{{extra[0]}}}, which pubkit does not fill in; "
                    f"it fills in: {', '.join('{' + p + '}' for p in sorted(allowed))}"
                )
    if problem:
        raise _label_error(problem, path, project, at)


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _as_text(value: Any) -> Any:
    """Numbers written unquoted (``year_label: 2025``) as the texts they stand for."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return str(value) if _is_text(value) else value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else f"'{value}'"


def _placeholders(text: str) -> set[str] | None:
    """The names a label's ``{name}`` fields use; None when its braces are not plain fields."""
    import string

    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        return None
    if any(not f.isidentifier() for f in fields):
        return None
    return set(fields)


def _label_error(message: str, path: Path, project: Project, at: tuple[Any, ...]) -> ContentError:
    line = None
    try:
        line = load_located_yaml(path.read_text(encoding="utf-8"), project.rel(path)).line_of(*at)
    except (OSError, UnicodeDecodeError, ConfigError):
        pass
    return ContentError(
        f"in the labels file, {message}",
        file=project.rel(path),
        line=line,
        hint="write only the entries you reword, shaped as in pubkit's templates/labels.yaml",
    )


def _laid_over(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in own.items():
        below = merged.get(key)
        merged[key] = _laid_over(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return merged


def _fragments_markdown(project: Project, cache_dir: Path | None = None) -> tuple[str, list[str]]:
    """Short texts from publication.yaml and front matter, parsed by pandoc in one call."""
    config = project.config
    pieces: dict[str, str] = {"title": markdown_escape(config["title"])}
    if config["subtitle"]:
        pieces["subtitle"] = markdown_escape(config["subtitle"])
    if config["short_summary"]:
        pieces["summary"] = config["short_summary"]
    for index, chapter in enumerate(project.chapters):
        pieces[f"title-{index}"] = markdown_escape(chapter.title)
    pieces["legal"] = render_legal_page(project, cache_dir)
    source = "".join(f"::::::::: {{#pubkit-{key}}}\n{text.strip()}\n:::::::::\n\n" for key, text in pieces.items())
    return source, list(pieces)


def render_legal_page(project: Project, cache_dir: Path | None = None) -> str:
    config = project.config
    licence = config["licence"]
    normalized = licence.upper().replace("-", " ").replace("  ", " ")
    return project.templates.render(
        "legal-page.md.j2",
        autoescape=False,
        cache_dir=cache_dir,
        year=config["year"],
        publisher=config["publisher"],
        isbn=config.get("isbn"),
        licence=licence,
        licence_is_cc_by_sa_igo=normalized.replace(" ", "") == "CCBYSA3.0IGO",
        legal_notice=config["legal_notice"],
        cover_credit=(config["cover"] or {}).get("credit", ""),
        credits=config["credits"],
        document_code=config.get("document_code"),
        title=config["title"],
    )


def _split_fragments(tree: dict[str, Any], ids: list[str]) -> dict[str, list[Node]]:
    found: dict[str, list[Node]] = {}
    for block in tree["blocks"]:
        if block.get("t") == "Div" and block["c"][0][0].startswith("pubkit-"):
            found[block["c"][0][0][len("pubkit-") :]] = block["c"][1]
    return {key: found.get(key, []) for key in ids}


def _inlines(blocks: list[Node] | None) -> list[Node]:
    """The inlines of a one-paragraph fragment."""
    if not blocks:
        return []
    out: list[Node] = []
    for block in blocks:
        if block.get("t") in ("Para", "Plain"):
            out.extend(block["c"])
    return out
