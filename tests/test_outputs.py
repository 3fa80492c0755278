"""Publishing outputs: written in one step, a link kept a link, and only what pubkit wrote is tidied away."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_pubkit

from builder.outputs import MANIFEST_NAME, StagedOutputs, write_atomically


def test_a_linked_file_is_replaced_where_the_link_points_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "chapters" / "10-intro.md"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "10-intro.md"
    link.symlink_to(os.path.relpath(real, link.parent))
    write_atomically(link, b"new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_a_folder_keeps_files_pubkit_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "permission-requests"

    def publish(*names: str) -> None:
        staged = StagedOutputs(tmp_path)
        staged.owned_folders.add("permission-requests")
        for name in names:
            staged.write_bytes(f"permission-requests/{name}", b"letter")
        staged.publish()

    publish("OECD.docx", "Studio.docx")
    (folder / "notes-from-the-call.txt").write_text("the author's own", encoding="utf-8")
    publish("Studio.docx")  # OECD answered: its letter goes, the author's notes stay
    assert sorted(p.name for p in folder.iterdir() if p.name != MANIFEST_NAME) == [
        "Studio.docx",
        "notes-from-the-call.txt",
    ]
    publish()
    assert sorted(p.name for p in folder.iterdir() if p.name != MANIFEST_NAME) == ["notes-from-the-call.txt"]


def test_fix_write_keeps_a_linked_chapter_a_link(minimal: Path) -> None:
    chapter = minimal / "content" / "20-impacts.md"
    kept = minimal / "drafts" / "impacts.md"
    kept.parent.mkdir()
    kept.write_text(chapter.read_text(encoding="utf-8") + "\nThe college is in Vietnam.\n", encoding="utf-8")
    chapter.unlink()
    chapter.symlink_to(os.path.relpath(kept, chapter.parent))
    result = run_pubkit("fix", "--project", str(minimal), "--write")
    assert result.code == 0, result.stderr
    assert chapter.is_symlink()
    assert "The college is in Viet Nam." in kept.read_text(encoding="utf-8")
