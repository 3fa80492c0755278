"""Templates: the defaults shipped in ``templates/`` and a project's overrides.

A project may put a file of the same name under its own ``templates/`` folder
to replace a default (a CSL style, the slide plan, the brief layout, a rules
file). All Jinja rendering goes through one sandboxed environment: author text
is passed in as data and never evaluated as template code.

A project's template is also bounded (``_BoundedSandbox``): it may take
``MAX_STEPS`` loop rounds and calls and ``MAX_SECONDS`` of processor time, make
no text or list longer than ``MAX_VALUE`` and write no more than
``MAX_OUTPUT`` characters; a template that would (``{{ 'x' * 4000000000 }}``,
loops in loops) stops with its file and line instead of filling the memory.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import string
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import ContentError

MAX_STEPS = 1_000_000  # loop rounds and calls in one render (pubkit's own templates take a few thousand)
MAX_SECONDS = 10.0  # processor time of one render
MAX_VALUE = 1_000_000  # characters of a text, items of a list, a template makes
MAX_OUTPUT = 5_000_000  # characters one render writes
MAX_WIDTH = 100_000  # a width or count given to center(), indent(), batch()...
_HUGE_FORMAT = re.compile(r"%[^a-zA-Z%]*(?:\*|\d{7})")  # "%4000000000d", "%*d"
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

        path = self.find(name)
        shown = f"templates/{name}"
        try:
            source = path.read_text(encoding="utf-8")
            key = (source, autoescape)
            with self._lock:
                template = self._compiled.get(key)
                if template is None:  # compiled once: the deck and the brief render their plans level by level
                    env = _bounded_sandbox()(
                        autoescape=autoescape,
                        undefined=jinja2.StrictUndefined,
                        trim_blocks=True,
                        lstrip_blocks=True,
                        keep_trailing_newline=True,
                    )
                    env.filters.update(FILTERS)
                    template = self._compiled[key] = env.from_string(source)
            template.environment.start_render()
            pieces: list[str] = []
            written = 0
            for piece in template.generate(**context):
                written += len(piece)
                if written > MAX_OUTPUT:
                    raise TemplateLimit(f"it writes more than {MAX_OUTPUT:,} characters")
                pieces.append(piece)
            return "".join(pieces)
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError(
                f"the template has a syntax error: {exc.message}",
                file=shown,
                line=exc.lineno,
                hint="fix the Jinja syntax on that line",
            ) from None
        except TemplateLimit as exc:
            raise ContentError(
                f"the template stopped: {exc}",
                file=shown,
                line=_template_line(exc),
                hint="a template formats the values it is given; it must not build large texts or loop "
                f"more than {MAX_STEPS:,} times",
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise ContentError(
                f"the template tried something the sandbox forbids: {exc}",
                file=shown,
                line=_template_line(exc),
                hint="templates may only read the values they are given",
            ) from None
        except (MemoryError, RecursionError) as exc:
            what = "ran out of memory" if isinstance(exc, MemoryError) else "calls itself without end"
            raise ContentError(
                f"the template failed: it {what}",
                file=shown,
                line=_template_line(exc),
                hint="look for a macro that calls itself, or a text or list built larger and larger",
            ) from None
        except Exception as exc:  # a template is the author's code: any failure is theirs to fix, not a traceback
            raise ContentError(
                f"the template failed: {exc}",
                file=shown,
                line=_template_line(exc),
                hint="check the names the template uses against the documented context",
            ) from None


class TemplateLimit(Exception):
    """A template went past one of the bounds of ``_BoundedSandbox``."""


def _template_line(exc: BaseException) -> int | None:
    """The template's line where ``exc`` was raised (Jinja puts the template's lines in the traceback)."""
    line = None
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _sized(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _refuse_huge(value: Any, what: str) -> Any:
    if _sized(value) > MAX_VALUE:
        raise TemplateLimit(f"{what} makes a text or list of more than {MAX_VALUE:,} characters or items")
    return value


def _refuse_huge_format(text: Any, what: str) -> None:
    if isinstance(text, str):
        fields = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec] if "{" in text else []
        if _HUGE_FORMAT.search(text) or any("{" in s or re.search(r"\d{7}", s) for s in fields):
            raise TemplateLimit(f"{what} asks for a width of millions of characters")


@functools.lru_cache(maxsize=1)
def _bounded_sandbox() -> type:
    """The sandbox class (made on first use: ``pubkit check`` never imports Jinja)."""
    from jinja2 import nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class _BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._state = threading.local()  # the writers render side by side
            self.globals["lipsum"] = lambda n=5, *rest, **more: _lipsum(self, n, *rest, **more)
            for name in ("center", "indent", "wordwrap", "truncate", "batch", "slice", "replace", "format", "join"):
                self.filters[name] = _bounded_filter(name, self.filters[name])

        def start_render(self) -> None:
            self._state.steps = 0
            self._state.until = time.thread_time() + MAX_SECONDS

        def step(self) -> None:
            state = self._state
            state.steps = getattr(state, "steps", 0) + 1
            if state.steps > MAX_STEPS:
                raise TemplateLimit(f"it loops or calls more than {MAX_STEPS:,} times")
            if state.steps % 512 == 0 and time.thread_time() > getattr(state, "until", float("inf")):
                raise TemplateLimit(f"it takes more than {MAX_SECONDS:.0f} s")

        def pubkit_steps(self, iterable: Any) -> Any:
            """What a ``{% for %}`` loop goes through, one step a round."""
            for item in iterable:
                self.step()
                yield item

        def pubkit_sized(self, text: Any) -> Any:
            return _refuse_huge(text, "joining texts with ~")

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            __self.step()
            method = getattr(getattr(__obj, "__wrapped__", __obj), "__name__", "")
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            if isinstance(owner, str):
                if method in ("format", "format_map"):
                    _refuse_huge_format(owner, f"'...'.{method}()")
                elif method in ("center", "ljust", "rjust", "zfill", "expandtabs") and any(
                    isinstance(a, int) and a > MAX_WIDTH for a in args
                ):
                    raise TemplateLimit(f"'...'.{method}() is asked for more than {MAX_WIDTH:,} characters")
                elif method == "replace" and len(args) >= 2 and isinstance(args[1], str):
                    _refuse_replace(owner, args[0], args[1])
            return _refuse_huge(super().call(__context, __obj, *args, **kwargs), f"{method or 'a call'}()")

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            self.step()
            if operator == "*":
                count, other = (left, right) if isinstance(left, int) else (right, left)
                if isinstance(count, int) and not isinstance(count, bool):
                    if _sized(other) and count * _sized(other) > MAX_VALUE:
                        raise TemplateLimit(f"'*' makes a text or list of more than {MAX_VALUE:,} items")
                    if isinstance(other, int) and count.bit_length() + other.bit_length() > 100_000:
                        raise TemplateLimit("'*' makes a number of more than 30,000 digits")
            elif operator == "**" and isinstance(left, int) and isinstance(right, int):
                if right > 0 and abs(left) > 1 and right * left.bit_length() > 100_000:
                    raise TemplateLimit("'**' makes a number of more than 30,000 digits")
            elif operator == "%":
                _refuse_huge_format(left, "'%'")
            elif operator == "+" and _sized(left) + _sized(right) > MAX_VALUE:
                raise TemplateLimit(f"'+' makes a text or list of more than {MAX_VALUE:,} items")
            return _refuse_huge(super().call_binop(context, operator, left, right), f"'{operator}'")

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            """The template with every loop counted: ``for x in y`` goes through ``pubkit_steps(y)``."""
            tree = super()._parse(source, name, filename)
            for loop in list(tree.find_all(nodes.For)):
                steps = nodes.EnvironmentAttribute("pubkit_steps", lineno=loop.lineno)
                loop.iter = nodes.Call(steps, [loop.iter], [], None, None, lineno=loop.lineno)
            for concat in list(tree.find_all(nodes.Concat)):
                sized = nodes.EnvironmentAttribute("pubkit_sized", lineno=concat.lineno)
                concat.nodes = [nodes.Call(sized, [nodes.Concat(concat.nodes)], [], None, None, lineno=concat.lineno)]
            return tree

    return _BoundedSandbox


def _refuse_replace(text: str, old: Any, new: str) -> None:
    if isinstance(old, str) and old and len(text) + text.count(old) * (len(new) - len(old)) > MAX_VALUE:
        raise TemplateLimit(f"replace() makes a text of more than {MAX_VALUE:,} characters")
    if isinstance(old, str) and not old and len(text) * len(new) > MAX_VALUE:
        raise TemplateLimit(f"replace() makes a text of more than {MAX_VALUE:,} characters")


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses widths and counts in the millions and results larger than ``MAX_VALUE``."""

    @functools.wraps(original)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not hasattr(a, "environment")]  # the context or environment it is given
        if name == "format" and values:
            _refuse_huge_format(values[0], "the format filter")
        elif name == "replace" and len(values) >= 3 and isinstance(values[0], str) and isinstance(values[2], str):
            _refuse_replace(values[0], values[1], values[2])
        elif name != "format" and any(
            isinstance(a, int) and not isinstance(a, bool) and a > MAX_WIDTH for a in [*values[1:], *kwargs.values()]
        ):
            raise TemplateLimit(f"the {name} filter is given a number over {MAX_WIDTH:,}")
        return _refuse_huge(original(*args, **kwargs), f"the {name} filter")

    return bounded


def _lipsum(env: Any, n: int = 5, *args: Any, **kwargs: Any) -> Any:
    from jinja2.utils import generate_lorem_ipsum

    if not isinstance(n, int) or n > 100:
        raise TemplateLimit("lipsum() is asked for more than 100 paragraphs")
    return generate_lorem_ipsum(n, *args, **kwargs)


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
