"""The ``pubkit`` command. Errors a user can cause are caught here, once, and printed plainly."""

from __future__ import annotations

import argparse
import contextlib
import errno
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import __version__
from .errors import PubkitError

EXIT_USAGE = 2
_ENVIRONMENT_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS, errno.EPERM)


PROJECT_HELP = "the project folder (default: the one you are in, or the one above that holds content/)"


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", type=Path, default=None, help=PROJECT_HELP)


def find_project(given: Path | None) -> Path:
    """The project folder: the one given, or else the current folder or the nearest one above it with a
    ``content/publication.yaml`` (so pubkit works from inside ``content/``); "." when there is none, which
    loading then reports."""
    if given is not None:
        return given
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "content" / "publication.yaml").is_file():
            return folder if folder != here else Path(".")
    return Path(".")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pubkit", description="Build UNESCO publications from Markdown chapters.")
    parser.add_argument("--version", action="version", version=f"pubkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    only_help = "build only these outputs, comma-separated: docx,pptx,brief,permissions,pdf"

    build = commands.add_parser("build", help="build the manuscript, deck, brief, register and PDFs")
    _add_project(build)
    build.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/build)")
    build.add_argument("--strict", action="store_true", help="fail (exit 1) when the check finds errors")
    build.add_argument("--only", default=None, help=only_help)
    build.add_argument("-q", "--quiet", action="store_true", help="print only notices and errors")

    check = commands.add_parser("check", help="check the house style and structure")
    _add_project(check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    check.add_argument("--strict", action="store_true", help="treat pending permissions as errors")

    fix = commands.add_parser("fix", help="show (or with --write apply) the automatic house-style fixes")
    _add_project(fix)
    fix.add_argument("--write", action="store_true", help="change the files (without it: show the changes)")

    new = commands.add_parser("new", help="create a new project that builds at once")
    new.add_argument("directory", type=Path, help="the folder to create (it must not exist, or be empty)")
    new.add_argument(
        "--type",
        default="case-study",
        choices=("case-study", "study-report", "policy-brief", "inception-report"),
        help="what the project publishes (default: case-study)",
    )

    status = commands.add_parser("status", help="deliverables, due dates and whether each output passes its checks")
    _add_project(status)
    status.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    status.add_argument("--today", default=None, help=argparse.SUPPRESS)

    review = commands.add_parser(
        "review", help="list a returned manuscript's tracked changes and comments in the sources; --write applies them"
    )
    review.add_argument("file", type=Path, help="the .docx the editor returned")
    _add_project(review)
    review.add_argument("--out", type=Path, default=None, help="where review.xlsx goes (default: PROJECT/build)")
    review.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    review.add_argument("--write", action="store_true", help="make the changes in the sources")

    watch = commands.add_parser("watch", help="rebuild on every save")
    _add_project(watch)
    watch.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/build)")
    watch.add_argument("--only", default="docx,pptx,brief,permissions", help=only_help + " (default: all but pdf)")
    return parser


def invocation() -> str:
    """How the user ran pubkit, to tell them the next command: "pubkit" when that is on their PATH, else the
    path they typed (".venv/bin/pubkit"), or "python -m builder"."""
    import shutil

    program = sys.argv[0] if sys.argv and sys.argv[0] else "pubkit"
    if Path(program).name == "__main__.py":
        return f"{Path(sys.executable).name} -m builder"
    on_path = shutil.which("pubkit")
    if on_path and Path(on_path).resolve() == Path(program).resolve():
        return "pubkit"
    return program


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    from . import forking, processes

    processes.sweep()  # helpers and scratch folders of an earlier pubkit that was killed outright
    # pubkit's threads mostly wait for pandoc: one that has waited takes Python's lock within a millisecond
    # of asking (not after another thread's 5 ms turn), and sets pandoc's next run going at once
    sys.setswitchinterval(0.001)
    previous = _stop_on_sigterm()
    try:
        return _dispatch(args, parser)
    except PubkitError as error:
        sys.stderr.write(error.render() + "\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("pubkit: interrupted; outputs were left as they were\n")
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:  # the disk or the folders, not pubkit: a full disk, a read-only folder
        if exc.errno not in _ENVIRONMENT_ERRORS:
            raise
        from .outputs import unwritable

        where = Path(exc.filename) if exc.filename else Path("pubkit")
        sys.stderr.write(unwritable(where.parent if where.name.startswith(".") else where, exc).render() + "\n")
        return 1
    finally:
        with _not_stopped_again():  # a second Ctrl+C or SIGTERM on the way out would cut the cleaning short
            forking.end_all()  # nor a process forked to work alongside (it ends its own helpers)
            # no pandoc or LibreOffice is left running, however the command ended, and none starts after: a thread
            # still at work (a spare office started for the next PDF) could otherwise start one the cleaning missed
            processes.end_all(for_good=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _not_stopped_again() -> Iterator[None]:
    """Stop signals ignored while pubkit ends its helpers (a few seconds at most), then as they were."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _stop_on_sigterm() -> Any:
    """SIGTERM unwinds like Ctrl+C (outputs left as they were, helpers ended) instead of ending at once."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupted)


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if hasattr(args, "project"):
        args.project = find_project(args.project)
    if args.command == "build":
        return _build(args, parser)
    if args.command == "check":
        return _check(args)
    if args.command == "fix":
        from .fix import run_fix

        return run_fix(args.project, write=args.write)
    if args.command == "new":
        from .scaffold import create_project

        create_project(args.directory, args.type)
        print(f"created a {args.type} project in {args.directory}; build it with:")
        print(f"  {invocation()} build --project {args.directory}")
        return 0
    if args.command == "status":
        from .status import run_status

        return run_status(args.project, fmt=args.format, today=args.today)
    if args.command == "review":
        from .review.command import run_review

        return run_review(args.file, args.project, args.out, args.format, args.write)
    if args.command == "watch":
        from .watch import run_watch

        return run_watch(args.project, args.out, _only(args.only, parser))
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _only(value: str | None, parser: argparse.ArgumentParser) -> set[str] | None:
    from .build import OUTPUT_NAMES

    if not value:
        return None
    chosen = {v.strip() for v in value.split(",") if v.strip()}
    unknown = chosen - set(OUTPUT_NAMES)
    if unknown:
        parser.error(f"--only: unknown output {', '.join(sorted(unknown))}; choose from {','.join(OUTPUT_NAMES)}")
    return chosen


def _build(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .build import build
    from .progress import Progress

    build(
        args.project, args.out, strict=args.strict, only=_only(args.only, parser), progress=Progress(quiet=args.quiet)
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check.reading import read_chapters, start_reading

    early = start_reading(args.project)  # pandoc reads the chapters while the project and the rules load
    from .check.findings import Finding, to_json, write_text
    from .project import load_project

    try:
        project = load_project(args.project)
        built = project.root / "build"
        reading = early or read_chapters(project.chapters, built / ".cache")
        from .bibliography import load_bibliography
        from .check.run import run_checks

        outputs = {name: built / name for name in ("slides.pptx", "brief.pdf") if (built / name).is_file()}
        findings = run_checks(
            project,
            load_bibliography(project),
            strict=args.strict,
            outputs=outputs,
            cache_dir=built / ".cache",
            reading=reading,
        )
    except PubkitError as error:
        if args.format != "json":
            raise
        # a program reading the JSON gets JSON: the problem that stopped the check, as its findings
        stopped = [Finding("unreadable", "error", p.file, p.line, None, "", None, p.message) for p in error.problems]
        sys.stdout.write(to_json(stopped))
        sys.stderr.write(error.render() + "\n")
        return error.exit_code
    if args.format == "json":
        sys.stdout.write(to_json(findings))
    else:
        write_text(findings)
    return 1 if any(f.severity == "error" for f in findings) else 0
