"""Commit plumbing: blobs, trees and commits made from bytes, and the branch moved by compare and swap.

Nothing here reads the work tree or the user's index to make a commit: a
commit is built from the bytes an edit computed (`store_blob`, a
temporary index, `commit-tree`), and the branch moves to it only if it
still points where it did (`move_branch`). `git commit` is never run, so
no hook runs and nothing else staged slips in.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.store.git import config
from trioboard.store.git.identity import Identity, one_line
from trioboard.store.git.index import ZERO, Entries, write_tree
from trioboard.store.git.refs import ref_lock_message, ref_lock_path, ref_tip
from trioboard.store.git.repository import BoardRepo
from trioboard.store.git.runner import NoSpace


class BranchMoved(GitError):
    """The branch no longer points where it did when the edit began."""


def changed_paths(where: BoardRepo, paths: list[str]) -> list[str]:
    """Those of `paths` (relative to the top) with uncommitted changes, staged or not, or untracked."""
    if not paths:
        return []
    out = where.git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
    return [entry[3:] for entry in out.split("\0") if len(entry) > 3]


def store_blob(where: BoardRepo, path: str, data: bytes) -> str:
    """Write `data` as the blob git would make for `path` (its filters applied); returns its id."""
    return where.git.run("hash-object", "-w", "--stdin", f"--path={path}", stdin=data).strip()


def modes_at(where: BoardRepo, rev: str | None, paths: list[str]) -> dict[str, str]:
    """The mode of each of `paths` that exists at `rev` (e.g. 100644, 100755)."""
    if rev is None or not paths:
        return {}
    out = where.git.run("ls-tree", "-z", rev, "--", *paths)
    modes = {}
    for entry in out.split("\0"):
        if entry:
            meta, _, path = entry.partition("\t")
            modes[path] = meta.split()[0]
    return modes


def make_commit(where: BoardRepo, parent: str | None, blobs: Entries, message: str, who: Identity) -> str:
    """A commit of `parent` with `blobs` (path → (mode, blob), None: removed); the branch is not moved.

    Built in a temporary index from objects only: neither the work tree nor
    the user's index is read, so nothing anyone changes meanwhile slips in.
    Signed when the user's `commit.gpgsign` says so, as `git commit` would.
    """
    tree = write_tree(where.git, where.state_dir, parent, blobs)
    args = ["commit-tree", tree]
    if parent:
        args += ["-p", parent]
    sign = signing(where)
    args += sign
    try:
        return where.git.run(*args, env=who.env(), stdin=message).strip()
    except NoSpace:
        raise
    except GitError as exc:
        if sign:
            raise GitError(
                f"commit.gpgsign is set but the commit could not be signed ({exc}); nothing was committed"
            ) from None
        raise


def signing(where: BoardRepo) -> list[str]:
    """`commit-tree`'s signing option when `commit.gpgsign` asks for signed commits, as `git commit` reads it."""
    return ["-S"] if config.flag(where.git, "commit.gpgsign") else []


def move_branch(where: BoardRepo, ref: str, new: str, old: str | None, message: str) -> None:
    """Point `ref` at `new` only if it still points at `old` (compare and swap)."""
    try:
        where.git.run(
            "update-ref", "-m", f"trioboard: {one_line(message.partition(chr(10))[0])}", ref, new, old or ZERO
        )
    except NoSpace:
        raise
    except GitError:
        if ref_tip(where, ref) != old:
            raise BranchMoved("the branch moved while this edit was being made; nothing was committed") from None
        lock = ref_lock_path(where.git_dir, ref)
        if os.path.lexists(lock):
            raise GitError(ref_lock_message(lock) + " (nothing was committed)") from None
        raise


def file_at(where: BoardRepo, rev: str, path: str) -> bytes | None:
    """`path` at `rev` as git would check it out (filters applied), or None when it is not there."""
    if not where.git.ok("cat-file", "-e", f"{rev}:{path}"):
        return None
    return where.git.run_bytes("cat-file", "--filters", f"{rev}:{path}")


def blob_at(where: BoardRepo, rev: str, path: str) -> bytes | None:
    """The raw bytes of `path` at `rev`, or None when it is not there."""
    if not where.git.ok("cat-file", "-e", f"{rev}:{path}"):
        return None
    return where.git.run_bytes("cat-file", "blob", f"{rev}:{path}")


def merge_file(where: BoardRepo, ours: bytes, base: bytes, theirs: bytes) -> bytes | None:
    """`git merge-file`: apply base→theirs onto ours; None on a conflict."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        try:
            return where.git.run_bytes("merge-file", "-p", *paths)
        except NoSpace:
            raise
        except GitError:
            return None
