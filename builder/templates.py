"""Templates: the defaults shipped in ``templates/`` and a project's overrides.

A project may put a file of the same name under its own ``templates/`` folder
to replace a default (a CSL style, the slide plan, the brief layout, a rules
file). All Jinja rendering goes through one sandboxed environment: author text
is passed in as data and never evaluated as template code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import ContentError

_PACKAGE_DIR = Path(__file__).resolve().parent


def default_templates_dir() -> Path:
    """The shipped defaults: inside the installed package, or the source tree's ``templates/``."""
    for candidate in (_PACKAGE_DIR / "templates", _PACKAGE_DIR.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise ContentError(
        "pubkit's default templates are missing from the installation", hint="reinstall pubkit (make install)"
    )


class TemplateSet:
    """Finds a named template: the project's own ``templates/NAME`` first, then the default."""

    def __init__(self, project_root: Path):
        self.project_root = project_root.resolve()
        self.project_dir = (project_root / "templates").resolve()
        self.default_dir = default_templates_dir()
        self._compiled: dict[tuple[str, bool], Any] = {}  # (template text, autoescape) → compiled template
        self._lock = threading.Lock()  # writers render side by side

    def project_file(self, name: str) -> Path | None:
        """The project's own ``templates/NAME``, when it has one (inside the project)."""
        own = (self.project_dir / name).resolve()
        inside = own.is_relative_to(self.project_dir) and own.is_relative_to(self.project_root)
        return own if own.is_file() and inside else None

    def find(self, name: str) -> Path:
        own = self.project_file(name)
        if own is not None:
            return own
        default = self.default_dir / name
        if default.is_file():
            return default
        raise ContentError(
            f"the template '{name}' was not found",
            file=f"templates/{name}",
            hint="restore it from pubkit's templates folder",
        )

    def all_in(self, folder: str, pattern: str) -> list[Path]:
        """Default files in ``folder`` plus the project's; a project file replaces a default of the same name."""
        chosen: dict[str, Path] = {}
        bases = [self.default_dir] + ([self.project_dir] if self.project_dir.is_relative_to(self.project_root) else [])
        for base in bases:
            directory = base / folder
            if directory.is_dir():
                for path in sorted(directory.glob(pattern)):
                    if path.resolve().is_relative_to(base):
                        chosen[path.name] = path
        return [chosen[name] for name in sorted(chosen)]

    def render(self, name: str, autoescape: bool, *, cache_dir: Path | None = None, **context: Any) -> str:
        """Render a Jinja template in the sandbox; template errors name the template file and line.

        With ``cache_dir``, the text is kept under a hash of the template and its values, so a rebuild
        that changes neither returns it without importing Jinja (which takes longer than the render).
        """
        if cache_dir is None:
            return self._render(name, autoescape, context)
        try:
            key = hashlib.sha256(
                json.dumps(
                    [name, autoescape, self.find(name).read_text(encoding="utf-8"), context, _FILTERS_SOURCE_KEY],
                    sort_keys=True,
                ).encode()
            ).hexdigest()[:40]
        except (TypeError, ValueError, OSError):  # values JSON cannot hold: just render
            return self._render(name, autoescape, context)
        from . import cachefile  # here: pubkit check, which never renders, need not import it

        cached = cache_dir / "templates" / f"{key}.txt"
        kept = cachefile.load(cached)
        if kept is not None:
            with contextlib.suppress(UnicodeDecodeError):
                return kept.decode("utf-8")
        text = self._render(name, autoescape, context)
        cachefile.store(cached, text.encode("utf-8"))
        return text

    def _render(self, name: str, autoescape: bool, context: dict[str, Any]) -> str:
        import jinja2
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        path = self.find(name)
        shown = f"templates/{name}"
        try:
            source = path.read_text(encoding="utf-8")
            key = (source, autoescape)
            with self._lock:
                template = self._compiled.get(key)
                if template is None:  # compiled once: the deck and the brief render their plans level by level
                    env = ImmutableSandboxedEnvironment(
                        autoescape=autoescape,
                        undefined=jinja2.StrictUndefined,
                        trim_blocks=True,
                        lstrip_blocks=True,
                        keep_trailing_newline=True,
                    )
                    env.filters.update(FILTERS)
                    template = self._compiled[key] = env.from_string(source)
            return template.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError(
                f"the template has a syntax error: {exc.message}",
                file=shown,
                line=exc.lineno,
                hint="fix the Jinja syntax on that line",
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise ContentError(
                f"the template tried something the sandbox forbids: {exc}",
                file=shown,
                hint="templates may only read the values they are given",
            ) from None
        except Exception as exc:  # a template is the author's code: any failure is theirs to fix, not a traceback
            raise ContentError(
                f"the template failed: {exc}",
                file=shown,
                hint="check the names the template uses against the documented context",
            ) from None


def markdown_escape(value: Any) -> str:
    """Escape text so Markdown shows it literally (used for plain values put into Markdown templates)."""
    text = str(value)
    out = []
    for ch in text:
        if ch in "\\`*_{}[]<>#!|@$~^&":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


FILTERS: dict[str, Callable[..., Any]] = {"md": markdown_escape}


# The filters are part of what a render gives: their code changes the cached texts.
_FILTERS_SOURCE_KEY = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
