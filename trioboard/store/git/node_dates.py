"""When a node first appeared on the board, and when an item became done, read from git (SPEC 10).

The core cannot read git, and two Impact rules need dates only git knows:
`stale-measure` (a measure with no `current` some days after its goal or
outcome appeared) and `impact-unreviewed` (an item done for some days).
These readers are asked only about the few nodes those rules would judge,
so a board without measures never runs them; each asks git once for all
its nodes (one `git log`, and one `cat-file` process for the file versions
it reads).
"""

from __future__ import annotations

import re
from datetime import date

from trioboard.core.errors import GitError
from trioboard.core.tree import PosMap, PosSeq
from trioboard.store import yamlio
from trioboard.store.git.objects import Objects
from trioboard.store.git.repository import BoardRepo

_NOT_ID = "[^a-z0-9-]"
_COMMIT = "\x01"
"""Starts each commit's line in the `git log` output these readers ask for."""
_DONE_LINE = "status:[[:space:]]*[\"']?done"
"""A line that says `status: done`: a commit that made an item done adds one.

Both `git log`s read the YAML itself (`--no-textconv`): a repository set up
by `trioboard install-git` shows board files to `git log -p` as an outline.
"""


def first_seen(where: BoardRepo, ids: list[str], rev: str = "HEAD") -> dict[str, date]:
    """Id → the date (author date) of the oldest commit up to `rev` that added or removed a line naming it.

    That is when it was first written on the board (a reference to it
    written before it existed counts too). An id git never saw, or a
    repository with no commit yet, is left out: it appears today.
    """
    if not ids:
        return {}
    names = "|".join(sorted(set(ids)))
    pattern = f"(^|{_NOT_ID})({names})({_NOT_ID}|$)"
    try:
        out = where.git.run(
            "log", "--reverse", "-p", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
            f"--format={_COMMIT}%as",
            f"-G{pattern}", rev, "--", where.prefix or ".",
        )  # fmt: skip
    except GitError:
        return {}  # no commit yet, or an unknown revision: everything appeared today
    wanted = set(ids)
    found: dict[str, date] = {}
    finder = re.compile(pattern)
    day = ""
    for line in out.splitlines():
        if line.startswith(_COMMIT):
            day = line[1:]
        elif line[:1] in "+-" and not line.startswith(("+++ ", "--- ")):
            for match in finder.finditer(line[1:]):
                if match[2] in wanted and match[2] not in found:
                    found[match[2]] = date.fromisoformat(day)
    return found


def done_since(where: BoardRepo, items: dict[str, str], rev: str = "HEAD") -> dict[str, date]:
    """Item id → the date of the commit up to `rev` that last made it `done` (before it, not done or not there).

    `items` maps each item to its board-relative file. Only commits that
    changed a `status: done` line of those files are read. An item not done
    at `rev` (done only in the work tree), or never seen done, is left out:
    it became done today.
    """
    if not items:
        return {}
    paths = sorted({where.top_path(file) for file in items.values()})
    try:
        out = where.git.run(
            "log", "--no-textconv", f"--format={_COMMIT}%H %as", "--name-only", f"-G{_DONE_LINE}", rev, "--", *paths
        )
    except GitError:
        return {}
    commits: list[tuple[str, str, set[str]]] = []
    for line in out.splitlines():
        if line.startswith(_COMMIT):
            sha, _, day = line[1:].partition(" ")
            commits.append((sha, day, set()))
        elif line and commits:
            commits[-1][2].add(line)
    statuses = _Statuses(where)
    found: dict[str, date] = {}
    try:
        for item_id, file in items.items():
            path = where.top_path(file)
            if statuses.at(rev, path).get(item_id) != "done":
                continue
            for sha, day, changed in commits:  # newest first
                if path not in changed or statuses.at(f"{sha}^", path).get(item_id) == "done":
                    continue
                if statuses.at(sha, path).get(item_id) == "done":
                    found[item_id] = date.fromisoformat(day)
                    break
    finally:
        statuses.close()
    return found


class _Statuses:
    """The status of every item of a team file at a revision, each version read and parsed once."""

    def __init__(self, where: BoardRepo) -> None:
        self._objects = Objects(where.git)
        self._seen: dict[tuple[str, str], dict[str, str]] = {}

    def at(self, rev: str, path: str) -> dict[str, str]:
        """Item id → status in `path` at `rev` (empty when the file is not there)."""
        key = (rev, path)
        if key not in self._seen:
            got = self._objects.read(f"{rev}:{path}")
            self._seen[key] = _statuses(got[2]) if got is not None and got[1] == "blob" else {}
        return self._seen[key]

    def close(self) -> None:
        self._objects.close()


def _statuses(data: bytes) -> dict[str, str]:
    """Item id → its `status` as written (`planned` when it has none) in a team file's text."""
    tree, _ = yamlio.parse(data)
    roadmap = tree.get("roadmap") if isinstance(tree, PosMap) else None
    found: dict[str, str] = {}
    for entry in roadmap if isinstance(roadmap, PosSeq) else ():
        if isinstance(entry, PosMap) and isinstance(entry.get("id"), str):
            status = entry.get("status")
            found.setdefault(str(entry["id"]), status if isinstance(status, str) else "planned")
    return found
