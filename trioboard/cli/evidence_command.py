"""`trioboard evidence add`: record one customer touchpoint as a new evidence file, in one commit (SPEC 11).

The body comes from `--body FILE`, from stdin (`--body -`, or piped in with
no `--body`), or from `$EDITOR` when stdin is a terminal and there is no
`--body`. Exit status as `edit`: 0 committed, 1 refused (nothing written),
2 could not run.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.cli.common import PROG, Parser, UsageError, calendar_day, find_board_dir
from trioboard.core.exitcodes import ExitCode
from trioboard.core.vocabulary import MAX_EVIDENCE_BODY, EvidenceKind

if TYPE_CHECKING:
    from trioboard.core.evidence_draft import EvidenceDraft

MAX_BODY_BYTES = 4 * MAX_EVIDENCE_BODY + 4
"""A body file larger than this holds more than `MAX_EVIDENCE_BODY` characters, however it is encoded."""


def evidence_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    add = actions.add_parser("add", help="record a customer touchpoint as a new evidence file, and commit it")
    add.add_argument("--team", required=True, metavar="T", help="the team that met the customer")
    add.add_argument("--kind", required=True, choices=[k.value for k in EvidenceKind], help="what kind of touchpoint")
    add.add_argument("--customer", required=True, metavar="C", help="the customer's pseudonym (buyer-7), never a name")
    add.add_argument("--with", dest="with_", action="append", default=[], metavar="NAME", help="who took part")
    add.add_argument("--segment", metavar="S", help="the customer's segment")
    add.add_argument("--supports", action="append", default=[], metavar="ID", help="an opportunity or item it backs")
    add.add_argument("--challenges", action="append", default=[], metavar="ID", help="one it speaks against")
    add.add_argument("--date", type=calendar_day, metavar="D", help="YYYY-MM-DD (default: today)")
    add.add_argument("--body", metavar="FILE|-", help="the notes: a file, or - for stdin (default: $EDITOR)")
    add.add_argument("--board", metavar="BOARD", help="board directory (default: found from here)")
    add.add_argument("--author", metavar='"NAME <EMAIL>"', help="commit as this person")


def run_evidence(args: argparse.Namespace) -> int:
    """Record one touchpoint: read the body, then write and commit the file."""
    from trioboard.core.errors import GitError, Refused
    from trioboard.core.evidence_draft import EvidenceDraft
    from trioboard.workspace import Workspace, add_evidence

    root = find_board_dir(args.board)
    space = Workspace(root, args.author)
    draft = EvidenceDraft(
        team=args.team,
        kind=args.kind,
        customer=args.customer,
        date=args.date or date.today(),
        with_=tuple(args.with_),
        segment=args.segment,
        supports=tuple(args.supports),
        challenges=tuple(args.challenges),
    )
    try:
        draft = _with_body(draft, args.body)
        result = add_evidence(space, draft)
    except Refused as exc:
        print(f"{PROG}: refused: {exc}", file=sys.stderr)
        return ExitCode.REFUSED
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if result.recovered:
        print(f"{PROG}: note: {result.recovered}", file=sys.stderr)
    print(f"{result.short} {result.message}")
    return ExitCode.OK


def _with_body(draft: EvidenceDraft, body: str | None) -> EvidenceDraft:
    """The draft with its body, from where the arguments say."""

    if body == "-" or (body is None and not sys.stdin.isatty()):
        text = _decode(sys.stdin.buffer.read(MAX_BODY_BYTES + 1), "stdin")
    elif body is None:
        text = _from_editor()
    else:
        text = _decode(_read_body_file(Path(body)), body)
    return replace(draft, body=text)


def _read_body_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BODY_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None


def _decode(data: bytes, where: str) -> str:
    from trioboard.core.errors import Refused

    if len(data) > MAX_BODY_BYTES:
        raise Refused(f"the body in {where} is longer than {MAX_EVIDENCE_BODY:,} characters; nothing was written")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(f"the body in {where} is not UTF-8 (byte {exc.start + 1}); nothing was written") from None


def _from_editor() -> str:
    """The body as written in `$VISUAL` or `$EDITOR` (on a temporary file, removed after)."""
    from trioboard.workspace import notes_from_editor

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise UsageError("no --body and no $EDITOR to write the notes in; pass --body FILE or --body -")
    try:
        data = notes_from_editor(command, MAX_BODY_BYTES)
    except OSError as exc:
        raise UsageError(str(exc)) from None
    return _decode(data, "the editor")
