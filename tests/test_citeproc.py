"""References as a reader sees them in the manuscript, in both shipped styles."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import run_pubkit, write

WEB_ENTRIES = """
@misc{council2022,
  author = {{Council of the European Union}},
  title = {Council recommendation on micro-credentials},
  year = {2022},
  url = {https://example.org/council}
}

@misc{nqa2023,
  author = {{National Qualifications Agency}},
  title = {Register of micro-credentials},
  year = {2023},
  url = {https://example.org/register},
  urldate = {2024-05-03}
}
"""


def _references(project: Path) -> list[str]:
    document = docx.Document(str(project / "build" / "manuscript.docx"))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("References")
    return [t for t in texts[start + 1 :] if t.strip()]


@pytest.mark.parametrize("style", ["apa", "unesco-iiep"])
def test_web_sources_print_an_access_date_only_when_one_is_given(minimal: Path, style: str) -> None:
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", f"csl: {style}"))
    write(minimal / "bibliography" / "web.bib", WEB_ENTRIES)
    intro = minimal / "content" / "10-intro.md"
    intro.write_text(intro.read_text() + "\nSee [@council2022; @nqa2023].\n")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    references = _references(minimal)
    council = next(r for r in references if r.startswith("Council of the European Union"))
    register = next(r for r in references if r.startswith("National Qualifications Agency"))
    assert "https://example.org/council" in council and "accessed" not in council.lower()
    assert "https://example.org/register" in register
    if style == "unesco-iiep":  # APA 7 prints access dates only for undated pages
        assert "Last accessed 3 May 2024: https://example.org/register" in register
