"""Build-cache files that know they are whole.

Every file in ``build/.cache`` has a companion ``NAME.sum`` holding its size
and SHA-256, written after the file itself. A file whose companion is missing
or does not match (truncated by a full disk, emptied, edited, left half
written by a crash, or kept by an older pubkit) is made again and written
over, never used: a damaged cache costs time, never a wrong output.

A file whose checksum matches but whose content is not what its name says
(garbage sealed as ``.pdf``, ``.png`` or an Office package) is treated the
same way: its kind is checked on read (``_looks_whole``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

from .outputs import write_atomically

SUFFIX = ".sum"
KEEP_UNUSED = 24 * 3600  # s: a cache file no build has used for this long goes (``prune``)
_used: set[str] = set()  # the cache files this process has read or written: kept by ``prune``


def code_version(files: list[Path]) -> str:
    """Changes whenever one of these source files of pubkit does: part of the key of what they make."""
    return hashlib.sha256(b"".join(file.read_bytes() for file in files)).hexdigest()[:12]


def _use(path: Path) -> None:
    _used.add(os.path.abspath(path))


def _sum(data: bytes) -> bytes:
    return f"{len(data)} {hashlib.sha256(data).hexdigest()}".encode("ascii")


def companion(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def store(path: Path, data: bytes) -> bool:
    """Keep ``data`` as the cache file ``path``; False if it could not be written (a full disk or a read-only
    folder costs the next build some time, never this build)."""
    try:
        write_atomically(path, data)
        write_atomically(companion(path), _sum(data))
    except OSError:
        drop(path)
        return False
    _use(path)
    return True


def seal(path: Path) -> bool:
    """Record a cache file another program wrote in place (pandoc, Pillow, LibreOffice) as whole."""
    try:
        write_atomically(companion(path), _sum(path.read_bytes()))
    except OSError:
        drop(path)
        return False
    _use(path)
    return True


def load(path: Path, *, deep: bool = False) -> bytes | None:
    """The cache file's bytes when it is whole; None when it is missing or damaged (the caller makes it
    again, and storing it writes over the damaged one). With ``deep``, an Office package's every part must
    be well-formed XML and a PDF must open (for the small files a garbled part would crash: the reference
    documents, the slide master, the rendered PDFs)."""
    try:
        data = path.read_bytes()
        expected = companion(path).read_bytes()
    except OSError:
        return None
    if expected.strip() != _sum(data) or not _looks_whole(path, data) or (deep and not _reads_whole(path, data)):
        return None
    _use(path)
    with contextlib.suppress(OSError):  # used again: ``prune`` keeps it another day
        if path.stat().st_mtime < time.time() - 3600:
            os.utime(path)
    return data


def _looks_whole(path: Path, data: bytes) -> bool:
    """Whether the bytes are what the file's name says: a PDF from its header to its end marker, a PNG
    with its signature, an Office package a zip with its parts listed (and, for a
    deck or a Word file, its main part). Other kinds are checked by whoever reads them."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]
    if suffix == ".png":
        return data.startswith(b"\x89PNG")
    if suffix in (".docx", ".pptx", ".xlsx"):
        import io
        import zipfile

        main = {".docx": "word/document.xml", ".pptx": "ppt/presentation.xml", ".xlsx": "xl/workbook.xml"}[suffix]
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return False
        return "[Content_Types].xml" in names and main in names
    return True


def whole(path: Path, *, deep: bool = False) -> bool:
    """Whether the cache file at ``path`` is there and whole."""
    return load(path, deep=deep) is not None


def prune(cache_dir: Path, *, unused_for: float = KEEP_UNUSED) -> int:
    """Remove the cache files this build did not use and none has used for ``unused_for`` seconds (a cache
    grows by every edit otherwise); returns how many went. Only files pubkit sealed (with a ``.sum``) go."""
    marker = cache_dir / ".pruned"
    with contextlib.suppress(OSError):  # once an hour is enough: walking the cache costs a build time
        if marker.stat().st_mtime > time.time() - 3600:
            return 0
    with contextlib.suppress(OSError):
        marker.touch()
    cutoff = time.time() - unused_for
    removed = 0
    for folder, _dirs, files in os.walk(cache_dir):
        for name in files:
            if not name.endswith(SUFFIX):
                continue
            kept = Path(folder) / name[: -len(SUFFIX)]
            if os.path.abspath(kept) in _used:
                continue
            try:
                if kept.stat().st_mtime >= cutoff:
                    continue
            except FileNotFoundError:
                pass  # a companion without its file: it goes too
            except OSError:
                continue
            drop(kept)
            removed += 1
    return removed


def drop(path: Path) -> None:
    """Delete a cache file and its companion."""
    for stale in (path, companion(path)):
        with contextlib.suppress(OSError):
            stale.unlink()


def _reads_whole(path: Path, data: bytes) -> bool:
    """Whether an Office package's XML parts are all well-formed, or a PDF opens and lists its pages."""
    import io

    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            from pypdf import PdfReader

            return len(PdfReader(io.BytesIO(data)).pages) > 0
        if suffix in (".docx", ".pptx", ".xlsx"):
            import zipfile

            from lxml import etree

            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                for name in package.namelist():
                    if name.endswith((".xml", ".rels")):
                        etree.fromstring(package.read(name), parser)
    except Exception:  # whatever a damaged file makes the reader raise: it is made again
        return False
    return True
