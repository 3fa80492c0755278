"""Stage 1, load: read a publication project from disk into plain objects.

Nothing here interprets Markdown; it finds the files, decodes them safely,
validates ``publication.yaml`` and every chapter's front matter against the
declared schema, and orders the parts as SPEC §3 says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import validate_front_matter, validate_publication
from .errors import ConfigError, ContentError, ProjectError
from .paths import inside_project, relative_name
from .templates import TemplateSet
from .textfile import CONFIG_NAME, MAX_CHAPTER_BYTES, Chapter, chapter_files, read_chapter, read_text_file
from .yamlutil import check_bounds, load_located_yaml

MAX_CONFIG_BYTES = 256 * 1024
FRONT_ROLES = ("foreword", "acknowledgements", "executive-summary")


@dataclass
class Project:
    root: Path
    config: dict[str, Any]
    chapters: list[Chapter]  # every content file, in reading order (front matter, chapters, annexes, others)
    bib_files: list[Path]
    templates: TemplateSet
    config_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    config_text: str = ""  # publication.yaml as read (newlines normalized)

    def rel(self, path: Path) -> str:
        return relative_name(self.root, path)

    def parts(self, *roles: str) -> list[Chapter]:
        return [c for c in self.chapters if c.role in roles]

    @property
    def manuscript_parts(self) -> list[Chapter]:
        """Front matter, chapters and annexes in the order they are read."""
        return self.parts(*FRONT_ROLES, "chapter", "consultation", "annex")

    def config_line(self, *path: Any) -> int | None:
        while path:
            if path in self.config_lines:
                return self.config_lines[path]
            path = path[:-1]
        return None


def load_chapter(root: Path, path: Path) -> Chapter:
    unread, yaml_text = read_chapter(root, path)
    located = load_located_yaml(yaml_text, unread.rel, line_offset=1)
    unread.meta = validate_front_matter(located)
    return unread


def _reading_order(chapters: list[Chapter]) -> list[Chapter]:
    role_rank = {
        "foreword": 0,
        "acknowledgements": 1,
        "executive-summary": 2,
        "chapter": 3,
        "consultation": 4,
        "annex": 5,
        "brief": 6,
        "slides": 7,
    }
    by_name = sorted(chapters, key=lambda c: c.path.name)
    position = {id(c): i for i, c in enumerate(by_name, 1)}

    def key(chapter: Chapter) -> tuple[int, int, int, str]:
        order = chapter.meta.get("order")
        return (
            role_rank[chapter.role],
            order if order is not None else position[id(chapter)],
            0 if order is not None else 1,
            chapter.path.name,
        )

    return sorted(chapters, key=key)


def load_project(root: Path) -> Project:
    """Read ``root`` as a publication project; raise ProjectError/ConfigError/ContentError."""
    root = root.resolve()
    if not root.is_dir():
        raise ProjectError(
            f"there is no project folder at {root.name or root}",
            file=str(root),
            hint="give the folder that contains content/publication.yaml with --project",
        )
    config_path = root / CONFIG_NAME
    if config_path.is_file():
        inside_project(root, config_path, "file")
    else:
        raise ProjectError(
            "this folder is not a publication project: content/publication.yaml is missing",
            file=CONFIG_NAME,
            hint="run pubkit from the project folder, pass --project DIR, or create one with pubkit new DIR",
        )
    config_text = read_text_file(config_path, CONFIG_NAME, MAX_CONFIG_BYTES)
    located = load_located_yaml(config_text, CONFIG_NAME)
    config = validate_publication(located)

    chapters = [load_chapter(root, path) for path in chapter_files(root)]
    _check_single_roles(chapters)
    bib_dir = root / "bibliography"
    if bib_dir.exists():
        inside_project(root, bib_dir, "folder")
    found = sorted(p for p in bib_dir.glob("*.bib") if p.is_file()) if bib_dir.is_dir() else []
    bib_files = [inside_project(root, p, "bibliography") for p in found]
    templates = TemplateSet(root)
    _check_template_yaml(root, templates)
    return Project(
        root=root,
        config=config,
        chapters=_reading_order(chapters),
        bib_files=bib_files,
        templates=templates,
        config_lines=located.lines,
        config_text=config_text,
    )


def _check_template_yaml(root: Path, templates: TemplateSet) -> None:
    """The YAML files of the project's ``templates/`` (labels, proper names, rule files) are refused at once
    when they nest too deep or grow through their aliases, before the build or the check reads them."""
    own = [templates.project_file(name) for name in ("labels.yaml", "proper-names.yml")]
    own += [p for p in templates.all_in("rules", "*.yml") if p.resolve().is_relative_to(templates.project_dir)]
    for path in own:
        if path is None:
            continue
        try:
            text = path.read_bytes()[: 2 * MAX_CHAPTER_BYTES].decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the reader of the file says what is wrong with it
        check_bounds(text, relative_name(root, path), error=ContentError)


def _check_single_roles(chapters: list[Chapter]) -> None:
    for role in ("foreword", "acknowledgements", "executive-summary", "brief", "slides"):
        files = [c.rel for c in chapters if c.role == role]
        if len(files) > 1:
            raise ConfigError(
                f"more than one file has role: {role} ({', '.join(files)})",
                file=files[1],
                line=2,
                hint=f"keep one {role} file, or give the others another role",
            )
