"""Study reports: do the case studies cover what the terms of reference ask for?

Up to eight case studies, every sub-region of Asia and the Pacific, mature and
emerging ecosystems, and the three comparison fields filled in for each case
(they make the generated comparison table).
"""

from __future__ import annotations

from ..config import SUBREGIONS
from ..project import CONFIG_NAME
from .findings import Finding
from .rules import LEVELS, Rule
from .structure import CheckContext

COMPARISON_FIELDS = ("subregion", "maturity", "nqf-integration", "recognition-model", "qa-mechanism")


def study_coverage(rule: Rule, context: CheckContext) -> list[Finding]:
    project = context.project
    if project.config["type"] not in rule.options.get("applies_to", ["study-report"]):
        return []
    cases = [c for c in project.chapters if c.role == "chapter" and c.meta.get("country")]
    type_line = project.config_line("type") or 1
    out: list[Finding] = []

    def finding(key: str, file: str, line: int, **fields: object) -> None:
        level = LEVELS.get(str(rule.options.get(f"{key}_level", rule.level)), rule.level)
        message = str(rule.options.get("messages", {}).get(key, key)).format(**fields)
        out.append(Finding(rule.id, level, file, line, 1, "", None, message))

    limit = int(rule.options.get("max_cases", 8))
    if len(cases) > limit:
        finding("too_many", CONFIG_NAME, type_line, count=len(cases), limit=limit)
    if cases:
        for subregion in SUBREGIONS:
            if not any(c.meta.get("subregion") == subregion for c in cases):
                finding(
                    "subregion",
                    CONFIG_NAME,
                    type_line,
                    subregion="the Pacific" if subregion == "Pacific" else subregion,
                )
        for maturity in ("mature", "emerging"):
            if not any(c.meta.get("maturity") == maturity for c in cases):
                finding("maturity", CONFIG_NAME, type_line, maturity=maturity)
    for case in cases:
        missing = [key for key in COMPARISON_FIELDS if not case.meta.get(key)]
        if missing:
            finding("field", case.rel, 2, country=case.meta["country"], fields=", ".join(missing))
    return out
