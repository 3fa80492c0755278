"""Findings: what ``pubkit check`` reports, as text like a compiler or as JSON (SPEC §5)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from typing import TextIO

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    file: str  # relative to the project
    line: int | None
    column: int | None
    text: str  # the offending text, as written
    suggestion: str | None
    message: str

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.rule)

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


def summarize(findings: list[Finding]) -> dict[str, int]:
    return {
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
    }


def to_json(findings: list[Finding]) -> str:
    return (
        json.dumps(
            {"findings": [asdict(f) for f in findings], "summary": summarize(findings)}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


def _colour_enabled(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org) or TERM=dumb."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def write_text(findings: list[Finding], stream: TextIO = sys.stdout) -> None:
    """Like a compiler: a heading line per file, then ``file:line:col: severity: message [rule]``, then the summary."""
    colour = _colour_enabled(stream)

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    current = None
    for finding in findings:
        if finding.file != current:
            if current is not None:
                stream.write("\n")
            stream.write(paint(finding.file, "1") + "\n")
            current = finding.file
        severity = paint(finding.severity, "31;1" if finding.severity == "error" else "33;1")
        stream.write(f"{finding.location()}: {severity}: {finding.message} {paint('[' + finding.rule + ']', '2')}\n")
    if findings:
        stream.write("\n")
    stream.write(summary_line(findings) + "\n")


def summary_line(findings: list[Finding]) -> str:
    counts = summarize(findings)
    errors, warnings = counts["errors"], counts["warnings"]
    if not errors and not warnings:
        return "check: no problems found"
    return f"check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
