"""`trioboard edit OP`: the TUI's edits for scripts, one commit each, declared once in `edit_operations`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trioboard.cli.common import PROG, Parser, UsageError, find_board_dir
from trioboard.core.exitcodes import ExitCode
from trioboard.core.vocabulary import AssumptionKind, Horizon, Risk, Status, TrioRole

if TYPE_CHECKING:
    from trioboard.core.edits import Operation


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


def _opportunity_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("--team", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--outcome", dest="outcomes", action="append", default=[], metavar="O")
    p.add_argument("--parent", metavar="P", help="a broader opportunity this one sits under")


def _assume_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--text", required=True, help="what must be true for the item to work")
    p.add_argument("--kind", required=True, choices=tuple(k.value for k in AssumptionKind))
    p.add_argument("--risk", required=True, choices=tuple(r.value for r in Risk))
    p.add_argument("--test", metavar="T", help="how the trio will test it")


def _set_arguments(p: argparse.ArgumentParser) -> None:
    _id(p)
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")


def _link_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")


def _move_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", metavar="ID")
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
            "add-opportunity",
            "an opportunity of a team, serving outcomes, under a broader one",
            _opportunity_arguments,
            lambda a: edits.AddOpportunity(a.id, a.team, a.title, tuple(a.outcomes), a.parent),
        ),
        EditOperation(
            "add-item",
            "a roadmap item of a team",
            _item_arguments,
            lambda a: edits.AddItem(a.id, a.team, a.title, tuple(a.outcomes), a.horizon, a.status, tuple(a.depends_on)),
        ),
        EditOperation(
            "assume",
            "add an assumption to a roadmap item (untested)",
            _assume_arguments,
            lambda a: edits.Assume(a.item, a.text, a.kind, a.risk, a.test),
        ),
        EditOperation(
            "set",
            "change fields: title, name, horizon, status, blocked, metric, target, owner, trio.ROLE, "
            "parent (of an opportunity), notes, and the lists tags, links, depends_on (comma-separated; "
            "empty removes); an item's assumptions as assumptions.N.FIELD (N from 1; FIELD: text, kind, risk, test, "
            "result), and assumptions.N= removes one",
            _set_arguments,
            _set_fields,
        ),
        EditOperation(
            "link",
            "link FROM to TO: item → outcome, opportunity or item; opportunity → outcome or its parent; outcome → goal",
            _link_arguments,
            lambda a: edits.Link(a.source, a.target),
        ),
        EditOperation(
            "unlink",
            "remove the link from FROM to TO (as `link` makes them)",
            _link_arguments,
            lambda a: edits.Unlink(a.source, a.target),
        ),
        EditOperation(
            "move",
            "move an item or an opportunity to another team's file",
            _move_arguments,
            lambda a: edits.Move(a.item, a.team),
        ),
        EditOperation("rm", "remove a node and every link to it", _id, lambda a: edits.Remove(a.id)),
        EditOperation(
            "undo", "revert trioboard's last edit on this branch with a new commit", lambda p: None, lambda a: None
        ),
    )


def edit_arguments(edit: argparse.ArgumentParser) -> None:
    common = Parser(add_help=False)
    common.add_argument("--board", metavar="BOARD", default=argparse.SUPPRESS, help="board directory")
    common.add_argument("--author", metavar='"NAME <EMAIL>"', default=argparse.SUPPRESS, help="commit as this person")
    for action in common._actions:
        edit._add_action(action)
    ops = edit.add_subparsers(dest="op", metavar="OP", required=True, parser_class=Parser)
    for operation in _edit_operations():
        parser = ops.add_parser(operation.name, help=operation.help, parents=[common])
        operation.arguments(parser)
        parser.set_defaults(build=operation.build)


def run_edit(args: argparse.Namespace) -> int:
    from trioboard.core.errors import GitError, Refused
    from trioboard.workspace import Workspace

    root = find_board_dir(getattr(args, "board", None))
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
