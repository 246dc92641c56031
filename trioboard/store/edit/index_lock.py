"""git's `index.lock`, taken as git takes it: created exclusively, never deleted unless ours.

An edit brings the user's index in step with its commit under git's own
lock, so that a `git status` or an IDE running at the same moment either
waits for it or is waited for (a bounded wait), and no index update is
ever lost or made twice.
"""

from __future__ import annotations

import os
import time

from trioboard.store.git.index import index_with
from trioboard.store.git.repository import BoardRepo
from trioboard.store.safe_io import read_plain, write_all

INDEX_LOCK_WAIT = 3.0
"""How long another git command (an IDE's `git status`) may hold `index.lock` before an edit gives up."""


class IndexBusy(Exception):
    """Another process holds git's `index.lock` for longer than the bounded wait."""


def index_busy_message(where: BoardRepo) -> str:
    """What to tell the user when another git command holds the index: nothing was committed, and why."""
    lock = where.git_dir / "index.lock"
    return (
        f"another git command is using the index ({lock} exists); nothing was committed. "
        "Try again when it is done; if no git command is running, remove that file"
    )


class IndexLock:
    """git's `index.lock`, taken as git takes it and released only when this process made it.

    The lock is first made as a file of our own in `.git/trioboard` (its
    inode recorded in the journal), then hard-linked to `.git/index.lock`:
    the link fails when the name exists, exactly as git's exclusive create.
    Recovery can then tell our lock from another process's by its inode.
    """

    def __init__(self, where: BoardRepo, inode: int | None = None) -> None:
        self.where = where
        self.path = where.git_dir / "index.lock"
        self.mine = where.state_dir / f"index.lock-{os.getpid()}"
        self.inode = inode

    def create(self) -> int:
        """Make our lock file (not yet the lock); returns its inode, for the journal."""
        self.mine.unlink(missing_ok=True)
        fd = os.open(self.mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            self.inode = os.fstat(fd).st_ino
        finally:
            os.close(fd)
        return self.inode

    def take(self, wait: float | None = None) -> None:
        """Become `index.lock`, waiting up to `wait` seconds (default INDEX_LOCK_WAIT) for another holder.

        IndexBusy after that, with our own lock file removed.
        """
        deadline = time.monotonic() + (INDEX_LOCK_WAIT if wait is None else wait)
        while True:
            try:
                os.link(self.mine, self.path)
                return
            except FileExistsError:
                if time.monotonic() >= deadline:
                    self.mine.unlink(missing_ok=True)
                    raise IndexBusy(str(self.path)) from None
                time.sleep(0.01)

    def write(self, data: bytes) -> None:
        """Fill the lock with the new index, durably."""
        fd = os.open(self.mine, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def ours(self) -> bool:
        """Whether `index.lock` is the one this edit made."""
        try:
            return self.inode is not None and os.lstat(self.path).st_ino == self.inode
        except FileNotFoundError:
            return False

    def release(self) -> None:
        """Let go without installing: remove `index.lock` only if it is ours."""
        if self.ours():
            os.unlink(self.path)
        self.mine.unlink(missing_ok=True)

    def install(self) -> None:
        """Rename our `index.lock` into place as the index (git's own last step)."""
        os.rename(self.path, self.where.git_dir / "index")
        self.mine.unlink(missing_ok=True)


def new_index(where: BoardRepo, entries: tuple[tuple[str, str, str], ...]) -> bytes:
    """The user's index with `entries` (mode, blob, path; mode "0" removes) applied; read under `index.lock`."""
    current = read_plain(where.git_dir / "index")
    return index_with(where.git, where.state_dir, current, {p: (None if m == "0" else (m, s)) for m, s, p in entries})


def update_index(where: BoardRepo, entries: tuple[tuple[str, str, str], ...]) -> None:
    """Make the user's index hold `entries` (and change nothing else in it), under git's lock."""
    lock = IndexLock(where)
    lock.create()
    lock.take()
    try:
        lock.write(new_index(where, entries))
    except BaseException:
        lock.release()
        raise
    lock.install()
