"""When a node first appeared on the board, and when an item became done, read from git (SPEC 10).

The core cannot read git, and two Impact rules need dates only git knows:
`stale-measure` (a measure with no `current` some days after its goal or
outcome appeared) and `impact-unreviewed` (an item done for some days).
These readers are asked only about the few nodes those rules would judge,
so a board without measures never runs them.
"""

from __future__ import annotations

from datetime import date

from trioboard.core.errors import GitError
from trioboard.core.tree import PosMap, PosSeq
from trioboard.store import yamlio
from trioboard.store.git.commits import blob_at
from trioboard.store.git.repository import BoardRepo

_NOT_ID = "[^a-z0-9-]"


def first_seen(where: BoardRepo, ids: list[str], rev: str = "HEAD") -> dict[str, date]:
    """Id → the date (author date) of the oldest commit up to `rev` that added or removed a line naming it.

    That is when it was first written on the board (a reference to it
    written before it existed counts too). An id git never saw, or a
    repository with no commit yet, is left out: it appears today.
    """
    found: dict[str, date] = {}
    for node_id in ids:
        pattern = f"(^|{_NOT_ID}){node_id}({_NOT_ID}|$)"
        try:
            out = where.git.run("log", "--format=%as", f"-G{pattern}", rev, "--", where.prefix or ".")
        except GitError:
            return found  # no commit yet, or an unknown revision: everything appeared today
        lines = out.split()
        if lines:
            found[node_id] = date.fromisoformat(lines[-1])
    return found


def done_since(where: BoardRepo, items: dict[str, str], rev: str = "HEAD") -> dict[str, date]:
    """Item id → the date of the commit up to `rev` that last made it `done` (not done, or not in its file, before).

    `items` maps each item to its board-relative file. Only commits that
    changed a `status: done` line of that file are read. An item not done at
    `rev` (done only in the work tree), or never seen done, is left out: it
    became done today.
    """
    found: dict[str, date] = {}
    for item_id, file in items.items():
        path = where.top_path(file)
        try:
            if _status(blob_at(where, rev, path), item_id) != "done":
                continue
            out = where.git.run("log", "--format=%H %as", "-Gstatus:[[:space:]]*[\"']?done", rev, "--", path)
        except GitError:
            continue
        for line in out.splitlines():
            sha, _, day = line.partition(" ")
            if _status(blob_at(where, f"{sha}^", path), item_id) == "done":
                continue  # it was done before this commit already
            if _status(blob_at(where, sha, path), item_id) == "done":
                found[item_id] = date.fromisoformat(day)
                break
    return found


def _status(data: bytes | None, item_id: str) -> str | None:
    """The `status` written for `item_id` in a team file's text; None when the item (or the file) is not there."""
    if data is None:
        return None
    tree, _ = yamlio.parse(data)
    roadmap = tree.get("roadmap") if isinstance(tree, PosMap) else None
    if not isinstance(roadmap, PosSeq):
        return None
    for entry in roadmap:
        if isinstance(entry, PosMap) and entry.get("id") == item_id:
            status = entry.get("status")
            return status if isinstance(status, str) else "planned"
    return None
