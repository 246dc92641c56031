"""The board watcher: notices changes made outside this app (a second terminal, a script, a `git pull`).

Apart from the widgets that show what it sees: the watcher reads, in a
thread worker, and hands each new state to a callback (the app posts it as
a `Loaded` message). It polls the workspace's cheap signature of the board's
files and refs every half second, and reads the board again only when that
changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from textual.message import Message

from trioboard.tui.messages import Loaded, StandingRead
from trioboard.workspace import Workspace

POLL_SECONDS = 0.5


class BoardWatcher:
    """Remembers the board as last read and watches it for outside changes."""

    def __init__(self, workspace: Workspace, lock: threading.Lock, is_mine: Callable[[str], bool]) -> None:
        self.workspace = workspace
        self.lock = lock
        """Held by whoever uses the workspace: the watcher, an edit, a sync (one at a time)."""
        self.is_mine = is_mine
        """Whether a commit is this session's own (then it did not "arrive")."""
        self.signature: object = None
        """`workspace.signature()` of the board as last read."""
        self.head: str | None = None
        """The newest commit on the board the watcher has seen."""

    def take_baseline(self) -> None:
        """Remember the board's files and newest commit as one moment (call with `lock` held).

        The watcher announces a commit newer than `head` once the signature
        changes; the two are read until no commit landed between them, else a
        commit in that gap would be shown but never announced.
        """
        for _ in range(5):
            signature = self.workspace.signature()
            last = self.workspace.last_commit()
            if self.workspace.signature() == signature:
                break
        self.signature, self.head = signature, last.sha if last else None

    def watch(self, cancelled: Callable[[], bool], changed: Callable[[Message], object]) -> None:
        """Poll until `cancelled()`; each change is read and handed to `changed` (a `Loaded`, then a `StandingRead`).

        Where the branch stands is read again on every change: a commit made
        by another process (`trioboard edit` in a second terminal) moves ↑,
        and a `git pull` that stopped on conflicts starts a merge.
        """
        while not cancelled():
            time.sleep(POLL_SECONDS)
            with self.lock:
                signature = self.workspace.signature()
                if signature == self.signature:
                    continue
                self.signature = signature
                state = self.workspace.state()
                uncommitted = self.workspace.uncommitted()
                last = self.workspace.last_commit()
                standing = self.workspace.standing()
            arrived = None
            if last is not None and last.sha != self.head:
                self.head = last.sha
                if not self.is_mine(last.sha):
                    arrived = last
            changed(Loaded(state, uncommitted, arrived))
            changed(StandingRead(standing))
            with self.lock:
                self.workspace.keep_models()  # after a pull that changed many files
