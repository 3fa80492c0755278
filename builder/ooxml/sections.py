"""Sections and page numbers, done on the finished .docx with python-docx and lxml.

pandoc writes one section; we mark where the front matter ends with section-
break paragraphs, then give each section its page setup, footer and number
format here: no number on the cover pages, roman in the front matter, arabic
from the first chapter.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from .fields import page_field
from .xml import W_NS, insert_in_order

SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]


def section_break_paragraph() -> str:
    """Ends a section; ``apply_section_plan`` fills in its page setup afterwards."""
    return '<w:p><w:pPr><w:pStyle w:val="SectionMark"/><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr></w:p>'


@dataclass(frozen=True)
class SectionPlan:
    numbered: bool  # show the page number in the footer
    number_format: str  # "lowerRoman" | "decimal"
    restart: bool  # start counting at 1
    text: str = ""  # printed in the footer before the page number ("© UNESCO 2024 · CC BY-SA 3.0 IGO")


def apply_section_plan(docx: Any, plans: list[SectionPlan]) -> None:
    """Give every section the last section's page setup, and its own footer and numbering."""
    sections = list(docx.sections)
    final = sections[-1]._sectPr
    for section, plan in zip(sections, plans, strict=False):
        sect_pr = section._sectPr
        if sect_pr is not final:
            for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
                source = final.find(qn(tag))
                if source is not None and sect_pr.find(qn(tag)) is None:
                    insert_in_order(sect_pr, copy.deepcopy(source), SECT_ORDER)
        for old in sect_pr.findall(qn("w:pgNumType")):
            sect_pr.remove(old)
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:fmt"), plan.number_format)
        if plan.restart:
            number_type.set(qn("w:start"), "1")
        insert_in_order(sect_pr, number_type, SECT_ORDER)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for child in list(paragraph._p):
            if child.tag != qn("w:pPr"):
                paragraph._p.remove(child)
        paragraph.style = docx.styles["Footer"] if _has_style(docx, "Footer") else None
        if plan.text:
            paragraph.add_run(plan.text + ("   ·   " if plan.numbered else ""))
        if plan.numbered:
            for run in parse_xml(f'<w:p xmlns:w="{W_NS}">{page_field()}</w:p>'):
                paragraph._p.append(run)


def _has_style(docx: Any, name: str) -> bool:
    return any((s.element.name_val or "").lower() == name.lower() for s in docx.styles)


def set_core_properties(docx: Any, *, title: str, authors: list[str], subject: str, keywords: str = "") -> None:
    props = docx.core_properties
    props.title = title
    props.author = "; ".join(authors)
    props.subject = subject
    props.language = "en-GB"
    props.keywords = keywords


CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def set_custom_property(docx: Any, name: str, value: str) -> None:
    """A text property in the document's custom properties (Word: File > Info > Properties > Advanced),
    the others kept. pandoc always writes the part; without one, nothing is written."""
    for part in docx.part.package.iter_parts():
        if str(part.partname) == "/docProps/custom.xml":
            part._blob = custom_properties_xml(part.blob, name, value)
            return


def custom_properties_xml(existing: bytes | None, name: str, value: str) -> bytes:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(existing, parser) if existing else None
    if root is None or root.tag != f"{{{CUSTOM_NS}}}Properties":
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        if prop.get("name") == name:
            root.remove(prop)
    ids = [int(p.get("pid", "1")) for p in root.findall(f"{{{CUSTOM_NS}}}property")]
    prop = etree.SubElement(
        root,
        f"{{{CUSTOM_NS}}}property",
        fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}",  # the format id Word gives user-defined properties
        pid=str(max(ids, default=1) + 1),
        name=name,
    )
    etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
