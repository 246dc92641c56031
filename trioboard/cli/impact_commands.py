"""`trioboard impact` and `trioboard log --measure`: measures, their check-ins from git, and calibration (SPEC 10)."""

from __future__ import annotations

import argparse
import datetime
import sys

from trioboard.cli.common import UsageError, board_option, find_board_dir, today_option
from trioboard.core.exitcodes import ExitCode

IMPACT_FORMATS = ("text", "json", "markdown")

IMPACT_DESCRIPTION = (
    "Every measured goal and outcome: its state (in words and a symbol), how far along it is, its confidence "
    "and its check-ins read from git (each commit that changed its current, confidence or as_of, on the "
    "first-parent line, dated when it was entered); the items expected to move it; what has no measure yet; "
    "and per team, how often and by how much the items' expected impact was met. The measures are the "
    "working tree's; REVISION_RANGE chooses the commits whose check-ins are shown. A board outside git "
    "shows all of it but the check-ins, and says so. Exit 0 with a report whatever the states; 2 when it "
    "cannot run."
)


def impact_arguments(impact: argparse.ArgumentParser) -> None:
    impact.add_argument(
        "range",
        nargs="*",
        metavar="REVISION_RANGE",
        help="the commits whose check-ins are shown, as git log takes them: v1..HEAD, a branch (default HEAD)",
    )
    impact.add_argument("--team", metavar="T", help="only this team's outcomes, the goals they serve, its calibration")
    impact.add_argument("--format", choices=IMPACT_FORMATS, default="text", help="output format (default: text)")
    today_option(impact)
    board_option(impact)


def run_impact(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.errors import GitError
    from trioboard.core.impact_view import build
    from trioboard.report import impact_report
    from trioboard.workspace.measure_history import in_git, measure_series

    root = find_board_dir(args.board)
    board = workspace.read_board(root)
    if args.team is not None and args.team not in {t.id for t in board.teams}:
        raise UsageError(f"the board has no team {args.team!r}")
    series = None  # outside git the measures are in the files; only their series needs history
    try:
        if args.range or in_git(root):
            series = measure_series(root, args.range or None)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    view = build(board, series, args.today or datetime.date.today(), args.team)
    render = {
        "json": impact_report.render_json,
        "markdown": impact_report.render_markdown,
        "text": impact_report.render_text,
    }[args.format]
    sys.stdout.write(render(view))
    return ExitCode.OK


def run_measure_log(args: argparse.Namespace) -> int:
    """`trioboard log --measure ID`: the check-ins of one measure, oldest first."""
    from trioboard import workspace
    from trioboard.core.errors import GitError
    from trioboard.core.model import Goal, Outcome
    from trioboard.core.text import a_or_an
    from trioboard.report import impact_report
    from trioboard.workspace.measure_history import in_shallow_clone, measure_series

    root = find_board_dir(args.board)
    board = workspace.read_board(root)
    node = next((n for n in board.nodes() if n.id == args.measure), None)
    if node is None:
        raise UsageError(f"the board has no goal or outcome {args.measure!r}")
    if not isinstance(node, Goal | Outcome):
        kind = a_or_an(node.kind.value)
        raise UsageError(f"{args.measure} is {kind}, not a goal or outcome: only goals and outcomes have measures")
    try:
        series = measure_series(root, args.range or None).get(node.id, [])
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if args.limit is not None:
        series = series[-args.limit :]
    if args.format == "json":
        sys.stdout.write(impact_report.render_series_json(series))
    elif node.measure is None and not series:
        sys.stdout.write(f"{node.kind.value} {node.id} has no measure\n")
    else:
        sys.stdout.write(impact_report.render_series_text(node, series, in_shallow_clone(root)))
    return ExitCode.OK
