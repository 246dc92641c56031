"""`trioboard install-git`: the diff (textconv) and merge drivers for board files.

It appends to the repository's `.gitattributes` a line per board file
pattern (`boards/acme/teams/*.yaml diff=trioboard merge=trioboard`) and sets,
in the repository's own config, `diff.trioboard.textconv` and
`merge.trioboard.driver` to the absolute command of the Python running now,
so `git diff`, `git show` and `git merge` work in a shell without trioboard
on PATH. `.gitattributes` is left for the user to commit, so the whole team
gets the attributes; each clone runs `trioboard install-git` once for the config.

The config is written by `git config` itself, never rewritten by a library:
the user's comments and quoting stay byte for byte.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.core.vocabulary import BOARD_FILE, TEAMS_DIR
from trioboard.store.git.repository import locate
from trioboard.store.git.runner import Git, run_bare
from trioboard.store.safe_io import NotRegular, read_regular_file

DRIVER = "trioboard"
ATTRIBUTES = ".gitattributes"
MERGE_NAME = "trioboard: board files merged node by node"
DRIVER_ARGUMENTS = "--marker-size %L --ours-label %X --theirs-label %Y %O %A %B %P"
"""What git passes the merge driver: the sides' labels (git 2.44 on; older git passes `%X` as is), files, path."""
_PATTERN_UNSAFE = frozenset('"\\#!*?[]')
"""Characters a path cannot carry literally in a .gitattributes pattern."""


def trioboard_command() -> str:
    """The shell command that runs this trioboard, whatever PATH holds (git runs drivers through sh)."""
    if not sys.executable:
        raise GitError("the path of the running Python is unknown; cannot tell git how to run trioboard")
    return f"{shlex.quote(sys.executable)} -m trioboard"


def install(board_root: Path) -> list[str]:
    """Set up both drivers for the board at `board_root`; returns what was done, for the user.

    Refuses (GitError, nothing changed) a `.gitattributes` that is a symbolic
    link or not a regular file, and a board path no pattern can name literally.
    """
    where = locate(board_root)
    top = where.top
    rel = where.prefix or "."
    prefix = where.prefix + "/" if where.prefix else ""
    if any(ch.isspace() or ch in _PATTERN_UNSAFE or not ch.isprintable() for ch in prefix):
        raise GitError(f"the board path {rel!r} cannot be written as a .gitattributes pattern")
    command = trioboard_command()
    attributes = top / ATTRIBUTES
    existing = _read_attributes(attributes)
    # Which patterns git does not already route to both drivers (from any attributes file).
    # A pattern without a slash would match a board.yaml at any depth: anchor it at the top.
    anchor = prefix or "/"
    probes = {
        f"{anchor}{BOARD_FILE}": f"{prefix}{BOARD_FILE}",
        f"{prefix}{TEAMS_DIR}/*.yaml": f"{prefix}{TEAMS_DIR}/x.yaml",
    }
    missing = [pattern for pattern, probe in probes.items() if not _routed(where.git, probe)]
    done = []
    if missing:
        newline = b"\r\n" if b"\r\n" in existing else b"\n"
        lines = [f"{pattern} diff={DRIVER} merge={DRIVER}" for pattern in missing]
        text = (newline if existing and not existing.endswith(b"\n") else b"") + b"".join(
            line.encode() + newline for line in lines
        )
        _append(attributes, text)
        done.append(f"added to {attributes}: " + "; ".join(lines) + " (commit it to share it)")
        still = [pattern for pattern in missing if not _routed(where.git, probes[pattern])]
        if still:
            raise GitError(
                f"another attributes file overrides the line for {still[0]}; trioboard's drivers are not used"
            )
    else:
        done.append(f"{attributes} already names the board files")
    settings = (
        (f"diff.{DRIVER}.textconv", f"{command} textconv"),
        (f"merge.{DRIVER}.name", MERGE_NAME),
        (f"merge.{DRIVER}.driver", f"{command} merge-file {DRIVER_ARGUMENTS}"),
    )
    for key, value in settings:
        if _git(where.git, "config", "--local", "--get-all", key, check=False) != value + "\n":
            _git(where.git, "config", "--local", "--replace-all", key, value)
            done.append(f"set {key} = {value} in this repository's config")
    return done


def _read_attributes(path: Path) -> bytes:
    """The bytes of `.gitattributes` ('' if absent); refuses what git would not read."""
    try:
        return read_regular_file(path, limit=None)
    except FileNotFoundError:
        return b""
    except NotRegular as exc:
        if exc.link:
            raise GitError(
                f"{path} is a symbolic link; git does not read it in the work tree and trioboard "
                "will not write through it: make it a regular file"
            ) from None
        raise GitError(f"{path} is not a regular file") from None
    except OSError as exc:
        raise GitError(f"{path} cannot be read: {exc.strerror}") from None


def _append(path: Path, data: bytes) -> None:
    """Append to `path`, creating it; never through a symbolic link (O_NOFOLLOW)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise GitError(f"{path} cannot be written: {exc.strerror}") from None
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _routed(git: Git, path: str) -> bool:
    """Whether git sends `path` (relative to the top) to both of trioboard's drivers."""
    out = _git(git, "check-attr", "-z", "diff", "merge", "--", path)
    fields = out.split("\0")
    values = {fields[i + 1]: fields[i + 2] for i in range(0, len(fields) - 2, 3)}
    return values.get("diff") == DRIVER and values.get("merge") == DRIVER


def _git(git: Git, *args: str, check: bool = True) -> str:
    if check:
        return git.run(*args)
    return git.attempt(*args).stdout


def rebasing(cwd: Path) -> bool:
    """Whether the repository at `cwd` is in a rebase (merge or apply backend), where git swaps ours and theirs.

    git runs a merge driver at the top of the work tree. `git am` alone
    (`rebase-apply` without `rebasing`) applies a patch onto this clone's
    commit, like a cherry-pick: no swap.
    """
    try:
        out = run_bare(["rev-parse", "--git-path", "rebase-merge", "--git-path", "rebase-apply/rebasing"], cwd)
    except GitError:
        return False
    paths = [cwd / line for line in out.decode("utf-8", "surrogateescape").splitlines()]
    return any(os.path.lexists(path) for path in paths)
