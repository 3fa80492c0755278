"""A chapter as pandoc reads it, each node knowing where it was written, cached with its map.

The build and the check read chapters the same way and share the cache: a check
after a build (or a build after a check) finds every unchanged chapter already
parsed and mapped.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import sourcemap
from .pandoc import PARSE_TIMEOUT, ParseCache, parse_markdown
from .project import Chapter


def cache_for(cache_dir: Path | None) -> ParseCache:
    return ParseCache(cache_dir / "ast" if cache_dir else None)


def cached_as(chapter: Chapter, located: bool) -> str:
    """What a chapter's tree is cached under: its body, or for a mapped tree, where and how it was mapped too
    (the offsets count in the whole file)."""
    if not located:
        return chapter.body
    return f"\0located {sourcemap.version()} {chapter.rel} {chapter.body_offset}\0{chapter.text}"


def read_chapter(
    chapter: Chapter, cache: ParseCache, *, locate: bool = True, timeout: float = PARSE_TIMEOUT
) -> dict[str, Any]:
    """The chapter's pandoc tree (from the cache when it is there); with ``locate``, mapped to the file."""
    if not locate:
        return parse_markdown(chapter.body, what=f"reading {chapter.rel}", cache=cache, timeout=timeout)
    key = cached_as(chapter, True)
    tree = cache.get(key)
    if tree is None:
        tree = parse_markdown(chapter.body, what=f"reading {chapter.rel}", timeout=timeout)
        sourcemap.map_blocks(chapter.rel, chapter.text, tree["blocks"], chapter.body_offset)
        cache.put(key, json.dumps(tree, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return tree


def read_in_background(
    chapters: list[Chapter], cache: ParseCache, *, locate: bool = True, timeout: float = PARSE_TIMEOUT
) -> tuple[ThreadPoolExecutor, dict[str, Future[dict[str, Any]]]]:
    """Every chapter read on a pool of threads (pandoc runs in processes of its own): those pandoc has to
    read first, as they take longest, then those the cache has. The caller shuts the pool down."""
    pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
    ordered = sorted(chapters, key=lambda c: cache.has(cached_as(c, locate)))
    futures = {c.rel: pool.submit(read_chapter, c, cache, locate=locate, timeout=timeout) for c in ordered}
    return pool, {c.rel: futures[c.rel] for c in chapters}
