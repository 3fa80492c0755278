"""Every rule over every checked file: the prose rules' hits and the structural checks, as findings.

The prose rules' findings are kept in the build's cache by what they depend on
(the rule files and the checked texts); the structure comes from
``reading.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from .. import cachefile, regex_cache
from ..bibliography import Bibliography
from ..errors import ContentError, ExternalToolError
from ..project import CONFIG_NAME, Project
from .findings import Finding
from .reading import BUILD_PATIENCE, PendingFacts, Read, read_chapters
from .rules import Acronym, Existence, Hit, Rule, Structure, Substitution, load_rules, share_word_starts
from .source import SourceFile, scan_markdown, scan_plain
from .structure import CHECKS, OUTPUT_CHECKS, CheckContext
from .tree import Misreading

PROSE_CONFIG_KEYS = ("title", "subtitle", "short_summary", "legal_notice")
TITLE_CONFIG_KEYS = ("title", "subtitle")  # titles, like headings, neither define nor first-use an acronym


def project_rules(project: Project, *, kinds: tuple[str, ...] | None = None) -> list[Rule]:
    """The shipped rules, with a project's own files of the same name replacing them and new ones added
    (with ``kinds``, only the rules of those types)."""
    paths = rule_files(project)
    display = {p: project.rel(p) if p.is_relative_to(project.root) else f"templates/rules/{p.name}" for p in paths}
    return load_rules(paths, display, kinds=kinds)


def rule_files(project: Project) -> list[Path]:
    return project.templates.all_in("rules", "*.yml")


def scan_project(project: Project, texts: dict[str, str] | None = None) -> tuple[SourceFile, list[SourceFile]]:
    """The checked files: publication.yaml's prose values, then every chapter in reading order.

    ``texts`` replaces files' contents by name (``fix`` checks its own result before writing it).
    """
    texts = texts or {}
    config_text = texts.get(CONFIG_NAME)
    if config_text is None:
        config_text = (project.root / CONFIG_NAME).read_text(encoding="utf-8-sig")
        config_text = config_text.replace("\r\n", "\n").replace("\r", "\n")
    spans = config_prose_spans(config_text, project)
    config_source = scan_plain(CONFIG_NAME, config_text, [span for _, span in spans])
    config_source.heading_spans = [span for key, span in spans if key in TITLE_CONFIG_KEYS]
    sources = []
    for chapter in project.chapters:
        text = texts.get(chapter.rel, chapter.text)
        body_start = len("\n".join(text.split("\n")[: chapter.body_line - 1])) + (1 if chapter.body_line > 1 else 0)
        sources.append(scan_markdown(chapter.rel, text, min(body_start, len(text)), chapter.role))
    return config_source, sources


def config_prose_spans(text: str, project: Project) -> list[tuple[str, tuple[int, int]]]:
    """Where each prose value of publication.yaml is written: (key, (start, end))."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    spans = []
    for key in PROSE_CONFIG_KEYS:
        line_no = project.config_line(key)
        if line_no is None or line_no > len(lines) or not project.config.get(key):
            continue
        line = lines[line_no - 1]
        colon = line.find(":")
        value = line[colon + 1 :].strip()
        if value[:1] in ("|", ">"):
            indent = len(line) - len(line.lstrip())
            end_line = line_no
            while end_line < len(lines) and (
                not lines[end_line].strip() or len(lines[end_line]) - len(lines[end_line].lstrip()) > indent
            ):
                end_line += 1
            spans.append((key, (starts[line_no], min(starts[end_line], len(text)))))
        else:
            spans.append((key, (starts[line_no - 1] + colon + 1, starts[line_no - 1] + len(line))))
    return spans


def pattern_hits(rules: list[Rule], config_source: SourceFile, sources: list[SourceFile]) -> list[Hit]:
    """Every place a substitution, existence or acronym rule fires, with offsets (what ``fix`` works on)."""
    hits: list[Hit] = []
    manuscript = [config_source] + [s for s in sources if s.role not in ("brief", "slides")]
    separate = [[s] for s in sources if s.role in ("brief", "slides")]  # read on their own
    share_word_starts(rules, [config_source, *sources])
    for rule in rules:
        if isinstance(rule, (Substitution, Existence)):
            for source in [config_source, *sources]:
                hits.extend(rule.scan(source))
        elif isinstance(rule, Acronym):
            for sequence in [manuscript, *separate]:
                hits.extend(rule.scan_sequence(sequence))
    regex_cache.save()  # the rules' patterns are compiled by now: the next run takes them from there
    return _without_overlaps(hits)


def run_checks(
    project: Project,
    bibliography: Bibliography,
    *,
    strict: bool = False,
    outputs: dict[str, Path] | None = None,
    cache_dir: Path | None = None,
    read_first: bool = True,
    reading: PendingFacts | None = None,
) -> list[Finding]:
    """Every rule over every file; returns findings sorted by file and position.

    ``cache_dir`` is the build's cache, where pandoc's reading of unchanged chapters is found. With
    ``read_first`` pandoc reads the others while the prose rules run (``reading`` is that reading, when
    the caller started it); a build's check, which runs beside the build's own parse, asks the cache only
    after the prose rules, when the build has usually put them there.
    """
    started = reading is None and read_first
    if started:
        reading = read_chapters(project.chapters, cache_dir)
    try:
        config_source, sources = scan_project(project)
        context = CheckContext(project, bibliography, sources, config_source, strict, outputs or {})
        findings, rules = _prose_findings(project, config_source, sources, cache_dir)
        if reading is None:
            reading = read_chapters(project.chapters, cache_dir, patience=BUILD_PATIENCE)
        facts = reading.result(project.chapters)
    except BaseException:
        if started and reading is not None:
            reading.cancel()
        raise
    _take_structure_from(facts, project, sources)
    for rule in rules:
        if isinstance(rule, Structure):
            name = str(rule.options.get("check"))
            check = CHECKS.get(name)
            if check is None:
                raise ContentError(
                    f"unknown structural check '{name}'", file=str(rule.path), hint="use one of: " + ", ".join(CHECKS)
                )
            if name in OUTPUT_CHECKS and not outputs:
                continue
            findings.extend(check(rule, context))
    return sorted(findings, key=Finding.sort_key)


def _prose_findings(
    project: Project, config_source: SourceFile, sources: list[SourceFile], cache_dir: Path | None
) -> tuple[list[Finding], list[Rule]]:
    """What the prose rules find, and the structural rules still to run. The prose rules' findings depend
    only on the rule files and the checked texts, so a check of texts checked before (by a check or a
    build) takes them from the cache and leaves the prose rules unmade (compiling them is most of their cost)."""
    digest = hashlib.sha256(prose_version().encode())
    for path in rule_files(project):
        digest.update(f"\0{path}\0".encode() + path.read_bytes())
    for source in [config_source, *sources]:
        digest.update(f"\0{source.rel}\0{source.role}\0{source.text}".encode())
    path = cache_dir / "prose" / f"{digest.hexdigest()}.json" if cache_dir is not None else None
    kept = _findings_from_json(cachefile.load(path)) if path is not None else None
    if kept is not None:
        return kept, project_rules(project, kinds=("structure",))
    rules = project_rules(project)
    findings = [hit_to_finding(hit) for hit in pattern_hits(rules, config_source, sources)]
    if path is not None:
        cachefile.store(path, json.dumps([dataclasses.astuple(f) for f in findings], ensure_ascii=False).encode())
    return findings, [rule for rule in rules if isinstance(rule, Structure)]


def prose_version() -> str:
    """Changes whenever the code that finds prose hits does: part of the prose findings' cache key."""
    return cachefile.code_version([Path(__file__).parent / name for name in _PROSE_CODE])


_PROSE_CODE = ("run.py", "rules.py", "source.py", "findings.py")  # what finds the hits and words them


def _findings_from_json(data: bytes | None) -> list[Finding] | None:
    if data is None:
        return None
    try:
        return [Finding(*row) for row in json.loads(data)]
    except (ValueError, TypeError):
        return None


def _take_structure_from(facts: Read, project: Project, sources: list[SourceFile]) -> None:
    """Each file's figures, tables, boxes, citations and links as pandoc read them."""
    by_name = {chapter.rel: chapter for chapter in project.chapters}
    for source in sources:
        chapter = by_name.get(source.rel)
        if chapter is None:
            continue
        read = facts[source.rel]
        if isinstance(read, ExternalToolError):  # the structure the scan found stands in; the build will fail here
            problem = read.problems[0]
            said = problem.message.split("\n")[0].rstrip(":")
            hint = f"; {problem.hint}" if problem.hint else ""
            source.misreadings = [Misreading(min(chapter.body_offset, len(source.text)), "", said + hint)]
            continue
        source.items = read.items
        source.references = read.references
        source.uncaptioned_tables = read.uncaptioned_tables
        source.headerless_tables = read.headerless_tables
        source.links = read.links
        source.boxes = read.boxes
        source.misreadings = read.misreadings


def fixable_hits(
    project: Project, texts: dict[str, str] | None = None, rules: list[Rule] | None = None
) -> tuple[list[SourceFile], list[Hit]]:
    """The checked files and the hits ``pubkit fix`` may apply (a single, safe replacement each)."""
    rules = rules if rules is not None else project_rules(project)
    config_source, sources = scan_project(project, texts)
    hits = [hit for hit in pattern_hits(rules, config_source, sources) if hit.replacement is not None]
    return [config_source, *sources], hits


def check_outputs(project: Project, bibliography: Bibliography, outputs: dict[str, Path]) -> list[Finding]:
    """The checks that measure built outputs (slide count, brief pages)."""
    context = CheckContext(project, bibliography, [], scan_plain(CONFIG_NAME, "", []), False, outputs)
    findings = []
    for rule in project_rules(project):
        if isinstance(rule, Structure) and rule.options.get("check") in OUTPUT_CHECKS:
            findings.extend(CHECKS[str(rule.options["check"])](rule, context))
    return findings


def hit_to_finding(hit: Hit) -> Finding:
    line, column = hit.source.position(hit.start)
    return Finding(
        hit.rule,
        hit.severity,
        hit.source.rel,
        line,
        column,
        hit.source.text[hit.start : hit.end],
        hit.suggestion,
        hit.message,
    )


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Two rules on the same words: keep the more severe, then the longer, then the fixable one."""
    ordered = sorted(
        hits,
        key=lambda h: (h.source.rel, h.start, h.severity != "error", -(h.end - h.start), h.replacement is None),
    )
    kept: list[Hit] = []
    for hit in ordered:
        if (
            kept
            and kept[-1].source is hit.source
            and hit.start < kept[-1].end
            and hit.rule != kept[-1].rule
            and hit.start >= kept[-1].start
            and hit.end <= kept[-1].end
        ):
            continue
        kept.append(hit)
    return kept
