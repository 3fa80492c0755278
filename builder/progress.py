"""One line per stage on stderr while building; silent with -q."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def stage(self, text: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"pubkit [{elapsed:5.1f}s] {text}\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        """A notice the user should see even in a quiet build (e.g. PDFs skipped)."""
        self.stream.write(f"pubkit: {text}\n")
        self.stream.flush()
