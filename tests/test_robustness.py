"""Whatever an author writes, pubkit answers with its own error type or builds: never another exception.

Property tests feed random front matter, figure attributes and chapter bodies
(random Unicode, CRLF, BOM, tabs) through the loader and the transforms.
PUBKIT_FUZZ_EXAMPLES=500 runs more examples than the default 40.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_pubkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.assemble import assemble
from builder.errors import PubkitError
from builder.outputs import LOCK_NAME
from builder.project import load_project

FUZZ = settings(
    max_examples=int(os.environ.get("PUBKIT_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

yaml_values = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=10), max_size=3),
    st.sampled_from(["chapter", "annex", "foreword", "brief", "[unclosed", "{a: b}", "'quoted'", "- item", "\t"]),
)
keys = st.sampled_from(
    [
        "title",
        "role",
        "order",
        "authors",
        "country",
        "subregion",
        "maturity",
        "colour",
        "participants",
        "date",
        "nqf-integration",
    ]
)


def _front_matter(pairs: dict[str, object]) -> str:
    lines = []
    for key, value in pairs.items():
        rendered = value if isinstance(value, str) else repr(value).replace("None", "null")
        lines.append(f"{key}: {rendered}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _fresh(scratch: Path) -> Path:
    target = scratch / "project"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@FUZZ
@given(pairs=st.dictionaries(keys, yaml_values, max_size=5), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_random_front_matter_is_accepted_or_refused_clearly(
    scratch: Path, pairs: dict, newline: str, bom: bool
) -> None:
    project = _fresh(scratch)
    text = "---\n" + _front_matter(pairs) + "\n---\n\nSome text.\n"
    data = text.replace("\n", newline).encode("utf-8")
    (project / "content" / "30-fuzz.md").write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    try:
        load_project(project)
    except PubkitError as error:
        assert error.render().startswith(("content/30-fuzz.md", "content/")), error.render()


attribute_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=20)


@FUZZ
@given(
    source=attribute_text,
    holder=attribute_text,
    permission=attribute_text,
    kind=attribute_text,
    chart=st.sampled_from(["bar", "line", "pie", "donut", ""]),
    label=st.from_regex(r"fig:[a-z0-9-]{1,8}", fullmatch=True),
)
def test_random_figure_attributes_build_or_fail_clearly(
    scratch: Path, source: str, holder: str, permission: str, kind: str, chart: str, label: str
) -> None:
    project = _fresh(scratch)

    def quoted(value: str) -> str:
        return '"' + value.replace('"', "'").replace("\\", "/").replace("\n", " ") + '"'

    attributes = (
        f"#{label} source={quoted(source)} rights-holder={quoted(holder)} permission={quoted(permission)} "
        f"kind={quoted(kind)} chart={quoted(chart)}"
    )
    chapter = project / "content" / "30-fuzz.md"
    chapter.write_text(
        f"---\ntitle: Fuzz\n---\n\n![A chart](assets/data/uptake.csv){{{attributes}}}\n\nSee @{label}.\n"
    )
    try:
        document = assemble(load_project(project), scratch / "cache")
    except PubkitError as error:
        assert error.problems[0].file in ("content/30-fuzz.md", "assets/data/uptake.csv"), error.render()
        return
    assert any(item.label == label for item in document.items) or any(
        item.chapter.rel == "content/30-fuzz.md" for item in document.items
    )


@FUZZ
@given(body=st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300))
def test_random_chapter_bodies_never_crash_the_transforms(scratch: Path, body: str) -> None:
    project = _fresh(scratch)
    (project / "content" / "30-fuzz.md").write_text("---\ntitle: Fuzz\n---\n\n" + body, encoding="utf-8")
    try:
        assemble(load_project(project), scratch / "cache")
    except PubkitError:
        pass


def test_a_second_build_at_the_same_time_is_refused(minimal: Path) -> None:
    out = minimal / "build"
    out.mkdir()
    with open(out / LOCK_NAME, "a+") as handle:
        fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q")
    assert result.code == 1
    assert "another pubkit build is writing to this output folder" in result.stderr
    assert not (out / "manuscript.docx").exists()
    assert run_pubkit("build", "--project", str(minimal), "--only", "docx", "-q").code == 0


def test_builds_one_after_another_in_one_process_are_never_locked_out(minimal: Path) -> None:
    """What watch does: a build's helper process (the check) does not hold its lock."""
    from builder.build import build

    for _ in range(3):
        shutil.rmtree(minimal / "build" / ".cache" / "charts", ignore_errors=True)  # charts drawn alongside again
        result = build(minimal, only={"docx"})
        assert any(path.name == "manuscript.docx" for path in result.outputs)
