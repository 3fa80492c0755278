"""The font files pubkit measures and draws text with: Arial where installed, else its metric twin
Liberation Sans, else DejaVu Sans (found in the system's own font folders; nothing is downloaded)."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

REGULAR = ("arial.ttf", "liberationsans-regular.ttf", "dejavusans.ttf")
BOLD = ("arialbd.ttf", "liberationsans-bold.ttf", "dejavusans-bold.ttf")


@functools.lru_cache(maxsize=2)
def font_file(bold: bool = False) -> Path | None:
    """The most preferred font file installed, regular or bold; None when there is none."""
    wanted = BOLD if bold else REGULAR
    found: dict[str, Path] = {}
    for folder in font_folders():
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower() in wanted:
                    found.setdefault(name.lower(), Path(root) / name)
        if wanted[0] in found:
            break
    return next((found[name] for name in wanted if name in found), None)


def font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        return [
            Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
            *([Path(local) / "Microsoft/Windows/Fonts"] if local else []),
        ]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"), home / "Library/Fonts"]
    data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    data_home = os.environ.get("XDG_DATA_HOME") or str(home / ".local/share")
    return [Path(data_home) / "fonts", home / ".fonts", *(Path(d) / "fonts" for d in data_dirs.split(":") if d)]
