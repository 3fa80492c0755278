"""Pictures' text alternatives in a Word document: the description a screen reader reads, and Word's own
"decorative" mark for a picture that says nothing (``alt=""`` on purpose)."""

from __future__ import annotations

from typing import Any

from lxml import etree

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # the extension Word writes for "Mark as decorative"


def describe_pictures(root: Any, descriptions: list[str | None]) -> bool:
    """Give the document's pictures, in order, these descriptions ("" marks a picture decorative; None leaves
    it without one). Nothing is changed unless there are as many pictures as descriptions.

    The picture inside each drawing gets the same description: pandoc writes the image file's path there,
    which is nothing a reader should hear (and would show where the author keeps the project)."""
    pictures = list(root.iter(f"{{{WP_NS}}}docPr"))
    if len(pictures) != len(descriptions):
        return False
    for picture, description in zip(pictures, descriptions):
        describe(picture, description)
        for inner in picture.getparent().iter(f"{{{PIC_NS}}}cNvPr"):
            inner.set("descr", picture.get("descr"))
    return True


def describe(properties: Any, description: str | None) -> None:
    """Set the description of one picture's non-visual properties (``wp:docPr`` or ``p:cNvPr``).

    A decorative picture is marked so for Word and PowerPoint, and gets a single space as its description:
    LibreOffice, which knows no decorative pictures, then gives it an empty /Alt in the tagged PDF rather than
    none (a PDF/UA reader skips it either way)."""
    if description == "":
        properties.set("descr", " ")
        mark_decorative(properties)
    else:
        properties.set("descr", description or "")


def mark_decorative(properties: Any) -> None:
    extensions = properties.find(f"{{{A_NS}}}extLst")
    if extensions is None:
        extensions = etree.SubElement(properties, f"{{{A_NS}}}extLst")
    if any(e.get("uri") == DECORATIVE_URI for e in extensions):
        return
    extension = etree.SubElement(extensions, f"{{{A_NS}}}ext", uri=DECORATIVE_URI)
    etree.SubElement(extension, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS}, val="1")
