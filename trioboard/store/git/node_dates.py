"""When a node first appeared on the board, and when an item became done, read from git (SPEC 10).

The core cannot read git, and two Impact rules need dates only git knows:
`stale-measure` (a measure with no `current` some days after its goal or
outcome appeared) and `impact-unreviewed` (an item done for some days).
These readers are asked only about the few nodes those rules would judge,
so a board without measures never runs them; each asks git once for all
its nodes (one `git log`, and one `cat-file` process for the file versions
it reads).

Why not `git blame -L` on each node's `id:` or `status: done` line: one
blame per team file walks the whole history again in its own process; on
the Impact benchmark board (200 team files, 2,000 commits) that was 10 s of
CPU time where this takes half a second. Blame would also restart the
clock whenever the line was moved or reformatted.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date

from trioboard.core.errors import GitError
from trioboard.store.git.objects import Objects
from trioboard.store.git.repository import BoardRepo
from trioboard.store.item_statuses import item_statuses

_ID_RUN = re.compile(rb"[a-z0-9-]+")
"""A run of the characters ids are written with: a line names an id when one such run is the id."""
_COMMIT = "\x01"
_COMMIT_BYTES = _COMMIT.encode()
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

    The history is read oldest first and no further than the commit that
    names the last of them: git diffs each commit only as it is read (an
    `-G` pattern of hundreds of ids made git itself take seconds).
    """
    wanted = set(ids)
    found: dict[str, date] = {}
    if not wanted:
        return found
    process = where.git.popen(
        "log", "--reverse", "-p", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
        f"--format={_COMMIT}%as", rev, "--", where.prefix or ".",
    )  # fmt: skip
    assert process.stdout is not None and process.stdin is not None
    process.stdin.close()
    day = b""
    try:
        for line in process.stdout:
            if line.startswith(_COMMIT_BYTES):
                day = line[1:].strip()
            elif line[:1] in (b"+", b"-") and not line.startswith((b"+++ ", b"--- ")):
                for name in _ID_RUN.findall(line, 1):
                    text = name.decode()
                    if text in wanted and text not in found:
                        found[text] = date.fromisoformat(day.decode())
                        if len(found) == len(wanted):
                            return found
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    return found  # an unknown revision or no commit yet: git said nothing, everything appeared today


def done_since(where: BoardRepo, items: dict[str, str], rev: str = "HEAD") -> dict[str, date]:
    """Item id → the date of the commit up to `rev` that last made it `done` (before it, not done or not there).

    `items` maps each item to its board-relative file. Only commits that
    changed a `status: done` line of those files are read. An item not done
    at `rev` (done only in the work tree), or never seen done, is left out:
    it became done today.
    """
    if not items:
        return {}
    paths = {where.top_path(file) for file in items.values()}
    # Their folders, not the files: git matches every changed path against each
    # pathspec, and a list of 200 team files made the walk several times slower.
    folders = sorted({posixpath.dirname(path) or "." for path in paths})
    try:
        out = where.git.run(
            "log", "--no-textconv", f"--format={_COMMIT}%H %as", "--name-only", f"-G{_DONE_LINE}", rev, "--", *folders
        )
    except GitError:
        return {}
    commits: list[tuple[str, str, set[str]]] = []
    for line in out.splitlines():
        if line.startswith(_COMMIT):
            sha, _, day = line[1:].partition(" ")
            commits.append((sha, day, set()))
        elif line in paths and commits:
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
    """The status of every item of a team file at a revision, each distinct version read once.

    Versions are kept by object id: a file unchanged between two revisions
    (the revision asked about and the commit that made its items done, most
    often) is read once.
    """

    def __init__(self, where: BoardRepo) -> None:
        self._objects = Objects(where.git)
        self._seen: dict[tuple[str, str], dict[str, str]] = {}
        self._blobs: dict[str, dict[str, str]] = {}

    def at(self, rev: str, path: str) -> dict[str, str]:
        """Item id → status in `path` at `rev` (empty when the file is not there)."""
        key = (rev, path)
        if key not in self._seen:
            got = self._objects.read(f"{rev}:{path}")
            if got is None or got[1] != "blob":
                self._seen[key] = {}
            else:
                if got[0] not in self._blobs:
                    self._blobs[got[0]] = item_statuses(got[2])
                self._seen[key] = self._blobs[got[0]]
        return self._seen[key]

    def close(self) -> None:
        self._objects.close()
