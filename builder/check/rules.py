"""House-style rules are data: YAML files interpreted by a few rule types.

The format follows Vale's styles where Vale has the type (``extends:
substitution`` with ``swap``, ``extends: existence`` with ``tokens``, ``level``,
``message``, ``ignorecase``, ``nonword``, ``exceptions``); ``acronym`` and
``structure`` are ours. The rule's id is its file name (``country-name.yml`` →
``country-name``). An editor adds a rule by adding a file under
``templates/rules/`` — no code changes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from .source import SourceFile

LEVELS = {"error": "error", "warning": "warning", "suggestion": "warning"}


@dataclass(frozen=True)
class Hit:
    """One place a rule fires: offsets into ``source.text`` and an optional safe replacement."""

    rule: str
    severity: str
    source: SourceFile
    start: int
    end: int
    message: str
    suggestion: str | None = None
    replacement: str | None = None  # set only when ``pubkit fix`` may apply it


@dataclass
class Rule:
    id: str
    level: str
    message: str
    path: Path
    options: dict[str, Any] = field(default_factory=dict)

    def scan(self, source: SourceFile) -> list[Hit]:
        return []


def _format(message: str, *values: str) -> str:
    """Vale-style ``%s`` placeholders, filled in order."""
    out = message
    for value in values:
        out = out.replace("%s", value, 1)
    return out.replace("%s", "")


def _adapt_case(template: str, matched: str) -> str:
    """Keep the author's capital at the start of a sentence: 'Chairman' → 'Chair'."""
    if matched[:1].isupper() and template[:1].islower():
        return template[:1].upper() + template[1:]
    return template


def _bounded(pattern: str, nonword: bool) -> str:
    """Whole words only (Vale's default), unless the rule says ``nonword: true``."""
    return pattern if nonword else r"(?<!\w)(?:" + pattern + r")(?!\w)"


class _Exceptions:
    """Phrases inside which a rule must not fire (e.g. 'Hong Kong' inside 'Hong Kong SAR, China')."""

    def __init__(self, phrases: list[str], ignorecase: bool, regex: bool = False):
        parts = [p if regex else re.escape(p) for p in sorted(set(phrases), key=len, reverse=True) if p]
        self.pattern = re.compile("|".join(parts), re.IGNORECASE if ignorecase else 0) if parts else None
        self._cache: dict[int, tuple[list[int], list[int]]] = {}

    def covers(self, source: SourceFile, start: int, end: int) -> bool:
        if self.pattern is None:
            return False
        key = id(source)
        if key not in self._cache:
            spans = [(m.start(), m.end()) for m in self.pattern.finditer(source.masked)]
            self._cache[key] = ([s for s, _ in spans], [e for _, e in spans])
        starts, ends = self._cache[key]
        index = bisect.bisect_right(starts, start) - 1
        while index >= 0 and starts[index] > start - 200:
            if ends[index] >= end:
                return True
            index -= 1
        return False


class Substitution(Rule):
    """``swap: {wrong: right}``; ``right`` may list alternatives ``a|b`` or be {to, level, fix}."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        ignorecase = bool(self.options.get("ignorecase", False))
        nonword = bool(self.options.get("nonword", False))
        swaps = self.options.get("swap")
        if not isinstance(swaps, dict) or not swaps:
            raise ContentError(
                "a substitution rule needs a 'swap' mapping",
                file=str(self.path),
                hint="write swap: followed by lines 'wrong form: right form'",
            )
        self.entries: list[tuple[re.Pattern[str], str, str, bool]] = []  # (regex, replacement, level, fixable)
        alternatives = []
        exception_phrases = list(self.options.get("exceptions", []) or [])
        for index, (wrong, right) in enumerate(sorted(swaps.items(), key=lambda kv: len(str(kv[0])), reverse=True)):
            level = self.level
            fixable = bool(self.options.get("fix", True))
            if isinstance(right, dict):
                level = LEVELS.get(str(right.get("level", self.level)), self.level)
                fixable = bool(right.get("fix", fixable))
                right = right.get("to", "")
            right = str(right)
            flags = re.IGNORECASE if ignorecase else 0
            try:
                compiled = re.compile(_bounded(str(wrong), nonword), flags)
            except re.error as exc:
                raise ContentError(
                    f"the pattern '{wrong}' is not a valid regular expression: {exc}",
                    file=str(self.path),
                    hint="escape special characters such as . ( ) with a backslash",
                ) from None
            self.entries.append((compiled, right, level, fixable and "|" not in right))
            alternatives.append(f"(?P<s{index}>{_bounded(str(wrong), nonword)})")
            exception_phrases.extend(alt for alt in right.split("|") if "\\" not in alt and "$" not in alt)
        self.combined = re.compile("|".join(alternatives), re.IGNORECASE if ignorecase else 0)
        self.exceptions = _Exceptions(exception_phrases, ignorecase)
        self.skip_tables = bool(self.options.get("skip_tables", False))

    def scan(self, source: SourceFile) -> list[Hit]:
        hits = []
        for match in self.combined.finditer(source.masked):
            index = int(match.lastgroup[1:])
            pattern, right, level, fixable = self.entries[index]
            start, end = match.span(match.lastgroup)
            if self.exceptions.covers(source, start, end):
                continue
            if self.skip_tables and source.in_spans(start, source.table_line_spans):
                continue
            own = pattern.match(source.masked, start, end)
            matched = source.text[start:end]
            options = [
                _adapt_case(own.expand(alt.replace("$", "\\")) if own else alt, matched) for alt in right.split("|")
            ]
            suggestion = " or ".join(options)
            if options[0] == matched:
                continue
            hits.append(
                Hit(
                    self.id,
                    level,
                    source,
                    start,
                    end,
                    _format(self.message, suggestion, matched),
                    suggestion,
                    options[0] if fixable else None,
                )
            )
        return hits


class Existence(Rule):
    """``tokens: [...]``: every occurrence is a finding."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        tokens = self.options.get("tokens")
        if not isinstance(tokens, list) or not tokens:
            raise ContentError(
                "an existence rule needs a 'tokens' list",
                file=str(self.path),
                hint="write tokens: followed by one '- phrase' per line",
            )
        ignorecase = bool(self.options.get("ignorecase", False))
        nonword = bool(self.options.get("nonword", False))
        body = "|".join(str(t) for t in sorted(tokens, key=len, reverse=True))
        try:
            self.pattern = re.compile(_bounded(body, nonword), re.IGNORECASE if ignorecase else 0)
        except re.error as exc:
            raise ContentError(f"a token is not a valid regular expression: {exc}", file=str(self.path)) from None
        self.exceptions = _Exceptions(list(self.options.get("exceptions", []) or []), ignorecase)
        self.skip_tables = bool(self.options.get("skip_tables", False))

    def scan(self, source: SourceFile) -> list[Hit]:
        hits = []
        for match in self.pattern.finditer(source.masked):
            start, end = match.span()
            if self.exceptions.covers(source, start, end):
                continue
            if self.skip_tables and source.in_spans(start, source.table_line_spans):
                continue
            matched = source.text[start:end]
            hits.append(Hit(self.id, self.level, source, start, end, _format(self.message, matched)))
        return hits


class Acronym(Rule):
    """Acronyms are spelled out at first use, in reading order across the whole publication.

    A use counts as the definition when it is written "full words (ACR)" or
    "ACR (full words)". Headings neither define nor count as first use.
    """

    PATTERN = re.compile(r"(?<![\w-])(?P<acr>[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?P<plural>s)?(?![\w-])")
    ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ignore = {str(i) for i in self.options.get("ignore", []) or []}
        self.expansions = {str(k): str(v) for k, v in (self.options.get("expansions", {}) or {}).items()}

    def scan_sequence(self, sources: list[SourceFile]) -> list[Hit]:
        defined: set[str] = set()
        reported: set[str] = set()
        first_undefined: dict[str, Hit] = {}
        hits: list[Hit] = []
        for source in sources:
            masked = source.masked
            for match in self.PATTERN.finditer(masked):
                acronym = match["acr"]
                if acronym in self.ignore or self.ROMAN.match(acronym) or len(acronym.replace("-", "")) < 2:
                    continue
                if source.in_spans(match.start(), source.heading_spans):
                    continue
                if self._is_definition(masked, match.start(), match.end()):
                    if acronym in first_undefined and acronym not in reported:
                        first = first_undefined[acronym]
                        line, _ = source.position(match.start())
                        hits.append(
                            Hit(
                                first.rule,
                                first.severity,
                                first.source,
                                first.start,
                                first.end,
                                first.message + f" (it is spelled out only later, at {source.rel}:{line})",
                                first.suggestion,
                            )
                        )
                        reported.add(acronym)
                    defined.add(acronym)
                    continue
                if acronym in defined or acronym in first_undefined:
                    continue
                expansion = self.expansions.get(acronym)
                suggestion = f"{expansion} ({acronym})" if expansion else None
                first_undefined[acronym] = Hit(
                    self.id,
                    self.level,
                    source,
                    match.start(),
                    match.start() + len(acronym),
                    _format(self.message, acronym),
                    suggestion,
                )
        hits.extend(hit for acr, hit in first_undefined.items() if acr not in reported)
        return hits

    @staticmethod
    def _is_definition(text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 2) : start]
        after = text[end : end + 3]
        if before.endswith("(") and re.match(r"s?[);,]", after):
            preceding = text[max(0, start - 120) : start - 1]
            return bool(re.search(r"[A-Za-z][\w'’-]*\s*$", preceding.rstrip()))
        return bool(re.match(r"s?\s\((?!\s*\d)[A-Za-z][^()\n]*?\s[^()\n]*\)", text[end : end + 160]))


class Structure(Rule):
    """Checks of the publication's structure; ``check:`` names one of the functions in ``structure.py``."""


RULE_TYPES: dict[str, type[Rule]] = {
    "substitution": Substitution,
    "existence": Existence,
    "acronym": Acronym,
    "structure": Structure,
}


def load_rules(paths: list[Path], display: dict[Path, str]) -> list[Rule]:
    rules = []
    for path in paths:
        shown = display.get(path, path.name)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ContentError(
                f"the rule file cannot be read: {getattr(exc, 'problem', exc)}",
                file=shown,
                line=mark.line + 1 if mark else None,
                hint="check its YAML indentation",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError(f"the rule file cannot be read: {exc}", file=shown) from None
        if not isinstance(data, dict):
            raise ContentError(
                "a rule file must be a YAML mapping", file=shown, hint="start it with  extends: substitution"
            )
        kind = data.get("extends")
        if kind not in RULE_TYPES:
            raise ContentError(
                f"unknown rule type extends: {kind}", file=shown, line=1, hint="use one of: " + ", ".join(RULE_TYPES)
            )
        level = LEVELS.get(str(data.get("level", "warning")))
        if level is None:
            raise ContentError(
                f"unknown level '{data.get('level')}'", file=shown, hint="use level: error or level: warning"
            )
        options = {k: v for k, v in data.items() if k not in ("extends", "level", "message")}
        rule_class = RULE_TYPES[kind]
        try:
            rules.append(rule_class(path.stem, level, str(data.get("message", path.stem)), Path(shown), options))
        except ContentError as exc:
            raise ContentError(exc.problems[0].message, file=shown, hint=exc.problems[0].hint) from None
    return rules
