"""pubkit fix: a unified diff of the safe substitutions; --write applies them; a second run changes nothing.

The property tests feed random text mixing wrong forms, correct forms, random
Unicode, CRLF, a byte-order mark and tabs: fixing twice equals fixing once,
nothing outside the flagged spans changes, and the checker raises nothing but
pubkit's own errors.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, run_pubkit
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.bibliography import load_bibliography
from builder.check.run import fixable_hits, run_checks
from builder.errors import PubkitError
from builder.fix import MAX_ROUNDS, plan_fixes
from builder.project import load_project

CONFIG = "type: inception-report\ntitle: Learning in Vietnam\nauthors: [A B]\nyear: 2025\nlimits: {words: [1, 99999]}\n"


def _project(root: Path, body: bytes | str, config: str = CONFIG) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "publication.yaml").write_text(config, encoding="utf-8")
    raw = body if isinstance(body, bytes) else ("---\ntitle: T\n---\n" + body).encode("utf-8")
    (root / "content" / "10-a.md").write_bytes(raw)
    return root


def test_fix_prints_a_unified_diff_and_changes_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path, "Staff in Vietnam\nand in the Asia-Pacific.\nThe chairman agreed.\n")
    before = (project / "content" / "10-a.md").read_bytes()
    result = run_pubkit("fix", "--project", str(project))
    assert result.code == 0
    assert result.stdout == (
        "--- a/content/publication.yaml\n"
        "+++ b/content/publication.yaml\n"
        "@@ -1,5 +1,5 @@\n"
        " type: inception-report\n"
        "-title: Learning in Vietnam\n"
        "+title: Learning in Viet Nam\n"
        " authors: [A B]\n"
        " year: 2025\n"
        " limits: {words: [1, 99999]}\n"
        "--- a/content/10-a.md\n"
        "+++ b/content/10-a.md\n"
        "@@ -1,6 +1,6 @@\n"
        " ---\n"
        " title: T\n"
        " ---\n"
        "-Staff in Vietnam\n"
        "-and in the Asia-Pacific.\n"
        "+Staff in Viet Nam\n"
        "+and in the Asia-Pacific region.\n"
        " The chairman agreed.\n"
    )
    assert result.stderr == "fix: 3 fixes in 2 files; apply them with pubkit fix --write\n"
    assert (project / "content" / "10-a.md").read_bytes() == before


def test_fix_write_applies_and_a_second_run_has_nothing_to_do(tmp_path: Path) -> None:
    project = _project(tmp_path, "Staff in Vietnam organise 50% of it.\n")
    result = run_pubkit("fix", "--project", str(project), "--write")
    assert (result.code, result.stdout, result.stderr) == (0, "", "fix: applied 4 fixes in 2 files\n")
    assert (
        project / "content" / "10-a.md"
    ).read_text() == "---\ntitle: T\n---\nStaff in Viet Nam organize 50 per cent of it.\n"
    again = run_pubkit("fix", "--project", str(project))
    assert (again.code, again.stdout, again.stderr) == (0, "", "fix: nothing to fix\n")
    assert not [p for p in (project / "content").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    "text",
    [
        "The chairman agreed.",  # several alternatives: the author chooses
        "Korea took part.",  # ambiguous: a warning, not a fix
        "Iran's policy and Laos' policy.",  # a possessive needs rewording
        "The University of Hong Kong agreed.",  # part of a name
        "“Staff in Vietnam learned fast” [@key].",  # a cited quotation
        "Staff in **South** Korea agreed.",  # markup inside the span
        "`Vietnam` in code and https://example.org/Vietnam.",  # not prose at all
    ],
)
def test_only_safe_single_replacements_are_applied(tmp_path: Path, text: str) -> None:
    project = _project(tmp_path, text + "\n", config=CONFIG.replace("Vietnam", "Viet Nam"))
    assert plan_fixes(project) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # forms that already follow UN usage, and names, stay as they are
        ("Data for Iran (the Islamic Republic of) are missing.", None),
        ("Data for Micronesia (the Federated States of) are missing.", None),
        ("Its name changed from Hong Kong to Hong Kong, China.", None),
        ("The Taipei Economic and Cultural Office in Hong Kong agreed.", None),
        ("Vietnam National University and The Education University of Hong Kong agreed.", None),
        ("Hong Kong students and North and South Korea.", None),  # reworded by the author, not by fix
        ("Is it equal to a Hong Kong degree?", None),  # after "a", the name describes the noun
        # nothing is written twice
        ("Students from Macau, China took part.", "Students from Macao, China took part."),
        ("Students from Macau SAR took part.", "Students from Macao SAR, China took part."),
        # the article the official name needs
        ("It differs from those of South Korea.", "It differs from those of the Republic of Korea."),
        ("South Korea and Russia agreed.", "The Republic of Korea and the Russian Federation agreed."),
        ("The Kyrgyz Republic agreed.", "Kyrgyzstan agreed."),
        ("For the Federated States of Micronesia, no data.", "For Micronesia (Federated States of), no data."),
        # after "that" (a conjunction), and after other words in a heading; not after an adjective
        ("So North Korea has schools.", "So the Democratic People's Republic of Korea has schools."),
        ("Data show that North Korea grew.", "Data show that the Democratic People's Republic of Korea grew."),
        ("## Education in North Korea", "## Education in the Democratic People's Republic of Korea"),
        ("## North Korea", "## Democratic People's Republic of Korea"),
        ("It shaped contemporary North Korea.", "It shaped contemporary Democratic People's Republic of Korea."),
        # a name at the start of a tight list item or of a line after a capitalized word is fixed
        ("Countries:\n\n* Lao PDR\n* Vietnam\n* Laos\n", "Countries:\n\n* Lao PDR\n* Viet Nam\n* Lao PDR\n"),
        ("**Lessons from Cambodia**\nVietnam agreed.", "**Lessons from Cambodia**\nViet Nam agreed."),
        ("The report by Lao PDR\nVietnam followed.", "The report by Lao PDR\nViet Nam followed."),
        ("Growth in the Asia-\nPacific is uneven.", "Growth in the Asia-Pacific region is uneven."),
        # names in capitals are fixed in capitals, with their article, and the fix holds
        ("## KAZAKHSTAN AND THE KYRGYZ REPUBLIC", "## KAZAKHSTAN AND KYRGYZSTAN"),
        ("HONG KONG, CHINA – Universities merged.", "HONG KONG SAR, CHINA – Universities merged."),
        ("SOUTH KOREA – Universities merged.", "THE REPUBLIC OF KOREA – Universities merged."),
        # a word or a name alone in quotation marks is the word itself
        ('Some write "microcredential"; others "Viet-Nam".', None),
        # a former name in an aside stays
        ("Samoa, then Western Samoa, became independent.", None),
        # a sequence is no aside; a possessive that would fall to 'China' is left to the author
        ("They went to Thailand, then Burma, in 2019.", "They went to Thailand, then Myanmar, in 2019."),
        ("Taiwan's universities recruit.", None),
        ("A woman doctor treated them.", None),  # dropping 'woman' changes what the sentence says
        ("Herdsmen and a herdsman moved the cattle.", "Herders and a herder moved the cattle."),
        # a heading and a table's header row in title case are fixed; a name in them is not
        ("## Grants Program Opens", "## Grants Programme Opens"),
        ("| Year | Labor Force |\n|---|---|\n| 2020 | 4 |", "| Year | Labour Force |\n|---|---|\n| 2020 | 4 |"),
        ("## Grants From the US Department of Labor", None),
        ("South Korea's universities recruit.", "The Republic of Korea's universities recruit."),
        # a range takes "per cent" once; "eg" takes its full stops
        ("Between 40%–50% agreed, eg in Fiji.", "Between 40–50 per cent agreed, e.g. in Fiji."),
        ("The Asia–Pacific region grew.", "The Asia-Pacific region grew."),
        # a name before the noun it describes, a name inside a compound: the author rewords
        ("A warm, humid Hong Kong evening followed.", None),
        ("Ministers met at a Japan-China-South Korea summit.", None),
        # a city's country takes no article; a date after "on" is no part of a name
        ("They met in Seoul, South Korea.", "They met in Seoul, Republic of Korea."),
        ("SEOUL, South Korea—Grants opened.", "SEOUL, Republic of Korea—Grants opened."),  # a dateline
        ("## S. Korea adds grants", "## Republic of Korea adds grants"),  # a headline's short form
        ("Taiwan on Monday opened two centres.", "Taiwan province of China on Monday opened two centres."),
        # the United Kingdom, and Myanmar without the name it had until 2010
        ("Staff from Chile and Great Britain came.", "Staff from Chile and the United Kingdom came."),
        ("Members are Thailand and the Union of Myanmar.", "Members are Thailand and Myanmar."),
    ],
)  # fmt: skip
def test_fix_never_makes_the_text_worse(tmp_path: Path, text: str, fixed: str | None) -> None:
    project = _project(tmp_path, text + "\n", config=CONFIG.replace("Vietnam", "Viet Nam"))
    plans = plan_fixes(project)
    if fixed is None:
        assert plans == []
    else:
        assert [plan.after for plan in plans] == ["---\ntitle: T\n---\n" + fixed + "\n"]
        (project / "content" / "10-a.md").write_text(plans[0].after, encoding="utf-8")
        assert plan_fixes(project) == []
    assert _fixable_errors_left(project) == []


def _fixable_errors_left(project: Path) -> list[tuple[str, str]]:
    """Errors reported with one suggestion: each of these is one that fix should have made."""
    loaded = load_project(project)
    return [
        (f.text, f.suggestion)
        for f in run_checks(loaded, load_bibliography(loaded))
        if f.severity == "error" and f.suggestion and " or " not in f.suggestion
    ]


def test_line_endings_and_byte_order_mark_survive_byte_for_byte(tmp_path: Path) -> None:
    raw = "\ufeff---\r\ntitle: T\r\n---\r\n\tA Vietnam\r\nSouth\r\nKorea, in the Asia-Pacific.\r\nLast line: Laos"
    raw = raw.encode()
    project = _project(tmp_path, raw, config=CONFIG.replace("Vietnam", "Viet Nam"))
    assert run_pubkit("fix", "--project", str(project), "--write").code == 0
    assert (project / "content" / "10-a.md").read_bytes() == (
        "\ufeff---\r\ntitle: T\r\n---\r\n\tA Vietnam\r\nThe Republic of Korea, in the Asia-Pacific region.\r\n"
        "Last line: Lao PDR"
    ).encode()


def test_a_missing_final_newline_is_marked_in_the_diff(tmp_path: Path) -> None:
    project = _project(tmp_path, "Staff in Vietnam", config=CONFIG.replace("Vietnam", "Viet Nam"))
    diff = run_pubkit("fix", "--project", str(project)).stdout
    assert diff.endswith(
        "-Staff in Vietnam\n\\ No newline at end of file\n+Staff in Viet Nam\n\\ No newline at end of file\n"
    )


def test_fix_on_an_unreadable_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_pubkit("fix", "--project", str(tmp_path))
    assert result.code == 2
    assert "content/publication.yaml is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_fixing_the_planted_fixture_fixes_every_safe_finding(tmp_path: Path) -> None:
    project = Path(shutil.copytree(FIXTURES / "check-planted", tmp_path / "planted"))
    assert run_pubkit("fix", "--project", str(project), "--write").code == 0
    loaded = load_project(project)
    remaining = {f.rule for f in run_checks(loaded, load_bibliography(loaded))}
    assert not remaining & {"country-name", "region-phrase", "spelling"}
    assert "gender-neutral" in remaining  # "chairman" and "businessman" need the author's choice


# --- properties ---------------------------------------------------------------------------------------------

WRONG = [
    "Vietnam", "Hong Kong", "South Korea", "Iran", "Laos", "Taiwan", "Burma", "Brunei", "in the Asia-Pacific.",
    "In Asia Pacific", "policemen", "organise", "Recognised", "behavior", "center", "50%", "e.g., ", "Hong Kong SAR",
    "Iran's", "Laos'", "**South** Korea", "University of Hong Kong", "microcredentials", "policy makers", "ORGANISE",
    "Chairman", "Korea", "“Vietnam” [@key]", "Macau, China", "those of South Korea", "Hong Kong students",
    "North and South Korea", "the Kyrgyz Republic", "* Lao PDR\n* Vietnam", "**Hanoi**\nVietnam",
    "in the Asia-\nPacific", "from Hong Kong to Hong Kong, China", "Macau SAR",
]  # fmt: skip
CORRECT = [
    "Viet Nam", "Hong Kong SAR, China", "Iran (Islamic Republic of)", "Lao PDR", "in the Asia-Pacific region",
    "Republic of Korea", "mother tongue", "Organisation for Economic Co-operation and Development", "`Vietnam`",
    "https://x.org/Vietnam", "[@vietnam2020]", "@fig:x", "Taiwan province of China",
    "CPD (continuing professional development)", "Iran (the Islamic Republic of)", "Taiwan Province of China",
    "Vietnam National University", "Taipei Economic and Cultural Office in Hong Kong", "the then Republic of Vietnam",
    "Myanmar (formerly Burma)",
]  # fmt: skip
SEPARATORS = [" ", " ", "\n", "\r\n", "\t", "\n\n", ", ", ". ", "-", "'"]

fragments = st.lists(
    st.one_of(st.sampled_from(WRONG), st.sampled_from(CORRECT), st.sampled_from(SEPARATORS), st.text(max_size=6)),
    max_size=30,
)
PROPERTY = settings(
    max_examples=int(os.environ.get("PUBKIT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _stored_offsets(stored: str) -> list[int]:
    """For each character of the text as the checker reads it (line breaks as "\\n"), its offset in ``stored``."""
    offsets = []
    for index, char in enumerate(stored):
        if not (char == "\r" and stored[index + 1 : index + 2] == "\n"):
            offsets.append(index)
    offsets.append(len(stored))
    return offsets


def _write(root: Path, parts: list[str], crlf: bool, bom: bool) -> bytes:
    newline = "\r\n" if crlf else "\n"
    text = ("\ufeff" if bom else "") + f"---{newline}title: T{newline}---{newline}" + "".join(parts)
    raw = text.encode("utf-8", "surrogatepass")
    _project(root, raw, config=CONFIG.replace("Vietnam", "Viet Nam"))
    return raw


def _replace_flagged_spans(root: Path) -> bool:
    """One round done by hand: each flagged span of the chapter replaced, everything else copied; False if none."""
    chapter = root / "content" / "10-a.md"
    stored = chapter.read_bytes().decode("utf-8")
    bom = "\ufeff" if stored.startswith("\ufeff") else ""
    body = stored[len(bom) :]
    _, hits = fixable_hits(load_project(root))
    hits = sorted((h for h in hits if h.source.rel == "content/10-a.md"), key=lambda h: h.fix_span)
    offsets = _stored_offsets(body)
    pieces, position = [], 0
    for hit in hits:
        start, end = offsets[hit.fix_span[0]], offsets[hit.end - 1] + 1  # the end is exclusive
        if start < position:
            continue  # overlapping: the first one wins this round
        pieces += [body[position:start], str(hit.replacement)]
        position = end
    pieces.append(body[position:])
    chapter.write_bytes((bom + "".join(pieces)).encode("utf-8"))
    return bool(hits)


@PROPERTY
@given(parts=fragments, crlf=st.booleans(), bom=st.booleans())
@example(parts=["e.g., ", "Vietnam", " ", "Vietnam"], crlf=False, bom=False)  # the first fix enables the next
@example(parts=["Vietnam", "\r\n", "Hong Kong SAR"], crlf=True, bom=True)
def test_fix_twice_equals_fix_once_and_only_flagged_spans_change(parts: list[str], crlf: bool, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryDirectory() as by_hand:
        root = Path(scratch)
        try:
            _write(root, parts, crlf, bom)
            plans = plan_fixes(root)
        except PubkitError:
            return  # e.g. a NUL character: refused with pubkit's own message
        # the same fixes done round by round in a copy, replacing only the spans the checker flags
        copy = Path(shutil.copytree(root, Path(by_hand) / "copy"))
        rounds = 0
        while _replace_flagged_spans(copy):
            rounds += 1
            assert rounds <= MAX_ROUNDS
        chapter = root / "content" / "10-a.md"
        after = {plan.rel: plan.after for plan in plans}.get("content/10-a.md", chapter.read_bytes().decode("utf-8"))
        assert after.encode("utf-8") == (copy / "content" / "10-a.md").read_bytes()
        chapter.write_bytes(after.encode("utf-8"))
        assert plan_fixes(root) == []  # fix twice changes nothing the second time
        assert _fixable_errors_left(root) == []  # every error reported with one suggestion was fixed


@PROPERTY
@given(parts=fragments, crlf=st.booleans(), bom=st.booleans())
def test_the_checker_raises_only_pubkit_errors(parts: list[str], crlf: bool, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        try:
            _write(root, parts, crlf, bom)
            project = load_project(root)
            findings = run_checks(project, load_bibliography(project))
        except PubkitError:
            return
        for finding in findings:
            assert finding.severity in ("error", "warning")
            assert finding.line is None or finding.line >= 1
            assert finding.column is None or finding.column >= 1
