"""Opening a board: the TUI (no command), `serve` for a browser, `init` and `demo` to make one."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from trioboard.cli.common import PROG, Parser, UsageError, find_board_dir, port, positive, seconds
from trioboard.core.exitcodes import ExitCode


def init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument("dir", metavar="DIR")
    init.add_argument("--name", help="the board's display name (default: from DIR)")
    init.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")


def demo_arguments(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("--into", metavar="DIR", help="where to put it (default: a new temporary directory)")


def serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("board", nargs="?", metavar="BOARD", help="board directory (default: found from here)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    serve.add_argument("--read-only", action="store_true", help="serve the board for review, with no way to change it")
    serve.add_argument(
        "--max-visitors", type=positive, default=8, metavar="N", help="at most N apps at once (default: 8)"
    )
    serve.add_argument("--token-file", metavar="FILE", help="read the token from FILE instead of making a random one")


def _open_parser() -> argparse.ArgumentParser:
    from trioboard.cli import COMMANDS

    parser = Parser(
        prog=PROG,
        description=f"Open a board in the TUI. Commands: {', '.join(c.name for c in COMMANDS if c.help)} "
        "('trioboard COMMAND --help').",
    )
    parser.add_argument("board", nargs="?", metavar="BOARD", help="board directory (default: found from here)")
    parser.add_argument("--read-only", action="store_true", help="review the board with no way to change it")
    parser.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit edits as this person")
    parser.add_argument(
        "--sync-every",
        type=seconds,
        metavar="SECONDS",
        help="sync with the upstream in the background this often (as 'trioboard sync')",
    )
    # `trioboard serve` runs each visitor's app with this: ask who is planning, commit as them, recorded by it.
    parser.add_argument("--committer", help=argparse.SUPPRESS)
    return parser


def open_tui(args_list: list[str]) -> int:
    args = _open_parser().parse_args(args_list)
    root = find_board_dir(args.board)
    if args.author is not None:
        from trioboard.core.errors import NoIdentity
        from trioboard.workspace import check_author

        try:
            check_author(args.author)
        except NoIdentity as exc:
            raise UsageError(str(exc)) from None
    if args.committer is not None:
        from trioboard.tui.identity import run_visitor

        run_visitor(root, committer=args.committer, read_only=args.read_only)
        return ExitCode.OK
    from trioboard.workspace import Workspace

    # Nothing on the way to the first frame frees memory: the collector
    # would only rescan the imports and the board (the app restarts it).
    gc.disable()
    workspace = Workspace(root, args.author)
    workspace.read_ahead()  # before the imports below: they are what it overlaps
    from trioboard.tui.app import run

    return run(root, read_only=args.read_only, sync_every=args.sync_every, workspace=workspace)


def run_serve(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.serve import guard

    root = find_board_dir(args.board)
    committer = None
    if not args.read_only:
        try:
            committer = workspace.git_user(root)
        except Exception as exc:  # noqa: BLE001 - NoIdentity or any git failure: say it on one line
            raise UsageError(f"the server commits for its visitors as its own git user: {exc}") from None
    try:
        token = guard.read_token(Path(args.token_file)) if args.token_file else guard.new_token()
    except guard.BadToken as exc:
        raise UsageError(str(exc)) from None
    if args.host not in guard.LOCAL_HOSTS:
        can = "read" if args.read_only else "edit"
        print(
            f"{PROG}: warning: serving on {args.host}: anyone who can reach this address and has the link "
            f"can {can} the board (an ssh tunnel to 127.0.0.1 is safer)",
            file=sys.stderr,
        )
    from trioboard.serve.server import Settings, serve

    settings = Settings(
        root=root,
        board_name=workspace.load(root).board.name,
        host=args.host,
        port=args.port,
        token=token,
        max_visitors=args.max_visitors,
        read_only=args.read_only,
        committer=committer,
    )
    try:
        serve(settings)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return ExitCode.OK


def run_init(args: argparse.Namespace) -> int:
    from trioboard.workspace import scaffold

    try:
        board, short = scaffold.init_board(Path(args.dir), args.name, args.author)
    except scaffold.SetupError as exc:
        raise UsageError(str(exc)) from None
    print(f"{short} Create board {board}")
    return ExitCode.OK


def run_demo(args: argparse.Namespace) -> int:
    from trioboard.workspace import scaffold

    try:
        root = scaffold.make_demo(Path(args.into) if args.into else None)
    except scaffold.SetupError as exc:
        raise UsageError(str(exc)) from None
    print(f"The demo board is in {root} (a git repository of its own).", file=sys.stderr)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw in (a script, CI): say what is there instead.
        print(f"Open it with: trioboard {root}\nWhat 'trioboard check' finds on it:\n", file=sys.stderr)
        from trioboard.cli.board_commands import check

        check(
            argparse.Namespace(
                board=str(root),
                board_option=None,
                format="text",
                fail_on="error",
                since=None,
                also_write=[],
                today=None,
            )
        )
        return ExitCode.OK
    from trioboard.tui.app import run

    return run(root)
