"""Reading refs: the branch HEAD is on, where a ref points, and the files a ref move changes.

Refs are read through git (`symbolic-ref`, `rev-parse`), which knows packed
refs, reftables and worktrees; only `ref_stats`, which the file watcher
calls twice a second, looks at the files themselves, and only at their stat.
A ref is moved in one place, by compare and swap (`store.git.commits.move_branch`).
"""

from __future__ import annotations

import os
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.store.git.repository import BoardRepo
from trioboard.store.git.runner import NoSpace


class Busy(GitError):
    """The repository is in a state where trioboard must not commit."""


_BUSY = (
    ("MERGE_HEAD", "a merge", "resolve the conflicts and `git commit`, or `git merge --abort`"),
    ("rebase-merge", "a rebase", "`git rebase --continue` or `git rebase --abort`"),
    ("rebase-apply", "a rebase or git am", "`git rebase --continue` (`git am --continue`) or `--abort`"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "`git cherry-pick --continue` or `git cherry-pick --abort`"),
    ("REVERT_HEAD", "a revert", "`git revert --continue` or `git revert --abort`"),
    ("BISECT_LOG", "a bisect", "`git bisect reset`"),
)
"""(file in the git dir, what git is doing, how to finish or abort it)."""


def busy(where: BoardRepo) -> str | None:
    """What git is in the middle of (a merge, rebase, cherry-pick, revert, bisect), said whole; None: nothing.

    The sentence names the operation and how to finish or abort it: while
    one is in progress the board's files may hold conflict markers, and a
    commit would land somewhere the user does not expect.
    """
    for name, what, how in _BUSY:
        if (where.git_dir / name).exists():
            return f"{what} is in progress in this repository; finish or abort it first ({how})"
    return None


def branch_tip(where: BoardRepo) -> tuple[str, str | None]:
    """(the branch ref HEAD is on, the commit it points at; None before the first commit).

    Refuses a detached HEAD and a repository busy with a merge, rebase,
    cherry-pick, revert or bisect (`busy`).
    """
    why = busy(where)
    if why:
        raise Busy(why)
    return head_branch(where)


def head_branch(where: BoardRepo) -> tuple[str, str | None]:
    """(the branch ref HEAD is on, its commit), whatever git is in the middle of; Busy when HEAD is detached."""
    try:
        ref = where.git.run("symbolic-ref", "-q", "HEAD").strip()
    except NoSpace:
        raise
    except GitError:
        raise Busy("HEAD is detached; check out a branch before editing the board") from None
    return ref, ref_tip(where, ref)


def ref_tip(where: BoardRepo, ref: str) -> str | None:
    """The commit `ref` points at now, or None when it does not exist yet (or names no commit)."""
    try:
        return where.git.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip() or None
    except NoSpace:
        raise
    except GitError:
        return None


def has_head(where: BoardRepo) -> bool:
    """Whether HEAD names a commit (false in a repository with no commit yet)."""
    return where.git.ok("rev-parse", "-q", "--verify", "HEAD^{commit}")


def ref_stats(git_dir: Path) -> list[tuple[str, int, int, int]]:
    """(path, size, mtime_ns, inode) of HEAD, the branch it names and packed-refs: a commit moves one.

    Read from the files, without running git: the watcher asks twice a
    second. A file that is missing is left out.
    """
    try:
        head = (git_dir / "HEAD").read_text("utf-8", "replace").strip()
    except OSError:
        return []
    common = common_dir(git_dir)
    files = [git_dir / "HEAD", common / "packed-refs"]
    if head.startswith("ref: refs/"):
        files.append(common / head[5:])
    out = []
    for file in files:
        try:
            info = os.lstat(file)
        except OSError:
            continue
        out.append((str(file), info.st_size, info.st_mtime_ns, info.st_ino))
    return out


def common_dir(git_dir: Path) -> Path:
    """Where the branches live: `git_dir`, or the main one's for a linked worktree (which keeps only its HEAD)."""
    try:
        return git_dir / (git_dir / "commondir").read_text("utf-8", "replace").strip()
    except OSError:
        return git_dir


def ref_lock_path(git_dir: Path, ref: str) -> Path:
    """The lock file `git update-ref` takes to move `ref` (`refs/heads/main` → `.git/refs/heads/main.lock`)."""
    return common_dir(git_dir) / f"{ref}.lock"


def ref_lock_message(lock: Path) -> str:
    """What to tell the user about a branch lock trioboard did not take (or cannot prove it took)."""
    return (
        f"the branch is locked: {lock} exists. git (a commit, a pull, an editor's git integration) or another "
        "process may be moving the branch right now; once no git command is running in this repository, "
        "it is safe to remove that file, then run the command again"
    )
