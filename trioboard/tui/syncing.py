"""Syncing with the upstream, on `s` or on a timer, in a thread worker that reports with a message.

The `Syncer` belongs to the app: it runs the workspace's sync (fetch, merge
by node, push), opens the conflict dialog when one stops it, and keeps the
sync badge saying where the branch stands.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from trioboard.core import edits
from trioboard.core.results import Standing
from trioboard.core.text import plural
from trioboard.tui import labels
from trioboard.tui.messages import StandingRead, Synced, SyncFailed
from trioboard.tui.settle import Choices, SettleConflicts
from trioboard.tui.text import clean, label

if TYPE_CHECKING:
    from trioboard.tui.app import TrioboardApp


class Syncer:
    """Syncs the app's board and says how it went."""

    def __init__(self, app: TrioboardApp) -> None:
        self.app = app
        self.syncing = False
        self.last_sync: str | None = None
        """When the last sync went through (`14:05`)."""
        self.busy: str | None = None
        """What git was in the middle of when the standing was last read (a merge, a rebase)."""

    def sync_now(self) -> None:
        """Sync now; conflicts open a dialog."""
        if self.syncing:
            return
        self.app.board.say(Text("… syncing", style="dim"))
        self._start(None, background=False)

    def background(self) -> None:
        """A sync on the timer, unless a dialog is open or one is running; never takes the focus."""
        from textual.screen import ModalScreen

        if self.syncing or isinstance(self.app.screen, ModalScreen):
            return
        self._start(None, background=True)

    def _start(self, prefer: Choices | None, *, background: bool) -> None:
        self.app.run_worker(
            partial(self._work, prefer, background=background), name="_sync_worker", group="sync", thread=True
        )

    def _work(self, prefer: Choices | None, *, background: bool) -> None:
        from trioboard.core.errors import GitError, RemoteFailed

        app, workspace = self.app, self.app.workspace
        self.syncing = True
        try:
            with app.lock:
                result = workspace.sync(prefer=prefer)
                state = None
                if not result.stopped:
                    app.watcher.take_baseline()
                    state = workspace.state()
            app.post_message(Synced(result, state, workspace.standing(), background))
        except edits.Refused as exc:
            app.post_message(SyncFailed(f"Sync refused: {exc}", workspace.standing()))
        except (RemoteFailed, GitError) as exc:
            app.post_message(SyncFailed(f"Sync failed: {exc}", workspace.standing()))
        finally:
            self.syncing = False

    def read_standing(self) -> None:
        """Read, in a worker, where the branch stands against its upstream."""
        app = self.app
        app.run_worker(
            lambda: app.post_message(StandingRead(app.workspace.standing())),
            name="_read_standing",
            group="standing",
            thread=True,
        )

    def show_standing(self, standing: Standing) -> None:
        """Say in the sync badge where the branch stands, and when it last synced.

        A merge, rebase or cherry-pick that has just started is said whole
        in the status line too: it is why edits are refused until it ends.
        """
        self.app.board.show_standing(labels.standing_text(standing, self.last_sync))
        if standing.busy and standing.busy != self.busy:
            self.app.board.say(label(("⚠ ", "yellow"), "Edits are off: ", standing.busy))
        self.busy = standing.busy

    def synced(self, message: Synced) -> None:
        """A sync ran: show what came in, or the conflicts that stopped it."""
        board, result = self.app.board, message.result
        if result.stopped:
            count = len(result.conflicts)
            self.show_standing(message.standing)
            board.say(
                label(
                    ("⚠ ", "yellow"),
                    f"{plural(count, 'conflict')} with {result.upstream}",
                    ("; nothing was changed" + ("; press s to settle" if message.background else ""), "dim"),
                )
            )
            if not message.background:
                self.app.push_screen(SettleConflicts(result.upstream, result.conflicts), self._settled)
            return
        self.last_sync = time.strftime("%H:%M")
        self.show_standing(message.standing)
        if message.state is not None and (result.came_in or result.went_out):
            board.show(message.state)
        line = label(("✓ ", "green"), labels.sync_summary(result))
        if result.recovered:
            line.append(f"  ({clean(result.recovered)})", style="dim")
        board.say(line)

    def _settled(self, choices: Choices | None) -> None:
        if choices:
            self.app.board.say(Text("… syncing with your choices", style="dim"))
            self._start(choices, background=False)
        else:
            self.app.board.say(Text("Sync cancelled; nothing was changed", style="dim"))

    def failed(self, message: SyncFailed) -> None:
        """A sync was refused or could not reach the remote: say why."""
        self.show_standing(message.standing)
        self.app.board.say(label(("✖ ", "red"), message.reason))
