"""Cache files: written in one step, and a cache that cannot be written never stops a build."""

from __future__ import annotations

from pathlib import Path

from builder.outputs import keep_in_cache


def test_a_cache_file_is_written_whole(tmp_path: Path) -> None:
    assert keep_in_cache(tmp_path / "cache" / "ast" / "key.json", b"{}")
    assert (tmp_path / "cache" / "ast" / "key.json").read_bytes() == b"{}"
    assert [p.name for p in (tmp_path / "cache" / "ast").iterdir()] == ["key.json"]


def test_a_cache_that_cannot_be_written_is_only_skipped(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    assert not keep_in_cache(tmp_path / "cache" / "key.json", b"{}")
