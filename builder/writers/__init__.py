"""Stage 5, write: one module per output, each taking the same assembled document.

Every writer has a ``name`` (what ``--only`` selects), the file it produces and
a ``write(document, target, context)`` that writes exactly that file. Writers
never touch the author's sources; the build renames their files into place.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..charts import ChartPrefetch
from ..check.findings import Finding
from ..model import Document
from ..outputs import StagedOutputs
from ..render import Office


@dataclass
class WriteContext:
    """What writers share during one build: where to cache, where extra files go, what was measured."""

    out_dir: Path
    cache_dir: Path
    staged: StagedOutputs
    charts: ChartPrefetch | None = None  # charts being drawn in the background
    office: Office | None = None  # LibreOffice, when installed: renders PDFs and measures pages
    want_pdf: bool = False  # write manuscript.pdf / brief.pdf (``--only`` includes pdf)
    findings: list[Finding] = field(default_factory=list)  # writers may add findings (e.g. slide overflow)
    notes: list[str] = field(default_factory=list)  # one-line notices for the user
    rendered: dict[str, Path] = field(default_factory=dict)  # PDFs measured by the checks, by output name
    item_pages: dict[str, str] = field(default_factory=dict)  # "Figure 3" → its page in manuscript.pdf

    def extra_file(self, name: str) -> Path:
        """A temporary path for an additional output (published with the others), e.g. a consent letter."""
        return self.staged.temporary(name)

    def own_folder(self, name: str) -> None:
        """Declare that this build owns ``out_dir/name``: files there that this build did not write are removed."""
        self.staged.owned_folders.add(name)


class Writer(Protocol):
    name: str  # what --only selects
    filename: str  # the file it writes in the out directory

    def write(self, document: Document, target: Path, context: WriteContext) -> None: ...


# name → "module:Class"; modules are imported only when their output is requested.
REGISTRY: dict[str, str] = {
    "docx": "builder.writers.manuscript:ManuscriptWriter",
    "pptx": "builder.writers.slides:SlidesWriter",
    "brief": "builder.writers.brief:BriefWriter",
    "permissions": "builder.writers.permissions:PermissionsWriter",
}


def load_writer(name: str) -> Writer:
    module_name, class_name = REGISTRY[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)()
