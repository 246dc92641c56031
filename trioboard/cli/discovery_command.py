"""`trioboard discovery`: the trio's cadence per team, the evidence behind each opportunity (SPEC 11)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from trioboard.cli.common import UsageError, find_board_dir, keep_for_good, positive, today_option
from trioboard.core.exitcodes import ExitCode

MAX_WEEKS = 520
"""The most weeks shown (ten years): a sparkline longer than that says nothing more."""


def _weeks(text: str) -> int:
    weeks = positive(text)
    if weeks > MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_WEEKS} weeks, not {text!r}")
    return weeks


def discovery_arguments(parser: argparse.ArgumentParser) -> None:
    from trioboard.core.discovery import DEFAULT_WEEKS
    from trioboard.report.discovery_report import FORMATS

    parser.add_argument(
        "--weeks", type=_weeks, default=DEFAULT_WEEKS, metavar="N", help=f"weeks shown (default: {DEFAULT_WEEKS})"
    )
    parser.add_argument("--team", metavar="T", help="only this team")
    today_option(parser)
    parser.add_argument("--format", choices=list(FORMATS), default="text", help="output format (default: text)")
    parser.add_argument("--board", metavar="BOARD", help="board directory (default: found from here)")


def run_discovery(args: argparse.Namespace) -> int:
    """Print the board's discovery: exit 0 (it reports; `check` gates)."""
    from trioboard.core.discovery import discovery
    from trioboard.report.discovery_report import FORMATS
    from trioboard.workspace import Workspace

    root = find_board_dir(args.board)
    today = args.today or date.today()
    board = Workspace(root).board()  # the cadence needs the board as written, not its findings
    keep_for_good()
    if args.team is not None and not any(team.id == args.team for team in board.teams):
        raise UsageError(f"no team '{args.team}' on this board")
    view = discovery(board, today, weeks=args.weeks, team=args.team)
    sys.stdout.write(FORMATS[args.format](view, board.name))
    return ExitCode.OK
