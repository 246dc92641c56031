"""What git itself calls on a board (the merge driver, the textconv outline) and the setup that tells it to.

`trioboard install-git` writes the drivers into the repository's config and
`.gitattributes`; git then runs `trioboard merge-file` and `trioboard
textconv` once per board file.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.core.results import MergeResult
from trioboard.core.tree import SourceFile


def install_git(root: Path) -> list[str]:
    """`trioboard install-git`: git's diff and merge drivers for the board's files; what was done."""
    from trioboard.store import gitsetup

    return gitsetup.install(root)


def merge_file(base: Path, ours: Path, theirs: Path, path: str | None) -> MergeResult:
    """git's merge driver: merge one board file three ways and write the result to `ours`.

    Raises OSError when a file cannot be read or written; otherwise never
    fails (a file it cannot merge node by node gets git's line merge).
    """
    from trioboard.store import merge
    from trioboard.store.safe_io import write_atomically

    result = merge.merge_text(base.read_bytes(), ours.read_bytes(), theirs.read_bytes(), path)
    write_atomically(ours, result.text)
    return result


def read_for_outline(path: Path) -> tuple[SourceFile, bytes]:
    """A board file as git's textconv shows it: parsed, with its bytes.

    Raises whatever `store.safe_io.read_regular_file` raises for a file that
    is not a readable, regular board-sized file.
    """
    from trioboard.store.files import parse_source
    from trioboard.store.safe_io import read_regular_file

    data = read_regular_file(path)
    return parse_source(path.name, data), data


def git_user(root: Path) -> str:
    """The git user configured where the board is, as `Name <email>`.

    `trioboard serve` records its visitors' commits as this person. Raises
    `NoIdentity` (a `GitError`) saying how to set one when there is none.
    """
    from trioboard.store.git import identity as identities

    who = identities.identity(root, None)
    return f"{who.name} <{who.email}>"


def write_output(path: Path, text: str) -> None:
    """Write a report to `path` whole or not at all (a reader never sees half a report).

    A device, a pipe or a symlink (`/dev/stdout`, a FIFO) is written into,
    never replaced by a file: it is the user's, and writing into it is what
    they asked for. Raises OSError when it cannot be written.
    """
    from trioboard.store.safe_io import write_report

    write_report(path, text.encode("utf-8"))
