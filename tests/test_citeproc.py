"""References as a reader sees them in the manuscript, in both shipped styles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import needs_soffice, run_pubkit, write
from pptx import Presentation

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


SAME_AUTHOR_SAME_YEAR = """
@book{beta2020, author = {Smith, John}, title = {Beta book}, year = {2020}, publisher = {P}}
@book{alpha2020, author = {Smith, John}, title = {Alpha book}, year = {2020}, publisher = {P}}
@book{other2021, author = {Smith, Jane}, title = {Other}, year = {2021}, publisher = {P}}
"""
REPEATS = [
    "First [@beta2020].",
    "Second [@alpha2020, p. 4].",
    "Third [@beta2020].",
    "Fourth @other2021 and [@alpha2020, p. 4].",
    "Fifth [@alpha2020].",
    "Sixth [see @beta2020; @alpha2020].",
    "Seventh [@beta2020].",
]


def _citing_only(project: Path, bib_text: str, paragraphs: list[str]) -> Path:
    """The minimal project with ``bib_text`` as its only bibliography and ``paragraphs`` added to its
    introduction in place of the fixture's own citations; returns the .bib file."""
    for old in (project / "bibliography").glob("*.bib"):
        old.unlink()
    bib = write(project / "bibliography" / "refs.bib", bib_text)
    intro = project / "content" / "10-intro.md"
    text = intro.read_text()
    for key in ("unesco2022", "oecd2021"):
        text = text.replace(f"; @{key}", "").replace(f" [@{key}]", "").replace(f" the work of @{key}", " others")
    intro.write_text(text + "\n" + "\n\n".join(paragraphs) + "\n")
    return bib


@pytest.mark.parametrize("style", ["apa", "unesco-iiep"])
def test_repeated_citations_read_as_pandoc_itself_formats_them(minimal: Path, style: str) -> None:
    """Repeats are sent to citeproc once; what the reader sees must not change, year suffixes included."""
    from builder.citeproc import _PLACE_DEPENDENT
    from builder.pandoc import pandoc_path

    csl = Path(__file__).parents[1] / "templates" / "csl" / f"{style}.csl"
    assert not _PLACE_DEPENDENT.search(csl.read_bytes())  # so this build formats each repeat once
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", f"csl: {style}"))
    bib = _citing_only(minimal, SAME_AUTHOR_SAME_YEAR, REPEATS)
    assert run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q").code == 0

    expected = subprocess.run(
        [pandoc_path(), "-t", "plain", "--wrap=none", "--citeproc", f"--csl={csl}", f"--bibliography={bib}"],
        input="\n\n".join(REPEATS) + "\n\n::: {#refs}\n:::\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n\n")
    paragraphs = [p.text for p in docx.Document(str(minimal / "build" / "manuscript.docx")).paragraphs]
    for line in expected[: len(REPEATS)]:
        assert line.strip() in paragraphs
    assert any("2020a" in line for line in expected) and any("2020b" in line for line in expected)
    references = _references(minimal)
    for entry in expected[len(REPEATS) :]:
        if entry.strip():
            assert " ".join(entry.split()) in references


def test_a_repeated_citation_is_sent_once_where_the_style_allows() -> None:
    from builder.citeproc import _citation_groups

    def cite(key: str, note: int, suffix: str = "") -> dict:
        citation = {
            "citationId": key,
            "citationPrefix": [],
            "citationSuffix": [{"t": "Str", "c": suffix}] if suffix else [],
            "citationMode": {"t": "NormalCitation"},
            "citationNoteNum": note,
            "citationHash": note,
        }
        return {"t": "Cite", "c": [[citation], []]}

    cites = [cite("a", 1), cite("b", 2), cite("a", 3), cite("a", 4, "p. 4"), cite("b", 5), cite("a", 6)]
    places = ["text"] * 5 + ["note"]  # the last stands in a footnote
    groups, group_of = _citation_groups(cites, places, repeats_alike=True)
    # first places kept; the locator makes a third, the footnote a fourth
    assert [(g.citations[0]["citationId"], g.place) for g in groups] == [
        ("a", "text"),
        ("b", "text"),
        ("a", "text"),
        ("a", "note"),
    ]
    assert group_of == [0, 1, 0, 2, 1, 3]
    groups, group_of = _citation_groups(cites, places, repeats_alike=False)  # "ibid." styles see every citation
    assert len(groups) == 6 and group_of == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "style_text",
    [
        b'<if position="subsequent">',
        b'<text variable="citation-number"/>',
        b'<citation et-al-subsequent-min="3">',
        b'<if position="ibid-with-locator">',
    ],
)
def test_styles_that_print_a_citation_by_its_place_are_recognised(style_text: bytes) -> None:
    from builder.citeproc import _PLACE_DEPENDENT

    assert _PLACE_DEPENDENT.search(b"<style><citation>" + style_text + b"</citation></style>")


IBID_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Ibid test</title><id>ibid-test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout prefix="(" suffix=")" delimiter="; ">
      <choose>
        <if position="ibid"><text value="ibid."/></if>
        <else><names variable="author"><name form="short"/></names><text prefix=" " variable="title"/></else>
      </choose>
    </layout>
  </citation>
  <bibliography><layout><names variable="author"/><text prefix=". " variable="title"/></layout></bibliography>
</style>
"""


def test_a_style_that_prints_ibid_gets_every_citation(minimal: Path) -> None:
    """Repeats are only merged where the style cannot tell them apart: "ibid." must survive."""
    write(minimal / "templates" / "ibid.csl", IBID_STYLE)
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", "csl: templates/ibid.csl"))
    written = ["Once [@beta2020].", "Again [@beta2020].", "Other [@alpha2020].", "Back [@beta2020]."]
    _citing_only(minimal, SAME_AUTHOR_SAME_YEAR, written)
    assert run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q").code == 0
    paragraphs = [p.text for p in docx.Document(str(minimal / "build" / "manuscript.docx")).paragraphs]
    assert "Once (Smith Beta book)." in paragraphs
    assert "Again (ibid.)." in paragraphs
    assert "Other (Smith Alpha book)." in paragraphs
    assert "Back (Smith Beta book)." in paragraphs


NAMED_TITLES = """
@article{karimova2021,
  author = {Karimova, Dilnoza},
  title = {Digital skills of teachers in Central Asia: Why Serai Polytechnic leads},
  journal = {Journal of Education},
  year = {2021}
}
@report{uzlaw2020,
  author = {{Oliy Majlis}},
  title = "Law of the Republic of Uzbekistan on Education",
  year = {2020},
  institution = {Government of Uzbekistan}
}
@book{smith2019,
  author = {Smith, John},
  title = {Teacher Attestation Reform in Uzbekistan and at Serai Polytechnic},
  publisher = {UNESCO},
  year = {2019}
}
@book{braced2018,
  author = {Smith, John},
  title = {{Teacher Attestation} in the {OECD}},
  publisher = {UNESCO},
  year = {2018}
}
@report{martin2022,
  author = {Martin, Michaela},
  title = {Quality assurance of micro-credentials},
  institution = {UNESCO International Institute for Educational Planning},
  type = {IIEP Policy Brief},
  number = {39},
  address = {Paris},
  year = {2022}
}
"""


def test_titles_keep_the_capitals_of_names_in_a_sentence_case_style(minimal: Path) -> None:
    bib = write(minimal / "bibliography" / "named.bib", NAMED_TITLES)
    write(minimal / "templates" / "proper-names.yml", "names: [Serai Polytechnic]\n")  # the project's own name
    intro = minimal / "content" / "10-intro.md"
    intro.write_text(intro.read_text() + "\nSee [@karimova2021; @uzlaw2020; @smith2019; @braced2018].\n")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    references = "\n".join(_references(minimal))
    assert "Digital skills of teachers in Central Asia: Why Serai Polytechnic leads." in references  # as written
    assert "Law of the Republic of Uzbekistan on education." in references  # title case: the names kept
    assert "Teacher attestation reform in Uzbekistan and at Serai Polytechnic." in references
    assert "Teacher Attestation in the OECD." in references  # the author's own braces, as before
    assert bib.read_text(encoding="utf-8") == NAMED_TITLES  # the author's file is not touched


def test_a_report_series_prints_once_with_its_number_in_unesco_iiep(minimal: Path) -> None:
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", "csl: unesco-iiep"))
    write(minimal / "bibliography" / "named.bib", NAMED_TITLES)
    intro = minimal / "content" / "10-intro.md"
    intro.write_text(intro.read_text() + "\nSee [@martin2022].\n")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    report = next(r for r in _references(minimal) if r.startswith("Martin"))
    assert report.count("IIEP Policy Brief") == 1 and "IIEP Policy Brief No. 39" in report, report


FIXTURE_CSL = Path(__file__).parent / "fixtures" / "csl"


def _footnotes(docx_path: Path) -> dict[str, str]:
    """Each footnote's text by its id, and (under "nested") any footnote reference inside a footnote."""
    import re
    import zipfile

    xml = zipfile.ZipFile(docx_path).read("word/footnotes.xml").decode("utf-8")
    notes = {}
    for number, body in re.findall(r'<w:footnote [^>]*w:id="(\d+)"[^>]*>(.*?)</w:footnote>', xml, re.DOTALL):
        notes[number] = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body)).strip()
        if "<w:footnoteReference" in body:
            notes["nested"] = number
    return notes


def test_a_note_style_makes_citations_footnotes_and_formats_those_in_footnotes_in_their_text(minimal: Path) -> None:
    shutil.copy(FIXTURE_CSL / "test-notes.csl", minimal / "notes.csl")
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", "csl: notes.csl"))
    intro = minimal / "content" / "10-intro.md"
    text = intro.read_text().replace("[^n1]: A footnote about the college.", "[^n1]: As argued in [@oecd2021, 4].")
    text = text.replace("Staff want online course design skills most.", "Staff want course design most [@unesco2022].")
    intro.write_text(text)
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx,pptx", "-q")
    assert result.code == 0, result.stderr
    notes = _footnotes(minimal / "build" / "manuscript.docx")
    assert "nested" not in notes  # a footnote inside a footnote: Word and LibreOffice cannot open the file
    texts = list(notes.values())
    assert "UNESCO, Towards a common definition of micro-credentials, (UNESCO 2022)." in texts
    assert "As argued in (OECD, Micro-credential innovations in higher education, 4)." in texts  # cited before
    body = docx.Document(str(minimal / "build" / "manuscript.docx"))
    paragraph = next(p for p in body.paragraphs if p.text.startswith("The college is in Thailand."))
    assert "courses." in paragraph.text and " ." not in paragraph.text  # the mark follows the full stop
    deck = Presentation(str(minimal / "build" / "slides.pptx"))
    shown = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert "Staff want course design most (UNESCO, Towards a common definition of micro-credentials" in shown
    assert " ." not in shown


@needs_soffice
def test_a_manuscript_in_a_note_style_renders(minimal: Path) -> None:
    shutil.copy(FIXTURE_CSL / "test-notes.csl", minimal / "notes.csl")
    config = minimal / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", "csl: notes.csl"))
    intro = minimal / "content" / "10-intro.md"
    intro.write_text(intro.read_text().replace("A footnote about the college.", "As argued in [@oecd2021]."))
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx,pdf", "-q")
    assert result.code == 0, result.stderr
    assert (minimal / "build" / "manuscript.pdf").stat().st_size > 10_000


def _with_style(project: Path, written: str) -> None:
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("csl: apa", f"csl: {written}"))


def test_a_dependent_style_takes_its_rules_from_its_parent_without_the_network(minimal: Path) -> None:
    shutil.copy(FIXTURE_CSL / "test-dependent-apa.csl", minimal / "journal.csl")
    _with_style(minimal, "journal.csl")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 0, result.stderr
    assert any(r.startswith("UNESCO. (2022). Towards a common definition") for r in _references(minimal))  # APA


@pytest.mark.parametrize(
    ("style_file", "text", "expected"),
    [
        ("test-dependent-unknown.csl", None, "takes its rules from the style 'a-style-nobody-has'"),
        (None, "<!DOCTYPE html><html><body>GitHub page</body></html>", "is a web page saved as .csl"),
        (None, "not xml at all", "is not written in the Citation Style Language"),
    ],
)
def test_a_style_pubkit_cannot_use_is_one_clear_message(
    minimal: Path, style_file: str | None, text: str | None, expected: str
) -> None:
    target = minimal / "styles" / "style.csl"
    target.parent.mkdir()
    if style_file:
        shutil.copy(FIXTURE_CSL / style_file, target)
    else:
        target.write_text(text or "", encoding="utf-8")
    _with_style(minimal, "styles/style.csl")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx")
    assert result.code in (1, 2) and "Traceback" not in result.stderr
    assert "content/publication.yaml:" in result.stderr and expected in result.stderr, result.stderr
    assert "fetch" not in result.stderr.lower() and "HttpException" not in result.stderr  # pandoc never tried


def test_an_absolute_style_path_gets_a_hint_about_styles(minimal: Path) -> None:
    _with_style(minimal, "/usr/share/styles/apa.csl")
    result = run_pubkit("build", "--project", str(minimal), "--only", "docx")
    assert result.code in (1, 2) and "is absolute" in result.stderr
    assert "styles/my-style.csl" in result.stderr and "figure.png" not in result.stderr
