"""Templates: rendered texts kept in the build cache, invalidated by the template and by its values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, write

from builder.templates import TemplateSet

RENDER = """
import sys
from pathlib import Path
from builder.templates import TemplateSet
text = TemplateSet(Path(sys.argv[1])).render("note.md.j2", autoescape=False, cache_dir=Path(sys.argv[2]), who="Ana")
print(text.strip(), "jinja2" in sys.modules)
"""


def test_a_rendered_text_is_reused_until_the_template_or_its_values_change(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project / "templates" / "note.md.j2", "Written by {{ who }}.\n")
    cache = tmp_path / "cache"
    templates = TemplateSet(project)
    assert templates.render("note.md.j2", autoescape=False, cache_dir=cache, who="Ana") == "Written by Ana.\n"
    assert templates.render("note.md.j2", autoescape=False, cache_dir=cache, who="Sam") == "Written by Sam.\n"
    write(project / "templates" / "note.md.j2", "By {{ who }}.\n")
    assert templates.render("note.md.j2", autoescape=False, cache_dir=cache, who="Ana") == "By Ana.\n"


def test_a_cached_render_does_not_import_jinja(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project / "templates" / "note.md.j2", "Written by {{ who }}.\n")
    command = [sys.executable, "-c", RENDER, str(project), str(tmp_path / "cache")]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    second = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert first == ["Written", "by", "Ana.", "True"]
    assert second == ["Written", "by", "Ana.", "False"]
