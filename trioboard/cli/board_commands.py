"""The commands that read a board and say what it holds: check, diff, log, export."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.cli.common import (
    DIFF_FORMATS,
    EXPORT_FORMATS,
    FAIL_ON,
    PROG,
    WORKTREE,
    UsageError,
    append_summary,
    board_option,
    colour,
    find_board_dir,
    keep_for_good,
    positive,
    today_option,
    write_whole,
)
from trioboard.core.exitcodes import ExitCode

if TYPE_CHECKING:
    from trioboard.core.findings import Finding


def check_arguments(check: argparse.ArgumentParser) -> None:
    from trioboard.report.formats import FORMATS

    check.add_argument("board", nargs="?", metavar="BOARD", help="board directory (default: found from here)")
    check.add_argument(
        "--board", dest="board_option", metavar="BOARD", help="the same as BOARD, as diff and log take it"
    )
    check.add_argument("--format", choices=list(FORMATS), default="text", help="output format (default: text)")
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="lowest severity that fails the check (default: error)",
    )
    check.add_argument(
        "--since", metavar="REV", help="report only findings that are new since the board at git revision REV"
    )
    today_option(check)
    check.add_argument(
        "--also-write",
        dest="also_write",
        action="append",
        default=[],
        type=_format_and_file,
        metavar="FORMAT=FILE",
        help="write the same check in another format to FILE too (repeatable): one run, "
        "e.g. GitHub annotations on stdout and SARIF in a file",
    )


def _format_and_file(text: str) -> tuple[str, Path]:
    from trioboard.report.formats import FORMATS

    name, eq, path = text.partition("=")
    if not eq or not path or name not in FORMATS:
        raise argparse.ArgumentTypeError(f"expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}, not {text!r}")
    return name, Path(path)


def diff_arguments(diff: argparse.ArgumentParser) -> None:
    diff.add_argument("revs", nargs="*", metavar="REV")
    board_option(diff)
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default: text)")


def log_arguments(log: argparse.ArgumentParser) -> None:
    board_option(log)
    log.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    log.add_argument("-n", dest="limit", type=positive, metavar="N", help="show at most N commits")
    log.add_argument(
        "range", nargs="*", metavar="REVISION_RANGE", help="what git log takes: main..plan-q3, a branch (default HEAD)"
    )
    log.add_argument(
        "--first-parent", action="store_true", help="follow only the first parent of merges, as git log does"
    )


def export_arguments(export: argparse.ArgumentParser) -> None:
    from trioboard.report.export_tree import TREES

    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument(
        "--team", metavar="T", help="only this team's items, opportunities and outcomes, and what they link to"
    )
    export.add_argument(
        "--tree",
        choices=TREES,
        help="draw the opportunity solution tree (outcome → opportunities → items) instead of the strategy map "
        "(mermaid and dot)",
    )
    board_option(export)


def check(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.findings import Severity, new_findings
    from trioboard.report.formats import FORMATS
    from trioboard.report.summary import CheckReport, Since, summarise

    started = time.perf_counter()
    if args.board is not None and args.board_option is not None:
        raise UsageError("name the board once: BOARD or --board, not both")
    root = find_board_dir(args.board if args.board is not None else args.board_option)
    today = args.today or date.today()
    state = workspace.load(root, today=today)
    keep_for_good()
    findings = state.findings
    since = None
    if args.since is not None:
        # The base is judged on the same day: what is new is what the change did, not what time did.
        findings = new_findings(findings, _findings_at(root, args.since, today))
        since = Since(args.since, len(state.findings) - len(findings))
    report = CheckReport(
        root=root,
        board=state.board,
        findings=findings,
        summary=summarise(state, findings, since),
        cwd=Path.cwd(),
        fail_on=Severity(args.fail_on),
        seconds=time.perf_counter() - started,
        colour=colour(sys.stdout),
    )
    chosen = FORMATS[args.format]
    out = chosen.render(report)
    # Every output is rendered before any is written: a run that fails writes no file at all.
    extra = [(path, FORMATS[name].render(replace(report, colour=False))) for name, path in args.also_write]
    for path, text in extra:
        write_whole(path, text)
    sys.stdout.write(out)
    sys.stdout.flush()
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen.step_summary is not None and step_summary:
        append_summary(Path(step_summary), chosen.step_summary(report))
    return ExitCode.FINDINGS if report.failed else ExitCode.OK


def _findings_at(root: Path, rev: str, today: date) -> list[Finding]:
    """The findings of the board as it was at `rev` (none if it did not exist), judged at `today`."""
    from trioboard import workspace
    from trioboard.core.errors import GitError

    try:
        return workspace.findings_at(root, rev, today=today)
    except GitError as exc:
        raise UsageError(f"--since needs git: {exc}") from None


def parse_revs(revs: list[str]) -> tuple[str, str | None, bool]:
    """`[]`, `[A]`, `[A, B]`, `[A..B]` or `[A...B]` → (from, to, from the merge base).

    `to` None is the working tree. With three dots the comparison starts at
    the merge base of the two, as `git diff A...B` and a pull request do.
    """
    if len(revs) > 2:
        raise UsageError("diff takes at most two revisions")
    if len(revs) == 1:
        for dots in ("...", ".."):
            if dots in revs[0]:
                start, end = revs[0].split(dots, 1)
                return start or "HEAD", end or "HEAD", dots == "..."
    if len(revs) == 2:
        return revs[0], revs[1], False
    return (revs[0] if revs else "HEAD"), None, False


def run_diff(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.diff import diff
    from trioboard.core.errors import GitError
    from trioboard.report.paths import user_dir
    from trioboard.workspace import merge_base

    rev_from, rev_to, from_base = parse_revs(args.revs)
    root = find_board_dir(args.board)
    label_from = rev_from
    try:
        if from_base and rev_to is not None:
            rev_from = merge_base(root, rev_from, rev_to)
            label_from = rev_from[:7]
        history = workspace.history_reader(root)
        try:
            before = workspace.load_at(root, rev_from, history)
            after = workspace.load(root) if rev_to is None else workspace.load_at(root, rev_to, history)
        finally:
            history.close()
    except GitError as exc:
        raise UsageError(str(exc)) from None
    result = diff(workspace.snapshot(before), workspace.snapshot(after))
    label_to = rev_to or WORKTREE
    cwd = Path.cwd()
    # The board by its name everywhere (its directory only when it has none).
    board = after.board.name or before.board.name or user_dir(root, cwd)
    if args.format == "json":
        from trioboard.report import diff_json

        out = diff_json.render(result, label_from, label_to, root, cwd)
    elif args.format == "markdown":
        from trioboard.report import diff_markdown

        out = diff_markdown.render(result, board, label_from, label_to, root, cwd)
    else:
        from trioboard.report import diff_text

        out = diff_text.render(result, board, label_from, label_to, root, cwd)
    sys.stdout.write(out)
    return ExitCode.OK


def run_log(args: argparse.Namespace) -> int:
    from trioboard.core.errors import GitError
    from trioboard.report import log_report
    from trioboard.workspace.history import board_log

    root = find_board_dir(args.board)
    try:
        entries = board_log(root, args.limit, args.range, first_parent=args.first_parent)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        sys.stdout.write(log_report.render_json(entries))
    else:
        sys.stdout.write(log_report.render_text(entries))
    return ExitCode.OK


def run_export(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.report import export_data, export_graph, export_tree, strategy_map

    if args.tree is not None and args.format not in ("mermaid", "dot"):
        raise UsageError(f"--tree {args.tree} draws a diagram: use --format mermaid or dot")
    root = find_board_dir(args.board)
    state = workspace.load(root)
    if args.team is not None and args.team not in {t.id for t in state.board.teams}:
        raise UsageError(f"the board has no team {args.team!r}")
    smap = strategy_map.build(state, args.team)
    render = {
        "mermaid": export_tree.mermaid_ost if args.tree else export_graph.mermaid,
        "dot": export_tree.dot_ost if args.tree else export_graph.dot,
        "json": export_data.as_json,
        "csv": export_data.as_csv,
    }[args.format]
    out = render(smap)
    sys.stdout.write(out)
    if args.format == "mermaid" and len(out) > export_graph.MERMAID_MAX_TEXT:
        advice = "export one team at a time with --team T" if args.team is None else "try --format dot"
        print(
            f"{PROG}: warning: this Mermaid diagram is {len(out):,} characters; Mermaid renders at most "
            f"{export_graph.MERMAID_MAX_TEXT:,} by default (maxTextSize): {advice}",
            file=sys.stderr,
        )
    return ExitCode.OK
