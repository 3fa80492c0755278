"""Patterns compiled in an earlier run: the same programs as Python's own, and never a reason to fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from builder import regex_cache
from builder.check import rules as rules_module
from builder.check.rules import Substitution, load_rules
from builder.errors import ContentError

SHIPPED = sorted((ROOT / "templates" / "rules").glob("*.yml"))


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of its own, and nothing loaded from it yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for name, value in (("_table", None), ("_used", set()), ("_added", False), ("_made", {})):
        monkeypatch.setattr(regex_cache, name, value)
    return tmp_path


def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if pubkit started again: what was compiled is known only from the file."""
    for name, value in (("_table", None), ("_used", set()), ("_added", False), ("_made", {})):
        monkeypatch.setattr(regex_cache, name, value)


def _shipped_patterns() -> list[tuple[str, int]]:
    found = []
    for rule in load_rules(SHIPPED, {p: p.name for p in SHIPPED}):
        if isinstance(rule, Substitution):
            found += [(entry.pattern.source, int(entry.pattern.flags)) for entry in rule.entries]
    return found


def test_a_kept_program_is_the_one_python_compiles(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _shipped_patterns()
    assert len(patterns) > 100
    made = [regex_cache.compile(source, flags) for source, flags in patterns]
    regex_cache.save()
    assert (kept := regex_cache.cache_file()) is not None and kept.is_file()
    _new_run(monkeypatch)
    kept = [regex_cache.compile(source, flags) for source, flags in patterns]
    assert regex_cache._added is False  # every one came from the file
    for (source, flags), first, second in zip(patterns, made, kept):
        assert first == second == re.compile(source, flags), source  # equal patterns have equal programs
    sample = "Viet Nam, Vietnam and the Lao PDR; an enrollment center in Hong Kong"
    assert [m.span() for p in kept for m in p.finditer(sample)] == [
        m.span() for source, flags in patterns for m in re.compile(source, flags).finditer(sample)
    ]


def test_groups_and_flags_survive_the_file(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"(?P<word>[A-Z]\w+)(?:-(\d+))?"
    regex_cache.compile(pattern, re.IGNORECASE)
    regex_cache.save()
    _new_run(monkeypatch)
    kept = regex_cache.compile(pattern, re.IGNORECASE)
    assert kept.groupindex == {"word": 1} and kept.groups == 2 and kept.flags & re.IGNORECASE
    assert kept.match("asean-2023").group("word", 2) == ("asean", "2023")


@pytest.mark.parametrize("damage", [b"", b"not a marshal file", None])
def test_a_damaged_or_foreign_file_is_compiled_again(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    regex_cache.compile(r"\bcent(?:er|re)s?\b")
    regex_cache.save()
    path = regex_cache.cache_file()
    assert path is not None
    whole = path.read_bytes()
    if damage is None:  # another Python wrote it: its programs are not taken
        damage = whole.replace(regex_cache.sys.version.encode(), b"3.99.0 (other)")
    else:
        damage = damage or whole[: len(whole) // 2]
    path.write_bytes(damage)
    _new_run(monkeypatch)
    assert regex_cache.compile(r"\bcent(?:er|re)s?\b").search("the centres") is not None
    assert regex_cache._added is True  # made again, and written over the damaged file
    regex_cache.save()
    assert path.read_bytes() != damage


def test_an_unwritable_cache_folder_costs_nothing_but_time(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fresh / "pubkit").write_text("a file where the folder should be", encoding="utf-8")
    assert regex_cache.compile(r"per ?cent").fullmatch("percent")
    regex_cache.save()  # cannot write: says nothing, raises nothing
    assert (fresh / "pubkit").is_file()


def test_what_the_rules_learnt_is_kept_and_a_runaway_pattern_is_still_refused(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parsed = []
    real_parse = rules_module._sre_parse.parse
    monkeypatch.setattr(rules_module._sre_parse, "parse", lambda *a: parsed.append(a) or real_parse(*a))
    load_rules(SHIPPED, {p: p.name for p in SHIPPED})
    assert parsed  # the first run reads the patterns
    regex_cache.save()
    _new_run(monkeypatch)
    parsed.clear()
    load_rules(SHIPPED, {p: p.name for p in SHIPPED})
    assert parsed == []  # the next takes what was learnt

    runaway = tmp_path / "runaway.yml"
    runaway.write_text("extends: existence\nmessage: \"'%s'\"\ntokens:\n  - '(a+)+b'\n", encoding="utf-8")
    for _ in range(2):  # refused when learnt, and again when what was learnt comes from the file
        with pytest.raises(ContentError, match="years to match"):
            load_rules([runaway], {runaway: "runaway.yml"})
        regex_cache.save()
        _new_run(monkeypatch)


def test_the_file_keeps_only_what_the_last_saving_run_used(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regex_cache.compile("old rule")
    regex_cache.compile("shared rule")
    regex_cache.save()
    _new_run(monkeypatch)
    regex_cache.compile("shared rule")
    regex_cache.compile("new rule")
    regex_cache.save()
    _new_run(monkeypatch)
    kept = {key[1] for key in regex_cache._entries()}
    assert kept == {"shared rule", "new rule"}


def test_with_no_home_nothing_is_kept_and_nothing_is_written_where_pubkit_runs(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(regex_cache.os.path, "expanduser", lambda path: path)  # as when HOME is unset
    monkeypatch.chdir(tmp_path)
    assert regex_cache.cache_file() is None
    assert regex_cache.compile(r"cent(?:er|re)").search("a centre") is not None
    regex_cache.save()
    assert list(tmp_path.iterdir()) == []


def test_a_pattern_asked_for_again_in_the_same_run_is_the_same_pattern(fresh: Path) -> None:
    first = regex_cache.compile(r"(?<![^\W_])Viet[ -]?nam", re.IGNORECASE)
    assert regex_cache.compile(r"(?<![^\W_])Viet[ -]?nam", re.IGNORECASE) is first
