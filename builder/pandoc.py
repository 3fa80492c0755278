"""The one place pandoc is run: locate the binary, run with a time limit, cache parses.

pandoc comes from the ``pypandoc-binary`` wheel. We parse each chapter once to
pandoc's JSON AST (cached by content hash under ``build/.cache``) and call pandoc
again only to write Word files.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cachefile, processes
from .errors import ExternalToolError

READER = "markdown"  # pandoc's Markdown: citations, fenced divs, table captions with attributes, footnotes
PARSE_TIMEOUT = 120
WRITE_TIMEOUT = 300


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc binary shipped in the pypandoc-binary wheel (no system pandoc needed)."""
    spec = importlib.util.find_spec("pypandoc")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "files" / "pandoc"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        raise ExternalToolError(
            "pandoc was not found", hint="install pubkit with make install (it brings pypandoc-binary)"
        ) from None


@lru_cache(maxsize=1)
def pandoc_identity() -> str:
    """Identifies the pandoc binary for cache keys without starting it."""
    info = os.stat(pandoc_path())
    return f"{pandoc_path()}:{info.st_size}:{info.st_mtime_ns}"


# pandoc's binary asks its runtime for a 64 MB heap up front; for a chapter of a few thousand words,
# setting that memory up costs more than the parse (measured: 10 parses of a 5,000-word chapter take
# 0.95 s as shipped, 0.60 s with an 8 MB hint). Writing .docx files gains nothing from it.
SMALL_HEAP = ("+RTS", "-H8m", "-RTS")
# No run may take more memory than this: input that grows without measure (a .bib file of @string macros
# that double at each step took 24 GB) stops with "Heap exhausted" instead of filling the machine.
HEAP_LIMIT_GB = 4
HEAP_LIMIT = ("+RTS", f"-M{HEAP_LIMIT_GB}g", "-RTS")
_runtime_options_refused = False


def run_pandoc(
    args: list[str],
    data: bytes,
    *,
    what: str,
    timeout: int = WRITE_TIMEOUT,
    cwd: Path | None = None,
    runtime: tuple[str, ...] = (),
) -> bytes:
    """Run pandoc; a failure or timeout becomes an ExternalToolError with pandoc's own words attached.

    ``runtime`` options are passed to pandoc's Haskell runtime; a pandoc built without them runs without.
    """
    return PandocRun(args, data, what=what, timeout=timeout, cwd=cwd, runtime=runtime).output()


class PandocRun:
    """pandoc started now (see ``run_pandoc``); ``output`` waits for what it wrote."""

    def __init__(
        self,
        args: list[str],
        data: bytes,
        *,
        what: str,
        timeout: float = WRITE_TIMEOUT,
        cwd: Path | None = None,
        runtime: tuple[str, ...] = (),
    ):
        self.args, self.data, self.what, self.timeout, self.cwd = args, data, what, timeout, cwd
        self.runtime = (*runtime, *HEAP_LIMIT)
        self._start()

    def _start(self) -> None:
        extra = () if _runtime_options_refused else self.runtime
        self.with_runtime = bool(extra)
        self.deadline = time.monotonic() + self.timeout
        try:  # ended with pubkit, however it ends
            self.run = processes.Run([pandoc_path(), *self.args, *extra], input=self.data, cwd=self.cwd)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise pandoc_failure(1, "No space left on device", self.what) from None
            raise ExternalToolError(
                f"pandoc could not be started while {self.what}: {exc.strerror}", hint="reinstall with make install"
            ) from None

    def output(self) -> bytes:
        global _runtime_options_refused
        try:
            done = self.run.result(max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise ExternalToolError(
                f"pandoc took longer than {self.timeout:g} s while {self.what}",
                hint="the input may be very large; split it into smaller chapters",
            ) from None
        if done.returncode == 0:
            return done.stdout
        failure = pandoc_failure(done.returncode, done.stderr.decode("utf-8", "replace"), self.what)
        if self.with_runtime and "RTS option" in str(failure):  # a pandoc built without runtime options
            _runtime_options_refused = True
            self._start()
            return self.output()
        raise failure


def pandoc_failure(code: int, stderr: str, what: str) -> ExternalToolError:
    """What pandoc's failure means, in words: the disk is full, it ran out of memory, or its own message
    (without the Haskell backtrace, which says nothing to an author)."""
    said = re.split(r"^\s*HasCallStack backtrace:", stderr, maxsplit=1, flags=re.MULTILINE)[0].strip()
    if "No space left on device" in stderr or "resource exhausted (No space" in stderr:
        return ExternalToolError(
            f"the disk is full: pandoc could not write while {what}",
            hint="free some space on the disk that holds the output folder (its .cache folder may be deleted), "
            "then build again",
        )
    if "Heap exhausted" in stderr or "out of memory" in stderr:
        return ExternalToolError(
            f"pandoc ran out of memory (it may use {HEAP_LIMIT_GB} GB) while {what}",
            hint="the input is far too large or grows without measure: look for @string macros built from "
            "macros in the .bib files, or a chapter or table of enormous size",
        )
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return ExternalToolError(
            f"pandoc was stopped (signal {name}) while {what}",
            hint="it was probably ended for using too much memory; look for a very large input",
        )
    if not said:
        return ExternalToolError(
            f"pandoc failed while {what} (exit code {code}) and said nothing about why",
            hint="run the build again; if it fails the same way, please report it with the input named",
        )
    return ExternalToolError(
        f"pandoc failed while {what}:\n    " + said.replace("\n", "\n    "),
        hint="this is usually caused by the input named above; if not, please report it",
    )


class ParseCache:
    """Parsed ASTs on disk, keyed by the hash of pandoc's version, reader and the text."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    def _key(self, text: str) -> str:
        digest = hashlib.sha256()
        digest.update(f"{pandoc_identity()}\0{READER}\0".encode())
        digest.update(text.encode("utf-8"))
        return digest.hexdigest()

    def has(self, text: str) -> bool:
        """Whether the tree is probably kept (for ordering work; ``get`` is what checks it is whole)."""
        return self.directory is not None and cachefile.companion(self.directory / f"{self._key(text)}.json").is_file()

    def get(self, text: str) -> dict[str, Any] | None:
        return tree_from_json(self.get_json(text))

    def get_json(self, text: str) -> bytes | None:
        """pandoc's JSON as it was kept (``get`` reads it)."""
        return cachefile.load(self.directory / f"{self._key(text)}.json") if self.directory is not None else None

    def put(self, text: str, pandoc_output: bytes) -> None:
        """Keep pandoc's JSON as it came (writing it out again from Python would cost as much as reading it)."""
        if self.directory is not None:
            cachefile.store(self.directory / f"{self._key(text)}.json", pandoc_output)


def tree_from_json(data: bytes | None) -> dict[str, Any] | None:
    """pandoc's JSON read, or None when it is not a document (a kept copy that is no longer whole)."""
    try:
        tree = json.loads(data) if data is not None else None
    except ValueError:
        return None
    return tree if isinstance(tree, dict) and isinstance(tree.get("blocks"), list) else None


def parse_markdown(
    text: str, *, what: str, cache: ParseCache | None = None, timeout: float = PARSE_TIMEOUT
) -> dict[str, Any]:
    """Markdown → pandoc JSON AST (one pandoc run, or none when cached)."""
    if cache is not None:
        hit = cache.get(text)
        if hit is not None:
            return hit
    out = read_markdown(text, what=what, timeout=timeout)
    ast = json.loads(out)
    if cache is not None:
        cache.put(text, out)
    return ast


def read_markdown(text: str, *, what: str, timeout: float = PARSE_TIMEOUT) -> bytes:
    """pandoc's reading of the Markdown ``text``, as the JSON it writes."""
    data = text.encode("utf-8")
    return run_pandoc(["-f", READER, "-t", "json"], data, what=what, timeout=timeout, runtime=SMALL_HEAP)
