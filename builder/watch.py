"""``pubkit watch``: rebuild on every save, one line per rebuild.

Rebuilds go through the same ``build`` as ``pubkit build`` and reuse its caches
(parsed chapters, citations, charts), so saving one chapter costs little more
than writing the Word file. An error in the project is printed and the watch
goes on; the last good outputs stay in place.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .build import build
from .check.findings import summarize
from .errors import PubkitError

SKIPPED = frozenset({"node_modules", "__pycache__"})


def _relevant(root: Path, out_dir: Path) -> Callable[[object, str], bool]:
    """Whatever the build reads: not the outputs, not hidden folders (.git, .venv) or files, not editors'
    temporary files."""
    out = out_dir.resolve()

    def accept(_change: object, path: str) -> bool:
        candidate = Path(path)
        name = candidate.name
        if name.endswith(("~", ".swp", ".tmp")):
            return False
        resolved = candidate.resolve()
        if resolved.is_relative_to(out):
            return False
        parts = resolved.relative_to(root).parts if resolved.is_relative_to(root) else (name,)
        return not any(part.startswith((".", "~")) or part in SKIPPED for part in parts)

    return accept


def rebuild_once(project: Path, out: Path | None, only: set[str] | None) -> str:
    """One build, summarized in one line: time, errors and warnings, or the error that stopped it."""
    started = time.perf_counter()
    try:
        result = build(project, out, only=only)
    except PubkitError as error:
        return (
            f"{time.strftime('%H:%M:%S')} build failed after {time.perf_counter() - started:.1f} s: "
            + error.render().replace("\n", " ")
        )
    counts = summarize(result.findings)
    errors, warnings = counts["errors"], counts["warnings"]
    line = (
        f"{time.strftime('%H:%M:%S')} rebuilt in {time.perf_counter() - started:.1f} s: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    first = next((f for f in result.findings if f.severity == "error"), None)
    if first is not None:  # which one, so the author need not run the check to find out
        line += f" (first: {first.location()}: {first.message} [{first.rule}]"
        line += "; all in pubkit check)" if errors > 1 else ")"
    return line


def stale_pdfs(out_dir: Path) -> list[str]:
    """The PDFs older than the document beside them: a watch does not render them again."""
    stale = []
    for pdf in sorted(out_dir.glob("*.pdf")):
        for suffix in (".docx", ".pptx"):
            document = pdf.with_suffix(suffix)
            if document.is_file() and document.stat().st_mtime > pdf.stat().st_mtime:
                stale.append(pdf.name)
    return stale


def run_watch(project: Path, out: Path | None, only: set[str] | None, changes: Iterable[object] | None = None) -> int:
    import watchfiles

    root = project.resolve()
    out_dir = (out or root / "build").resolve()
    print(rebuild_once(root, out, only), flush=True)
    sys.stderr.write(f"pubkit: watching {root.name} (chapters, assets, bibliography, templates); Ctrl+C stops\n")
    stream = (
        changes
        if changes is not None
        else watchfiles.watch(root, watch_filter=_relevant(root, out_dir), debounce=300, raise_interrupt=False)
    )
    told: list[str] = []
    for _batch in stream:
        print(rebuild_once(root, out, only), flush=True)
        stale = stale_pdfs(out_dir)
        if stale and stale != told and not (only and "pdf" in only):
            sys.stderr.write(f"pubkit: {', '.join(stale)} not rendered again while watching: pubkit build does\n")
            told = stale
    return 0
