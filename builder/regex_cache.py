"""Regular expressions compiled in an earlier run, and what was learnt about them there.

Python compiles a regular expression from its text in every process that uses it,
and the house-style rules hold a few hundred: compiling them, and reading each
rule's patterns to find where a match can start, is a tenth of a check's work.
A pattern's program depends only on the pattern and on Python, so, as Python
keeps compiled modules, pubkit keeps the programs it compiled, one file per
Python in the user's cache folder, with what the rules learnt about each pattern
(keyed by the code that learnt it). Nothing in the file is a result about a
project: a missing, damaged or unwritable file costs time, never a finding, and
anything that does not load is compiled again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

try:  # Python's own regular-expression compiler (re._compiler and re._parser since Python 3.11)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _PROGRAMS = sys.implementation.name == "cpython" and hasattr(_compiler, "_code")
except ImportError:  # pragma: no cover - Python 3.10 or another implementation: compile as re does
    _PROGRAMS = False

T = TypeVar("T")
_FORMAT = 1

_table: dict[Any, Any] | None = None  # key → a program, or what was learnt; loaded at the first use
_used: set[Any] = set()
_added = False
_made: dict[tuple[str, int], re.Pattern[str]] = {}  # this run's patterns, as re keeps its own: asked again, given again
_MADE_LIMIT = 1024


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the program kept by an earlier run when there is one. Only for the
    patterns of pubkit and of the rule files: one built from an author's words would be kept in the user's
    cache folder, so those are compiled with ``re.compile``."""
    flags = int(flags)
    if not _PROGRAMS or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    made = _made.get((pattern, flags))
    if made is None:
        if len(_made) >= _MADE_LIMIT:
            _made.clear()
        made = _made[pattern, flags] = _compile(pattern, flags)
    return made


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    key = ("program", pattern, flags)
    program = _entries().get(key)
    if program is not None:
        try:
            compiled = _sre.compile(pattern, *program)
        except (TypeError, ValueError, RuntimeError):  # not a program this Python can run: made again
            pass
        else:
            _used.add(key)
            return compiled
    parsed = _parser.parse(pattern, flags)
    state = parsed.state
    names: list[str | None] = [None] * state.groups
    for name, number in state.groupdict.items():
        names[number] = name
    code = [int(op) for op in _compiler._code(parsed, flags)]  # plain numbers: the opcodes are named ints
    program = (flags | state.flags, code, state.groups - 1, dict(state.groupdict), tuple(names))
    compiled = _sre.compile(pattern, *program)
    _keep(key, program)
    return compiled


def remembered(key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()``, or what it returned for the same ``key`` in an earlier run. The key must name everything
    the value depends on (the code that makes it too); the value must be made of numbers, strings, tuples,
    lists, sets and dicts."""
    key = ("learnt", *key)
    entries = _entries()
    if key in entries:
        _used.add(key)
        return entries[key]  # type: ignore[no-any-return]
    value = make()
    _keep(key, value)
    return value


def save() -> None:
    """Write what this run compiled or learnt for the next (nothing when it added nothing). Only what this run
    used is kept: the programs of rules an earlier pubkit or another project had would only make the file
    slower to read."""
    global _added
    if not _added or _table is None:
        return
    _added = False
    kept = {key: _table[key] for key in _used if key in _table}
    from .outputs import write_atomically

    path = cache_file()
    if path is None:
        return
    with contextlib.suppress(OSError, ValueError):  # a read-only home or a full disk: the next run compiles
        write_atomically(path, marshal.dumps({"format": _FORMAT, "python": sys.version, "entries": kept}))


def cache_file() -> Path | None:
    """Where the kept programs are: one file per Python, in the user's cache folder (None when there is no
    home to hold one: nothing is kept, rather than a folder written where pubkit runs)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC if _PROGRAMS else 0}"
    return Path(base) / "pubkit" / f"regex-{tag}.bin"


def _entries() -> dict[Any, Any]:
    global _table
    if _table is None:
        _table = {}
        path = cache_file()
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError, AttributeError):  # None: no file
            data = marshal.loads(path.read_bytes())  # type: ignore[union-attr]
            if (
                isinstance(data, dict)
                and data.get("format") == _FORMAT
                and data.get("python") == sys.version
                and isinstance(data.get("entries"), dict)
            ):
                _table = data["entries"]
    return _table


def _keep(key: Any, value: Any) -> None:
    global _added
    _entries()[key] = value
    _used.add(key)
    _added = True
