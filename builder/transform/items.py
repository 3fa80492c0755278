"""Figures and tables: collect, validate their files, number them.

Every figure and table becomes an ``Item`` linked to its AST node through the
node's identifier; writers look the item up by that label.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from ..charts import load_chart
from ..errors import ContentError
from ..locate import find_line, label_pattern, literal_line
from ..model import Document, Item, Part
from ..pandoc_ast import Node, attr_pairs, stringify
from ..paths import did_you_mean, resolve_inside
from ..svg import svg_problem

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: a full A4 page at 300 dpi is 9; a 30,000-pixel square needs 85 s
_PICTURE_PROBLEMS: dict[tuple[str, int, int], str | None] = {}
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}


def collect_items(part: Part, document: Document) -> None:
    """Find every Figure and captioned Table of the part, in reading order."""
    for node in _figures_and_tables(part.blocks):
        if node["t"] == "Figure":
            document.items.append(_figure_item(node, part, document))
        else:
            item = _table_item(node, part, document)
            if item is not None:
                document.items.append(item)


LEAVES = frozenset(("Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline", "CodeBlock", "RawBlock"))
"""Nodes that hold no images, tables or attribute text: the walks below step over them without a call."""


def check_images(part: Part, document: Document) -> None:
    """Images outside figures (inline images) must also exist inside the project; targets become absolute."""
    root = document.project.root
    chapter = part.chapter

    def visit(value: object) -> None:
        if isinstance(value, list):
            for child in value:
                if not (isinstance(child, dict) and child.get("t") in LEAVES):
                    visit(child)
        elif isinstance(value, dict):
            if value.get("t") == "Figure":
                return  # collect_items resolves figure images
            if value.get("t") == "Image":
                target = value["c"][2][0]
                line = literal_line(chapter.text, target)
                path = resolve_inside(root, target, file=chapter.rel, line=line, what="image")
                check_image_file(path, target, chapter.rel, line)
                value["c"][2][0] = str(path)
            for child in value.values():
                if isinstance(child, (list, dict)):
                    visit(child)

    visit(part.blocks)


def number_items(document: Document) -> None:
    """Figure 3 (sequential) or Figure 2.1 (chapter), counted separately for figures and tables."""
    by_chapter = document.config["numbering"] == "chapter"
    counters: dict[tuple[str, str], int] = {}
    sequence: dict[str, int] = {}
    part_prefix = {p.chapter.rel: p.number for p in document.parts}
    for item in document.items:
        sequence[item.kind] = sequence.get(item.kind, 0) + 1
        item.sequence = sequence[item.kind]
        prefix = part_prefix.get(item.chapter.rel, "") if by_chapter else ""
        key = (item.kind, prefix)
        counters[key] = counters.get(key, 0) + 1
        item.number = f"{prefix}.{counters[key]}" if prefix else str(counters[key])
        if by_chapter:
            # Word restarts "SEQ Table \s 1" at each chapter heading, LibreOffice does not: the first item of a
            # chapter restarts explicitly. Items outside numbered chapters count in a series of their own that
            # the chapters interrupt, so each states its number.
            item.restart = counters[key] if not prefix or counters[key] == 1 else None


def check_unique_labels(document: Document) -> None:
    seen: dict[str, Item] = {}
    for item in document.items:
        if not item.labelled:
            continue
        if item.label in seen:
            first = seen[item.label]
            raise ContentError(
                f"the label '{item.label}' is used twice (first in {first.chapter.rel}"
                f"{':' + str(first.line) if first.line else ''})",
                file=item.chapter.rel,
                line=item.line,
                hint="give each figure and table its own label, e.g. #fig:uptake-2023",
            )
        seen[item.label] = item


def _figures_and_tables(blocks: list[Node]) -> list[Node]:
    found: list[Node] = []
    for block in blocks:
        t = block.get("t")
        if t in ("Figure", "Table"):
            found.append(block)
        elif t == "Div":
            found.extend(_figures_and_tables(block["c"][1]))
        elif t == "BlockQuote":
            found.extend(_figures_and_tables(block["c"]))
    return found


def _figure_item(node: Node, part: Part, document: Document) -> Item:
    chapter = part.chapter
    figure_attr, caption, body = node["c"]
    image = _first_image(body)
    pairs = attr_pairs(figure_attr)
    if image is not None:
        pairs = {**attr_pairs(image["c"][0]), **pairs}
    label = figure_attr[0]
    labelled = bool(label)
    target = image["c"][2][0] if image is not None else ""
    line = find_line(chapter.text, label_pattern(label)) if labelled else literal_line(chapter.text, target)
    if not labelled:
        label = f"fig:_unlabelled{len(document.items) + 1}"
        figure_attr[0] = label
    item = Item("figure", label, pairs, _caption_inlines(caption), chapter, line, labelled)
    item.written = {**(image.get("a", {}) if image is not None else {}), **node.get("a", {})}
    if image is not None:  # pandoc reads alt="..." into the image's description, else copies the caption there
        described = stringify(image["c"][1])
        if described != item.caption_text or (not described and "alt" in item.written):
            item.alt = described
    if image is not None:
        path = resolve_inside(document.project.root, target, file=chapter.rel, line=line, what="figure")
        if path.suffix.lower() == ".csv" or "chart" in pairs:
            if path.suffix.lower() != ".csv":
                raise ContentError(
                    f"chart=\"{pairs['chart']}\" needs a .csv data file, not '{target}'",
                    file=chapter.rel,
                    line=line,
                    hint="point the figure at a CSV file, or remove chart=",
                )
            item.chart = load_chart(
                path, document.project.rel(path), pairs.get("chart"), used_in=chapter.rel, line=line
            )
        else:
            check_image_file(path, target, chapter.rel, line)
        item.image = path
        image["c"][2][0] = str(path)
    return item


def _table_item(node: Node, part: Part, document: Document) -> Item | None:
    chapter = part.chapter
    table_attr = node["c"][0]
    caption = node["c"][1]
    inlines = _caption_inlines(caption)
    label = table_attr[0]
    if not inlines and not label:
        return None  # an uncaptioned layout table; the checker reports it
    labelled = bool(label)
    line = find_line(chapter.text, label_pattern(label)) if labelled else None
    if not labelled:
        label = f"tbl:_unlabelled{len(document.items) + 1}"
        table_attr[0] = label
    item = Item("table", label, attr_pairs(table_attr), inlines, chapter, line, labelled)
    item.written = dict(node.get("a", {}))
    return item


def _caption_inlines(caption: list) -> list[Node]:
    blocks = caption[1]
    inlines: list[Node] = []
    for block in blocks:
        if block.get("t") in ("Plain", "Para"):
            if inlines:
                inlines.append({"t": "Space"})
            inlines.extend(block["c"])
    return inlines


def _first_image(blocks: list[Node]) -> Node | None:
    for block in blocks:
        for inline in block.get("c", []) if block.get("t") in ("Plain", "Para") else []:
            if isinstance(inline, dict) and inline.get("t") == "Image":
                return inline
    return None


def check_image_file(path: Path, written: str, file: str, line: int | None) -> None:
    """The file exists, is not huge, and is the kind of image its name says (checked by its first bytes)."""
    if not path.is_file():
        raise ContentError(
            f"the image '{written}' does not exist{did_you_mean(path, written)}",
            file=file,
            line=line,
            hint="check the spelling of the path, relative to the project folder (e.g. assets/figure.png)",
        )
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ContentError(
            f"the image '{written}' is {size / 1048576:.0f} MB, more than the 20 MB pubkit accepts",
            file=file,
            line=line,
            hint="export it at a smaller size (300 dpi at print width is plenty)",
        )
    if suffix == ".svg":
        problem = svg_problem(path)
        if problem is not None:
            raise ContentError(
                f"the file '{written}' is not a valid SVG image: {problem}",
                file=file,
                line=line,
                hint="open it in a drawing program and save it again as plain SVG, or export it as PNG",
            )
        return
    signatures = IMAGE_SIGNATURES.get(suffix)
    if signatures is None:
        raise ContentError(
            f"the image '{written}' is not a PNG, JPEG, GIF or SVG file",
            file=file,
            line=line,
            hint="convert it to PNG or JPEG",
        )
    with path.open("rb") as handle:
        head = handle.read(16)
    if not head.startswith(signatures):
        raise ContentError(
            f"the file '{written}' is not a valid {suffix[1:].upper()} image",
            file=file,
            line=line,
            hint="open it in an image editor and export it again",
        )
    _check_picture(path, written, suffix[1:].upper(), file, line)


def _check_picture(path: Path, written: str, kind: str, file: str, line: int | None) -> None:
    """Every writer can place it: its size in pixels is within bounds, and it is whole (a truncated PNG prints
    half black in Word). Read once per file version (Pillow checks every chunk; the result is remembered)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    problem = _PICTURE_PROBLEMS.get(key)
    if key not in _PICTURE_PROBLEMS:
        problem = _picture_problem(path)
        _PICTURE_PROBLEMS[key] = problem
    if problem == "too-large":
        raise ContentError(
            f"the image '{written}' has more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels",
            file=file,
            line=line,
            hint="export it smaller: 300 dpi at the width it prints (about 2,000 pixels across) is plenty",
        )
    if problem is not None:
        raise ContentError(
            f"the file '{written}' is not a valid {kind} image: {problem}",
            file=file,
            line=line,
            hint="open it in an image editor and export it again",
        )


def _ends_like_a_jpeg(path: Path) -> bool:
    """A JPEG file ends with its end-of-image marker (some programs add a few bytes after it)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 1024))
        return b"\xff\xd9" in handle.read()


def _picture_problem(path: Path) -> str | None:
    try:
        with Image.open(path) as picture:
            width, height = picture.size
            if width * height > MAX_IMAGE_PIXELS:
                return "too-large"
            picture.verify()  # PNG and GIF: every chunk read and its checksum checked, nothing decoded
        if picture.format == "JPEG" and not _ends_like_a_jpeg(path):  # else decoding it is the only test
            with Image.open(path) as whole:
                whole.load()
    except Image.DecompressionBombError:
        return "too-large"
    except (OSError, SyntaxError, ValueError) as exc:
        return "it is damaged or cut short" if "truncated" in str(exc).lower() else "it cannot be read"
    return None


def check_attribute_blocks(part: Part, document: Document) -> None:
    """An attribute block pandoc could not read is printed as text and the item loses its label and source:
    stop with the place instead (a stray space inside quotes is the usual cause)."""
    chapter = part.chapter

    def fail(text: str) -> None:
        line = literal_line(chapter.text, text.split()[0]) if text.split() else None
        raise ContentError(
            f"the attributes '{text[:60]}' could not be read",
            file=chapter.rel,
            line=line,
            hint='write them as {#fig:label key="value"}: values in straight quotes, no space right '
            "after an opening quote or around =",
        )

    def visit(value: object) -> None:
        if isinstance(value, list):
            for index, node in enumerate(value):
                if isinstance(node, dict) and node.get("t") == "Image" and index + 1 < len(value):
                    following = value[index + 1]
                    if following.get("t") == "Str" and following["c"].startswith("{"):
                        fail(stringify(value[index + 1 :]))
                if not (isinstance(node, dict) and node.get("t") in LEAVES):
                    visit(node)
        elif isinstance(value, dict):
            if value.get("t") == "Table":
                caption = stringify(value["c"][1][1])
                if re.search(r"\{[^{}]*[#=][^{}]*\}?\s*$", caption):
                    fail(caption[caption.rfind("{") :])
            for child in value.values():
                if isinstance(child, (list, dict)):
                    visit(child)

    visit(part.blocks)


def resolve_cover_image(document: Document) -> None:
    """publication.yaml's cover image, held to the same rules as a figure's."""
    written = (document.config["cover"] or {}).get("image")
    if not written:
        return
    line = document.project.config_line("cover", "image")
    path = resolve_inside(
        document.project.root, written, file="content/publication.yaml", line=line, what="cover image"
    )
    check_image_file(path, written, "content/publication.yaml", line)
    document.cover_image = path
