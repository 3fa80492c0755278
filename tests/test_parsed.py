"""Reading chapters in the background: pandoc reads the unread ones in batches, one per core, and a chapter a
batch could not read is read alone, which says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builder import pandoc, parsed
from builder.errors import ExternalToolError
from builder.project import Chapter

TEXTS = {
    "content/10-a.md": "# One\n\nShort.[^a]\n\n[^a]: A note.\n",
    "content/20-b.md": "# Two\n\n" + "A longer paragraph of words. " * 400 + "\n",
    "content/30-c.md": "# Three\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: A table {#tbl:t}\n",
    "content/40-d.md": "# Four\n\n::: {.finding}\nA finding.\n:::\n",
    "content/50-e.md": "# Five\n\n![A figure](assets/a.png){#fig:f}\n",
}


def chapters(root: Path) -> list[Chapter]:
    made = []
    for rel, body in TEXTS.items():
        text = f"---\ntitle: {rel}\n---\n{body}"
        made.append(Chapter(path=root / rel, rel=rel, meta={"title": rel}, text=text, body=body, body_line=4))
    return made


def read_all(chapters: list[Chapter], cache: pandoc.ParseCache, **options: Any) -> dict[str, object]:
    reading = parsed.Reading(chapters, cache, locate=False, **options)
    try:
        found: dict[str, object] = {}
        for rel, future in reading.futures.items():
            try:
                found[rel] = future.result(timeout=60)
            except ExternalToolError as error:
                found[rel] = error
        return found
    finally:
        reading.shutdown()


def alone(chapter: Chapter) -> dict[str, object]:
    return pandoc.parse_markdown(chapter.body, what="reading it alone")


def test_chapters_read_in_batches_are_read_as_alone_and_kept(tmp_path: Path) -> None:
    read = chapters(tmp_path)
    cache = parsed.cache_for(tmp_path / "cache")
    found = read_all(read, cache)
    for chapter in read:
        assert found[chapter.rel] == alone(chapter)
        assert cache.get_json(chapter.body) is not None


def test_a_batch_that_ends_early_leaves_its_other_chapters_to_be_read_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = tmp_path / "early.lua"  # reads its first text, then stops as a crashing pandoc would
    early.write_text(
        'local f = io.open(arg[2] .. ".json", "wb")\n'
        'f:write(pandoc.write(pandoc.read(io.open(arg[2], "rb"):read("a"), "markdown"), "json"), "\\n")\n'
        'f:close()\nio.stdout:write("0\\n")\nio.stdout:flush()\nos.exit(3)\n'
    )
    monkeypatch.setattr(pandoc, "READ_SCRIPT", early)
    read = chapters(tmp_path)
    found = read_all(read, parsed.cache_for(None))
    assert {c.rel: found[c.rel] == alone(c) for c in read} == dict.fromkeys(TEXTS, True)


def test_a_chapter_a_batch_takes_too_long_over_is_reported_and_the_rest_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck = tmp_path / "stuck.lua"  # a pandoc that never finishes its first text
    stuck.write_text("while true do end\n")
    monkeypatch.setattr(pandoc, "READ_SCRIPT", stuck)
    read = chapters(tmp_path)
    found = read_all(read, parsed.cache_for(None), timeout=1.0)
    stuck_on = [c.rel for c in read if isinstance(found[c.rel], ExternalToolError)]
    assert 1 <= len(stuck_on) <= 2  # the first chapter of each batch of several; a chapter alone is read as ever
    for chapter in read:
        if chapter.rel in stuck_on:
            assert f"longer than 1 s while reading {chapter.rel}" in str(found[chapter.rel])
        else:
            assert found[chapter.rel] == alone(chapter)
