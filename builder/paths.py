"""Paths an author writes are resolved inside the project, never outside it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError

_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def relative_name(root: Path, path: Path) -> str:
    """The path as the author sees it: relative to the project, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def inside_project(root: Path, path: Path, what: str) -> Path:
    """``path`` itself when it, following any link, is inside the project ``root``; a link out is an error."""
    root = root.resolve()
    if path.resolve().is_relative_to(root):
        return path
    try:
        shown = path.absolute().relative_to(root).as_posix()
    except ValueError:
        shown = path.name
    raise ContentError(
        f"{shown} is a link to a {what} outside the project; pubkit reads only the project's own files",
        file=shown,
        hint="copy it into the project instead of linking to it",
    )


def resolve_inside(
    root: Path, written: str, *, file: str, line: int | None, what: str, example: str = "assets/figure.png"
) -> Path:
    """Resolve ``written`` against the project root; refuse absolute, remote and escaping paths.

    Symlinks are resolved first, so a link inside ``assets/`` that points outside
    the project is refused like a ``../`` path.
    """
    if not written or not written.strip():
        raise ContentError(f"the {what} path is empty", file=file, line=line, hint=f"write a path such as {example}")
    if _REMOTE.match(written):
        raise ContentError(
            f"the {what} '{written}' is a web address; pubkit does not download files",
            file=file,
            line=line,
            hint=f"save the file in the project (e.g. {example}) and use that path",
        )
    candidate = Path(written)
    if candidate.is_absolute() or re.match(r"^[A-Za-z]:[\\/]", written):
        raise ContentError(
            f"the {what} path '{written}' is absolute",
            file=file,
            line=line,
            hint=f"copy the file into the project and use a path relative to the project folder, e.g. {example}",
        )
    root_resolved = root.resolve()
    resolved = (root_resolved / candidate).resolve()
    if not resolved.is_relative_to(root_resolved):
        raise ContentError(
            f"the {what} path '{written}' points outside the project",
            file=file,
            line=line,
            hint=f"copy the file into the project (e.g. {example}) and refer to it there",
        )
    return resolved


def closest(written: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``written`` (a misspelt path or citation key), when one is close enough."""
    import difflib

    found = difflib.get_close_matches(written, list(candidates), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(path: Path, written: str) -> str:
    """ "; did you mean 'assets/skills.png'?" for a missing file whose folder holds one of a name like it."""
    folder = path.parent
    if not folder.is_dir():
        return ""
    near = closest(path.name, (p.name for p in folder.iterdir() if p.is_file()))
    if near is None:
        return ""
    shown = written.replace("\\", "/").rsplit("/", 1)
    return f"; did you mean '{shown[0] + '/' + near if len(shown) == 2 else near}'?"
