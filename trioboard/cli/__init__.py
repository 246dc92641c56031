"""The command line (SPEC section 5): a thin layer over the workspace, one `COMMANDS` table.

stdout carries only data (reports, hashes); every diagnostic goes to stderr
as one line, `trioboard: error: …`. Heavy modules (git, the TUI) are
imported by the commands that need them, so `check` in CI stays light.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trioboard.cli.board_commands import (
    check,
    check_arguments,
    diff_arguments,
    export_arguments,
    log_arguments,
    run_diff,
    run_export,
    run_log,
)
from trioboard.cli.common import PROG, Parser, UsageError, board_option, fail
from trioboard.cli.discovery_command import discovery_arguments, run_discovery
from trioboard.cli.edit_commands import edit_arguments, run_edit
from trioboard.cli.evidence_command import evidence_arguments, run_evidence
from trioboard.cli.git_commands import (
    merge_file_arguments,
    run_install_git,
    run_merge_file,
    run_sync,
    run_textconv,
    sync_arguments,
    textconv_arguments,
)
from trioboard.cli.import_command import DESCRIPTION as IMPORT_DESCRIPTION
from trioboard.cli.import_command import import_arguments, run_import
from trioboard.cli.lsp_command import lsp_arguments, run_lsp
from trioboard.cli.open_commands import (
    demo_arguments,
    init_arguments,
    open_tui,
    run_demo,
    run_init,
    run_serve,
    serve_arguments,
)
from trioboard.cli.reference_commands import explain_arguments, run_explain, run_schema, schema_arguments
from trioboard.core.exitcodes import ExitCode


@dataclass(frozen=True, slots=True)
class Command:
    """One `trioboard COMMAND`: declared here once, in `COMMANDS`."""

    name: str
    help: str
    """One line for `--help`; empty for a command people do not type (git runs it)."""
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str | None = None


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `only` that one.

    Building one command's arguments may import what it needs (check's
    formats import the analysis): `merge-file`, run by git once per file,
    should not pay for `check`.
    """
    parser = Parser(
        prog=PROG,
        description="Keep a roadmap tied to company strategy: goals → outcomes → roadmap items.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
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
            return open_tui(args_list)
        args = _parser(args_list[0] if args_list[0] in _commands() else None).parse_args(args_list)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except UsageError as exc:
        return fail(str(exc))
    except BrokenPipeError:
        # `trioboard check | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except KeyboardInterrupt:
        return 130
    except FileNotFoundError:
        # subprocess cannot start git when git is not installed: say so, not a traceback.
        import shutil

        if shutil.which("git") is None:
            return fail("git was not found on PATH; this command needs git installed")
        raise


def _commands() -> set[str]:
    return {command.name for command in COMMANDS}


COMMANDS = (
    Command("check", "check a board headless: findings, coverage, blocked teams", check_arguments, check),
    Command(
        "diff",
        "what changed in alignment between two revisions (default: HEAD and the working tree)",
        diff_arguments,
        run_diff,
        description="Compare the board at two git revisions: REV_A REV_B or REV_A..REV_B (the two as they are, "
        "as git diff does), REV_A...REV_B (REV_B against its merge base with REV_A, as a pull request shows it), "
        "one revision (against the working tree), or none (HEAD against the working tree).",
    ),
    Command("log", "the board's history: each commit's semantic summary and coverage after it", log_arguments, run_log),
    Command(
        "edit",
        "one edit, one commit: the TUI's edits for scripts",
        edit_arguments,
        run_edit,
        description="Make one change to the board and commit it. Exit 0: committed; 1: refused, "
        "nothing written; 2: could not run.",
    ),
    Command(
        "evidence",
        "record a customer touchpoint as a new evidence file, in one commit",
        evidence_arguments,
        run_evidence,
        description="evidence add: write evidence/<date>-<team>-<customer>.md (never over another) and commit it. "
        "Exit 0: committed; 1: refused, nothing written; 2: could not run.",
    ),
    Command(
        "discovery",
        "the trio's cadence: touchpoints per team and week, who took part, the evidence behind opportunities",
        discovery_arguments,
        run_discovery,
    ),
    Command(
        "import",
        "bring a roadmap that already exists (Jira, Linear, a spreadsheet) in from CSV, as one commit",
        import_arguments,
        run_import,
        description=IMPORT_DESCRIPTION,
    ),
    Command(
        "sync",
        "bring the branch up to date with its upstream and publish local commits, merging board files by node",
        sync_arguments,
        run_sync,
        description="Fetch, integrate the remote's commits with the local ones by the semantic merge, push. "
        "Exit 0: synced; 1: conflicts or refused, nothing changed; "
        "2: the remote cannot be reached or refused the push.",
    ),
    Command(
        "export",
        "the strategy map: goals → outcomes → (opportunities →) items, or with --tree ost the opportunity tree",
        export_arguments,
        run_export,
    ),
    Command(
        "install-git",
        "make git diff show board files as an outline, and git merge merge them node by node",
        board_option,
        run_install_git,
    ),
    Command(
        "merge-file",
        "git's merge driver for board files: merge BASE, OURS and THEIRS node by node into OURS",
        merge_file_arguments,
        run_merge_file,
        description="Three-way merge of one board file, written to OURS (git calls it as %%O %%A %%B %%P). "
        "Exit 0: merged cleanly; 1: conflicts remain, marked as git marks them; 2: could not run.",
    ),
    Command("textconv", "", textconv_arguments, run_textconv),
    Command(
        "schema",
        "print the JSON Schema of board.yaml, a team file or an evidence file, for editors",
        schema_arguments,
        run_schema,
    ),
    Command(
        "explain",
        "what a rule finds, why, and how to fix or silence it; the rules without RULE",
        explain_arguments,
        run_explain,
    ),
    Command("init", "create an empty board in DIR and commit it", init_arguments, run_init),
    Command("demo", "copy the demo board into a fresh git repository and open it", demo_arguments, run_demo),
    Command(
        "serve",
        "the TUI in the browser for a remote trio: one app per visitor, behind a token",
        serve_arguments,
        run_serve,
        "Serve the board's TUI over HTTP: each visitor who has the link (it carries a token) "
        "gets their own app on the same board and commits as themselves.",
    ),
    Command("lsp", "a language server for board files in your editor (LSP over stdio)", lsp_arguments, run_lsp),
)
"""Every command, in the order `--help` lists them."""


def main_exit() -> None:
    """Console-script entry point: run and exit with the status."""
    sys.exit(main())
