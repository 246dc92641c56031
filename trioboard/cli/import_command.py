"""`trioboard import csv FILE`: a roadmap that already exists (Jira, Linear, a spreadsheet) as one commit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trioboard.cli.common import PROG, UsageError, find_board_dir
from trioboard.core.exitcodes import ExitCode

DESCRIPTION = (
    "Read a CSV export and add its teams, outcomes and roadmap items (with horizon, status and dependencies) "
    "to the board in ONE commit; print what it made and what it could not map. Presets read Jira's "
    "'Export → CSV (all fields)' and Linear's 'Export CSV'; --map reads any spreadsheet. Fields: title "
    "(required), id, key, kind, team, status, horizon, sprint, outcome, depends_on, blocks, owner, tags. "
    "Exit 0: committed (or planned, with --dry-run); 1: the board refuses it (an id already taken, "
    "uncommitted changes), nothing written; 2: the file cannot be imported (not UTF-8, no title column, "
    "a key twice) or the command cannot run, nothing written."
)


def import_arguments(parser: argparse.ArgumentParser) -> None:
    from trioboard.core.importing import PRESETS, Field

    parser.add_argument("format", choices=("csv",), help="the file's format (csv)")
    parser.add_argument("file", metavar="FILE", type=Path, help="the exported file (UTF-8)")
    parser.add_argument("--preset", choices=tuple(PRESETS), help="the tool that exported it: its column names")
    parser.add_argument(
        "--map",
        dest="maps",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"read COLUMN as FIELD (one of {', '.join(f.value for f in Field)}); wins over the preset",
    )
    parser.add_argument("--team", metavar="T", help="put every item in team T (made when it does not exist)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and write nothing")
    parser.add_argument("--board", metavar="BOARD", help="board directory (default: found from here)")
    parser.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")


def run_import(args: argparse.Namespace) -> int:
    from trioboard.core.errors import GitError, Refused
    from trioboard.core.importing import BadFile, Taken
    from trioboard.workspace import Workspace
    from trioboard.workspace.importing import import_csv

    space = Workspace(find_board_dir(args.board), args.author)
    try:
        result = import_csv(space, args.file, preset=args.preset, maps=args.maps, team=args.team, dry_run=args.dry_run)
    except BadFile as exc:
        raise UsageError(str(exc)) from None
    except (Refused, Taken) as exc:
        print(f"{PROG}: refused: {exc}", file=sys.stderr)
        return ExitCode.REFUSED
    except GitError as exc:
        raise UsageError(str(exc)) from None
    imported = result.imported
    out = sys.stdout
    for team in imported.teams:
        out.write(f"+ team {team.id}: {team.name}\n")
    for outcome in imported.outcomes:
        out.write(f"+ outcome {outcome.id} ({outcome.team}): {outcome.title}\n")
    for item in imported.items:
        facts = [item.team, item.horizon or "later", item.status or "planned"]
        facts += [f"serves {', '.join(item.outcomes)}"] if item.outcomes else []
        facts += [f"needs {', '.join(item.depends_on)}"] if item.depends_on else []
        out.write(f"+ item {item.id} ({'; '.join(facts)}): {item.title}\n")
    for line in imported.unmapped:
        out.write(f"? {line}\n")
    if result.commit is None:
        print(f"{PROG}: dry run: nothing written ({result.message})", file=sys.stderr)
        return ExitCode.OK
    if result.commit.recovered:
        print(f"{PROG}: note: {result.commit.recovered}", file=sys.stderr)
    out.write(f"{result.commit.short} {result.commit.message}\n")
    return ExitCode.OK
