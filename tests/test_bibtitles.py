"""Titles keep the capitals of their names when a style writes titles in sentence case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.bibtitles import Names, protect_bibtex, protect_title
from builder.templates import default_templates_dir
from builder.yamlutil import parse_yaml

SHIPPED = parse_yaml((default_templates_dir() / "proper-names.yml").read_text(encoding="utf-8"), "names", "names")
NAMES = Names.build(SHIPPED["names"], SHIPPED["heads"])


@pytest.mark.parametrize(
    ("title", "protected"),
    [
        # sentence case: the author's capitals are names
        ("Digital skills of teachers in Central Asia", "Digital skills of teachers in {Central} {Asia}"),
        ("Staff development at Serai Polytechnic", "Staff development at {Serai} {Polytechnic}"),
        # title case: only the names pubkit knows
        ("Teacher Attestation Reform in Uzbekistan", "Teacher Attestation Reform in {Uzbekistan}"),
        ("Law of the Republic of Uzbekistan on Education", "Law of the {Republic of Uzbekistan} on Education"),
        (
            "Higher Education in the Lao People’s Democratic Republic",
            "Higher Education in the {Lao People’s Democratic Republic}",
        ),
        ("Skills of Malaysian Teachers in South-East Asia", "Skills of {Malaysian} Teachers in {South-East Asia}"),
        ("Why Uzbekistan? Yes, Really", "Why {Uzbekistan}? {Yes}, Really"),
        # what citeproc keeps as it is, and what the author braced, is left alone
        ("Micro-Credentials in the OECD and eLearning", "Micro-Credentials in the OECD and eLearning"),
        ("The {Central Asia} Review of {\\emph{Practice}}", "The {Central Asia} Review of {\\emph{Practice}}"),
        ("A Guide to \\LaTeX\\ for Teachers", "A Guide to \\LaTeX\\ for Teachers"),
        ("Georgian Chairs", "Georgian Chairs"),  # a name's letters inside another word are not the name
    ],
)
def test_titles_are_braced_where_names_must_keep_their_capitals(title: str, protected: str) -> None:
    assert protect_title(title, NAMES) == protected


def test_only_title_fields_gain_braces_and_the_rest_of_the_file_stays_as_written() -> None:
    text = (
        "% exported by hand\n@string{jn = {Journal of Central Asia}}\n\n"
        "@article{a,\n  author = {Karimova, Dilnoza},\n  Title   =   {Teachers in Central Asia},\n"
        "  journal = jn,\n  note = {Read in Central Asia},\n  year = 2021\n}\n\n"
        '@book{b, title = "Reform in Uzbekistan", publisher = {UNESCO}, year = {2019}}\n'
        "@book{c, title = jn # { and more in Uzbekistan}, year = {2019}}\n"
    )
    protected = protect_bibtex(text, NAMES)
    assert protected == text.replace("{Teachers in Central Asia}", "{Teachers in {Central Asia}}").replace(
        '"Reform in Uzbekistan"', '"Reform in {Uzbekistan}"'
    )


WORDS = st.sampled_from(
    [
        "of",
        "the",
        "Teachers",
        "teachers",
        "in",
        "Central",
        "Asia",
        "Viet",
        "Nam",
        "OECD",
        "eLearning",
        "Reform",
        "Republic",
        "Uzbekistan",
        "{Braced Words}",
        "\\emph{x}",
        "Asia-Pacific",
        "region",
        "?",
        ":",
        "2024",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12))
def test_protecting_only_adds_braces_and_twice_is_once(words: list[str]) -> None:
    title = " ".join(words)
    protected = protect_title(title, NAMES)
    assert protected.replace("{", "").replace("}", "") == title.replace("{", "").replace("}", "")
    assert protect_title(protected, NAMES) == protected
