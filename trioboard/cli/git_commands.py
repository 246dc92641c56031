"""The commands that work with git: sync with the remote, and what git itself runs (merge-file, textconv)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trioboard.cli.common import PROG, UsageError, board_option, find_board_dir, positive
from trioboard.core.exitcodes import ExitCode
from trioboard.core.text import plural
from trioboard.core.vocabulary import MergeSide


def sync_arguments(sync: argparse.ArgumentParser) -> None:
    board_option(sync)
    sync.add_argument("--remote", metavar="R", help="sync with this remote (default: the branch's upstream)")
    sides = tuple(side.word for side in MergeSide)
    sync.add_argument("--prefer", choices=sides, help="settle every conflict of this sync this way")
    sync.add_argument("--no-push", dest="push", action="store_false", help="integrate only; publish nothing")
    sync.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")


def merge_file_arguments(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("base", metavar="BASE")
    merge.add_argument("ours", metavar="OURS")
    merge.add_argument("theirs", metavar="THEIRS")
    merge.add_argument("path", nargs="?", metavar="PATH", help="the file's path in the repository (git's %%P)")
    merge.add_argument(
        "--marker-size", type=positive, default=None, metavar="N", help="conflict markers' length (git's %%L)"
    )
    merge.add_argument("--ours-label", metavar="LABEL", help="git's name for OURS (%%X), shown in conflict markers")
    merge.add_argument("--theirs-label", metavar="LABEL", help="git's name for THEIRS (%%Y), shown in conflict markers")


def _given(label: str | None, placeholder: str) -> str | None:
    """A label git gave; None when it gave none (git before 2.44 passes `%X` as it is)."""
    return None if not label or label == placeholder else label


def textconv_arguments(textconv: argparse.ArgumentParser) -> None:
    textconv.add_argument("file")


def run_sync(args: argparse.Namespace) -> int:
    from trioboard.core.errors import GitError, Refused, RemoteFailed
    from trioboard.report import sync_report
    from trioboard.workspace import Workspace

    root = find_board_dir(args.board)
    space = Workspace(root, args.author)
    try:
        result = space.sync(args.remote, args.prefer, push=args.push)
    except Refused as exc:
        print(f"{PROG}: refused: {exc}", file=sys.stderr)
        return ExitCode.REFUSED
    except (RemoteFailed, GitError) as exc:
        raise UsageError(str(exc)) from None
    if result.recovered:
        print(f"{PROG}: note: {result.recovered}", file=sys.stderr)
    if result.stopped:
        for conflict in result.conflicts:
            print(sync_report.conflict_line(conflict))
        count = len(result.conflicts)
        print(
            f"{PROG}: refused: {plural(count, 'conflict')} with {result.upstream}; "
            f"nothing was changed; {sync_report.WAY_OUT}",
            file=sys.stderr,
        )
        return ExitCode.REFUSED
    sys.stdout.write(sync_report.render(result, root, Path.cwd()))
    return ExitCode.OK


def run_install_git(args: argparse.Namespace) -> int:
    from trioboard.core.errors import GitError
    from trioboard.workspace import install_git

    root = find_board_dir(args.board)
    try:
        done = install_git(root)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    for line in done:
        print(line, file=sys.stderr)
    return ExitCode.OK


def run_merge_file(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.errors import NotAFile

    given = (_given(args.ours_label, "%X"), _given(args.theirs_label, "%Y"))
    try:
        files = (Path(args.base), Path(args.ours), Path(args.theirs))
        result = workspace.merge_file(*files, args.path, given, args.marker_size)
    except NotAFile as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"merge-file: {exc.filename or ''}: {exc.strerror}") from None
    for conflict in result.conflicts:
        print(f"{PROG}: conflict in {args.path or args.ours}: {conflict.describe()}", file=sys.stderr)
    return ExitCode.OK if result.clean else ExitCode.FINDINGS


def run_textconv(args: argparse.Namespace) -> int:
    from trioboard.report import outline
    from trioboard.workspace import read_for_outline

    path = Path(args.file)
    try:
        source, data = read_for_outline(path)
    except Exception as exc:  # noqa: BLE001 - git shows whatever we print: say why rather than fail the diff
        # Too large to be a board file (or not one at all): its bytes as they are, so the diff hides nothing.
        if not path.is_file():
            sys.stdout.write(f"(trioboard could not read this file: {exc})\n")
            return ExitCode.OK
        sys.stdout.flush()
        with path.open("rb") as raw:
            while chunk := raw.read(1 << 20):
                sys.stdout.buffer.write(chunk)
        return ExitCode.OK
    sys.stdout.flush()
    sys.stdout.buffer.write(outline.textconv(source, data))
    return ExitCode.OK
