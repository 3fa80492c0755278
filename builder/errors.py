"""Every error a user can cause, as one exception tree.

``PubkitError`` carries the file, the line (1-based, optional), what is wrong and
what to do. The CLI catches it once, prints ``file:line: error: message`` and a
hint, and exits with the error's ``exit_code``. Anything else escaping is a bug.

    PubkitError                 exit 1: the build or check could not finish
    ├── ProjectError            exit 2: the project cannot be read at all
    │   └── ConfigError         exit 2: publication.yaml or front matter break the schema
    ├── ContentError            exit 1: a chapter, asset or bibliography is wrong
    ├── ExternalToolError       exit 1: pandoc or LibreOffice failed (stderr attached)
    └── BusyError               exit 1: another build holds the lock on the out directory
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located problem; a ConfigError may carry several."""

    file: str
    line: int | None
    message: str
    hint: str = ""

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class PubkitError(Exception):
    """Base of every error a user can cause; rendered by the CLI, never as a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None, hint: str = ""):
        super().__init__(message)
        self.problems = [Problem(str(file) if file is not None else "pubkit", line, message, hint)]

    @classmethod
    def many(cls, problems: list[Problem]) -> PubkitError:
        err = cls(problems[0].message, file=problems[0].file, line=problems[0].line, hint=problems[0].hint)
        err.problems = list(problems)
        return err

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)

    def __reduce__(self) -> tuple:
        """Pickled with every problem (the check runs in a child process and sends its errors back)."""
        return (_rebuilt, (type(self), self.problems))


def _rebuilt(kind: type[PubkitError], problems: list[Problem]) -> PubkitError:
    return kind.many(problems)


class ProjectError(PubkitError):
    """The project as a whole cannot be read (no publication.yaml, unreadable YAML...)."""

    exit_code = 2


class ConfigError(ProjectError):
    """publication.yaml or a chapter's front matter does not match the declared schema."""


class ContentError(PubkitError):
    """A chapter, asset, bibliography or template is wrong in a way the author can fix."""


class ExternalToolError(PubkitError):
    """pandoc or LibreOffice failed or timed out; the message carries their stderr."""


class BusyError(PubkitError):
    """Another pubkit process is building into the same out directory."""
