"""YAML loading that remembers where each key was written.

Authors need "content/publication.yaml:7: unknown key" rather than a bare
message, so we keep the composed node tree's marks alongside the data.
Only ``yaml.SafeLoader`` is used: YAML from a project is never allowed to build
Python objects. Every text is first read as a stream of events (``check_bounds``),
which is cheap and never recurses: a file nested deeper than ``MAX_DEPTH`` levels,
or whose aliases (``*name``) repeat what they point to more than
``MAX_ALIAS_GROWTH`` times (a "billion laughs" file of 1 KB grows to gigabytes),
is refused with its file and line before anything builds it.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ConfigError, ContentError, Problem, PubkitError

Path_ = tuple[Any, ...]
MAX_DEPTH = 100  # lists and mappings inside one another; pubkit's own files need 6
MAX_ALIAS_GROWTH = 100_000  # values that aliases add by repeating what they point to
MAX_VALUE_CHARS = 20_000  # one value of publication.yaml or front matter (a short summary of 3,000 words)
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the scan takes no time


class LocatedYAML:
    """Parsed YAML data plus the 1-based line of every mapping key and list item."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str, first_line: int):
        self.data = data
        self.lines = lines
        self.file = file
        self.first_line = first_line

    def line_of(self, *path: Any) -> int:
        """Line of the deepest known prefix of ``path`` (falls back to the document start)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def _yaml_problem(exc: yaml.YAMLError, file: str, line_offset: int, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1 + line_offset) if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: the reader knows only its position
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        return Problem(
            file,
            line,
            f"this YAML contains the control character U+{exc.character:04X}",
            "delete it (it is often pasted in invisibly from another program)",
        )
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    hint = "check the indentation and quoting on that line"
    if mark is not None:
        bad_line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if "\t" in bad_line or "'\\t'" in str(problem):
            hint = "YAML does not allow tab characters for indentation: use spaces"
        elif ":" in bad_line and "mapping values" in str(problem):
            hint = 'a value containing ": " must be quoted, e.g. title: "Part one: the context"'
    return Problem(file, line, f"this YAML cannot be read: {problem}", hint)


def check_bounds(
    text: str,
    file: str,
    line_offset: int = 0,
    error: type[PubkitError] = ConfigError,
    max_value: int | None = None,
) -> None:
    """Refuse YAML nested deeper than ``MAX_DEPTH``, whose aliases expand it by more than
    ``MAX_ALIAS_GROWTH`` values, or (with ``max_value``) with a value longer than that, naming the line;
    YAML that cannot be read is left to the loader to report."""
    sizes: dict[str, int] = {}  # anchor → how many values the anchored node holds, itself included
    open_: list[list[Any]] = []  # [values so far, anchor] of every list and mapping not yet closed
    grown = 0
    try:
        for event in yaml.parse(text, Loader=_EVENT_LOADER):
            size = 0
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                open_.append([1, event.anchor])
                if len(open_) > MAX_DEPTH:
                    raise _too_deep(error, file, event.start_mark.line + 1 + line_offset)
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                size, anchor = open_.pop()
                if anchor is not None:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if max_value is not None and len(event.value) > max_value:
                    raise error(
                        f"this value is {len(event.value):,} characters long, more than the {max_value:,} "
                        "pubkit accepts here",
                        file=file,
                        line=event.start_mark.line + 1 + line_offset,
                        hint="titles and other values are short texts; long text belongs in a chapter",
                    )
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor, 1)  # an unknown anchor is the loader's error to report
                grown += size - 1
                if grown > MAX_ALIAS_GROWTH:
                    raise error(
                        f"the aliases in this YAML (such as *{event.anchor}) repeat its values more than "
                        f"{MAX_ALIAS_GROWTH:,} times; pubkit does not read files that grow like that",
                        file=file,
                        line=event.start_mark.line + 1 + line_offset,
                        hint="write the values out instead of repeating them with &anchors and *aliases",
                    )
            if open_:
                open_[-1][0] += size
    except yaml.YAMLError as exc:  # the loader says what is wrong, unless it would recurse as deep
        mark = getattr(exc, "problem_mark", None)
        if "nesting depth" in str(exc):  # libyaml's own limit
            raise _too_deep(error, file, mark.line + 1 + line_offset if mark else None) from None
        return


def _too_deep(error: type[PubkitError], file: str, line: int | None) -> PubkitError:
    return error(
        f"this YAML has lists or mappings nested more than {MAX_DEPTH} levels deep",
        file=file,
        line=line,
        hint="write the values flat; nothing pubkit reads is nested more than a few levels",
    )


def load_located_yaml(text: str, file: str, line_offset: int = 0) -> LocatedYAML:
    """Parse ``text`` (safely) and record key lines; ``line_offset`` shifts lines for front matter."""
    check_bounds(text, file, line_offset, max_value=MAX_VALUE_CHARS)
    try:
        loader = yaml.SafeLoader(text)  # the reader already refuses control characters here
    except yaml.YAMLError as exc:
        raise ConfigError.many([_yaml_problem(exc, file, line_offset, text)]) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise ConfigError.many([_yaml_problem(exc, file, line_offset, text)]) from None
    except RecursionError:  # nested deeper than Python recurses, yet below the scan's limit
        raise _too_deep(ConfigError, file, None) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _record_lines(node, (), lines, problems, file, line_offset)
    if problems:
        raise ConfigError.many(problems)
    return LocatedYAML(data, lines, file, line_offset + 1)


def _record_lines(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem], file: str, offset: int
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.append(Problem(file, line, f"the key '{key}' is given twice", "keep one of the two"))
            seen.add(key)
            lines[(*path, key)] = line
            _record_lines(value_node, (*path, key), lines, problems, file, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1 + offset
            _record_lines(item, (*path, index), lines, problems, file, offset)


def parse_yaml(text: str, file: str, what: str) -> Any:
    """Plain safe YAML for files pubkit renders or reads itself (rule files, plans), with a located error."""
    check_bounds(text, file, error=ContentError)
    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise _too_deep(ContentError, file, None) from None
    except yaml.YAMLError as exc:
        problem = _yaml_problem(exc, file, 0, text)
        raise ContentError(
            f"{what} is not valid YAML: {problem.message.removeprefix('this YAML cannot be read: ')}",
            file=file,
            line=problem.line,
            hint=problem.hint,
        ) from None


def value_span(text: str, line: int | None) -> tuple[int, int] | None:
    """Where the value of the top-level key written on ``line`` (1-based) lies in ``text``: from after
    ``key:`` to the next line that starts a key of its own."""
    if line is None or line < 1:
        return None
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    colon = text.find(":", offset, len(text) if text.find("\n", offset) < 0 else text.find("\n", offset))
    if colon < 0:
        return None
    end = offset
    while True:
        end = text.find("\n", end)
        if end < 0 or end + 1 >= len(text) or (text[end + 1] not in " \t\n#"):
            break
        end += 1
    return colon + 1, len(text) if end < 0 else end
