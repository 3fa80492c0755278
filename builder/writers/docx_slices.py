"""The manuscript written by pandoc in slices, cached, and stitched into one .docx.

pandoc's docx writer is the slowest step of a build and always writes the whole
file. ``write_docx`` cuts the manuscript before every chapter heading; each
slice is named by what decides its content, and only the missing ones go to
pandoc (in as few runs as there are cores), so a change to one chapter makes
pandoc write that chapter alone. ``builder.ooxml.merge`` stitches the pieces.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import threading
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cachefile
from ..background import in_background
from ..charts import png_path
from ..model import Document
from ..ooxml.merge import Piece, body_elements, stitch
from ..ooxml.xml import W_NS
from ..pandoc import pandoc_identity, run_pandoc
from ..pandoc_ast import Node, document, iter_nodes, word_count

if TYPE_CHECKING:
    from .word import WordLowering


def run_docx_writer(
    blocks: list[Node], document_: Document, meta: dict[str, Any], reference: Path, out: Path, *, what: str = ""
) -> None:
    """pandoc's docx writer: ``blocks`` to the .docx ``out``, styled by ``reference``."""
    args = ["-f", "json", "-t", "docx", "-o", str(out), f"--reference-doc={reference}"]
    run_pandoc(
        args,
        json.dumps(document(blocks, meta, document_.api_version)).encode("utf-8"),
        what=what or f"writing {out.name.split('.')[0]}.docx",
        cwd=document_.project.root,
    )


def slice_at_chapters(blocks: list[Node]) -> list[list[Node]]:
    """The blocks cut before every top-level heading of level 1 (the first slice holds what comes before)."""
    slices: list[list[Node]] = [[]]
    for block in blocks:
        if block.get("t") == "Header" and block["c"][0] == 1 and slices[-1]:
            slices.append([])
        slices[-1].append(block)
    return slices


_BOOKMARK_IDS = re.compile(rb'w:id="\d+"')  # inside raw openxml blocks


class SliceCache:
    """Written slices under ``build/.cache/docx-slices``.

    A slice is named by what decides its content: pandoc, the reference document, its blocks and the
    pictures it shows. pandoc writes the missing slices in as few runs as there are cores (one run for
    a changed chapter, two on a first build of a two-core machine: every pandoc run costs a fixed
    twentieth of a second); ``index.json`` records, for every slice, which run holds it and where its
    body elements start and end. Runs no slice needs any more are deleted.
    """

    def __init__(self, folder: Path, name: str, reference: Path, lowering: WordLowering | None = None):
        self.folder = folder
        self.name = name
        self.reference = reference
        self.lowering = lowering
        info = reference.stat()
        self.reference_key = f"{reference}:{info.st_size}:{info.st_mtime_ns}"
        self._skeleton_job: Future[Path] | None = None
        # Chart images are named by their data, so their name alone says what they show (and they may
        # still be being drawn when the key is made).
        self.named_by_content = (
            {str(png_path(c, lowering.cache_dir / "charts")) for c in lowering.charts} if lowering else set()
        )

    def start_skeleton(self, document_: Document, meta: dict[str, Any]) -> None:
        """Have pandoc write the skeleton (once, then cached) while the citations are being formatted."""
        self.folder.mkdir(parents=True, exist_ok=True)
        head = self._head(document_, meta)
        self._skeleton_job = in_background(self._skeleton, head, document_, meta, name="skeleton")

    def _head(self, document_: Document, meta: dict[str, Any]) -> str:
        """What decides every slice's content besides its own blocks."""
        return f"{pandoc_identity()}\0{self.reference_key}\0{document_.api_version}\0{sorted(meta.items())}\0"

    def keys(self, slices: list[list[Node]], document_: Document, meta: dict[str, Any]) -> list[str]:
        """Each slice's name in the cache (what decides its content)."""
        root = document_.project.root
        head = self._head(document_, meta)
        images = [[image["c"][2][0] for image in iter_nodes(blocks, "Image")] for blocks in slices]
        return [self._key(head, blocks, shown, root) for blocks, shown in zip(slices, images, strict=True)]

    def stitched(
        self, slices: list[list[Node]], document_: Document, meta: dict[str, Any], keys: list[str] | None = None
    ) -> bytes:
        self.folder.mkdir(parents=True, exist_ok=True)
        head = self._head(document_, meta)
        images = [[image["c"][2][0] for image in iter_nodes(blocks, "Image")] for blocks in slices]
        keys = keys or self.keys(slices, document_, meta)
        index = self._index()
        missing = [i for i, key in enumerate(keys) if key not in index]
        if missing:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                runs = [
                    pool.submit(self._write_run, batch, slices, images, keys, document_, meta)
                    for batch in _batches(missing, slices, os.cpu_count() or 2)
                ]
                for run in runs:
                    index.update(run.result())
        if self._skeleton_job is not None:
            skeleton_path = self._skeleton_job.result()
        else:
            skeleton_path = self._skeleton(head, document_, meta)
        pieces = [Piece(index[key][0], index[key][1], index[key][2]) for key in keys]
        packages = {name: (self.folder / name).read_bytes() for name in dict.fromkeys(p.package for p in pieces)}
        merged = stitch(skeleton_path.read_bytes(), packages, pieces)
        self._keep({key: index[key] for key in keys}, {skeleton_path.name})
        return merged

    def _key(self, head: str, blocks: list[Node], images: list[str], root: Path) -> str:
        digest = hashlib.sha256(head.encode())
        # Bookmark ids are renumbered when slices are stitched, so they do not decide a slice's content.
        # (marshal's version 2 writes values only, never references to objects seen before.)
        digest.update(_BOOKMARK_IDS.sub(b"", marshal.dumps(blocks, 2)))
        for image in images:
            if image in self.named_by_content:
                continue
            try:
                info = (root / image).stat()
                digest.update(f"\0{info.st_size}:{info.st_mtime_ns}".encode())
            except (OSError, ValueError):
                digest.update(b"\0missing")
        return digest.hexdigest()[:40]

    def _index(self) -> dict[str, tuple[str, int, int | None]]:
        """The slices already written whose run is still on disk."""
        data = cachefile.load(self.folder / f"{self.name}-index.json")
        try:
            entries = json.loads(data) if data is not None else {}
        except ValueError:
            return {}
        found: dict[str, tuple[str, int, int | None]] = {}
        whole: dict[str, bool] = {}
        for key, entry in entries.items() if isinstance(entries, dict) else ():
            valid = isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
            if valid and whole.setdefault(entry[0], cachefile.whole(self.folder / entry[0])):
                found[key] = (entry[0], entry[1], entry[2])
        return found

    def _skeleton(self, head: str, document_: Document, meta: dict[str, Any]) -> Path:
        """pandoc's package for an empty document: what the slices are stitched into."""
        path = self.folder / f"{self.name}-skeleton-{hashlib.sha256(head.encode()).hexdigest()[:40]}.docx"
        if not cachefile.whole(path):
            self._run_pandoc([], document_, meta, path)
        return path

    def _write_run(
        self,
        batch: list[int],
        slices: list[list[Node]],
        images: list[list[str]],
        keys: list[str],
        document_: Document,
        meta: dict[str, Any],
    ) -> dict[str, tuple[str, int, int | None]]:
        """Write the slices of ``batch`` in one pandoc run; where each one's elements are in it."""
        if self.lowering is not None:
            self.lowering.draw_charts([image for i in batch for image in images[i]])
        name = f"{self.name}-{hashlib.sha256(''.join(keys[i] for i in batch).encode()).hexdigest()[:40]}.docx"
        blocks = [block for i in batch for block in slices[i]]
        self._run_pandoc(blocks, document_, meta, self.folder / name)
        if len(batch) == 1:
            return {keys[batch[0]]: (name, 0, None)}
        starts = _slice_starts(self.folder / name, [slices[i] for i in batch])
        if starts is None:  # a slice's first heading cannot be found: write each slice on its own
            (self.folder / name).unlink(missing_ok=True)
            found: dict[str, tuple[str, int, int | None]] = {}
            for i in batch:
                found.update(self._write_run([i], slices, images, keys, document_, meta))
            return found
        ends: list[int | None] = [*starts[1:], None]
        return {keys[i]: (name, start, end) for i, start, end in zip(batch, starts, ends, strict=True)}

    def _run_pandoc(self, blocks: list[Node], document_: Document, meta: dict[str, Any], path: Path) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            run_docx_writer(blocks, document_, meta, self.reference, tmp, what=f"writing {self.name}.docx")
            os.replace(tmp, path)
            cachefile.seal(path)
        finally:
            tmp.unlink(missing_ok=True)

    def forget(self) -> None:
        """Delete every slice of this file (the cache was found damaged)."""
        for path in [*self.folder.glob(f"{self.name}-*.docx"), self.folder / f"{self.name}-index.json"]:
            cachefile.drop(path)

    def _keep(self, index: dict[str, tuple[str, int, int | None]], also: set[str]) -> None:
        """Save the index of this build's slices; delete the runs none of them is in."""
        if not cachefile.store(self.folder / f"{self.name}-index.json", json.dumps(index).encode("utf-8")):
            return
        used = {run for run, _, _ in index.values()} | also
        for path in self.folder.glob(f"{self.name}-*.docx"):
            if path.name not in used:
                cachefile.drop(path)


def _batches(missing: list[int], slices: list[list[Node]], cores: int) -> list[list[int]]:
    """The missing slices, in order, cut into at most ``cores`` runs of about the same size."""
    sizes = [word_count(slices[i]) + 50 for i in missing]
    share = sum(sizes) / max(1, min(cores, len(missing)))
    batches: list[list[int]] = [[]]
    filled = 0.0
    for index, size in zip(missing, sizes, strict=True):
        if batches[-1] and filled + size / 2 > share * len(batches) and len(batches) < cores:
            batches.append([])
        batches[-1].append(index)
        filled += size
    return batches


def _slice_starts(run: Path, slices: list[list[Node]]) -> list[int] | None:
    """Where each slice's body elements start in a run: at its first heading's bookmark (pandoc
    bookmarks every heading with its identifier). None if one cannot be found."""
    with zipfile.ZipFile(run) as package:
        elements = body_elements(package.read("word/document.xml"))
    start_tag = f"{{{W_NS}}}bookmarkStart"
    marks: dict[str, int] = {}
    for position, element in enumerate(elements):
        # pandoc opens a heading's bookmark just before its paragraph and closes it where its section ends
        for mark in [element] if element.tag == start_tag else element.iterfind(start_tag):
            marks.setdefault(mark.get(f"{{{W_NS}}}name", ""), position)
    starts = [0]
    for blocks in slices[1:]:
        first = blocks[0] if blocks else {}
        identifier = first["c"][1][0] if first.get("t") == "Header" else ""
        if not identifier or marks.get(identifier, -1) <= starts[-1]:
            return None
        starts.append(marks[identifier])
    return starts
