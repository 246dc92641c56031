"""What git tracks of a board: files a sparse checkout hides, and files an edit must not commit.

- A sparse checkout leaves some board files out of the work tree; they are
  still part of the board, so readers take them from the index, and an edit
  (which could not update them) is refused rather than made half.
- A file git ignores or does not track may hold local secrets, and a file
  marked skip-worktree or assume-unchanged holds lines git is told not to
  look at: an edit never writes or commits any of them.

`trioboard check` must not need git: the git calls here run only when the
repository has a sparse checkout (`info/sparse-checkout` in its git dir).
"""

from __future__ import annotations

import os
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.core.vocabulary import is_board_file
from trioboard.store.git.gitdir import find_git_dir

# The git runner and object reader are imported by the calls that run git:
# `check` on a board without a sparse checkout runs none.


def _git(root: Path, *args: str, stdin: bytes | None = None, literal: bool = True) -> bytes | None:
    """git's stdout, or None when git cannot answer (not a repository, git missing).

    Through the one git runner: the repository is the one holding `root`,
    whatever GIT_DIR or GIT_INDEX_FILE say, and no hook runs.
    """
    try:
        from trioboard.store.git.runner import GitAt

        return GitAt(root, literal=literal).run_bytes(*args, stdin=stdin)
    except GitError:
        return None


def hidden_board_files(root: Path) -> dict[str, bytes]:
    """Board files that git tracks but the sparse checkout leaves out of the work tree, with their index bytes."""
    git_dir = find_git_dir(root.absolute())
    if git_dir is None or not (git_dir / "info" / "sparse-checkout").is_file():
        return {}
    out = _git(root, "ls-files", "-v", "-s", "-z", "--", ".")
    if out is None:
        return {}
    hidden: dict[str, str] = {}
    for entry in out.decode("utf-8", errors="surrogateescape").split("\0"):
        head, _, path = entry.partition("\t")
        fields = head.split()
        if len(fields) == 4 and fields[0] == "S" and is_board_file(path) and not os.path.lexists(root / path):
            hidden[path] = fields[2]
    if not hidden:
        return {}
    from trioboard.store.git.objects import read_all
    from trioboard.store.git.runner import GitAt

    try:
        found = read_all(GitAt(root), list(hidden.values()))
    except GitError:
        return {}
    return {path: blob.data for path, blob in zip(hidden, found, strict=True) if blob is not None}


def is_ignored(top: Path, path: str) -> bool:
    """Whether git ignores `path` (relative to `top`), tracked or not; False when git cannot say."""
    # check-ignore takes paths, not pathspecs (and refuses the literal magic).
    return _git(top, "check-ignore", "-q", "--no-index", "--", path, literal=False) is not None


def why_not_writable(root: Path, files: list[str]) -> str | None:
    """Why an edit must not write and commit `files` (relative to the board), or None when it may.

    Refused: a board partly hidden by a sparse checkout, and any of `files`
    that git ignores, does not track, or is told not to look at.
    """
    hidden = sorted(hidden_board_files(root))
    if hidden:
        more = f" and {len(hidden) - 1} more" if len(hidden) > 1 else ""
        return (
            f"the board is only partly checked out (sparse checkout): {hidden[0]}{more} "
            "not in the work tree, so an edit could not keep them whole; "
            "check the whole board out first (git sparse-checkout add <board directory>)"
        )
    if not files:
        return None
    out = _git(root, "ls-files", "-v", "-z", "--", *files)
    if out is None:
        return None  # not a repository: the commit will say so
    tags: dict[str, str] = {}
    for entry in out.decode("utf-8", errors="surrogateescape").split("\0"):
        letter, _, path = entry.partition(" ")
        if path:
            tags[path] = letter
    for file in files:
        tag = tags.get(file)
        if tag is None:
            if is_ignored(root, file):
                return f"git ignores {file}; trioboard will not write or commit it"
            if os.path.lexists(root / file):
                return f"{file} is not tracked by git; trioboard will not commit it (git add it first to share it)"
        elif tag == "S":
            return (
                f"{file} is marked skip-worktree in git's index; its local lines would be committed "
                f"(git update-index --no-skip-worktree {file} first)"
            )
        elif tag.islower():
            return (
                f"{file} is marked assume-unchanged in git's index; its local lines would be committed "
                f"(git update-index --no-assume-unchanged {file} first)"
            )
    return None
