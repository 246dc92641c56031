"""A bare origin holding the demo board, and clones of it: sync against a real remote."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import DEMO, git

BOARD = "boards/demo"
"""Where the board lives in the remote's repository (beside a README)."""


class Remote:
    """A bare origin holding the demo board (under boards/demo, beside a README), and its clones."""

    def __init__(self, tmp: Path, url: str | None = None) -> None:
        self.tmp = tmp
        self.origin = tmp / "origin.git"
        git(tmp, "init", "-q", "--bare", str(self.origin))
        seed = tmp / "seed"
        shutil.copytree(DEMO, seed / BOARD)
        (seed / "README.md").write_text("Our planning repository\n")
        git(seed, "init", "-q")
        git(seed, "add", "-A")
        git(seed, "commit", "-qm", "Start")
        git(seed, "push", "-q", str(self.origin), "HEAD:refs/heads/main")
        self.url = url or str(self.origin)

    def clone(self, name: str) -> Path:
        path = self.tmp / name
        git(self.tmp, "clone", "-q", self.url, str(path))
        return path / BOARD

    def board_file(self, path: str) -> str:
        return git(self.origin, "show", f"main:{BOARD}/{path}")

    def head(self) -> str:
        return git(self.origin, "rev-parse", "main").strip()


def top(board: Path) -> Path:
    """The top of the clone holding `board` (at BOARD)."""
    return board.parent.parent


def diverged(tmp: Path) -> tuple[Remote, Path]:
    """A remote and clone b, where clone a pushed horizon later and owner Ann on one-click-pay, b committed next and Bea.

    Syncing b stops on two conflicts (one-click-pay.horizon and .owner).
    """
    from trioboard.core.edits import SetFields
    from trioboard.workspace import Workspace

    remote = Remote(tmp)
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("horizon", "later"), ("owner", "Ann"))))
    Workspace(a).sync()
    Workspace(b).edit(SetFields("one-click-pay", (("horizon", "next"), ("owner", "Bea"))))
    return remote, b
