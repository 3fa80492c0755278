"""Word machinery shared by the manuscript and the brief.

``lower_for_word`` turns the format-neutral document tree into what pandoc's
docx writer needs: captions with SEQ fields and bookmarks, "Source:" lines,
REF fields for cross-references, styled boxes. ``write_docx`` runs pandoc once
(with citeproc) against our generated reference document.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lxml import etree

from ..charts import ChartData, ChartPrefetch, png_path, render_png
from ..citeproc import format_citations
from ..inline_text import inlines_with_citations
from ..model import Document, Item
from ..ooxml.fields import caption_label, ref_field
from ..ooxml.merge import CannotMerge, Piece, body_elements, stitch
from ..ooxml.reference import build_reference_docx
from ..ooxml.xml import W_NS, bookmark_name, box_spacer_paragraph
from ..pandoc import pandoc_identity, run_pandoc
from ..pandoc_ast import (
    Image,
    Node,
    Para,
    RawBlock,
    RawInline,
    Space,
    Str,
    attr,
    attr_pairs,
    clone,
    document,
    iter_nodes,
    map_inlines,
    meta_string,
    rewritten,
    styled,
    text_inlines,
    word_count,
)

REFERENCE_VERSION = "3"  # bump when STYLE_SHEET changes, to refresh cached reference documents


def reference_docx(document_: Document, cache_dir: Path, *, brief: bool = False) -> Path:
    """The project's own templates/reference.docx if it has one, else our generated one (cached)."""
    name = "brief-reference.docx" if brief else "reference.docx"
    own = document_.project.root / "templates" / name
    if own.is_file():
        return own
    from ..ooxml import reference as reference_module

    digest = hashlib.sha256(Path(reference_module.__file__).read_bytes() + REFERENCE_VERSION.encode()).hexdigest()[:12]
    target = cache_dir / f"{'brief-' if brief else ''}reference-{digest}.docx"
    if not target.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(build_reference_docx(brief=brief))
        os.replace(tmp, target)
    return target


_LOWERED = frozenset({"Span", "Figure", "Table", "Div"})  # cross-references, captioned items, boxes
_CHANGED_IN_PLACE = frozenset({"Cite", "Div"})  # citeproc fills Cites and the references Div in place


class WordLowering:
    """Rewrites one document tree for the docx writer (one instance per output file)."""

    def __init__(
        self, document_: Document, cache_dir: Path, charts: ChartPrefetch | None = None, *, fields: bool = True
    ):
        self.document = document_
        self.cache_dir = cache_dir
        self.items = {item.label: item for item in document_.items}
        self.chapter_numbering = document_.config["numbering"] == "chapter"
        self.prefetch = charts
        self.fields = fields  # cross-references as REF fields (only where their captions are in the same file)
        self.charts: list[ChartData] = []  # drawn (or awaited) just before pandoc needs the files

    def lower(self, blocks: list[Node]) -> list[Node]:
        """The blocks as Word needs them; the document's own tree is left as it is (other writers read it)."""
        return rewritten(blocks, self._node, kinds=_LOWERED, fresh=_CHANGED_IN_PLACE)

    def _node(self, node: Node) -> list[Node] | None:
        return self._inline(node) if node["t"] == "Span" else self._block(node)

    # blocks
    def _block(self, block: Node) -> list[Node] | None:
        kind = block.get("t")
        if kind == "Figure":
            return self._figure(block)
        if kind == "Table":
            return self._table(block)
        if kind == "Div":
            classes = block["c"][0][1]
            if "finding" in classes or "recommendation" in classes:
                return self._box(block)
        return None

    def _figure(self, block: Node) -> list[Node]:
        item = self.items.get(block["c"][0][0])
        if item is None:  # a figure in the brief or slides source: keep pandoc's own rendering
            return [block]
        if item.chart:
            self.charts.append(item.chart)
        target = str(png_path(item.chart, self.cache_dir / "charts")) if item.chart else str(item.image or "")
        image_attr = attr(pairs={k: v for k, v in item.attrs.items() if k in ("width", "height")})
        picture = styled("Figure Image", [Para([Image(list(item.caption), target, image_attr)])])
        return [self.caption(item), picture, self.source_line(item)]

    def _table(self, block: Node) -> list[Node]:
        item = self.items.get(block["c"][0][0])
        if item is None:
            return [block]
        table = clone(block)
        table["c"][0] = attr()
        table["c"][1] = [None, []]
        return [self.caption(item), table, self.source_line(item)]

    def _box(self, block: Node) -> list[Node]:
        classes = block["c"][0][1]
        pairs = attr_pairs(block["c"][0])
        labels = self.document.labels
        if "finding" in classes:
            question = labels.get("questions", {}).get(pairs.get("question", ""), {})
            title = labels["boxes"]["finding"] + (f": {question['short']}" if question.get("short") else "")
            title_style, body_style = "Box Title", "Finding"
        else:
            audience = labels.get("audiences", {}).get(pairs.get("audience", ""), pairs.get("audience", ""))
            title = f"{labels['boxes']['recommendation']} {audience[:1].lower() + audience[1:]}".strip()
            title_style, body_style = "Recommendation Title", "Recommendation"
        return [
            styled(title_style, [Para(text_inlines(title))]),
            styled(body_style, block["c"][1]),
            RawBlock("openxml", box_spacer_paragraph()),
        ]

    # inlines
    def _inline(self, node: Node) -> list[Node] | None:
        if node.get("t") != "Span":
            return None
        _identifier, classes, pairs = node["c"][0]
        if "xref" not in classes or "unresolved" in classes or not self.fields:
            return None
        values = dict(pairs)
        item = self.items.get(values.get("target", ""))
        if item is None:
            return None
        prefix = "Num" if values.get("ref") == "number" else "Ref"
        shown = item.number if prefix == "Num" else item.display
        return [RawInline("openxml", ref_field(bookmark_name(prefix, item.sequence, item.kind), shown))]

    def draw_charts(self, images: list[str] | None = None) -> None:
        """Make sure the chart images exist (every one, or those among ``images``): wait for the background
        drawing, then draw what is still missing."""
        charts = self.charts
        if images is not None:
            wanted = set(images)
            charts = [c for c in charts if str(png_path(c, self.cache_dir / "charts")) in wanted]
        if self.prefetch is not None:
            self.prefetch.wait_for(charts)
        for chart in charts:
            render_png(chart, self.cache_dir / "charts")

    # pieces
    def caption(self, item: Item) -> Node:
        """ "Figure 3. Title" above the item, with a real SEQ field and bookmarks."""
        chapter_prefix = item.number.rsplit(".", 1)[0] if self.chapter_numbering and "." in item.number else ""
        sequence_number = int(item.number.rsplit(".", 1)[-1])
        label = caption_label(
            item.name,
            item.number,
            sequence_number,
            chapter_prefix,
            ref_bookmark=bookmark_name("Ref", item.sequence, item.kind),
            number_bookmark=bookmark_name("Num", item.sequence, item.kind),
            toc_bookmark=bookmark_name("Toc", item.sequence, item.kind),
            restart=item.restart,
        )
        inlines = [RawInline("openxml", label), Str("."), Space(), *clone(item.caption)]
        map_inlines(inlines, self._inline)
        return styled("Caption", [Para(inlines)])

    def source_line(self, item: Item) -> Node:
        return styled("Source", [Para(source_inlines(item))])


def source_inlines(item: Item) -> list[Node]:
    """ "Source: author" or "Source: <text>", citations in the text formatted by citeproc."""
    source = item.source
    if source is None:
        return [Str("Source:"), Space(), Str("[not given]")]
    if item.author_created:
        return [Str("Source:"), Space(), Str("author")]
    return [Str("Source:"), Space(), *inlines_with_citations(source)]


def write_docx(
    blocks: list[Node],
    document_: Document,
    reference: Path,
    out_path: Path,
    *,
    citeproc: bool = True,
    cache_dir: Path | None = None,
    lowering: WordLowering | None = None,
    slices_as: str | None = None,
) -> None:
    """Run pandoc's docx writer on ``blocks``, after formatting their citations (cached) with the project's CSL.

    With ``slices_as`` (and a cache), the blocks are written one slice per top-level chapter heading, each
    slice cached by its content and the missing ones written in parallel, then stitched into one file:
    after a change to one chapter, pandoc writes only that chapter again.
    """
    if citeproc:
        format_citations(document_, blocks, cache_dir, bibliography=True)
    meta: dict[str, Any] = {"lang": meta_string("en-GB")}
    slices = slice_at_chapters(blocks) if slices_as and cache_dir is not None else [blocks]
    if len(slices) > 1 and cache_dir is not None and slices_as:
        cache = SliceCache(cache_dir / "docx-slices", slices_as, reference, lowering)
        try:
            out_path.write_bytes(cache.stitched(slices, document_, meta))
            return
        except CannotMerge:
            pass  # something the stitcher does not renumber: write the document in one pass
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, etree.LxmlError):
            cache.forget()  # a cache file damaged or unreadable: start afresh, and write in one pass
    if lowering is not None:
        lowering.draw_charts()
    _run_docx_writer(blocks, document_, meta, reference, out_path)


def _run_docx_writer(
    blocks: list[Node], document_: Document, meta: dict[str, Any], reference: Path, out: Path, *, what: str = ""
) -> None:
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
        # Chart images are named by their data, so their name alone says what they show (and they may
        # still be being drawn when the key is made).
        charts = lowering.charts if lowering else []
        self.named_by_content = {str(png_path(c, lowering.cache_dir / "charts")) for c in charts} if lowering else set()

    def stitched(self, slices: list[list[Node]], document_: Document, meta: dict[str, Any]) -> bytes:
        self.folder.mkdir(parents=True, exist_ok=True)
        root = document_.project.root
        head = f"{pandoc_identity()}\0{self.reference_key}\0{document_.api_version}\0{sorted(meta.items())}\0"
        images = [[image["c"][2][0] for image in iter_nodes(blocks, "Image")] for blocks in slices]
        keys = [self._key(head, blocks, shown, root) for blocks, shown in zip(slices, images, strict=True)]
        index = self._index()
        missing = [i for i, key in enumerate(keys) if key not in index]
        if missing:
            with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as pool:
                skeleton = pool.submit(self._skeleton, head, document_, meta)
                runs = [
                    pool.submit(self._write_run, batch, slices, images, keys, document_, meta)
                    for batch in _batches(missing, slices, os.cpu_count() or 2)
                ]
                for run in runs:
                    index.update(run.result())
                skeleton_path = skeleton.result()
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
        try:
            entries = json.loads((self.folder / f"{self.name}-index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        found: dict[str, tuple[str, int, int | None]] = {}
        for key, entry in entries.items() if isinstance(entries, dict) else ():
            valid = isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
            if valid and (self.folder / entry[0]).is_file():
                found[key] = (entry[0], entry[1], entry[2])
        return found

    def _skeleton(self, head: str, document_: Document, meta: dict[str, Any]) -> Path:
        """pandoc's package for an empty document: what the slices are stitched into."""
        path = self.folder / f"{self.name}-skeleton-{hashlib.sha256(head.encode()).hexdigest()[:40]}.docx"
        if not path.is_file():
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
            _run_docx_writer(blocks, document_, meta, self.reference, tmp, what=f"writing {self.name}.docx")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def forget(self) -> None:
        """Delete every slice of this file (the cache was found damaged)."""
        for path in [*self.folder.glob(f"{self.name}-*.docx"), self.folder / f"{self.name}-index.json"]:
            path.unlink(missing_ok=True)

    def _keep(self, index: dict[str, tuple[str, int, int | None]], also: set[str]) -> None:
        """Save the index of this build's slices; delete the runs none of them is in."""
        try:
            target = self.folder / f"{self.name}-index.json"
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(index), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            return
        used = {run for run, _, _ in index.values()} | also
        for path in self.folder.glob(f"{self.name}-*.docx"):
            if path.name not in used:
                path.unlink(missing_ok=True)


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
