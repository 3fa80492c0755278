"""Tables that stay with their caption and source line across page breaks.

The caption above a table keeps with the table through its paragraph style;
what the style cannot do is keep the table with the "Source:" line under it.
Word and LibreOffice do that when every paragraph of the table keeps with the
next one, and no row breaks across pages. A table longer than a page cannot
be kept whole: it keeps its last rows with the source line, and its header
row repeats on every page it runs onto (pandoc marks it so).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .reference import PPR_ORDER
from .xml import W_NS, insert_in_order

KEPT_WHOLE_ROWS = 15  # up to this many rows a table is kept on one page; a longer one keeps its last rows
KEPT_LAST_ROWS = 2
TRPR_ORDER = ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"]  # fmt: skip


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def keep_tables_together(body: Any) -> None:
    """Keep each table of ``body`` (not those nested in another) with the paragraph after it, rows unsplit."""
    for table in body.iter(_w("tbl")):
        if any(parent.tag == _w("tbl") for parent in table.iterancestors()):
            continue
        rows = table.findall(_w("tr"))
        kept = rows if len(rows) <= KEPT_WHOLE_ROWS else rows[-KEPT_LAST_ROWS:]
        for row in rows:
            insert_in_order(_properties(row, "trPr"), etree.Element(_w("cantSplit")), TRPR_ORDER)
        for row in kept:
            for paragraph in row.iter(_w("p")):
                insert_in_order(_properties(paragraph, "pPr"), etree.Element(_w("keepNext")), PPR_ORDER)


def _properties(element: Any, name: str) -> Any:
    """``element``'s property element (``w:pPr``, ``w:trPr``), made first among its children if missing."""
    found = element.find(_w(name))
    if found is None:
        found = etree.Element(_w(name))
        element.insert(0, found)
    return found
