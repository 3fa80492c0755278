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
from typing import Any

from .. import cachefile, parsed
from ..errors import ExternalToolError
from ..forking import Job
from ..project import Chapter, Project
from .tree import TreeFacts, facts_from_json, facts_to_json, facts_version, read_facts

BUILD_PATIENCE = 20  # s: a build's check waits this long for the trees the build is reading before reading them
READ_TIMEOUT = 30  # s: a chapter pandoc cannot read in this time is reported, not waited for (a build waits longer)

Read = dict[str, "TreeFacts | ExternalToolError"]  # each chapter's facts, or why pandoc could not read it


class PendingFacts:
    """The chapters' facts being read: ``result`` waits for them, ``cancel`` stops the reading."""

    def __init__(self, known: Read, job: Job | None = None):
        self.known, self.job = known, job

    def result(self) -> Read:
        return {**self.known, **self.job.result()} if self.job is not None else self.known

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()


def read_chapters(project: Project, cache_dir: Path | None, *, patience: float = 0.0) -> PendingFacts:
    """Each chapter's structure, read in the background. With ``patience``, a tree the build is reading at
    this moment is waited for that long rather than read a second time."""
    kept = cache_dir / "facts" if cache_dir is not None else None
    version = facts_version()
    known: Read = {}
    unread, paths = [], {}
    for chapter in project.chapters:
        key = hashlib.sha256(f"{version}\0{parsed.mapped_as(chapter)}".encode()).hexdigest()
        paths[chapter.rel] = path = kept / f"{key}.json" if kept is not None else None
        facts = facts_from_json(cachefile.load(path) or b"") if path is not None else None
        if facts is None:
            unread.append(chapter)
        else:
            known[chapter.rel] = facts
    if not unread:
        return PendingFacts(known)
    work = functools.partial(_facts_of, unread, cache_dir, paths, patience)
    return PendingFacts(known, Job(work, name="reading of the chapters"))


def _facts_of(chapters: list[Chapter], cache_dir: Path | None, paths: dict[str, Path | None], patience: float) -> Read:
    def facts_of(chapter: Chapter, tree: dict[str, Any]) -> TreeFacts:
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
