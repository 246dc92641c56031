"""The command line (SPEC section 5): a thin layer over the workspace.

stdout carries only data (reports, hashes); every diagnostic goes to stderr
as one line, `trioboard: error: …`. Heavy modules (git, the TUI) are
imported by the commands that need them, so `check` in CI stays light.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from trioboard.exitcodes import ExitCode

if TYPE_CHECKING:
    from trioboard.core.findings import Finding

PROG = "trioboard"
CHECK_FORMATS = ("text", "json", "github", "junit", "sarif")
FAIL_ON = ("error", "warning", "info")


class UsageError(Exception):
    """Bad arguments, or a command that cannot run: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Keep a roadmap tied to company strategy: goals → outcomes → roadmap items.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check a board headless: findings, coverage, blocked teams")
    check.add_argument("board", nargs="?", metavar="BOARD", help="board directory (default: found from here)")
    check.add_argument("--format", choices=CHECK_FORMATS, default="text", help="output format (default: text)")
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="lowest severity that fails the check (default: error)",
    )
    check.add_argument(
        "--since", metavar="REV", help="report only findings that are new since the board at git revision REV"
    )
    check.set_defaults(run=_check)

    init = sub.add_parser("init", help="create an empty board in DIR and commit it")
    init.add_argument("dir", metavar="DIR")
    init.add_argument("--name", help="the board's display name (default: from DIR)")
    init.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")
    init.set_defaults(run=_init)

    demo = sub.add_parser("demo", help="copy the demo board into a fresh git repository and open it")
    demo.add_argument("--into", metavar="DIR", help="where to put it (default: a new temporary directory)")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and not args_list[0].startswith("-") and args_list[0] not in _commands():
            return _open_tui(args_list)
        args = _parser().parse_args(args_list)
        if args.command is None:
            return _open_tui(args_list)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except UsageError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # `trioboard check | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except KeyboardInterrupt:
        return 130


def _commands() -> set[str]:
    return {"check", "init", "demo"}


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return ExitCode.CANNOT_RUN


def _open_tui(args: list[str]) -> int:
    raise UsageError("the TUI is not built yet; use 'trioboard check [BOARD]' to see a board's findings")


def _find_board(arg: str | None) -> Path:
    from trioboard.store.locate import BoardNotFound, find_board

    try:
        return find_board(arg, Path.cwd())
    except BoardNotFound as exc:
        raise UsageError(str(exc)) from None


def _check(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.findings import Severity, new_findings
    from trioboard.report.summary import summarise

    started = time.perf_counter()
    root = _find_board(args.board)
    state = workspace.load(root)
    findings = state.findings
    if args.since is not None:
        findings = new_findings(findings, _findings_at(root, args.since))
    fail_on = Severity(args.fail_on)
    cwd = Path.cwd()
    summary = summarise(state, findings)
    if args.format == "json":
        from trioboard.report import json_report

        out = json_report.render(root, findings, summary, cwd)
    elif args.format == "github":
        from trioboard.report import github_report

        out = github_report.render(root, findings, summary, cwd)
    elif args.format == "junit":
        from trioboard.report import junit_report

        elapsed = time.perf_counter() - started
        out = junit_report.render(root, state.board, findings, cwd, fail_on=fail_on, seconds=elapsed)
    elif args.format == "sarif":
        from trioboard.report import sarif_report

        out = sarif_report.render(root, state.board, findings, cwd)
    else:
        from trioboard.report import text_report

        out = text_report.render(root, findings, summary, cwd, colour=_colour(sys.stdout))
    sys.stdout.write(out)
    sys.stdout.flush()
    failed = any(f.severity.rank >= fail_on.rank for f in findings)
    return ExitCode.FINDINGS if failed else ExitCode.OK


def _findings_at(root: Path, rev: str) -> list[Finding]:
    """The findings of the board as it was at `rev` (none if it did not exist)."""
    from trioboard import workspace
    from trioboard.store import repo

    try:
        sources = repo.board_sources_at(root, rev)
    except repo.GitError as exc:
        raise UsageError(f"--since needs git: {exc}") from None
    if sources is None:
        return []
    return workspace.state_from_sources(root, sources).findings


def _colour(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _init(args: argparse.Namespace) -> int:
    from trioboard import scaffold

    try:
        board, short = scaffold.init_board(Path(args.dir), args.name, args.author)
    except scaffold.SetupError as exc:
        raise UsageError(str(exc)) from None
    print(f"{short} Create board {board}")
    return ExitCode.OK


def _demo(args: argparse.Namespace) -> int:
    from trioboard import scaffold

    try:
        root = scaffold.make_demo(Path(args.into) if args.into else None)
    except scaffold.SetupError as exc:
        raise UsageError(str(exc)) from None
    print(f"The demo board is in {root} (a git repository of its own).", file=sys.stderr)
    print("The TUI is not built yet; here is what 'trioboard check' finds on it:\n", file=sys.stderr)
    _check(argparse.Namespace(board=str(root), format="text", fail_on="error", since=None))
    return ExitCode.OK


def main_exit() -> None:
    """Console-script entry point: run and exit with the status."""
    sys.exit(main())
