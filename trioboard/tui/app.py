"""The trioboard app: one board, its views, and every edit a trio needs.

The app coordinates: it holds the `Workspace`, runs every read, edit and
git call in a thread worker that reports back with a message (the screen
never freezes on a commit), hands each view the new `BoardState`, and keeps
the user's place when the board changes underneath (a second terminal, a
script, a `git pull`): a watcher notices within half a second.

What it does not hold: the keys (`actions.ACTIONS`), the edit flows
(`edit_flows`), and which node is selected: that is always the node under
the active view's cursor, read when a key is pressed.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.lazy import Lazy
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, TabbedContent, TabPane

from trioboard.core import edits
from trioboard.core.model import Node, Team
from trioboard.core.text import a_or_an, plural
from trioboard.exitcodes import ExitCode
from trioboard.history import LogEntry
from trioboard.tui import actions, views
from trioboard.tui.dialogs import Confirm, Dialog, Form, Help, Picker, SettleConflicts
from trioboard.tui.edit_flows import FLOWS, MakeOp
from trioboard.tui.text import NEWLINE, clean, label
from trioboard.tui.widgets import (
    BoardView,
    DetailPane,
    FindingsList,
    FindingsView,
    History,
    HorizonList,
    JumpTo,
    NodeHighlighted,
    Roadmap,
    StatusLine,
    StrategyTree,
    SyncBadge,
    TeamsTable,
    TopBar,
)
from trioboard.workspace import (
    BoardState,
    CommitInfo,
    EditResult,
    Standing,
    SyncResult,
    Workspace,
    commit_changes,
)

POLL_SECONDS = 0.5
_EDIT_KEYS = frozenset(key for a in actions.ACTIONS if a.edits for key in a.keys.split(",") if key)
"""The keys of every edit: on a read-only board, pressing one says "read-only"."""
DETAIL_STEP = 8
"""Columns the detail pane grows or shrinks by with ] and [."""
DETAIL_MIN, VIEW_MIN = 26, 30
"""The narrowest the detail pane, and the views beside it, may be."""
NARROW = 100
"""Below this many columns the Roadmap's three columns need the detail pane's room: it starts hidden there."""


@dataclass(frozen=True, slots=True)
class Tab:
    """One view of the board, as a tab."""

    id: str
    title: str
    make: Callable[[], Widget]
    """Builds the view (a `BoardView`)."""


TABS: tuple[Tab, ...] = (
    Tab("strategy", "Strategy", lambda: StrategyTree(id="strategy-tree")),
    Tab("teams", "Teams", lambda: TeamsTable(id="teams-table")),
    Tab("roadmap", "Roadmap", lambda: Roadmap(id="roadmap-view")),
    Tab("findings", "Findings", lambda: FindingsView(id="findings-view")),
    Tab("history", "History", lambda: History(id="history-view")),
)
"""The views, in the order of their tabs and number keys."""


@dataclass
class FocusStrayed(Message):
    """A widget in a hidden tab took the focus: it goes back to the view shown."""


@dataclass
class MainResized(Message):
    """The terminal's size changed the room for the views and the detail pane."""


class Main(Horizontal):
    """The views beside the detail pane; says when its size changes (the app's own resize is Textual's)."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(MainResized())


class Pane(TabPane):
    """A tab's pane that never takes its tab back once hidden.

    Hiding a tab blurs its focused view, and Textual then focuses a visible
    sibling: Findings' filter, in the very pane being hidden. A focus in a pane
    makes `TabbedContent` show that pane, so under load the tab a key had just
    left came back and the key was lost. Our tabs change only by `active`.
    """

    @on(TabPane.Focused)
    def _focused(self, event: TabPane.Focused) -> None:
        if not self.display:
            event.stop()
            self.post_message(FocusStrayed())


@dataclass(frozen=True, slots=True)
class CommitHandEdits:
    """Commit board files changed outside trioboard as they are; then, maybe, the edit they held up."""

    files: tuple[str, ...]
    then: edits.Operation | None = None


@dataclass(frozen=True, slots=True)
class Revert:
    """Revert one commit with a new one: an undo, or (of an undo) a redo."""

    commit: str
    redo: bool = False


Request = edits.Operation | Revert | CommitHandEdits
"""What the edit worker commits."""


@dataclass
class Loaded(Message):
    """A new state of the board was read."""

    state: BoardState
    uncommitted: list[str] | None = None
    """Board files changed outside trioboard and not committed (None: not looked at)."""
    arrived: CommitInfo | None = None
    """Someone else's commit that brought this state, to say who changed what."""


@dataclass
class EditDone(Message):
    """A request was committed; the state after it comes along."""

    request: Request
    result: EditResult
    state: BoardState
    origin: Form | None = None


@dataclass
class EditFailed(Message):
    """A request was refused or could not run; nothing was written."""

    request: Request
    reason: str
    field: str | None = None
    origin: Form | None = None
    uncommitted: list[str] | None = None
    """Board files changed outside trioboard that held the edit up."""


@dataclass
class Synced(Message):
    """A sync ran: it went through, or conflicts stopped it (nothing changed)."""

    result: SyncResult
    state: BoardState | None
    standing: Standing
    background: bool


@dataclass
class SyncFailed(Message):
    """A sync was refused or the remote could not be used; the reason is one line."""

    reason: str
    standing: Standing


@dataclass
class StandingRead(Message):
    """Where the branch stands against its upstream."""

    standing: Standing


@dataclass
class ChangesRead(Message):
    """What a commit changed, by meaning, for the History's detail."""

    entry: LogEntry
    changes: str


@dataclass
class Uncommitted(Message):
    """Board files changed outside trioboard are not committed."""

    files: list[str]


@dataclass
class LogLoaded(Message):
    """The history view's commits were read."""

    entries: list[LogEntry] | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Undone:
    """An undo this session made, and what it undid (None: a commit chosen in History)."""

    undo: EditResult
    original: EditResult | None


def subject_of(request: Request) -> str | None:
    """The node an edit is about: the cursor follows it to wherever it went."""
    if isinstance(request, edits.Link | edits.Unlink):
        return request.source
    if isinstance(request, edits.Move):
        return request.item
    if isinstance(request, edits.Remove | Revert | CommitHandEdits):
        return None
    return request.id


class TrioboardApp(App[None]):
    """Plan together: see what has come loose from strategy and who is stuck, and fix it."""

    CSS_PATH = "app.tcss"
    TITLE = "trioboard"
    BINDINGS = actions.bindings()
    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]
    """Screens under 26 rows get `-short`: the forms give their fields less room there."""

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
    ) -> None:
        super().__init__()
        self.sync_every = sync_every
        """Seconds between background syncs; None: only when asked."""
        self._syncing = False
        self._last_sync: str | None = None
        self.workspace = workspace or Workspace(root, author)
        self._initial = state
        self._initial_seen = seen
        """`workspace.signature()` taken just before `state` was read: a change since is shown at once."""
        self.read_only = read_only
        self.watch_changes = watch
        self.state: BoardState | None = None
        self._lock = threading.Lock()
        self._signature: object = None
        self._stale_views: set[str] = set()
        self._views: dict[str, BoardView] = {}
        self._mine: list[EditResult] = []
        """This session's own edits, oldest first, that are not undone: `z` undoes the last."""
        self._undone: list[Undone] = []
        """This session's undos, oldest first: `Z` redoes the last."""
        self._detail_shown: dict[str, bool] = {}
        """The user's choice (`d`) of the detail pane, per place (see `_detail_place`)."""
        self._told_narrow = False
        self._committing = 0
        """Requests handed to the edit worker whose outcome has not come back yet."""
        self._dialog_since = 0.0
        """When the last dialog was opened, on the clock of `Message.time`: keys read before it went elsewhere."""
        self._opening: Awaitable[object] | None = None
        """The dialog being opened, until the action that opened it has waited for it (`_opened`)."""
        self._commit_text: Text | None = None
        """The detail of the highlighted commit in History."""
        self._uncommitted: list[str] = []
        """Board files changed outside trioboard and not committed: marked ✎ in the top bar."""
        self._head: str | None = None
        """The newest commit on the board the watcher has seen."""
        self.loaded = threading.Event()
        """Set once the first state is shown (tests and benchmarks wait on it)."""
        self.ready = threading.Event()
        """Set once the first state is shown and every view is mounted."""

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(Text("trioboard  loading the board…"), id="topbar")
        with Main(id="main"):
            with TabbedContent(id="tabs", initial=TABS[0].id):
                for n, tab in enumerate(TABS):
                    with Pane(tab.title, id=tab.id):
                        view = tab.make()
                        self._views[tab.id] = view  # type: ignore[assignment]
                        # The hidden views are mounted just after the first frame: styling
                        # their widgets was a tenth of the time to it on a large board.
                        yield view if n == 0 else Lazy(view)
            yield DetailPane(id="detail")
        with Horizontal(id="statusbar"):
            yield StatusLine(Text("", style="dim"), id="status")
            yield SyncBadge("", id="sync-badge")
        yield Footer()

    def on_mount(self) -> None:
        self.theme = _terminal_theme()
        if self._initial is not None:
            # Read before the app started (see `run`): show it in the first frame.
            self._loaded(Loaded(self._initial))
        self.load_board()
        self._read_standing()
        if self.sync_every and not self.read_only:
            self.set_interval(self.sync_every, self._background_sync)

    @property
    def active_tab(self) -> str:
        """The id of the tab shown."""
        return self.query_one(TabbedContent).active or TABS[0].id

    @property
    def active_view(self) -> BoardView:
        """The view shown: keys act on its cursor."""
        return self._views[self.active_tab]

    @property
    def selected(self) -> str | None:
        """The node keys act on: the one under the active view's cursor."""
        return self.active_view.current_id()

    # -- reading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_board(self) -> None:
        """Read the board (and, unless told not to, keep watching it)."""
        with self._lock:
            if self.watch_changes:
                self._take_baseline()
            if self._initial is None or (self.watch_changes and self._initial_seen != self._signature):
                state = self.workspace.state()
                self.post_message(Loaded(state))
            self._initial = None
        if self.watch_changes:
            uncommitted = self.workspace.uncommitted()
            if uncommitted:
                self.post_message(Uncommitted(uncommitted))
            self._watch()

    def _take_baseline(self) -> None:
        """Remember the board's files and newest commit as one moment (call with `_lock` held).

        The watcher announces a commit newer than `_head` once the signature
        changes; the two are read until no commit landed between them, else a
        commit in that gap would be shown but never announced.
        """
        for _ in range(5):
            signature = self.workspace.signature()
            last = self.workspace.last_commit()
            if self.workspace.signature() == signature:
                break
        self._signature, self._head = signature, last.sha if last else None

    def _watch(self) -> None:
        worker_is_cancelled = self._cancelled
        while not worker_is_cancelled():
            time.sleep(POLL_SECONDS)
            with self._lock:
                signature = self.workspace.signature()
                if signature == self._signature:
                    continue
                self._signature = signature
                state = self.workspace.state()
                uncommitted = self.workspace.uncommitted()
                last = self.workspace.last_commit()
            arrived = None
            if last is not None and last.sha != self._head:
                self._head = last.sha
                if last.sha not in {r.sha for r in self._mine}:
                    arrived = last
            self.post_message(Loaded(state, uncommitted, arrived))
            with self._lock:
                self.workspace.keep_models()  # after a pull that changed many files

    def _cancelled(self) -> bool:
        from textual.worker import get_current_worker

        return get_current_worker().is_cancelled

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        first = self.state is None
        if message.uncommitted is not None:
            self._uncommitted = message.uncommitted
        self._show(message.state)
        if first:
            self.active_view.focus_view()
        if message.arrived is not None:
            who, what = message.arrived.author, message.arrived.subject
            self.notify(f"{clean(who)}: {clean(what)}", title="Someone else committed", markup=False, timeout=8)
            self.query_one(StatusLine).update(label(("↻ ", "cyan"), (who, "bold"), " committed: ", what))
        self.loaded.set()
        self._set_ready()

    def _set_ready(self) -> None:
        """Tell tests every view is mounted (the hidden ones come just after the first frame)."""
        if self.ready.is_set():
            return
        if all(view.is_mounted for view in self._views.values()):  # type: ignore[attr-defined]
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
        with self._lock:
            self.workspace.keep_models()

    @on(Uncommitted)
    def _uncommitted_seen(self, message: Uncommitted) -> None:
        self._uncommitted = message.files
        if self.state is not None:
            self.query_one(TopBar).show(self.state, read_only=self.read_only, uncommitted=self._uncommitted)

    def _show(self, state: BoardState) -> None:
        self.state = state
        self.query_one(TopBar).show(state, read_only=self.read_only, uncommitted=self._uncommitted)
        self._stale_views = {tab.id for tab in TABS}
        self._refresh_active_view()
        self._show_detail()

    def _refresh_active_view(self) -> None:
        active = self.active_tab
        if self.state is None or active not in self._stale_views:
            return
        if not self._views[active].is_mounted:  # type: ignore[attr-defined]
            self.call_after_refresh(self._refresh_active_view)
            return
        self._stale_views.discard(active)
        self._views[active].show(self.state)

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated | None = None) -> None:
        """Refill the view if it is stale, focus it, and show what its cursor is on."""
        if not self.active_view.is_mounted:  # type: ignore[attr-defined]
            # A key pressed within the first frames: the view is being mounted (see compose).
            self.call_after_refresh(self._tab)
            return
        self._refresh_active_view()
        self._fit_detail()
        self.active_view.focus_view()
        if self.active_tab == "history":
            entry = self.query_one(History).current()
            self._commit_text = views.commit_detail(entry) if entry else None
        self._show_detail()

    @on(FocusStrayed)
    def _focus_strayed(self) -> None:
        if self.active_view.is_mounted:  # type: ignore[attr-defined]
            self.active_view.focus_view()

    @on(History.LogWanted)
    def _log_wanted(self) -> None:
        self.load_history()

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the board's git history for the History view."""
        from trioboard.workspace import GitError, board_log

        try:
            entries = board_log(self.workspace.root, 200)
        except GitError as exc:
            self.post_message(LogLoaded(None, str(exc)))
            return
        self.post_message(LogLoaded(entries))

    @on(LogLoaded)
    def _log_loaded(self, message: LogLoaded) -> None:
        if message.entries is None:
            self.notify(f"No history: {message.error}", severity="warning", markup=False)
            return
        self.query_one(History).show_log(message.entries)

    @on(History.CommitHighlighted)
    def _commit_highlighted(self, message: History.CommitHighlighted) -> None:
        self._commit_text = views.commit_detail(message.entry)
        self._show_detail()

    @on(History.CommitChosen)
    def _commit_chosen(self, message: History.CommitChosen) -> None:
        self.query_one(DetailPane).display = True
        self._commit_text = views.commit_detail(message.entry, "… reading what it changed")
        self._show_detail()
        self._read_changes(message.entry)

    @work(thread=True, exclusive=True, group="changes")
    def _read_changes(self, entry: LogEntry) -> None:
        self.post_message(ChangesRead(entry, commit_changes(self.workspace.root, entry.commit)))

    @on(ChangesRead)
    def _changes_read(self, message: ChangesRead) -> None:
        current = self.query_one(History).current()
        if current is not None and current.commit == message.entry.commit:
            self._commit_text = views.commit_detail(message.entry, message.changes)
            self._show_detail()

    # -- selection ------------------------------------------------------------------

    @on(NodeHighlighted)
    def _highlighted(self, message: NodeHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one(DetailPane).show(self._detail())

    def _detail(self) -> Text | None:
        """What the detail pane shows: the highlighted commit, finding, node, or place in a file."""
        state, selected = self.state, self.selected
        if state is None:
            return None
        if self.active_tab == "history":
            return self._commit_text
        text = None
        if self.active_tab == "findings":
            finding = self.query_one(FindingsList).current_finding()
            if finding is not None:
                text = views.finding_detail(state, finding)
        node = state.analysis.index.get(selected) if selected else None
        where = views.parse_location(selected) if selected else None
        below = views.detail(state, node) if node else views.location_detail(state, *where) if where else None
        if text is not None and node is None and where is not None and views.node_at(state, *where) is None:
            below = None  # A place with no node: the finding above says all there is.
        if text is None or below is None:
            return text or below
        text.append("\n\n")
        text.append_text(below)
        return text

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        self.go_to(message.node_id)

    def go_to(self, node_id: str) -> None:
        """Put the cursor on a node: in the view shown when it shows the node, else where it lives."""
        state = self.state
        if state is None:
            return
        node = state.analysis.index.get(node_id)
        if node is None and views.parse_location(node_id) is not None:
            # No node on the board to go to: the place in its file, in the detail pane (the
            # findings list keeps its cursor on the finding, which names that place).
            self.query_one(DetailPane).display = True
            self._show_detail()
            return
        if node is None:
            self.notify(f"{clean(node_id)} is not on the board", severity="warning", markup=False)
            return
        if self.active_tab not in ("findings", "history") and self.active_view.select_id(node_id):
            self.active_view.focus_view()
            self._show_detail()
            return
        self.query_one(TabbedContent).active = "teams" if isinstance(node, Team) else "strategy"
        self._refresh_active_view()
        view = self.active_view
        shown = view.select_id(node_id)
        view.focus_view()
        self._show_detail()
        if not shown:
            # A done or dropped item with no strategy link: the views list active work
            # and the strategy; say where it is rather than do nothing.
            where = f"{node.pos.file}:{node.pos.line}"
            self.warn(f"{node_id} is in no view (it is not active and has no strategy link): see {where}")

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def _detail_place(self) -> str:
        """Which of the user's two choices of the detail pane applies to what is shown."""
        return "narrow-roadmap" if self.active_tab == "roadmap" and self.size.width < NARROW else "views"

    def _fit_detail(self) -> None:
        """Show or hide the detail pane as the user last chose for this place.

        A narrow Roadmap starts without it (ids were cut to 15 characters
        beside it at 80 columns) and says so once; `d` brings it back there.
        """
        place = self._detail_place()
        shown = self._detail_shown.get(place, place == "views")
        detail = self.query_one(DetailPane)
        if detail.display != shown:
            detail.display = shown
        if place == "narrow-roadmap" and not shown and not self._told_narrow:
            self._told_narrow = True
            self.notify("The Roadmap is narrow here: it hides the detail pane (d shows it)", markup=False)

    @on(MainResized)
    def _main_resized(self) -> None:
        if self.state is not None:
            self._fit_detail()

    def action_toggle_detail(self) -> None:
        detail = self.query_one(DetailPane)
        detail.display = not detail.display
        self._detail_shown[self._detail_place()] = bool(detail.display)

    def action_detail_narrower(self) -> None:
        self._resize_detail(-DETAIL_STEP)

    def action_detail_wider(self) -> None:
        self._resize_detail(DETAIL_STEP)

    def _resize_detail(self, step: int) -> None:
        """Give the detail pane a fixed width, a step narrower or wider, leaving the views room."""
        detail = self.query_one(DetailPane)
        detail.display = True
        self._detail_shown[self._detail_place()] = True
        widest = max(DETAIL_MIN, self.size.width - VIEW_MIN)
        width = min(widest, max(DETAIL_MIN, detail.outer_size.width + step))
        if width == detail.outer_size.width:
            # At 80 columns the pane starts next to its narrowest: a key that
            # silently does nothing looks broken, so say why.
            how = "narrow" if step < 0 else "wide"
            self.notify(f"The detail pane is as {how} as it goes here (d hides it)", markup=False)
            return
        detail.styles.max_width = None
        detail.styles.width = width

    async def action_help(self) -> None:
        self._open(Help(actions.help_keys(), view_keys()))
        await self._opened()

    async def action_find(self) -> None:
        state = self.state
        if state is None:
            return
        choices = [views.node_choice(node) for node in state.board.nodes() if state.analysis.index.get(node.id) is node]
        self._open(Picker("Find a goal, team, outcome or item", choices), self._found)
        await self._opened()

    def _found(self, node_id: str | None) -> None:
        if node_id:
            self.go_to(node_id)

    # -- actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.read_only:
            return True
        called = f"{action}({', '.join(repr(p) for p in parameters)})" if parameters else action
        return called not in actions.EDIT_ACTIONS

    def on_key(self, event: events.Key) -> None:
        """Keys no widget took: typed ahead of a dialog, or edit keys on a read-only board."""
        if isinstance(self.screen, Dialog) and event.time < self._dialog_since:
            # Textual hands every key of a burst (`/tok⏎` typed fast, or read at once
            # over ssh) to the view focused when it was read; those after the key that
            # opened a dialog come back here, where Enter chose the first entry of an
            # unfiltered list. Read again now, they reach the dialog's field.
            event.prevent_default()
            event.stop()
            self.post_message(events.Key(event.key, event.character))
            return
        if self.read_only and event.key in _EDIT_KEYS and len(self.screen_stack) == 1:
            self.warn("Read-only: this board was opened with --read-only; edits are off")

    def get_system_commands(self, screen: Screen[object]) -> list[SystemCommand]:
        ours = [
            SystemCommand(a.title, f"{a.help[:1].upper()}{a.help[1:]} ({a.key})", partial(self.run_action, a.action))
            for a in actions.palette(read_only=self.read_only)
        ]
        return [*super().get_system_commands(screen), *ours]

    async def action_flow(self, name: str) -> None:
        """Run one edit flow of `edit_flows` (the action table names them)."""
        FLOWS[name](self)
        await self._opened()

    def _open(self, dialog: Screen[Any], then: Callable[[Any], None] | None = None) -> None:
        """Open a dialog; the action that opened it then waits in `_opened` until it is mounted."""
        self._dialog_since = _message_clock()
        self._opening = self.push_screen(dialog, then)

    async def _opened(self) -> None:
        """Wait until the dialog just opened is mounted.

        Keys read in the same burst as the one that opened it (`/tok⏎` over
        ssh, or typed fast) wait meanwhile, then reach the dialog's field
        instead of the view behind it; else Enter chose the first entry of
        an unfiltered list.
        """
        opening, self._opening = self._opening, None
        if opening is not None:
            await opening

    # -- syncing ------------------------------------------------------------------

    def action_sync(self) -> None:
        """Sync now; conflicts open a dialog."""
        if self._syncing:
            return
        self.query_one(StatusLine).update(Text("… syncing", style="dim"))
        self._sync_worker(None, background=False)

    def _background_sync(self) -> None:
        """A sync on the timer, unless a dialog is open or one is running; never takes the focus."""
        from textual.screen import ModalScreen

        if self._syncing or isinstance(self.screen, ModalScreen):
            return
        self._sync_worker(None, background=True)

    @work(thread=True, group="sync")
    def _sync_worker(self, prefer: dict[tuple[str, str | None], str] | None, *, background: bool) -> None:
        from trioboard.workspace import GitError
        from trioboard.workspace import SyncFailed as RemoteFailed

        self._syncing = True
        try:
            with self._lock:
                result = self.workspace.sync(prefer=prefer)
                state = None
                if not result.stopped:
                    self._take_baseline()
                    state = self.workspace.state()
            self.post_message(Synced(result, state, self.workspace.standing(), background))
        except edits.Refused as exc:
            self.post_message(SyncFailed(f"Sync refused: {exc}", self.workspace.standing()))
        except (RemoteFailed, GitError) as exc:
            self.post_message(SyncFailed(f"Sync failed: {exc}", self.workspace.standing()))
        finally:
            self._syncing = False

    @work(thread=True, group="standing")
    def _read_standing(self) -> None:
        self.post_message(StandingRead(self.workspace.standing()))

    @on(StandingRead)
    def _standing_read(self, message: StandingRead) -> None:
        self._show_standing(message.standing)

    def _show_standing(self, standing: Standing) -> None:
        self.query_one(SyncBadge).update(views.standing_text(standing, self._last_sync))

    @on(Synced)
    def _synced(self, message: Synced) -> None:
        result = message.result
        if result.stopped:
            count = len(result.conflicts)
            self._show_standing(message.standing)
            self.query_one(StatusLine).update(
                label(
                    ("⚠ ", "yellow"),
                    f"{plural(count, 'conflict')} with {result.upstream}",
                    ("; nothing was changed" + ("; press s to settle" if message.background else ""), "dim"),
                )
            )
            if not message.background:
                rows = [(c.node, c.field, c.ours, c.theirs) for c in result.conflicts]
                self.push_screen(SettleConflicts(result.upstream, rows), self._settled)
            return
        self._last_sync = time.strftime("%H:%M")
        self._show_standing(message.standing)
        if message.state is not None and (result.came_in or result.went_out):
            self._show(message.state)
        line = label(("✓ ", "green"), views.sync_summary(result))
        if result.recovered:
            line.append(f"  ({clean(result.recovered)})", style="dim")
        self.query_one(StatusLine).update(line)

    def _settled(self, choices: dict[tuple[str, str | None], str] | None) -> None:
        if choices:
            self.query_one(StatusLine).update(Text("… syncing with your choices", style="dim"))
            self._sync_worker(choices, background=False)
        else:
            self.query_one(StatusLine).update(Text("Sync cancelled; nothing was changed", style="dim"))

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        self._show_standing(message.standing)
        self.query_one(StatusLine).update(label(("✖ ", "red"), message.reason))

    # -- the flows' host (see edit_flows.Host) ----------------------------------------

    def target(self, *kinds: type) -> Node | None:
        """The highlighted node when it is one of `kinds`; otherwise say so and give None."""
        node = self.context()
        if node is None or (kinds and not isinstance(node, kinds)):
            wanted = " or ".join(k.__name__.lower() for k in kinds) if kinds else "node"
            self.warn(f"Select {a_or_an(wanted)} first")
            return None
        return node

    def context(self) -> Node | None:
        """The highlighted node, if any."""
        state, selected = self.state, self.selected
        return state.analysis.index.get(selected) if state and selected else None

    def ask(self, form: Form, make: MakeOp) -> None:
        """Show a form; commit `make(values)` on Save; the form stays open until the edit lands."""

        def submitted(values: dict[str, str]) -> None:
            try:
                op = make(values)
            except edits.Refused as exc:
                form.refuse(str(exc), exc.field)
                return
            self.commit(op, origin=form)

        form.on_submit = submitted
        self._open(form)

    def choose(self, picker: Picker, make: Callable[[str], edits.Operation]) -> None:
        """Show a picker; commit `make(choice)` when something was chosen."""

        def chosen(answer: str | None) -> None:
            if answer:
                self.commit(make(answer))

        self._open(picker, chosen)

    def confirm(self, question: Text, then: Callable[[], None], yes: str = "Yes") -> None:
        """Ask yes or no, starting on no; run `then` on yes."""

        def answered(answer: bool | None) -> None:
            if answer:
                then()

        # The toasts of the last edit sit where the dialog's buttons are at 80×24.
        self.clear_notifications()
        self._open(Confirm(question, yes), answered)

    def warn(self, text: str) -> None:
        """Say why nothing happened."""
        self.notify(clean(text), severity="warning", markup=False)

    def undo_last(self) -> None:
        """Undo this session's last edit; in History, the highlighted commit, whoever made it."""
        if self.active_tab == "history":
            self._undo_from_history()
            return
        if self._committing:
            # `x y z` typed fast: the remove is still on its way to git; undoing the one before would be wrong.
            self.warn("Your last edit is still being committed: press z again once it has landed")
            return
        if not self._mine:
            self.warn(
                "You have made no edit in this session to undo. "
                "To undo someone else's, choose it in History (5) and press z."
            )
            return
        last = self._mine[-1]
        question = label("Undo your last edit?", NEWLINE, (last.short, "bold"), " ", (last.message, "bold"))
        self.confirm(question, lambda: self.commit(Revert(last.sha)), yes="Undo")

    def _undo_from_history(self) -> None:
        entry = self.query_one(History).current()
        if entry is None:
            self.warn("Select a commit to undo")
            return
        question = label(
            "Undo this commit with a new one?",
            NEWLINE,
            (entry.short, "bold"),
            " ",
            (entry.author, "cyan"),
            " ",
            (entry.date[:10], "dim"),
            NEWLINE,
            (entry.summary, "bold"),
        )
        self.confirm(question, lambda: self.commit(Revert(entry.commit)), yes="Undo")

    def redo_last(self) -> None:
        """Redo what this session's last undo undid."""
        if self._committing:
            self.warn("Your last edit is still being committed: press Z again once it has landed")
            return
        if not self._undone:
            self.warn("Nothing to redo: this session has undone nothing since its last edit")
            return
        last = self._undone[-1]
        what = last.original.message if last.original else last.undo.message.removeprefix("Undo: ")
        question = label("Redo?", NEWLINE, (what, "bold"))
        self.confirm(question, lambda: self.commit(Revert(last.undo.sha, redo=True)), yes="Redo")

    # -- committing -------------------------------------------------------------------

    def commit(self, request: Request, origin: Form | None = None) -> None:
        """Commit one request in a worker; the result comes back as a message."""
        self.query_one(StatusLine).update(Text("… committing", style="dim"))
        self._committing += 1
        self._edit_worker(request, origin)

    @work(thread=True, group="edit")
    def _edit_worker(self, request: Request, origin: Form | None) -> None:
        from trioboard.workspace import GitError

        try:
            with self._lock:
                if isinstance(request, Revert):
                    result = self.workspace.undo(request.commit, redo=request.redo)
                elif isinstance(request, CommitHandEdits):
                    result = self.workspace.commit_uncommitted(list(request.files))
                else:
                    result = self.workspace.edit(request)
                self._take_baseline()
                state = self.workspace.state()
        except edits.Refused as exc:
            # Held up by a board file changed by hand: the user chooses, to commit it or leave it.
            held_up = self.workspace.uncommitted() if "not committed" in str(exc) else []
            self.post_message(EditFailed(request, f"Refused: {exc}", exc.field, origin, held_up))
            return
        except GitError as exc:
            self.post_message(EditFailed(request, f"Cannot commit: {exc}", None, origin))
            return
        self.post_message(EditDone(request, result, state, origin))

    @on(EditDone)
    def _edit_done(self, message: EditDone) -> None:
        self._committing -= 1
        result, request = message.result, message.request
        if isinstance(request, CommitHandEdits):
            self._uncommitted = [f for f in self._uncommitted if f not in request.files]
            if request.then is not None:
                # The edit the hand edits held up, now on top of them.
                self._remember(request, result)
                self._show(message.state)
                self.commit(request.then, message.origin)
                return
        self._remember(request, result)
        if message.origin is not None and message.origin.is_attached:
            message.origin.answer(None)
        self._show(message.state)
        self._read_standing()  # one more commit to publish: ↑ moves
        subject = subject_of(request)
        if subject is not None and self.active_view.select_id(subject):
            self._show_detail()
        line = label(("✓ ", "green"), (result.short, "bold"), " ", result.message)
        if result.recovered:
            line.append(f"  ({clean(result.recovered)})", style="dim")
        self.query_one(StatusLine).update(line)
        self.notify(f"{result.short} {clean(result.message)}", title="Committed", markup=False)

    def _offer_to_commit(self, files: list[str], then: edits.Operation | None, origin: Form | None = None) -> None:
        """Changes made outside trioboard hold an edit up: offer to commit them, or to leave them."""
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        question = label(
            ("✎ ", "yellow"),
            (shown, "bold"),
            " changed outside trioboard and not committed.",
            NEWLINE,
            "Commit it as it is" if len(files) == 1 else "Commit them as they are",
            (", then make this edit" if then is not None else ""),
            "? No leaves it as it is" if len(files) == 1 else "? No leaves them as they are",
            (" and makes no edit." if then is not None else "."),
        )
        self.confirm(question, lambda: self.commit(CommitHandEdits(tuple(files), then), origin), yes="Commit")

    async def action_commit_hand_edits(self) -> None:
        """Commit the board files changed outside trioboard (asks first)."""
        files = self.workspace.uncommitted()
        self._uncommitted = files
        if self.state is not None:
            self.query_one(TopBar).show(self.state, read_only=self.read_only, uncommitted=files)
        if not files:
            self.warn("Every board file is committed: nothing to commit")
            return
        self._offer_to_commit(files, None)
        await self._opened()

    def _remember(self, request: Request, result: EditResult) -> None:
        """Keep this session's undo and redo stacks."""
        if not isinstance(request, Revert):
            self._mine.append(result)
            self._undone.clear()
        elif request.redo:
            # The redo is an edit of this session again: a later `z` undoes it.
            if self._undone:
                self._undone.pop()
            self._mine.append(result)
        else:
            original = self._mine.pop() if self._mine and self._mine[-1].sha == request.commit else None
            self._undone.append(Undone(result, original))

    @on(EditFailed)
    def _edit_failed(self, message: EditFailed) -> None:
        self._committing -= 1
        request = message.request
        if message.uncommitted and not isinstance(request, Revert | CommitHandEdits):
            # Not refused yet: the trio chooses in the dialog, so the status line says what holds it up.
            self.query_one(StatusLine).update(label(("✎ ", "yellow"), "Held up by changes not committed"))
            self._uncommitted = message.uncommitted
            if message.origin is not None and message.origin.is_attached:
                message.origin.refuse(message.reason.removeprefix("Refused: "), message.field)
            self._offer_to_commit(message.uncommitted, request, message.origin)
            return
        self.query_one(StatusLine).update(label(("✖ ", "red"), message.reason))
        if message.origin is not None and message.origin.is_attached:
            message.origin.refuse(message.reason.removeprefix("Refused: "), message.field)
            return
        self.notify(clean(message.reason), severity="error", markup=False, timeout=8)


def view_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """Each view's own keys, for the help screen and the README."""
    return actions.view_keys(
        [
            ("the strategy tree", (StrategyTree,)),
            ("Teams", (TeamsTable,)),
            ("the Roadmap", (HorizonList, Roadmap)),
            ("Findings", (FindingsList, FindingsView)),
            ("History", (History,)),
        ]
    )


def _message_clock() -> float:
    """Now, as Textual stamps `Message.time` (monotonic; perf_counter on Windows)."""
    return time.perf_counter() if sys.platform == "win32" else time.monotonic()


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
    state = workspace.state()
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
