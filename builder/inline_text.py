"""Plain text from attributes (a figure's ``source``) as inlines, citations included.

``source="Adapted from [@oecd2021, p. 4]"`` should print a formatted citation and
put the work in the reference list, like a citation in the running text.
"""

from __future__ import annotations

import re

from .pandoc_ast import Node, Space, Str, text_inlines

CITATION_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?"
_CITATION = re.compile(
    r"\[(?P<group>[^\[\]]*@(?:" + CITATION_KEY + r")[^\[\]]*)\]"  # [see @key, p. 3; @other]
    r"|(?<![\w@.])@(?P<bare>" + CITATION_KEY + r")"  # @key
)
_ITEM = re.compile(r"^\s*(?P<prefix>[^@]*?)\s*@(?P<key>" + CITATION_KEY + r")\s*,?\s*(?P<suffix>.*?)\s*$")


def _citation(key: str, mode: str, prefix: str = "", suffix: str = "") -> dict:
    return {
        "citationId": key,
        "citationPrefix": text_inlines(prefix),
        "citationSuffix": ([Str(","), Space(), *text_inlines(suffix)]) if suffix else [],
        "citationMode": {"t": mode},
        "citationNoteNum": 0,
        "citationHash": 0,
    }


def _plain(segment: str) -> list[Node]:
    if not segment:
        return []
    if not segment.strip():
        return [Space()]
    out: list[Node] = [Space()] if segment[0].isspace() else []
    out.extend(text_inlines(segment))
    if segment[-1].isspace():
        out.append(Space())
    return out


def inlines_with_citations(text: str) -> list[Node]:
    """Text → inlines, turning ``[@key, p. 3]`` and ``@key`` into pandoc Cite nodes."""
    out: list[Node] = []
    position = 0
    for match in _CITATION.finditer(text):
        if match["bare"]:
            citations = [_citation(match["bare"], "AuthorInText")]
        else:
            citations = [
                _citation(m["key"], "NormalCitation", m["prefix"], m["suffix"])
                for m in map(_ITEM.match, match["group"].split(";"))
                if m
            ]
        if not citations:
            continue
        out.extend(_plain(text[position : match.start()]))
        out.append({"t": "Cite", "c": [citations, [Str(match.group(0))]]})
        position = match.end()
    out.extend(_plain(text[position:]))
    return out
