"""Changing the author's files: spans replaced in the text as stored, shown as a diff, written atomically.

Offsets count a line break as one character, as pubkit reads a file; the file
may store it as two (CRLF) and may start with a byte-order mark. Both are kept:
everything outside the replaced spans stays byte for byte. ``fix`` and
``review`` write through here.
"""

from __future__ import annotations

import bisect
import difflib
import re
from pathlib import Path

from .errors import ContentError
from .outputs import write_atomically

BOM = "\ufeff"
_CRLF = re.compile("\r\n")


def read_stored(path: Path, rel: str) -> str:
    """The file as stored (byte-order mark and line endings included)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"cannot read the file: {exc}", file=rel) from None


def normalized(text: str) -> str:
    """The text as pubkit reads it: no byte-order mark, every line break one "\\n"."""
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def replace_spans(stored: str, spans: list[tuple[int, int, str]]) -> str:
    """``stored`` with each (start, end, replacement) made, offsets counted in the normalized text.

    Spans must not overlap; they may come in any order.
    """
    bom = BOM if stored.startswith(BOM) else ""
    body = stored[len(bom) :]
    # in the normalized text, the "\n" of the k-th CRLF sits k characters before its place in ``body``
    newline_at = [match.start() - k for k, match in enumerate(_CRLF.finditer(body))]
    crlf = bool(newline_at)

    def stored_offset(offset: int) -> int:
        return offset + bisect.bisect_right(newline_at, offset - 1) if offset else 0

    pieces = []
    position = 0
    for start, end, replacement in sorted(spans, key=lambda span: (span[0], span[1])):
        begin, finish = stored_offset(start), stored_offset(end)
        pieces += [body[position:begin], replacement.replace("\n", "\r\n") if crlf else replacement]
        position = finish
    pieces.append(body[position:])
    return bom + "".join(pieces)


def unified_diff(rel: str, before: str, after: str) -> str:
    """A ``git diff``-style patch for one file (a/… b/… paths relative to the project)."""
    lines = difflib.unified_diff(_lines(before), _lines(after), f"a/{rel}", f"b/{rel}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_file(path: Path, rel: str, text: str) -> None:
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise ContentError(
            f"cannot write the file: {exc.strerror}", file=rel, hint="check that it is writable"
        ) from None


def _lines(text: str) -> list[str]:
    """Lines split at "\\n" only (str.splitlines would also split at form feeds and other separators)."""
    pieces = text.split("\n")
    return [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
