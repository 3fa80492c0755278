"""The chapters' structure as pandoc reads them, read in the background while the prose rules run.

A chapter whose very text was read before (by a check or a build) has its facts
in the build's cache; the others are read by pandoc (its trees cached too), in a
process of its own where that is safe (``builder.forking``): mapping trees is
Python's work, which in the checking process would wait its turn with the prose
rules. ``pubkit check`` starts this before it loads the rules.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cachefile
from ..errors import ExternalToolError, PubkitError
from ..forking import Job
from ..pandoc import pandoc_identity
from ..textfile import CONFIG_NAME, Chapter, chapter_files, read_chapter

if TYPE_CHECKING:
    from .tree import TreeFacts

# the code that reads a chapter's facts off its tree and maps the tree to the file: part of the facts' key
_FACTS_CODE = ("check/tree.py", "check/source.py", "sourcemap.py", "pandoc_ast.py", "pandoc.py")

BUILD_PATIENCE = 20  # s: a build's check waits this long for the trees the build is reading before reading them
READ_TIMEOUT = 30  # s: a chapter pandoc cannot read in this time is reported, not waited for (a build waits longer)

Read = dict[str, "TreeFacts | ExternalToolError"]  # each chapter's facts, or why pandoc could not read it


class PendingFacts:
    """The chapters' facts being read: ``result`` waits for them, ``cancel`` stops the reading."""

    def __init__(self, chapters: list[Chapter], cache_dir: Path | None, known: Read, job: Job | None = None):
        self.read = {c.rel: (c.text, c.body_offset) for c in chapters}  # the texts whose facts these are
        self.cache_dir, self.known, self.job = cache_dir, known, job

    def result(self, chapters: list[Chapter] | None = None) -> Read:
        """The facts; given the ``chapters`` as loaded, of those texts: a chapter read before it was loaded
        that has changed since (or was not read then) is read now."""
        found = {**self.known, **self.job.result()} if self.job is not None else self.known
        if chapters is None:
            return found
        other = [c for c in chapters if self.read.get(c.rel) != (c.text, c.body_offset) or c.rel not in found]
        if other:
            found = {**found, **read_chapters(other, self.cache_dir).result()}
        return {c.rel: found[c.rel] for c in chapters}

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()


def start_reading(root: Path) -> PendingFacts | None:
    """The project's chapters set reading before the project is loaded (``pubkit check`` runs this first,
    before it loads the rest of the project or the rules): each chapter file is read and split from its
    front matter as loading does, and what pandoc reads is taken only for a text the loaded chapter has.
    None when the folder is no project or its chapter files cannot be read so (loading says why)."""
    root = root.resolve()
    if not (root / CONFIG_NAME).is_file():  # not a project: nothing is read, or written into its build/
        return None
    try:
        chapters = [read_chapter(root, path)[0] for path in chapter_files(root)]
    except (PubkitError, OSError):
        return None
    return read_chapters(chapters, root / "build" / ".cache") if chapters else None


def read_chapters(chapters: list[Chapter], cache_dir: Path | None, *, patience: float = 0.0) -> PendingFacts:
    """Each chapter's structure, read in the background. With ``patience``, a tree the build is reading at
    this moment is waited for that long rather than read a second time."""
    kept = cache_dir / "facts" if cache_dir is not None else None
    known: Read = {}
    unread, paths = [], {}
    for chapter in chapters:
        paths[chapter.rel] = path = kept / f"{facts_key(chapter)}.json" if kept is not None else None
        data = cachefile.load(path) if path is not None else None
        facts = None
        if data is not None:
            from .tree import facts_from_json

            facts = facts_from_json(data)
        if facts is None:
            unread.append(chapter)
        else:
            known[chapter.rel] = facts
    if not unread:
        return PendingFacts(chapters, cache_dir, known)
    work = functools.partial(_facts_of, unread, cache_dir, paths, patience)
    return PendingFacts(chapters, cache_dir, known, Job(work, name="reading of the chapters"))


def facts_key(chapter: Chapter) -> str:
    """What a chapter's facts depend on: its text, where it is written, pandoc, and the code that reads them."""
    written = f"{_code_version()}\0{pandoc_identity()}\0{chapter.rel}\0{chapter.body_offset}\0{chapter.text}"
    return hashlib.sha256(written.encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    return cachefile.code_version([Path(__file__).resolve().parents[1] / name for name in _FACTS_CODE])


def _facts_of(chapters: list[Chapter], cache_dir: Path | None, paths: dict[str, Path | None], patience: float) -> Read:
    from .. import parsed  # imported here, in the reading process: the checking process never needs it

    def facts_of(chapter: Chapter, tree: dict[str, Any]) -> TreeFacts:
        from .tree import facts_to_json, read_facts  # imported once pandoc is reading, not before it starts

        facts = read_facts(chapter.text, tree["blocks"], chapter.body_offset)
        path = paths[chapter.rel]
        if path is not None:
            cachefile.store(path, facts_to_json(facts))
        return facts

    reading = parsed.Reading(
        chapters, parsed.cache_for(cache_dir), timeout=READ_TIMEOUT, patience=patience, then=facts_of
    )
    found: Read = {}
    try:
        for rel, future in reading.futures.items():
            try:
                found[rel] = future.result()
            except ExternalToolError as error:
                found[rel] = error
    finally:
        reading.shutdown(wait=False, cancel_futures=True)
    return found
