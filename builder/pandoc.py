"""The one place pandoc is run: locate the binary, run with a time limit, cache parses.

pandoc comes from the ``pypandoc-binary`` wheel. We parse each chapter once to
pandoc's JSON AST (cached by content hash under ``build/.cache``) and call pandoc
again only to write Word files.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib.util
import json
import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, InvalidStateError
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cachefile, processes
from .errors import ExternalToolError

READER = "markdown"  # pandoc's Markdown: citations, fenced divs, table captions with attributes, footnotes
PARSE_TIMEOUT = 120
READ_SCRIPT = Path(__file__).with_name("read_markdown.lua")  # several chapters read by one pandoc
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
# 0.95 s as shipped, 0.60 s with an 8 MB hint). Writing .docx files gains nothing from it. A third
# generation keeps the tree of the chapters already read out of the collections that the words being read
# set off: a pandoc reading four such chapters uses an eighth less of the processor (124 ms, not 140).
SMALL_HEAP = ("+RTS", "-H8m", "-G3", "-RTS")
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
            raise took_too_long(self.timeout, self.what) from None
        if done.returncode == 0:
            return done.stdout
        failure = pandoc_failure(done.returncode, done.stderr.decode("utf-8", "replace"), self.what)
        if self.with_runtime and "RTS option" in str(failure):  # a pandoc built without runtime options
            _runtime_options_refused = True
            self._start()
            return self.output()
        raise failure


def took_too_long(timeout: float, what: str) -> ExternalToolError:
    return ExternalToolError(
        f"pandoc took longer than {timeout:g} s while {what}",
        hint="the input may be very large; split it into smaller chapters",
    )


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

    def get_json(self, text: str) -> bytes | None:
        """pandoc's JSON as it was kept (``tree_from_json`` reads it)."""
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
    tree = tree_from_json(markdown_json(text, what=what, cache=cache, timeout=timeout))
    if tree is None:  # a kept copy that is not whole: pandoc reads the text again, and its copy replaces it
        out = read_markdown(text, what=what, timeout=timeout)
        tree = json.loads(out)
        if cache is not None:
            cache.put(text, out)
    return tree


def markdown_json(text: str, *, what: str, cache: ParseCache | None = None, timeout: float = PARSE_TIMEOUT) -> bytes:
    """pandoc's JSON for the Markdown ``text``: the kept copy, else pandoc's reading (then kept)."""
    kept = cache.get_json(text) if cache is not None else None
    if kept is not None:
        return kept
    out = read_markdown(text, what=what, timeout=timeout)
    if cache is not None:
        cache.put(text, out)
    return out


def read_markdown(text: str, *, what: str, timeout: float = PARSE_TIMEOUT) -> bytes:
    """pandoc's reading of the Markdown ``text``, as the JSON it writes."""
    data = text.encode("utf-8")
    return run_pandoc(["-f", READER, "-t", "json"], data, what=what, timeout=timeout, runtime=SMALL_HEAP)


class MarkdownBatch:
    """Several Markdown texts read in turn by one pandoc, each exactly as ``read_markdown`` reads it (the same
    JSON, byte for byte; ``read_markdown.lua`` gives pandoc's reader the options of its command line).

    A pandoc started for one chapter spends some 15 ms of the system's time mapping its code and memory, a
    third of what reading 5,000 words costs; a pandoc that reads several chapters pays it once. ``read``
    yields each text's number and JSON the moment pandoc has written it. A text it does not yield (pandoc
    could not read it, or ended early) is for the caller to read alone, which reports pandoc's own words;
    one that takes longer than ``timeout`` is yielded as that error, and nothing after it.
    """

    def __init__(self, texts: list[str], *, whats: list[str], timeout: float = PARSE_TIMEOUT):
        self.whats, self.timeout, self._closed = whats, timeout, False
        self._folder = processes.scratch_folder("read")
        self.paths = [Path(self._folder.name) / f"{number}.md" for number in range(len(texts))]
        try:
            for path, text in zip(self.paths, texts):
                path.write_text(text, encoding="utf-8")
            command = [pandoc_path(), "lua", str(READ_SCRIPT), pandoc_path(), *map(str, self.paths)]
            runtime = () if _runtime_options_refused else (*SMALL_HEAP, *HEAP_LIMIT)
            self.process: subprocess.Popen[bytes] | None = processes.start(
                [*command, *runtime], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError:  # the texts are read one by one, which says what is wrong
            self.process = None
            self._folder.cleanup()

    def read(self) -> Iterator[tuple[int, bytes | ExternalToolError]]:
        if self.process is None:
            return
        assert self.process.stdout is not None
        said, waiting = b"", 0
        try:
            while waiting < len(self.paths):
                ready, _, _ = select.select([self.process.stdout], [], [], self.timeout)
                if not ready:
                    yield waiting, took_too_long(self.timeout, self.whats[waiting])
                    return
                more = os.read(self.process.stdout.fileno(), 4096)
                if not more:
                    return  # pandoc ended before reading them all
                said += more
                *lines, said = said.split(b"\n")
                for line in lines:
                    number, _, failed = line.decode("ascii", "replace").partition(" ")
                    waiting = int(number) + 1
                    if not failed:
                        yield int(number), Path(f"{self.paths[int(number)]}.json").read_bytes()
        finally:
            self.close()

    def close(self) -> None:
        """End pandoc (if it still runs) and remove the texts; once is enough, more is harmless."""
        if self.process is not None and not self._closed:
            self._closed = True
            processes.end(self.process)
            self._folder.cleanup()


def read_in_batches(
    texts: dict[str, str], cache: ParseCache, pool: Executor, *, batches: int, timeout: float = PARSE_TIMEOUT
) -> dict[str, Future[bytes]]:
    """pandoc's JSON for each Markdown text (``texts`` gives what it is: "reading content/10-a.md"), read by
    ``batches`` pandocs at once on the pool's threads, each JSON kept in ``cache`` once read. The texts are
    shared so that each pandoc reads about as much (longest first, each to the one with least to read);
    the futures come in the order they should be ready. A text a batch could not read is read alone."""
    shares: list[list[str]] = [[] for _ in range(min(batches, len(texts)))]
    sizes = [0] * len(shares)
    ready: list[tuple[int, str]] = []
    for text in sorted(texts, key=len, reverse=True):
        least = sizes.index(min(sizes))
        shares[least].append(text)
        sizes[least] += len(text)
        ready.append((sizes[least], text))
    futures: dict[str, Future[bytes]] = {text: Future() for _, text in sorted(ready, key=lambda r: r[0])}
    for share in shares:
        pool.submit(_read_share, {text: texts[text] for text in share}, futures, cache, timeout)
    return futures


def _settle(future: Future[bytes], outcome: bytes | BaseException) -> None:
    """The text's JSON or what went wrong, unless the reading was called off meanwhile (the future cancelled)."""
    with contextlib.suppress(InvalidStateError):
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


def _read_share(texts: dict[str, str], futures: dict[str, Future[bytes]], cache: ParseCache, timeout: float) -> None:
    try:
        ordered = list(texts)
        if len(ordered) > 1:
            batch = MarkdownBatch(ordered, whats=list(texts.values()), timeout=timeout)
            try:
                with contextlib.suppress(OSError):  # the texts left are read one by one
                    for number, json in batch.read():
                        if isinstance(json, bytes):
                            cache.put(ordered[number], json)
                        _settle(futures[ordered[number]], json)
            finally:  # whatever stopped the loop, pandoc and its pipe end here, not when the generator is collected
                batch.close()
        for text, what in texts.items():
            if not futures[text].done():
                try:
                    _settle(futures[text], markdown_json(text, what=what, cache=cache, timeout=timeout))
                except Exception as exc:
                    _settle(futures[text], exc)
    finally:  # stopped on the way: whoever waits for a text is not left waiting
        for text in texts:
            futures[text].cancel()
