"""Small helpers to build, walk and read pandoc's JSON AST.

Nodes are plain dicts (``{"t": "Para", "c": [...]}``) exactly as pandoc writes
them, so a tree can go back to pandoc unchanged. Constructors are named after
the pandoc element they make.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

Node = dict[str, Any]
Attr = list[Any]  # [identifier, [classes], [[key, value], ...]]

API_VERSION = [1, 23, 1, 1]


# --- constructors -------------------------------------------------------------------


def attr(identifier: str = "", classes: list[str] | None = None, pairs: dict[str, str] | None = None) -> Attr:
    return [identifier, list(classes or []), [[k, v] for k, v in (pairs or {}).items()]]


def Str(text: str) -> Node:
    return {"t": "Str", "c": text}


def Space() -> Node:
    return {"t": "Space"}


def LineBreak() -> Node:
    return {"t": "LineBreak"}


def Strong(inlines: list[Node]) -> Node:
    return {"t": "Strong", "c": inlines}


def Emph(inlines: list[Node]) -> Node:
    return {"t": "Emph", "c": inlines}


def Span(inlines: list[Node], a: Attr | None = None) -> Node:
    return {"t": "Span", "c": [a or attr(), inlines]}


def RawInline(fmt: str, text: str) -> Node:
    return {"t": "RawInline", "c": [fmt, text]}


def Image(inlines: list[Node], target: str, a: Attr | None = None) -> Node:
    return {"t": "Image", "c": [a or attr(), inlines, [target, ""]]}


def Para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def Plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": inlines}


def Header(level: int, inlines: list[Node], a: Attr | None = None) -> Node:
    return {"t": "Header", "c": [level, a or attr(), inlines]}


def Div(blocks: list[Node], a: Attr | None = None) -> Node:
    return {"t": "Div", "c": [a or attr(), blocks]}


def RawBlock(fmt: str, text: str) -> Node:
    return {"t": "RawBlock", "c": [fmt, text]}


def BulletList(items: list[list[Node]]) -> Node:
    return {"t": "BulletList", "c": items}


def styled(style: str, blocks: list[Node]) -> Node:
    """A Div that pandoc's docx writer turns into paragraphs of the Word style ``style``."""
    return Div(blocks, attr(pairs={"custom-style": style}))


def text_inlines(text: str) -> list[Node]:
    """Plain text as Str/Space inlines (no Markdown interpretation)."""
    out: list[Node] = []
    for index, word in enumerate(text.split()):
        if index:
            out.append(Space())
        out.append(Str(word))
    return out


def document(blocks: list[Node], meta: dict[str, Any] | None = None, api: list[int] | None = None) -> dict[str, Any]:
    return {"pandoc-api-version": api or API_VERSION, "meta": meta or {}, "blocks": blocks}


def meta_string(text: str) -> Node:
    return {"t": "MetaString", "c": text}


def meta_inlines(inlines: list[Node]) -> Node:
    return {"t": "MetaInlines", "c": inlines}


# --- reading ------------------------------------------------------------------------


def attr_of(node: Node) -> Attr | None:
    """The Attr of a node that has one (Header, Div, Span, Figure, Table, Image, Code...)."""
    t = node.get("t")
    c = node.get("c")
    if t in ("Div", "Span", "Figure", "Table", "CodeBlock", "Code"):
        return c[0]
    if t == "Header":
        return c[1]
    if t in ("Image", "Link"):
        return c[0]
    return None


def attr_pairs(a: Attr) -> dict[str, str]:
    return {k: v for k, v in a[2]}


LEAVES = frozenset(("Str", "Space", "SoftBreak", "LineBreak"))  # words and the gaps between: most of a tree


def iter_nodes(
    value: Any, kind: str | None = None, *, in_paragraphs: Callable[[list[Node]], list[Node]] | None = None
) -> Iterator[Node]:
    """Every node (or every node of type ``kind``) under ``value``, in document order (parents first).
    With ``in_paragraphs``, of the inlines of a paragraph only those it returns, given them all (and what
    is under those)."""
    stack = [value]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        if type(item) is list:
            extend(item[::-1])
        elif type(item) is dict:
            tag = item.get("t")
            if tag is None:  # a citation record: its prefix and suffix hold inlines
                extend(reversed([v for v in item.values() if type(v) is list]))
                continue
            if kind is None or tag == kind:
                yield item
            if tag not in LEAVES:
                content = item.get("c")
                if type(content) is list:
                    if in_paragraphs is not None and tag in ("Para", "Plain"):
                        content = in_paragraphs(content)
                    push(content)


def word_count(value: Any) -> int:
    """About how many words a reader sees under ``value`` (pandoc gives every word its own Str; notes
    are left out, as in ``stringify``)."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is list:
            stack.extend(item)
        elif type(item) is dict:
            tag = item.get("t")
            if tag == "Str":
                count += 1
            elif tag != "Note":
                content = item.get("c") if tag is not None else list(item.values())
                if type(content) is list:
                    stack.append(content)
    return count


def has_node(value: Any, kind: str) -> bool:
    return next(iter_nodes(value, kind), None) is not None


def map_blocks(blocks: list[Node], replace: Callable[[Node], list[Node] | None]) -> list[Node]:
    """Rebuild a block list, letting ``replace`` swap any block (at any depth) for a list of blocks."""
    out: list[Node] = []
    for block in blocks:
        swapped = replace(block)
        if swapped is not None:
            out.extend(swapped)
            continue
        _map_children(block, lambda b: map_blocks(b, replace))
        out.append(block)
    return out


def map_inlines(value: Any, replace: Callable[[Node], list[Node] | None]) -> None:
    """Replace inline nodes in place anywhere under ``value`` (``replace`` returns a list or None)."""
    if type(value) is dict:
        value = [v for v in value.values() if type(v) is list]
    index = 0
    while index < len(value):
        item = value[index]
        kind = type(item)
        if kind is dict:
            if "t" in item:
                swapped = replace(item)
                if swapped is not None:
                    value[index : index + 1] = swapped
                    index += len(swapped)
                    continue
                content = item.get("c")
                if type(content) is list:
                    map_inlines(content, replace)
            else:
                map_inlines(item, replace)
        elif kind is list:
            map_inlines(item, replace)
        index += 1


def rewritten(
    value: list[Any], replace: Callable[[Node], list[Node] | None], *, kinds: frozenset[str], fresh: frozenset[str]
) -> list[Any]:
    """A rewritten copy of a list of nodes: ``replace`` may swap any node of one of the ``kinds``, at any
    depth, for a list of nodes; it sees a node after its children were rewritten.

    Only what changed is copied: a subtree with no replacement in it is shared with the original, which
    is much cheaper than a deep copy of a 40,000-word manuscript. Nodes whose type is in ``fresh`` are
    always copied (their content list too), so whoever changes them in place later leaves the original
    alone.
    """
    return _rewritten_list(value, _Rewrite(replace, kinds, fresh))


class _Rewrite:
    __slots__ = ("fresh", "kinds", "replace", "watched")

    def __init__(self, replace: Callable[[Node], list[Node] | None], kinds: frozenset[str], fresh: frozenset[str]):
        self.replace = replace
        self.kinds = kinds
        self.fresh = fresh
        self.watched = kinds | fresh


def _rewritten_list(items: list[Any], how: _Rewrite) -> list:
    out: list[Any] | None = None
    for index, item in enumerate(items):
        kind = type(item)
        if kind is dict:
            if type(item.get("c")) is not list and item.get("t") not in how.watched:
                new = item  # a leaf (Str, Space, ...) nothing asks about: the commonest case, kept cheap
            else:
                new = _rewritten_node(item, how)
            if type(new) is list:
                if out is None:
                    out = items[:index]
                out.extend(new)
                continue
        elif kind is list:
            new = _rewritten_list(item, how)
        else:
            new = item
        if out is None and new is not item:
            out = items[:index]
        if out is not None:
            out.append(new)
    return items if out is None else out


def _rewritten_node(node: Node, how: _Rewrite) -> Any:
    tag = node.get("t")
    if tag is None:  # a citation record: its prefix and suffix hold inlines
        changed = {k: _rewritten_list(v, how) for k, v in node.items() if type(v) is list}
        if all(changed[k] is node[k] for k in changed):
            return node
        return {**node, **changed}
    content = node.get("c")
    if type(content) is list:
        new_content = _rewritten_list(content, how)
        if new_content is not content or tag in how.fresh:  # other keys (where it was written) go along
            node = {**node, "c": new_content if new_content is not content else list(content)}
    if tag not in how.kinds:
        return node
    swapped = how.replace(node)
    return node if swapped is None else swapped


def _map_children(block: Node, on_blocks: Callable[[list[Node]], list[Node]]) -> None:
    t = block.get("t")
    c = block.get("c")
    if t in ("Div", "Figure"):
        c[-1] = on_blocks(c[-1])
    elif t == "BlockQuote":
        block["c"] = on_blocks(c)
    elif t in ("BulletList",):
        block["c"] = [on_blocks(item) for item in c]
    elif t == "OrderedList":
        c[1] = [on_blocks(item) for item in c[1]]


_SPACE_RE = re.compile(r"\s+")


def stringify(value: Any) -> str:
    """The text a reader sees, without formatting (notes are left out)."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        t = node.get("t")
        c = node.get("c")
        if t == "Str":
            parts.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif t in ("Code", "Math"):
            parts.append(c[1])
        elif t == "Note":
            return
        elif t == "Cite":
            visit(c[1])
        elif t == "Quoted":
            quote = "“" if c[0]["t"] == "DoubleQuote" else "‘"
            closing = "”" if quote == "“" else "’"
            parts.append(quote)
            visit(c[1])
            parts.append(closing)
        elif t in ("Para", "Plain", "Header", "Div", "BlockQuote", "BulletList", "OrderedList"):
            if parts and not parts[-1].endswith(" "):
                parts.append(" ")
            visit(c)
            parts.append(" ")
        elif t in ("RawInline", "RawBlock", "Image"):
            if t == "Image":
                visit(c[1])
            return
        elif isinstance(c, list):
            visit(c)

    visit(value)
    return _SPACE_RE.sub(" ", "".join(parts)).strip()


def _cell(inlines: list[Node]) -> list[Any]:
    return [attr(), {"t": "AlignDefault"}, 1, 1, [Plain(inlines)] if inlines else []]


def _row(cells: list[list[Node]]) -> list[Any]:
    return [attr(), [_cell(c) for c in cells]]


def simple_table(
    a: Attr, caption: list[Node], header: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> Node:
    """A captioned table of plain-text cells, as pandoc's reader would produce for a pipe table."""
    specs = [
        [{"t": "AlignDefault"}, {"t": "ColWidth", "c": w} if widths else {"t": "ColWidthDefault"}]
        for w in (widths or [0.0] * len(header))
    ]
    head = [attr(), [_row([text_inlines(h) for h in header])]]
    body = [attr(), 0, [], [_row([text_inlines(c) for c in row]) for row in rows]]
    return {"t": "Table", "c": [a, [None, [Plain(caption)]], specs, head, [body], [attr(), []]]}


def clone(value: Any) -> Any:
    """A deep copy of a tree of plain lists, dicts and strings (several times faster than copy.deepcopy)."""
    kind = type(value)
    if kind is list:
        return [clone(item) for item in value]
    if kind is dict:
        return {key: clone(item) for key, item in value.items()}
    return value
