"""A chapter as pandoc reads it, each node knowing where it was written.

The build and the check read chapters the same way and share the cache of
pandoc's trees: a check after a build (or a build after a check) finds every
unchanged chapter already parsed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import sourcemap
from .pandoc import PARSE_TIMEOUT, ParseCache, markdown_json, parse_markdown, read_in_batches, tree_from_json
from .textfile import Chapter


def cache_for(cache_dir: Path | None) -> ParseCache:
    return ParseCache(cache_dir / "ast" if cache_dir else None)


def map_tree(chapter: Chapter, tree: dict[str, Any]) -> dict[str, Any]:
    """Each node of the chapter's tree told where it was written (in place)."""
    sourcemap.map_blocks(chapter.rel, chapter.text, tree["blocks"], chapter.body_offset)
    return tree


class Reading:
    """Chapters being read in the background: pandoc reads the chapters not read before in as many batches
    as there are cores (``read_in_batches``), while one more thread maps each tree read (and reads off it
    what the caller asked for, ``then``). Mapping is Python's work, which one thread at a time can do; a
    reading thread that mapped its own tree would leave pandoc idle meanwhile. With ``patience``, the
    chapters are read one by one, each after waiting that long for a build that is reading it at this
    moment."""

    def __init__(
        self,
        chapters: list[Chapter],
        cache: ParseCache,
        *,
        locate: bool = True,
        timeout: float = PARSE_TIMEOUT,
        patience: float = 0.0,
        then: Callable[[Chapter, dict[str, Any]], Any] | None = None,
    ):
        cores = max(2, os.cpu_count() or 2)
        self.readers = ThreadPoolExecutor(max_workers=cores + 1)  # one more for the kept trees and ``submit``
        self.mapper = ThreadPoolExecutor(max_workers=1)
        batched: dict[str, Future[bytes]] = {}  # text → its JSON, in the order pandoc should have read them
        if patience == 0:
            unread = {c.body: _reading(c) for c in chapters if not cache.has(c.body)}
            batched = read_in_batches(unread, cache, self.readers, batches=cores, timeout=timeout)
        written = {
            c.rel: batched[c.body] if c.body in batched else self.readers.submit(_json_of, c, cache, timeout, patience)
            for c in chapters
        }
        self._batched = batched
        soon = {text: number for number, text in enumerate(batched)}
        ordered = sorted(chapters, key=lambda c: soon.get(c.body, -1))  # mapped in the order they are ready
        mapped = {c.rel: self.mapper.submit(_finish, c, written[c.rel], locate, then) for c in ordered}
        self.futures: dict[str, Future[Any]] = {c.rel: mapped[c.rel] for c in chapters}

    def submit(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Another pandoc run on the reading threads."""
        return self.readers.submit(function, *args, **kwargs)

    def shutdown(self, *, wait: bool = True, cancel_futures: bool = False) -> None:
        self.readers.shutdown(wait=wait, cancel_futures=cancel_futures)
        if cancel_futures:  # a batch whose reading never began leaves its texts' futures to be cancelled here,
            for future in self._batched.values():  # or the mapping thread would wait for them for ever
                future.cancel()
        self.mapper.shutdown(wait=wait, cancel_futures=cancel_futures)


def _json_of(chapter: Chapter, cache: ParseCache, timeout: float, patience: float) -> bytes:
    """pandoc's JSON for the chapter: from the cache, after waiting up to ``patience`` seconds for a build
    reading it at this moment to put it there, else from pandoc (and then kept). Reading the JSON is left
    to the mapping thread, so that this one sets pandoc's next run going at once."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        kept = cache.get_json(chapter.body)
        if kept is not None:
            return kept
        time.sleep(0.02)
    return markdown_json(chapter.body, what=_reading(chapter), cache=cache, timeout=timeout)


def _reading(chapter: Chapter) -> str:
    return f"reading {chapter.rel}"


def _finish(
    chapter: Chapter,
    written: Future[bytes],
    locate: bool,
    then: Callable[[Chapter, dict[str, Any]], Any] | None,
) -> Any:
    tree = tree_from_json(written.result())
    if tree is None:  # a kept copy that is not whole: pandoc reads the chapter again
        tree = parse_markdown(chapter.body, what=_reading(chapter))
    if locate:
        map_tree(chapter, tree)
    return then(chapter, tree) if then is not None else tree


def read_in_background(
    chapters: list[Chapter], cache: ParseCache, *, locate: bool = True, timeout: float = PARSE_TIMEOUT
) -> tuple[Reading, dict[str, Future[dict[str, Any]]]]:
    """Every chapter read in the background (see ``Reading``); the caller shuts the reading down."""
    reading = Reading(chapters, cache, locate=locate, timeout=timeout)
    return reading, reading.futures
