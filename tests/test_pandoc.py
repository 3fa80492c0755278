"""Running pandoc: runtime options where the binary takes them, none where it refuses them."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from builder import pandoc
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
