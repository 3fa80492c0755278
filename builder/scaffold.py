"""``pubkit new``: a project of the chosen type that builds (and checks) at once.

The files come from ``templates/scaffold/common`` plus ``templates/scaffold/<type>``
(copied as they are, so an editor can change them); only ``publication.yaml`` is
written here, from the folder name and today's date.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from pathlib import Path

from .errors import PubkitError
from .outputs import write_atomically
from .templates import default_templates_dir

DEFAULT_LIMITS = {
    "case-study": "{words: [3500, 5000], slides: [10, 12], brief_pages: 10}",
    "study-report": "{words: [4000, 30000], slides: [10, 12], brief_pages: 10}",
    "policy-brief": "{slides: [10, 12], brief_pages: 10}",
    "inception-report": "{words: [1000, 10000], slides: [10, 12], brief_pages: 10}",
}
DELIVERABLES = {
    "case-study": [
        ("Draft manuscript", 60, "manuscript"),
        ("PowerPoint presentation", 60, "slides"),
        ("Permission register", 60, "permissions"),
    ],
    "study-report": [
        ("Inception report", 30, None),
        ("Draft study report", 120, "manuscript"),
        ("Final study report", 180, "manuscript"),
        ("Policy brief", 210, "brief"),
    ],
    "policy-brief": [("Policy brief", 60, "brief")],
    "inception-report": [("Inception report", 30, "manuscript")],
}


def create_project(directory: Path, kind: str, today: _dt.date | None = None) -> Path:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise PubkitError(
            f"'{directory}' already exists and is not empty",
            file=str(directory),
            hint="choose a new folder name; pubkit new never overwrites files",
        )
    source = default_templates_dir() / "scaffold"
    for part in ("common", kind):
        folder = source / part
        if not folder.is_dir():
            raise PubkitError(f"pubkit's scaffold for '{kind}' is missing", hint="reinstall pubkit (make install)")
        shutil.copytree(folder, directory, dirs_exist_ok=True)
    ignore = directory / "gitignore"  # shipped without its dot, which packaging would leave out
    if ignore.is_file():
        ignore.replace(directory / ".gitignore")
    today = today or _dt.date.today()
    write_atomically(directory / "content" / "publication.yaml", publication_yaml(directory, kind, today).encode())
    return directory


def publication_yaml(directory: Path, kind: str, today: _dt.date) -> str:
    name = directory.resolve().name.replace("-", " ").replace("_", " ").strip() or "New publication"
    title = name[:1].upper() + name[1:]
    deliverables = "\n".join(
        f"  - {{name: {item}, due: {today + _dt.timedelta(days=days)}{', output: ' + output if output else ''}}}"
        for item, days, output in DELIVERABLES[kind]
    )
    return (
        f"type: {kind}\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        'subtitle: "Replace with the subtitle"\n'
        "authors: [Name Surname]\n"
        "publisher: UNESCO Bangkok Office\n"
        f"year: {today.year}\n"
        "licence: CC BY-SA 3.0 IGO\n"
        "short_summary: |\n"
        "  Replace with the display sentence of the short summary page.\n\n"
        "  Replace with one or two paragraphs that summarize the publication for a general reader.\n"
        "numbering: sequential\n"
        "csl: apa\n"
        f"limits: {DEFAULT_LIMITS[kind]}\n"
        "deliverables:\n"
        f"{deliverables}\n"
    )
