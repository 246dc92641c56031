"""What git itself calls on a board (the merge driver, the textconv outline) and the setup that tells it to.

`trioboard install-git` writes the drivers into the repository's config and
`.gitattributes`; git then runs `trioboard merge-file` and `trioboard
textconv` once per board file.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.core.results import Conflict, MergeResult
from trioboard.core.tree import SourceFile
from trioboard.core.vocabulary import MergeSide


def install_git(root: Path) -> list[str]:
    """`trioboard install-git`: git's diff and merge drivers for the board's files; what was done."""
    from trioboard.store import gitsetup

    return gitsetup.install(root)


def merge_file(
    base: Path,
    ours: Path,
    theirs: Path,
    path: str | None,
    given: tuple[str | None, str | None] = (None, None),
    marker: int | None = None,
) -> MergeResult:
    """git's merge driver: merge one board file three ways and write the result to `ours`.

    `given`: the labels git gives the current and the other version (its
    `%X` and `%Y`, from git 2.44 on; None when not given); `marker`: the
    conflict markers' length git asks for (`%L`; None: git's default, 7). The result names
    the sides as `sync` does ("mine" is what this clone had, "theirs" what
    came in), in a merge, a cherry-pick and a rebase alike: during a rebase
    git's OURS is the upstream and THEIRS the person's own commit, so the
    labels and the conflicts are swapped back (`MergeResult.conflicts` read
    from this clone's side).

    Raises `NotAFile` (nothing read, nothing written) when an argument is not
    a regular file: it is never opened (a FIFO cannot hang the driver) nor
    replaced (a device stays a device). Raises OSError when a file cannot be
    read or written; otherwise never fails (a file it cannot merge node by
    node gets git's line merge).
    """
    from trioboard.core.errors import NotAFile
    from trioboard.store import merge
    from trioboard.store.gitsetup import rebasing
    from trioboard.store.safe_io import NotRegular, read_regular_file, refuse_special, write_atomically

    try:
        for argument in (base, ours, theirs):
            refuse_special(argument, doing="read or write")
        texts = [read_regular_file(argument, limit=None) for argument in (base, ours, theirs)]
    except NotRegular as exc:
        raise NotAFile(f"merge-file: {exc.reason}") from None
    swapped = rebasing(Path.cwd())
    labels = merge_labels(given, swapped=swapped)
    result = merge.merge_text(texts[0], texts[1], texts[2], path, labels=labels, marker=marker or merge.MARKER)
    write_atomically(ours, result.text)
    if swapped:
        result.conflicts = [Conflict(c.node, c.field, c.theirs, c.ours) for c in result.conflicts]
    return result


def merge_labels(given: tuple[str | None, str | None], *, swapped: bool) -> tuple[str, str, str]:
    """The conflict markers' labels for git's (OURS, base, THEIRS): the side's word, then git's own label if any.

    `swapped`: git's OURS is the other person's version (a rebase).
    """
    words = [side.word for side in MergeSide]
    if swapped:
        words.reverse()
    ours, theirs = (word if not label else f"{word} ({label})" for word, label in zip(words, given, strict=True))
    return ours, "base", theirs


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
