"""PDFs through LibreOffice headless, and what a rendered PDF tells us (pages, where headings fall).

LibreOffice runs with a private profile folder under the build cache (never the
user's own profile) and a time limit. Without ``soffice`` on the machine the
build skips PDFs and says so in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import cachefile, processes
from .errors import ExternalToolError

CONVERT_TIMEOUT = 180


def find_soffice() -> str | None:
    """The LibreOffice binary; ``PUBKIT_SOFFICE`` overrides the search (empty or missing path: none)."""
    override = os.environ.get("PUBKIT_SOFFICE")
    if override is not None:
        return override if override and Path(override).is_file() and os.access(override, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


RENDER_CACHE_LIMIT = 40  # rendered PDFs kept in the build cache
SPARE_EXIT_WAIT = 3  # seconds a spare office may take to end once its conversion is done


class Office:
    """Converts documents to PDF with one private LibreOffice profile per build cache.

    Every PDF is kept in the build cache under a hash of what the document shows
    (every part of the package but its properties, which carry the time it was
    written): a rebuild that leaves the brief as it was measures its pages
    without starting LibreOffice, which takes a second or more.

    Starting LibreOffice is most of a conversion's cost (measured: 1.2–1.4 s
    for a brief, 0.2 s once an office is running). So a build that will convert
    starts a *spare* office on the profile at once, while pandoc parses; the
    conversion is then handed to it (``soffice --convert-to`` passes its work to
    an office already running on the same profile), and the spare ends when
    that conversion is done. With ``keep_warm`` a new spare starts after each
    conversion, for builds that convert several documents in turn.
    """

    def __init__(self, binary: str, cache_dir: Path, *, keep_warm: bool = False):
        self.binary = binary
        self.profile = cache_dir / "libreoffice-profile"
        self.rendered = cache_dir / "pdf"
        self.keep_warm = keep_warm
        self.lock = threading.Lock()  # one conversion at a time may use the profile
        self.spare: subprocess.Popen[bytes] | None = None
        self.spare_home: tempfile.TemporaryDirectory[str] | None = None

    def has_rendered_before(self) -> bool:
        return self.rendered.is_dir() and any(self.rendered.glob("*.pdf"))

    def start_spare(self) -> None:
        """Start an idle office on the profile, unless one is running; a failure to start is left to the
        conversion to report."""
        with self.lock:
            self._start_spare()

    def to_pdf(self, source: Path, target: Path) -> None:
        """Render ``source`` (.docx/.pptx) to ``target`` (.pdf)."""
        cached = self.rendered / f"{content_key(source)}.pdf"
        kept = cachefile.load(cached, deep=True)
        if kept is not None:
            target.write_bytes(kept)
            os.utime(cached)  # recently used: kept when the cache is trimmed
            return
        with self.lock:
            handed_over = self._spare_running()
            try:
                self._convert(source, target)
            except ExternalToolError:
                if not handed_over:
                    raise
                self._stop_spare(idle=True)  # the spare went wrong: convert once more with an office of its own
                self._convert(source, target)
            self._stop_spare()  # it ends after the conversion handed to it; make sure it has
            if self.keep_warm:
                self._start_spare()
        self._keep(target, cached)

    def close(self) -> None:
        """Stop a spare office no conversion used."""
        with self.lock:
            self._stop_spare(idle=True)

    def _spare_running(self) -> bool:
        return self.spare is not None and self.spare.poll() is None

    def _start_spare(self) -> None:
        if self._spare_running():
            return
        self._stop_spare()  # one that ended by itself: wait for it and remove its folder
        self.profile.mkdir(parents=True, exist_ok=True)
        self.spare_home = processes.scratch_folder("office")
        try:
            self.spare = processes.start(  # its own process group: stopped as a whole (soffice starts soffice.bin)
                [*self._office_command(), "--nologo", "--nodefault"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "HOME": self.spare_home.name},
            )
        except OSError:
            self._stop_spare()  # it could not start: the conversion will say why

    def _stop_spare(self, *, idle: bool = False) -> None:
        """Wait for the spare to end after the conversion handed to it (``idle``: it has none, stop it now)."""
        spare, self.spare = self.spare, None
        if spare is not None:
            if idle:
                _signal_group(spare, signal.SIGTERM)
            try:
                spare.wait(timeout=SPARE_EXIT_WAIT)
            except subprocess.TimeoutExpired:
                pass
            processes.end(spare)  # whatever of its group is still running
        if self.spare_home is not None:
            self.spare_home.cleanup()
            self.spare_home = None

    def _office_command(self) -> list[str]:
        return [
            self.binary,
            f"-env:UserInstallation={self.profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
        ]

    def _keep(self, pdf: Path, cached: Path) -> None:
        if not cachefile.store(cached, pdf.read_bytes()):
            return
        try:
            kept = sorted(self.rendered.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[RENDER_CACHE_LIMIT:]:
                cachefile.drop(old)
        except OSError:
            pass  # another build trimmed it first

    def _convert(self, source: Path, target: Path) -> None:
        self.profile.mkdir(parents=True, exist_ok=True)
        with processes.scratch_folder("render") as scratch:
            work = Path(scratch)
            staged = work / f"document{source.suffix}"
            shutil.copyfile(source, staged)
            export = export_filter(source)
            command = [*self._office_command(), "--convert-to", export, "--outdir", str(work), str(staged)]
            try:
                done = processes.run(command, timeout=CONVERT_TIMEOUT, env={**os.environ, "HOME": str(work)})
            except subprocess.TimeoutExpired:  # the office it started was ended with it
                raise ExternalToolError(
                    f"LibreOffice took longer than {CONVERT_TIMEOUT} s to render {output_name(source)} as PDF",
                    hint="build without PDFs (--only docx,pptx,brief,permissions) and report it",
                ) from None
            except OSError as exc:
                raise ExternalToolError(
                    f"LibreOffice could not be started: {exc.strerror}",
                    hint="reinstall LibreOffice or build with --only docx,pptx,brief,permissions",
                ) from None
            produced = work / "document.pdf"
            if done.returncode != 0 or not produced.is_file():
                stderr = (done.stderr or done.stdout).decode("utf-8", "replace").strip() or "no output"
                raise ExternalToolError(
                    f"LibreOffice failed to render {output_name(source)} as PDF:\n    "
                    + stderr.replace("\n", "\n    "),
                    hint="open the .docx in Word or LibreOffice to see whether it is damaged",
                )
            shutil.move(str(produced), target)


_STAGED = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]+\.tmp(?:\.\w+)?$")  # StagedOutputs' temporary files


def output_name(path: Path) -> str:
    """The output a file stands for: ``manuscript.docx`` for the build's ``.manuscript.docx.k2j3.tmp.docx``."""
    staged = _STAGED.match(path.name)
    return staged.group("name") if staged else path.name


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    """Signal the process and the office it started (the ``soffice`` launcher runs ``soffice.bin`` as a child)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signum)
        else:
            process.terminate()
    except (ProcessLookupError, PermissionError):
        pass


# Tagged PDF for readers of assistive technology (PDF/UA-1): structure tags, the language, bookmarks from the
# headings, and the document's title shown in the window, with every picture's description as its /Alt.
EXPORT_OPTIONS = ("UseTaggedPDF", "PDFUACompliance", "ExportBookmarks", "DisplayPDFDocumentTitle")


def export_filter(source: Path) -> str:
    """``--convert-to`` with LibreOffice's PDF export filter of the right application and its options."""
    application = "impress" if source.suffix.lower() == ".pptx" else "writer"
    options = {name: {"type": "boolean", "value": "true"} for name in EXPORT_OPTIONS}
    return f"pdf:{application}_pdf_Export:{json.dumps(options, separators=(',', ':'))}"


def describe_figures(pdf: Path, descriptions: list[str], language: str) -> bool:
    """Give a tagged PDF's Figure elements, in order, these descriptions as /Alt, and the document its language:
    LibreOffice's slide export leaves out the charts' descriptions and takes the language from its own settings.
    No description is given unless there are as many figures as descriptions (then True is returned)."""
    from pypdf import PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

    try:
        writer = PdfWriter(clone_from=str(pdf))
        tree = writer._root_object.get("/StructTreeRoot")
        figures: list[DictionaryObject] = []
        stack = [tree.get_object()["/K"]] if tree is not None else []
        while stack:
            node = stack.pop()
            node = node.get_object() if isinstance(node, IndirectObject) else node
            if isinstance(node, ArrayObject):
                stack.extend(reversed(node))
            elif isinstance(node, DictionaryObject):
                if node.get("/S") == "/Figure":
                    figures.append(node)
                if "/K" in node:
                    stack.append(node["/K"])
        matched = len(figures) == len(descriptions)
        for figure, description in zip(figures, descriptions) if matched else ():
            if description.strip() and "/Alt" not in figure:
                figure[NameObject("/Alt")] = TextStringObject(description)
        writer._root_object[NameObject("/Lang")] = TextStringObject(language)
        with tempfile.NamedTemporaryFile(dir=pdf.parent, suffix=".pdf", delete=False) as scratch:
            writer.write(scratch)
        os.replace(scratch.name, pdf)
        return matched
    except (OSError, PdfReadError, KeyError, ValueError):
        return False


def content_key(package: Path) -> str:
    """A hash of an Office package's parts and of the export options, leaving out docProps/ (the time it was
    written, the build's id) but for the title, which the PDF shows."""
    digest = hashlib.sha256(" ".join(EXPORT_OPTIONS).encode())
    with zipfile.ZipFile(package) as archive:
        for name in sorted(archive.namelist()):
            if not name.startswith("docProps/"):
                digest.update(name.encode() + b"\0")
                digest.update(archive.read(name))
        if "docProps/core.xml" in archive.namelist():
            title = re.search(rb"<dc:title>(.*?)</dc:title>", archive.read("docProps/core.xml"), re.DOTALL)
            digest.update(title.group(1) if title else b"")
    return digest.hexdigest()[:40]


def page_texts(pdf: Path) -> list[str]:
    """The text of every page: by poppler's pdftotext where installed (a tenth of pypdf's time: 0.07 s
    against 0.7 s for a 30-page manuscript), else by pypdf."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:
        try:
            done = subprocess.run(
                [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=CONVERT_TIMEOUT, check=True
            )
            pages = done.stdout.decode("utf-8", "replace").split("\f")
            if pages and not pages[-1].strip():
                pages.pop()  # the form feed after the last page
            if len(pages) == page_count(pdf):
                return pages
        except (OSError, subprocess.SubprocessError):
            pass
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def normalize(text: str) -> str:
    """Text for matching across PDF extraction quirks: one space, folded quotes, and no hyphens or dashes
    at all (an extractor may join "micro-" at a line's end to "credentials" on the next as one word)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "}))
    text = re.sub(r"[-\u00ad\u2010\u2011]\s*|[\u2013\u2014]", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


_LEADER_LINE = re.compile(r"\.{4,}\s*[0-9ivxlcdm]+\s*$", re.MULTILINE | re.IGNORECASE)
_FOOTER_LABEL = re.compile(r"(?:^|\n)\s*([0-9]+|[ivxlcdm]+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """Something whose page we want: a heading or a caption, by its bookmark and visible text."""

    bookmark: str
    text: str


def locate_pages(texts: list[str], sequences: list[list[Target]]) -> dict[str, str]:
    """Find, in reading order, the page on which each target's text starts a line; return printed page labels.

    Pages that are themselves contents or lists (lines ending in dot leaders and a
    number) are skipped, so an entry is never mistaken for its heading; a match
    must start a line, so a heading's words inside a sentence do not count. Each
    sequence (headings, figures, tables) is searched in order, never backwards.
    """
    pages = [_LinePage(t) for t in texts]
    listing = [len(_LEADER_LINE.findall(t)) >= 2 for t in texts]
    labels = [_footer_label(t) for t in texts]
    found: dict[str, str] = {}
    for sequence in sequences:
        page = 0
        for target in sequence:
            needle = normalize(target.text)[:60]
            if not needle:
                continue
            for index in range(page, len(pages)):
                if not listing[index] and pages[index].starts_line_with(needle):
                    page = index
                    found[target.bookmark] = labels[index] or str(index + 1)
                    break
    return found


class _LinePage:
    """A page's text normalized into one string, remembering where each line started."""

    def __init__(self, text: str):
        self.line_starts: set[int] = set()
        self.text = ""
        for line in text.split("\n"):
            piece = normalize(line)
            if not piece:
                continue
            if self.text.endswith("-"):  # a line broken after a hyphen ("micro-" / "credentials")
                self.text += piece
                continue
            if self.text:
                self.text += " "
            self.line_starts.add(len(self.text))
            self.text += piece

    def starts_line_with(self, needle: str) -> bool:
        start = self.text.find(needle)
        while start != -1:
            if start in self.line_starts:
                return True
            start = self.text.find(needle, start + 1)
        return False


def _footer_label(text: str) -> str | None:
    match = _FOOTER_LABEL.search(text.rstrip())
    return match.group(1) if match else None
