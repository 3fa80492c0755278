"""SVG figures as the documents get them: drawings only, with nothing that reads other files.

An SVG file is XML and may carry a DOCTYPE whose entities name system files or
web addresses, scripts, and references to pictures elsewhere. The manuscript
gets a cleaned copy, kept in the build cache: no DOCTYPE or entities, no
scripts or event handlers, no reference that leaves the drawing (``file:``,
``http:``); what it draws stays as drawn. pandoc gives Word a PNG beside the
drawing when ``rsvg-convert`` is installed, and that PNG is what LibreOffice puts
in the PDF.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
from pathlib import Path

from lxml import etree

from . import cachefile, processes

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_SVG_BYTES = 5 * 1024 * 1024


def svg_problem(path: Path) -> str | None:
    """Why the file is not a drawing pubkit can use, or None."""
    if path.stat().st_size > MAX_SVG_BYTES:
        return f"it is larger than {MAX_SVG_BYTES // 1048576} MB"
    try:
        root = _parse(path.read_bytes())
    except etree.XMLSyntaxError as error:
        return f"it is not well-formed XML ({error.msg})"
    if etree.QName(root).localname != "svg":
        return "its outermost element is not <svg>"
    return None


def cleaned_svg(path: Path, cache_dir: Path) -> Path:
    """A copy of ``path`` without DOCTYPE, entities, scripts or references out of the drawing, in the cache."""
    data = path.read_bytes()
    kept = cache_dir / "svg" / f"{hashlib.sha256(data).hexdigest()[:16]}.svg"
    if cachefile.whole(kept):
        return kept
    root = _parse(data)
    for node in list(root.iter()):
        if isinstance(node, etree._Entity) or not isinstance(node.tag, str):
            _drop(node)
            continue
        name = etree.QName(node).localname
        if name in ("script", "foreignObject") or node.tag == "{http://www.w3.org/2001/XInclude}include":
            _drop(node)
            continue
        for key, value in list(node.attrib.items()):
            local = etree.QName(key).localname
            if local.lower().startswith("on") or (local == "href" and _leaves_the_drawing(value)):
                del node.attrib[key]
    cleaned = etree.tostring(root, xml_declaration=True, encoding="UTF-8")  # the DOCTYPE is not written
    if not cachefile.store(kept, cleaned):
        fallback = cache_dir / "svg" / f"{kept.stem}.plain.svg"
        fallback.parent.mkdir(parents=True, exist_ok=True)
        fallback.write_bytes(cleaned)
        return fallback
    return kept


def _leaves_the_drawing(reference: str) -> bool:
    """A reference to anything but a part of the drawing itself (``#id``) or data written in it (``data:``)."""
    reference = reference.strip()
    return bool(reference) and not reference.startswith(("#", "data:"))


def drawing_target(path: Path, cache_dir: Path, root: Path) -> str:
    """What the docx writer is given for an SVG figure: the cleaned copy, named relative to the project
    folder pandoc runs in (pandoc makes Word's PNG beside a drawing only for such a path); a cache outside
    the project gets a PNG made here instead, so the PDF still shows the drawing."""
    cleaned = cleaned_svg(path, cache_dir)
    try:
        return cleaned.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    picture = picture_of(path, cache_dir)
    return str(picture or cleaned)


def picture_of(path: Path, cache_dir: Path) -> Path | None:
    """A PNG of the drawing at twice its size (for the deck, which places pictures only), kept in the cache;
    None without ``rsvg-convert`` or when it cannot draw it."""
    if not can_rasterize():
        return None
    cleaned = cleaned_svg(path, cache_dir)
    picture = cleaned.with_suffix(".png")
    if cachefile.whole(picture):
        return picture
    scratch = picture.with_name(f".{picture.name}.tmp")
    try:
        done = processes.run(
            ["rsvg-convert", "--zoom", "2", "--format", "png", "--output", str(scratch), str(cleaned)], timeout=60
        )
        made = done.returncode == 0 and scratch.is_file() and cachefile.store(picture, scratch.read_bytes())
    except (OSError, subprocess.TimeoutExpired):
        made = False
    with contextlib.suppress(OSError):
        scratch.unlink()
    return picture if made else None


def can_rasterize() -> bool:
    """Whether pandoc will find ``rsvg-convert`` to give Word (and so the PDF) a PNG of each drawing."""
    return shutil.which("rsvg-convert") is not None


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:  # keep the text that followed it
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
