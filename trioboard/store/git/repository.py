"""Where a board's repository is: found once from the board's path, then named to git explicitly.

`locate` resolves the repository holding a board (`BoardRepo`: git
directory, work-tree top, the board's prefix in it, trioboard's state
directory); every git command then runs through that value's `Git` runner,
so no variable in the environment can point a command at another
repository. `find_git_dir` answers the same question without running git,
for readers that must work where git is not installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.store.git.gitdir import find_git_dir as find_git_dir
from trioboard.store.git.runner import Git, GitMissing, NoSpace, run_bare

STATE_DIR = "trioboard"
"""trioboard's own files inside the git directory: lock, journal, caches."""


@dataclass(frozen=True, slots=True)
class BoardRepo:
    """The one value an edit needs to know where it is: repository, top, board prefix, state directory."""

    git: Git
    board: Path
    """The board directory, as the user named it."""
    prefix: str
    """The board directory relative to the top, in git's spelling ("" at the top)."""

    @property
    def top(self) -> Path:
        """The top of the work tree."""
        return self.git.top

    @property
    def git_dir(self) -> Path:
        """The repository's git directory (a linked worktree's own one)."""
        return self.git.git_dir

    @property
    def state_dir(self) -> Path:
        """`.git/trioboard/`: the lock, the journal and caches; never part of a commit."""
        return self.git.git_dir / STATE_DIR

    def top_path(self, file: str) -> str:
        """A board file's path relative to the top, as git names it."""
        return f"{self.prefix}/{file}" if self.prefix else file

    def board_path(self, top_path: str) -> str | None:
        """The board-relative name of a top-relative path, or None when it is outside the board."""
        if not self.prefix:
            return top_path
        head = self.prefix + "/"
        return top_path[len(head) :] if top_path.startswith(head) else None


def locate(board: Path) -> BoardRepo:
    """The repository holding the board directory `board`, found from the path alone."""
    try:
        out = run_bare(["rev-parse", "--absolute-git-dir", "--show-toplevel"], board).decode("utf-8", "surrogateescape")
    except (NoSpace, GitMissing):
        raise
    except GitError:
        raise GitError(f"{board} is not in a git work tree") from None
    lines = out.splitlines()
    if len(lines) != 2:
        raise GitError(f"{board} is not in a git work tree")
    git_dir, top = Path(lines[0]), Path(lines[1])
    real = board.resolve()
    if not real.is_relative_to(top.resolve()):
        raise GitError(
            f"{board} is a link to {real}, outside the git work tree {top}; "
            "trioboard commits only to a board inside its repository"
        )
    rel = real.relative_to(top.resolve()).as_posix()
    prefix = "" if rel == "." else rel
    return BoardRepo(Git(git_dir, top), board, prefix)


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None."""
    try:
        out = run_bare(["rev-parse", "--show-toplevel"], path).decode("utf-8", "surrogateescape").strip()
    except NoSpace:
        raise
    except GitError:
        return None
    return Path(out) if out else None


def init(path: Path) -> Path:
    """`git init` at `path`; returns the work tree."""
    run_bare(["init", "-q", str(path)], path)
    return path
