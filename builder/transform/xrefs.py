"""Cross-references: ``@fig:x`` / ``[@tbl:y]`` become "Figure 3" / "Table 2".

pandoc reads ``@fig:x`` as a citation; here such citations are replaced by
spans of class ``xref`` (the Word writer turns them into REF fields). Groups
read naturally: ``[@fig:a; @fig:b]`` gives "Figures 1 and 2". Unknown labels
print "Figure ??" (the checker reports them with their position).
"""

from __future__ import annotations

from ..model import KIND_NAMES, Document
from ..pandoc_ast import Node, Space, Span, Str, attr, map_inlines
from ..sourcemap import derive

PREFIXES = {"fig:": "figure", "tbl:": "table"}


def is_xref_key(key: str) -> bool:
    return key.startswith(tuple(PREFIXES))


def xref_span(label: str, text: str, number_only: bool, resolved: bool) -> Node:
    classes = ["xref"] if resolved else ["xref", "unresolved"]
    pairs = {"target": label, "ref": "number" if number_only else "label"}
    return Span([Str(text)], attr(classes=classes, pairs=pairs))


def resolve_cross_references(document: Document) -> None:
    items = {item.label: item for item in document.items}

    def rewrite(node: Node) -> list[Node] | None:
        if node.get("t") != "Cite":
            return None
        citations = node["c"][0]
        if not any(is_xref_key(c["citationId"]) for c in citations):
            return None
        references = [c for c in citations if is_xref_key(c["citationId"])]
        others = [c for c in citations if not is_xref_key(c["citationId"])]
        out = _render_group(references, items)
        if others:  # a mixed group keeps its bibliographic citations together, after the references
            out.extend([Str(";"), Space()])
        derive(out, "xref:" + references[0]["citationId"], node)  # "Figure 3" stands for @fig:x
        if others:
            cite = {"t": "Cite", "c": [others, [Str("@" + others[0]["citationId"])]]}
            if "p" in node:
                cite["p"] = node["p"]  # the citations left of the group, written in the same place
            out.append(cite)
        return out

    for part in document.parts + list(document.extra_parts.values()):
        map_inlines(part.blocks, rewrite)
    for box in document.boxes:
        map_inlines(box.blocks, rewrite)
    for item in document.items:  # captions are copies of the figure's caption, so they are rewritten too
        map_inlines(item.caption, rewrite)


def _render_group(group: list[dict], items: dict) -> list[Node]:
    """Consecutive references of one kind share the noun: 'Figures 1 and 2'."""
    out: list[Node] = []
    runs: list[list[dict]] = []
    for citation in group:
        kind = PREFIXES[citation["citationId"][:4]]
        if runs and PREFIXES[runs[-1][0]["citationId"][:4]] == kind:
            runs[-1].append(citation)
        else:
            runs.append([citation])
    for run_index, run in enumerate(runs):
        if run_index:
            out.extend([Str(";"), Space()])
        kind = PREFIXES[run[0]["citationId"][:4]]
        noun = KIND_NAMES[kind]
        out.extend(run[0]["citationPrefix"] + ([Space()] if run[0]["citationPrefix"] else []))
        if len(run) == 1:
            out.append(_reference(run[0]["citationId"], items, noun, number_only=False))
        else:
            out.extend([Str(noun + "s"), Space()])
            for index, citation in enumerate(run):
                if index and index == len(run) - 1:
                    out.extend([Space(), Str("and"), Space()])
                elif index:
                    out.extend([Str(","), Space()])
                out.append(_reference(citation["citationId"], items, noun, number_only=True))
        out.extend(run[-1]["citationSuffix"])
    return out


def _reference(label: str, items: dict, noun: str, number_only: bool) -> Node:
    item = items.get(label)
    if item is None:
        text = "??" if number_only else f"{noun} ??"
        return xref_span(label, text, number_only, resolved=False)
    return xref_span(label, item.number if number_only else item.display, number_only, resolved=True)
