"""Running pandoc: runtime options where the binary takes them, none where it refuses them; several texts read
by one pandoc as pandoc reads each alone."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from builder import pandoc, processes
from builder.errors import ExternalToolError

STRICT_PANDOC = """#!/bin/sh
# A pandoc built without runtime options: refuses +RTS, otherwise echoes its input.
for arg; do
  if [ "$arg" = "+RTS" ]; then
    echo "pandoc: Most RTS options are disabled. Link with -rtsopts to enable them." >&2
    exit 1
  fi
done
cat
"""


@pytest.fixture
def strict_pandoc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    binary = tmp_path / "pandoc"
    binary.write_text(STRICT_PANDOC)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pandoc, "pandoc_path", lambda: str(binary))
    monkeypatch.setattr(pandoc, "_runtime_options_refused", False)
    return binary


def test_a_pandoc_that_refuses_runtime_options_runs_without_them(strict_pandoc: Path) -> None:
    assert pandoc.run_pandoc(["-t", "json"], b"same", what="testing", runtime=pandoc.SMALL_HEAP) == b"same"
    assert pandoc._runtime_options_refused


def test_other_failures_are_still_reported(strict_pandoc: Path) -> None:
    strict_pandoc.write_text("#!/bin/sh\necho 'pandoc: unknown reader' >&2\nexit 2\n")
    with pytest.raises(ExternalToolError, match="unknown reader"):
        pandoc.run_pandoc(["-f", "nonsense"], b"", what="testing", runtime=pandoc.SMALL_HEAP)


def test_the_shipped_pandoc_takes_the_small_heap_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandoc, "_runtime_options_refused", False)
    out = pandoc.run_pandoc(["-f", "markdown", "-t", "plain"], b"*Hello*", what="testing", runtime=pandoc.SMALL_HEAP)
    assert out.decode().strip() == "Hello"
    assert not pandoc._runtime_options_refused


# Markdown whose JSON depends on the options pandoc's command line gives its reader: a pipe table wider than
# 72 columns gets relative widths, "No." and "p." are abbreviations followed by a no-break space; with tabs,
# a footnote, a fenced box, citations, a grid table, an example list, math and raw HTML besides.
OPTIONS_MATTER = """# A heading {#sec:one}

Grant No. 17 covers travel [@rahim2022, p. 4] and more.[^n]

[^n]: A note with\ta tab.

| A column with a long heading that runs on | Another long heading for the second column | Third |
|---|---|---|
| cell text | more text | x |

::: {.finding question="q"}
A finding.
:::

+-------+-------+
| Grid  | Table |
+=======+=======+
| a     | b     |
+-------+-------+

(@one) An example.

$x^2$ and <span>raw</span>

-\tA list item after a tab
"""


def test_a_batch_reads_each_text_exactly_as_pandoc_alone_does() -> None:
    texts = [OPTIONS_MATTER, *(path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").glob("*.md")))]
    texts.append((FIXTURES / "prose-corpus" / "110-scholarships.md").read_text(encoding="utf-8"))
    batch = pandoc.MarkdownBatch(texts, whats=[f"reading text {n}" for n in range(len(texts))])
    folder = Path(batch._folder.name)
    read = dict(batch.read())
    assert sorted(read) == list(range(len(texts)))
    for number, text in enumerate(texts):
        assert read[number] == pandoc.read_markdown(text, what="reading it alone"), number
    assert not folder.exists()  # the scratch files go with the batch
    assert b'"ColWidth"' in read[0] and "No.\u00a017" in read[0].decode()


def test_a_text_that_takes_too_long_is_reported_and_the_batch_stops_there(tmp_path: Path) -> None:
    batch = pandoc.MarkdownBatch([OPTIONS_MATTER * 200, "*Two*"], whats=["reading one", "reading two"], timeout=0.001)
    read = list(batch.read())
    assert len(read) == 1 and read[0][0] == 0
    assert isinstance(read[0][1], ExternalToolError) and "longer than 0.001 s while reading one" in str(read[0][1])
    assert batch.process is not None and batch.process.poll() is not None  # pandoc was ended
    assert batch.process.pid not in processes._live


def test_texts_read_in_batches_are_shared_so_that_the_pandocs_end_together() -> None:
    texts = {"*long* " * 3000: "reading the long one", "one": "reading one", "two": "reading two", "3": "reading 3"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = pandoc.read_in_batches(texts, pandoc.ParseCache(None), pool, batches=2)
        # the long text has a pandoc of its own, the short ones are read in turn by the other: ready first
        assert list(futures) == ["one", "two", "3", "*long* " * 3000]
        for text, future in futures.items():
            assert future.result(timeout=60) == pandoc.read_markdown(text, what="reading it alone")
