"""The declared schema of ``publication.yaml`` and of chapter front matter.

Each key is declared once with its type, default and a line of documentation;
``validate`` checks a whole mapping and reports every problem at once, naming
the file, the line and the keys allowed (the way MkDocs treats its config).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError, Problem
from .yamlutil import LocatedYAML

PUBLICATION_TYPES = ("case-study", "study-report", "policy-brief", "inception-report")
ROLES = ("foreword", "acknowledgements", "executive-summary", "chapter", "annex", "brief", "slides", "consultation")
SUBREGIONS = ("Central Asia", "East Asia", "South Asia", "Southeast Asia", "Pacific")
QUESTIONS = ("digital-skills", "definition", "cpd-integration", "challenges", "strategies")
AUDIENCES = ("ministries", "qa-agencies", "nics", "institutions")
PERMISSIONS = ("granted", "pending", "requested", "not-required")
# Licences that may already allow reuse with a credit line: a "pending" item under one of them is questioned.
OPEN_LICENCE = re.compile(r"^\s*(?:CC[ -]?BY\b|CC0\b|public domain\b)", re.IGNORECASE)
KINDS = ("figure", "chart", "diagram", "illustration", "photo", "cartoon", "icon", "map", "table")
STAKEHOLDER_GROUPS = ("recognition-authorities", "nics", "qa-agencies", "experts")


class Invalid(Exception):
    """Raised by a validator with a message (and optional hint) about one value."""

    def __init__(self, message: str, hint: str = "", path: tuple[Any, ...] = ()):
        super().__init__(message)
        self.hint = hint
        self.path = path  # where inside a nested value, for the line number


Validator = Callable[[Any], Any]


@dataclass(frozen=True)
class Option:
    """One key of a schema: how to check it, its default, and what it is for."""

    doc: str
    check: Validator
    default: Any = None
    required: bool = False


@dataclass
class Schema:
    name: str
    options: dict[str, Option] = field(default_factory=dict)

    def validate(self, located: LocatedYAML) -> dict[str, Any]:
        """Check every key; return the mapping with defaults filled in, or raise ConfigError."""
        data = located.data
        file = located.file
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(
                f"{self.name} must be a mapping of keys to values",
                file=file,
                line=located.first_line,
                hint="write one 'key: value' per line",
            )
        problems: list[Problem] = []
        allowed = ", ".join(self.options)
        result: dict[str, Any] = {}
        for key, value in data.items():
            if key not in self.options:
                problems.append(
                    Problem(
                        file,
                        located.line_of(key),
                        f"unknown key '{key}' in {self.name}",
                        f"the keys allowed are: {allowed}",
                    )
                )
                continue
            try:
                result[key] = self.options[key].check(value)
            except Invalid as exc:
                line = located.line_of(key, *exc.path)
                problems.append(Problem(file, line, f"'{key}': {exc}", exc.hint or self.options[key].doc))
        for key, option in self.options.items():
            if key in result:
                continue
            if option.required and key not in data:
                problems.append(
                    Problem(
                        file,
                        located.first_line,
                        f"the required key '{key}' is missing from {self.name}",
                        f"add a line such as  {key}: ...  ({option.doc})",
                    )
                )
            elif key not in data:
                result[key] = option.default() if callable(option.default) else option.default
        if problems:
            raise ConfigError.many(problems)
        return result


# --- validators -------------------------------------------------------------------


def text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise Invalid(f"expected text, got {_describe(value)}")
    return str(value).strip()


def nonempty_text(value: Any) -> str:
    result = text(value)
    if not result:
        raise Invalid("must not be empty")
    return result


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()]
    if not isinstance(value, list) or not all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
    ):
        raise Invalid(
            f"expected a list of names, got {_describe(value)}", "write e.g. authors: [Name Surname, Other Name]"
        )
    return [str(v).strip() for v in value]


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got {_describe(value)}")
    return value


def year(value: Any) -> int:
    number = integer(value)
    if not 1945 <= number <= 2100:
        raise Invalid(f"{number} is not a plausible publication year")
    return number


def one_of(*choices: str, aliases: dict[str, str] | None = None) -> Validator:
    def check(value: Any) -> str:
        candidate = text(value)
        folded = {c.lower(): c for c in choices}
        folded.update({k.lower(): v for k, v in (aliases or {}).items()})
        if candidate.lower() in folded:
            return folded[candidate.lower()]
        raise Invalid(f"'{candidate}' is not allowed", "use one of: " + ", ".join(choices))

    return check


def isbn(value: Any) -> str:
    candidate = text(value)
    digits = re.sub(r"[-\s]", "", candidate)
    if not re.fullmatch(r"\d{9}[\dXx]|\d{13}", digits):
        raise Invalid(f"'{candidate}' is not an ISBN", "write the 13 digits, hyphenated, e.g. 978-92-3-100000-0")
    return candidate


def date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(text(value))
    except ValueError:
        raise Invalid(f"'{value}' is not a date", "write dates as YYYY-MM-DD, e.g. 2024-09-15") from None


def number_range(value: Any) -> tuple[int, int]:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] <= value[1]
    ):
        return (value[0], value[1])
    raise Invalid(f"expected [minimum, maximum], got {_describe(value)}", "write e.g. words: [3500, 5000]")


def mapping_of(schema: Schema) -> Validator:
    """A nested mapping validated against its own (small) schema; problems keep the parent line."""

    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping, got {_describe(value)}")
        result: dict[str, Any] = {}
        for key, item in value.items():
            if key not in schema.options:
                raise Invalid(f"unknown key '{key}'", "the keys allowed are: " + ", ".join(schema.options), (key,))
            try:
                result[key] = schema.options[key].check(item)
            except Invalid as exc:
                raise Invalid(f"'{key}': {exc}", exc.hint, (key, *exc.path)) from None
        for key, option in schema.options.items():
            if key not in result:
                if option.required:
                    raise Invalid(f"the key '{key}' is missing", option.doc)
                result[key] = option.default
        return result

    return check


def list_of(check_item: Validator) -> Validator:
    def check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {_describe(value)}")
        out = []
        for index, item in enumerate(value, 1):
            try:
                out.append(check_item(item))
            except Invalid as exc:
                raise Invalid(f"item {index}: {exc}", exc.hint, (index - 1, *exc.path)) from None
        return out

    return check


def participants(value: Any) -> dict[str, dict[str, int]]:
    """Consultation participants by stakeholder group: a count, or {women: n, men: n, other: n}."""
    if not isinstance(value, dict):
        raise Invalid(
            f"expected a mapping of stakeholder group to numbers, got {_describe(value)}",
            "write e.g. participants: {nics: 4, qa-agencies: {women: 2, men: 3}}",
        )
    result: dict[str, dict[str, int]] = {}
    for group, count in value.items():
        group_name = one_of(*STAKEHOLDER_GROUPS)(group)
        if isinstance(count, dict):
            split = {}
            for gender, n in count.items():
                if gender not in ("women", "men", "other"):
                    raise Invalid(f"unknown gender key '{gender}'", "use women, men and other")
                split[gender] = integer(n)
            result[group_name] = split
        else:
            result[group_name] = {"total": integer(count)}
    return result


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{value}' (true/false)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


# --- the schemas ------------------------------------------------------------------

COVER = Schema(
    "cover",
    {
        "image": Option("the cover image, a path inside the project", text),
        "credit": Option("photo credit printed under the cover image", text, default=""),
        "alt": Option('what the cover image shows, for readers who cannot see it ("" if it is decorative)', text),
    },
)

LIMITS = Schema(
    "limits",
    {
        "words": Option("[minimum, maximum] words of the chapters", number_range),
        "slides": Option("[minimum, maximum] slides in the deck", number_range, default=(10, 12)),
        "brief_pages": Option("maximum pages of the policy brief", integer, default=10),
    },
)

DELIVERABLE = Schema(
    "deliverable",
    {
        "name": Option("what is delivered", nonempty_text, required=True),
        "due": Option("due date, YYYY-MM-DD", date, required=True),
        "submitted": Option("the date it was handed in, YYYY-MM-DD (it is then no longer due)", date),
        "output": Option(
            "which output it is: manuscript, slides, brief or permissions",
            one_of("manuscript", "slides", "brief", "permissions"),
        ),
    },
)

PUBLICATION = Schema(
    "publication.yaml",
    {
        "type": Option(
            "case-study, study-report, policy-brief or inception-report",
            one_of(*PUBLICATION_TYPES),
            default="case-study",
        ),
        "title": Option("the title of the publication", nonempty_text, required=True),
        "subtitle": Option("the subtitle, printed under the title", text, default=""),
        "authors": Option("the authors, e.g. [Name Surname]", text_list, default=list),
        "publisher": Option("publisher line, e.g. UNESCO Bangkok Office", text, default="UNESCO"),
        "year": Option("year of publication", year, default=lambda: _dt.date.today().year),
        "date": Option("date shown on the title slide, YYYY-MM-DD", date),
        "isbn": Option("ISBN printed on the legal page", isbn),
        "licence": Option("licence, e.g. CC BY-SA 3.0 IGO", text, default="CC BY-SA 3.0 IGO"),
        "contact": Option(
            "whom readers write to, e.g. Name, Unit, name@unesco.org (end of the brief)", text, default=""
        ),
        "document_code": Option("UNESCO document code printed on the legal page", text),
        "credits": Option("credit lines for the legal page, e.g. [Copy-editing: Name]", text_list, default=list),
        "legal_notice": Option("an extra sentence for the legal page", text, default=""),
        "short_summary": Option("the text of the short summary page", text, default=""),
        "cover": Option(
            "{image: assets/cover.png, credit: ...}", mapping_of(COVER), default=lambda: {"image": None, "credit": ""}
        ),
        "numbering": Option(
            "sequential (Figure 3) or chapter (Figure 2.1)", one_of("sequential", "chapter"), default="sequential"
        ),
        "csl": Option("citation style: apa, unesco-iiep or a path to a .csl file", nonempty_text, default="apa"),
        "limits": Option(
            "{words: [3500, 5000], slides: [10, 12], brief_pages: 10}",
            mapping_of(LIMITS),
            default=lambda: {"words": None, "slides": (10, 12), "brief_pages": 10},
        ),
        "deliverables": Option("the schedule: a list of {name, due}", list_of(mapping_of(DELIVERABLE)), default=list),
    },
)

FRONT_MATTER = Schema(
    "front matter",
    {
        "title": Option("the title of this part", nonempty_text, required=True),
        "role": Option("where the file goes: " + ", ".join(ROLES), one_of(*ROLES), default="chapter"),
        "order": Option("position among chapters or annexes (otherwise file-name order)", integer),
        "authors": Option("authors of this chapter", text_list, default=list),
        "country": Option("the country of a case study", text),
        "subregion": Option(
            "sub-region: " + ", ".join(SUBREGIONS),
            one_of(*SUBREGIONS, aliases={"South-East Asia": "Southeast Asia", "the Pacific": "Pacific"}),
        ),
        "maturity": Option("mature or emerging micro-credential ecosystem", one_of("mature", "emerging")),
        "nqf-integration": Option("how micro-credentials sit in the national qualifications framework", text),
        "recognition-model": Option("the recognition model of the case", text),
        "qa-mechanism": Option("the quality assurance mechanism of the case", text),
        "date": Option("date of a consultation, YYYY-MM-DD", date),
        "participants": Option("consultation participants by stakeholder group", participants),
    },
)


def validate_publication(located: LocatedYAML) -> dict[str, Any]:
    config = PUBLICATION.validate(located)
    limits = config["limits"]
    if limits.get("words") is None and config["type"] == "case-study":
        limits["words"] = (3500, 5000)
    return config


def validate_front_matter(located: LocatedYAML) -> dict[str, Any]:
    return FRONT_MATTER.validate(located)
