"""The board screen: the tabs of views, the detail pane, the bars; and what coordinates them.

It hands each view the new `BoardState` (a hidden view is refilled only
when shown), keeps the detail pane on what the active view's cursor is on,
goes to a node across views, and reads History's commits. It is also the
edit flows' host (`edit_flows.Host`): a flow asks it for the highlighted
node and opens its dialogs through it; committing is the app's `Editor`.

Which node is selected is never remembered: it is always the node under
the active view's cursor, read when a key is pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static, TabbedContent

from trioboard.core import edits
from trioboard.core.model import Node, Team
from trioboard.core.results import BoardState, LogEntry
from trioboard.core.text import a_or_an
from trioboard.report import diff_text
from trioboard.tui import details, discovery_details, labels
from trioboard.tui.dialogs import Confirm, Form, Picker
from trioboard.tui.discovery_labels import does_discovery, is_evidence_path
from trioboard.tui.edit_flows import MakeOp
from trioboard.tui.evidence_dialogs import EvidenceViewer
from trioboard.tui.evidence_flow import evidence_at
from trioboard.tui.messages import ChangesRead, FocusStrayed, JumpTo, Loaded, LogLoaded, MainResized, NodeHighlighted
from trioboard.tui.session import Request, Revert
from trioboard.tui.text import NEWLINE, clean, label
from trioboard.tui.widgets import (
    BoardView,
    DetailPane,
    DiscoveryView,
    FindingsList,
    FindingsView,
    History,
    Impact,
    Roadmap,
    StatusLine,
    StrategyTree,
    SyncBadge,
    TeamsTable,
    TopBar,
)
from trioboard.tui.widgets.discovery import EvidenceChosen
from trioboard.tui.widgets.layout import Main, Pane
from trioboard.workspace.history import commit_changes

if TYPE_CHECKING:
    from trioboard.tui.app import TrioboardApp

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
    Tab("impact", "Impact", lambda: Impact(id="impact-view")),
    Tab("discovery", "Discovery", lambda: DiscoveryView(id="discovery-view")),
)
"""The views, in the order of their tabs and number keys."""

FIRST_STEPS = label(
    ("A board", "bold"),
    " is company goals, team outcomes that serve them, and roadmap items.",
    NEWLINE,
    ("Start here: ", "bold"),
    ("g", "bold cyan"),
    " adds a company goal, ",
    ("t", "bold cyan"),
    " a team (then ",
    ("o", "bold cyan"),
    " its outcomes, ",
    ("n", "bold cyan"),
    " items).",
    NEWLINE,
    ("Or import one: ", "bold"),
    ("trioboard import csv FILE", "bold cyan"),
    " (Jira, Linear, any spreadsheet).",
)
"""What an empty board (no goal, no team) says: what a board is and what to press first."""


class BoardScreen(Screen[None]):
    """One board: its views in tabs, the detail pane beside them, the top and status bars."""

    def __init__(self, *, read_only: bool) -> None:
        super().__init__()
        self.read_only = read_only
        self.state: BoardState | None = None
        """The state shown (None until the first is read)."""
        self.uncommitted: list[str] = []
        """Board files changed outside trioboard and not committed: marked ✎ in the top bar."""
        self.views: dict[str, BoardView] = {}
        self._stale_views: set[str] = set()
        self._commit_text: Text | None = None
        """The detail of the highlighted commit in History."""
        self._discovery_asked = False
        """`7` was pressed: the Discovery tab stays shown even on a board that does no discovery."""
        self._discovery_offered: bool | None = None
        """Whether the Discovery tab is shown now (None: not decided yet)."""

    @property
    def _app(self) -> TrioboardApp:
        return cast("TrioboardApp", self.app)

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(Text("trioboard  loading the board…"), id="topbar")
        yield Static(FIRST_STEPS, id="first-steps")
        with Main(id="main"):
            with TabbedContent(id="tabs", initial=TABS[0].id):
                for n, tab in enumerate(TABS):
                    with Pane(tab.title, id=tab.id):
                        view = tab.make()
                        self.views[tab.id] = view  # type: ignore[assignment]
                        # The hidden views are mounted just after the first frame: styling
                        # their widgets was a tenth of the time to it on a large board.
                        yield view if n == 0 else Lazy(view)
            yield DetailPane(id="detail")
        with Horizontal(id="statusbar"):
            yield StatusLine(Text("", style="dim"), id="status")
            yield SyncBadge("", id="sync-badge")
        yield Footer()

    def on_mount(self) -> None:
        # The app's own mount comes before this screen's widgets are composed: it starts here.
        self._app.start()

    @property
    def active_tab(self) -> str:
        """The id of the tab shown."""
        return self.query_one(TabbedContent).active or TABS[0].id

    @property
    def active_view(self) -> BoardView:
        """The view shown: keys act on its cursor."""
        return self.views[self.active_tab]

    @property
    def selected(self) -> str | None:
        """The node keys act on: the one under the active view's cursor."""
        return self.active_view.current_id()

    def say(self, text: Text) -> None:
        """Put one line in the status line: what the last action did."""
        self.query_one(StatusLine).update(text)

    def show_standing(self, text: Text) -> None:
        """Say where the board stands against its upstream."""
        self.query_one(SyncBadge).update(text)

    # -- showing a state -------------------------------------------------------------

    def show_loaded(self, message: Loaded) -> None:
        """Show a state just read; say who committed it when it was someone else."""
        first = self.state is None
        if message.uncommitted is not None:
            self.uncommitted = message.uncommitted
        self.show(message.state)
        if first:
            self.active_view.focus_view()
        if message.arrived is not None:
            who, what = message.arrived.author, message.arrived.subject
            self.notify(f"{clean(who)}: {clean(what)}", title="Someone else committed", markup=False, timeout=8)
            self.say(label(("↻ ", "cyan"), (who, "bold"), " committed: ", what))

    def show_uncommitted(self, files: list[str]) -> None:
        """Mark the board files changed outside trioboard (✎ in the top bar)."""
        self.uncommitted = files
        if self.state is not None:
            self.query_one(TopBar).show(self.state, read_only=self.read_only, uncommitted=files)

    def show(self, state: BoardState) -> None:
        """Show a new state: the top bar and the view shown now, the others when they are shown."""
        self.state = state
        self.query_one(TopBar).show(state, read_only=self.read_only, uncommitted=self.uncommitted)
        self.query_one("#first-steps").display = not state.board.goals and not state.board.teams
        self._offer_discovery(state)
        self._stale_views = {tab.id for tab in TABS}
        self._refresh_active_view()
        self.show_detail()

    def _refresh_active_view(self) -> None:
        active = self.active_tab
        if self.state is None or active not in self._stale_views:
            return
        if not self.views[active].is_mounted:  # type: ignore[attr-defined]
            self.call_after_refresh(self._refresh_active_view)
            return
        self._stale_views.discard(active)
        self.views[active].show(self.state)

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
            self._commit_text = details.commit_detail(entry) if entry else None
        self.show_detail()

    def show_tab(self, tab: str) -> None:
        """Show one tab (the number keys)."""
        if tab == "discovery":
            self._discovery_asked = True
            self.query_one(TabbedContent).show_tab(tab)
        self.query_one(TabbedContent).active = tab

    def _offer_discovery(self, state: BoardState) -> None:
        """Show the Discovery tab once the board does discovery or `7` asked for it: a board with no
        opportunity, evidence or discovery policy keeps the tabs it always had (the view would be empty)."""
        wanted = self._discovery_asked or does_discovery(state.board)
        if wanted != self._discovery_offered:
            self._discovery_offered = wanted
            tabs = self.query_one(TabbedContent)
            tabs.show_tab("discovery") if wanted else tabs.hide_tab("discovery")

    @on(EvidenceChosen)
    def _evidence_chosen(self, message: EvidenceChosen) -> None:
        state = self.state
        evidence = evidence_at(state, message.path) if state else None
        if evidence is None:
            self.warn(f"{message.path} is no longer on the board")
            return
        read = partial(self._app.workspace.evidence_text, message.path)
        self._app.open_dialog(EvidenceViewer(discovery_details.evidence_detail(evidence, ""), read))

    @on(FocusStrayed)
    def _focus_strayed(self) -> None:
        if self.active_view.is_mounted:  # type: ignore[attr-defined]
            self.active_view.focus_view()

    # -- history ------------------------------------------------------------------------

    @on(History.LogWanted)
    def _log_wanted(self) -> None:
        self.load_history()

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the board's git history for the History view."""
        from trioboard.core.errors import GitError
        from trioboard.workspace.history import board_log

        try:
            entries = board_log(self._app.workspace.root, 200)
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
        self._commit_text = details.commit_detail(message.entry)
        self.show_detail()

    @on(History.CommitChosen)
    def _commit_chosen(self, message: History.CommitChosen) -> None:
        self.query_one(DetailPane).display = True
        self._commit_text = details.commit_detail(message.entry, "… reading what it changed")
        self.show_detail()
        self._read_changes(message.entry)

    @work(thread=True, exclusive=True, group="changes")
    def _read_changes(self, entry: LogEntry) -> None:
        root = self._app.workspace.root
        self.post_message(ChangesRead(entry, diff_text.render_commit(commit_changes(root, entry.commit), root)))

    @on(ChangesRead)
    def _changes_read(self, message: ChangesRead) -> None:
        current = self.query_one(History).current()
        if current is not None and current.commit == message.entry.commit:
            self._commit_text = details.commit_detail(message.entry, message.changes)
            self.show_detail()

    # -- selection and the detail pane ------------------------------------------------

    @on(NodeHighlighted)
    def _highlighted(self, message: NodeHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """Show in the detail pane the highlighted commit, finding, node, or place in a file."""
        self.query_one(DetailPane).show(self._detail())

    def _detail(self) -> Text | None:
        state, selected = self.state, self.selected
        if state is None:
            return None
        if self.active_tab == "history":
            return self._commit_text
        finding = self.query_one(FindingsList).current_finding() if self.active_tab == "findings" else None
        return details.selection_detail(state, selected, finding)

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        self.go_to(message.node_id)

    def go_to(self, node_id: str) -> None:
        """Put the cursor on a node: in the view shown when it shows the node, else where it lives."""
        state = self.state
        if state is None:
            return
        node = state.analysis.index.get(node_id)
        if node is None and is_evidence_path(node_id):
            # A piece of evidence lives in Discovery's touchpoints.
            self.show_tab("discovery")
            self._refresh_active_view()
            self.active_view.select_id(node_id)
            self.active_view.focus_view()
            self.show_detail()
            return
        if node is None and labels.parse_location(node_id) is not None:
            # No node on the board to go to: the place in its file, in the detail pane (the
            # findings list keeps its cursor on the finding, which names that place).
            self.query_one(DetailPane).display = True
            self.show_detail()
            return
        if node is None:
            self.notify(f"{clean(node_id)} is not on the board", severity="warning", markup=False)
            return
        if self.active_tab not in ("findings", "history") and self.active_view.select_id(node_id):
            self.active_view.focus_view()
            self.show_detail()
            return
        self.query_one(TabbedContent).active = "teams" if isinstance(node, Team) else "strategy"
        self._refresh_active_view()
        view = self.active_view
        shown = view.select_id(node_id)
        view.focus_view()
        self.show_detail()
        if not shown:
            # A done or dropped item with no strategy link: the views list active work
            # and the strategy; say where it is rather than do nothing.
            where = f"{node.pos.file}:{node.pos.line}"
            self.warn(f"{node_id} is in no view (it is not active and has no strategy link): see {where}")

    def find(self) -> None:
        """Ask for a node by id or title, and go to it."""
        state = self.state
        if state is None:
            return
        choices = [
            labels.node_choice(node) for node in state.board.nodes() if state.analysis.index.get(node.id) is node
        ]
        self._app.open_dialog(Picker("Find a goal, team, outcome, opportunity or item", choices), self._found)

    def _found(self, node_id: str | None) -> None:
        if node_id:
            self.go_to(node_id)

    def detail_place(self) -> str:
        """Which of the user's two choices of the detail pane applies to what is shown."""
        return "narrow-roadmap" if self.active_tab == "roadmap" and self.app.size.width < NARROW else "views"

    def _fit_detail(self) -> None:
        self.query_one(DetailPane).fit(self.detail_place())

    @on(MainResized)
    def _main_resized(self) -> None:
        if self.state is not None:
            self._fit_detail()

    def toggle_detail(self) -> None:
        """Show or hide the detail pane (`d`)."""
        self.query_one(DetailPane).toggle(self.detail_place())

    def resize_detail(self, step: int) -> None:
        """Make the detail pane a step narrower or wider (`[` `]`)."""
        self.query_one(DetailPane).resize(step, self.detail_place(), self.app.size.width)

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
        self._app.open_dialog(form)

    def choose(self, picker: Picker, make: Callable[[str], edits.Operation]) -> None:
        """Show a picker; commit `make(choice)` when something was chosen."""

        def chosen(answer: str | None) -> None:
            if answer:
                self.commit(make(answer))

        self._app.open_dialog(picker, chosen)

    def pick(self, picker: Picker, then: Callable[[str], None]) -> None:
        """Show a picker; run `then(choice)` when something was chosen (a flow's next step: a form)."""

        def chosen(answer: str | None) -> None:
            if answer:
                then(answer)

        self._app.open_dialog(picker, chosen)

    def confirm(self, question: Text, then: Callable[[], None], yes: str = "Yes") -> None:
        """Ask yes or no, starting on no; run `then` on yes."""

        def answered(answer: bool | None) -> None:
            if answer:
                then()

        # The toasts of the last edit sit where the dialog's buttons are at 80×24.
        self.app.clear_notifications()
        self._app.open_dialog(Confirm(question, yes), answered)

    def warn(self, text: str) -> None:
        """Say why nothing happened."""
        self.notify(clean(text), severity="warning", markup=False)

    def refuse(self, text: str) -> None:
        """Say on the status line why a key did nothing (the messages log, M, keeps it whole)."""
        self.say(label(("✖ ", "yellow"), text))

    def today(self) -> date:
        """The date a check-in is measured at unless its form says otherwise: the app's, or the day it is."""
        return self._app.today or date.today()

    def commit(self, request: Request, origin: Form | None = None) -> None:
        """Commit one request in a worker (the app's `Editor`)."""
        self._app.editor.commit(request, origin)

    def undo_last(self) -> None:
        """Undo this session's last edit; in History, the highlighted commit, whoever made it."""
        if self.active_tab == "history":
            self._undo_from_history()
            return
        self._app.editor.undo_last()

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
        self._app.editor.redo_last()
