"""What every command shares: one-line errors, the argument types, the board it is about, safe output files."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from trioboard.core.exitcodes import ExitCode
from trioboard.core.schema_values import calendar_date

PROG = "trioboard"


FAIL_ON = ("error", "warning", "info")


DIFF_FORMATS = ("text", "markdown", "json")


EXPORT_FORMATS = ("mermaid", "dot", "json", "csv")


WORKTREE = "WORKTREE"
"""How the working tree is named where a revision would be."""


class UsageError(Exception):
    """Bad arguments, or a command that cannot run: exit 2 with one line."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def board_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--board", metavar="BOARD", help="board directory (default: found from here)")


def fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return ExitCode.CANNOT_RUN


def find_board_dir(arg: str | None) -> Path:
    from trioboard.core.errors import BoardNotFound
    from trioboard.workspace import find_board

    try:
        return find_board(arg, Path.cwd())
    except BoardNotFound as exc:
        raise UsageError(str(exc)) from None


def _number_in(text: str, kind: type[int] | type[float], low: float, high: float, wanted: str) -> float:
    """`text` as a number from `low` to `high`, or the argparse error that says what was `wanted`."""
    try:
        value = kind(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"expected {wanted}, not {text!r}")
    return value


def positive(text: str) -> int:
    return int(_number_in(text, int, 1, float("inf"), "a whole number of 1 or more"))


def seconds(text: str) -> float:
    return _number_in(text, float, 1, 86400, "a number of seconds from 1 to 86400")


def port(text: str) -> int:
    try:
        return int(_number_in(text, int, 0, 65535, "a port number"))
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None


def calendar_day(text: str) -> date:
    """A date written YYYY-MM-DD, or the argparse error that says so."""
    day = calendar_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD, not {text!r}")
    return day


def today_option(parser: argparse.ArgumentParser) -> None:
    """`--today DATE`: judge the board as of that date (SPEC 10), for reproducible CI and tests."""
    parser.add_argument(
        "--today",
        type=calendar_day,
        metavar="DATE",
        help="judge the board as of this date, YYYY-MM-DD (default: the date of the run)",
    )


def keep_for_good() -> None:
    """Tell the garbage collector that what a one-shot command has read lives until it exits.

    The board is read with the collector paused; the first collections after
    it rescanned every node of it (a fifth of `check` on the L board, more
    with thousands of evidence files) only to find all of it still in use.
    """
    import gc

    gc.freeze()


def colour(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_whole(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a reader never sees half a report).

    A device, a pipe or a symlink (`/dev/stdout`, a FIFO) is written into,
    never replaced by a file.
    """
    from trioboard.workspace import write_output

    target = path if path.is_absolute() else Path.cwd() / path
    try:
        write_output(target, text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def append_summary(path: Path, text: str) -> None:
    """Append to a file GitHub gave us (the job summary); a failure to write is said, not fatal."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"{PROG}: warning: could not write the job summary to {path}: {exc.strerror}", file=sys.stderr)
