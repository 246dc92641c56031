"""The trioboard app: one board, its screen, and the keys that act on it.

The app is the shell. It holds the `Workspace` (used by one thread at a
time, under `lock`), starts the workers that read it and watch it
(`watcher`), and routes what they report: to the board screen
(`screens.board`, which shows the board and coordinates its views), to the
`Editor` (`editing`: every edit, undo and redo) and to the `Syncer`
(`syncing`). Every read, edit and git call runs in a thread worker that
reports back with a message (`messages`): the screen never freezes on a
commit.

Keys and pastes read from the terminal pass the key buffer (`keys`): one
at a time, each to the widget it was typed for, never ahead of a dialog.

What it does not hold: the keys (`actions.ACTIONS`), the edit flows
(`edit_flows`), and which node is selected: that is always the node under
the active view's cursor, read when a key is pressed.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.screen import Screen

from trioboard.core.exitcodes import ExitCode
from trioboard.core.results import BoardState
from trioboard.tui import actions
from trioboard.tui.dialogs import Form, Help
from trioboard.tui.edit_flows import FLOWS
from trioboard.tui.editing import Editor
from trioboard.tui.keys import KeyBuffer
from trioboard.tui.messages import Dated, EditDone, EditFailed, Loaded, StandingRead, Synced, SyncFailed, Uncommitted
from trioboard.tui.messages_log import MessagesLog
from trioboard.tui.screens.board import BoardScreen
from trioboard.tui.session import Request
from trioboard.tui.syncing import Syncer
from trioboard.tui.watcher import BoardWatcher
from trioboard.tui.widgets import (
    DiscoveryTree,
    FindingsList,
    FindingsView,
    History,
    HorizonList,
    Impact,
    Roadmap,
    StrategyTree,
    TeamsTable,
)
from trioboard.tui.widgets.base import BoardView
from trioboard.tui.widgets.detail import DETAIL_STEP
from trioboard.tui.widgets.status import StatusLine
from trioboard.workspace import Workspace

_EDIT_KEYS = frozenset(key for a in actions.ACTIONS if a.edits for key in a.keys.split(",") if key)
"""The keys of every edit: on a read-only board, pressing one says "read-only"."""


class TrioboardApp(App[None]):
    """Plan together: see what has come loose from strategy and who is stuck, and fix it."""

    CSS_PATH = "app.tcss"
    TITLE = "trioboard"
    BINDINGS = actions.bindings()

    def __init__(
        self,
        root: Path,
        *,
        read_only: bool = False,
        author: str | None = None,
        watch: bool = True,
        workspace: Workspace | None = None,
        state: BoardState | None = None,
        seen: object = None,
        sync_every: float | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.today = today
        """The date the board is judged at and check-ins default to (None: the day it is); tests pin it."""
        self.sync_every = sync_every
        """Seconds between background syncs; None: only when asked."""
        self.workspace = workspace or Workspace(root, author)
        if today is not None:
            self.workspace.today = today
        self._initial = state
        self._initial_seen = seen
        """`workspace.signature()` taken just before `state` was read: a change since is shown at once."""
        self.read_only = read_only
        self.watch_changes = watch
        self.lock = threading.Lock()
        """Held by whoever uses the workspace: the watcher, an edit, a sync (one at a time)."""
        self.editor = Editor(self)
        self.syncer = Syncer(self)
        self.watcher = BoardWatcher(self.workspace, self.lock, self.editor.session.is_mine)
        self.board = BoardScreen(read_only=read_only)
        """The one screen under the dialogs."""
        self.keys = KeyBuffer(self, super().on_event)
        """Keys and pastes as read, handed on one at a time (see `keys`)."""
        self.loaded = threading.Event()
        """Set once the first state is shown (tests and benchmarks wait on it)."""
        self.ready = threading.Event()
        """Set once the first state is shown and every view is mounted."""
        self.closed = threading.Event()
        """Set when the app unmounts: the watcher stops with it."""

    def get_default_screen(self) -> Screen[Any]:
        return self.board

    def on_mount(self) -> None:
        self.theme = _terminal_theme()
        self.keys.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self.keys.take(event)  # read from the terminal: in order, one at a time
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        # A quit that arrives before the board screen has mounted (a browser
        # tab closed at once) is handled before the screen starts the watcher:
        # Textual has already cancelled its workers, so the watcher must stop
        # on this, or its thread would keep the process alive.
        self.closed.set()

    def start(self) -> None:
        """Show the board and start reading it: called once the board screen is mounted."""
        if self._initial is not None:
            # Read before the app started (see `run`): show it in the first frame.
            self._loaded(Loaded(self._initial))
        self.load_board()
        self.syncer.read_standing()
        if self.sync_every and not self.read_only:
            self.set_interval(self.sync_every, self.syncer.background)

    # -- what tests and the flows ask of the board ----------------------------------------

    @property
    def state(self) -> BoardState | None:
        """The state shown (None until the first is read)."""
        return self.board.state

    @property
    def active_tab(self) -> str:
        """The id of the tab shown."""
        return self.board.active_tab

    @property
    def active_view(self) -> BoardView:
        """The view shown: keys act on its cursor."""
        return self.board.active_view

    @property
    def selected(self) -> str | None:
        """The node keys act on: the one under the active view's cursor."""
        return self.board.selected

    def go_to(self, node_id: str) -> None:
        """Put the cursor on a node: in the view shown when it shows the node, else where it lives."""
        self.board.go_to(node_id)

    def commit(self, request: Request, origin: Form | None = None) -> None:
        """Commit one request in a worker; the result comes back as a message."""
        self.editor.commit(request, origin)

    # -- reading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_board(self) -> None:
        """Read the board (and, unless told not to, keep watching it)."""
        from textual.worker import get_current_worker

        with self.lock:
            if self.watch_changes:
                self.watcher.take_baseline()
            shown = self._initial
            if shown is None or (self.watch_changes and self._initial_seen != self.watcher.signature):
                shown = self.workspace.quick_state()
                self.post_message(Loaded(shown))
            self._initial = None
        with self.lock:
            # The dates the Impact rules judge by can take git a while: read after the board is shown.
            dated = self.workspace.dated(shown)
        if dated is not None:
            self.post_message(Dated(dated, shown))
        if self.watch_changes:
            uncommitted = self.workspace.uncommitted()
            if uncommitted:
                self.post_message(Uncommitted(uncommitted))
            worker = get_current_worker()
            self.watcher.watch(lambda: worker.is_cancelled or self.closed.is_set(), self.post_message)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.board.show_loaded(message)
        self.loaded.set()
        self._set_ready()

    def _set_ready(self) -> None:
        """Tell tests every view is mounted (the hidden ones come just after the first frame)."""
        if self.ready.is_set():
            return
        if all(view.is_mounted for view in self.board.views.values()):  # type: ignore[attr-defined]
            self.ready.set()
            if not gc.isenabled():
                # `trioboard` paused the collector on the way to the first frame; what is
                # here now lives as long as the app, so later collections skip it.
                gc.freeze()
                gc.enable()
            self._keep_models()
        else:
            self.call_after_refresh(self._set_ready)

    @work(thread=True, group="keep")
    def _keep_models(self) -> None:
        """Keep what was parsed for the next open, once the board is on screen."""
        with self.lock:
            self.workspace.keep_models()

    @on(Dated)
    def _dated(self, message: Dated) -> None:
        if self.board.state is message.undated:  # nothing newer was shown meanwhile
            self._loaded(Loaded(message.state))

    @on(Uncommitted)
    def _uncommitted_seen(self, message: Uncommitted) -> None:
        self.board.show_uncommitted(message.files)

    # -- what the workers report ---------------------------------------------------------

    @on(EditDone)
    def _edit_done(self, message: EditDone) -> None:
        self.editor.done(message)

    @on(EditFailed)
    def _edit_failed(self, message: EditFailed) -> None:
        self.editor.failed(message)

    @on(StandingRead)
    def _standing_read(self, message: StandingRead) -> None:
        self.syncer.show_standing(message.standing)

    @on(Synced)
    def _synced(self, message: Synced) -> None:
        self.syncer.synced(message)

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        self.syncer.failed(message)

    # -- actions (the keys are `actions.ACTIONS`) -----------------------------------------

    def action_tab(self, tab: str) -> None:
        self.board.show_tab(tab)

    def action_toggle_detail(self) -> None:
        self.board.toggle_detail()

    def action_detail_narrower(self) -> None:
        self.board.resize_detail(-DETAIL_STEP)

    def action_detail_wider(self) -> None:
        self.board.resize_detail(DETAIL_STEP)

    def action_help(self) -> None:
        self.open_dialog(Help(actions.help_keys(), view_keys()))

    def action_messages(self) -> None:
        self.open_dialog(MessagesLog(self.board.query_one(StatusLine).said))

    def action_find(self) -> None:
        self.board.find()

    def action_sync(self) -> None:
        """Sync now; conflicts open a dialog."""
        self.syncer.sync_now()

    def action_commit_hand_edits(self) -> None:
        """Commit the board files changed outside trioboard (asks first)."""
        files = self.workspace.uncommitted()
        self.board.show_uncommitted(files)
        if not files:
            self.board.warn("Every board file is committed: nothing to commit")
            return
        self.editor.offer_to_commit(files, None)

    def action_flow(self, name: str) -> None:
        """Run one edit flow of `edit_flows` (the action table names them); the board screen is its host."""
        FLOWS[name](self.board)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.read_only:
            return True
        called = f"{action}({', '.join(repr(p) for p in parameters)})" if parameters else action
        return called not in actions.EDIT_ACTIONS

    def on_key(self, event: events.Key) -> None:
        """Keys no widget took: edit keys on a read-only board say why nothing happens."""
        if self.read_only and event.key in _EDIT_KEYS and len(self.screen_stack) == 1:
            self.board.warn("Read-only: this board was opened with --read-only; edits are off")

    def get_system_commands(self, screen: Screen[object]) -> list[SystemCommand]:
        ours = [
            SystemCommand(a.title, f"{a.help[:1].upper()}{a.help[1:]} ({a.key})", partial(self.run_action, a.action))
            for a in actions.palette(read_only=self.read_only)
        ]
        return [*super().get_system_commands(screen), *ours]

    # -- dialogs ------------------------------------------------------------------------

    def open_dialog(self, dialog: Screen[Any], then: Callable[[Any], None] | None = None) -> None:
        """Open a dialog: keys typed after the one that opened it wait for it (`keys`)."""
        self.push_screen(dialog, then)


def view_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """Each view's own keys, for the help screen and the README."""
    return actions.view_keys(
        [
            ("the strategy tree", (StrategyTree,)),
            ("Teams", (TeamsTable,)),
            ("the Roadmap", (HorizonList, Roadmap)),
            ("Findings", (FindingsList, FindingsView)),
            ("History", (History,)),
            ("Impact", (Impact,)),
            ("Discovery", (DiscoveryTree,)),
        ]
    )


def _terminal_theme() -> str:
    """Follow the terminal: ANSI colours, light or dark by what the terminal says it is."""
    colours = os.environ.get("COLORFGBG", "")
    background = colours.rsplit(";", 1)[-1] if colours else ""
    light = background in {"7", "15"}
    return "ansi-light" if light else "ansi-dark"


def run(
    root: Path,
    *,
    read_only: bool = False,
    author: str | None = None,
    sync_every: float | None = None,
    workspace: Workspace | None = None,
) -> int:
    """Open the board in the terminal; the exit status says whether the app died of an error.

    The board is read before the app starts: read in a worker while Textual
    draws its first frames, the same work took a third longer (one GIL), and
    a frame with nothing to show is no use to anyone.
    """
    workspace = workspace or Workspace(root, author)
    seen = workspace.signature()
    state = workspace.quick_state()
    app = TrioboardApp(
        root,
        read_only=read_only,
        author=workspace.author,
        workspace=workspace,
        state=state,
        seen=seen,
        sync_every=sync_every,
    )
    try:
        app.run()
    finally:
        gc.enable()
    # Textual prints the traceback of an error that stopped the app and sets
    # a non-zero return code: a crash must never look like a normal quit.
    return ExitCode.OK if not app.return_code else ExitCode.CANNOT_RUN
