"""Stage 5, write: one module per output, each taking the same assembled document.

Every writer has a ``name`` (what ``--only`` selects), the file it produces and
a ``write(document, target, context)`` that writes exactly that file. Writers
never touch the author's sources; the build renames their files into place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..check.findings import Finding


@dataclass
class WriteContext:
    """What writers share during one build: where to cache, what was measured."""

    out_dir: Path
    cache_dir: Path
    findings: list[Finding] = field(default_factory=list)  # writers may add findings (e.g. slide overflow)
    notes: list[str] = field(default_factory=list)  # one-line notices for the user
