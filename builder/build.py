"""The build, top to bottom: load → check (alongside) → parse and transform → write → publish.

Each stage is one module; this function only orders them and says why.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import cachefile
from .assemble import ParseJob, assemble
from .background import in_background
from .bibliography import Bibliography, load_bibliography
from .charts import ChartPrefetch
from .check.findings import Finding, summary_line, to_json
from .check.job import CheckJob
from .check.run import check_outputs
from .errors import Problem, PubkitError
from .model import Document
from .outputs import StagedOutputs, build_lock, sweep_stale_temporaries
from .progress import Progress
from .project import Project, load_project
from .render import Office, find_soffice
from .svg import can_rasterize
from .writers import REGISTRY, WriteContext, Writer, load_writer

OUTPUT_NAMES = ("docx", "pptx", "brief", "permissions", "pdf")
LONGEST_WRITERS = ("docx", "brief")  # waiting on pandoc and on LibreOffice: started first


@dataclass
class BuildResult:
    outputs: list[Path]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)


def build(
    project_dir: Path,
    out_dir: Path | None = None,
    *,
    strict: bool = False,
    only: set[str] | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    progress = progress or Progress(quiet=True)
    selected = set(only or OUTPUT_NAMES)
    if selected == {"pdf"}:  # PDFs are rendered from the Word files, so --only pdf writes those too
        selected |= {"docx", "brief"}

    # 1. Load: publication.yaml, front matter and the .bib files are validated before any work.
    progress.stage("loading the project")
    project = load_project(project_dir)
    out_dir = (out_dir or project.root / "build").resolve()
    with build_lock(out_dir):
        sweep_stale_temporaries(out_dir)  # what a killed build left behind
        cache_dir = out_dir / ".cache"
        bibliography = load_bibliography(project)

        # 2. Check the author's sources against the house style (and their sources and references) on the
        #    side: the check is pure Python, the stages below mostly wait for pandoc.
        progress.stage(f"checking {len(project.chapters)} files against the house style")
        checks = CheckJob(project, bibliography, cache_dir, strict=strict)

        # 3. A build that will convert with LibreOffice starts it now: it takes as long to start as pandoc
        #    takes to parse, and the conversion is handed to it once the document is written.
        office = _office_for(selected, cache_dir)
        try:
            return _build(project, bibliography, checks, office, out_dir, cache_dir, selected, strict, progress)
        finally:
            checks.cancel()
            if office is not None:
                office.close()


def _office_for(selected: set[str], cache_dir: Path) -> Office | None:
    """LibreOffice, when installed and the build renders PDFs or measures the brief; started at once
    unless the build will probably find its PDFs in the cache."""
    soffice = find_soffice()
    if soffice is None or not selected & {"pdf", "brief"}:
        return None
    office = Office(soffice, cache_dir, keep_warm="pdf" in selected)
    if "pdf" in selected or not office.has_rendered_before():
        office.start_spare()
    return office


def _build(
    project: Project,
    bibliography: Bibliography,
    checks: CheckJob,
    office: Office | None,
    out_dir: Path,
    cache_dir: Path,
    selected: set[str],
    strict: bool,
    progress: Progress,
) -> BuildResult:
    # 4. Parse every chapter with pandoc in the background (cached by content hash), then run the
    #    transforms on them (numbering before cross-references); the writers' modules are imported
    #    while pandoc parses.
    progress.stage(f"parsing and numbering {len(project.chapters)} chapters")
    job = ParseJob(project, cache_dir, locate=True)  # the check and the manuscript's build record need places
    writers = [load_writer(name) for name in REGISTRY if name in selected]  # before any thread imports them
    references = _reference_documents(project, cache_dir, selected)
    document = assemble(project, cache_dir, job, locate="docx" in selected)

    # 5. Draw the charts on a background thread until a writer needs them.
    charts = None
    if selected & {"docx", "brief"}:
        charts = ChartPrefetch(cache_dir / "charts")
        charts.draw([i.chart for i in document.items if i.chart])

    # 6. Write every requested output to a temporary file; publish them together at the end.
    staged = StagedOutputs(out_dir)
    context = WriteContext(
        charts=charts,
        out_dir=out_dir,
        cache_dir=cache_dir,
        staged=staged,
        office=office,
        want_pdf="pdf" in selected and office is not None,
    )
    if "pdf" in selected and office is None:
        context.notes.append("PDFs skipped (and brief pages not measured): LibreOffice (soffice) is not installed")
    drawings = [i for i in document.items if i.image is not None and i.image.suffix.lower() == ".svg"]
    if drawings and context.want_pdf and not can_rasterize():
        context.notes.append(
            f"{len(drawings)} SVG figure(s) will be blank in the PDFs: install rsvg-convert (Debian: librsvg2-bin), "
            "which gives Word and LibreOffice a picture of each drawing"
        )
    try:
        try:
            if references is not None:
                references.result()
            write_all(writers, document, context, progress)
        finally:
            if charts is not None:
                charts.close()
        if context.item_pages and (out_dir / "permissions.xlsx") in staged.staged:
            from .writers.permissions import add_pages

            add_pages(
                staged.staged[out_dir / "permissions.xlsx"],
                staged.staged.get(out_dir / "permissions.csv"),
                context.item_pages,
            )
        measured = {final.name: tmp for final, tmp in staged.staged.items()} | context.rendered
        explained = {f.rule for f in context.findings}  # a writer's own finding says more than the measure
        measures = [f for f in check_outputs(project, bibliography, measured) if f.rule not in explained]
        findings = sorted(checks.result() + context.findings + measures, key=Finding.sort_key)
        staged.write_bytes("check.json", to_json(findings).encode("utf-8"))
        errors = [f for f in findings if f.severity == "error"]
        if strict and errors:
            staged.publish(only={"check.json"})
            raise PubkitError.many(
                [
                    Problem(
                        f.file,
                        f.line,
                        f"--strict: {f.message} [{f.rule}]",
                        ""
                        if index < len(errors) - 1
                        else f"--strict: the check found {len(errors)} error{'s' * (len(errors) != 1)}; "
                        "no output was replaced: fix them (pubkit check --strict lists them too), then build again",
                    )
                    for index, f in enumerate(errors)
                ]
            )
        published = staged.publish()
    except BaseException:
        staged.discard()
        raise
    cachefile.prune(cache_dir)  # what no build has used for a day goes: the cache does not grow with every edit
    for note in context.notes:
        progress.note(note)
    if any(f.severity == "error" for f in findings):
        progress.note(summary_line(findings) + " (pubkit check lists them)")  # errors are said even when quiet
    else:
        progress.stage(summary_line(findings))
    return BuildResult(published, findings, context.notes)


def _reference_documents(project: Project, cache_dir: Path, selected: set[str]) -> Future[None] | None:
    """The Word writers' reference documents (the styles), made while pandoc parses, or found in the cache."""
    wanted = [brief for name, brief in (("docx", False), ("permissions", False), ("brief", True)) if name in selected]
    if not wanted:
        return None

    # imported here, not on the thread: a stop signal that arrives while two threads import one module can
    # leave Python's import lock held, and pubkit would hang on the way out
    from .writers.word import reference_docx

    def make() -> None:
        for brief in dict.fromkeys(wanted):
            reference_docx(project, cache_dir, brief=brief)

    return in_background(make, name="reference")


def write_all(writers: list[Writer], document: Document, context: WriteContext, progress: Progress) -> None:
    """Run the writers side by side: each mostly waits for pandoc or LibreOffice, so two at a time overlap well."""

    def run(writer: Writer) -> None:
        progress.stage(f"writing {writer.filename}")
        writer.write(document, context.staged.temporary(writer.filename), context)

    with ThreadPoolExecutor(max_workers=2) as pool:
        started = {w.name: pool.submit(run, w) for w in sorted(writers, key=lambda w: w.name not in LONGEST_WRITERS)}
        wait(started.values())
    for writer in writers:  # the first failure, in writer order, is the one reported
        started[writer.name].result()
