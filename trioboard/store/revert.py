"""Undo and redo: the changes that revert one commit, merged three ways with what came after it.

A commit is reverted file by file: a file nobody touched since is put back
as it was before the commit; a file changed since gets the revert merged
into it by `git merge-file`, so later edits are kept; a conflict refuses
the whole undo, with nothing written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from trioboard.core.errors import Refused
from trioboard.store import tracking
from trioboard.store.edit import transaction
from trioboard.store.git import commits, revisions
from trioboard.store.git.repository import BoardRepo

_HEX = re.compile("[0-9a-f]{7,64}")
"""A commit id as the TUI passes it: never an option or a revision expression."""


def target(where: BoardRepo, commit: str | None) -> str:
    """The commit to revert: `commit` when it is on this branch, else trioboard's last edit here."""
    _, tip = transaction.tip_for_edit(where)
    if commit is None:
        return transaction.last_edit(where, tip)
    if not _HEX.fullmatch(commit) or not tip or not revisions.is_ancestor(where, commit, tip):
        raise Refused(f"commit {commit[:7]} is not on this branch; nothing to undo")
    return commit


def changes(where: BoardRepo, root: Path, commit: str, read: Callable[[str], bytes | None]) -> list[transaction.Change]:
    """The changes to the board's files that revert `commit`, merged with whatever came after it.

    `read` gives a board file's bytes in the work tree (None: absent).
    Raises `Refused` when a file cannot be written here or later changes
    conflict with the revert.
    """
    parent = f"{commit}^" if revisions.has_parent(where, commit) else None
    changed = [(p, f) for p in revisions.files_changed(where, commit) if (f := where.board_path(p)) is not None]
    why = tracking.why_not_writable(root, [file for _, file in changed])
    if why:
        raise Refused(why)
    out = []
    for top_path, file in changed:
        ours = read(file)
        base = commits.blob_at(where, commit, top_path)
        theirs = commits.blob_at(where, parent, top_path) if parent else None
        if ours == base:
            result = theirs
        elif ours is None or base is None:
            raise Refused(f"{file} changed after that edit; undo it by hand")
        else:
            result = commits.merge_file(where, ours, base, theirs or b"")
            if result is None:
                raise Refused(f"later changes to {file} conflict with undoing that edit; nothing was changed")
        out.append(transaction.Change(file, ours, result))
    return out
