"""House-style rules are data: YAML files interpreted by a few rule types.

The format follows Vale's styles where Vale has the type (``extends:
substitution`` with ``swap``, ``extends: existence`` with ``tokens``, ``level``,
``message``, ``ignorecase``, ``nonword``, ``exceptions``); ``acronym`` and
``structure`` are ours, and so are a few options Vale lacks (``skip_tables``,
``quotations``, ``proper_names``, ``mentions``; ``name_words``, ``offices`` and
``state_words`` for names of organizations and states; ``title_name_words`` for names in headings and table
headers written in title case; ``former_names``;
``attributive``; ``capitals``; per-swap ``level``, ``fix``, ``article`` and ``not_near``; for
acronyms ``not_acronyms`` and ``patterns``). The rule's id
is its file name (``country-name.yml`` → ``country-name``). An editor adds a
rule by adding a file under ``templates/rules/`` — no code changes.

Patterns are matched against the prose mask (see ``source.py``), whole words
only unless ``nonword: true``, and a space in a pattern matches any run of
spaces with at most one line break, so a phrase wrapped across two lines of
the author's file is still one phrase.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import cachefile
from .. import regex_cache as rx  # re.compile, with the programs kept between runs
from ..errors import ContentError
from .source import _QUOTATION, SourceFile

try:  # the regular-expression parser, to find where a pattern can begin (re._parser since Python 3.11)
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

LEVELS = {"error": "error", "warning": "warning", "suggestion": "warning"}
MODES = ("skip", "nofix")  # values of the ``quotations`` and ``proper_names`` options
_BLANKS = " \t\u00a0\u202f"  # no-break spaces come in with text pasted from a word processor
# a space in a pattern: blanks (no-break and other spaces too), at most one line break; written as "not a line break
# nor anything but a space", which Python compiles to a short program (a set with no-break spaces in it takes 256
# characters for each one, in each phrase of a long list)
_SPACE = r"(?:[^\S\n]+(?:\n[ \t]*)?|\n[ \t]*)"
_CONNECTORS = frozenset({"of", "for", "de", "du", "des", "on"})
_START_LENGTH = 6  # literal starts are cut to this many characters
_NAME_WORD = rx.compile(r"[^\W_][\w'’.-]*")
# the capital letters of the Latin script, with their accents and dots ("TİKA", "TÖMER", "ÐẠI"), for a set
_LATIN_UPPER = "A-Z" + "".join(
    chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isupper() and chr(c).isalpha()
)


def _fold(text: str) -> str:
    """The text without its accents and dots: "TİKA" is written "TIKA" too, and its İ is an I of the words."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _acronym_key(acronym: str) -> str:
    """The one name of an acronym written in two ways: with accents or not ("TİKA", "TIKA"), and in capitals or in
    mixed case ("MOUs" in one paragraph, "MoU" in the next)."""
    return _fold(acronym).upper()


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
    fix_start: int | None = (
        None  # where the replacement begins when it also takes a word before ("the Kyrgyz Republic")
    )

    @property
    def fix_span(self) -> tuple[int, int]:
        """The span ``pubkit fix`` replaces: the finding, and the article before it when that goes too."""
        return (self.start if self.fix_start is None else self.fix_start, self.end)


@dataclass
class Rule:
    id: str
    level: str
    message: str
    path: Path
    options: dict[str, Any] = field(default_factory=dict)

    def scan(self, source: SourceFile) -> list[Hit]:
        return []

    def problem(self, message: str, hint: str = "") -> ContentError:
        """An error in this rule file, to raise."""
        return ContentError(message, file=str(self.path), hint=hint)

    def _mode(self, key: str) -> str | None:
        value = self.options.get(key)
        if value in (None, False):
            return None
        if value is True:
            return "skip"
        if value not in MODES:
            raise self.problem(f"'{key}: {value}' is not an option", f"use {key}: skip or {key}: nofix")
        return str(value)


def _format(message: str, *values: str) -> str:
    """Vale-style ``%s`` placeholders, filled in order."""
    out = message
    for value in values:
        out = out.replace("%s", value, 1)
    return out.replace("%s", "")


def _adapt_case(template: str, matched: str) -> str:
    """Keep the author's capitals: 'Chairman' → 'Chair', 'ORGANISE' → 'ORGANIZE'."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return template.upper()
    if matched[:1].isupper() and template[:1].islower():
        return template[:1].upper() + template[1:]
    return template


def _flexible_spaces(pattern: str) -> str:
    """Let each literal space of a pattern match a line break too (outside character classes)."""
    out = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]" or pattern[index - 1] == "["
        elif char == "[":
            in_class = True
        elif char == " ":
            out.append(_SPACE)
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _bounded(pattern: str, nonword: bool) -> str:
    """Whole words only (Vale's default), unless the rule says ``nonword: true``.

    Underscores count as punctuation, so ``_Viet Nam_`` (emphasis) is still a word.
    """
    pattern = _flexible_spaces(pattern)
    return pattern if nonword else r"(?<![^\W_])(?:" + pattern + r")(?![^\W_])"


_META = frozenset(".^$*+?{}[]|()")


def _plain_literal(pattern: str) -> str | None:
    """The words a pattern stands for when it has no regular-expression syntax ('Lao P\\.D\\.R\\.'), else None."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if not escaped or escaped.isalnum():
                return None  # \d, \b...: a class or an assertion, not a character
            out.append(escaped)
            index += 2
            continue
        if char in _META:
            return None
        out.append(char)
        index += 1
    return "".join(out)


class _Pattern:
    """One pattern of a rule: checked when the rule loads, compiled only when the text needs it.

    Most of a rule's patterns never meet a place where they could match, and compiling two
    hundred regular expressions would cost more than checking a whole book.
    """

    def __init__(self, rule: Rule, written: str, flags: int, nonword: bool):
        self.rule, self.written = rule, written
        self.source = _bounded(written, nonword)
        self.flags, self.nonword = flags, nonword
        self._compiled: re.Pattern[str] | None = None
        self.required = ""  # text every match contains (in lower case for a pattern that ignores case)
        literal = _plain_literal(written)
        if literal is not None:  # plain words: nothing to check, and the start is the first word
            head = literal.split(" ")[0][:_START_LENGTH].lower()
            self.starts = {head} if head[:1].isalnum() and not nonword else None
            return
        try:
            why, self.starts, self.required = rx.remembered(
                ("pattern", _analysis_version(), self.source, int(flags), nonword), self._analysed
            )
        except re.error as exc:
            raise rule.problem(
                f"the pattern '{written}' is not a valid regular expression: {exc}",
                "escape special characters such as . ( ) with a backslash",
            ) from None
        if why:
            raise rule.problem(
                f"the pattern '{written}' {why}: on some text it would take years to match",
                "write one repeat instead of a repeat inside a repeat, e.g. [\\w ]+ rather than (\\w+ ?)+, "
                "and alternatives that cannot match the same text",
            )

    def _analysed(self) -> tuple[str, set[str] | None, str]:
        """Why the pattern could match for ever (empty when it cannot), its literal starts (None: it is
        searched in full), and the text every match contains, which a text without it can skip."""
        tree = _sre_parse.parse(self.source, self.flags)
        why = _backtracks_without_end(tree)  # the bounds round the pattern repeat nothing
        starts = None if self.nonword else _starts_of(tree)
        required = _required_literal(tree) if starts is None else ""
        return why, starts, required.lower() if self.flags & re.IGNORECASE else required

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            try:  # some errors only the compiler finds: "look-behind requires fixed-width pattern"
                self._compiled = rx.compile(self.source, self.flags)
            except re.error as exc:
                raise self.rule.problem(
                    f"the pattern '{self.written}' is not a valid regular expression: {exc}",
                    "a look-behind (?<=...) must match text of one length: a space in it matches any run of "
                    "spaces, so write \\x20 for one space",
                ) from None
        return self._compiled


@functools.lru_cache(maxsize=1)
def _analysis_version() -> str:
    """Changes whenever this module does: part of the key of what it learnt about a pattern."""
    return cachefile.code_version([Path(__file__)])


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")
_SAMPLES = "aZé0 _-.,;:'’\"()/%\t\n!\u00a0"  # characters to tell which sets of characters overlap


def _backtracks_without_end(items: Any, samples: str = _SAMPLES) -> str:
    """Why a parsed pattern can take exponential (or very high polynomial) time, since Python's matcher
    backtracks and cannot be stopped; empty when it cannot.

    A repeated group is ambiguous when something inside it that may match more or less text -- a repeat,
    an optional part, an empty alternative -- can match the characters the group's other parts match:
    (a+)+, (\\w+\\s?)+, (a|aa)+, (.*a){20}. A group with a part it must match and the variable part
    cannot (the comma of (\\d{1,3},)*) is safe. Possessive repeats and atomic groups never backtrack into."""
    samples = "".join(dict.fromkeys(samples + "".join(chr(v) for op, v in _walk(items) if _op_name(op) == "LITERAL")))
    for op, value in _walk(items):
        if _op_name(op) not in _REPEATS or value[1] <= 1:
            continue
        unbounded = value[1] == _sre_parse.MAXREPEAT
        body = list(value[2])
        fixed = [
            _chars(node, samples) for node in _top(body) if _op_name(node[0]) in ("LITERAL", "IN", "ANY", "NOT_LITERAL")
        ]
        for node in _top(body):
            name = _op_name(node[0])
            if name == "BRANCH" and sum(1 for branch in node[1][1] if not branch) > 1:
                return "repeats alternatives that match the same text"
            variable = (name in _REPEATS and node[1][0] < node[1][1]) or (
                name == "BRANCH" and any(not branch for branch in node[1][1])
            )
            if not variable:
                continue
            inner_unbounded = name in _REPEATS and node[1][1] == _sre_parse.MAXREPEAT
            if not (unbounded or inner_unbounded):
                continue
            matched = _chars_in([node], samples)
            if not any(chars.isdisjoint(matched) for chars in fixed):
                return "has a repeat inside a repeat that can match the same text in many ways"
    return ""


def _walk(items: Any) -> Any:
    """Every node of a parsed pattern, depth first."""
    for op, value in items:
        yield op, value
        name = _op_name(op)
        if name in (*_REPEATS, "POSSESSIVE_REPEAT"):
            yield from _walk(value[2])
        elif name == "SUBPATTERN":
            yield from _walk(value[-1])
        elif name == "ATOMIC_GROUP":
            yield from _walk(value)
        elif name == "BRANCH":
            for branch in value[1]:
                yield from _walk(branch)
        elif name in ("ASSERT", "ASSERT_NOT"):
            yield from _walk(value[1])


def _top(items: Any) -> list[Any]:
    """The nodes of a sequence, groups opened: what the sequence is made of, one after the other."""
    found = []
    for op, value in items:
        if _op_name(op) == "SUBPATTERN":
            found.extend(_top(value[-1]))
        else:
            found.append((op, value))
    return found


def _chars_in(items: Any, samples: str) -> set[str]:
    """The sample characters anything in ``items`` can match."""
    found: set[str] = set()
    for node in _walk(items):
        if _op_name(node[0]) in ("LITERAL", "IN", "ANY", "NOT_LITERAL"):
            found |= _chars(node, samples)
    return found


def _chars(node: Any, samples: str) -> set[str]:
    """The sample characters one character node (a literal, a class, any) matches."""
    op, value = node
    name = _op_name(op)
    if name == "LITERAL":
        return {chr(value)}
    if name == "NOT_LITERAL":
        return {c for c in samples if c != chr(value)}
    if name == "ANY":
        return {c for c in samples if c != "\n"}
    negate = any(_op_name(o) == "NEGATE" for o, _ in value)
    found = set()
    for char in samples:
        hit = False
        for inner_op, inner in value:
            inner_name = _op_name(inner_op)
            if inner_name == "LITERAL":
                hit = hit or chr(inner) == char
            elif inner_name == "RANGE":
                hit = hit or inner[0] <= ord(char) <= inner[1]
            elif inner_name == "CATEGORY":
                kind = _op_name(inner)
                pattern = {"WORD": r"\w", "DIGIT": r"\d", "SPACE": r"\s"}.get(kind.split("_")[-1])
                hit = hit or (pattern is not None and (re.match(pattern, char) is None) == ("_NOT_" in kind))
        if hit != negate:
            found.add(char)
    return found


def _op_name(op: Any) -> str:
    return getattr(op, "name", str(op))


def _class_chars(items: list) -> list[str] | None:
    chars: list[str] = []
    for op, value in items:
        name = _op_name(op)
        if name == "LITERAL":
            chars.append(chr(value))
        elif name == "RANGE" and value[1] - value[0] < 16:
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return chars


def _sequence_prefixes(items: Any) -> list[tuple[str, bool]] | None:
    """(literal start, whether the pattern may continue after it) for every way a sequence can begin."""
    results: list[tuple[str, bool]] = [("", True)]
    for op, value in items:
        if not any(open_ for _, open_ in results):
            break
        name = _op_name(op)
        extension: list[tuple[str, bool]] | None
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width
        if name == "LITERAL":
            extension = [(chr(value), True)]
        elif name == "IN":
            chars = _class_chars(value)
            extension = [(c, True) for c in chars] if chars else [("", False)]
        elif name == "SUBPATTERN":
            extension = _sequence_prefixes(value[-1])
        elif name == "ATOMIC_GROUP":
            extension = _sequence_prefixes(value)
        elif name == "BRANCH":
            extension = []
            for branch in value[1]:
                found = _sequence_prefixes(branch)
                if found is None:
                    return None
                extension.extend(found)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = value
            if low == 0 and high == 1:  # "(?:re|un)?organ": what follows may begin the match too
                inner = _sequence_prefixes(body)
                extension = None if inner is None else [*inner, ("", True)]
            else:
                inner = _sequence_prefixes(body) if low > 0 else [("", False)]
                extension = None if inner is None else [(p, o and low == high == 1) for p, o in inner]
        else:
            extension = [("", False)]
        if extension is None:
            return None
        grown = dict.fromkeys(
            (p + q, o2) if o else (p, False) for p, o in results for q, o2 in (extension if o else [("", False)])
        )
        # six letters are selective enough, and keep the trie of a rule with many stems small
        grown = dict.fromkeys((p[:_START_LENGTH], o and len(p) < _START_LENGTH) for p, o in grown)
        results = list(grown)
        if len(results) > 4096:
            return None
    return results


def _starts_of(tree: Any) -> set[str] | None:
    """Lower-case literal starts every match of a parsed pattern begins with, or None when it cannot be told."""
    found = _sequence_prefixes(list(tree))
    if found is None:
        return None
    starts = {p.lower() for p, _ in found}
    if not starts or any(not p or not p[0].isalnum() for p in starts):
        return None
    return starts


def _required_literal(items: Any) -> str:
    """The longest run of characters every match of a parsed pattern contains ("isation" in
    "([a-z]+)isation(s|al)?"), or "" when there is none."""
    best, run = "", []
    for op, value in items:
        name = _op_name(op)
        if name == "LITERAL":
            run.append(chr(value))
            continue
        best = max(best, "".join(run), key=len)
        run = []
        if name == "SUBPATTERN" and not value[1] and not value[2]:  # a group that sets no flags of its own
            best = max(best, _required_literal(value[-1]), key=len)
        elif name in _REPEATS and value[0] >= 1:
            best = max(best, _required_literal(value[2]), key=len)
    return max(best, "".join(run), key=len)


def _trie_pattern(words: set[str]) -> str:
    """One regular expression for many literal words, shared starts factored out ('hong|hon' → 'hon(?:g)?').

    A plain alternation of a thousand words is tried word by word at every character; a trie
    is decided one character at a time, which makes the search a few milliseconds long.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _word_start_finder(starts: set[str]) -> re.Pattern[str]:
    return rx.compile(r"(?<![^\W_])(?=" + _trie_pattern(starts) + ")")


def _positions_by_key(finder: re.Pattern[str], source: SourceFile) -> dict[str, list[int]]:
    """Offsets where the finder fires, grouped by the three lower-case characters found there."""
    masked = source.masked
    lowered = source.lowered()
    found = finder.finditer(lowered) if lowered is not None else rx.compile(finder.pattern, re.I).finditer(masked)
    groups: dict[str, list[int]] = {}
    for hit in found:
        position = hit.start()
        key = lowered[position : position + 3] if lowered is not None else masked[position : position + 3].lower()
        groups.setdefault(key, []).append(position)
    return groups


class _Matcher:
    """Finds, left to right and without overlaps, where any of several patterns matches the prose.

    Like one big alternation (the first pattern wins at a position), but each pattern is tried only
    where one of its literal starts stands at the beginning of a word; those places come from one trie
    search over the lower-cased prose (shared by all rules, see ``share_word_starts``). Patterns
    without a literal start are searched in full.
    """

    def __init__(self, patterns: list[_Pattern]):
        self.patterns = patterns
        self.by_key: dict[str, list[int]] = {}  # the first one to three letters of a start → pattern indexes
        self.anywhere: list[int] = []
        self.starts: set[str] = set()
        for index, pattern in enumerate(patterns):
            starts = pattern.starts
            if starts is None:
                self.anywhere.append(index)
                continue
            self.starts.update(starts)
            for start in starts:
                bucket = self.by_key.setdefault(start[:3], [])
                if index not in bucket:
                    bucket.append(index)
        self._finder: re.Pattern[str] | None = None
        self._indexes: dict[str, list[int]] = {}  # three letters found in the text → patterns to try there

    def _positions(self, source: SourceFile) -> dict[str, list[int]]:
        shared = source.cache.get(_SHARED_KEY)
        if shared is not None and id(self) in shared[0]:
            return shared[1]
        if self._finder is None:
            self._finder = _word_start_finder(self.starts)
        return _positions_by_key(self._finder, source)

    def finditer(self, source: SourceFile) -> list[tuple[int, re.Match[str]]]:
        masked = source.masked
        candidates: list[tuple[int, int, re.Match[str] | None]] = []
        if self.starts:
            for key, positions in self._positions(source).items():
                indexes = self._indexes.get(key)
                if indexes is None:
                    indexes = self._indexes[key] = sorted(
                        {i for length in (1, 2, 3) if len(key) >= length for i in self.by_key.get(key[:length], ())}
                    )
                if indexes:
                    candidates.extend((position, index, None) for position in positions for index in indexes)
        for index in self.anywhere:
            pattern = self.patterns[index]
            if pattern.required:
                seen = source.lowered() if pattern.flags & re.IGNORECASE else masked
                if seen is not None and pattern.required not in seen:
                    continue
            candidates.extend((m.start(), index, m) for m in pattern.compiled.finditer(masked))
        candidates.sort(key=lambda c: (c[0], c[1]))
        matches: list[tuple[int, re.Match[str]]] = []
        end = -1
        matched_at = -1
        for position, index, match in candidates:
            if position < end or position == matched_at:
                continue
            if match is None:
                match = self.patterns[index].compiled.match(masked, position)
            if match is None or match.end() == match.start():
                continue
            matches.append((index, match))
            end = match.end()
            matched_at = position
        return matches


_SHARED_KEY = "shared word starts"


def share_word_starts(rules: list[Rule], sources: list[SourceFile]) -> None:
    """Find the places every pattern rule may fire with one search per file, instead of one per rule."""
    matchers = [rule.matcher for rule in rules if isinstance(rule, _PhraseRule)]
    starts = set().union(*(m.starts for m in matchers)) if matchers else set()
    if not starts:
        return
    finder = _word_start_finder(starts)
    covered = frozenset(id(m) for m in matchers)
    for source in sources:
        source.cache[_SHARED_KEY] = (covered, _positions_by_key(finder, source))


class _Exceptions:
    """Phrases inside which a rule must not fire (e.g. 'Hong Kong' inside 'Hong Kong SAR, China').

    ``phrases`` are literal words; ``patterns`` are regular expressions (the names of former states).
    Compiled at the first hit that needs them: a clean text never pays for them.
    """

    def __init__(self, phrases: list[str], ignorecase: bool, patterns: list[str] | None = None):
        self.phrases = sorted({p for p in phrases if p}, key=len, reverse=True)
        self.patterns = [p for p in patterns or [] if p]
        self.flags = re.IGNORECASE if ignorecase else 0
        # how far before a hit an exception can begin (line breaks may stretch a phrase)
        longest = max((len(p) for p in self.phrases + self.patterns), default=0)
        self.reach = 2 * longest + 8
        self._compiled: tuple[re.Pattern[str], re.Pattern[str]] | None = None

    def _compile(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The phrases and patterns as one expression, and the places where they may begin."""
        if self._compiled is None:
            parts = [_flexible_spaces(re.escape(p).replace("\\ ", " ")) for p in self.phrases]
            parts += ["(?:" + _flexible_spaces(p) + ")" for p in self.patterns]
            if self.patterns:  # a pattern may begin with anything: try every word start
                firsts = r"(?<![^\W_])[^\W_]"
            else:
                letters = {p[0] for p in self.phrases}
                if self.flags:
                    letters |= {c.swapcase() for c in letters}
                firsts = "[" + "".join(re.escape(c) for c in sorted(letters)) + "]"
            self._compiled = (rx.compile("|".join(parts), self.flags), rx.compile(firsts))
        return self._compiled

    def covers(self, source: SourceFile, start: int, end: int) -> bool:
        """Does an exception begin at or before ``start`` and reach ``end``? Only places near the hit are tried."""
        if not self.phrases and not self.patterns:
            return False
        pattern, firsts = self._compile()
        masked = source.masked
        for first in firsts.finditer(masked, max(0, start - self.reach), start + 1):
            match = pattern.match(masked, first.start())
            if match is not None and match.end() >= end:
                return True
        return False


def _blank_run(masked: str, position: int, step: int) -> int:
    """Skip blanks and at most one line break from ``position`` in direction ``step`` (±1)."""
    newlines = 0
    index = position
    while 0 <= (index if step > 0 else index - 1) < len(masked):
        char = masked[index if step > 0 else index - 1]
        if char == "\n":
            newlines += 1
            if newlines > 1:
                return position
        elif char not in _BLANKS:
            break
        index += step
    return index


_ITEM_START = rx.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+|[ \t]*[#>|]")
_EMPHASIS_LINE = rx.compile(r"[ \t]*(\*\*|__|\*|_)[^\n]*\1[ \t]*")  # "**Lessons from Cambodia**": a heading


def _starts_block(source: SourceFile, position: int) -> bool:
    """Does a new block (list item, heading, quote, table row, or a line after a heading) begin on the line
    of ``position``? Markdown joins a wrapped line to the one before; it does not join these, although the
    prose mask, which blanks list markers and emphasis, makes them look joined."""
    text = source.text
    line_start = text.rfind("\n", 0, position) + 1
    if line_start == 0 or _ITEM_START.match(text, line_start):
        return True
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    if source.heading_spans and source.in_spans(previous_start, source.heading_spans):
        return True
    return _EMPHASIS_LINE.fullmatch(text, previous_start, line_start - 1) is not None


def _crosses_block(source: SourceFile, left: int, right: int) -> bool:
    """Is there a line break between ``left`` and ``right`` that starts a new block?"""
    newline = source.masked.find("\n", left, right)
    return newline != -1 and _starts_block(source, newline + 1)


_ACRONYM_BEFORE = rx.compile(r"\([A-Z][A-Za-z0-9-]*[A-Z0-9]\)\Z")


def _words_around(source: SourceFile, start: int, end: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Up to two words (with offsets) before and after a span in the same paragraph and block, nearest first."""
    masked = source.masked
    before: list[tuple[str, int]] = []
    position = start
    while len(before) < 2:
        gap = _blank_run(masked, position, -1)
        acronym = _ACRONYM_BEFORE.search(masked, max(0, gap - 16), gap) if masked[gap - 1 : gap] == ")" else None
        if acronym is not None:  # "the e-Learning Training (AeLT) Program": the name goes on over its acronym
            gap = _blank_run(masked, acronym.start(), -1)
        # a plural's possessive is a word of the name too: "the Lagoon Teachers’ Organisation"
        possessive = masked[gap - 1 : gap] in ("'", "’") and masked[gap - 2 : gap - 1] == "s"
        if gap == position or gap == 0 or not (masked[gap - 1].isalnum() or possessive):
            break
        if _crosses_block(source, gap, position):
            break
        word_start = gap
        while word_start > 0 and (masked[word_start - 1].isalnum() or masked[word_start - 1] in "'’-&"):
            word_start -= 1  # "R&D" is one word, not a capital "D" before the match
        before.append((masked[word_start:gap], word_start))
        position = word_start
    after: list[tuple[str, int]] = []
    position = end
    while len(after) < 2:
        gap = _blank_run(masked, position, 1)
        match = _NAME_WORD.match(masked, gap)
        if gap == position or match is None or _crosses_block(source, position, gap):
            break
        after.append((match.group(0), gap))
        position = match.end()
    return before, after


_ENUMERATOR_BEFORE = rx.compile(r"(?:\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)|(?<![^\W_])(?:\d{1,2}|[a-z])\))[ \t]+\Z")


def _sentence_initial(masked: str, start: int) -> bool:
    """Does the word at ``start`` begin a sentence, paragraph, list item, heading or table cell? An enumerator
    inside a sentence starts one too: "Allowance: (1) Undergraduate Program: ..." ("(1)", "a)", "(iv)")."""
    enumerator = _ENUMERATOR_BEFORE.search(masked, max(0, start - 10), start)
    if enumerator is not None:
        start = enumerator.start()
    index = start - 1
    while index >= 0 and masked[index] in " \t\"'“‘([*_>#|+-":
        index -= 1
    if index < 0:
        return True
    if masked[index] != "\n":
        return masked[index] in ".!?:"
    if masked[index + 1 : start].strip():  # a list marker, "#" or "|" was skipped: a new block
        return True
    previous = masked[masked.rfind("\n", 0, index) + 1 : index]
    return not previous.strip() or _sentence_initial(masked, index)  # a wrapped line continues its sentence


def _starts_sentence(source: SourceFile, start: int) -> bool:
    """``_sentence_initial``, also after the list markers and emphasis the prose mask blanks."""
    text = source.text
    line_start = text.rfind("\n", 0, start) + 1
    if not source.masked[line_start:start].strip() and _starts_block(source, start):
        return True
    return _sentence_initial(source.masked, start)


_DAYS_AND_MONTHS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December".split()
)


def in_proper_name(
    source: SourceFile, start: int, end: int, same_line: bool = False, title_words: frozenset[str] = frozenset()
) -> bool:
    """Is a capitalized match part of a longer name ('Center for Global Development', 'University of Hong Kong')?

    A capitalized neighbour in the same block is evidence unless it only starts the sentence (with
    ``same_line``, only on the same line: "Lao PDR⏎Vietnam" is two names) or it has capitals of its own after a
    hyphen ("East-West Center" at the start of a list item); a connector ("of", "for")
    between capitalized words is evidence anywhere, including headings written in title case.

    With ``title_words``, a heading or a table's header row is read as written in title case, where every word
    has its capital by style: see ``_name_in_title``.
    """
    masked = source.masked
    if not masked[start : start + 1].isupper():
        return False
    if title_words and _in_title_line(source, start):
        return _name_in_title(source, start, end, title_words)
    before, after = _words_around(source, start, end)

    def capital(word: str) -> bool:
        return word[:1].isupper()

    if (  # "Taiwan on Monday unveiled plans": a date, not the rest of a name
        len(after) == 2
        and after[0][0].lower() in _CONNECTORS
        and capital(after[1][0])
        and _head_word(after[1][0]) not in _DAYS_AND_MONTHS
        and not (_starts_sentence(source, start) and _people_adjective(masked, after[1][1]))
    ):
        return True
    if (  # "Figures for Taiwan are ...": the capital only starts the sentence, not the value of a label
        len(before) == 2
        and before[0][0].lower() in _CONNECTORS
        and capital(before[1][0])
        and (
            not _starts_sentence(source, before[1][1])
            or _after_label(source, before[1][1])
            or _is_name_word(before[1][0], title_words)  # "Office of Labor: open", "Ministry of Labor staff said"
        )
    ):
        return True
    if source.heading_spans and source.in_spans(start, source.heading_spans):
        return _named_below(source, start, end)
    if same_line:
        after = [w for w in after if "\n" not in masked[end : w[1]]]
        before = [w for w in before if "\n" not in masked[w[1] : start]]
    if after and capital(after[0][0]) and (not _starts_sentence(source, start) or _after_label(source, start)):
        return True
    if before and _INNER_CAPITAL.search(before[0][0]):  # "- East-West Center": capitals of its own, not the sentence's
        return True
    if before and capital(before[0][0]) and _starts_sentence(source, before[0][1]):
        if len(before[0][0]) >= 2 and before[0][0].isupper() and before[0][0].isalpha():
            return True  # "AIT Center in ...": an acronym has its capitals wherever it stands
        return _written_inside_sentence(source, before[0][1], end)  # "1. Fulbright Program", written so elsewhere
    return bool(before and capital(before[0][0]))


_PEOPLE_ADJECTIVE = rx.compile(r"[A-Z][a-z]+(?:ese|ian|ean|ish|ic|i)(?=[ \t]+[a-z])")


def _people_adjective(masked: str, position: int) -> bool:
    """Is the word at ``position`` an adjective of a people or a country before a noun in small letters
    ("Internationalisation of Malaysian universities has grown")? After "of" at the start of a sentence it makes
    no name of the capitalized first word."""
    return _PEOPLE_ADJECTIVE.match(masked, position) is not None


def _authors_phrase(words: str) -> re.Pattern[str]:
    """The author's words as a whole phrase, any space a line break too: compiled by re, not kept in the user's
    cache between runs (which holds nothing of the texts)."""
    return re.compile(r"(?<![^\W_])" + _flexible_spaces(re.escape(words).replace("\\ ", " ")) + r"(?![^\W_])")


def _written_inside_sentence(source: SourceFile, start: int, end: int) -> bool:
    """Does the text write the words from ``start`` to ``end`` (a list item's first words, "1. Fulbright
    Program") elsewhere where they do not begin a sentence ("Since 1990, Fulbright Program grants have ...")?
    Then the capital of the first word is the name's, not the item's."""
    words = re.sub(r"\s+", " ", source.masked[start:end])
    if " " not in words:
        return False
    pattern = _authors_phrase(words)
    return any(
        m.start() != start and not _in_title_line(source, m.start()) and not _starts_sentence(source, m.start())
        for m in pattern.finditer(source.masked)
    )


_ACRONYM_AFTER = rx.compile(r"[ \t]*\((?P<acronym>[A-Z]{2,6})s?\)")


def _defined_term(
    source: SourceFile, start: int, name_words: frozenset[str], instruments: frozenset[str] = frozenset()
) -> bool:
    """Is the match in a run of capitalized words spelled by the acronym in brackets right after it, none of them
    a word of an organization's name ('Gross Enrollment Ratio (GER)', not 'East-West Center (EWC)'), and not
    the run's last word, which names what it is ('the Direct Aid Program (DAP)' is a programme's name)? Such
    capitals introduce a term's acronym; the term is no proper name. A run whose last word is one of
    ``instruments`` names one campaign or scheme ('the National Primary Enrollment Campaign (NPEC)')."""
    masked = source.masked
    line_start = masked.rfind("\n", 0, start) + 1
    line_end = masked.find("\n", start)
    for run in _CAPITAL_RUN.finditer(masked, line_start, len(masked) if line_end < 0 else line_end):
        if run.start() <= start < run.end():
            acronym = _ACRONYM_AFTER.match(masked, run.end())
            if acronym is None:
                return False
            letters = acronym["acronym"]
            words = [(m.group(0), m.start()) for m in _NAME_WORD.finditer(run.group(0))][-len(letters) :]
            return (
                "".join(word[0] for word, _ in words) == letters  # the last words of the run ("The Gross ...")
                and run.start() + words[0][1] <= start < run.start() + words[-1][1]  # its head is the name's
                and not any(_is_name_word(word, name_words) for word, _ in words)
                and words[-1][0] not in instruments
            )
    return False


_CAPITAL_RUN = rx.compile(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*")
_HEADER_RULE = rx.compile(  # the line under a table's header row: "|---|:--:|", "-----  ------", "+=====+====+"
    r" {0,3}(?:\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?|\|[ \t]*:?-{3,}:?[ \t]*\||-{3,}(?:[ \t]+-{3,})+"
    r"|\+(?:=+\+)+)[ \t]*"
)


def _in_title_line(source: SourceFile, position: int) -> bool:
    """Is ``position`` in a heading or in the header row of a table (pipe, simple or grid), where words have
    their capitals by style rather than because they are names?"""
    if source.heading_spans and source.in_spans(position, source.heading_spans):
        return True
    text = source.text
    line_end = text.find("\n", position)
    if line_end < 0:
        return False
    next_end = text.find("\n", line_end + 1)
    next_line = text[line_end + 1 : len(text) if next_end < 0 else next_end]
    return (
        _HEADER_RULE.fullmatch(next_line) is not None
        or _title_case_row(source, position, line_end)
        or _in_label_column(source, position, line_end)
        or _title_case_item(source.masked, position, line_end)
        or _in_title_case_label(source.masked, position)
    )


_LABEL_CELL = rx.compile(r"[A-Z][\w'’]*(?:(?:[ \t]+|[ \t]*/[ \t]*)(?:[A-Z][\w'’]*|of|for|and|the|in|on|by|as|or)){0,5}")


def _in_label_column(source: SourceFile, position: int, line_end: int) -> bool:
    """Is ``position`` in the first cell of a pipe table of two columns that gives a label in title case on each
    row, its header row too, and its value in the other cell ("| Project/Program Number | 34388-013 |")? The
    labels have their capitals by style, as a header row has."""
    text = source.masked
    line_start = text.rfind("\n", 0, position) + 1
    if source.text[line_start : line_start + 1] != "|" or not source.in_spans(position, source.table_line_spans):
        return False
    first_end = text.find("|", line_start + 1, line_end)
    if not line_start < position < first_end:
        return False
    top = line_start
    while top > 0 and source.text[text.rfind("\n", 0, top - 1) + 1 : top].startswith("|"):
        top = text.rfind("\n", 0, top - 1) + 1
    bottom = line_end
    while bottom + 1 < len(text) and source.text[bottom + 1 : bottom + 2] == "|":
        following = text.find("\n", bottom + 1)
        bottom = len(text) if following < 0 else following
    rows = [row for row in text[top:bottom].split("\n") if not _HEADER_RULE.fullmatch(row)]
    for row in rows:
        cells = row.strip(" \t").strip("|").split("|")
        if len(cells) != 2 or _LABEL_CELL.fullmatch(cells[0].strip(" \t*_")) is None:
            return False
    return len(rows) >= 3


_TITLE_CASE_LABEL = rx.compile(
    r"[ \t]*(?:[*+-][ \t]+)?[*_]*(?P<label>(?:[A-Z][\w'’-]*[ \t]+){1,4}[A-Z][\w'’-]*)[*_]*[ \t]?:[*_]*(?=[ \t]|$)",
    re.MULTILINE,
)


def _in_title_case_label(masked: str, position: int) -> bool:
    """Is ``position`` in a label of two to five capitalized words that begins its line and ends with a colon
    ("Scholarship Programs: the agency offers ...")? Such a label has its capitals by style, as a heading has."""
    line_start = masked.rfind("\n", 0, position) + 1
    label = _TITLE_CASE_LABEL.match(masked, line_start)
    return label is not None and label.start("label") <= position < label.end("label")


_NUMBERED_ITEM = rx.compile(r"[ \t]*\d{1,2}[.)][ \t]+(?P<item>[A-Z][^\n]{0,80})")


def _title_case_item(masked: str, position: int, line_end: int) -> bool:
    """Is ``position`` in a numbered item of a few words in title case, a line to itself that heads what follows
    like a heading ("2. Issuance of Teaching Licenses")? A sentence ends with a full stop, and has no capitals
    on its longer words."""
    line_start = masked.rfind("\n", 0, position) + 1
    item = _NUMBERED_ITEM.fullmatch(masked, line_start, line_end)
    if item is None or position < item.start("item"):
        return False
    words = item["item"].split()
    return 2 <= len(words) <= 8 and _title_case(item["item"]) and ":" not in item["item"]


def _title_case_row(source: SourceFile, position: int, line_end: int) -> bool:
    """Is ``position`` in a row of a pipe table whose cells are all written in title case, with a function word
    capitalized inside a cell ("| Courses Held At | Licensed Centers Only |")? Such capitals are the table's
    style, like a header row's, not a name's."""
    text = source.masked
    line_start = text.rfind("\n", 0, position) + 1
    if source.text[line_start : line_start + 1] != "|" or not source.in_spans(position, source.table_line_spans):
        return False
    cells = [cell.strip(" \t*_") for cell in text[line_start:line_end].strip(" \t|").split("|")]
    words = [cell.split() for cell in cells if cell]
    if not words or not all(_title_case(" ".join(cell)) for cell in words):
        return False
    return any(word in _TITLE_FUNCTION_WORDS or word == "Only" for cell in words for word in cell[1:])


def _in_title_case_line(source: SourceFile, position: int) -> bool:
    """Is ``position`` in a heading or a table's header row written in title case ('### The Asia-Pacific
    Region'), where a word's capital is the style's?"""
    if not _in_title_line(source, position):
        return False
    text = source.masked
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip(" \t#|")
    return _title_case(line)


_TITLE_RUN_WORD = rx.compile(r"[ \t]+([^\W_][\w'’-]*)")


def _name_in_title(source: SourceFile, start: int, end: int, title_words: frozenset[str]) -> bool:
    """In a heading or a table's header row every word has a capital, so capitalized neighbours say nothing:
    "## Scholarship Program", "| Labor Force (in thousands) |", "## Taiwan's Chance to Become the
    Chinese-language Center of Excellence" are words, not names. The run is a name when it holds one of
    ``title_words`` after the match or before it across "of"/"for" ("Ministry of Defense", "Labor Market
    Information Office"), when capitals of its own come just before the match ("East-West Center"), when the
    first capitalized word after its "of" or "for" is one the text capitalizes inside its sentences ("Center
    for Asia"), or when the text writes the words outside such lines: from the match to a capitalized word
    after "of" or "for" ("Center for Global Development"), or the run of capitalized words around the match
    ("## The Shanghai Cooperation Organisation")."""
    masked = source.masked
    if in_organization(source, start, end, title_words, frozenset()):
        return True
    if _spelled_by_acronym_after(masked, start, end):
        return True
    before, after = _words_around(source, start, end)
    if before and _INNER_CAPITAL.search(before[0][0]) and "\n" not in masked[before[0][1] : start]:
        return True
    if after and after[0][0].lower() in _CONNECTORS and "\n" not in masked[end : after[0][1]]:
        named: list[tuple[str, int]] = []  # the capitalized words after the connector, each with where it ends
        position = after[0][1] + len(after[0][0])
        while len(named) < 6:
            word = _TITLE_RUN_WORD.match(masked, position)
            if word is None or not word.group(1)[:1].isupper():
                break
            named.append((word.group(1), word.end()))
            position = word.end()
        if named and _capitalized_in_sentences(source, _head_word(named[0][0])):
            return True
        for _, phrase_end in named:  # "Center for Global Development", when the text writes it so elsewhere
            if _written_outside_titles(source, start, phrase_end):
                return True
    return _named_below(source, start, end, outside_titles=True)


def _spelled_by_acronym_after(masked: str, start: int, end: int) -> bool:
    """Does the run of capitalized words that ends with the match have its acronym in brackets right after it
    ("### Lagoon Schooling Support Program (LSSP) Review 2019")? A heading writes a name so, not a title's
    words; "## Scholarship Program" has none."""
    acronym = _ACRONYM_AFTER.match(masked, end)
    if acronym is None:
        return False
    line_start = masked.rfind("\n", 0, start) + 1
    for run in _CAPITAL_RUN.finditer(masked, line_start, end):
        if run.start() < start and run.end() == end:
            return _spells_words(acronym["acronym"], run.group(0))
    return False


_LABEL_START = rx.compile(r"[ \t]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?[*_]*")
_LABEL_END = rx.compile(r"[*_]*:")


def _inside_longer_run(source: SourceFile, start: int, end: int) -> bool:
    """Are the words at ``start``-``end`` only part of a longer run of capitalized words ("Labor Force" in "the
    Labor Force Survey"), or a label ("- Labor Force: 200")? Then they are no name of their own."""
    word = _TITLE_RUN_WORD.match(source.masked, end)
    if word is not None and word.group(1)[:1].isupper():
        return True
    text = source.text
    line_start = text.rfind("\n", 0, start) + 1
    if _LABEL_START.fullmatch(text, line_start, start) and _LABEL_END.match(text, end):
        return True  # a label ("- Labor Force: 200") has its capitals by style too
    before = next(_words_before(source, start), None)
    return before is not None and before[0][:1].isupper() and not _starts_sentence(source, before[1])


def _capitalized_in_sentences(source: SourceFile, word: str) -> bool:
    """Does the text write ``word`` with its capital inside a sentence, outside headings and table headers (a
    name: "Asia", "Mongolia"), not only where its capitals are the style's ("Excellence")?"""
    for match in re.finditer(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", source.masked):
        if not _in_title_line(source, match.start()) and not _starts_sentence(source, match.start()):
            return True
    return False


# function words a headline in title case capitalizes; no name's words between a country and its name word
_TITLE_FUNCTION_WORDS = frozenset(
    "To From With On At By As Into Onto Upon Over Via Amid Against Towards Toward After Before Than Is Are Was Were "
    "Will Has Have".split()
)


def _written_in_lower_case(source: SourceFile, word: str) -> bool:
    """Does the text write the word in small letters, in one of its simple forms ('hosts', 'host' or 'hosted'
    for a headline's 'Hosts'; a heading in sentence case counts too), and never with its capital inside a
    sentence? Then the headline gave it its capital: it is a verb or a common word, not a word of a name."""
    forms = {form.lower() for form in _singulars(word) if len(form) > 2}
    if not forms:
        return False
    written = "|".join(re.escape(form) for form in sorted(forms))
    if not re.search(r"(?<![^\W_])(?:" + written + r")(?:s|es|d|ed|ing)?(?![^\W_])", source.masked):
        return False
    return not any(_capitalized_in_sentences(source, form.capitalize()) for form in forms)


def _written_outside_titles(source: SourceFile, start: int, end: int) -> bool:
    """Does the text write the words from ``start`` to ``end`` of a heading outside its headings and table
    headers too ('## Borduria National University Opens' above 'Borduria National University grew')?"""
    words = re.sub(r"[ \t]+", " ", source.masked[start:end])
    return any(not _in_title_line(source, m.start()) for m in _authors_phrase(words).finditer(source.masked))


def _breaks_title_name(source: SourceFile, word: str, position: int, before_name_word: bool = False) -> bool:
    """In a heading or a table's header row, does the capitalized ``word`` at ``position`` (0 right after the
    match) end the run of a name? A function word the headline capitalizes does, anywhere ('## Borduria Keen To
    Join Council Programme'), and so does a word the text writes in small letters in its sentences ('##
    Borduria Hosts Council Conference' beside 'will host'); past the first two words, so does any word the text
    does not capitalize inside its sentences ('## Japan and South Korea Top List of Innovative Universities'). A
    word right before a name word is the name's, whatever the text writes ('## Borduria National University
    Opens' beside 'national policy')."""
    if word in _TITLE_FUNCTION_WORDS:
        return True
    if _written_in_lower_case(source, word):
        return not before_name_word
    return position >= 2 and not _capitalized_in_sentences(source, word)


def _named_below(source: SourceFile, start: int, end: int, outside_titles: bool = False) -> bool:
    """'## The Shanghai Cooperation Organisation': the capitalized words of a heading around the match are a name
    when the text writes the same words outside its headings ('The Shanghai Cooperation Organisation (SCO) grew
    ...'); a heading in title case cannot say so by itself. The words must be more than the match ('## South
    Korea' is only the match). With ``outside_titles``, a table's header row is like a heading: the match may
    be in one, and the words written in another say nothing."""
    masked = source.masked
    line_start = masked.rfind("\n", 0, start) + 1
    line_end = masked.find("\n", end)
    line = masked[line_start : len(masked) if line_end < 0 else line_end]
    for run in _CAPITAL_RUN.finditer(line):
        run_start, run_end = line_start + run.start(), line_start + run.end()
        if not (run_start <= start and end <= run_end):
            continue
        words = re.sub(r"^(?:The|A|An)[ \t]+", "", run[0])
        if len(words.split()) < 2 or words == masked[start:end]:
            return False
        pattern = _authors_phrase(words)
        if outside_titles:
            return any(
                not _in_title_line(source, m.start()) and not _inside_longer_run(source, m.start(), m.end())
                for m in pattern.finditer(masked)
            )
        return any(not source.in_spans(m.start(), source.heading_spans) for m in pattern.finditer(masked))
    return False


_INFOBOX_LABEL = rx.compile(r"[ \t]*(?:[*+-][ \t]+)?[*_]*[A-Z][\w'’]*(?:[ \t]+[\w'’]+){0,2}[*_]*:[*_]*[ \t]+")


def _after_label(source: SourceFile, start: int) -> bool:
    """Does the match begin the value of a label of one to three words that begins its line, as in the facts box
    of a biography ("- Awards: Labor Order, Third Class")? The value is a name, not the start of a sentence."""
    text = source.text
    line_start = text.rfind("\n", 0, start) + 1
    return _INFOBOX_LABEL.fullmatch(text, line_start, start) is not None


_INNER_CAPITAL = rx.compile(r"^[A-Z][a-z]+-[A-Z]")  # "East-West", "Asia-Pacific", "Sino-Japanese"


_RUN_WORD = rx.compile(r"[^\W_][\w'’]*(?:&[^\W_][\w'’]*)*")
_RUN_GAP = rx.compile(r"[ \t\u00a0\u202f]+(?:\n[ \t]*)?|\n[ \t]*")
_WORD_BEFORE = rx.compile(r"([^\W_][\w'’&-]*)" + _SPACE + r"\Z")


def _words_before(source: SourceFile, cursor: int) -> Iterator[tuple[str, int]]:
    """The words before ``cursor`` in the same block, nearest first, each with where it begins."""
    masked = source.masked
    while True:
        previous_word = _WORD_BEFORE.search(masked, max(0, cursor - 60), cursor)
        if previous_word is None or _crosses_block(source, previous_word.start(), cursor):
            return
        yield previous_word.group(1), previous_word.start()
        cursor = previous_word.start()


_RIGHT_CONNECTORS = frozenset({"of", "for", "and", "&", "de", "du", "des", "on", "in"})


def _head_word(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)


def _singulars(word: str) -> list[str]:
    """The word and what it may be the plural of: 'Centers' → 'Center', 'Societies' → 'Society'."""
    forms = [word]
    if len(word) > 3 and word[-1:] in "sS" and word[-2:-1] not in "sS":
        forms.append(word[:-1])
        if word[-3:].lower() == "ies":
            forms.append(word[:-3] + ("Y" if word.isupper() else "y"))
        elif word[-2:].lower() == "es":
            forms.append(word[:-2])
    return forms


def _is_name_word(word: str, name_words: frozenset[str]) -> bool:
    """Is the word one of ``name_words``, or its plural ('Centers', 'Offices'), also when a heading or a label
    writes it in capitals (UNIVERSITY)?"""
    for head in _singulars(_head_word(word)):
        if head in name_words or (len(head) > 1 and head.isupper() and head.capitalize() in name_words):
            return True
    return False


def _plural_name_word(word: str, name_words: frozenset[str]) -> bool:
    """Is the word the plural of one of ``name_words`` ('Projects', 'Universities', 'SCHOOLS')? Right after a
    country in a heading in title case it is the heading's noun ('## Borduria Projects - Facts', '## Borduria
    Universities Rise'), no name's, unless the text writes the words so outside its headings."""
    return any(_is_name_word(form, name_words) for form in _singulars(_head_word(word))[1:])


_BRACKETED_PARTIES = rx.compile(r"[A-Z][\w'’-]*[ \t]+\((?:[A-Z][\w'’]*[-–‐‑/])*\Z")


_NAME_HEAD_BEFORE = rx.compile(r"(?<![^\W_])[A-Z][\w'’-]*[ \t]+(?P<head>[A-Z][a-z]+)[ \t]+\Z")


def in_organization(
    source: SourceFile, start: int, end: int, name_words: frozenset[str], offices: frozenset[str]
) -> bool:
    """Is the match part of the name of an organization, a place or an event ('Vietnam National University',
    'The Education University of Hong Kong', 'Taipei Economic and Cultural Office in Hong Kong', 'Hong Kong
    Baptist University')? Such a name has one of ``name_words`` among its capitalized words, after the match
    or before it across "of"/"for"; "in" joins only after one of ``offices`` ('Office in Hong Kong', 'the Embassy
    of Singapore in Vietnam'); so is a campus named with its country after a name word that ends capitalized
    words ('the British University Vietnam'). In a heading or a table's header row, past the first two words
    after the match, the run goes on only through words the text also capitalizes inside its sentences ('##
    Japan and South Korea Top List of Innovative Universities' is a title, not a name); at any place, not through
    a function word or a word the text writes in small letters (``_breaks_title_name``), unless the text writes
    the words up to the name word outside such lines. Before "in", an office that is part of a post ('Head of
    Mission') is no office."""
    masked = source.masked
    if _PLACES_OF_AFFAIRS.match(masked, end):  # "the Hong Kong, Macao and Taiwan Affairs Office"
        return True
    # to the right: capitalized words (joined by hyphens, "and", "of"...) up to a name word
    position, words, previous = end, 0, ""
    if masked[end : end + 1] in ("'", "’") and masked[end - 1 : end] == "s":
        position = end + 1  # "the Lagoon Women Teachers’ Organisation": a possessive inside the name
    title: bool | None = None  # in a heading or a header row, where every word has its capital (asked when needed)
    broken = False  # a word of the title, no name's, came: a name word after it counts if the text writes them so
    # the countries of a name in brackets inside it: "the Second Trilateral (Japan-China-Korea) Summit"
    bracketed = _BRACKETED_PARTIES.search(masked, max(0, start - 80), start) is not None
    while words < 12:
        if bracketed and masked[position : position + 1] == ")":
            position, bracketed = position + 1, False
        if masked[position : position + 1] in "-–‐‑":  # "Vietnam-Japan University", "Korea–Pacific Islands Fund"
            gap_end = position + 1
        else:
            gap = _RUN_GAP.match(masked, position)
            if gap is None or _crosses_block(source, position, gap.end()):
                break
            gap_end = gap.end()
        word = _RUN_WORD.match(masked, gap_end)
        if word is None:
            break
        token = word.group(0)
        if gap_end == position + 1 and masked[position] in "-–‐‑" and token[0].islower():
            position, words = word.end(), words + 1  # the rest of a compound: "Co-operation Zone"
            continue
        if token[0].isupper():
            if _is_name_word(token, name_words):
                if title is None and words == 0 and _plural_name_word(token, name_words):
                    title = _in_title_line(source, start)
                    broken = broken or title  # "## Borduria Projects - Facts": the heading's plural noun
                if not broken or _written_outside_titles(source, start, word.end()):
                    return True
                break
            if title is None:
                title = _in_title_line(source, start)
            following = _TITLE_RUN_WORD.match(masked, word.end())
            before_name_word = following is not None and _is_name_word(following.group(1), name_words)
            if title and not broken and _breaks_title_name(source, _head_word(token), words, before_name_word):
                broken = True  # "## Japan and South Korea Top List of Innovative Universities": words of the title
        elif token[0].isdigit():  # a number inside a name: "the Study Korea 300K Project"
            pass
        elif not (token in _RIGHT_CONNECTORS and previous) and not (token == "the" and previous == "of"):
            break
        if token == "in" and previous not in offices:
            break
        previous, position, words = token, word.end(), words + 1
    # to the left: "University of Hong Kong", "Office in Hong Kong"
    window = max(0, start - 30)
    head = _NAME_HEAD_BEFORE.search(masked, window, start)  # a campus named so: "the British University Vietnam"
    if head is not None and _is_name_word(head["head"], name_words):
        return True
    connector = rx.compile(  # "OF" and "THE" too, in a heading written in capitals
        r"(?<![^\W_])(of|for|in|to|OF|FOR|IN|TO)" + _SPACE + r"(?:(?:the|THE)" + _SPACE + r")?\Z"
    ).search(masked, window, start)
    if connector is None or _crosses_block(source, connector.start(), start):
        return False
    run: list[str] = []
    sequence: list[str] = []  # the run with its small words, nearest first
    for token, _ in _words_before(source, connector.start()):
        if len(run) == 12:
            break
        if token[:1].isupper():
            run.append(token)
        elif not (run and token.lower() in ("of", "for", "and", "&", "the", "de")):
            break
        sequence.append(token)
    if not run:
        return False
    if connector.group(1).lower() in ("in", "to"):  # "the Embassy to Laos", as an accredited mission is named
        return any(
            _is_name_word(token, offices) and not _names_a_post(sequence, index) for index, token in enumerate(sequence)
        )
    return any(_is_name_word(token, name_words) for token in run)


# the other places of a body that deals with the affairs of several, after the first: ", Macao and Taiwan Affairs"
_PLACES_OF_AFFAIRS = rx.compile(
    r"(?:,[ \t]+[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*)?)*,?[ \t]+(?:and|&)[ \t]+[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*)?"
    r"[ \t]+Affairs(?![^\W_])"
)


_POST_HEADS = frozenset({"Head", "Heads", "Chief", "Chiefs", "HEAD", "CHIEF"})


def _names_a_post(sequence: list[str], index: int) -> bool:
    """Is the office word at ``index`` of the words before a name (nearest first) part of a post's title ('Deputy
    Head of Mission in Borduria', 'Chief of Delegation')? A post is a person, not an office: the country after
    its "in" is checked."""
    following = sequence[index + 1 : index + 3]
    return len(following) == 2 and following[0] == "of" and following[1] in _POST_HEADS


_ACRONYM_NEXT = rx.compile(r"[ \t]+(?P<acronym>[A-Z][A-Za-z0-9&]*[A-Z])(?![\w'’&-])")
_ACRONYM_THEN_NAME = rx.compile(  # "ICDF (International Cooperation and Development Fund)"
    r"(?<![\w'’&-])(?P<acronym>[A-Z][A-Za-z0-9&]*[A-Z])[ \t]*\((?P<name>[A-Z][^()\n]{2,150})\)"
)
_NAME_THEN_ACRONYM = rx.compile(  # "... Development Fund (ICDF)", "... Development Fund (Borduria ICDF)"
    r"\((?:[A-Z][\w'’-]*[ \t]+)?(?P<acronym>[A-Z][A-Za-z0-9&]*[A-Z])\)"
)


def _acronym_of_body(source: SourceFile, acronym: str, name_words: frozenset[str]) -> bool:
    """Does the text give ``acronym`` as the short name of a body, one whose capitalized words hold one of
    ``name_words``: the name in brackets after the acronym ('ICDF (International Cooperation and Development
    Fund)'), or the acronym in brackets after the name, perhaps with its country ('the Cooperation Fund (Borduria
    ICDF)')?"""
    masked = source.masked
    for match in _ACRONYM_THEN_NAME.finditer(masked):
        if match["acronym"] == acronym and any(_is_name_word(word, name_words) for word in match["name"].split()):
            return True
    for match in _NAME_THEN_ACRONYM.finditer(masked):
        if match["acronym"] != acronym:
            continue
        for token, _ in itertools.islice(_words_before(source, match.start()), 12):
            if _is_name_word(token, name_words):
                return True
            if not (token[:1].isupper() or token in _DEFINED_SMALL):
                break
    return False


def before_body_acronym(source: SourceFile, start: int, end: int, name_words: frozenset[str]) -> bool:
    """Is the match the country in a body's short name, written before the body's acronym ('the Borduria ICDF
    awards grants', 'under Borduria ICDF rules', '(Borduria ICDF)')? The text must give the acronym as a body's
    name (``_acronym_of_body``); a country before a term's acronym ('Borduria GDP') is the country."""
    after = _ACRONYM_NEXT.match(source.masked, end)
    if after is None or sum(c.isupper() for c in after["acronym"]) < 2:
        return False
    return _acronym_of_body(source, after["acronym"], name_words)


# what a name in capitals before a word in small letters can be the name of: "its Study Korea 300K plan", "the
# Study in Korea website"
_THING_NOUNS = frozenset(
    "plan plans website websites site sites portal portals programme programmes program programs project projects "
    "initiative initiatives scheme schemes campaign campaigns strategy platform app fair fairs brand "
    "report reports survey index yearbook".split()
)


_PLAN_YEAR = rx.compile(r"[ \t]+(?:19|20)\d\d(?![\w-])")


def names_a_thing(source: SourceFile, start: int, end: int) -> bool:
    """Is the match inside the name of a plan, a website or a scheme, written in capitals before the word for
    it ('its Study Korea 300K plan', 'the Study in Korea website')? A capitalized word that does not begin the
    sentence comes before the match (perhaps across "in", "of" or "for"), and after it, past more capitalized
    words or numbers, the word for the thing; or, right after the match, the year the plan looks to ('the
    Wawasan Brunei 2035 vision', 'with Wawasan Brunei 2035.'). After "the" alone, capitalized words must come
    between the match and the word for the thing ('The Borduria Ostrel Reading project, funded by ...'), not
    none ('the Borduria project' is the project in that country)."""
    masked = source.masked
    before = list(itertools.islice(_words_before(source, start), 2))
    if before and before[0][0] in ("the", "The"):
        return _capitalized_before_thing(source, end, at_least=1)
    if before and before[0][0].lower() in _POSSESSIVES:  # "its South Korea 300K project": the name goes on
        return _capitalized_before_thing(source, end, at_least=0, at_least_words=1)
    if before and before[0][0] in ("in", "of", "for"):
        before = before[1:]
    if not before or not before[0][0][:1].isupper() or _starts_sentence(source, before[0][1]):
        return False
    word_end = before[0][1] + len(before[0][0])
    if not masked[word_end:start].strip() and _PLAN_YEAR.match(masked, end):
        return True
    return _capitalized_before_thing(source, end)


_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})


def _capitalized_before_thing(source: SourceFile, end: int, at_least: int = 0, at_least_words: int = 0) -> bool:
    """Do up to three capitalized words or numbers after ``end`` (``at_least`` of them capitalized words, and
    ``at_least_words`` words or numbers in all) lead to the word for a plan, a website or a scheme ('... Study
    Korea 300K plan', '... Ostrel Reading project')?"""
    masked = source.masked
    position, capitalized = end, 0
    for words in range(4):
        gap = _RUN_GAP.match(masked, position)
        if gap is None or _crosses_block(source, position, gap.end()):
            return False
        word = _RUN_WORD.match(masked, gap.end())
        if word is None:
            return False
        token = word.group(0)
        if token.lower() in _THING_NOUNS:  # "the Study in Korea website", "the Learn in Korea Web site"
            return capitalized >= at_least and words >= at_least_words
        if not (token[:1].isupper() or token[:1].isdigit()):
            return False
        capitalized += token[:1].isupper()
        position = word.end()
    return False


_DEFINED_AFTER = rx.compile(  # up to six more words of the name, then its acronym in brackets: "... Region under
    # the auspices of UNESCO (RCHEAP)"
    r"(?P<words>(?:(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)[^\W\d_][\w'’-]*(?![\w'’-])){0,6})"
    r"[ \t]*\((?P<acronym>[A-Z][A-Za-z0-9-]*[A-Z0-9])\)"
)
_DEFINED_SMALL = frozenset({"of", "for", "and", "on", "in", "the", "de", "&"})


def in_defined_name(source: SourceFile, start: int, end: int) -> bool:
    """Is the match part of a name that the acronym in brackets after it stands for ('the Network for Teacher
    Education Research in the Asia-Pacific (NTERA)')? Every capital of the acronym begins a capitalized word of
    the name, the name's first word gives the first, and a word of the match gives one."""
    masked = source.masked
    after = _DEFINED_AFTER.match(masked, end)
    if after is None or _crosses_block(source, end, after.end()):
        return False
    run: list[str] = []  # the capitalized words before the match, read from right to left
    for token, _ in _words_before(source, start):
        if len(run) == 12:
            break
        if token[:1].isupper():
            run.append(token)
        elif token not in _DEFINED_SMALL:
            break
    if len(run) < 2:
        return False
    capitals = [c for c in after["acronym"] if c.isupper()]
    own = [w[0] for w in re.split(r"[\s-]+", masked[start:end]) if w[:1].isupper()]
    if len(capitals) < 3 or not set(own) & set(capitals):
        return False
    rest = [w[0] for w in after["words"].split() if w[:1].isupper()]
    for first in range(len(run)):  # the name may begin at any of the words before that gives the first capital
        if run[first][0] != capitals[0]:
            continue
        initials = [w[0] for w in run[: first + 1]] + own + rest
        if all(initials.count(c) >= capitals.count(c) for c in set(capitals)):
            return True
    return False


_NAME_HEAD_JOINERS = frozenset({"de", "da", "do", "di", "del"})  # "Universidade de Macau", "Instituto Politécnico do"


def after_name_head(source: SourceFile, start: int, heads: frozenset[str]) -> bool:
    """Is the match one of the capitalized words after the first word of a name in a language that puts it first
    ('Universiti Teknologi Brunei', 'Politeknik Brunei', 'Universidade de Macau', ``name_heads``)?"""
    for token, _ in itertools.islice(_words_before(source, start), 4):
        if token in _NAME_HEAD_JOINERS:
            continue
        if not token[:1].isupper():
            return False
        if _is_name_word(token, heads):
            return True
    return False


def in_state_name(source: SourceFile, start: int, state_words: frozenset[str]) -> bool:
    """Is the match the country in a state's formal name ('the Socialist Republic of Vietnam')? That name is
    no organization's: its country is written as the house style writes it."""
    if not state_words:
        return False
    masked = source.masked
    connector = rx.compile(r"(?<![^\W_])of" + _SPACE + r"\Z").search(masked, max(0, start - 12), start)
    if connector is None:
        return False
    words = re.findall(r"[^\W\d_][\w'’]*", masked[max(0, connector.start() - 60) : connector.start()])
    run = []
    for word in reversed(words):
        if _head_word(word) not in state_words:
            break
        run.append(word)
    before = words[-len(run) - 1] if len(run) < len(words) else ""
    return bool(run) and (before.lower() == "the" or not before[:1].isupper())


def _in_quotation(source: SourceFile, start: int, end: int) -> bool:
    """Inside a cited quotation, or inside any quotation of four words or more (someone's own words)."""
    if source.in_cited_quotation(start, end):
        return True
    if "long quotations" not in source.cache:
        masked = source.masked
        source.cache["long quotations"] = [
            (s, e) for s, e in _quotation_spans(source) if len(re.findall(r"[^\W_]+", masked[s:e])) >= 4
        ]
    return any(s <= start and end <= e for s, e in source.cache["long quotations"])


def _quotation_spans(source: SourceFile) -> list[tuple[int, int]]:
    """Every pair of quotation marks in the prose and what it holds, found once per file, and the paragraphs of a
    quotation that runs over several (``_open_paragraphs``)."""
    if "quotation marks" not in source.cache:
        spans = [m.span() for m in _QUOTATION.finditer(source.masked)]
        source.cache["quotation marks"] = (
            spans + _open_paragraphs(source.masked) if '"' in source.masked or "“" in source.masked else spans
        )
    return source.cache["quotation marks"]


_PARAGRAPH = rx.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


def _open_paragraphs(masked: str) -> list[tuple[int, int]]:
    """The paragraphs of a quotation of several paragraphs, as it is printed: each opens with a quotation mark,
    only the last one closes it. A paragraph that opens with a quotation mark it leaves open is quoted to its end
    when the next paragraph opens with one again, or when the one before was such a paragraph (the text may have
    lost the last closing mark)."""
    paragraphs = [m for m in _PARAGRAPH.finditer(masked) if m.group().strip()]
    spans = []
    follows_open = False
    for number, paragraph in enumerate(paragraphs):
        body = paragraph.group().lstrip()
        left_open = body[:1] in '"“' and (
            body.count('"') % 2 == 1 if body[0] == '"' else body.count("“") > body.count("”")
        )
        following = paragraphs[number + 1].group().lstrip()[:1] if number + 1 < len(paragraphs) else ""
        if left_open and (follows_open or following == body[0]):
            spans.append(paragraph.span())
        elif "“" in body and (opened := _left_open(paragraph.group())) is not None:
            spans.append((paragraph.start() + opened, paragraph.end()))  # 'said “SHARE is ...' to the end
        follows_open = left_open
    return spans


def _left_open(paragraph: str) -> int | None:
    """Where a curly quotation that the paragraph never closes opens, as news items leave a speaker's words open
    at a paragraph's end ('..., said “The programme is ...'): the quotation runs to the paragraph's end."""
    depth, opened = 0, None
    for position, char in enumerate(paragraph):
        if char == "“":
            if depth == 0:
                opened = position
            depth += 1
        elif char == "”" and depth:
            depth -= 1
    return opened if depth else None


_OPENING_QUOTES = "\"“‘'"
_CLOSING_QUOTES = "\"”’'"


_QUALIFIER = rx.compile(r"[ \t]*\([^()\n\"“”]{1,24}\)|,[ \t]+[A-Z][\w.]*")


_POSSESSIVE_S = rx.compile(r"s(?![^\W_])")


def _quoted_alone(masked: str, start: int, end: int) -> bool:
    """Is the match all that a pair of quotation marks holds ('the name "Burma"'), perhaps with the qualifier
    of a name ('"Taiwan (R.O.C.)"', '"Korea, South"')? Then it names a name."""
    qualifier = _QUALIFIER.match(masked, end)
    if qualifier and masked[qualifier.end() : qualifier.end() + 1] in _CLOSING_QUOTES:
        end = qualifier.end()
    after = end + 1 if masked[end : end + 1] in (",", ".") else end
    if masked[after : after + 1] in ("'", "’") and _POSSESSIVE_S.match(masked, after + 1):
        return False  # '"Taiwan's schools ..." he said': a possessive, no closing quotation mark
    return (
        start > 0
        and masked[start - 1] in _OPENING_QUOTES
        and masked[after : after + 1] in _CLOSING_QUOTES
        and masked[after : after + 1] != ""
    )


_QUOTED_WORD = rx.compile(r"[^\W\d_][\w'’-]*")


# longer prepositions a title in title case may keep in small letters: "Development through Borduria-Japan Centre"
_TITLE_SMALL_WORDS = frozenset("through with from into onto upon between among within towards toward".split())


def _quoted_title(source: SourceFile, start: int, end: int) -> bool:
    """Is the match inside quotation marks that hold a title in title case, every longer word capitalized (the
    "Study in Korea Scholarship and Language Enrichment Program")? Such marks set off the name of a programme,
    a plan or a work, not someone's words: a name the rule leaves as written."""
    for begin, finish in _quotation_spans(source):
        if begin < start and end < finish:
            words = _QUOTED_WORD.findall(source.masked, begin, finish)
            longer = [word for word in words if len(word) > 3 and word not in _TITLE_SMALL_WORDS]
            return len(words) <= 20 and len(longer) >= 2 and all(word[0].isupper() for word in longer)
    return False


_TITLE_TEXT = r"(?:[^*\n]|\n(?![ \t]*\n)){3,200}?"  # a title may wrap to the next line, not past a blank one
_CITED_TITLE = rx.compile(r"\*(?P<title>" + _TITLE_TEXT + r")\*[ \t]*\((?P<ref>[^()\n]{0,80})\)")
_REF_YEAR = rx.compile(r"(?<![\d])(?:1[5-9]|20)\d\d(?![\d])")
# a work in a reference list: the year (in brackets or not) and a full stop, then the title in italics or quotation
# marks: "Soares, Natalino. 2014. *Language and Schooling in East Timor*.", 'Wiremu, A. (2021). "Credits ..."'
_LISTED_YEAR = rx.compile(  # not "passed in 2021.", nor a citation "(ADB, 2021)."
    r"(?:\.[ \t]+\(?|\()(?:1[5-9]|20)\d\d[a-z]?(?:\)[.,:]?|[.,:])[ \t]*\Z"
)
# or the place, the publisher and the year after the title: "*Schools of Burma*. Yangon: Gita Press, 2014."
_PUBLISHED_AFTER = rx.compile(r"[.,]?[ \t]+[A-Z][^*\n:]{0,40}:[ \t]*[^*\n]{1,80}?,[ \t]*(?:1[5-9]|20)\d\d(?!\d)")
# or, in plain type, between the year and the place and publisher of an entry that is a block of its own:
# "Fifita, L. (2023). Toward a teacher supply model. Suva: Pacific Policy Press.", "Soares, N. 2014. Schools of
# Timor. Dili: Lafaek."
_PLAIN_REFERENCE = rx.compile(
    r"^(?P<item>[ \t]*(?:[-*+][ \t]+|\d{1,3}\.[ \t]+))?[ \t]*[A-Z][^\n()]{1,160}?"
    r"(?:[ \t]\((?:1[5-9]|20)\d\d[a-z]?\)|\.[ \t]+(?:1[5-9]|20)\d\d[a-z]?)\.[ \t]+"
    r"(?P<title>[^\W\d_][^\n]{2,250}?)\.[ \t]+[A-Z][^\W\d_][^\n:.]{0,60}:[ \t]+[A-Z][^\n]*$",
    re.MULTILINE,
)


def plain_references(source: SourceFile) -> list[re.Match[str]]:
    """The entries of a reference list whose titles are in plain type (``_PLAIN_REFERENCE``): an item of a list,
    or a paragraph of one line."""
    if "plain references" not in source.cache:
        text, entries = source.text, []
        for m in _PLAIN_REFERENCE.finditer(text) if ":" in text else ():
            previous = text[text.rfind("\n", 0, max(0, m.start() - 1)) + 1 : max(0, m.start() - 1)]
            following = text[m.end() + 1 : (text.find("\n", m.end() + 1) + 1 or len(text) + 1) - 1]
            if m["item"] or ((m.start() == 0 or not previous.strip()) and not following.strip()):
                entries.append(m)
        source.cache["plain references"] = entries
    return source.cache["plain references"]


_QUOTED_TITLE = rx.compile(r"[\"“](?P<title>(?:[^\"“”\n]|\n(?![ \t]*\n)){3,200}?)[\"”]")
_TITLE_CUE = rx.compile(
    r"(?<![^\W_])(?:paper|article|report|book|chapter|study|thesis|dissertation|essay|titled|entitled|called)"
    r"[ \t,]*\Z",
    re.IGNORECASE,
)

# the name of an event or a series right before its title in quotation marks: 'The talk show "..."', 'the webinar
# series "..."'; the title keeps its words, with or without a year
_EVENT_CUE = rx.compile(
    r"(?<![^\W_])(?:talk[ \t]+show|seminar|webinar|workshop|symposium|conference|colloquium|exhibition|festival"
    r"|campaign|lecture|podcast|documentary|film)(?:[ \t]+series)?[ \t,]*\Z",
    re.IGNORECASE,
)


def _title_case(title: str) -> bool:
    """'Credits That Travel: Exchange Students in Hong Kong': the longer words of a title begin with capitals;
    a sentence someone said does not end a title ('Without recognition a degree is only paper.')."""
    if title.rstrip()[-1:] in ".!?":
        return False
    longer = re.findall(r"[^\W\d_][\w'’-]{3,}", title)
    return bool(longer) and all(word[0].isupper() for word in longer)


_SEE_ALSO = rx.compile(r"[ \t]*#+[ \t]*(?:See[ \t]+also|Related[ \t]+(?:articles|pages|topics|entries))[ \t#]*", re.I)
_LIST_ITEM = rx.compile(r"^[ \t]*[*+-][ \t]+(?P<item>[^\n]+)", re.M)


def _see_also_items(source: SourceFile) -> list[tuple[int, int]]:
    """The items of a list under a heading "See also" are the titles of other articles ('- History of education in
    Korea'), which keep their words; the list ends at the next heading."""
    text, headings, spans = source.text, source.heading_spans, []
    for number, (start, end) in enumerate(headings):
        if _SEE_ALSO.fullmatch(text, start, end):
            stop = headings[number + 1][0] if number + 1 < len(headings) else len(text)
            spans += [m.span("item") for m in _LIST_ITEM.finditer(text, end, stop)]
    return spans


_TITLED_BEFORE = rx.compile(r"(?<![^\W_])(?:titled|entitled)[ \t]+\Z")
# a cross-reference to another article by its title: "For North Korea, see Education in North Korea."
_SEE_TITLE = rx.compile(
    r"(?<![^\W_])[Ss]ee[ \t]+(?:also[ \t]+)?(?P<title>[A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){1,9})(?=[ \t]*[.;]|[ \t]*$)",
    re.M,
)


def _in_cited_title(source: SourceFile, start: int, end: int) -> bool:
    """'*Burma's Education Reform, 1948–1962* (Yangon: Gita Press, 2014)': the title of a published work, in
    italics and cited with its year in brackets, keeps its words, there and where the text writes the title (or
    its first words) in italics again: '*Burma's Education Reform*'. So does a title in a reference list, after
    the year ('Soares, N. 2014. *Language and Schooling in East Timor*. Dili.') or before its place, publisher and
    year ('*Schools of Burma*. Yangon: Gita Press, 2014.') or after "titled" ('a brief titled *Learning in the
    Asia-Pacific*'), a title in plain type between the year and the place
    and publisher of an entry ('Fifita, L. (2023). Toward a model. Suva: Pacific Press.'), and a title in
    quotation marks cited with its year, when it is written as a title ('her paper, "Credits That Travel:
    Exchange Students in Hong Kong" (2021)'), and the title of another article after "see" ('For North Korea,
    see Education in North Korea.')."""
    text = source.text  # the masked text blanks the asterisks; it has the same length
    if "cited titles" not in source.cache:
        spans, titles = [], []
        for m in _CITED_TITLE.finditer(text) if "*" in text else ():
            if _REF_YEAR.search(m["ref"]):
                spans.append(m.span("title"))
                titles.append(m["title"].strip())
        for m in re.finditer(r"\*(?P<title>" + _TITLE_TEXT + r")\*", text) if "*" in text else ():
            again = any(t.startswith(m["title"].strip()) for t in titles)
            listed = _LISTED_YEAR.search(text, max(0, m.start() - 14), m.start())
            named = _TITLED_BEFORE.search(text, max(0, m.start() - 30), m.start())  # 'the brief titled *...*'
            if again or listed or named or _PUBLISHED_AFTER.match(text, m.end()):
                spans.append(m.span("title"))
        for m in _QUOTED_TITLE.finditer(text) if '"' in text or "“" in text else ():
            if _LISTED_YEAR.search(text, max(0, m.start() - 14), m.start()):
                spans.append(m.span("title"))
                continue
            if _EVENT_CUE.search(text, max(0, m.start() - 30), m.start()):
                spans.append(m.span("title"))  # 'the talk show "Connecting education between Vietnam and India"'
                continue
            ref = rx.compile(r"[ \t]*\((?P<ref>[^()\n]{0,80})\)").match(text, m.end())
            if ref is None or not _REF_YEAR.search(ref["ref"]):
                continue
            if _title_case(m["title"]) or _TITLE_CUE.search(text, max(0, m.start() - 24), m.start()):
                spans.append(m.span("title"))
        spans += [m.span("title") for m in plain_references(source)]
        spans += _see_also_items(source)
        if "ee " in text:
            spans += [m.span("title") for m in _SEE_TITLE.finditer(text) if _title_case(m["title"])]
        source.cache["cited titles"] = spans
    return any(s <= start and end <= e for s, e in source.cache["cited titles"])


# an aside of the name's time after it: "Laos, then a French protectorate,", "Hong Kong (then a British colony)",
# "Burma, then under military rule," (not a sequence of countries: "Thailand, then Burma, then Cambodia")
_THEN_AFTER = rx.compile(
    r"[ \t]*[,(][ \t]*(?:at[ \t]+the[ \t]+time[ \t]+|then[ \t]+)(?:still[ \t]+)?"
    r"(?:a|an|part|under|ruled|governed|occupied|administered|known|called)(?![^\W_])"
)
_YEAR_AFTER = rx.compile(  # "Hong Kong in the 1970s", "Burma in 1962", "Laos in the early 1950s"
    r"[ \t]+in[ \t]+(?:the[ \t]+(?:(?:early|late|mid)[ \t-]+)?)?(?P<year>1[5-9]\d\d|20\d\d)(?:s|(?![\w/]))"
)


def _sentence_around(masked: str, start: int, end: int) -> str:
    """The sentence (or table line, heading...) the span belongs to, as far as 300 characters either way."""
    left = max(0, start - 300)
    head = masked[left:start]
    cut = max((m.end() for m in re.finditer(r"[.!?]\s|\n[ \t]*\n|\|", head)), default=0)
    tail = masked[end : end + 300]
    stop = re.search(r"[.!?](?:\s|\Z)|\n[ \t]*\n|\|", tail)
    return head[cut:] + masked[start:end] + (tail[: stop.start()] if stop else tail)


class _FormerNames:
    """The names a country had before (``former_names`` in a rule file): right as written when the text
    speaks of history ("the Kingdom of Laos", "the then Burma", "Myanmar (formerly Burma)") or of the name
    itself ("from Burma to Myanmar")."""

    def __init__(self, rule: Rule, data: Any):
        if not isinstance(data, dict):
            raise rule.problem(
                "'former_names' must be a mapping", "write former_names: with names:, before: and renamed: lists"
            )
        lists = {}
        for key in ("names", "before", "renamed"):
            value = data.get(key, []) or []
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise rule.problem(
                    f"'former_names: {key}' must be a list of patterns", "write one '- pattern' per line"
                )
            lists[key] = value
        aside = data.get("aside", []) or []
        if not isinstance(aside, list) or not all(isinstance(v, str) and v for v in aside):
            raise rule.problem("'former_names: aside' must be a list of words", "write aside: [then]")
        self.aside_words = "|".join(_flexible_spaces(re.escape(a).replace("\\ ", " ")) for a in aside)
        self.names: list[str] = lists["names"]
        before = "|".join(_flexible_spaces(b) for b in lists["before"])
        renamed = "|".join(_flexible_spaces(r) for r in lists["renamed"])
        the = r"(?:[Tt]he" + _SPACE + r")?"
        try:  # each list as one pattern; only when one will not compile is each entry tried, to name it
            self.before = (
                # a marker may begin a sentence: "The then Hong Kong Government"
                rx.compile(r"(?<![\w-])(?i:" + before + r")(?:(?<=-)|" + _SPACE + r")" + the + r"\Z")
                if before
                else None
            )
            self.renamed = (
                # after a comma, a bracket or a dash: "Burma (now Myanmar)", "Western Samoa – now Samoa"
                rx.compile(r"[ \t]*(?:,|[–—]|-(?=[ \t]))?" + _SPACE + r"?\(?(?:" + renamed + r")" + _SPACE + the)
                if renamed
                else None
            )
            if self.names:
                rx.compile("|".join(f"(?:{_flexible_spaces(n)})" for n in self.names))
        except re.error as joined:
            for written in (w for key in ("names", "before", "renamed") for w in lists[key]):
                try:
                    rx.compile(_flexible_spaces(written))
                except re.error as exc:
                    raise rule.problem(f"the pattern '{written}' is not a valid regular expression: {exc}") from None
            raise rule.problem(
                f"the patterns of 'former_names' cannot be read together: {joined}",
                "write flags such as (?i) inside a group, (?i:...), not at the start of a pattern",
            ) from None

    def follows_marker(self, masked: str, start: int) -> bool:
        """'the then Republic of Vietnam', 'formerly Burma', 'colonial Korea'."""
        return self.before is not None and self.before.search(masked, max(0, start - 80), start) is not None

    def aside(self, masked: str, start: int, right: str) -> bool:
        """'Samoa, then Western Samoa, ...': the old name in an aside after the right one (``aside`` words). In
        a plain sequence ('Thailand, then Burma, then ...') the name before is another country's."""
        if not self.aside_words:
            return False
        written = _flexible_spaces(re.escape(right).replace("\\ ", " "))
        pattern = r"(?<![^\W_])" + written + r"[ \t]*(?:,|\()" + _SPACE + r"?(?:" + self.aside_words + r")" + _SPACE
        aside = rx.compile(pattern + r"(?:[Tt]he" + _SPACE + r")?\Z")
        return aside.search(masked, max(0, start - 80), start) is not None

    def renamed_to(self, masked: str, end: int) -> int | None:
        """Where the next name begins when the match is followed by 'to', '(now', 'became'..., else None."""
        if self.renamed is None:
            return None
        match = self.renamed.match(masked, end)
        return match.end() if match else None


_SIMPLE_TABLE_RULE = rx.compile(r"^ {0,3}-{3,}(?:[ \t]+-{3,})+[ \t]*$", re.MULTILINE)


def _in_simple_table(source: SourceFile, start: int) -> bool:
    """Is ``start`` on a line of a simple table, a block whose columns are underlined by groups of dashes
    ("  Country     Share" over "  ---------   ------")? Pipe and grid tables are the source's own."""
    masked = source.masked
    begin = masked.rfind("\n\n", 0, start)
    stop = masked.find("\n\n", start)
    block = masked[begin + 1 if begin >= 0 else 0 : stop if stop >= 0 else len(masked)]
    return "---" in block and _SIMPLE_TABLE_RULE.search(block) is not None


class _PhraseRule(Rule):
    """Shared options of the pattern rules: exceptions, tables, quotations and proper names."""

    matcher: _Matcher

    def _setup_common(self) -> None:
        self.ignorecase = bool(self.options.get("ignorecase", False))
        self.nonword = bool(self.options.get("nonword", False))
        self.flags = re.IGNORECASE if self.ignorecase else 0
        self.skip_tables = bool(self.options.get("skip_tables", False))
        self.quotations = self._mode("quotations")
        self.proper_names = self._mode("proper_names")
        self.mentions = self._mode("mentions")
        self.cited_titles = self._mode("cited_titles")
        self.branches = self._mode("branches")
        self.history_words = self._words("history_words")
        exceptions = self.options.get("exceptions", []) or []
        if not isinstance(exceptions, list):
            raise self.problem("'exceptions' must be a list", "write exceptions: followed by one '- phrase' per line")
        self.exception_phrases = [str(e) for e in exceptions]
        self.name_words = self._words("name_words")
        self.offices = self._words("offices")
        self.name_heads = self._words("name_heads")
        self.title_name_words = self._words("title_name_words")
        self.job_words = self._words("job_words")
        self.instrument_words = self._words("instrument_words")
        self.post_words = self._words("post_words")
        self.indicator_words = self._words("indicator_words")
        self.state_words = self._words("state_words")
        former = self.options.get("former_names")
        self.former = _FormerNames(self, former) if former else None

    def _words(self, key: str) -> frozenset[str]:
        value = self.options.get(key, []) or []
        if not isinstance(value, list):
            raise self.problem(f"'{key}' must be a list", f"write {key}: [word, word, ...]")
        return frozenset(str(v) for v in value)

    def _excluded(self, source: SourceFile, start: int, end: int, right: str | None = None) -> str | None:
        """'skip' when the rule must stay silent here, 'nofix' when it may report but not rewrite. ``right`` is
        the form a substitution would write."""
        if self.exceptions.covers(source, start, end):
            return "skip"
        if self.skip_tables and (source.in_spans(start, source.table_line_spans) or _in_simple_table(source, start)):
            return "skip"
        if self.mentions and (_quoted_alone(source.masked, start, end) or _quoted_title(source, start, end)):
            return self.mentions
        if self.former is not None and self.former.follows_marker(source.masked, start):
            return "skip"
        if self.cited_titles and _in_cited_title(source, start, end):
            return self.cited_titles
        # words all in small letters are no words of a name: "the Education Ministry spokesman said"
        named = bool(self.name_words) and not source.masked[start:end].islower()
        # a name keeps its words inside a quotation too: '"... through Borduria-Japan Training Institute"'
        if named and in_organization(source, start, end, self.name_words, self.offices):
            return "skip"
        if self.branches and _after_acronym(source.masked, start):
            return self.branches  # "AIT Vietnam", "FPT Vietnam": a body's branch named by its acronym and the country
        post = _head_word(source.masked[start:end]) in self.post_words  # "Dr. Pel Varo, Chairman BHEC"
        if named and not post and before_body_acronym(source, start, end, self.name_words):
            return "skip"  # "the Borduria ICDF"
        if self.quotations and _in_quotation(source, start, end):
            return self.quotations
        if named and names_a_thing(source, start, end):
            return "skip"
        if named and in_defined_name(source, start, end):  # "Vocational Education and Training Laos (VELA)"
            # a state's formal name is no name of a body: "the Socialist Republic of Vietnam (SRV)" is fixed
            return None if in_state_name(source, start, self.state_words) else "skip"
        if self.name_heads and after_name_head(source, start, self.name_heads):
            return "skip"
        if self.title_name_words and _defined_term(source, start, self.title_name_words, self.instrument_words):
            return None  # "Gross Enrollment Ratio (GER)": the capitals of a term its acronym spells, no name's
        if self.title_name_words and _glossary_term(source, start, end, self.title_name_words, self.instrument_words):
            return None  # "- GER Gross Enrollment Ratio": a term in a list of abbreviations
        if self.job_words and _job_title(source.masked, start, end, self.job_words):
            return None  # "Books for Asia's Program Manager": a post, whatever its capitals
        if self.title_name_words and _generic_after_article(source, start, end, self.title_name_words):
            return None  # "to set up a Regional Center for Teacher Training": one of a kind, no name
        if self.title_name_words and _plural_acronym_term(source, start, end):
            return None  # "Village Learning Centers (VLCs)": a kind of body, counted by its acronym
        if self.title_name_words and _counted_kind(source, start, end, self.title_name_words):
            return None  # "1,204 Village Health Centers;": a count of a kind
        if self.indicator_words and _indicator_term(source, start, end, self.indicator_words, self.title_name_words):
            return None  # "the Net Enrollment Rate": an indicator, no name
        if self.proper_names and self.title_name_words:
            if _short_name(source, start, end, self.title_name_words):
                return self.proper_names  # "the Center is run by ...", where the text names the Center for ...
            if _listed_in_name(source.masked, start, self.title_name_words):
                return self.proper_names  # "Ministry of Skills, Employment and Labor"
        if self.proper_names and in_proper_name(
            source, start, end, same_line=bool(self.name_words), title_words=self.title_name_words
        ):
            if right is not None and _spelled_so_elsewhere(source, start, end, right):
                return None  # "26 Acme Regional Centers", where the text writes "Acme Regional Centres"
            return None if in_state_name(source, start, self.state_words) else self.proper_names
        return None


_ACRONYM_JUST_BEFORE = rx.compile(r"(?<![^\W_])(?P<acronym>[A-Z]{2,6})[ \t]+\Z")
_CAPITAL_FUNCTION_WORDS = frozenset({"AND", "OR", "IN", "OF", "TO", "FOR", "THE", "ON", "AT", "BY", "FROM", "WITH"})


def _after_acronym(masked: str, start: int) -> bool:
    """Does an acronym in capitals stand right before the match, not a word of a line in capitals ("AIT Vietnam",
    not "EDUCATION IN Vietnam")?"""
    before = _ACRONYM_JUST_BEFORE.search(masked, max(0, start - 8), start)
    return before is not None and before["acronym"] not in _CAPITAL_FUNCTION_WORDS


_ARTICLE_WORDS = frozenset({"a", "an", "A", "An"})
_RUN_JOINERS = frozenset({"of", "for", "and", "&"})


def _capitalized_run_after(source: SourceFile, end: int, limit: int = 8) -> tuple[list[str], str | None]:
    """The capitalized words after ``end`` in the same block, through "of", "for" and "and" between them ("for
    Technician Teacher Training"), and the first word after the run (None at a mark or the block's end)."""
    masked = source.masked
    words: list[str] = []
    position = end
    pending: list[str] = []
    while len(words) < limit:
        gap = _RUN_GAP.match(masked, position)
        if gap is None or _crosses_block(source, position, gap.end()):
            break
        word = _RUN_WORD.match(masked, gap.end())
        if word is None:
            break
        token = word.group(0)
        if token[:1].isupper():
            words += [*pending, token]
            pending = []
        elif token in _RUN_JOINERS and not pending:
            pending = [token]
        else:
            return words, (pending[0] if pending else token)
        position = word.end()
    return words, (pending[0] if pending else None)


def _common_word(source: SourceFile, word: str) -> bool:
    """Does the text write ``word`` in small letters too, in one of its simple forms ("technician" for
    "Technician", "centre" for "Centers")? A word only names use ("Borduria", "India") is never so written."""
    forms = {form.lower() for form in _singulars(_head_word(word)) if len(form) > 1}
    written = "|".join(re.escape(form) for form in sorted(forms))
    return bool(forms) and re.search(r"(?<![^\W_])(?:" + written + r")(?:s|es)?(?![^\W_])", source.masked) is not None


def _generic_after_article(source: SourceFile, start: int, end: int, name_words: frozenset[str]) -> bool:
    """Does an indefinite article begin the run of capitalized words around the match, which goes on with "of" or
    "for" and words the text also writes in small letters ("plans for a Regional Center for Teacher Training",
    "to become a Center of Excellence in farming")? "a" makes it one of a kind, not a name. Not when a word of
    the run is one only names use or another word of a body's name ("a Center for Borduria Studies", "a Labor
    Party member"), nor when it describes a noun in small letters after it ("a Center for Rice Studies grant":
    the article is the grant's), nor after "A" inside a title ("the Every Child A Reader Program")."""
    before: list[str] = []
    for token, position in _words_before(source, start):
        if token in _ARTICLE_WORDS:
            if token[0].isupper() and not _starts_sentence(source, position):
                return False
            break
        if not token[:1].isupper() or len(before) == 4:
            return False
        before.append(token)
    else:
        return False
    after, following = _capitalized_run_after(source, end)
    if len(after) < 2 or after[0] not in ("of", "for"):
        return False
    words = before + [word for word in after if word[:1].isupper()]
    if any(_is_name_word(word, name_words) or not _common_word(source, word) for word in words):
        return False
    return following is None or not following.islower() or following in _AFTER_NAME or following in _CONNECTORS


def _initials(words: list[str]) -> str:
    """The first letters of the words and of the parts of hyphenated words: "Non-Profit Groups" → "NPG"."""
    return "".join(part[0] for word in words for part in word.split("-") if part[:1].isupper())


def _plural_acronym_term(source: SourceFile, start: int, end: int) -> bool:
    """Is the match, a word in the plural, the last word of a run of capitalized words whose initials the text
    writes as an acronym in the plural ("Village Learning Centers (VLCs)", "### Mobile Skills Programs" where the
    text writes "MSPs are ...")? An acronym counted so names a kind of body or scheme, not one body."""
    masked = source.masked
    if masked[end - 1 : end] != "s":
        return False
    following = _TITLE_RUN_WORD.match(masked, end)
    if following is not None and following.group(1)[:1].isupper():
        return False
    line_start = masked.rfind("\n", 0, start) + 1
    for run in _CAPITAL_RUN.finditer(masked, line_start, end):
        if run.end() != end or run.start() >= start:
            continue
        words = run.group(0).split()
        for first in range(len(words) - 1):
            letters = _initials(words[first:])
            if len(letters) >= 2 and re.search(r"(?<![\w&-])" + re.escape(letters) + r"s(?![\w&-])", masked):
                return True
    return False


_COUNT_BEFORE = rx.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?\Z")


def _counted_kind(source: SourceFile, start: int, end: int, name_words: frozenset[str]) -> bool:
    """Is the match a word in the plural that ends a run of capitalized words right after a number ("1,204
    Village Health Centers;", "12 Model Programs")? A count makes the run a kind of thing, not a name, unless
    another word of the run is a body's ("14 Acme University Centers") or one the text capitalizes standing alone
    inside a sentence (a place: "30 Borduria Skills Centers"), or the name goes on ("Centers for ...")."""
    masked = source.masked
    if masked[end - 1 : end] != "s":
        return False
    after, following = _capitalized_run_after(source, end, 1)
    if after or following in _CONNECTORS:
        return False
    before: list[str] = []
    for token, _ in _words_before(source, start):
        if _COUNT_BEFORE.search(token):
            return bool(before) and not any(_is_name_word(word, name_words) for word in before)
        if not token[:1].isupper() or _is_name_word(token, name_words) or _standing_capital(source, token):
            return False  # "30 Borduria Skills Centers", where the text writes "schools in Borduria are"
        if len(before) == 4:
            return False
        before.append(token)
    return False


def _indicator_term(
    source: SourceFile, start: int, end: int, indicators: frozenset[str], name_words: frozenset[str]
) -> bool:
    """Does the match begin or stand inside a run of capitalized words that ends with one of ``indicators`` ("the
    Net Enrollment Rate", "the Pupil Enrollment Ratio")? Such a run names a measure, a term, not a body; not
    when another word of the run is a body's ("the Borduria Statistics Office Enrollment Rate")."""
    after, _ = _capitalized_run_after(source, end, 3)
    if not after or after[-1] not in indicators or any(word in _RUN_JOINERS for word in after):
        return False
    before: list[str] = []
    for token, _ in _words_before(source, start):
        if not token[:1].isupper() or len(before) == 4:
            break
        before.append(token)
    return not any(_is_name_word(word, name_words) for word in before + after)


def _spelled_so_elsewhere(source: SourceFile, start: int, end: int, right: str) -> bool:
    """Does the text write the two capitalized words before the match followed by the house spelling elsewhere
    ("Acme Regional Centres" many times, and once "12 Acme Regional Centers")? Then the match misspells that
    name; it is no name of its own. Not where the name goes on ("the Acme Regional Center for Rice Studies"),
    nor with a word that only starts the sentence. All the capitalized words before it count: "the Korean
    Government Scholarship Program" is no misspelt "Chinese Government Scholarship Programme"."""
    masked = source.masked
    _, after = _words_around(source, start, end)
    if after and (after[0][0][:1].isupper() or after[0][0] in _CONNECTORS):
        return False
    run: list[tuple[str, int]] = []  # the capitalized words before, and the small words of the name between them
    for word, position in _words_before(source, start):
        if len(run) == 8 or "\n" in masked[position:start]:
            break
        if not word[:1].isupper():
            if word in _RUN_JOINERS and run:
                run.insert(0, (word, position))
                continue
            break
        if len([w for w, _ in run if w[:1].isupper()]) >= 2 and _starts_sentence(source, position):
            break
        run.insert(0, (word, position))
    while run and not run[0][0][:1].isupper():
        run.pop(0)
    if len([w for w, _ in run if w[:1].isupper()]) < 2 or _starts_sentence(source, run[0][1]):
        return False
    return _authors_phrase(" ".join([*(w for w, _ in run), right])).search(source.masked) is not None


_SHORT_NAME = rx.compile(r"(?<![^\W_])[Tt]he[ \t]+\Z")
_BODY_NAMED = r"(?<![^\W_])(?:%s[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z]|(?P<before>[A-Z][\w'’-]*)[ \t]+%s(?![^\W_]))"


def _short_name(source: SourceFile, start: int, end: int, body_words: frozenset[str]) -> bool:
    """Is "the Center" (one of ``body_words``, with its capital, alone) the short form of a body the text names
    with that word ("## Center for Regional Outreach", "the Lagoon Center")? "As part of the office, the Center
    is run by ..." and "The Center serves as a hub" speak of that body. Not when a capitalized word follows
    (part of a longer name), nor when the word is not a body's."""
    masked = source.masked
    word = masked[start:end]
    if word not in body_words or _SHORT_NAME.search(masked, max(0, start - 8), start) is None:
        return False
    following = _NAME_WORD.match(masked, _blank_run(masked, end, 1))
    if following is not None and following.group(0)[:1].isupper():
        return False
    named = re.compile(_BODY_NAMED % (re.escape(word), re.escape(word)))  # the text's words: not kept
    for found in named.finditer(masked):
        if found.start() == start or found.end() == end:
            continue
        before = found["before"]
        if before is None or (  # "the Lagoon Center", not "The Center" nor a capital that starts a sentence
            before not in ("The", "A", "An") and not _starts_sentence(source, found.start())
        ):
            return True
    return False


_LISTED_NAME = rx.compile(
    r"(?<![^\W_])(?P<head>[A-Z][\w'’-]*)[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?"
    r"(?:[A-Z][\w'’-]*(?:,[ \t]+|[ \t]+(?:and|&)[ \t]+|[ \t]+))*?"
    r"[A-Z][\w'’-]*(?:,[ \t]+(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+)\Z"
)


def _listed_in_name(masked: str, start: int, name_words: frozenset[str]) -> bool:
    """Is the match in a name that lists its fields with commas and "and" after one of ``name_words`` and its
    "of" ("Ministry of Skills Development, Employment and Labor and Industrial Relations")?"""
    line_start = masked.rfind("\n", 0, start) + 1
    listed = _LISTED_NAME.search(masked, max(line_start, start - 160), start)
    return listed is not None and _is_name_word(listed["head"], name_words)


_GLOSSARY_ENTRY = rx.compile(
    r"[ \t]*(?:[*+-]|\d{1,3}[.)])[ \t]+[*_]*(?P<acronym>[A-Z][A-Za-z&]*[A-Z])[*_]*(?:[ \t]*[:=–—-])?[ \t]+"
    r"(?P<term>[^\n]+?)[ \t]*$",
    re.M,
)
_GLOSSARY_SMALL = frozenset({"of", "for", "and", "&", "the", "in", "on", "to"})


def _glossary_term(
    source: SourceFile, start: int, end: int, name_words: frozenset[str], instruments: frozenset[str]
) -> bool:
    """Is the match in the term of a list of abbreviations ("- GER Gross Enrollment Ratio", "- CoE Center of
    Excellence") that names no body, no place and no instrument of its own? Its capitals are the glossary's: no
    other word of it is one of ``name_words`` (Ministry, University...), has capitals of its own ("East-West")
    or is a word the text capitalizes standing alone inside a sentence (a place: "Fiji"); the match is not its
    last word, which says what the term is ("- SDP Sector Development Program" names a programme), and that
    word is none of ``instruments`` ("- LFS Labor Force Survey", "- APL Adaptable Program Loan")."""
    masked = source.masked
    line_start = masked.rfind("\n", 0, start) + 1
    entry = _GLOSSARY_ENTRY.match(source.text, line_start)
    if entry is None or not entry.start("term") <= start < entry.end("term"):
        return False
    term = entry["term"]
    words = [w for w in re.findall(r"[^\W_][\w'’&-]*", term) if w.lower() not in _GLOSSARY_SMALL]
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if not _initials_match(entry["acronym"], term):
        return False
    matched = masked[start:end]
    if words[-1] == matched or _head_word(words[-1]) in instruments:
        return False
    return not any(
        _is_name_word(w, name_words) or _INNER_CAPITAL.search(w) or _standing_capital(source, w)
        for w in words
        if w != matched
    )


def _standing_capital(source: SourceFile, word: str) -> bool:
    """Does the text write ``word`` with its capital inside a sentence between words in small letters ("schools
    in Fiji are")? Such a word is a name of its own (a place, a person), not a capital a term's style gives."""
    for match in re.finditer(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", source.masked):
        position = match.start()
        if _in_title_line(source, position) or _starts_sentence(source, position):
            continue
        if _GLOSSARY_ENTRY.match(source.text, source.masked.rfind("\n", 0, position) + 1):
            continue  # a term of the glossary itself
        before, after = _words_around(source, position, match.end())
        if (not before or before[0][0].islower()) and (not after or after[0][0].islower()):
            return True
    return False


_NEXT_TITLE_WORD = rx.compile(r"[ \t]+(?P<word>[A-Z][a-z]+)(?![^\W_])")
# what may stand before a post: a possessive ("Asia's"), a word in lower case ("the", "as"), a comma
_BEFORE_POST = rx.compile(r"(?:['’]s?|(?<![^\W_])[a-z]+|,)[ \t]+\Z|^[ \t]*(?:[*+-][ \t]+)?\Z", re.M)


def _job_title(masked: str, start: int, end: int, job_words: frozenset[str]) -> bool:
    """'Books for Asia's Program Manager', 'as Center Coordinator': a post named by its words in title case (one of
    ``job_words`` next) after a possessive, a word in lower case or a comma, not inside an office's name."""
    following = _NEXT_TITLE_WORD.match(masked, end)
    if following is None or following["word"] not in job_words:
        return False
    line_start = masked.rfind("\n", 0, start) + 1
    return _BEFORE_POST.search(masked, max(line_start, start - 40), start) is not None


@dataclass
class _Swap:
    """One ``swap`` entry: the pattern, its replacement and what the entry says about it."""

    pattern: _Pattern
    right: str
    level: str
    fixable: bool
    article: str | None = None  # "the": the name takes "the" in running text; "none": a "the" before it goes
    not_near: tuple[str, ...] = ()  # words (patterns) that, in the same sentence, mean another sense (Polynesia)
    until: int | None = None  # the year the name changed: a sentence whose years all come before it is history
    early: bool = False  # the change came in the first half of that year: a sentence of that year is the new name's
    official: bool = False  # the pattern spells a whole official name: no exclusion for proper names silences it


_SWAP_KEYS = {"to", "level", "fix", "article", "not_near", "until", "month", "official"}
_DETERMINERS = frozenset(  # "that" is left out: "reported that North Korea had" needs the article
    "the a an this these those its their our his her your my whose any no every each another which what".split()
)
# an adjective before the name takes the article before itself, which a fix of the name cannot write: "contemporary
# North Korea" becomes "contemporary Democratic People's Republic of Korea", not "contemporary the ..."
_ADJECTIVE = rx.compile(r"(?:[a-z]+(?:ary|ern|al|ic|ive|ous|ful)|modern|present-day|today['’]s|post-war|pre-war)\Z")
_LABEL_BEFORE = rx.compile(r"(?:[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?|.*\|)[ \t*_]*")
_LABEL_AFTER = rx.compile(r"[*_ \t]*(?:$|[:|(])")
_COMPASS = ("North", "South", "East", "West")


class Substitution(_PhraseRule):
    """``swap: {wrong: right}``; ``right`` may list alternatives ``a|b`` or be {to, level, fix, article, not_near,
    until, official}. With ``official: true`` the pattern spells a whole official name whose form is known ("United
    Nations Educational, Scientific and Cultural Organisation"): the words that differ are reported, and the
    exclusions for proper names do not apply (a misspelt official name has no spelling of its own to keep).

    With ``capitals: true`` a rule that minds case also finds a plain (non-pattern) wrong form written all in
    capitals, as headings, labels and datelines write it ("VIETNAM" → "VIET NAM").

    A hit is fixed only where the replacement reads well: not inside a name, quotation or markup, not
    before a possessive or as an adjective when the name has a comma or "of" ('Hong Kong students'), not
    where it would repeat the words around it ('Macau, China'), not after "North and". Such a hit is
    reported without a suggestion, so that every error with a suggestion is one ``pubkit fix`` makes.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._setup_common()
        swaps = self.options.get("swap")
        if not isinstance(swaps, dict) or not swaps:
            raise self.problem(
                "a substitution rule needs a 'swap' mapping", "write swap: followed by lines 'wrong form: right form'"
            )
        rule_fix = bool(self.options.get("fix", True))
        capitals = bool(self.options.get("capitals", False)) and not self.ignorecase
        self.attributive = self._words("attributive")
        self.entries: list[_Swap] = []
        exception_phrases = list(self.exception_phrases)
        for wrong, right in sorted(swaps.items(), key=lambda kv: len(str(kv[0])), reverse=True):
            level, fixable, article, not_near, until, official = self.level, rule_fix, None, (), None, False
            early = False
            if isinstance(right, dict):
                unknown = set(right) - _SWAP_KEYS
                if unknown:
                    raise self.problem(
                        f"the swap for '{wrong}' has unknown keys: {', '.join(map(str, unknown))}",
                        'write {to: "right form", level: warning, fix: false}; quote a right form that has a comma',
                    )
                level = LEVELS.get(str(right.get("level", self.level)), self.level)
                fixable = bool(right.get("fix", fixable))
                article = right.get("article")
                if article not in (None, "the", "none"):
                    raise self.problem(
                        f"the swap for '{wrong}' has 'article: {article}'", "use article: the or article: none"
                    )
                near = right.get("not_near", []) or []
                not_near = tuple(str(w) for w in (near if isinstance(near, list) else [near]))
                for word in not_near:  # words, or patterns of words: "(?<!French )Polynesia"
                    try:
                        rx.compile(word)
                    except re.error as exc:
                        raise self.problem(f"'{word}' in not_near is not a valid regular expression: {exc}") from None
                until = right.get("until")
                if until is not None and (not isinstance(until, int) or isinstance(until, bool)):
                    raise self.problem(
                        f"the swap for '{wrong}' has 'until: {until}'", "write the year the name changed: until: 1975"
                    )
                month = right.get("month")
                if month is not None and (until is None or not isinstance(month, int) or not 1 <= month <= 12):
                    raise self.problem(
                        f"the swap for '{wrong}' has 'month: {month}'",
                        "write the month the name changed (1-12) beside its year: until: 1979, month: 4",
                    )
                early = month is not None and month <= 6
                official = bool(right.get("official", False))
                right = right.get("to", "")
            right = str(right)
            if not right:
                raise self.problem(f"the swap for '{wrong}' has no replacement", "write  wrong form: right form")
            pattern = _Pattern(self, str(wrong), self.flags, self.nonword)
            if "$" in right and any(int(n) > pattern.compiled.groups for n in re.findall(r"\$(\d+)", right)):
                raise self.problem(
                    f"the replacement '{right}' refers to a group the pattern '{wrong}' does not have",
                    "number the groups ( ) of the pattern from $1",
                )
            self.entries.append(
                _Swap(pattern, right, level, fixable and "|" not in right, article, not_near, until, early, official)
            )
            exception_phrases.extend(alt for alt in right.split("|") if "\\" not in alt and "$" not in alt)
            literal = _plain_literal(str(wrong)) if capitals else None
            if literal is not None and literal != literal.upper():  # "VIETNAM" in a heading in capitals
                upper = _Pattern(self, re.escape(literal.upper()).replace("\\ ", " "), self.flags, self.nonword)
                self.entries.append(
                    _Swap(upper, right, level, fixable and "|" not in right, article, not_near, until, early, official)
                )
        if capitals:
            exception_phrases += [phrase.upper() for phrase in exception_phrases]
        self.matcher = _Matcher([entry.pattern for entry in self.entries])
        self.exceptions = _Exceptions(exception_phrases, self.ignorecase, self.former.names if self.former else [])

    def _options(self, entry: _Swap, match: re.Match[str], matched: str) -> list[str]:
        try:
            return [_adapt_case(match.expand(alt.replace("$", "\\")), matched) for alt in entry.right.split("|")]
        except (re.error, IndexError):
            raise self.problem(f"the replacement '{entry.right}' refers to a group the pattern does not have") from None

    def scan(self, source: SourceFile) -> list[Hit]:
        hits = []
        text, masked = source.text, source.masked
        found = []
        for index, match in self.matcher.finditer(source):
            entry = self.entries[index]
            matched = text[match.start() : match.end()]
            options = self._options(entry, match, matched)
            if options[0] != matched:
                found.append((entry, match, matched, options))
        renamed = self._renamings(masked, found)
        for number, (entry, match, matched, options) in enumerate(found):
            start, end = match.span()
            if number in renamed:
                continue
            if entry.official:  # report the words of the official name that differ: "Organisation"
                start, end, matched, options = _differing_words(start, matched, options[0])
            if matched.lower() == options[0].lower() and _in_title_case_line(source, start):
                continue  # "### The Asia-Pacific Region": the capital is the heading's
            if entry.official:
                excluded = self._excluded_official(source, start, end)
            else:
                excluded = self._excluded(source, start, end, options[0])
            if excluded == "skip":
                continue
            if entry.not_near and any(
                re.search(r"(?<![^\W_])(?<![^\W_]-)(?:" + w + r")(?![^\W_])", _sentence_around(masked, start, end))
                for w in entry.not_near
            ):
                continue
            if entry.until is not None:
                if _THEN_AFTER.match(masked, end):  # "Laos, then a French protectorate,": the name in its past
                    continue
                year_after = _YEAR_AFTER.match(masked, end)  # the years of its own phrase decide: "Hong Kong in 1984"
                if year_after is not None and int(year_after["year"]) < entry.until:
                    continue
                sentence = _sentence_around(masked, start, end)
                before = _before_year(sentence, entry.until, entry.early)
                if before and not _present_clause(masked, sentence, start, end):
                    continue
                if _YEAR.search(sentence) and _names_both(masked, sentence, start, options[0]):
                    continue  # "Korea was divided in 1945, and the Republic of Korea was founded in 1948"
                if _paragraph_before_year(source, start, sentence, entry.until, entry.early):
                    continue
                if self.history_words and self._of_history(sentence):
                    continue
            if self.former is not None and self.former.aside(masked, start, options[0]):
                continue
            if _glossed(masked, start, end, options[0]):
                continue
            replacement, fix_start = options[0], None
            if entry.fixable and entry.article:
                replacement, fix_start = _with_article(source, start, end, options[0], entry.article)
            span_start = start if fix_start is None else fix_start
            safe = (
                entry.fixable
                and excluded is None
                and masked[span_start:end] == text[span_start:end]  # no markup hidden inside the span
                and "\n" not in replacement
                and not _possessive_breaks(text, end, replacement)
                and not _repeats_neighbours(source, start, end, matched, replacement)
                and not self._adjective(masked, start, end, replacement)
                and not _after_ellipsis(masked, start, matched)
                and not (_after_hyphen(masked, start) and _breaks_compound(matched, options[0], replacement))
            )
            if len(options) > 1:
                suggestion: str | None = " or ".join(options)
            elif entry.fixable and not safe:
                suggestion = None  # the sentence needs rewording: every error with a suggestion is fixed
            else:
                suggestion = replacement
            hits.append(
                Hit(
                    self.id,
                    entry.level,
                    source,
                    start,
                    end,
                    _format(self.message, " or ".join(options), matched),
                    suggestion,
                    replacement if safe else None,
                    fix_start if safe else None,
                )
            )
        return hits

    def _excluded_official(self, source: SourceFile, start: int, end: int) -> str | None:
        """An official name spelled out whole ("United Nations Educational, Scientific and Cultural Organisation")
        is no name of its own spelling, whatever its capitals: only a quotation, a cited title or a word quoted
        alone keeps it."""
        if self.mentions and (_quoted_alone(source.masked, start, end) or _quoted_title(source, start, end)):
            return self.mentions
        if self.cited_titles and _in_cited_title(source, start, end):
            return self.cited_titles
        if self.quotations and _in_quotation(source, start, end):
            return self.quotations
        return None

    def _of_history(self, sentence: str) -> bool:
        """A sentence that names other states or times of the past ('Siam', 'the Dutch East Indies', 'before the
        war', ``history_words``) and says nothing of the present speaks of history; so does one that names an old
        century and a realm of its time, whatever its tense (``_old_realm``), and so does one that gives another
        name's present form in brackets and says nothing of the present itself ('Burma (now Myanmar), Iran and
        Laos joined'). A part of a century ('half a century ago') is a time within living memory, no history
        word's."""
        if _old_realm(sentence):
            return True
        if _NOW_ASIDE.search(sentence) and not _PRESENT.search(_BRACKETS.sub(" ", sentence)):
            return True  # "the members were Burma (now Myanmar), Iran and Laos": a list of its time
        sentence = _PART_OF_CENTURY.sub(" ", sentence)
        return not _PRESENT.search(sentence) and (
            _OLD_CENTURY.search(sentence) is not None
            or any(
                word in sentence and re.search(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", sentence)
                for word in self.history_words
            )
        )

    def _renamings(self, masked: str, found: list[tuple[_Swap, re.Match[str], str, list[str]]]) -> set[int]:
        """Hits that name a name: 'from Burma to Myanmar', 'Burma (now Myanmar)', 'from Hong Kong to Hong
        Kong, China' (two forms of the same name joined by one of ``former_names: renamed``)."""
        if self.former is None or self.former.renamed is None:
            return set()
        by_start = {match.start(): number for number, (_, match, _, _) in enumerate(found)}
        skipped: set[int] = set()
        for number, (_, match, _, options) in enumerate(found):
            position = self.former.renamed_to(masked, match.end())
            if position is None:
                continue
            other = by_start.get(position)
            if other is not None and found[other][3][0] == options[0]:
                skipped.update((number, other))
                continue
            right = _flexible_spaces(re.escape(options[0]).replace("\\ ", " "))
            if rx.compile(right + r"(?![^\W_])").match(masked, position):
                skipped.add(number)
        return skipped

    def _adjective(self, masked: str, start: int, end: int, replacement: str) -> bool:
        """Is the name used as an adjective ('Hong Kong students', 'Hong Kong-based') where the replacement,
        with its comma, brackets or 'of', cannot stand ('Hong Kong SAR, China students')?"""
        if not any(mark in replacement for mark in (",", "(", " of ")):
            return False
        if masked[end : end + 1] == "-" and masked[end + 1 : end + 2].isalpha():
            return True
        following = rx.compile(_SPACE + r"([^\W\d_][\w-]*)").match(masked, end)
        if following and following.group(1) in self.attributive:
            return True
        if not following or not following.group(1).islower():
            return False
        # "a Hong Kong degree", "an Iran study": an article no name of a place takes, before a noun
        if _INDEFINITE_BEFORE.search(masked, max(0, start - 8), start):
            return True
        # "a hot, humid Hong Kong afternoon": between an adjective and a word in small letters that no name is
        # followed by in a sentence (a verb, a preposition, a conjunction, an adverb), the name describes the
        # noun, and a comma or brackets cannot stand there ("Republic of Korea" still can)
        if not any(mark in replacement for mark in (",", "(")) or _follows_a_name(following.group(1)):
            return False
        previous = _ADJECTIVE_BEFORE.search(masked, max(0, start - 30), start)
        return previous is not None and not _follows_a_name(previous.group(1)) and previous.group(1) not in _DETERMINERS


_INDEFINITE_BEFORE = rx.compile(r"(?<![^\W_])(?:a|an|A|An)" + _SPACE + r"\Z")
_ADJECTIVE_BEFORE = rx.compile(r"(?<![^\W_])([a-z][a-z-]*)" + _SPACE + r"\Z")
# the words in small letters that follow a name used as a noun: "Hong Kong and", "Hong Kong on Monday", "Hong
# Kong itself"; verbs are told by their endings or by ``_PAST``/``_PRESENT``
_AFTER_NAME = frozenset(
    "and or but nor than as at by for from in into of off on onto out over per since through throughout to "
    "toward towards under until up upon via with within without about above across after against along among "
    "amongst around before behind below beneath beside besides between beyond despite during except inside "
    "near outside past round unlike alongside where which who whom whose that when while whereas because if "
    "unless though although so yet also alone itself too only again already even ever never not just then "
    "there here last next this these those will would can could may might must shall should do does did am "
    "be been being got gets let lets need needs saw says said say see sees seem seems set took take takes "
    "gave give gives led lead leads made make makes met meet meets put puts ran run runs sent send sends "
    "won win wins each both all alike instead first together later earlier versus vs twice once".split()
)


def _differing_words(start: int, matched: str, right: str) -> tuple[int, int, str, list[str]]:
    """The words of ``matched`` (at ``start``) that its official form ``right`` writes otherwise, with their
    place and their replacement: "Organisation" → "Organization" in a whole name. Words the official form only
    adds report the whole phrase: "Asia and Pacific" → "Asia and the Pacific"."""
    head = 0
    while head < min(len(matched), len(right)) and matched[head] == right[head]:
        head += 1
    tail = 0
    while tail < min(len(matched), len(right)) - head and matched[-1 - tail] == right[-1 - tail]:
        tail += 1
    while head > 0 and matched[head - 1].isalnum():
        head -= 1
    while tail > 0 and matched[len(matched) - tail].isalnum():
        tail -= 1
    wrong_end, right_end = len(matched) - tail, len(right) - tail
    if len(right) > len(matched) and right[head:right_end].endswith(matched[head:wrong_end]):
        return start, start + len(matched), matched, [right]
    return start + head, start + wrong_end, matched[head:wrong_end], [right[head:right_end]]


def _follows_a_name(word: str) -> bool:
    """Can ``word`` follow a place's name used as a noun (a verb, a preposition, a conjunction, an adverb)?"""
    lower = word.lower()
    return (
        lower in _AFTER_NAME
        or bool(_PAST.fullmatch(lower) or _PRESENT.fullmatch(lower))
        or lower.endswith(("ed", "ly"))  # not "-ing": "a humid Hong Kong evening"
        or (lower.endswith("s") and not lower.endswith("ss"))
    )


_YEAR = rx.compile(  # "since 1962", "since the early 1990s", "since the mid-1980s"; "before 1991"; "after 1991"
    r"(?:(?P<since>[Ss]ince[ \t\n]+(?:the[ \t\n]+(?:(?:early|late|mid|end[ \t\n]+of[ \t\n]+the)[ \t\n-]+)?)?)"
    r"|(?P<upto>(?<![^\W_])(?:[Bb]efore|[Uu]ntil|[Tt]ill|[Pp]rior[ \t\n]+to)[ \t\n]+)"
    r"|(?P<after>(?<![^\W_])(?:(?:[Aa]fter|[Ff]rom)[ \t\n]+|[Pp]ost-|POST-|AFTER[ \t]+)))?"
    r"(?<![\w.,/])(?P<year>1[5-9]\d\d|20\d\d)(?:s|(?![\w/]))"
    r"(?P<onwards>[ \t\n]+(?:onwards?|on)(?![^\W_]))?"
)


# a century before the twentieth, written with its ordinal: "in the 13th and 14th centuries", "a 17th-century map"
_OLD_CENTURY = rx.compile(
    r"(?<![^\W_])(?:1[0-9]|[1-9])(?:st|nd|rd|th)(?:[ \t]*(?:[–-]|and|to)[ \t]*(?:1[0-9]|[1-9])(?:st|nd|rd|th))?"
    r"[ \t-]+centur(?:y|ies)(?![^\W_])"
)


# a realm of the past, named: "the Pagan Kingdom", "the Konbaung Dynasty", "the Khmer Empire", "Kingdom of Ava"
_REALM = rx.compile(
    r"(?<![^\W_])(?:(?!United[ \t])[A-Z][\w'’-]+[ \t]+(?:Kingdom|Dynasty|Empire|Kingdoms|Dynasties|Empires)"
    r"|(?:Kingdom|Dynasty|Empire)[ \t]+of[ \t]+[A-Z])(?![^\W_])"
)
_PART_OF_CENTURY = rx.compile(r"(?<![^\W_])(?:half|quarter)(?:[ \t]+of)?[ \t]+a[ \t]+century", re.IGNORECASE)
_SINCE_BEFORE = rx.compile(r"(?<![^\W_])since[ \t]+(?:the[ \t]+)?\Z", re.IGNORECASE)


def _old_realm(sentence: str) -> bool:
    """Does the sentence name a century before the twentieth and a kingdom, dynasty or empire of the past ('is
    best known in upland Borduria, with records from the 12th century under the Ovar Kingdom')? A historian's
    present tense does not make it speak of today. A century after 'since' reaches the present ('Borduria has had
    temples since the 12th century') and is no such time."""
    if _REALM.search(sentence) is None:
        return False
    return any(
        _SINCE_BEFORE.search(sentence, max(0, m.start() - 12), m.start()) is None
        for m in _OLD_CENTURY.finditer(sentence)
    )


def _glossed(masked: str, start: int, end: int, right: str) -> bool:
    """'Myanmar (Burma)', 'Türkiye (Turkey)', 'Timor Leste [East Timor]': the old name alone in brackets right
    after the right one (perhaps with a space for its hyphen), for readers who know the country by it."""
    closing = masked[end : end + 1]
    if closing not in (")", "]"):
        return False
    written = _flexible_spaces(re.escape(right.removeprefix("the ")).replace("\\ ", " ")).replace("\\-", "[- ]")
    opening = r"\(" if closing == ")" else r"\["
    glossed = rx.compile(r"(?<![^\W_])" + written + r"[ \t]*" + opening + r"[ \t]*\Z")
    return glossed.search(masked, max(0, start - len(right) - 8), start) is not None


def _before_year(sentence: str, year: int, early: bool = False) -> bool:
    """Does the sentence speak of the time before ``year`` ('In 1946 the French returned to Laos', 'Before 1991,
    students from Russia')? Every year it names comes before or is the year of the change itself, when the old name
    was still the name for part of the year ('1997 – Hong Kong is handed over to China', 'Laos in 1975'; a decade
    must come before), and none follows 'since' (which reaches to the present: 'open since 1911'). When the change
    came ``early`` in its year (the Islamic Republic of Iran in April 1979), most of that year is the new name's:
    the year itself counts only after 'before' or 'until' ('Before 1979'), not alone ('fled to Iran in 1979')."""
    if not any(c.isdigit() for c in sentence):
        return False
    years = list(_YEAR.finditer(sentence))
    return bool(years) and all(
        m["since"] is None
        and not (_reaches_on(m) and int(m["year"]) >= year)
        and (int(m["year"]) < year or (int(m["year"]) == year and _year_of_old_name(m, early)))
        for m in years
    )


def _year_of_old_name(year: re.Match[str], early: bool) -> bool:
    """Is the year of the change itself, as the sentence writes it, still the old name's time? Not as a decade
    ('the 1970s' reaches past it), nor alone when the change came early in the year; after 'before' or 'until'
    it is ('Before 1979')."""
    if year.string[year.end("year") : year.end("year") + 1] == "s":
        return False
    return not early or year["upto"] is not None


def _reaches_on(year: re.Match[str]) -> bool:
    """Does the year begin a time that goes on ('after 1991', 'post-1991', 'from 1991 onwards', '1991 onwards')?
    Such a time from the year of the change on is the time of the new name ('## After 1991')."""
    after = year["after"]
    return bool(year["onwards"]) or (after is not None and not after.lower().startswith("from"))


_PRESENT = rx.compile(
    r"(?<![^\W_])(?:is|are|has|have|remains?|becomes?|now|today|currently|nowadays|present|recent|recently|still)"
    r"(?![^\W_])",
    re.IGNORECASE,
)
_BRACKETS = rx.compile(r"\([^()\n]*\)")
_NOW_ASIDE = rx.compile(r"\((?:now|today|present-day)[ \t]+[A-Z]")  # another name's present one: "Burma (now Myanmar)"


def _names_both(masked: str, sentence: str, start: int, right: str) -> bool:
    """Does a sentence that names a time also write the right form elsewhere ('Korea was divided in 1945, and the
    Republic of Korea was founded in 1948', '2002: East Timor becomes independent as Timor-Leste')? Then the
    other name is meant: the old one, or the land before the state."""
    written = rx.compile(r"(?<![^\W_])" + _flexible_spaces(re.escape(right).replace("\\ ", " ")) + r"(?![^\W_])")
    left = max(0, start - 300)
    offset = masked.find(sentence, left)
    return any(not (offset + m.start() <= start < offset + m.end()) for m in written.finditer(sentence))


def _paragraph_before_year(source: SourceFile, start: int, sentence: str, year: int, early: bool = False) -> bool:
    """A sentence that names no year and says nothing of the present (``_speaks_of_present``) takes the years of its
    paragraph, outside brackets (where publication years are cited): history when they all come before ``year``. A
    fragment of a few words ('The schools of Burma.', the run-in title of a review) takes them whatever the
    paragraph says; a longer sentence ('Education for the Japanese in Korea was nearly universal.') only when its
    verb is of the past and the paragraph says nothing of the present either. A heading ('## Burma') takes the years
    of the paragraph under it, on the same terms."""
    if _YEAR.search(sentence) or _speaks_of_present(sentence):  # "80%" is no year: "Macau students rose to 80%"
        return False
    masked = source.masked
    begin = max(masked.rfind("\n\n", 0, start), 0)
    heading = bool(source.heading_spans and source.in_spans(start, source.heading_spans))
    if heading:  # the paragraph under the heading
        begin = masked.find("\n", start)
        if begin < 0:
            return False
        while masked[begin + 1 : begin + 2].isspace():
            begin += 1
    stop = masked.find("\n\n", begin + 1)
    paragraph = _BRACKETS.sub(" ", masked[begin : stop if stop >= 0 else len(masked)])
    if len(sentence.split()) > 6 and not _PAST.search(sentence):  # "Hong Kong's universities recruit abroad"
        return False
    strict = heading or len(sentence.split()) > 6
    if strict and _speaks_of_present(paragraph):
        return False
    if _before_year(paragraph, year, early):
        return True
    # a paragraph that names no year takes the years of its section's heading ("### Before 1975", "## 1954–1975")
    section = None if heading or _YEAR.search(paragraph) else _section_heading(source, start)
    return section is not None and _before_year(section, year, early)


def _section_heading(source: SourceFile, start: int) -> str | None:
    """The text of the last heading before ``start``, or None."""
    before = [span for span in source.heading_spans if span[1] <= start]
    return source.masked[before[-1][0] : before[-1][1]] if before else None


# a verb of the present after a modal, "to" or "did", perhaps with "not", says nothing of the present ("each
# country must have its own", "boys who did not have to take vows"), and "still" after a verb of the past is of
# the past ("when French was still taught")
_MODAL_BEFORE = rx.compile(
    r"(?<![^\W_])(?:(?:must|would|could|should|might|may|can|will|shall|to|did)(?:[ \t\n]+not)?|didn['’]t)[ \t\n]+\Z",
    re.I,
)
_PAST_BEFORE = rx.compile(r"(?<![^\W_])(?:was|were|had)[ \t\n]+\Z", re.I)


# where a clause of a sentence ends: a comma, a semicolon, a bracket, or a word that begins another clause (not a
# dash: "1997 – Hong Kong is handed over" is one clause of a chronology, the year with the event)
_CLAUSE_BREAK = rx.compile(r"[,;:()]|(?<![^\W_])(?:and|but|while|whereas|which|who|where)(?![^\W_])")


def _present_clause(masked: str, sentence: str, start: int, end: int) -> bool:
    """Does the clause that holds the name, naming no year of its own, speak of the present ('The centre opened in
    2016, and teachers from Turkey have taught there since', 'The Ministry, which oversees the universities in
    Iran, was established in 1967')? The years of the rest of the sentence are then
    not its time."""
    offset = masked.find(sentence, max(0, start - len(sentence)))
    if offset < 0 or not offset <= start < offset + len(sentence):
        return False
    at, stop = start - offset, end - offset
    breaks = list(_CLAUSE_BREAK.finditer(sentence))
    opening = max((m for m in breaks if m.end() <= at), key=lambda m: m.end(), default=None)
    left = opening.end() if opening else 0
    right = min((m.start() for m in breaks if m.start() >= stop), default=len(sentence))
    clause = sentence[left:right]
    if _YEAR.search(clause):
        return False
    # the clause with the word that opens it: "which oversees ..."
    opened = sentence[opening.start() if opening else 0 : right]
    return _speaks_of_present(clause) or _RELATIVE_PRESENT.match(opened) is not None


# a relative clause in the present: "The Ministry, which oversees the universities in Iran, was set up in 1967"
_RELATIVE_PRESENT = rx.compile(r"[ \t]*(?:which|that|who)[ \t]+(?:[a-z]+ly[ \t]+)?[a-z]{3,}(?<![su])s(?![^\W_])")


def _speaks_of_present(text: str) -> bool:
    """Does ``text`` say something of the present ('is', 'have', 'today')? Not with a verb after a modal ('each
    country must have its own university') or with 'was still'."""
    for word in _PRESENT.finditer(text):
        said, before = word.group().lower(), text[max(0, word.start() - 12) : word.start()]
        if said in ("have", "has", "become", "remain") and _MODAL_BEFORE.search(before):
            continue
        if said == "still" and _PAST_BEFORE.search(before):
            continue
        return True
    return False


_PAST = rx.compile(  # a sentence of the past says so with its verb ("closed", not "need" or "exceed")
    r"(?<![^\W_])(?:was|were|had|did|became|began|remained|grew|taught|came|went|left|made|took|kept|held"
    r"|built|brought|found|gave|led|met|rose|fell|saw|spent|sent|stood|won|wrote|(?!hundred)[a-z]{2,}[a-df-z]ed)(?![^\W_])",
    re.IGNORECASE,
)


def _with_article(source: SourceFile, start: int, end: int, name: str, article: str) -> tuple[str, int | None]:
    """The replacement with the article the official name needs in running text, and where it begins.

    ``the``: "those of South Korea" → "those of the Republic of Korea" (not in a heading, a table cell or
    a list item that holds only the name, nor after a determiner). ``none``: "the Kyrgyz Republic" →
    "Kyrgyzstan", the "the" replaced too.
    """
    masked = source.masked
    if article == "none":
        before = rx.compile(r"(?<![^\W_])([Tt]he|THE)" + _SPACE + r"\Z").search(masked, max(0, start - 12), start)
        if before is None:
            return name, None
        return name, before.start(1)
    text = source.text
    line_start = text.rfind("\n", 0, start) + 1
    heading = bool(source.heading_spans and source.in_spans(start, source.heading_spans))
    if heading and not re.search(r"[^\W\d_]", source.masked[line_start:start]):
        return name, None  # "## South Korea" → "## Republic of Korea"; "## Education in North Korea" takes "the"
    line_end = text.find("\n", end)
    if _LABEL_BEFORE.fullmatch(text, line_start, start) and _LABEL_AFTER.match(
        text, end, len(text) if line_end == -1 else line_end
    ):
        return name, None
    previous = rx.compile(r"([^\W\d_]+)" + _SPACE + r"\Z").search(masked, max(0, start - 30), start)
    if previous is not None and (previous.group(1).lower() in _DETERMINERS or _ADJECTIVE.match(previous.group(1))):
        return name, None
    if _after_city(source, start, end):
        return name, None
    article = "The " if _starts_sentence(source, start) else "the "
    return (article.upper() if name.isupper() else article) + name, None  # "SOUTH KOREA –" → "THE REPUBLIC OF KOREA"


# "in Seoul, South Korea.": a place, a comma, and the name that says where the place is, ending its phrase
_PLACE_BEFORE = rx.compile(
    r"(?<![^\W_])(?:in|at|from|near|of|to|outside|IN|AT|FROM)"
    + _SPACE
    + r"([A-Z][\w'’-]*(?:"
    + _SPACE
    + r"[A-Z][\w'’-]*){0,2}),"
    + _SPACE
    + r"\Z"
)
_PHRASE_ENDS = rx.compile(
    r"[ \t]*(?:[.;:!?)\]—–]|,[ \t]+(?![A-Z]|(?:and|or)(?![^\W_]))|\Z|\n"
    r"|[ \t]+(?:on|in|at|where|when|which|who)(?![^\W_]))"
)


# a dateline: the city at the start of its paragraph, a comma, the country, then a dash, a colon or the agency's
# name in brackets ("SEOUL, South Korea—As part of ...", "Hanoi, Vietnam (VNA) –")
_DATELINE_PLACE = rx.compile(r"(?:\A|\n)[ \t]*(?:[*_]{1,2})?[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2},[ \t]*\Z")
_DATELINE_AFTER = rx.compile(r"[ \t]*(?:[—–:(]|-[ \t]|,[ \t]+\d|,[ \t]+[A-Z][a-z]+[ \t]+\d)")


def _after_city(source: SourceFile, start: int, end: int) -> bool:
    """Is the name the country of a city written before it ('in Seoul, South Korea.', a dateline 'SEOUL, South
    Korea—')? After "City, " the name takes no article ('Seoul, Republic of Korea'). In a list ('Japan, South Korea
    and China') the name goes on."""
    masked = source.masked
    if _DATELINE_PLACE.search(masked, max(0, start - 40), start) and _DATELINE_AFTER.match(masked, end):
        return True
    place = _PLACE_BEFORE.search(masked, max(0, start - 60), start)
    return (
        place is not None
        and not _crosses_block(source, place.start(), start)
        and _PHRASE_ENDS.match(masked, end) is not None
    )


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


def _repeats_neighbours(source: SourceFile, start: int, end: int, matched: str, replacement: str) -> bool:
    """Would the replacement repeat a word written right beside it? 'Macau, China' → 'Macao, China, China';
    'Iran (the Islamic Republic of)' → 'Iran (Islamic Republic of) (the Islamic Republic of)'. A following
    'SAR' or 'PDR' belongs to the name too ('Macau SAR')."""
    added = _words_of(replacement) - _words_of(matched) - {"the", "of", "and"}
    if not added:
        return False
    masked = source.masked
    after = rx.compile(r"[\s,(]*(?:the\s+)?([^\W\d_]+)").match(masked, end, end + 60)
    if after and not _crosses_block(source, end, after.start(1)) and after.group(1).lower() in added | {"sar", "pdr"}:
        return True
    before = rx.compile(r"([^\W\d_]+)[\s,(]*\Z").search(masked, max(0, start - 60), start)
    return bool(before and not _crosses_block(source, before.end(1), start) and before.group(1).lower() in added)


def _after_ellipsis(masked: str, start: int, matched: str) -> bool:
    """'North and South Korea': the first name shares the second's noun, and replacing the second loses it."""
    if not matched.startswith(_COMPASS):
        return False
    pattern = r"(?<![^\W_])(?:" + "|".join(_COMPASS) + r")" + _SPACE + r"(?:and|or|&)" + _SPACE + r"\Z"
    return rx.compile(pattern).search(masked, max(0, start - 20), start) is not None


def _after_hyphen(masked: str, start: int) -> bool:
    """Is the name the second part of a compound joined by a hyphen ('a China-Japan-South Korea summit',
    'Japan-Vietnam ties')? A compound takes no article, and another form of the name breaks it: the author
    rewords."""
    return start >= 2 and masked[start - 1] in "-–‐‑" and masked[start - 2].isalnum()


def _breaks_compound(matched: str, right: str, replacement: str) -> bool:
    """Would the replacement break a compound joined by a hyphen: an article, a comma, brackets or more words than
    the name had ('China-Japan-the Republic of Korea')? One word for another ('400-meter' → '400-metre') does not."""
    if replacement != right or "," in replacement or "(" in replacement:
        return True
    return len(replacement.split()) > len(matched.split())


def _possessive_breaks(text: str, end: int, replacement: str) -> bool:
    """Would the replacement garble a possessive? 'Iran's' → 'Iran (Islamic Republic of)'s', 'Laos'' → 'Lao PDR'',
    'Taiwan's' → 'Taiwan province of China's' (a description, not a name: the 's falls to 'China').

    Such a sentence needs rewording by the author, so the hit is reported but not fixed.
    """
    if text[end : end + 2] in ("'s", "’s"):
        words = replacement.split()
        described = words[-1][:1].isupper() and any(w.islower() and w not in ("the", "of", "and") for w in words)
        return described or any(c in replacement for c in ",(")
    return text[end : end + 1] in ("'", "’") and text[end - 1 : end] in ("s", "S")


class Existence(_PhraseRule):
    """``tokens: [...]``: every occurrence is a finding."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._setup_common()
        tokens = self.options.get("tokens")
        if not isinstance(tokens, list) or not tokens:
            raise self.problem(
                "an existence rule needs a 'tokens' list", "write tokens: followed by one '- phrase' per line"
            )
        patterns = [
            _Pattern(self, str(t), self.flags, self.nonword) for t in sorted(tokens, key=lambda t: -len(str(t)))
        ]
        self.matcher = _Matcher(patterns)
        self.exceptions = _Exceptions(self.exception_phrases, self.ignorecase, self.former.names if self.former else [])

    def scan(self, source: SourceFile) -> list[Hit]:
        hits = []
        for _, match in self.matcher.finditer(source):
            start, end = match.span()
            if self._excluded(source, start, end) == "skip":
                continue
            matched = source.text[start:end]
            hits.append(Hit(self.id, self.level, source, start, end, _format(self.message, matched)))
        return hits


def _capitalized_initials(acronym: str, preceding: str) -> bool:
    """Do the words of the clause before the bracket spell ``acronym``, its first letter beginning a capitalized
    word ("the Regional Centre ... under the auspices of UNESCO (RCHEAP)"), not the small words of a sentence
    ("and the results of the GCE (AL)")?"""
    clause = re.split(r"[.;:!?()\[\],]", preceding)[-1]
    first = re.search(r"(?<![^\W_])" + re.escape(acronym[:1].upper()), clause)
    return first is not None and _initials_match(acronym, clause[first.start() :])


_CAPITALS_BEFORE = rx.compile(r"(?<![^\W_])[A-Z]{2,}(?:[ \t]+[A-Z]{2,})*\Z")  # "GCE", "UNIVERSITI MALAYA"
_NOTE_NUMBER = rx.compile(r"[ \t]*\[\d{1,3}\]\Z")
_LANGUAGE_LINK = rx.compile(r"[ \t]*\[[a-z]{2,3}\]\Z")


def _initials_match(acronym: str, words: str) -> bool:
    """Could ``words`` be what ``acronym`` stands for? Its letters are found in order, from the right, and its
    first letter begins a word (after Schwartz and Hearst's test for abbreviation definitions)."""
    letters = [c for c in _fold(acronym).lower() if c.isalnum()]
    long = _fold(words).lower()
    index = len(long) - 1
    for position in range(len(letters) - 1, -1, -1):
        char = letters[position]
        while index >= 0 and (long[index] != char or (position == 0 and index > 0 and long[index - 1].isalnum())):
            index -= 1
        if index < 0:
            return False
        index -= 1
    return True


_SPELLING_SMALL = frozenset({"and", "of", "for", "in", "on", "or", "the", "to", "a", "an", "&"})


def _spells_words(acronym: str, words: str) -> bool:
    """Do the last words in brackets spell ``acronym``, each of its letters the first of a word, small words
    ("and", "of", "or") used or passed over? "young people not in education, employment or training" spells NEET;
    a list of names does not spell ASEAN. A few words may come first ("young people")."""
    acronym, words = _fold(acronym), _fold(words)
    letters = [c.lower() for c in acronym if c.isalpha()]
    found = re.findall(r"[^\W\d_][\w'’-]*|&", words)
    if not letters or len(letters) != sum(c.isalnum() for c in acronym):
        return False

    def fits(i: int, j: int) -> bool:
        if i == len(letters):
            return all(w.lower() in _SPELLING_SMALL for w in found[j:])
        if j == len(found):
            return False
        small = found[j].lower() in _SPELLING_SMALL
        return (found[j][0].lower() == letters[i] and fits(i + 1, j + 1)) or (small and fits(i, j + 1))

    return any(fits(0, j) for j in range(min(4, len(found))))


class Acronym(Rule):
    """Acronyms are spelled out at first use, in reading order across the whole publication.

    A use counts as the definition when it is written "full words (ACR)" (also "(hereafter ACR)", a plural
    "(ACRs)", an ordinal "(4th ACR)", two that the words spell together "(ACR ACR2)", a number "(SDG 4)", a year,
    a version or a level when the words before spell the acronym ("(NEP 2020)", "(OLP 2.0)", "(GCE A-Level)"),
    words in quotation marks '"New Economic Mechanism" (NEM)'), "ACR (full words)",
    "full words (ACR, more)", "(ACR or ACR2)", "full words (ACR0 ACR)", "(full words, ACR)" or
    "full words – ACR, as it is usually called –" when the words before or inside the brackets spell it,
    "(ACR, full words)", "full words/ACR" or "ACR/full words" when each capital begins one of the words
    ("the European Union/EU"), "full words – otherwise known as ACR –", "full words, abbreviated as ACR",
    "full words (hereinafter referred to as ACR)", "full words, commonly referred to as the ACR",
    "(also known as full words or simply ACR)", "full words (informally other words or ACR)", "full words, ACR"
    at the end of a line, "Full Words or ACR" when each capital begins one of the capitalized words just
    before ("the Economic Cooperation Organization or ECO is") or, with three capitalized words or more and
    three capitals or more, spelled or not ("the National Accreditation Board or LAN"), "ACR - the Full Name Words"
    (three capitalized words or more, spelled or not: "HCERES - the High Council for Evaluation ..."),
    "Full Words ACR" when there are three capitals or more ("Vocational Training Charitable Trust VTCT, UK"),
    "ACR or Full Words" (perhaps a word or two of a short name between: "CAMPUS Asia or Collective Action for
    Mobility Programme of University Students in Asia") when the words after "or" spell it, "names (the ACR
    countries)", the initials of a name in another language ("the Malaysian Higher School Certificate (STPM in Malay)",
    ``languages``), "ACR: full words" (or a table row) at the start of a line, as in a list of abbreviations, or a
    run of lines "ACR Full Words" (``_spaced_glossaries``), "full words (ACR/ACR2)" when the words spell both, and
    "Full Name (formerly ACR)". "MOU" and "MoU" are one acronym; "ACR ACR2" side by side after "(ACRACR2)" is that
    acronym (``_spaced_partner``).
    Capitals with accents or dots are capitals ("TİKA", "ÖSYM"), and "TİKA" and "TIKA" are one acronym. An
    acronym that begins a chain with words is used there ("UNICEF-UNESCO-World Bank": UNICEF). A
    compound of acronyms already defined (AUN-QA after AUN and QA) needs no definition of its own; only the first
    undefined use of each acronym is reported, alone or inside a compound (after "UMAP-COIL" is reported, neither
    "COIL-type" nor a compound of UMAP with a defined acronym is). An ignored word joined to a number (a currency
    before its amount: "SBD5.7 million", "$US125") is no acronym. Headings, the title, lines written all in
    capitals and a word in capitals that stands alone as a paragraph (ABBREVIATIONS) neither define nor count as
    first use; nor do the place names of a news dateline ("SUVA – The council met", with any dash-like
    character, a space before a colon: "COLOMBO : For", and an agency after the date: "DUSHANBE, 3 May 2021,
    Asia-Plus –"), labels before a colon ("FISCAL YEAR:", and a code with a number after an item's own label:
    "Operational Priorities: OP1:"), the codes of a photo credit after "©" ("© UNICEF/NYHQ 2020-0417/Jo Lee"),
    words in capitals that the text also writes in lower case (SUBJECT, UPDATED) or as a name, unless it spells
    them out as acronyms somewhere (then their first use is reported), and so are the words of mastheads, labels
    and dates in ``words`` ("UIS FACT SHEET MARCH 2021": FACT, SHEET, MARCH), a time zone right after a clock
    time ("01:17 IST", "10:00 ICT"; ICT elsewhere stays an acronym), HIV and AIDS (``ignore``), the authors of a
    citation "(ADB, 2022)", "(UNICEF and ADB, 2021)", and what ``not_acronyms`` describes.
    """

    # the look behind comes after the first capital, so that the search skips from capital to capital
    # the capitals may be of any of the Latin letters: "TİKA", "ÖSYM"; a chain of acronyms may go on with a word
    # ("UNICEF-UNESCO-World Bank": UNICEF-UNESCO); after a word and a hyphen it is part of a name
    # ("the College of Micronesia-FSM")
    PATTERN = rx.compile(
        # not a name's elided article after a hyphen: "the UNESCO-L’Oréal prize" uses UNESCO alone
        # after a prefix in small letters it is used: "non-STEM courses", "pre-ASEAN", "anti-HIV"
        r"(?P<acr>[A-Z](?<![^\W_][A-Z])(?:(?<!-[A-Z])|(?<=non-[A-Z])|(?<=pre-[A-Z])|(?<=post-[A-Z])|(?<=anti-[A-Z])"
        r"|(?<=pro-[A-Z])|(?<=sub-[A-Z])|(?<=inter-[A-Z])|(?<=ex-[A-Z]))"
        r"[A-Z0-9]*[A-Z][A-Z0-9]*(?:-[A-Z0-9]+(?![’'][A-Za-z]))*)(?P<plural>s)?"
        r"(?![^\W_]|-[A-Z0-9](?![a-z’']))".replace("A-Z", _LATIN_UPPER)
    )
    # in mixed case (MoET, MoEYS, DepEd, CHEd, MoUs) the lower-case runs are short; a name has longer ones
    # (McDonald, PowerPoint, YouTube); with a digit first, the capitals that follow it (4IR, not 3D or 5G)
    MIXED = rx.compile(
        r"(?P<acr>[0-9A-Z](?<![^\W_][0-9A-Z])(?<!-[0-9A-Z])(?:(?<=[0-9])[A-Z]{2,}|(?<=[A-Z])(?:[A-Z]*[a-z]{1,2}[A-Z]"
        r"(?:[A-Z]|[a-z]{1,2}(?=[A-Z]))*(?:(?!s(?![^\W_]))[a-z]{1,2})?|[A-Z]+(?!s(?![^\W_]))[a-z]{1,2}))"
        # a compound with acronyms in capitals after it, as PATTERN reads them: "DepEd-CAR", "MoE-ZX"
        r"(?:-[A-Z0-9]+(?![’'][A-Za-z]))*)"
        r"(?P<plural>s)?(?![^\W_]|-[A-Z0-9](?![a-z’']))"
    )
    SURNAME = rx.compile(r"(?:Mc|Mac|De|Di|Du|La|Le|O)[A-Z][a-z]")  # McKay, DeVos, LaRue: a family name
    NUMBERED = rx.compile(r"^(?P<stem>[A-Z]{2,})-?\d+$")  # "SDG4", and a year after a hyphen: "SCO-2024"
    # a Roman numeral as texts write them: of I, V, X and L ("Part IV", "XXI"), or a year ("MMXXIV"); not hundreds
    # alone, which are acronyms as often ("the DCC government", "CIV", "MDC")
    ROMAN = rx.compile(
        r"^(?:M{1,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?<=[MDCLXVI]{4})"
        r"|(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))$"
    )
    # an ordinal may stand before it: "Fourth Education Ministers Meeting (4th EMM)", "(9th SOM-ED)"
    _ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)[ \t]+)?"
    _OPENING = rx.compile(
        r"[(\[]\s*(?:(?P<declared>hereafter|hereinafter|henceforth)[,:]?\s+"
        r"|(?:(?:also |commonly |usually |better |herewith )?known as|"
        r"referred to as|or|in short|(?:formerly|previously)(?:\s+(?:known\s+as|called|named))?(?:\s+the)?)[,:]?\s+)?"
        + _ORDINAL
        + r"[\"“‘']?$",
        re.IGNORECASE,
    )
    # after "(hereafter": the acronym and a capitalized word or two that qualify it, "(hereafter MoBS Borduria)"
    _QUALIFIED = rx.compile(r"s?[ \t]+[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]*[)\]]")
    # "(NICs)", "(SDG 4)", "(SOMED+3)", "(‘QA’)", and in square brackets: "Senior High School [SHS]"
    # "(SOMED+3)", "(LE2030+)", and the number of a meeting in Roman figures: "(APMED2030 II)"
    _CLOSING = rx.compile(r"s?(?:[ \t]\d{1,3}|[ \t][IVX]{1,4}|\+\d?)?[\"”’']?\s*[);\]]")
    # a short name in the brackets, the acronym and a word of the name: "(the AP Convention)", "(the ACTS Scheme)"
    _SHORT_BEFORE = rx.compile(r"\(\s*the[ \t]+$")
    _SHORT_AFTER = rx.compile(r"(?:[ \t]+[A-Z][a-z]+){1,2}[ \t]*\)")
    # "(SEAMEO RIHED)", "(APT EMM)", also joined by "&" or "and": "Public Administration & Environment (PPA & ENV)"
    _SECOND = rx.compile(r"(?:[ \t]+(?:(?:&|and)[ \t]+)?|/)(?P<second>[A-Z][A-Z0-9-]*[A-Z0-9])s?[ \t]*\)")
    _MORE = rx.compile(r"s?[\"”’']?\s*(?:,|;|:|\s[–—-]|\s+or\s)(?P<inside>(?:[^()\n]|\n(?![ \t]*\n)){0,160}?)\)")
    # a year, a version or further words of the name after the acronym in its brackets: "National Education Policy
    # 2020 (NEP 2020)", "(DSS-2030)", "(OLP 2.0)", "General Certificate of Education Advanced (GCE A-Level)"
    _WORDS_AFTER = rx.compile(
        r"(?:(?<=\d)(?:\.\d{1,2})+|s?(?:[ \t]+|-)(?:(?:1[89]|2[01])\d\d(?:[–-](?:1[89]|2[01])?\d\d)?"  # "2012-2015"
        r"|\d{1,3}(?:\.\d{1,2})+"
        # a word of a level or kind, not another acronym: not "(SEAMEO QITEP in Language)"
        r"|[A-Z](?:-[A-Z]?)?[a-z][\w’'-]*(?:[ \t]+[A-Za-z0-9][\w’'-]*)?))[ \t]*[)\]]"
    )
    # a word of the name before the acronym in its brackets: "Education National Key Economic Area (Education NKEA)"
    _WORD_PREFIXED = rx.compile(r"\(\s*(?P<word>[A-Z][a-z]+)[ \t]+\Z")
    _ALTERNATIVE = rx.compile(r"\(\s*[\"“‘']?(?P<first>[A-Z][A-Z0-9-]*[A-Z0-9])s?[\"”’']?\s*(?:or|/|,)\s*[\"“‘']?$")
    _PREFIXED = rx.compile(
        r"\(\s*" + _ORDINAL + r"[\"“‘']?[A-Z][A-Z0-9-]*[A-Z0-9](?:[ \t]+(?:(?:&|and)[ \t]+)?|[ \t]*\n[ \t]*)$"
    )  # a line may break; "(PPA & ENV)"
    # "(Universidade Nacional..., UNTL)", "(Vocational Education and Training – VET)"
    # the words may wrap to the next line: "(Sistem Pendidikan Negara\nAbad Ke-21, SPN21)"
    # a dash in the brackets may have no spaces round it: "(Universidade Nacional Timor Lorosae—UNTL)"
    _INSIDE_BEFORE = rx.compile(
        r"\((?P<words>(?:[^()\n]|\n(?![ \t]*\n)){3,160})(?:,|[ \t]*[–—]|[ \t]+-)[ \t]*[\"“‘']?$"
    )
    # a name for a group of the names before it: "Cambodia, Lao PDR, Myanmar and Viet Nam (the CLMV countries)"
    _GROUP_BEFORE = rx.compile(r"\([ \t]*(?:the[ \t]+)?\Z")
    _GROUP_AFTER = rx.compile(
        r"[ \t]+(?:countries|economies|nations|states|members|member[ \t]+states|group|subregion|region)[ \t]*\)"
    )
    # the group and its members in brackets, whose initials it is: "the CLM countries (Cambodia, Lao PDR and Myanmar)"
    _MEMBERS_AFTER = rx.compile(
        r"[ \t]+(?:countries|economies|nations|states|members|member[ \t]+states)[ \t]*"
        r"\((?P<names>[A-Z][^()\n]{2,200})\)"
    )
    # not a reference to a part of the work: "the OECD (Figure 4.12)", "the UIS (see Table 2)"
    # a name in the brackets, not the level or stage of what the acronym names: "the GCE (Ordinary Level)"
    _NAME_INSIDE = rx.compile(
        r"s?[ \t]*\([ \t]*(?:[Tt]he[ \t]+)?[A-Z][a-z](?![^()\n]*[ \t](?:Levels?|Grades?|Stages?|Phases?)\))"
    )
    _EXPANSION_AFTER = rx.compile(
        r"s?[ \t]*\((?!\s*\d)(?!\s*(?:[Ss]ee\s+)?(?:Figures?|Fig\.|Tables?|Box|Chart|Map|Annex|Appendix|Chapter|"
        r"Section|Part|p\.|pp\.)\s*\d)[ \t]?[^\W\d_][^()\n]*?\s[^()\n]*\)"
    )
    # a noun or two between the acronym and the words that spell it: "the NEET rate (not in education, employment or
    # training)", "the STEM fields (science, technology, engineering, and mathematics)", "the LMS platforms (...)"
    _NOUN_EXPANSION = rx.compile(r"s?(?:[ \t]+[a-z][a-z'’-]+){1,2}[ \t]*\((?P<words>[^()\n]{3,160})\)")
    # "the Indira Gandhi National Open University – IGNOU, as it is usually called –"
    _CALLED_BEFORE = rx.compile(r"[ \t]*(?:[–—]|--?|,)[ \t]*(?:or[ \t]+)?[\"“‘']?$")
    # "... mathematics – otherwise known as STEM –", "..., also called IDA,", "..., now known as BRAC", a short form
    # named so ("Kolej Teknik Sabah, commonly abbreviated to KTS,", "(..., abbreviated as ITB)") and the last of the
    # names of an institution ("(also known as Dhaka University or simply DU)", "the ... College, or simply HMC,")
    # A verb phrase may say so: "(hereinafter referred to as MOE)", "the Department of Education, commonly referred to
    # as the DepEd", and without a comma after such an adverb: "the Teachers Council also known as TC"
    _KNOWN_BEFORE = rx.compile(
        r"(?:(?:(?:[–—]|--?|,|;|\()\s*|(?<=[^\W\d_])\s+(?=(?:otherwise|also|commonly|usually|often|better|now|"
        r"officially|hereafter|hereinafter|henceforth|herewith)\s))"
        r"(?:(?:otherwise|also|commonly|usually|often|better|simply|now|officially|hereafter|hereinafter|henceforth|herewith)"
        r"\s+)?"
        r"(?:known\s+as(?:\s+the)?|called|referred\s+to\s+as(?:\s+the)?|abbreviated(?:\s+(?:as|to))?|shortened\s+to"
        r"|in\s+short)"
        r"|(?<![^\W_])or\s+(?:simply|just))\s+[\"“‘']?$"
    )
    # "or" alone between a name and its acronym, no bracket or comma: "The Economic Cooperation Organization or ECO
    # is"; the capitalized words just before must spell it, each capital the first letter of one of them
    _OR_BEFORE = rx.compile(r"(?<![^\W_])or[ \t]+(?:[A-Z]{2,8}[ \t]+)?[\"“‘']?\Z")  # "or SEAMEO RECSAM"
    # a name of three capitalized words or more, "or" and an acronym of three capitals or more define it even when
    # the words do not spell it, as the acronym may be of the name in another language: "the National Accreditation
    # Board or LAN"
    _TITLE_CASE_WORD = rx.compile(r"(?<![\w'’&-])[A-Z][a-z]")
    # after a comma, "the" and the capitalized words of the name, which must spell the acronym
    _COMMA_NAME = rx.compile(
        r",[ \t]+(?:[Tt]he[ \t]+)?"
        r"(?P<name>[A-Z][\w'’-]*(?:[ \t]+(?:(?:of|for|and|on|in|the|de|&)[ \t]+)*[A-Z][\w'’-]*)+)"
    )
    # an acronym, a dash and a capitalized name of three words or more, as an acronym of a name in another language
    # is glossed in English: "HCERES - the High Council for Evaluation of Research and Higher Education"
    _DASH_NAME = rx.compile(
        r"s?[ \t]+[–—-][ \t]+(?:[Tt]he[ \t]+)?[A-Z][a-z][\w'’-]*"
        r"(?:[ \t]+(?:(?:of|for|and|on|in|the|de|&)[ \t]+)*[A-Z][a-z][\w'’-]*){2}"
    )
    # and after it, perhaps after a word or two of a short name: "CAMPUS Asia or Collective Action for Mobility
    # Programme of University Students in Asia"; the first words after "or" must spell it
    _OR_AFTER = rx.compile(r"s?(?:[ \t]+[A-Z][a-z]+){0,2}[ \t]+or[ \t]+(?P<words>[^\W\d_][^.;:!?()\[\]\n]{3,160})")
    # the last of the other names in brackets: "The University of Colombo (informally Colombo University or UoC)"
    _OR_LAST = rx.compile(r"\((?P<inside>[^()\n]{2,120}?)[ \t]+or[ \t]+[\"“‘']?$")
    # an acronym of three letters or more between commas (or dashes) after the words that spell it:
    # "the Korean Educational Development Institute, KEDI, was", "the ... Open Learning Centre, or SEAMOLEC,"
    _APPOSITIVE_AFTER = rx.compile(  # also at the end of a line: "- International name: Royal University ..., RUPP"
        r"s?[\"”’']?[ \t]*(?:[,.;:–—]|--?(?!\w)|\n|\Z)"
    )
    # the field of a centre after its acronym: "(SEAMEO QITEP in Language)", "(SEAMEO QITEP in Science)"
    _IN_FIELD = rx.compile(r"[ \t]+in[ \t]+[A-Z][\w-]*(?:[ \t]+(?:and[ \t]+)?[A-Z][\w-]*)?[ \t]*\)")
    # "..., known by its French initials, CRFE,": the initials of words in another language, or of the words before
    _INITIALS_BEFORE = rx.compile(
        r"(?:(?:also|usually|commonly|often|better|best)\s+)?known\s+(?:by|under)\s+(?:its|their|the)\s+"
        r"(?:(?P<language>[A-Z][a-z]+)\s+)?(?:initials|abbreviation|acronym)[,:]?\s+[\"“‘']?$"
    )
    # the capitalized name at the end of a phrase, small words inside it: "the Korean Educational Development
    # Institute", "the SEAMEO Regional Open Learning Centre"
    _NAME_BEFORE = rx.compile(
        r"(?:(?<![\w'’&-])[A-Z][\w'’&-]*(?![\w'’&-])"
        r"(?:[ \t]+(?:(?:of|for|and|on|in|the|de|&)[ \t]+)*(?=[A-Z]))?)*[ \t]*\Z"
    )
    # the name, then "as ACR was formerly called": "The South Pacific Commission, as SPC was formerly called,"
    _AS_BEFORE = rx.compile(r",[ \t]+as[ \t]+\Z")
    _WAS_CALLED_AFTER = rx.compile(
        r"[ \t]+(?:is|was)[ \t]+(?:(?:formerly|then|once|also|now|still|usually|commonly)[ \t]+)?"
        r"(?:called|known)(?![^\W_])"
    )
    _CALLED_AFTER = rx.compile(  # the phrase may wrap to the next line
        r"s?[\"”’']?,?_(?:as_it_is_(?:\w+_)?(?:called|known)|for_short)\b".replace("_", _SPACE)
    )
    # the separator may be a minus sign, as reports converted from other formats print a dash: "- CPD − continuous ..."
    # or a box-drawing line, as text copied from a PDF prints it: "- CIEDC ─ Cambodia ... Center"
    _GLOSSARY = rx.compile(r"s?[\"”’']?[ \t]*(?::|[–—−‒―─━]|-{1,2}|\||\t)[ \t]*(?P<words>[^\W\d_][^|\n]{3,120})")
    _LINE_START = rx.compile(r"[ \t>|]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?[ \t]*\Z")
    _CITATION = rx.compile(r",?[ \t]+(?:1[5-9]|20)\d\d[a-z]?(?![\w])")
    # the other authors of a citation: "(UNICEF and ADB, 2021)", "(OECD/World Bank 2007)", "(ILO & UNESCO, 2019)"
    _AUTHOR_WORDS = rx.compile(
        r"[ \t]*(?:(?:,|/|&|\band\b|\bof\b|\bfor\b|\bthe\b|[A-Z][\w.’'&-]*(?![\w.’'&-]))[ \t]*)*"
    )  # each name is taken whole, so a failing match cannot backtrack into it
    _LABEL = rx.compile(  # a word in capitals that is a paragraph of its own: "ABBREVIATIONS", "WHERE?"
        r"(?:\A|\n[ \t]*\n)[ \t]*(?P<word>[A-Z][A-Z0-9-]*[A-Z0-9])[ \t]*[:?!]?[ \t]*(?=\n[ \t]*\n|\n?[ \t]*\Z)"
    )
    # a label in capitals before a colon, at the start of a line or a sentence: "FISCAL YEAR: 1 July to 30 June"
    _COLON = rx.compile(r":(?=[ \t\n]|\Z)")  # the search starts from each colon, not from each capital
    # a space may come before the colon, as in French: "COLOMBO : For over seven decades", "FISCAL YEAR : 2025"
    _LABEL_WORDS = rx.compile(r"(?<![^\W_])(?P<words>[A-Z][A-Z0-9-]*(?:[ \t]+[A-Z][A-Z0-9-]*)*)[*_]*[ \t]?\Z")
    # a remark in brackets between the label and its colon, words first (not a citation's year: "ADB (2021):")
    _LABEL_ASIDE = rx.compile(r"[ \t]*\((?=[^\W\d_]{2})[^()\n]{2,80}\)[*_]*[ \t]?\Z")
    _SENTENCE_END = rx.compile(r"[.!?][ \t]+\Z")
    # a code of capitals and a number as the label of an item, after the item's own label: "- Operational
    # Priorities: OP1: Addressing poverty", "Objectives: SO2:"; not an acronym in running text ("the G20: leaders")
    _CODE_LABEL = rx.compile(r"[A-Z]{2,6}-?\d{1,2}(?:\.\d{1,2})?")
    _SERIES_AFTER = rx.compile(r"[;,][ \t]+\Z")
    _AFTER_LABEL = rx.compile(r"\A[ \t>*_#+|-]*(?:\d{1,3}[.)][ \t]+)?[^\s:.!?][^:.!?\n]{0,60}:[*_]*[ \t]+\Z")
    # a news dateline: the place in capitals at the start of a paragraph (two joined by a slash:
    # "BANGKOK/KATHMANDU"), perhaps its country in capitals or not ("APIA, Samoa –"), a date (its month in
    # capitals too: "8 AUGUST, 2014"), the news agency in brackets ("DHAKA, 12 June (Xinhua) --"), a dash, the
    # story; or a colon after a date ("BANGKOK, 13 June 2022: Ministers met"). The agency may follow the date after
    # a comma ("DUSHANBE, 3 May 2021, Asia-Plus – During"), and the dash may be any of the dash-like characters
    # (a box-drawing line "─", a figure dash, a minus sign)
    # a weekday may come first, in capitals or not: "MONDAY 4 MARCH 2024", "Monday, 3 June"
    _WEEKDAY = r"(?:(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?[ \t]+"
    _DATE_WORDS = (
        rf"(?:{_WEEKDAY})?(?:\d{{1,2}}[ \t]+[A-Z][A-Za-z]+\.?|[A-Z][A-Za-z]+\.?[ \t]+\d{{1,2}})(?:,?[ \t]+\d{{4}})?"
    )
    _DATE = rf"(?:,?[ \t]+{_DATE_WORDS})"
    # the agency in brackets, perhaps after a comma ("DHAKA, 2 May 2022, (ZNA):"), or after the date's comma
    # or the date in brackets: "NAY PYI TAW, MYANMAR (29 November 2016) —"
    _AGENCY = (
        r"(?:,?[ \t]+\((?:[A-Z]|\d{1,2}[ \t]+[A-Z][a-z])[^()\n]{0,40}\)"
        r"|(?<=\d),[ \t]+[A-Z][\w.&’'-]*(?:[ \t]+[A-Z][\w.&’'-]*){0,3})?"
    )
    _DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\ufe58\ufe63\uff0d]"
    # a dash that is no hyphen may lack its spaces ("SEOUL, South Korea—As part of", "APIA, SAMOA –TUESDAY 8
    # JANUARY 2019: The"); a hyphen without them joins words ("SEAMEO-RIHED")
    _LONG_DASH = "[\u2012\u2013\u2014\u2015\u2212\u2500\u2501\ufe58\uff0d]"
    _AGENCY_AFTER_DATE = rx.compile(r"\d,[ \t]+(?=[A-Z])")
    # a news agency's credit between slashes after the city (and perhaps the date) that begins an item: "Ulaanbaatar
    # /MONTSAME/ Forty pupils"; the city and the agency are no first use
    _SLASH_AGENCY = rx.compile(
        r"(?:\A|\n[ \t]*\n)[ \t]*(?P<place>[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,2}"
        r"(?:,[ \t]+[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,2})?)"
        rf"{_DATE}?[ \t]+/[ \t]?[A-Z][\w.&’'-]*(?:[ \t]+[A-Z][\w.&’'-]*){{0,2}}[ \t]?/"
        # a dash may follow ("SAN MATEO, June 2 /Newswire/ -- The"), or a full stop ("Lagoonville /LPA/. The")
        rf"(?:[ \t]+{_DASH}{{1,2}}|\.)?[ \t]+(?=[A-Z])"
    )
    # the place's capitals may carry accents: "HÀ NỘI – The embassy"
    _DATELINE = rx.compile(
        # the city may be in small letters before the country in capitals: "Dili, TIMOR-LESTE –"
        r"(?:\A|\n[ \t]*\n)[ \t]*(?P<place>(?:[A-Z][a-z][\w’'-]*(?:[ \t]+[A-Z][a-z][\w’'-]*)?,[ \t]+(?=[A-Z]{2}))?"
        + (
            r"[Á-Z][Á-Z.’'-]*(?:(?:[ \t]+|/)[Á-Z][Á-Z.’'-]*)*(?:,[ \t]+[Á-Z][Á-Z.’'-]*"
            r"(?:[ \t]+[Á-Z][Á-Z.’'-]*)*)?)"
        ).replace("Á-Z", _LATIN_UPPER)
        + r"(?:,[ \t]+[A-Z][a-z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,2})?"  # the country in small letters: ", Samoa"
        # without a space after the dash, a word in small letters or a date follows: not "UNICEF–UNESCO staff"
        rf"(?:{_DATE}?{_AGENCY}(?:[ \t]+{_DASH}{{1,2}}[ \t]+|[ \t]*{_LONG_DASH}{{1,2}}"
        rf"(?:[ \t]+|(?=[A-Z][a-z]|{_DATE_WORDS}[ \t]?:)))"
        rf"(?:{_DATE_WORDS}[ \t]?:[ \t]+)?|{_DATE}{_AGENCY}[ \t]?:[ \t]+"  # the date after the dash
        r"|[ \t]+\([A-Z][^()\n]{0,40}\)[ \t]?:[ \t]+"  # "KUNDUZ (Agency): The"
        # a bracket that holds the agency and the date, with no colon after it: "SUVA, (Reef Wire / Pacific News
        # - 3rd Jan, 2022 ) The"
        r"|,?[ \t]+\([A-Z][^()\n]{0,70}?(?:\d|[ \t]/[ \t])[^()\n]{0,40}\)[ \t]+)(?=[A-Z])"
    )
    # a dateline alone on its line, the item on the next: "OSAKA, Mar. 9, Nippon Wire", "OSAKA, 9 March (Wire)";
    # the place in capitals, a date and the agency after it, nothing more on the line
    _DATELINE_ALONE = rx.compile(
        r"(?:\A|\n[ \t]*\n)[ \t]*"
        + r"(?P<place>[Á-Z][Á-Z.’'-]*(?:(?:[ \t]+|/)[Á-Z][Á-Z.’'-]*)*)".replace("Á-Z", _LATIN_UPPER)
        + rf"{_DATE}(?:[ \t]+\([A-Z][^()\n]{{0,40}}\)|,[ \t]+[A-Z][\w.&’'-]*(?:[ \t]+[A-Z][\w.&’'-]*){{0,3}})"
        r"[ \t]*(?=\n[ \t]*[A-Z]|\n[ \t]*\n[ \t]*[A-Z])"
    )
    # an entry of a reference list: "Sharma, G. (2015). *A History*. Kathmandu: MK Publishers.", "UGC Nepal (2020).
    # *Report*. Bhaktapur: UGC.", "Aung, K. *Schools of Burma*. Yangon: Gita Press, 2014."
    _REFERENCE_ENTRY = rx.compile(
        r"^[ \t]*(?P<item>[-*+][ \t]+|\d{1,3}\.[ \t]+)?(?:\^[ \t]*)?[^\n]{0,120}?"
        r"(?:(?:\(|\.[ \t]+)(?:1[5-9]|20)\d\d[a-z]?(?:\)[.,:]?|[.,:])[ \t]*[*\"“]"
        r"|\*[^*\n]{3,200}\*[.,]?[ \t]+[A-Z][^:\n]{0,40}:[^\n]{1,80}?,[ \t]*(?:1[5-9]|20)\d\d(?!\d))[^\n]*$",
        re.MULTILINE,
    )
    # a photo credit after the copyright sign, to the end of its line or until a sentence begins: "© UNICEF/NYHQ
    # 2020-0417/A. Photographer", "Photo: © ADB/XYZ"; its codes are no prose to spell out
    _CREDIT = rx.compile(r"©[^\n]*?(?=\.[ \t]+[A-Z][a-z]|\n|\Z)")
    # a picture's credit without the sign, to the end of its bracket, line or sentence: "Image: LPN/social media",
    # "(Photo by: BPMI/Lukas)"; the agency's letters there are a credit, no use of its acronym
    _PICTURE_CREDIT = rx.compile(
        r"(?<![^\W_])(?:Photo(?:graph)?s?|Images?|Picture|PHOTOS?|IMAGES?|PICTURE)"
        r"(?:[ \t]+(?:by|[Cc]redits?(?:[ \t]+to)?|[Cc]ourtesy(?:[ \t]+of)?))?[ \t]*:"
        r"[^\n)]*?(?=\)|\.[ \t]+[A-Z]|\n|\Z)"
    )
    # a byline that writes the reporter's name in capitals: "By ARAYA SOMBAT/ Staff Writer", "By ARAYA SOMBAT, Reporter"
    # and the publication after a bar: "By ARAYA SOMBAT | LAGOON TIMES"
    _BYLINE = rx.compile(
        r"^[ \t]*[*_]*By[ \t]+[A-Z][A-Z'’.-]*(?:[ \t]+[A-Z][A-Z'’.-]*){0,3}"
        r"(?:[ \t]*\|[ \t]*[A-Z][A-Z'’.&-]*(?:[ \t]+[A-Z][A-Z'’.&-]*){0,3}[ \t]*$)?"
        r"(?=[*_]*[ \t]*(?:$|/|,[ \t]+[A-Z][a-z]|[ \t]+and[ \t]+[A-Z]|[ \t]+[-–—|][ \t]))",
        re.MULTILINE,
    )
    # an author's line: the name in capitals, a comma and the affiliation, nothing more ("ARAYA SOMBAT, Universidade
    # Nova de Lagoa")
    _AUTHOR_LINE = rx.compile(
        r"^[ \t]*[*_]*[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){1,3},[ \t]+[A-Z][a-z][\w'’-]*"
        r"(?:[ \t,]+[\w'’&-]+){0,8}[*_]*[ \t]*$",
        re.MULTILINE,
    )
    # a newspaper's credit line, its name and then the section and the reporter in capitals after dashes, as press
    # archives print it: "Lagoon Post - - NATIONAL - ARAYA SOMBAT"
    _PAPER_LINE = rx.compile(
        r"^[ \t]*(?:The[ \t]+)?(?:[A-Z][\w'’]*[ \t]+){0,3}(?:Post|Times|Herald|News|Daily|Tribune|Gazette|Chronicle"
        r"|Star|Nation|Journal|Observer|Mail|Express|Standard|Today)(?:[ \t]+[-–—]+)+[ \t]+"
        r"[A-Z][A-Z'’.]*(?:[ \t]+(?:[-–—]+[ \t]+)?[A-Z][A-Z'’.]*)*[ \t]*$",
        re.MULTILINE,
    )
    # a news agency's credit at the end of an item, perhaps after a dash: "... rose to 98 per cent. — VNS", "...
    # certificates. VNA", "— XNA/ANN", the codes of its staff after it ("... in May. LTI GJS AAR"), and on a line of
    # its own: "VNF/VNA"
    _AGENCY_CREDIT = rx.compile(
        r"(?:(?<=[.!?”\"])[ \t]+|(?<![^\n]))(?:[—–]{1,2}[ \t]*)?[A-Z]{2,6}(?:/[A-Z]{2,6}|[ \t][A-Z]{2,4}){0,3}[ \t]*"
        r"(?=\n[ \t]*\n|\n?[ \t]*\Z)"
    )
    _BRACKETED = rx.compile(r"\([^()\n]*\)")
    _NUMBER_CELL = rx.compile(r"^[ \t]*\|.*\|[ \t]*[0-9][0-9.,%–-]*[ \t]*(?:\||$)")
    _CAPITAL_LINE = rx.compile(r"^[^a-z\n]*[A-Z]{2,}[^a-z\n]*[ \t][^a-z\n]*[A-Z]{2,}[^a-z\n]*$", re.MULTILINE)
    _LOWER_WORD = rx.compile(
        r"(?<![^\W_])[a-z]{6,}(?![^\W_])"
    )  # a word in capitals this long, written so too, is a word

    # a family name of several words in capitals: "Professor Aroha TE WHATA", "Ms Maria DE LA CRUZ"
    _FAMILY_BEFORE = r"(?:[ \t]+[A-Z]{2,}[A-Z'’-]*){0,2}"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ignore = {str(i) for i in self.options.get("ignore", []) or []}
        self.expansions = {str(k): str(v) for k, v in (self.options.get("expansions", {}) or {}).items()}
        self.extra = [self._compile(p, "patterns") for p in self.options.get("patterns", []) or []]
        not_acronyms = [str(p) for p in self.options.get("not_acronyms", []) or []]
        for written in not_acronyms:
            self._compile(written, "not_acronyms")
        self.not_acronyms = rx.compile("|".join(f"(?:{p})" for p in not_acronyms)) if not_acronyms else None
        self.languages = frozenset(str(w) for w in self.options.get("languages", []) or [])
        self.in_sentence = frozenset(str(w) for w in self.options.get("in_sentence", []) or [])
        self.us_states = frozenset(str(w) for w in self.options.get("us_states", []) or [])
        self.post_nominals = frozenset(str(w) for w in self.options.get("post_nominals", []) or [])
        # ordinary words that mastheads, labels and dates write in capitals: "UIS FACT SHEET MARCH 2021"
        self.words = frozenset(str(w) for w in self.options.get("words", []) or [])
        # the last word of a company's or a university's name after its initials: "FPT University", "DBS Bank"
        self.name_heads = frozenset(str(w) for w in self.options.get("name_heads", []) or [])
        self.school_heads = frozenset(str(w) for w in self.options.get("school_heads", []) or [])
        titles = [str(w) for w in self.options.get("titles", []) or []]
        self.titles = frozenset(titles)
        posts = [str(w) for w in self.options.get("posts", []) or []]
        # a post, then a person's initials before the given or family name: "Prime Minister KP Lama Oli"
        self.posted = (
            rx.compile(
                r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in sorted(posts, key=len, reverse=True)) + r")[ \t]+\Z"
            )
            if posts
            else None
        )
        # a title, then up to three given names: the word in capitals that follows is a family name
        self.titled = (
            rx.compile(
                r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in sorted(titles, key=len, reverse=True)) + r")\.?"
                r"(?:[ \t]+[A-Z][a-z][\w'’-]*){0,3}" + self._FAMILY_BEFORE + r"[ \t]+\Z"
            )
            if titles
            else None
        )

    # given names (or initials) that begin a line, before the family name: "Margaret OKAFOR is", "S. Mei-ling CHAN,"
    _GIVEN_NAMES = rx.compile(
        r"[ \t>]*(?:[*+-][ \t]+)?(?P<first>[A-Z](?:\.|[a-z][\w'’-]*))"
        r"(?:[ \t]+[A-Z](?:\.|[a-z][\w'’-]*)){0,2}" + _FAMILY_BEFORE + r"[ \t]+\Z"
    )
    # what a biography or a list of speakers writes after the family name (or after its other words in capitals)
    _AFTER_NAME = rx.compile(
        r"(?:[ \t]+[A-Z]{2,}[A-Z'’-]*){0,2}[ \t]*(?:,|\(|$|[ \t](?:is|was|has|had|leads|led|helms|heads|headed|"
        r"serves|served|joined|holds|held|teaches|taught|directs|directed|chairs|chaired)(?![^\W_]))",
        re.MULTILINE,
    )
    # words that begin a sentence, not a name: "The ASEAN is", "In ASEAN,", "Thai MOE officials"
    _NOT_GIVEN = frozenset(
        "The A An This That These Those Our Their Its His Her Each Every Some All Both Many Most No In On At For "
        "From With By Of To And But Or When Where While Why How What If As Since After Before During Under Over "
        "Only Also Today Now Then New Regional National Thai Lao Khmer".split()
    )
    _APOSTROPHE_NAME = rx.compile(r"[A-Z]+['’]\Z")  # "TU'IPULOTU": the capitals after the apostrophe
    # given names anywhere in a sentence, before a family name in capitals: "a study by Aroha WIREMU of"
    _GIVEN_BEFORE = rx.compile(r"(?<![^\W_])(?P<names>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})[ \t]+\Z")
    _TITLE_WORD = rx.compile(r"(?<![^\W_])[A-Z][a-z]{2,}(?![^\W_])")  # "Wiremu, Aroha." in a reference list

    # a word with a capital inside a sentence ("in Canada", "the Southeast Asian"): a name, not a sentence's first word
    _NAMED_WORD = rx.compile(r"(?<=[a-z0-9,;)])(?:[ \t]+\n?|\n)[ \t]*([A-Z][a-z]{2,})(?![^\W_])")

    # the endings that make a word of the same family: "engage", "engaged", "engagement", "engaging"
    _FAMILY_ENDINGS = ("s", "es", "d", "ed", "ing", "er", "ers", "ment", "ments", "ly")

    @classmethod
    def _lower_family(cls, acronym: str, lower_words: set[str]) -> bool:
        """Does the text write the word in capitals in lower case, or (six letters or more) a word of its family?
        'its role is to INSPIRE pupils' where the text has 'inspired' or 'inspiring': a word in capitals for
        emphasis. A short acronym stays one whatever words begin with its letters (SHARE and 'shared')."""
        word = acronym.lower()
        if word in lower_words:
            return True
        if len(word) < 6 or not word.isalpha():
            return False
        stems = {word, word[:-1]} if word.endswith("e") else {word}
        stems |= cls._stems_without_ending(word)
        return any(stem + ending in lower_words for stem in stems for ending in (*cls._FAMILY_ENDINGS, "e"))

    @staticmethod
    def _stems_without_ending(word: str) -> set[str]:
        """The stems of a word in capitals for emphasis that has an ending of its own: 'INFLUENCING' where the text
        writes 'influence' or 'influenced' (stem 'influenc'); a stem keeps six letters or more."""
        stems = set()
        for ending in ("ing", "ed", "es", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 6:
                stems.add(word[: -len(ending)])
        return stems

    _PART_BEFORE = rx.compile(r"(?<![^\W_])(?:Phase|Stage|Part|Grade|Level|Tier|Annex|Region|Class)[ \t]+\Z")

    def _numbered_part(self, masked: str, acronym: str, match: re.Match[str]) -> bool:
        """A part numbered in Roman figures with a letter after them, no hyphen between: "Phase IIB", "Grade IVA"."""
        return (
            len(acronym) >= 2
            and acronym[-1] in "ABCD"
            and self.ROMAN.match(acronym[:-1]) is not None
            and self._PART_BEFORE.search(masked, max(0, match.start() - 12), match.start()) is not None
        )

    @classmethod
    def _roman(cls, acronym: str) -> bool:
        """A Roman numeral ('Part IV'), or a range of them joined by a hyphen ('pupils of Std II-IV'), or one with
        a letter after a hyphen, as regions and annexes are numbered ('Region IV-A', 'Annex II-B')."""
        parts = acronym.split("-")
        if len(parts) == 2 and len(parts[1]) == 1 and parts[0] and cls.ROMAN.match(parts[0]):
            return True
        return all(part and cls.ROMAN.match(part) for part in parts)

    # a given name and a family name just before: "Jane Doe MP", "Aroha Te Whata QC"
    # not after a word in small letters, where the words are the seat's name: "who is also Lagoon Bay MP"
    _PERSON_BEFORE = rx.compile(
        r"(?<![^\W_])(?<![a-z][ \t])[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){1,3},?[ \t]+\Z"
    )
    # an honour names no seat: after any word ("a talk by Dr Kirsty Lagoon, AO,")
    _HONOURED_BEFORE = rx.compile(r"(?<![^\W_])[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){1,3},?[ \t]+\Z")
    _SEATS = frozenset({"MP", "MLA", "MLC", "MHR"})

    def _post_nominal(self, masked: str, acronym: str, start: int) -> bool:
        """'the Honourable Jane Doe MP, visited', 'Sir Tom Bell KC': letters after a person's name (``post_nominals``),
        right after a given and a family name, are no acronym to spell out; elsewhere ('the MP said') they are, and
        so, for the letters of a seat, after a seat's name that follows a word in small letters ('who is also Lagoon
        Bay MP')."""
        if acronym not in self.post_nominals:
            return False
        before = self._PERSON_BEFORE if acronym in self._SEATS else self._HONOURED_BEFORE
        return before.search(masked, max(0, start - 80), start) is not None

    def _written_as_word(self, acronym: str, named_words: set[str]) -> bool:
        """'CANADA One of the founders', 'SOUTHEAST ASIAN undergraduates can now apply', 'ULAANBAATAR, MONGOLIA
        (4 April 2018) —' where the text also writes 'Canada', 'Southeast', 'Ulaanbaatar' inside a sentence: a name
        set in capitals, not an acronym ('Share' at the start of a sentence says nothing of SHARE). Not one of three
        letters ('WHO' and 'the Who'), nor one the rule spells out (newspapers write 'Asean' for ASEAN)."""
        return len(acronym) >= 4 and acronym not in self.expansions and acronym.capitalize() in named_words

    def _named_elsewhere(self, masked: str, acronym: str, start: int, title_words: set[str]) -> bool:
        """'A study by Aroha WIREMU of ...' where the text also writes 'Wiremu': a family name in capitals after
        given names, not an acronym."""
        if acronym in self.expansions or acronym.capitalize() not in title_words:  # "Asean" and ASEAN: no name
            return False
        given = self._GIVEN_BEFORE.search(masked, max(0, start - 60), start)
        return given is not None and all(
            name not in self._NOT_GIVEN and not name.endswith(("ian", "ese", "ish")) for name in given["names"].split()
        )

    _NAME_AFTER_INITIALS = rx.compile(r"[ \t]+[A-Z][a-z][\w'’-]*")
    _NAME_LINE = rx.compile(r"[A-Z]{2}(?:[ \t]+[A-Z][a-z][\w'’-]*){1,2}[ \t]*(?:\n|\Z)")

    def _initials_after_post(self, masked: str, start: int, end: int) -> bool:
        """'Prime Minister KP Lama Oli', 'Lyonpo JB Dorji': two capitals between one of `posts` and a name are a
        person's initials, as South Asian names are often written (three are an acronym: 'Director ADB Office')."""
        if end - start != 2 or self._NAME_AFTER_INITIALS.match(masked, end) is None:
            return False
        if self._NAME_LINE.match(masked, start) and masked[start - 1 : start] in ("", "\n"):
            return True  # an author's name alone on its line: "KP Lama"
        return self.posted is not None and self.posted.search(masked, max(0, start - 40), start) is not None

    def _family_name(self, masked: str, start: int, end: int) -> bool:
        """'Dr Romyen KOSAIKANONT', 'Ms Marina PATRIER', 'Mr NGUYEN Van Tran', 'Professor Aroha TE WHATA': family
        names in capitals, as lists of participants write them, are no acronyms; so are the family names in
        capitals after given names where a line of a biography or a list begins ('Margaret OKAFOR is a
        professor', 'S. Mei-ling CHAN, Dean'). A family name may be of up to three words in capitals."""
        window = masked[max(0, start - 60) : start]
        apostrophe = self._APOSTROPHE_NAME.search(window)
        if apostrophe is not None:
            window = window[: apostrophe.start()]
        if self.titled is not None and self.titled.search(window) is not None:
            return True
        line_start = masked.rfind("\n", 0, start) + 1
        given = self._GIVEN_NAMES.match(masked[line_start:start]) if start - line_start <= 60 else None
        return (
            given is not None
            and given["first"] not in self._NOT_GIVEN
            and not given["first"].endswith(("ian", "ese", "ish"))
            and self._AFTER_NAME.match(masked, end) is not None
        )

    # a course code or a form number: "EDU 501", "EDUC 6010" (not a year: "PISA 2018")
    _CODE_NUMBER = rx.compile(r"[ \t](?:[1-9]\d\d|(?!19|20)[1-9]\d\d\d)(?![\d,.]\d|[\w%])")

    _CODE_WORD = rx.compile(r"(?<![^\W_])(?:Form|Forms|No\.|Number|Room|Code|Ref\.|Reference)[ \t]+\Z")

    def _code(self, masked: str, acronym: str, start: int, end: int) -> bool:
        """A code, not an acronym: a course code with its number ('EDU 501'), a reference number whose
        hyphened parts are mostly digits ('RG-2026-117'), one with a number after a word such as 'Form'
        ('Form SF-3'), or the letters after a document's serial number ('No. 3568/QD-BGDDT')."""
        if start >= 2 and masked[start - 1] == "/" and masked[start - 2].isdigit():
            return True  # the part of a document's number after its serial: "Decision No. 3568/QD-BGDDT"
        if "-" in acronym:
            numbers = sum(part.isdigit() for part in acronym.split("-"))
            if numbers >= 2 or (numbers and self._CODE_WORD.search(masked, max(0, start - 12), start)):
                return True
        return masked[end : end + 1] in (" ", "\t") and self._CODE_NUMBER.match(masked, end) is not None

    # a word in lower case or a year before, a name after: "in the 2031 THE Asia-Pacific Rankings", "the THE rankings"
    _SENTENCE_BEFORE = rx.compile(r"(?:(?<![^\W_])[a-z][\w'’-]*|(?<![\d.,])\d{4})[ \t]+\Z")
    _SENTENCE_AFTER = rx.compile(r"[ \t]+(?:[A-Z][a-z]|rank)")

    def _sentence_acronym(self, source: SourceFile, acronym: str, start: int, end: int) -> bool:
        """An ignored word that is an acronym inside a sentence in mixed case (``in_sentence``): 'universities in the
        2031 THE Asia-Pacific Rankings' (Times Higher Education), between a word in lower case or a year and a name;
        not in a heading or a line in capitals, where THE is the article. Its definition counts: 'Times Higher
        Education (THE)'."""
        if acronym not in self.in_sentence or _in_title_line(source, start):
            return False
        return self._defines(source.masked, start, end) or (
            self._SENTENCE_BEFORE.search(source.masked, max(0, start - 40), start) is not None
            and self._SENTENCE_AFTER.match(source.masked, end) is not None
        )

    # a city before a state's code: "in Washington DC", "Springfield, IL"; the word before the city is no capital
    _CITY_BEFORE = rx.compile(
        r"(?:^|(?<=[^\w\s'’-])[ \t]*|(?<![^\W_])[a-z][\w'’-]*[ \t]+)"
        r"[A-Z][a-z][\w'’.-]*(?:[ \t]+[A-Z][a-z][\w'’.-]*){0,2},?[ \t]+\Z",
        re.MULTILINE,
    )
    # and what follows the code: the end of a phrase, a ZIP code, a small word or the country
    _STATE_AFTER = rx.compile(
        r"(?:[ \t]*(?:[,.;:)!?]|$)|[ \t]+(?:\d{5}(?!\d)"
        r"|(?:in|and|on|at|to|for|from|with|where|USA|US|U\.S\.|United[ \t]+States)(?![^\W_])))",
        re.MULTILINE,
    )

    def _us_state(self, masked: str, acronym: str, start: int, end: int) -> bool:
        """'the Expo in Washington DC in May', 'a campus in Springfield, IL 62701': the postal code of a state of the
        United States (``us_states``) after a city, which addresses and news write without spelling it out."""
        return (
            acronym in self.us_states
            and self._STATE_AFTER.match(masked, end) is not None
            and self._CITY_BEFORE.search(masked, max(0, start - 60), start) is not None
        )

    # the word after the initials of a name, and what follows it: "FPT University in", "the PIE News, 2016"
    _NAME_HEAD = rx.compile(
        # up to two capitalized words may come before the head: "ACTS Community School", "NetVo Pacific Limited"
        r"[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}(?P<head>[A-Z][a-z]+)(?![^\W_]|-)"
        r"(?P<next>[ \t]+(?:[A-Z]|(?P<of>of[ \t]+)[A-Z]|(?:for|&)[ \t]+(?:the[ \t]+)?[A-Z])|)"
    )  # not "and": "with QRX International and Lakeview officials" ends the name before "and"

    def _brand(self, masked: str, acronym: str, end: int) -> bool:
        """'FPT University', 'DBS Bank', 'RTI International', 'CE Constructions': initials that are the first word
        of a company's or a university's name, ending in one of `name_heads`, are part of the name, not an acronym
        to spell out; not a known acronym ('ASEAN University', spelled out by `expansions`), nor when the name goes on
        ('the SCO University Network', 'the VNU University of Education'). A school, an institute or an academy
        (``school_heads``) is named so also with its field after "of": 'the QRX School of Public Affairs'."""
        if not (self.name_heads or self.school_heads) or acronym in self.expansions:
            return False
        head = self._NAME_HEAD.match(masked, end)
        if head is None:
            return False
        if head["head"] in self.school_heads:
            return head["next"] == "" or head["of"] is not None
        return head["next"] == "" and head["head"] in self.name_heads

    _IN_LANGUAGE = rx.compile(r"s?,?[ \t]+in[ \t]+(?P<language>[A-Z][a-z]+)[ \t]*\)")

    def _defines(self, text: str, start: int, end: int) -> bool:
        """A definition (``_is_definition``), or the initials of a name in another language, in brackets after
        the name in English: "the Malaysian Higher School Certificate (STPM in Malay)"."""
        if self._is_definition(text, start, end):
            return True
        initials = self._INITIALS_BEFORE.search(text, max(0, start - 80), start)
        if initials is not None:
            if initials["language"] in self.languages:
                return True  # "the Regional Council for Teacher Training, known by its French initials, CRFE"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, initials.start() - 120) : initials.start()])[-1]
            if _initials_match(text[start:end], words):
                return True
        language = self._IN_LANGUAGE.match(text, end, end + 40) if self.languages else None
        if language is None or language["language"] not in self.languages:
            return False
        opening = self._OPENING.search(text, max(0, start - 40), start)
        return bool(
            opening
            and re.search(r"[^\W\d_][\w'’-]*[\"”’']?[ \t]*$", text[max(0, opening.start() - 60) : opening.start()])
        )

    def _compile(self, written: Any, key: str) -> re.Pattern[str]:
        try:
            return rx.compile(r"(?<![^\W_]|-)(?P<acr>" + str(written) + r")(?![^\W_])")
        except re.error as exc:
            raise self.problem(f"the pattern '{written}' in '{key}' is not a valid regular expression: {exc}") from None

    def _uses(self, source: SourceFile) -> list[re.Match[str]]:
        """Every word in capitals that may be an acronym, in order (PATTERN, then the rule's own ``patterns``)."""
        masked = source.masked
        found = list(self.PATTERN.finditer(masked))
        found.extend(
            m
            for m in self.MIXED.finditer(masked)
            if (not m["acr"].isupper() and not self.SURNAME.match(m["acr"]))  # in capitals alone: PATTERN's
            or (m["acr"][0].isdigit() and m["acr"].lstrip("0123456789") not in self.ignore)  # 4IR, not 16GB, 9AM
        )
        for extra in self.extra:
            found.extend(extra.finditer(masked))
        found.sort(key=lambda m: (m.start(), -m.end()))
        uses, end = [], -1
        for match in found:
            if match.start() >= end:
                uses.append(match)
                end = match.end()
        if not uses:
            return uses
        not_spans = [m.span() for m in self.not_acronyms.finditer(masked)] if self.not_acronyms else []
        # a row of a table whose other cells hold numbers is no line in capitals: "| GER ECCE | 46.35 |" names
        # its acronyms at their first use
        capital_lines = [m.span() for m in self._CAPITAL_LINE.finditer(masked) if not self._NUMBER_CELL.search(m[0])]
        if "(" in masked:  # "APPLICATION GUIDELINES ... SCHOLARSHIP FOR 2018 (Thailand)": capitals but for a bracket
            unbracketed = self._BRACKETED.sub(lambda m: " " * len(m[0]), masked)
            capital_lines += [
                m.span() for m in self._CAPITAL_LINE.finditer(unbracketed) if "(" in masked[m.start() : m.end()]
            ]
        if "*" in source.text or '"' in masked or "“" in masked:  # the authors and publishers of a reference list
            capital_lines += [
                m.span() for m in self._REFERENCE_ENTRY.finditer(source.text) if self._own_line(source, m)
            ]
        capital_lines += [m.span() for m in plain_references(source)]
        if " -" in masked or " –" in masked or " —" in masked:
            capital_lines += [m.span() for m in self._PAPER_LINE.finditer(masked)]
        capital_lines += [m.span() for m in self._AGENCY_CREDIT.finditer(masked)]
        if "By" in masked:
            capital_lines += [m.span() for m in self._BYLINE.finditer(masked)]
        if "," in masked:
            capital_lines += [m.span() for m in self._AUTHOR_LINE.finditer(masked)]
        capital_lines += [m.span("word") for m in self._LABEL.finditer(masked)]
        if "©" in masked:
            capital_lines += [m.span() for m in self._CREDIT.finditer(masked)]
        if ":" in masked:
            capital_lines += [m.span() for m in self._PICTURE_CREDIT.finditer(masked)]
            capital_lines += self._labels(masked)
        capital_lines += self._lead_ins(masked)
        if ":" in masked or "." in masked:
            capital_lines += [m.span("zone") for m in self._CLOCK_ZONE.finditer(masked)]
        return [
            m
            for m in uses
            if not any(s <= m.start() and m.end() <= e for s, e in not_spans)
            and not any(s <= m.start() < e for s, e in capital_lines)
        ]

    # a time zone right after a clock time: "Updated: 4 May 2022 09:40 IST", "10.30 a.m. (ICT)", "09:00 GMT+7";
    # elsewhere the same capitals may be an acronym ("ICT skills"); not a number of a table: "Table 2.10 ICT"
    _CLOCK_ZONE = rx.compile(
        r"(?<![\w.:,])(?<!Table )(?<!Figure )(?<!Section )(?<!Chapter )(?<!Box )(?<!Annex )(?<!Article )"
        r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?(?![\w:]|[.,]\d)"
        r"[ \t]*(?:[AaPp]\.?[Mm]\.?[ \t]*)?\(?(?P<zone>[A-Z]{2,5})(?![^\W_]|-[A-Za-z0-9])"
    )

    # a newspaper's first words in capitals: "IF MONGOLIA wants more teachers", "WHEN MONGOLIA joined"
    _LEAD_IN = rx.compile(r"(?:\A|\n[ \t]*\n)[ \t]*(?P<run>[A-Z][A-Z'’-]*(?:[ \t]+[A-Z][A-Z'’-]*)+)(?![\w'’-])")
    _LEAD_IN_WORDS = frozenset(
        "IF WHEN AS WHILE AFTER BEFORE SINCE THOUGH ALTHOUGH BECAUSE ONCE UNTIL UNLESS WHERE WHETHER ACROSS AMONG "
        "WITHIN WITH BY LIKE UNLIKE THROUGHOUT DESPITE".split()
    )

    def _lead_ins(self, masked: str) -> list[tuple[int, int]]:
        """A run of words in capitals at the start of a paragraph is a lead-in in capitals, as newspapers begin an
        item, when an ordinary word ("IF", "WHEN", "AS") comes just before a word the rule ignores (a country): "IF
        INDONESIA is the most important country". Not "IFAD INDONESIA", nor "WHEN NZQA"."""
        spans = []
        for lead in self._LEAD_IN.finditer(masked):
            words = lead["run"].split()
            if any(a in self._LEAD_IN_WORDS and b in self.ignore for a, b in itertools.pairwise(words)):
                spans.append(lead.span("run"))
        return spans

    @staticmethod
    def _own_line(source: SourceFile, entry: re.Match[str]) -> bool:
        """An entry of a reference list is a block of its own: an item of a list, or a paragraph of one line."""
        if entry["item"]:
            return True
        text, start, end = source.text, entry.start(), entry.end()
        previous = text[text.rfind("\n", 0, max(0, start - 1)) + 1 : max(0, start - 1)]
        following = text[end + 1 : (text.find("\n", end + 1) + 1 or len(text) + 1) - 1]
        return (start == 0 or not previous.strip()) and not following.strip()

    def _code_label_after(self, before: str, label: re.Match[str]) -> bool:
        """Does a code label ('OP2:') come after the item's own label ('Operational Priorities: OP1:'), or after
        a semicolon or a comma that ends the text of an earlier code of its series in the line ('OP1: Addressing
        poverty; OP2: Accelerating')?"""
        if self._AFTER_LABEL.search(before):
            return True
        stem = label["words"].rstrip("0123456789.").rstrip("-")
        return bool(
            self._SERIES_AFTER.search(before) and re.search(rf"(?<![^\W_]){re.escape(stem)}-?\d[\d.]*:", before)
        )

    def _labels(self, masked: str) -> list[tuple[int, int]]:
        """'FISCAL YEAR:', 'CURRENCY:' where a line or a sentence begins: labels, unless the words after the
        colon spell them out (a list of abbreviations: 'ASEAN: Association of Southeast Asian Nations'). A remark
        in brackets may come before the colon, as the headers of reports write their rates of exchange:
        'CURRENCY EQUIVALENTS (Exchange Rate Effective 1 May 2020): Currency Unit = Rupee'."""
        spans = []
        for colon in self._COLON.finditer(masked):
            label_end = colon.start()
            aside = self._LABEL_ASIDE.search(masked, max(0, label_end - 90), label_end)
            if aside is not None:  # "CURRENCY EQUIVALENTS (Exchange Rate Effective 1 May 2020): Currency Unit"
                label_end = aside.start()
            label = self._LABEL_WORDS.search(masked, max(0, label_end - 60), label_end)
            if label is None:
                continue
            start, end = label.span("words")
            before = masked[masked.rfind("\n", 0, start) + 1 : start]
            if (
                before.strip(" \t>*_#+|-")
                and not self._SENTENCE_END.search(before)
                and not (self._CODE_LABEL.fullmatch(masked, start, end) and self._code_label_after(before, label))
            ):
                continue
            last = masked.rfind(" ", start, end) + 1 or start
            if self._defines(masked, max(start, last), end):
                continue
            spans.append((start, end))
        return spans

    def _table_definitions(
        self, masked: str, uses: list[re.Match[str]], tables: list[tuple[int, int]]
    ) -> list[tuple[int, int, set[str]]]:
        """The acronyms each table defines in a row of its own: a table of abbreviations defines them all at once,
        its rows in the order of the alphabet, not of reading ("| AEC | ASEAN Economic Community |" above "| ASEAN |
        Association of Southeast Asian Nations |")."""
        found = []
        for start, end in tables:
            names = {
                _acronym_key(m["acr"])
                for m in uses
                if start <= m.start() < end and self._defines(masked, m.start(), m.end("acr"))
            }
            if names:
                found.append((start, end, names))
        return found

    # a line of a list of abbreviations with only a space between the acronym and its words: "- CF Catalytic Fund"
    # or a dash, a colon or a bar between them: "- GTZ ─ Deutsche Gesellschaft für Technische Zusammenarbeit"
    _SPACED_WORDS = rx.compile(
        r"(?:[ \t]*(?::|[–—−‒―─━|]|-{1,2})[ \t]*|[ \t]+)(?P<words>[^\W_][^\n]{2,120}?)[ \t]*$", re.MULTILINE
    )
    _SENTENCE_INSIDE = rx.compile(r"[.!?:;](?:[ \t]|$)")
    _SPACED_RUN = 3  # lines in a row, at the least

    def _spaced_entry(self, masked: str, match: re.Match[str]) -> str | None:
        """The words of a line of a list of abbreviations that puts only a space after the acronym, as reports of
        development banks do ("- CF Catalytic Fund", "GoSL Government of Sri Lanka", "ECU ESDF Coordination Unit"):
        a capitalized word follows, or words in small letters that spell it ("GDP gross domestic product"); no
        sentence ends in the line."""
        line_start = masked.rfind("\n", 0, match.start()) + 1
        if not self._LINE_START.match(masked, line_start, match.start()):
            return None
        found = self._SPACED_WORDS.match(masked, match.end())
        if found is None or self._SENTENCE_INSIDE.search(found["words"]) or len(found["words"].split()) > 15:
            return None
        words = found["words"]
        return words if words[0].isupper() or _spells_words(match["acr"], words) else None

    _MORE_HEAD = rx.compile(r"[ \t]+([A-Z][A-Z0-9&-]*[A-Z0-9])(?=[ \t]+[^\W\d_])")

    def _more_heads(self, masked: str, position: int) -> list[re.Match[str]]:
        """The acronyms after the first one that heads a line of a list of abbreviations, before its words."""
        found = []
        while len(found) < 3 and (head := self._MORE_HEAD.match(masked, position)) is not None:
            found.append(head)
            position = head.end()
        return found

    def _spaced_glossaries(
        self, masked: str, uses: list[re.Match[str]]
    ) -> tuple[list[tuple[int, int, set[str]]], set[int]]:
        """A run of three lines or more of a list of abbreviations with only a space after each acronym
        (``_spaced_entry``, blank lines allowed between) defines all the acronyms that head its lines at once, as a
        table of abbreviations does: its lines are in the order of the alphabet, and their words need not spell
        the acronym ("INT Integrity Unit of the Bank"). Most of them must, so that a list of sentences that begin
        with an acronym ("- UNICEF Supports schools") is no list of abbreviations. Returns the runs' spans with
        their acronyms, and where each acronym that heads a line begins."""
        runs: list[tuple[int, int, set[str]]] = []
        heads: set[int] = set()
        run: list[tuple[re.Match[str], str]] = []

        def close() -> None:
            spelled = sum(_initials_match(m["acr"], words) for m, words in run)
            if len(run) >= self._SPACED_RUN and 2 * spelled >= len(run):
                start = masked.rfind("\n", 0, run[0][0].start()) + 1
                end = masked.find("\n", run[-1][0].end())
                # a line may head with several acronyms before the words that spell them all: "CROP HRD WG Council
                # of Regional Organisations in the Pacific Human Resources Development Working Group"
                more = [found for m, _ in run for found in self._more_heads(masked, m.end())]
                keys = {_acronym_key(m["acr"]) for m, _ in run} | {_acronym_key(f[1]) for f in more}
                runs.append((start, len(masked) if end < 0 else end, keys))
                heads.update(m.start() for m, _ in run)
                heads.update(f.start(1) for f in more)

        for match in uses:
            words = self._spaced_entry(masked, match)
            if words is None:
                continue
            if run:
                previous_end = masked.find("\n", run[-1][0].end())
                line_start = masked.rfind("\n", 0, match.start()) + 1
                if previous_end < 0 or masked[previous_end:line_start].strip():
                    close()
                    run = []
            run.append((match, words))
        if run:
            close()
        return runs, heads

    def _spaced_partner(self, masked: str, uses: list[re.Match[str]], number: int) -> re.Match[str] | None:
        """The acronym right after this one, only a space between them, as a name of initials may be written in
        two parts ("the HRD WG" for the HRDWG, "the AUNQA NET" for the AUNQANET)."""
        if number + 1 >= len(uses) or uses[number].groupdict().get("plural"):
            return None
        match, following = uses[number], uses[number + 1]
        if masked[match.end() : following.start()] not in (" ", "\t") or following["acr"] in self.ignore:
            return None
        return following

    def _known(self, acronym: str, defined: set[str]) -> bool:
        """Is the acronym defined, ignored, or a compound of defined ones written without its hyphen ("AUNQA" after
        AUN and QA, or after AUN-QA)?"""
        if acronym in defined or acronym in self.ignore:
            return True
        if any("-" in other and other.replace("-", "") == acronym for other in defined):
            return True
        return any(acronym[:i] in defined and acronym[i:] in defined for i in range(2, len(acronym) - 1))

    def scan_sequence(self, sources: list[SourceFile]) -> list[Hit]:
        defined: set[str] = set()
        reported: set[str] = set()
        first_undefined: dict[str, Hit] = {}
        in_compound: dict[str, str] = {}  # an acronym first used, undefined, inside a compound: the compound
        spelled: dict[str, bool] = {}  # does the text spell it out somewhere? (asked of few acronyms)
        hits: list[Hit] = []
        uses_in = [(source, self._uses(source)) for source in sources]
        lower_words: set[str] = set()
        title_words: set[str] = set()
        named_words: set[str] = set()
        if any(uses for _, uses in uses_in):  # the words the text writes in lower case: only when it has capitals
            for source in sources:
                lower_words.update(self._LOWER_WORD.findall(source.masked))
                title_words.update(self._TITLE_WORD.findall(source.masked))
                named_words.update(self._NAMED_WORD.findall(source.masked))
        for source, uses in uses_in:
            masked = source.masked
            datelines = [self._dateline_span(masked, m) for m in self._DATELINE.finditer(masked)] if uses else []
            if uses:
                datelines += [self._dateline_span(masked, m) for m in self._DATELINE_ALONE.finditer(masked)]
            if uses and "/" in masked:
                datelines += [(m.start("place"), m.end()) for m in self._SLASH_AGENCY.finditer(masked)]
            tables = self._table_definitions(masked, uses, source.table_line_spans) if uses else []
            glossaries, heads = self._spaced_glossaries(masked, uses) if uses else ([], set())
            tables += glossaries
            absorbed: set[int] = set()  # the second of two acronyms written as one name: "the HRD WG"
            for number, match in enumerate(uses):
                acronym = match["acr"]
                if acronym in self.ignore and not self._sentence_acronym(source, acronym, match.start(), match.end()):
                    continue
                if self._roman(acronym) or match.start() in absorbed or self._numbered_part(masked, acronym, match):
                    continue
                if self._post_nominal(masked, acronym, match.start()):
                    continue
                if (
                    self._lower_family(acronym, lower_words)
                    or acronym in self.words
                    or self._written_as_word(acronym, named_words)
                ) and not self._defined_anywhere(acronym, uses_in, spelled):
                    continue  # a word in capitals, unless the text spells it out as an acronym somewhere
                if self._family_name(masked, match.start(), match.end()):
                    continue
                if self._initials_after_post(masked, match.start(), match.end()):
                    continue
                if acronym in self.titles and self._before_name(masked, match.end(), lower_words):
                    continue  # "HE Pham Sanh Chau said": a title in capitals before a name
                if self._named_elsewhere(masked, acronym, match.start(), title_words):
                    continue
                if self._code(masked, acronym, match.start(), match.end()):
                    continue
                if self._us_state(masked, acronym, match.start(), match.end()):
                    continue
                if self._brand(masked, acronym, match.end()) and not self._defined_anywhere(acronym, uses_in, spelled):
                    continue
                if acronym not in self.expansions and self._ordinary_neighbour(masked, uses, number, lower_words):
                    continue
                numbered = self.NUMBERED.match(acronym)  # "SDG4" is a use of "SDG", "the SCO-2024 Summit" of "SCO"
                if numbered and numbered["stem"] in self.ignore:
                    continue  # an ignored word joined to a number: a currency before its amount, "SBD5.7", "$US125"
                if numbered:
                    acronym = numbered["stem"]
                shown, acronym = acronym, _acronym_key(acronym)  # "TİKA" and "TIKA", "MOU" and "MoU" are one
                if source.heading_spans and source.in_spans(match.start(), source.heading_spans):
                    continue
                if match.start() in heads or self._defines(masked, match.start(), match.end("acr")):
                    if acronym in first_undefined and acronym not in reported:
                        first = first_undefined[acronym]
                        line, _ = source.position(match.start())
                        where = f"{source.rel}:{line}"
                        hits.append(
                            Hit(
                                first.rule,
                                first.severity,
                                first.source,
                                first.start,
                                first.end,
                                first.message + f" (it is spelled out only later, at {where})",
                                first.suggestion,
                            )
                        )
                        reported.add(acronym)
                    defined.add(acronym)
                    # the parts of a compound defined with its parts spelled out are defined too: "VNU-CEA (Viet Nam
                    # National University, Center for Education Accreditation)", then "VNU, Hanoi"; not a part the
                    # name itself holds: "The College of Micronesia-FSM (COM-FSM)" does not spell out FSM
                    if "-" in acronym:
                        line_start = masked.rfind("\n", 0, match.start()) + 1
                        before = re.split(r"[.;:!?]\s", masked[max(line_start, match.start() - 160) : match.start()])[
                            -1
                        ]
                        defined.update(
                            part
                            for part in acronym.split("-")
                            if not part.isdigit() and not re.search(rf"(?<![^\W_]){re.escape(part)}(?![^\W_])", before)
                        )
                    continue
                partner = self._spaced_partner(masked, uses, number)
                if partner is not None and _acronym_key(acronym + partner["acr"]) in defined:
                    absorbed.add(partner.start())  # "the HRD WG" after "(HRDWG)": one name, reported once at most
                    if self._known(acronym, defined):
                        continue  # "the AUNQA NET" after "(AUNQANET)" and AUN-QA: the defined acronym itself
                    in_compound.setdefault(_acronym_key(partner["acr"]), acronym)  # WG's first use is the name's
                if acronym in defined or acronym in first_undefined or acronym in in_compound:
                    continue  # spelled out, or its first use already reported (perhaps inside a compound)
                if any(s <= match.start() < e and acronym in names for s, e, names in tables):
                    continue  # a row above its own in a table of abbreviations
                if self._cites(masked, match):
                    continue
                if _quoted_alone(masked, match.start(), match.end()):
                    continue  # a word alone in quotation marks is a mention of the word: "SHORTAGE"
                parts = [part for part in acronym.split("-") if not part.isdigit()] if "-" in acronym else []
                new_parts = [
                    part
                    for part in parts
                    if part not in defined
                    and part not in self.ignore
                    and part not in first_undefined
                    and part not in in_compound
                ]
                if parts and not new_parts:
                    continue  # "AUN-QA" after AUN and QA are spelled out, or after the first use of AUN is reported
                if any(s <= match.start() < e for s, e in datelines):
                    continue
                start, end = match.start(), match.end("acr")
                if (
                    len(new_parts) == 1
                    and acronym not in self.expansions
                    and all(part in self.ignore for part in parts if part != new_parts[0])
                ):  # "UNICEF-UNESCO-World Bank", "the UNESCO-XYZ office": the one acronym to spell out, beside UNESCO
                    index = acronym.split("-").index(new_parts[0])
                    start += sum(len(part) + 1 for part in shown.split("-")[:index])
                    shown, acronym, new_parts = shown.split("-")[index], new_parts[0], []
                    end = start + len(shown)
                expansion = self.expansions.get(shown) or self.expansions.get(acronym)
                example = f"{expansion} ({shown})" if expansion else f"full name ({shown})"
                first_undefined[acronym] = Hit(
                    self.id,
                    self.level,
                    source,
                    start,
                    end,
                    _format(self.message, shown, example),
                    example if expansion else None,
                )
                for part in new_parts:  # "UMAP-COIL", then "COIL-type": COIL's first use is the compound's
                    in_compound.setdefault(part, acronym)
        hits.extend(hit for acr, hit in first_undefined.items() if acr not in reported)
        return hits

    def _defined_anywhere(
        self, acronym: str, uses_in: list[tuple[SourceFile, list[re.Match[str]]]], spelled: dict[str, bool]
    ) -> bool:
        """Does the text spell the acronym out somewhere, outside headings? Then a use of it in capitals is an
        acronym even where the text also writes the word as a name ('CAMPUS Asia' and 'Okayama University Campus
        Asia')."""
        if acronym not in spelled:
            spelled[acronym] = any(
                match["acr"] == acronym
                and not (source.heading_spans and source.in_spans(match.start(), source.heading_spans))
                and self._spelled_out_at(source.masked, match.start(), match.end("acr"))
                for source, uses in uses_in
                for match in uses
            )
        return spelled[acronym]

    def _spelled_out_at(self, masked: str, start: int, end: int) -> bool:
        """A definition (``_defines``) whose words spell the acronym: words in brackets after it must spell it
        here, so that a word in capitals with a remark in brackets ('NOTICE (read first)') is no acronym."""
        after = self._EXPANSION_AFTER.match(masked, end, end + 160)
        if after is not None:
            return _initials_match(masked[start:end], after[0][after[0].index("(") + 1 : -1])
        return self._defines(masked, start, end)

    # a newspaper named in words and the network that carries its items, after a slash: "(Lagoon Herald/PNW)"
    _PAPER_CREDIT = rx.compile(r"\((?:The[ \t]+)?[A-Z][a-z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3}/[A-Z]{2,6}\)")

    @staticmethod
    def _dateline_span(masked: str, dateline: re.Match[str]) -> tuple[int, int]:
        """The place and date of a dateline, which define nothing and are no first use; not the agency in brackets
        after them ('DHAKA, 6 Oct 2018 (BSS/UNICEF FEATURE) –') or after a comma ('DHAKA, June 5, 2014, BSS –'),
        whose acronyms are used there. A newspaper's credit with the network that carries it ('SUVA (Lagoon
        Herald/PNW) –') names the network as a byline does, no use of its acronym."""
        end = dateline.end()
        bracket = masked.find("(", dateline.end("place"), end)
        if bracket >= 0:
            if Acronym._PAPER_CREDIT.match(masked, bracket):
                return dateline.start("place"), masked.find(")", bracket) + 1
            return dateline.start("place"), bracket
        agency = Acronym._AGENCY_AFTER_DATE.search(masked, dateline.end("place"), end)
        return dateline.start("place"), agency.end() if agency is not None else end

    _NEXT_WORD = rx.compile(r"[ \t]+(?:the[ \t]+)?(?P<word>[A-Z][a-z][\w'’-]*)")  # "HH the Dalai Lama"

    @classmethod
    def _before_name(cls, masked: str, end: int, lower_words: set[str]) -> bool:
        """Is a name next ('HE Pham Sanh Chau', 'HM the King'), not a word the text also writes in lower case ('HE
        Institutions')?"""
        following = cls._NEXT_WORD.match(masked, end)
        return following is not None and following["word"].lower() not in lower_words

    def _ordinary_neighbour(self, masked: str, uses: list[re.Match[str]], number: int, lower_words: set[str]) -> bool:
        """'TECHNICAL NOTE', 'KEY FINDINGS': a word in capitals beside an ordinary word in capitals."""
        for other in (number - 1, number + 1):
            if 0 <= other < len(uses):
                left, right = sorted((uses[number], uses[other]), key=lambda m: m.start())
                if masked[left.end() : right.start()].strip(" \t") == "":
                    word = uses[other]["acr"]
                    if word.lower() in lower_words:
                        return True
        return False

    def _cites(self, masked: str, match: re.Match[str]) -> bool:
        """'(ADB, 2022)', '(ILO 2021; OECD, 2019)', '(UNICEF and ADB, 2021)': an author of a citation, named in
        the reference list. The words between the bracket (or semicolon) and the year are all authors' names."""
        window = masked[max(0, match.start() - 80) : match.start()]
        opening = max(window.rfind("("), window.rfind(";"))
        if opening < 0 or ")" in window[opening:] or "\n\n" in window[opening:]:
            return False
        if window[opening] == ";" and not self._in_brackets(masked, match.start()):
            return False  # "...; the KFAE 2023 Fair in Lima; and": a series in a sentence, no list of citations
        if self._AUTHOR_WORDS.fullmatch(window, opening + 1) is None:
            return False
        after = self._AUTHOR_WORDS.match(masked, match.end(), match.end() + 80)
        stop = after.end() if after else match.end()
        while stop > match.end() and masked[stop - 1] in ", \t":  # give the comma before the year back
            stop -= 1
        return self._CITATION.match(masked, stop) is not None

    @staticmethod
    def _in_brackets(masked: str, position: int) -> bool:
        """Is the position inside brackets opened earlier in its paragraph ('(ILO 2021; OECD, 2019)'), not in the
        running text of a sentence whose items a semicolon parts?"""
        paragraph = max(0, masked.rfind("\n\n", 0, position))
        before = masked[max(paragraph, position - 400) : position]
        return before.rfind("(") > before.rfind(")")

    _SLASH_WORD = rx.compile(r"[^\W\d_][\w'’-]*")
    _SLASH_SMALL = frozenset({"of", "and", "the", "for", "in", "on", "to"})

    @classmethod
    def _spelled_by(cls, acronym: str, phrase: str, *, from_end: bool) -> bool:
        """A slash joins an acronym to its words only when each of its capitals begins one of the words next
        to it, small words apart: "Asian Development Bank/ADB", "Ministry of Education/MoE"."""
        acronym, phrase = _fold(acronym), _fold(phrase)
        phrase = re.split(r"[.;:!?()\[\]/,]|\n[ \t]*\n", phrase)[-1 if from_end else 0]
        words = [w for w in cls._SLASH_WORD.findall(phrase) if w.lower() not in cls._SLASH_SMALL]
        capitals = [c.lower() for c in acronym if c.isupper() or c.isdigit()]
        if len(words) < len(capitals) or not capitals:
            return False
        words = words[-len(capitals) :] if from_end else words[: len(capitals)]
        return [w[0].lower() for w in words] == capitals

    @classmethod
    def _is_definition(cls, text: str, start: int, end: int) -> bool:
        opening = cls._OPENING.search(text, max(0, start - 40), start)
        if opening:
            preceding = text[max(0, opening.start() - 120) : opening.start()].rstrip()
            # a link to the article in another language, as copied from an encyclopedia: "Diplomacy [ru] (UWED)"
            preceding = _LANGUAGE_LINK.sub("", preceding)
            preceding = _NOTE_NUMBER.sub("", preceding)  # a note's number copied as text: "... Board [2] (EDB)"
            if opening["declared"] and cls._QUALIFIED.match(text, end):
                return True  # "(hereafter MoBS Borduria)": the acronym and the place it belongs to
            if _CAPITALS_BEFORE.search(preceding) and not _capitalized_initials(text[start:end], preceding):
                return False  # "the GCE (AL) examination": an acronym after another acronym defines nothing
            if cls._CLOSING.match(text, end):  # '"New Economic Mechanism" (NEM)', "Development Goal 4 (SDG 4)"
                # a year or a span of years may come between: "Plan 2016 (NSDP)", "Plan 2016–2030 (NSDP)"
                return bool(re.search(r"[^\W\d_][\w'’-]*(?:[ \t]\d{1,4}(?:[/–-]\d{1,4}){0,3}\+?)?[\"”’']?$", preceding))
            second = cls._SECOND.match(text, end)
            if second:  # the first of two: the words before spell both ("ASEAN Plus Three ... Meeting (APT EMM)")
                words = re.split(r"[.;:!?()\[\]]", preceding)[-1]
                if _initials_match(text[start:end] + second["second"], words):
                    return True  # also joined by a slash: "Master of Public Policy in Economic Development (MPP/ED)"
                return second[0].startswith("/") and _initials_match(text[start:end], words)  # "Board (BLB/QX)"
            more = cls._MORE.match(text, end)
            if more:  # "Regional Training Centre (RTC, established 1998)", "(VNU, Vietnam National University)"
                acronym = text[start:end]
                words = re.split(r"[.;:!?()\[\]]", preceding)[-1]
                if _initials_match(acronym, words) or _initials_match(acronym, more["inside"]):
                    return True
            if cls._WORDS_AFTER.match(text, end):  # "(NEP 2020)", "(GCE A-Level)": the words before spell it,
                words = re.split(r"[.;:!?()\[\]]", preceding)[-1]  # and do not hold the acronym itself
                acronym = re.sub(r"-?\d+$", "", text[start:end])  # "(OLP-2.0)": OLP's letters
                if _initials_match(acronym, words) and not re.search(
                    rf"(?<![^\W_]){re.escape(acronym)}(?![^\W_])", words
                ):
                    return True
        prefixed = cls._PREFIXED.search(text, max(0, start - 40), start)
        if prefixed and (cls._CLOSING.match(text, end) or cls._IN_FIELD.match(text, end)):
            # "... Higher Education and Development (SEAMEO RIHED)", "(SEAMEO QITEP in Language)"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, prefixed.start() - 120) : prefixed.start()])[-1]
            if _initials_match(text[start:end], words):
                return True
        word_first = cls._WORD_PREFIXED.search(text, max(0, start - 30), start)
        if word_first and cls._CLOSING.match(text, end):  # "Education National Key Economic Area (Education NKEA)"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, word_first.start() - 120) : word_first.start()])[-1]
            if word_first["word"] in words.split() and _initials_match(text[start:end], words):
                return True
        inside = cls._INSIDE_BEFORE.search(text, max(0, start - 170), start)
        if inside and cls._CLOSING.match(text, end) and _initials_match(text[start:end], inside["words"]):
            return True  # "(Universidade Nacional Timor Lorosa'e, UNTL)"
        members = cls._MEMBERS_AFTER.match(text, end)
        if members is not None:  # "the CLM countries (Cambodia, Lao People's Democratic Republic and Myanmar)"
            names = [name.strip() for name in re.split(r",|\band\b", members["names"]) if name.strip()]
            if "".join(name[0] for name in names) == text[start:end]:
                return True
        group = cls._GROUP_BEFORE.search(text, max(0, start - 8), start)
        if group and cls._GROUP_AFTER.match(text, end):
            words = re.split(r"[.;:!?()\[\]]", text[max(0, group.start() - 120) : group.start()])[-1]
            if _initials_match(text[start:end], words):
                return True
        alternative = cls._ALTERNATIVE.search(text, max(0, start - 40), start)
        if alternative and alternative[0].rstrip(" \t\"“‘'").endswith("/"):  # "(MPP/ED)": the words spell both
            words = re.split(r"[.;:!?()\[\]]", text[max(0, alternative.start() - 120) : alternative.start()])[-1]
            return _initials_match(alternative["first"] + text[start:end], words)
        if alternative:  # "(ESCAP or UNESCAP)": the second is defined with the first
            return cls._is_definition(text, alternative.start("first"), alternative.end("first"))
        short = cls._SHORT_BEFORE.search(text, max(0, start - 12), start)
        if short and cls._SHORT_AFTER.match(text, end):  # "... Convention on the Recognition ... (the AP Convention)"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, short.start() - 160) : short.start()])[-1]
            if _initials_match(text[start:end], words):
                return True
        known = cls._KNOWN_BEFORE.search(text, max(0, start - 50), start)
        if known:  # "science, technology, engineering and mathematics – otherwise known as STEM –"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, known.start() - 120) : known.start()])[-1]
            if _initials_match(text[start:end], words):
                return True
        named_or = cls._OR_BEFORE.search(text, max(0, start - 12), start)
        if named_or:  # "The Economic Cooperation Organization or ECO is"
            name = cls._NAME_BEFORE.search(text, max(0, named_or.start() - 120), named_or.start())
            if name is not None and name[0].strip() and cls._spelled_by(text[start:end], name[0], from_end=True):
                return True
            if name is not None and sum(c.isupper() for c in text[start:end]) >= 3:
                # a sentence's first word is no word of the name: "Staff of the Island Bank or ADB"
                offset = len(name[0]) - len(name[0].lstrip())
                words = len(cls._TITLE_CASE_WORD.findall(name[0])) - _sentence_initial(text, name.start() + offset)
                if words >= 3:
                    return True  # "the National Accreditation Board or LAN": the name in another language's acronym
            if cls._lower_words_spell(text[start:end], text[max(0, named_or.start() - 120) : named_or.start()]):
                return True  # "international branch campuses or IBCs"
        acronym = text[start:end]
        if sum(c.isupper() for c in acronym) >= 3 and cls._DASH_NAME.match(text, end):
            return True  # "HCERES - the High Council for Evaluation of Research and Higher Education"
        comma_name = cls._COMMA_NAME.match(text, end)
        if comma_name is not None:  # "EQAR, the European Quality Assurance Register for Higher Education, has"
            words = comma_name["name"].split()
            if any(_spells_words(acronym, " ".join(words[:count])) for count in range(len(words), 1, -1)):
                return True
        if start > 0 and text[start - 1] in " \t" and sum(c.isupper() for c in acronym) >= 3:
            # right after the capitalized words that spell it, no bracket or comma: "Vocational Training Charitable
            # Trust VTCT, UK"; each capital begins one of the words just before
            name = cls._NAME_BEFORE.search(text, max(0, start - 120), start)
            if name is not None and name[0].strip() and cls._spelled_by(acronym, name[0], from_end=True):
                return True
        named_after = cls._OR_AFTER.match(text, end, end + 200)
        if named_after and cls._spelled_by(text[start:end], named_after["words"], from_end=False):
            return True  # "CAMPUS Asia or Collective Action for Mobility Programme of University Students in Asia"
        last = cls._OR_LAST.search(text, max(0, start - 130), start)
        if last and cls._CLOSING.match(text, end):  # "(informally Colombo University or UoC)"
            before = re.split(r"[.;:!?()\[\]]", text[max(0, last.start() - 120) : last.start()])[-1]
            if _initials_match(text[start:end], last["inside"]) or _initials_match(text[start:end], before):
                return True
        called = cls._CALLED_BEFORE.search(text, max(0, start - 12), start)
        appositive = len(text[start:end]) >= 3 and cls._APPOSITIVE_AFTER.match(text, end)
        if called and (cls._CALLED_AFTER.match(text, end) or appositive):  # "the ... Institute, KEDI, was"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, called.start() - 120) : called.start()])[-1]
            if not cls._CALLED_AFTER.match(text, end):  # between commas only the name just before spells it,
                words = cls._NAME_BEFORE.search(words)[0]  # not a list: "the Red Cross society, UNAIDS, two ..."
            if _initials_match(text[start:end], words):
                return True
        as_called = cls._AS_BEFORE.search(text, max(0, start - 8), start)
        if as_called and cls._WAS_CALLED_AFTER.match(text, end):  # "The South Pacific Commission, as SPC was"
            words = re.split(r"[.;:!?()\[\]]", text[max(0, as_called.start() - 120) : as_called.start()])[-1]
            if _initials_match(text[start:end], cls._NAME_BEFORE.search(words)[0]):
                return True
        expansion = cls._EXPANSION_AFTER.match(text, end, end + 160)
        if expansion and (_initials_match(text[start:end], expansion[0]) or cls._NAME_INSIDE.match(expansion[0])):
            return True  # "CPD (continuing professional development)", "(Tonga Quality Office)"; not "(appointed for"
        noun = cls._NOUN_EXPANSION.match(text, end, end + 200)
        if noun and _spells_words(text[start:end], noun["words"]):
            return True
        if start > 0 and text[start - 1] == "/":  # "the European Union/EU": the words just before spell it
            return cls._spelled_by(text[start:end], text[max(0, start - 121) : start - 1], from_end=True)
        if text.startswith("/", end):  # "EU/European Union"
            return cls._spelled_by(text[start:end], text[end + 1 : end + 121], from_end=False)
        line_start = text.rfind("\n", 0, start) + 1
        glossary = cls._GLOSSARY.match(text, end) if cls._LINE_START.match(text, line_start, start) else None
        if glossary and _initials_match(text[start:end], glossary["words"]):
            return True
        return cls._table_row_spells(text, line_start, start, end)

    _LOWER_RUN_WORD = rx.compile(r"[^\W\d_][\w'’-]*")

    @classmethod
    def _lower_words_spell(cls, acronym: str, before: str) -> bool:
        """Do the words in small letters just before, one for each of three letters or more, begin with the
        acronym's letters ("international branch campuses or IBCs")?"""
        words = cls._LOWER_RUN_WORD.findall(before)[-len(acronym) :]
        return (
            len(acronym) >= 3
            and acronym.isupper()
            and len(words) == len(acronym)
            and all(word.islower() and word[0] == letter.lower() for word, letter in zip(words, acronym, strict=True))
        )

    @staticmethod
    def _table_row_spells(text: str, line_start: int, start: int, end: int) -> bool:
        """A row of a table that gives the acronym alone in a cell and what it stands for in another, as lists of
        institutions do: "| Universitas Negeri Kalimantan Timur | UNKT | Samarinda |". The other cell begins
        with the acronym's first letter and spells it."""
        if not text[line_start:start].lstrip(" \t>").startswith("|"):
            return False
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        left, right = text.rfind("|", line_start, start), text.find("|", end)
        cell = text[left + 1 : right if right >= 0 and (line_end < 0 or right < line_end) else len(line) + line_start]
        acronym = text[start:end]
        if cell.strip() not in (acronym, acronym + "s"):
            return False
        for other in line.split("|"):
            other = other.strip()
            if (
                other != cell.strip()
                and len(other) <= 160
                and len(other.split()) >= 2
                and _fold(other[0]).lower() == _fold(acronym[0]).lower()
                and _initials_match(acronym, other)
            ):
                return True
        return False


class Structure(Rule):
    """Checks of the publication's structure; ``check:`` names one of the functions in ``structure.py``."""


RULE_TYPES: dict[str, type[Rule]] = {
    "substitution": Substitution,
    "existence": Existence,
    "acronym": Acronym,
    "structure": Structure,
}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: rule files load in a few ms


def load_rules(paths: list[Path], display: dict[Path, str], *, kinds: tuple[str, ...] | None = None) -> list[Rule]:
    """The rules the files describe; with ``kinds``, only the rules of those types (``extends:``) are made."""
    rules = []
    for path in paths:
        shown = display.get(path, path.name)
        try:
            data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_LOADER)
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
        message = data.get("message")
        if kind == "structure" and message is None and isinstance(data.get("messages"), dict):
            message = kind  # a structural check with one message per case (study-coverage)
        if not isinstance(message, str) or not message.strip():
            raise ContentError(
                "the rule has no message", file=shown, hint="add a line such as  message: \"Use %s instead of '%s'\""
            )
        if kinds is not None and kind not in kinds:
            continue
        options = {k: v for k, v in data.items() if k not in ("extends", "level", "message")}
        rule_class = RULE_TYPES[kind]
        try:
            rules.append(rule_class(path.stem, level, message, Path(shown), options))
        except ContentError as exc:
            raise ContentError(exc.problems[0].message, file=shown, hint=exc.problems[0].hint) from None
    return rules
