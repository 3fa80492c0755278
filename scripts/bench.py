"""make bench: how much pubkit costs compared with pandoc alone, on a 40,000-word study report.

Generates a synthetic project (8 chapters × 5,000 words, 40 figures, 16 tables,
100 references, 200 citations), then times, as medians of several runs:
pandoc alone (Markdown → .docx with --citeproc), ``build --only docx`` (cold
cache), ``check`` after the build and with a cold cache, the full build without PDFs, and a rebuild after one chapter
changed (and, for information, the rebuild of every output but PDFs that
``pubkit watch`` runs), and ``review`` of the built manuscript returned with 200
tracked changes and comments. Prints the ratios to pandoc alone, the targets, and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "learning teaching staff course module credential quality recognition framework institution "
    "provider assessment evidence outcome programme policy system review design practice skill digital "
    "online blended workshop portfolio badge level credit hour university college ministry agency "
    "record standard criteria transfer pathway career appraisal promotion survey respondent share "
    "growth demand supply offer model mechanism approach network partner region country"
).split()
TARGETS = {"docx": 1.2, "check": 0.3, "check-cold": 0.5, "full": 2.0, "rebuild": 0.8}
REVIEW_EDITS = 200


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(root: Path, chapters: int = 8, words_per_chapter: int = 5000, seed: int = 7) -> list[Path]:
    """Write the synthetic project; return its chapter files."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    (root / "content").mkdir(parents=True)
    (root / "assets" / "data").mkdir(parents=True)
    (root / "bibliography").mkdir()
    keys = [f"author{i:03d}" for i in range(100)]
    (root / "bibliography" / "refs.bib").write_text(
        "\n".join(
            f"@article{{{key},\n  author = {{Surname{i}, Given and Other{i}, Name}},\n  title = {{A study of "
            f"{rng.choice(WORDS)} and {rng.choice(WORDS)} number {i}}},\n  journal = {{Journal of "
            f"{rng.choice(WORDS).title()}}},\n  year = {{{2000 + i % 24}}},\n  volume = {{{i % 30 + 1}}},\n"
            f"  pages = {{{i}--{i + 12}}}\n}}\n"
            for i, key in enumerate(keys)
        ),
        encoding="utf-8",
    )
    (root / "content" / "publication.yaml").write_text(
        "type: study-report\ntitle: A synthetic regional study\nauthors: [Bench Author]\nyear: 2026\n"
        "limits: {words: [1000, 60000], slides: [10, 12], brief_pages: 10}\n",
        encoding="utf-8",
    )
    files = []
    figure = table = 0
    cite = 0
    for number in range(1, chapters + 1):
        parts = [f"---\ntitle: Chapter {number} on {rng.choice(WORDS)} and {rng.choice(WORDS)}\n---\n"]
        written = 0
        section = 0
        while written < words_per_chapter:
            if written % 1000 < 120:
                section += 1
                parts.append(f"## Section {number}.{section}\n")
            length = rng.randint(60, 110)
            paragraph = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(length // 14))
            if cite < 200 and rng.random() < 0.75:
                paragraph += f" [@{keys[cite % 100]}]"
                cite += 1
            parts.append(paragraph + "\n")
            written += len(paragraph.split())
            if figure < number * 5 and rng.random() < 0.35:
                figure += 1
                if figure % 5 == 1:  # one chart drawn from data per chapter, the other figures are pictures
                    data = root / "assets" / "data" / f"chart{figure}.csv"
                    data.write_text(
                        "Year,A,B\n"
                        + "".join(f"{2015 + y},{rng.randint(5, 90)},{rng.randint(5, 90)}\n" for y in range(8)),
                        encoding="utf-8",
                    )
                    parts.append(
                        f"![Chart number {figure}](assets/data/{data.name}){{#fig:f{figure} "
                        f'source="author" chart="{("bar", "line")[figure % 10 == 1]}"}}\n'
                    )
                else:
                    image = root / "assets" / f"figure{figure}.png"
                    picture = Image.new("RGB", (900, 500), (0, 119, 212))
                    ImageDraw.Draw(picture).rectangle([60, 60, 840, 440], outline="white", width=8)
                    picture.save(image)
                    parts.append(f'![Figure number {figure}](assets/{image.name}){{#fig:f{figure} source="author"}}\n')
                parts.append(f"As @fig:f{figure} shows, the {rng.choice(WORDS)} grew.\n")
            if table < number * 2 and rng.random() < 0.15:
                table += 1
                rows = "".join(
                    f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |\n" for _ in range(6)
                )
                parts.append(
                    f'Table: Table number {table} {{#tbl:t{table} source="author"}}\n\n'
                    f"| Item | 2022 | 2023 |\n|---|---:|---:|\n{rows}"
                )
        if number % 2 == 0:
            parts.append(f'::: {{.finding question="challenges"}}\n{sentence(rng, 30)}\n:::\n')
            parts.append(f'::: {{.recommendation audience="ministries"}}\n{sentence(rng, 25)}\n:::\n')
        path = root / "content" / f"{number * 10:02d}-chapter.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        files.append(path)
    return files


def returned_with_edits(manuscript: Path, target: Path, count: int = REVIEW_EDITS, seed: int = 11) -> Path:
    """The manuscript as an editor returns it: ``count`` tracked replacements, insertions and comments,
    written as Word writes them (the review tests' own editor)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "review"))
    import docx
    from wordedit import Reviewed

    rng = random.Random(seed)
    texts = [p.text for p in docx.Document(str(manuscript)).paragraphs if len(p.text) > 200 and "(" not in p.text]
    reviewed = Reviewed(manuscript)
    done, used = 0, set()
    for text in rng.sample(texts, min(len(texts), count * 2)):
        words = text.split()
        start = rng.randrange(0, len(words) - 4)
        phrase = " ".join(words[start : start + 3])
        if phrase in used:
            continue
        used.add(phrase)
        try:
            (reviewed.replace, reviewed.insert_after, reviewed.comment)[done % 3](phrase, phrase.upper())
        except AssertionError:
            continue
        done += 1
        if done == count:
            break
    return reviewed.save(target)


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time of ``command`` and the peak memory (KiB) of its largest process."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
        "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '')"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, cwd=cwd, check=False
    )
    elapsed, peak, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stderr}")
    return float(elapsed), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from builder.pandoc import pandoc_path

    pubkit = [sys.executable, "-m", "builder"]
    # Python keeps compiled modules in __pycache__ after a first run; make sure they are there even where
    # PYTHONDONTWRITEBYTECODE is set, so the figures are those of a user's second and later builds.
    repository = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(repository / "builder")], check=True)
    with tempfile.TemporaryDirectory(prefix="pubkit-bench-") as scratch:
        root = Path(scratch) / "study"
        chapters = generate(root)
        combined = root / "all.md"
        combined.write_text("\n\n".join(c.read_text().split("---\n", 2)[2] for c in chapters), encoding="utf-8")
        csl = Path(__file__).resolve().parents[1] / "templates" / "csl" / "apa.csl"
        pandoc = [
            pandoc_path(),
            str(combined),
            "-o",
            str(root / "plain.docx"),
            "--citeproc",
            f"--bibliography={root / 'bibliography' / 'refs.bib'}",
            f"--csl={csl}",
            "--resource-path",
            str(root),
        ]
        out = root / "build"
        measures: dict[str, list[tuple[float, int]]] = {
            k: [] for k in ("pandoc", "docx", "check", "check-cold", "full", "rebuild", "watch", "review")
        }
        env_pythonpath = Path(__file__).resolve().parents[1]
        for _ in range(args.runs):
            measures["pandoc"].append(run(pandoc, root))
            shutil.rmtree(out, ignore_errors=True)
            measures["docx"].append(
                run([*pubkit, "build", "--project", str(root), "--only", "docx", "-q"], env_pythonpath)
            )
            measures["check"].append(
                run([*pubkit, "check", "--project", str(root), "--format", "json"], env_pythonpath)
            )
            shutil.rmtree(out, ignore_errors=True)
            measures["check-cold"].append(
                run([*pubkit, "check", "--project", str(root), "--format", "json"], env_pythonpath)
            )
            shutil.rmtree(out, ignore_errors=True)
            measures["full"].append(
                run(
                    [*pubkit, "build", "--project", str(root), "--only", "docx,pptx,brief,permissions", "-q"],
                    env_pythonpath,
                )
            )
            chapters[3].write_text(chapters[3].read_text() + f"\nOne more sentence written at {time.time()}.\n")
            measures["rebuild"].append(
                run([*pubkit, "build", "--project", str(root), "--only", "docx", "-q"], env_pythonpath)
            )
            chapters[5].write_text(chapters[5].read_text() + f"\nAnother sentence written at {time.time()}.\n")
            measures["watch"].append(
                run(
                    [*pubkit, "build", "--project", str(root), "--only", "docx,pptx,brief,permissions", "-q"],
                    env_pythonpath,
                )
            )
            returned = returned_with_edits(out / "manuscript.docx", root / "returned.docx")
            measures["review"].append(
                run([*pubkit, "review", str(returned), "--project", str(root), "--format", "json"], env_pythonpath)
            )
    medians = {k: statistics.median(t for t, _ in v) for k, v in measures.items()}
    peaks = {k: max(p for _, p in v) for k, v in measures.items()}
    base = medians["pandoc"]
    print(
        f"pubkit bench: 8 chapters x 5,000 words, 40 figures, 16 tables, 100 references, 200 citations; "
        f"median of {args.runs} runs"
    )
    labels = {
        "pandoc": "pandoc alone (md -> docx, citeproc)",
        "docx": "pubkit build --only docx (cold cache)",
        "check": "pubkit check (chapters read by the build)",
        "check-cold": "pubkit check (cold: pandoc reads the chapters)",
        "full": "pubkit build, all outputs but PDFs (cold)",
        "rebuild": "rebuild --only docx after one chapter changed",
        "watch": "rebuild all outputs but PDFs (as watch does)",
        "review": f"review of the manuscript with {REVIEW_EDITS} changes",
    }
    for key, label in labels.items():
        ratio = medians[key] / base
        target = TARGETS.get(key)
        verdict = "" if target is None else f"  target <= {target:.1f}x: {'met' if ratio <= target else 'NOT MET'}"
        print(f"  {label:<48} {medians[key]:6.2f} s  {ratio:5.2f}x  peak {peaks[key] / 1024:6.0f} MB{verdict}")
    if args.json:
        print(json.dumps({"seconds": medians, "peak_kib": peaks, "ratios": {k: v / base for k, v in medians.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
