"""The command line (SPEC section 5): a thin layer over the workspace.

stdout carries only data (reports, hashes); every diagnostic goes to stderr
as one line, `trioboard: error: …`. Heavy modules (git, the TUI) are
imported by the commands that need them, so `check` in CI stays light.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from trioboard.core.text import plural
from trioboard.core.vocabulary import Horizon, MergeSide, Status, TrioRole
from trioboard.exitcodes import ExitCode

if TYPE_CHECKING:
    from trioboard.core.edits import Operation
    from trioboard.core.findings import Finding

PROG = "trioboard"
FAIL_ON = ("error", "warning", "info")
DIFF_FORMATS = ("text", "markdown", "json")
EXPORT_FORMATS = ("mermaid", "dot", "json", "csv")
WORKTREE = "WORKTREE"
"""How the working tree is named where a revision would be."""


class UsageError(Exception):
    """Bad arguments, or a command that cannot run: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


@dataclass(frozen=True, slots=True)
class Command:
    """One `trioboard COMMAND`: declared here once, in `COMMANDS`."""

    name: str
    help: str
    """One line for `--help`; empty for a command people do not type (git runs it)."""
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str | None = None


def _board_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--board", metavar="BOARD", help="board directory (default: found from here)")


def _check_arguments(check: argparse.ArgumentParser) -> None:
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


def _diff_arguments(diff: argparse.ArgumentParser) -> None:
    diff.add_argument("revs", nargs="*", metavar="REV")
    _board_option(diff)
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default: text)")


def _log_arguments(log: argparse.ArgumentParser) -> None:
    _board_option(log)
    log.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    log.add_argument("-n", dest="limit", type=_positive, metavar="N", help="show at most N commits")
    log.add_argument(
        "range", nargs="*", metavar="REVISION_RANGE", help="what git log takes: main..plan-q3, a branch (default HEAD)"
    )
    log.add_argument(
        "--first-parent", action="store_true", help="follow only the first parent of merges, as git log does"
    )


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--team", metavar="T", help="only this team's items and outcomes, and what they link to")
    _board_option(export)


def _merge_file_arguments(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("base", metavar="BASE")
    merge.add_argument("ours", metavar="OURS")
    merge.add_argument("theirs", metavar="THEIRS")
    merge.add_argument("path", nargs="?", metavar="PATH", help="the file's path in the repository (git's %%P)")


def _sync_arguments(sync: argparse.ArgumentParser) -> None:
    _board_option(sync)
    sync.add_argument("--remote", metavar="R", help="sync with this remote (default: the branch's upstream)")
    sides = tuple(side.word for side in MergeSide)
    sync.add_argument("--prefer", choices=sides, help="settle every conflict of this sync this way")
    sync.add_argument("--no-push", dest="push", action="store_false", help="integrate only; publish nothing")
    sync.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")


def _textconv_arguments(textconv: argparse.ArgumentParser) -> None:
    textconv.add_argument("file")


def _init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument("dir", metavar="DIR")
    init.add_argument("--name", help="the board's display name (default: from DIR)")
    init.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")


def _demo_arguments(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("--into", metavar="DIR", help="where to put it (default: a new temporary directory)")


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("board", nargs="?", metavar="BOARD", help="board directory (default: found from here)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    serve.add_argument("--read-only", action="store_true", help="serve the board for review, with no way to change it")
    serve.add_argument(
        "--max-visitors", type=_positive, default=8, metavar="N", help="at most N apps at once (default: 8)"
    )
    serve.add_argument("--token-file", metavar="FILE", help="read the token from FILE instead of making a random one")


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `only` that one.

    Building one command's arguments may import what it needs (check's
    formats import the analysis): `merge-file`, run by git once per file,
    should not pay for `check`.
    """
    parser = _Parser(
        prog=PROG,
        description="Keep a roadmap tied to company strategy: goals → outcomes → roadmap items.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        if only is not None and command.name != only:
            continue
        if command.help:
            one = sub.add_parser(command.name, help=command.help, description=command.description)
        else:
            one = sub.add_parser(command.name)
        command.arguments(one)
        one.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if not args_list or args_list[0] not in _commands() | {"-h", "--help"}:
            return _open_tui(args_list)
        args = _parser(args_list[0] if args_list[0] in _commands() else None).parse_args(args_list)
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
    except (ImportError, FileNotFoundError):
        # GitPython refuses to import, and subprocess cannot start git, when git is not installed.
        import shutil

        if shutil.which("git") is None:
            return _fail("git was not found on PATH; this command needs git installed")
        raise


def _commands() -> set[str]:
    return {command.name for command in COMMANDS}


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return ExitCode.CANNOT_RUN


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=f"Open a board in the TUI. Commands: {', '.join(c.name for c in COMMANDS if c.help)} "
        "('trioboard COMMAND --help').",
    )
    parser.add_argument("board", nargs="?", metavar="BOARD", help="board directory (default: found from here)")
    parser.add_argument("--read-only", action="store_true", help="review the board with no way to change it")
    parser.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit edits as this person")
    parser.add_argument(
        "--sync-every",
        type=_seconds,
        metavar="SECONDS",
        help="sync with the upstream in the background this often (as 'trioboard sync')",
    )
    # `trioboard serve` runs each visitor's app with this: ask who is planning, commit as them, recorded by it.
    parser.add_argument("--committer", help=argparse.SUPPRESS)
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"expected a number of seconds from 1 to 86400, not {text!r}")
    return value


def _open_tui(args_list: list[str]) -> int:
    args = _open_parser().parse_args(args_list)
    root = _find_board(args.board)
    if args.author is not None:
        from trioboard.workspace import NoIdentity, parse_author

        try:
            parse_author(args.author)
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


def _serve(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.serve import guard

    root = _find_board(args.board)
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
    if args.host not in ("127.0.0.1", "localhost", "::1"):
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


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return value


def _find_board(arg: str | None) -> Path:
    from trioboard.workspace import BoardNotFound, find_board

    try:
        return find_board(arg, Path.cwd())
    except BoardNotFound as exc:
        raise UsageError(str(exc)) from None


def _check(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.findings import Severity, new_findings
    from trioboard.report.formats import FORMATS
    from trioboard.report.summary import CheckReport, Since, summarise

    started = time.perf_counter()
    if args.board is not None and args.board_option is not None:
        raise UsageError("name the board once: BOARD or --board, not both")
    root = _find_board(args.board if args.board is not None else args.board_option)
    state = workspace.load(root)
    findings = state.findings
    since = None
    if args.since is not None:
        findings = new_findings(findings, _findings_at(root, args.since))
        since = Since(args.since, len(state.findings) - len(findings))
    report = CheckReport(
        root=root,
        board=state.board,
        findings=findings,
        summary=summarise(state, findings, since),
        cwd=Path.cwd(),
        fail_on=Severity(args.fail_on),
        seconds=time.perf_counter() - started,
        colour=_colour(sys.stdout),
    )
    chosen = FORMATS[args.format]
    out = chosen.render(report)
    # Every output is rendered before any is written: a run that fails writes no file at all.
    extra = [(path, FORMATS[name].render(replace(report, colour=False))) for name, path in args.also_write]
    for path, text in extra:
        _write_whole(path, text)
    sys.stdout.write(out)
    sys.stdout.flush()
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen.step_summary is not None and step_summary:
        _append(Path(step_summary), chosen.step_summary(report))
    return ExitCode.FINDINGS if report.failed else ExitCode.OK


def _write_whole(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a reader never sees half a report).

    A device, a pipe or a symlink (`/dev/stdout`, a FIFO) is written into,
    never replaced by a file.
    """
    import tempfile

    target = path if path.is_absolute() else Path.cwd() / path
    if target.is_symlink() or (target.exists() and not target.is_file()):
        try:
            with target.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def _append(path: Path, text: str) -> None:
    """Append to a file GitHub gave us (the job summary); a failure to write is said, not fatal."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"{PROG}: warning: could not write the job summary to {path}: {exc.strerror}", file=sys.stderr)


def _findings_at(root: Path, rev: str) -> list[Finding]:
    """The findings of the board as it was at `rev` (none if it did not exist)."""
    from trioboard import workspace

    try:
        sources = workspace.board_sources_at(root, rev)
    except workspace.GitError as exc:
        raise UsageError(f"--since needs git: {exc}") from None
    if sources is None:
        return []
    return workspace.state_from_sources(root, sources).findings


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


def _diff(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.core.diff import diff
    from trioboard.report.paths import user_dir
    from trioboard.workspace import GitError, merge_base

    rev_from, rev_to, from_base = parse_revs(args.revs)
    root = _find_board(args.board)
    label_from = rev_from
    try:
        if from_base and rev_to is not None:
            rev_from = merge_base(root, rev_from, rev_to)
            label_from = rev_from[:7]
        history = workspace.board_history(root)
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
    board = user_dir(root, cwd)
    if args.format == "json":
        from trioboard.report import diff_json

        out = diff_json.render(result, label_from, label_to, root, cwd)
    elif args.format == "markdown":
        from trioboard.report import diff_markdown

        name = after.board.name or before.board.name or board
        out = diff_markdown.render(result, name, label_from, label_to, root, cwd)
    else:
        from trioboard.report import diff_text

        out = diff_text.render(result, board, label_from, label_to, root, cwd)
    sys.stdout.write(out)
    return ExitCode.OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def _log(args: argparse.Namespace) -> int:
    from trioboard.report import log_report
    from trioboard.workspace import GitError, board_log

    root = _find_board(args.board)
    try:
        entries = board_log(root, args.limit, args.range, first_parent=args.first_parent)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        sys.stdout.write(log_report.render_json(entries))
    else:
        sys.stdout.write(log_report.render_text(entries))
    return ExitCode.OK


def _export(args: argparse.Namespace) -> int:
    from trioboard import workspace
    from trioboard.report import export_data, export_graph, strategy_map

    root = _find_board(args.board)
    state = workspace.load(root)
    if args.team is not None and args.team not in {t.id for t in state.board.teams}:
        raise UsageError(f"the board has no team {args.team!r}")
    smap = strategy_map.build(state, args.team)
    render = {
        "mermaid": export_graph.mermaid,
        "dot": export_graph.dot,
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


def _install_git(args: argparse.Namespace) -> int:
    from trioboard.workspace import GitError, install_git

    root = _find_board(args.board)
    try:
        done = install_git(root)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    for line in done:
        print(line, file=sys.stderr)
    return ExitCode.OK


def _textconv(args: argparse.Namespace) -> int:
    from trioboard.report import outline
    from trioboard.workspace import parse_board_file as parse_source
    from trioboard.workspace import read_board_bytes as read_regular_file

    path = Path(args.file)
    try:
        data = read_regular_file(path)
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
    sys.stdout.buffer.write(outline.textconv(parse_source(path.name, data), data))
    return ExitCode.OK


def _merge_file(args: argparse.Namespace) -> int:
    from trioboard import workspace

    try:
        result = workspace.merge_file(Path(args.base), Path(args.ours), Path(args.theirs), args.path)
    except OSError as exc:
        raise UsageError(f"merge-file: {exc.filename or ''}: {exc.strerror}") from None
    for conflict in result.conflicts:
        print(f"{PROG}: conflict in {args.path or args.ours}: {conflict.describe()}", file=sys.stderr)
    return ExitCode.OK if result.clean else ExitCode.FINDINGS


def _sync(args: argparse.Namespace) -> int:
    from trioboard.core.edits import Refused
    from trioboard.report import sync_report
    from trioboard.workspace import GitError, SyncFailed, Workspace

    root = _find_board(args.board)
    space = Workspace(root, args.author)
    try:
        result = space.sync(args.remote, args.prefer, push=args.push)
    except Refused as exc:
        print(f"{PROG}: refused: {exc}", file=sys.stderr)
        return ExitCode.REFUSED
    except (SyncFailed, GitError) as exc:
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


@dataclass(frozen=True, slots=True)
class EditOperation:
    """One `trioboard edit OP`: its arguments and the edit they make, declared together once."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    build: Callable[[argparse.Namespace], Operation | None]
    """The edit the arguments describe; None for `undo`, which is not an edit of its own."""


def _id(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")


def _goal_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("--title", required=True)
    p.add_argument("--metric")
    p.add_argument("--target")
    p.add_argument("--owner")


def _team_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("--name", required=True)
    for role in TrioRole:
        p.add_argument(f"--{role}", metavar="NAME")


def _outcome_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("--team", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--goal", dest="goals", action="append", default=[], metavar="G")


def _item_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("--team", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--outcome", dest="outcomes", action="append", default=[], metavar="O")
    # Plain strings: argparse shows the choices with repr() when one is refused.
    p.add_argument("--horizon", choices=tuple(h.value for h in Horizon))
    p.add_argument("--status", choices=tuple(s.value for s in Status))
    p.add_argument("--depends-on", dest="depends_on", action="append", default=[], metavar="I")


def _set_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")


def _link_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")


def _move_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--team", required=True)


def _set_fields(args: argparse.Namespace) -> Operation:
    from trioboard.core import edits

    pairs = []
    for pair in args.pairs:
        key, eq, value = pair.partition("=")
        if not eq:
            raise UsageError(f"set takes KEY=VALUE pairs, not {pair!r}")
        pairs.append((key, value))
    return edits.SetFields(args.id, tuple(pairs))


def _edit_operations() -> tuple[EditOperation, ...]:
    """Every `trioboard edit` operation, in the order `--help` lists them."""
    from trioboard.core import edits

    return (
        EditOperation(
            "add-goal",
            "a company goal in board.yaml",
            _goal_arguments,
            lambda a: edits.AddGoal(a.id, a.title, a.metric, a.target, a.owner),
        ),
        EditOperation(
            "add-team",
            "a new team file, teams/ID.yaml",
            _team_arguments,
            lambda a: edits.AddTeam(a.id, a.name, a.product, a.design, a.engineering),
        ),
        EditOperation(
            "add-outcome",
            "an outcome of a team",
            _outcome_arguments,
            lambda a: edits.AddOutcome(a.id, a.team, a.title, tuple(a.goals)),
        ),
        EditOperation(
            "add-item",
            "a roadmap item of a team",
            _item_arguments,
            lambda a: edits.AddItem(a.id, a.team, a.title, tuple(a.outcomes), a.horizon, a.status, tuple(a.depends_on)),
        ),
        EditOperation(
            "set",
            "change fields: title, name, horizon, status, blocked, metric, target, owner, trio.ROLE, "
            "notes, and the lists tags, links, depends_on (comma-separated; empty removes)",
            _set_arguments,
            _set_fields,
        ),
        EditOperation(
            "link",
            "link FROM to TO: item → outcome, outcome → goal, item → item",
            _link_arguments,
            lambda a: edits.Link(a.source, a.target),
        ),
        EditOperation(
            "unlink",
            "remove the link from FROM to TO: item → outcome, outcome → goal, item → item",
            _link_arguments,
            lambda a: edits.Unlink(a.source, a.target),
        ),
        EditOperation(
            "move", "move an item to another team's file", _move_arguments, lambda a: edits.Move(a.item, a.team)
        ),
        EditOperation("rm", "remove a node and every link to it", _id, lambda a: edits.Remove(a.id)),
        EditOperation(
            "undo", "revert trioboard's last edit on this branch with a new commit", lambda p: None, lambda a: None
        ),
    )


def _edit_arguments(edit: argparse.ArgumentParser) -> None:
    common = _Parser(add_help=False)
    common.add_argument("--board", metavar="BOARD", default=argparse.SUPPRESS, help="board directory")
    common.add_argument("--author", metavar='"NAME <EMAIL>"', default=argparse.SUPPRESS, help="commit as this person")
    for action in common._actions:
        edit._add_action(action)
    ops = edit.add_subparsers(dest="op", metavar="OP", required=True, parser_class=_Parser)
    for operation in _edit_operations():
        parser = ops.add_parser(operation.name, help=operation.help, parents=[common])
        operation.arguments(parser)
        parser.set_defaults(build=operation.build)


def _edit(args: argparse.Namespace) -> int:
    from trioboard.core.edits import Refused
    from trioboard.workspace import GitError, Workspace

    root = _find_board(getattr(args, "board", None))
    space = Workspace(root, getattr(args, "author", None))
    try:
        operation = args.build(args)
        result = space.undo() if operation is None else space.edit(operation)
    except Refused as exc:
        print(f"{PROG}: refused: {exc}", file=sys.stderr)
        return ExitCode.REFUSED
    except GitError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        # A fault no layer below could name better: still one line, never a traceback.
        raise UsageError(f"{exc.filename or root}: {exc.strerror or exc}") from None
    if result.recovered:
        print(f"{PROG}: note: {result.recovered}", file=sys.stderr)
    print(f"{result.short} {result.message}")
    return ExitCode.OK


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
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw in (a script, CI): say what is there instead.
        print(f"Open it with: trioboard {root}\nWhat 'trioboard check' finds on it:\n", file=sys.stderr)
        _check(
            argparse.Namespace(
                board=str(root), board_option=None, format="text", fail_on="error", since=None, also_write=[]
            )
        )
        return ExitCode.OK
    from trioboard.tui.app import run

    return run(root)


COMMANDS = (
    Command("check", "check a board headless: findings, coverage, blocked teams", _check_arguments, _check),
    Command(
        "diff",
        "what changed in alignment between two revisions (default: HEAD and the working tree)",
        _diff_arguments,
        _diff,
        description="Compare the board at two git revisions: REV_A REV_B or REV_A..REV_B (the two as they are, "
        "as git diff does), REV_A...REV_B (REV_B against its merge base with REV_A, as a pull request shows it), "
        "one revision (against the working tree), or none (HEAD against the working tree).",
    ),
    Command("log", "the board's history: each commit's semantic summary and coverage after it", _log_arguments, _log),
    Command(
        "edit",
        "one edit, one commit: the TUI's edits for scripts",
        _edit_arguments,
        _edit,
        description="Make one change to the board and commit it. Exit 0: committed; 1: refused, "
        "nothing written; 2: could not run.",
    ),
    Command(
        "sync",
        "bring the branch up to date with its upstream and publish local commits, merging board files by node",
        _sync_arguments,
        _sync,
        description="Fetch, integrate the remote's commits with the local ones by the semantic merge, push. "
        "Exit 0: synced; 1: conflicts or refused, nothing changed; "
        "2: the remote cannot be reached or refused the push.",
    ),
    Command("export", "the strategy map: goals → outcomes → items", _export_arguments, _export),
    Command(
        "install-git",
        "make git diff show board files as an outline, and git merge merge them node by node",
        _board_option,
        _install_git,
    ),
    Command(
        "merge-file",
        "git's merge driver for board files: merge BASE, OURS and THEIRS node by node into OURS",
        _merge_file_arguments,
        _merge_file,
        description="Three-way merge of one board file, written to OURS (git calls it as %%O %%A %%B %%P). "
        "Exit 0: merged cleanly; 1: conflicts remain, marked as git marks them; 2: could not run.",
    ),
    Command("textconv", "", _textconv_arguments, _textconv),
    Command("init", "create an empty board in DIR and commit it", _init_arguments, _init),
    Command("demo", "copy the demo board into a fresh git repository and open it", _demo_arguments, _demo),
    Command(
        "serve",
        "the TUI in the browser for a remote trio: one app per visitor, behind a token",
        _serve_arguments,
        _serve,
        "Serve the board's TUI over HTTP: each visitor who has the link (it carries a token) "
        "gets their own app on the same board and commits as themselves.",
    ),
)
"""Every command, in the order `--help` lists them."""


def main_exit() -> None:
    """Console-script entry point: run and exit with the status."""
    sys.exit(main())
