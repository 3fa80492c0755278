"""Formatted citations outside Word: run citeproc over a few blocks and read the text back.

The deck's speaker notes and other plain-text outputs need "(UNESCO, 2022)"
rather than "@unesco2022". One pandoc call formats any number of snippets.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import Document
from .pandoc import run_pandoc
from .pandoc_ast import Div, Node, attr, document, iter_nodes


def with_formatted_citations(doc: Document, snippets: list[list[Node]], csl: Path) -> list[list[Node]]:
    """Each snippet (a list of blocks) with its citations formatted by citeproc; no bibliography added."""
    if not snippets or not doc.project.bib_files or not any(iter_nodes(snippets, "Cite")):
        return snippets
    blocks = [Div(list(snippet), attr(f"snippet-{index}")) for index, snippet in enumerate(snippets)]
    meta = {"suppress-bibliography": {"t": "MetaBool", "c": True}, "lang": {"t": "MetaString", "c": "en-GB"}}
    args = ["-f", "json", "-t", "json", "--citeproc", f"--csl={csl}"]
    args += [f"--bibliography={path}" for path in doc.project.bib_files]
    out = run_pandoc(
        args,
        json.dumps(document(blocks, meta, doc.api_version)).encode("utf-8"),
        what="formatting citations",
        cwd=doc.project.root,
    )
    found = {b["c"][0][0]: b["c"][1] for b in json.loads(out)["blocks"] if b.get("t") == "Div"}
    return [found.get(f"snippet-{index}", snippet) for index, snippet in enumerate(snippets)]
