"""Finding a work tree's git directory by looking at the files, without running git.

On its own so that reading a board (`check`) can ask whether a sparse
checkout hides board files without importing the git runner.
"""

from __future__ import annotations

from pathlib import Path


def find_git_dir(start: Path) -> Path | None:
    """The git directory of the work tree holding `start`, found by looking, without running git.

    `start` should be absolute. In a linked worktree or a submodule `.git`
    is a file naming the git directory (`gitdir: …`); that directory is
    returned, resolved.
    """
    for directory in (start, *start.parents):
        dot_git = directory / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if not text.startswith("gitdir:"):
                return None
            return (directory / text.removeprefix("gitdir:").strip()).resolve()
    return None
