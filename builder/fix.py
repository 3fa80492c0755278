"""``pubkit fix``: apply the house-style fixes that need no judgement, or show them as a diff.

Only substitutions with exactly one right answer are applied (a country name, a
region phrase, a spelling, a gender-neutral term with a single replacement);
the checker decides which hits those are (``Hit.replacement``). Everything
outside the replaced spans, line endings and a byte-order mark included, is
kept byte for byte. Running fix twice changes nothing the second time.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .check.rules import Hit
from .check.run import fixable_hits, project_rules
from .errors import ContentError
from .project import CONFIG_NAME, load_project
from .textedit import normalized, read_stored, replace_spans, unified_diff, write_file

MAX_ROUNDS = 5  # fixes enabled by other fixes; one or two rounds are the rule


@dataclass
class FileFix:
    """One file's text before and after its fixes."""

    rel: str
    path: Path
    before: str  # as stored (byte-order mark and line endings included)
    after: str
    count: int


def plan_fixes(project_dir: Path) -> list[FileFix]:
    """What ``fix --write`` would change, file by file in reading order; nothing is written.

    A fix can change the context another decision depends on ("e.g., Viet Nam" loses its comma,
    and the next word now starts a sentence), so the fixed text is checked again and fixed again
    until nothing is left to do: running fix a second time then never changes anything.
    """
    project = load_project(project_dir)
    rules = project_rules(project)
    stored: dict[str, str] = {}  # each changed file as it will be written (BOM and line endings kept)
    texts: dict[str, str] = {}  # the same, as the checker reads it
    counts: dict[str, int] = {}
    order: list[str] = []
    rank: dict[str, int] = {}  # reading order, for the diff
    for _ in range(MAX_ROUNDS):
        sources, hits = fixable_hits(project, texts, rules)
        rank = rank or {source.rel: index for index, source in enumerate(sources)}
        by_file: dict[str, list[Hit]] = {}
        for hit in hits:
            if hit.source.rel == CONFIG_NAME and "\n" in hit.source.text[hit.start : hit.end]:
                continue  # joining lines of publication.yaml would move the keys the checker locates
            by_file.setdefault(hit.source.rel, []).append(hit)
        if not by_file:
            break
        for source in sources:
            if source.rel not in by_file:
                continue
            if source.rel not in stored:
                stored[source.rel] = read_stored(project.root / source.rel, source.rel)
                order.append(source.rel)
            current = stored[source.rel]
            if normalized(current) != source.text:
                raise ContentError(
                    "the file changed while pubkit was reading it",
                    file=source.rel,
                    hint="save it, then run pubkit fix again",
                )
            fixed, count = apply_hits(current, by_file[source.rel])
            stored[source.rel] = fixed
            texts[source.rel] = normalized(fixed)
            counts[source.rel] = counts.get(source.rel, 0) + count
    plans = []
    for rel in sorted(order, key=rank.__getitem__):
        path = project.root / rel
        before = read_stored(path, rel)
        if stored[rel] == before:
            continue
        if rel == CONFIG_NAME and not _same_yaml(before, stored[rel]):
            continue  # never risk publication.yaml's structure for a style fix
        plans.append(FileFix(rel, path, before, stored[rel], counts[rel]))
    return plans


def apply_hits(stored: str, hits: list[Hit]) -> tuple[str, int]:
    """Replace each hit's span in ``stored`` (the file as written, CRLF or not); returns (text, count).

    Overlapping hits: the first one wins; the next run of fix sees the rest.
    """
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.fix_span):
        if hit.replacement is None or (chosen and hit.fix_span[0] < chosen[-1].end):
            continue
        chosen.append(hit)
    return replace_spans(stored, [(*hit.fix_span, str(hit.replacement)) for hit in chosen]), len(chosen)


def run_fix(project_dir: Path, write: bool) -> int:
    """Print the diff of every safe fix; with ``write``, apply them (each file replaced atomically)."""
    plans = plan_fixes(project_dir)
    fixes = sum(plan.count for plan in plans)
    counted = f"{fixes} fix{'es' * (fixes != 1)} in {len(plans)} file{'s' * (len(plans) != 1)}"
    if write:
        for plan in plans:
            write_file(plan.path, plan.rel, plan.after)
        sys.stderr.write(f"fix: applied {counted}\n" if plans else "fix: nothing to fix\n")
        return 0
    for plan in plans:
        sys.stdout.write(unified_diff(plan.rel, plan.before, plan.after))
    sys.stderr.write(f"fix: {counted}; apply them with pubkit fix --write\n" if plans else "fix: nothing to fix\n")
    return 0


def _same_yaml(before: str, after: str) -> bool:
    """publication.yaml keeps its keys and its parse after a fix (a plain scalar cannot take every text)."""
    try:
        old, new = yaml.safe_load(before), yaml.safe_load(after)
    except yaml.YAMLError:
        return False
    return isinstance(old, dict) and isinstance(new, dict) and list(old) == list(new)
