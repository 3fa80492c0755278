"""Raw Word markup an author writes (```` ```{=openxml} ````, `` `...`{=openxml} ``) is checked before it
reaches the manuscript.

pandoc copies raw OpenXML into the document as it is. pubkit accepts it when it
is well-formed and does only what formatting does: it may not hold fields that
read files or the network when the reader presses F9 (``INCLUDETEXT``,
``INCLUDEPICTURE``, ``LINK``, ...), relationship ids (they point at parts the
document does not have), section properties (page size and margins are the
house style's), or embedded objects. Anything else is one located error.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..errors import ContentError
from ..locate import literal_line
from ..model import Document, Part
from ..pandoc_ast import iter_nodes
from ..sourcemap import origin

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# Fields that fetch something when they are updated: a file, a web address, another program's data.
FETCHING_FIELDS = frozenset(
    {"INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE", "AUTOTEXT", "EMBED"}
)
REFUSED_ELEMENTS = {  # element → what it does, for the message
    "sectPr": "section properties (page size, margins)",
    "object": "an embedded object",
    "altChunk": "an imported document",
    "control": "a form control",
}
MAX_RAW_CHARS = 200_000
_FETCHING = re.compile(r"\b(" + "|".join(sorted(FETCHING_FIELDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def check_raw_openxml(part: Part, document: Document) -> None:
    """Every raw OpenXML block and inline the author wrote in this part is well-formed and harmless."""
    del document
    if "openxml" not in part.chapter.text.lower():  # nearly every chapter: nothing to walk for
        return
    for node in iter_nodes(part.blocks):
        if node["t"] not in ("RawBlock", "RawInline"):
            continue
        kind, text = node["c"]
        if kind.lower() != "openxml":
            continue
        problem = raw_openxml_problem(text)
        if problem is not None:
            where = origin(node)
            line = part.chapter.text.count("\n", 0, where.start) + 1 if where else _line_of(part, text)
            raise ContentError(
                f"this raw Word markup ({{=openxml}}) {problem}",
                file=part.chapter.rel,
                line=line,
                hint="write it in Markdown instead, or keep to formatting: runs, breaks, properties of text",
            )


def _line_of(part: Part, text: str) -> int | None:
    first = next((line for line in text.splitlines() if line.strip()), text)
    return literal_line(part.chapter.text, first.strip()[:80])


def raw_openxml_problem(text: str) -> str | None:
    """What is wrong with a piece of raw OpenXML, or None."""
    if len(text) > MAX_RAW_CHARS:
        return f"is longer than {MAX_RAW_CHARS:,} characters"
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(f"<pubkit-raw {declarations}>{text}</pubkit-raw>".encode(), parser)
    except etree.XMLSyntaxError as error:
        message = re.sub(r",? line \d+(, column \d+)?", "", getattr(error, "msg", "") or str(error)).strip()
        return f"is not well-formed XML ({message})"
    pieces = [e.get(f"{{{NAMESPACES['w']}}}instr", "") for e in root.iter(f"{{{NAMESPACES['w']}}}fldSimple")] + [
        "".join(e.itertext()) for e in root.iter(f"{{{NAMESPACES['w']}}}instrText")
    ]
    # Word joins a field's instruction runs as they are ("INCLUDE" + "PICTURE"); apart, each is a word too.
    fetching = _FETCHING.search("".join(pieces)) or _FETCHING.search(" ".join(pieces))
    if fetching:
        return f"holds the field {fetching.group(1).upper()}, which fetches a file or web page when it is updated"
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                return "uses an XML entity"
            continue
        name = etree.QName(element).localname
        if name in REFUSED_ELEMENTS:
            return f"holds {REFUSED_ELEMENTS[name]}, which pubkit sets itself"
        if any(_in_namespace(attribute, NAMESPACES["r"]) for attribute in element.attrib):
            return "refers to a relationship (r:id, r:embed), which this document does not have"
    return None


def _in_namespace(attribute: Any, namespace: str) -> bool:
    return isinstance(attribute, str) and attribute.startswith(f"{{{namespace}}}")
