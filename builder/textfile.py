"""An author's text file read safely, and a chapter file read and its front matter told from its body.

What loading a project does before it reads any YAML: ``pubkit check`` sets pandoc reading the
chapters with this alone, while the rest of the project is being loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError, ProjectError
from .paths import inside_project, relative_name

CONFIG_NAME = "content/publication.yaml"  # what makes a folder a project
MAX_CHAPTER_BYTES = 5 * 1024 * 1024
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass
class Chapter:
    """One Markdown file of ``content/`` with its validated front matter (``meta``, read by ``load_project``)."""

    path: Path
    rel: str
    meta: dict[str, Any]
    text: str  # the whole file, newlines normalized to \n
    body: str  # the Markdown after the front matter
    body_line: int  # 1-based line of the file where ``body`` starts

    @property
    def role(self) -> str:
        return self.meta["role"]

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def body_offset(self) -> int:
        """Where ``body`` starts in ``text``."""
        return len(self.text) - len(self.body)


def chapter_files(root: Path) -> list[Path]:
    """The project's chapter files (``content/*.md``), in the order of their names."""
    names = sorted(p for p in inside_project(root, root / "content", "folder").glob("*.md") if p.is_file())
    return [inside_project(root, path, "chapter") for path in names]


def read_chapter(root: Path, path: Path) -> tuple[Chapter, str]:
    """The chapter file read and split: the chapter, its ``meta`` still empty, and its front matter's YAML."""
    rel = relative_name(root, path)
    text = read_text_file(path, rel, MAX_CHAPTER_BYTES)
    yaml_text, body, body_line = split_front_matter(text, rel)
    return Chapter(path=path, rel=rel, meta={}, text=text, body=body, body_line=body_line), yaml_text


def file_size(size: int) -> str:
    """ "256 KB", "5 MB", "4.5 MB": kilobytes under a megabyte, else megabytes (whole ones without decimals)."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"


def read_text_file(path: Path, rel: str, max_bytes: int) -> str:
    """Decode an author's file as UTF-8 (BOM allowed), with a clear error for anything else."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError(f"cannot read the file: {exc.strerror}", file=rel) from None
    if size > max_bytes:
        raise ProjectError(
            f"the file is {file_size(size)}, more than the {file_size(max_bytes)} pubkit accepts",
            file=rel,
            hint="split it into several .bib files"
            if rel.endswith(".bib")
            else "split it into several chapter files, or move data into assets/"
            if rel.endswith(".md")
            else "it holds settings and short texts: move long text into a chapter",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProjectError(f"cannot read the file: {exc.strerror}", file=rel) from None
    if raw.startswith(b"PK\x03\x04"):
        raise ProjectError(
            "this is a Word or other zipped document, not Markdown text",
            file=rel,
            line=1,
            hint="export it as Markdown (e.g. pandoc chapter.docx -o chapter.md) and keep the .md",
        )
    if b"\x00" in raw[:8192]:
        raise ProjectError(
            "this is a binary file, not Markdown text", file=rel, line=1, hint="save the chapter as plain UTF-8 text"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ProjectError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            file=rel,
            line=line,
            hint="save the file with UTF-8 encoding",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, rel: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, 1-based line where the body starts)."""
    if not text.startswith("---\n") and text.strip() != "---":
        raise ConfigError(
            "the chapter has no YAML front matter",
            file=rel,
            line=1,
            hint="start the file with lines  ---  title: Chapter title  ---",
        )
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        raise ConfigError(
            "the front matter is not closed",
            file=rel,
            line=1,
            hint="end the front matter with a line containing only ---",
        )
    yaml_text = text[4 : end.start()]
    body_start = end.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    return yaml_text, text[body_start:], body_line
