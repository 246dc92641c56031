"""Board files renamed between two commits, as git's rename detection sees them (`git diff-tree -M`).

Sync merges a team file renamed on one side and changed on the other as
renamed and changed, and undo reverts a commit into the file it lives in
now: both ask git which board file became which.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.vocabulary import is_synced_file
from trioboard.store.git.repository import BoardRepo

Renames = dict[str, str]
"""Old board path → new board path (relative to the board)."""


def between(where: BoardRepo, prefix: str, old: str, new: str) -> Renames:
    """The board files `new` has under another name than `old` had them."""
    args = ["diff-tree", "-r", "-z", "-M", "--diff-filter=R", "--no-commit-id", old, new]
    if prefix:
        args += ["--", prefix + "/"]
    out = where.git.run(*args).split("\0")
    found: Renames = {}
    n = 0
    while n + 2 < len(out):
        if not out[n].startswith(":"):
            n += 1
            continue
        source, target = _rel(prefix, out[n + 1]), _rel(prefix, out[n + 2])
        n += 3
        if source is not None and target is not None:
            found[source] = target
    return found


def possible(before: Iterable[str], after: Iterable[str]) -> bool:
    """Whether any file can have been renamed: one gone and one new (no git call needed otherwise)."""
    first, second = set(before), set(after)
    return bool(first - second) and bool(second - first)


def applied(files: dict[str, bytes], renames: Renames) -> dict[str, bytes]:
    """`files` with each renamed file under its new name (unless that name is taken already)."""
    if not renames:
        return files
    out = dict(files)
    for source, target in renames.items():
        if source in out and target not in out:
            out[target] = out.pop(source)
    return out


def _rel(prefix: str, path: str) -> str | None:
    rel = path[len(prefix) + 1 :] if prefix and path.startswith(prefix + "/") else (None if prefix else path)
    return rel if rel is not None and is_synced_file(rel) else None
