"""The dates the Impact rules judge by (SPEC 10): a revision's own date, and node dates from git.

`diff` and `log` judge each revision at its commit date, so history never
changes after the fact; `stale-measure` and `impact-unreviewed` need to know
when a measured goal or outcome appeared and when an item became done,
which only git knows. Git is asked only about the nodes those rules would
judge (usually none), so reading a board without measures costs nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.core.model import Board
from trioboard.core.rules.impact_unreviewed import awaiting_actual
from trioboard.core.rules.stale_measure import awaiting_current


def with_dates(root: Path, board: Board, rev: str = "HEAD") -> Board:
    """`board` with `appeared` and `done_on` filled from git as of `rev`, for the nodes that need them.

    Outside git, or for a node git has not seen (not committed yet), the
    dates stay unknown: the rules then take today.
    """
    ids = awaiting_current(board)
    items = awaiting_actual(board)
    if not ids and not items:
        return board
    from trioboard.store.git import node_dates
    from trioboard.store.git.repository import locate

    try:
        where = locate(root)
    except GitError:
        return board
    board.appeared = node_dates.first_seen(where, ids, rev) if ids else {}
    board.done_on = node_dates.done_since(where, items, rev) if items else {}
    return board


class DatesMemo:
    """The last dates read for a board in the work tree, reused while neither the refs nor the nodes asked about change.

    The TUI and the language server read the board again after every
    change; git is asked again only when a commit moved a ref or the nodes
    awaiting a date are others.
    """

    def __init__(self) -> None:
        self._last: tuple[object, dict[str, date], dict[str, date]] | None = None

    def fill(self, root: Path, board: Board, refs: object) -> Board:
        """`with_dates(root, board)`, from memory when `refs` (what identifies HEAD) and the nodes are the same."""
        key = (refs, tuple(awaiting_current(board)), tuple(sorted(awaiting_actual(board).items())))
        if self._last is not None and self._last[0] == key:
            board.appeared, board.done_on = dict(self._last[1]), dict(self._last[2])
            return board
        with_dates(root, board)
        self._last = (key, dict(board.appeared), dict(board.done_on))
        return board


def commit_day(root: Path, rev: str) -> date | None:
    """The date (author date, as `git log` shows it) of the commit `rev` names; None when git cannot say."""
    from trioboard.store.git.repository import locate

    try:
        out = locate(root).git.run("log", "-1", "--format=%as", rev, "--")
    except GitError:
        return None
    text = out.strip()
    return date.fromisoformat(text) if text else None
