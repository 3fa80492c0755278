"""How names and dates are written in UNESCO's house style, wherever pubkit writes them."""

from __future__ import annotations

from typing import Any


def join_names(names: list[str]) -> str:
    """["A", "B", "C"] → "A, B and C" (no serial comma)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def date_text(value: Any) -> str:
    """2024-09-15 → "15 September 2024", the UNESCO style for dates."""
    if not value:
        return ""
    return f"{value.day} {value.strftime('%B')} {value.year}"
