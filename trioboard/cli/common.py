"""What every command shares: one-line errors, the argument types, the board it is about, safe output files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from trioboard.core.exitcodes import ExitCode

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


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"expected a number of seconds from 1 to 86400, not {text!r}")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return value


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
