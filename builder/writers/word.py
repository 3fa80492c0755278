"""Word machinery shared by the manuscript and the brief.

``WordLowering`` turns the format-neutral document tree into what pandoc's
docx writer needs: captions with SEQ fields and bookmarks, "Source:" lines,
REF fields for cross-references, styled boxes. ``write_docx`` formats the
citations (citeproc, cached) and runs pandoc's docx writer against our
generated reference document: in one pass, or for the manuscript in cached
slices (``docx_slices``).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from .. import cachefile
from ..alt_text import alt_text
from ..charts import ChartData, ChartPrefetch, png_path, render_png
from ..citeproc import format_citations
from ..inline_text import inlines_with_citations
from ..model import Document, Item, authors_own, source_is_only_author
from ..ooxml.fields import caption_label, ref_field
from ..ooxml.merge import CannotMerge
from ..ooxml.reference import build_reference_docx
from ..ooxml.xml import bookmark_name, box_spacer_paragraph
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
    iter_nodes,
    meta_string,
    rewritten,
    stringify,
    styled,
    text_inlines,
)
from ..project import Project
from ..sourcemap import derive, map_inlines
from ..svg import drawing_target
from .docx_slices import SliceCache, run_docx_writer, slice_at_chapters

REFERENCE_VERSION = "4"  # bump when STYLE_SHEET changes, to refresh cached reference documents


def reference_docx(project: Project, cache_dir: Path, *, brief: bool = False) -> Path:
    """The project's own templates/reference.docx if it has one, else our generated one (cached)."""
    name = "brief-reference.docx" if brief else "reference.docx"
    own = project.root / "templates" / name
    if own.is_file():
        return own
    from ..ooxml import reference as reference_module

    digest = hashlib.sha256(Path(reference_module.__file__).read_bytes() + REFERENCE_VERSION.encode()).hexdigest()[:12]
    target = cache_dir / f"{'brief-' if brief else ''}reference-{digest}.docx"
    if not cachefile.whole(target, deep=True):
        cachefile.store(target, build_reference_docx(brief=brief))
    return target


_LOWERED = frozenset({"Span", "Figure", "Table", "Div", "Image"})  # cross-references, captioned items, boxes
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
        if node["t"] == "Image":
            return self._image(node)
        return self._inline(node) if node["t"] == "Span" else self._block(node)

    def _image(self, node: Node) -> list[Node] | None:
        """An SVG drawing outside a figure gets the cleaned copy too (``builder.svg``)."""
        target = node["c"][2][0]
        if not target.lower().endswith(".svg") or not Path(target).is_file():
            return None
        image = clone(node)
        image["c"][2][0] = drawing_target(Path(target), self.cache_dir, self.document.project.root)
        return [image]

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
        if item.chart:
            target = str(png_path(item.chart, self.cache_dir / "charts"))
        elif item.image is not None and item.image.suffix.lower() == ".svg":
            target = drawing_target(item.image, self.cache_dir, self.document.project.root)  # cleaned: builder.svg
        else:
            target = str(item.image or "")
        image_attr = attr(pairs={k: v for k, v in item.attrs.items() if k in ("width", "height")})
        description = alt_text(item)
        image = Image(text_inlines(description or ""), target, image_attr)
        image["alt"] = description  # what describe_pictures gives the picture once pandoc has written it
        picture = styled("Figure Image", [Para([image])])
        return [self.caption(item), picture, self.source_line(item)]

    def _table(self, block: Node) -> list[Node]:
        item = self.items.get(block["c"][0][0])
        if item is None:
            return [block]
        table = {"t": "Table", "c": [attr(), [None, []], *block["c"][2:]]}  # the cells are the author's own
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
        field = RawInline("openxml", ref_field(bookmark_name(prefix, item.sequence, item.kind), shown))
        derive([field], f"xref:{item.label}", node)
        return [field]

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
        title = rewritten(item.caption, self._node, kinds=frozenset({"Span"}), fresh=_CHANGED_IN_PLACE)
        return styled("Caption", [Para([RawInline("openxml", label), Str("."), Space(), *title])])

    def source_line(self, item: Item) -> Node:
        inlines = source_inlines(item)
        written = item.written.get("source")
        if written is not None and item.source is not None and not source_is_only_author(item.source):
            start, end, file = written
            map_inlines(file, item.chapter.text, inlines[len(_source_prefix(item)) :], start, end)
        return styled("Source", [Para(inlines)])


def source_inlines(item: Item) -> list[Node]:
    """ "Source: author", "Source: <text>", or for a chart drawn from someone's data "Source: author, based
    on <text>"; citations in the text formatted by citeproc."""
    source = item.source
    if source is None:
        return [Str("Source:"), Space(), Str("[not given]")]
    if source_is_only_author(source):
        return [Str("Source:"), Space(), Str("author")]
    return [*_source_prefix(item), *inlines_with_citations(source)]


def _source_prefix(item: Item) -> list[Node]:
    """What the source line prints before the author's own text."""
    if item.author_created and not authors_own(item.source, drawn_from_data=False):
        return [Str("Source:"), Space(), Str("author,"), Space(), Str("based"), Space(), Str("on"), Space()]
    return [Str("Source:"), Space()]


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
    formatted: Callable[[list[list[Node]], list[str] | None], None] | None = None,
) -> None:
    """Run pandoc's docx writer on ``blocks``, after formatting their citations (cached) with the project's CSL.

    ``formatted`` is called with the blocks once their citations are formatted, before pandoc writes them (the
    manuscript's build record is read from them while pandoc works): the slices, and their names in the
    slice cache when there is one.

    With ``slices_as`` (and a cache), the blocks are written one slice per top-level chapter heading, each
    slice cached by its content and the missing ones written in parallel, then stitched into one file:
    after a change to one chapter, pandoc writes only that chapter again.
    """
    meta: dict[str, Any] = {"lang": meta_string("en-GB")}
    slices = slice_at_chapters(blocks) if slices_as and cache_dir is not None else []
    cache = SliceCache(cache_dir / "docx-slices", slices_as, reference, lowering) if len(slices) > 1 else None
    if cache is not None:
        cache.start_skeleton(document_, meta)
    if citeproc:
        format_citations(document_, blocks, cache_dir, bibliography=True)
    keys = cache.keys(slices, document_, meta) if cache is not None else None
    if formatted is not None:
        formatted(slices if keys else [blocks], keys)
    if cache is not None:
        try:
            out_path.write_bytes(cache.stitched(slices, document_, meta, keys))
            return
        except CannotMerge:
            pass  # something the stitcher does not renumber: write the document in one pass
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, etree.LxmlError):
            cache.forget()  # a cache file damaged or unreadable: start afresh, and write in one pass
    if lowering is not None:
        lowering.draw_charts()
    run_docx_writer(blocks, document_, meta, reference, out_path)


def picture_descriptions(blocks: list[Node]) -> list[str | None]:
    """The description of every picture under ``blocks``, in document order (as pandoc writes them)."""
    return [
        image["alt"] if "alt" in image else (stringify(image["c"][1]) or None) for image in iter_nodes(blocks, "Image")
    ]
