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

WATCHED = ("content", "assets", "bibliography", "templates", "sources")


def _relevant(out_dir: Path) -> Callable[[object, str], bool]:
    """Ignore the outputs, editors' temporary files and hidden files."""
    out = out_dir.resolve()

    def accept(_change: object, path: str) -> bool:
        candidate = Path(path)
        name = candidate.name
        if name.startswith((".", "~")) or name.endswith(("~", ".swp", ".tmp")):
            return False
        return not candidate.resolve().is_relative_to(out)

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
    return (
        f"{time.strftime('%H:%M:%S')} rebuilt in {time.perf_counter() - started:.1f} s: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )


def run_watch(project: Path, out: Path | None, only: set[str] | None, changes: Iterable[object] | None = None) -> int:
    import watchfiles

    root = project.resolve()
    out_dir = (out or root / "build").resolve()
    print(rebuild_once(root, out, only), flush=True)
    folders = [str(root / name) for name in WATCHED if (root / name).is_dir()]
    sys.stderr.write(f"pubkit: watching {', '.join(Path(f).name for f in folders)}; press Ctrl+C to stop\n")
    stream = (
        changes
        if changes is not None
        else watchfiles.watch(*folders, watch_filter=_relevant(out_dir), debounce=300, raise_interrupt=False)
    )
    for _batch in stream:
        print(rebuild_once(root, out, only), flush=True)
    return 0
