"""Failures that cross the workspace's door: the CLI and the TUI catch these, whoever raised them."""

from __future__ import annotations


class RemoteFailed(Exception):
    """A sync could not reach the remote, or the remote refused the push; every local commit is kept."""


class BoardNotFound(Exception):
    """No board where the user pointed, or no single board to choose."""


class NotAFile(Exception):
    """A path given to read or write is not a regular file (a device, a FIFO, a link); nothing was done."""


class GitError(Exception):
    """A git operation trioboard needs could not be done; the message (one line) says why."""


class NoIdentity(GitError):
    """Neither git config nor --author says who is committing."""


class RevisionError(GitError):
    """A revision that does not name a commit."""


class Refused(Exception):
    """An edit, undo or sync cannot be applied to the board as it is; nothing is written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The field the refusal is about (`id`, `title`, `trio.product`), when it is one."""
