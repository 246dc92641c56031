"""The trioboard app: one board, its views, and every edit a trio needs.

The app coordinates: it holds the `Workspace`, runs every read, edit and
git call in a thread worker that reports back with a message (the screen
never freezes on a commit), hands each view the new `BoardState`, and keeps
the user's place when the board changes underneath (a second terminal, a
script, a `git pull`): a watcher notices within half a second.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from trioboard.core import edits
from trioboard.core.model import HORIZONS, STATUSES, Goal, Item, Node, Outcome, Team
from trioboard.history import LogEntry
from trioboard.tui import views
from trioboard.tui.dialogs import Choice, Confirm, Field, Form, Help, Picker
from trioboard.tui.text import clean, label
from trioboard.tui.widgets import (
    DetailPane,
    FindingsList,
    FindingsView,
    History,
    JumpTo,
    NodeHighlighted,
    Roadmap,
    StatusLine,
    StrategyTree,
    TeamsTable,
    TopBar,
)
from trioboard.workspace import BoardState, EditResult, Workspace, commit_changes

POLL_SECONDS = 0.5
TABS = ("strategy", "teams", "roadmap", "findings", "history")
EDIT_ACTIONS = frozenset(
    (
        "new_item",
        "new_outcome",
        "new_goal",
        "new_team",
        "edit",
        "link",
        "unlink",
        "move",
        "horizon",
        "block",
        "remove",
        "undo",
    )
)


class Loaded(Message):
    """A new state of the board was read."""

    def __init__(self, state: BoardState) -> None:
        super().__init__()
        self.state = state


class EditDone(Message):
    """An edit was committed; the state after it comes along."""

    def __init__(self, result: EditResult, state: BoardState) -> None:
        super().__init__()
        self.result = result
        self.state = state


class EditFailed(Message):
    """An edit was refused or could not run; nothing was written."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ChangesRead(Message):
    """What a commit changed, by meaning, for the History's detail."""

    def __init__(self, entry: LogEntry, changes: str) -> None:
        super().__init__()
        self.entry = entry
        self.changes = changes


class LogLoaded(Message):
    """The history view's commits were read."""

    def __init__(self, entries: list[LogEntry] | None, error: str | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.error = error


class TrioboardApp(App[None]):
    """Plan together: see what has come loose from strategy and who is stuck, and fix it."""

    CSS_PATH = "app.tcss"
    TITLE = "trioboard"
    BINDINGS = [
        Binding("1", "tab('strategy')", "Strategy", show=False),
        Binding("2", "tab('teams')", "Teams", show=False),
        Binding("3", "tab('roadmap')", "Roadmap", show=False),
        Binding("4", "tab('findings')", "Findings", show=False),
        Binding("5", "tab('history')", "History", show=False),
        Binding("slash", "find", "Find", tooltip="Find a goal, team, outcome or item by id or title"),
        Binding("n", "new_item", "New item", tooltip="Add a roadmap item"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected node's fields"),
        Binding("l", "link", "Link", tooltip="Link the selected item or outcome"),
        Binding("u", "unlink", "Unlink", show=False),
        Binding("m", "move", "Move", show=False),
        Binding("less_than_sign", "horizon(-1)", "Sooner", show=False),
        Binding("greater_than_sign", "horizon(1)", "Later", show=False),
        Binding("b", "block", "Block", tooltip="Block or unblock the selected item or team"),
        Binding("x,delete", "remove", "Remove", show=False),
        Binding("z", "undo", "Undo", tooltip="Revert trioboard's last edit with a new commit"),
        Binding("o", "new_outcome", "New outcome", show=False),
        Binding("g", "new_goal", "New goal", show=False),
        Binding("t", "new_team", "New team", show=False),
        Binding("d", "toggle_detail", "Detail", show=False),
        Binding("question_mark", "help", "Help"),
    ]
    KEYS = [
        ("1 … 5", "strategy, teams, roadmap, findings, history"),
        ("/", "find a node by id or title"),
        ("n", "new roadmap item (in the selected team or outcome)"),
        ("o / g / t", "new outcome / goal / team"),
        ("e", "edit the selected node's fields"),
        ("l / u", "link / unlink the selected item or outcome"),
        ("m", "move the selected item to another team"),
        ("< / >", "move the selected item sooner / later"),
        ("b", "block or unblock the selected item or team"),
        ("x", "remove the selected node and every link to it"),
        ("z", "undo trioboard's last edit (a new commit)"),
        ("d", "show or hide the detail pane"),
        ("ctrl+p", "every command"),
        ("ctrl+q", "quit"),
    ]

    def __init__(
        self,
        root: Path,
        *,
        read_only: bool = False,
        author: str | None = None,
        watch: bool = True,
        workspace: Workspace | None = None,
        state: BoardState | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace or Workspace(root, author)
        self._initial = state
        self.read_only = read_only
        self.watch_changes = watch
        self.state: BoardState | None = None
        self.selected: str | None = None
        self._lock = threading.Lock()
        self._signature: object = None
        self._stale_views: set[str] = set()
        self._history_stale = True
        self._commit_text: Text | None = None
        """The detail of the highlighted commit in History."""
        self.loaded = threading.Event()
        """Set once the first state is shown (tests and benchmarks wait on it)."""

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(Text("trioboard  loading the board…"), id="topbar")
        with Horizontal(id="main"):
            with TabbedContent(id="tabs", initial="strategy"):
                with TabPane("Strategy", id="strategy"):
                    yield StrategyTree(id="strategy-tree")
                with TabPane("Teams", id="teams"):
                    yield TeamsTable(id="teams-table")
                with TabPane("Roadmap", id="roadmap"):
                    yield Roadmap(id="roadmap-view")
                with TabPane("Findings", id="findings"):
                    yield FindingsView(id="findings-view")
                with TabPane("History", id="history"):
                    yield History(id="history-view")
            yield DetailPane(id="detail")
        yield StatusLine(Text("", style="dim"), id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.theme = _terminal_theme()
        if self._initial is not None:
            # Read before the app started (see `run`): show it in the first frame.
            self._loaded(Loaded(self._initial))
        self.load_board()

    # -- reading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_board(self) -> None:
        """Read the board (and, unless told not to, keep watching it)."""
        with self._lock:
            self._signature = self.workspace.signature()
            if self._initial is None:
                state = self.workspace.state()
                self.post_message(Loaded(state))
            self._initial = None
        if self.watch_changes:
            self._watch()

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
            self.post_message(Loaded(state))

    def _cancelled(self) -> bool:
        from textual.worker import get_current_worker

        return get_current_worker().is_cancelled

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        first = self.state is None
        self._show(message.state)
        if first:
            self.query_one(StrategyTree).focus()
        self.loaded.set()

    def _show(self, state: BoardState) -> None:
        self.state = state
        self.query_one(TopBar).show(state, read_only=self.read_only)
        self._stale_views = set(TABS)
        self._history_stale = True
        self._refresh_active_view()
        self._show_detail()

    def _refresh_active_view(self) -> None:
        state = self.state
        if state is None:
            return
        active = self.query_one(TabbedContent).active
        if active not in self._stale_views:
            return
        self._stale_views.discard(active)
        if active == "strategy":
            self.query_one(StrategyTree).show(state)
        elif active == "teams":
            self.query_one(TeamsTable).show(state)
        elif active == "roadmap":
            self.query_one(Roadmap).show(state)
        elif active == "findings":
            self.query_one(FindingsView).show(state)
        elif active == "history" and self._history_stale:
            self._history_stale = False
            self.load_history()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        """Refill the view if it is stale, focus it, and act on what its cursor is on."""
        self._refresh_active_view()
        active = self.query_one(TabbedContent).active
        selected: str | None = None
        if active == "strategy":
            tree = self.query_one(StrategyTree)
            tree.focus()
            selected = tree.current_id()
        elif active == "teams":
            table = self.query_one(TeamsTable)
            table.focus()
            selected = table.current_id()
        elif active == "roadmap":
            roadmap = self.query_one(Roadmap)
            roadmap.focus_first()
            self.call_after_refresh(lambda: self._select(roadmap.current_id()))
        elif active == "findings":
            findings = self.query_one(FindingsList)
            findings.focus()
            if findings.highlighted is None and findings.option_count:
                findings.highlighted = 0
            selected = findings.current_id()
        else:
            history = self.query_one(History)
            history.query_one("#history-list").focus()
            entry = history.current()
            self._commit_text = views.commit_detail(entry) if entry else None
        self._select(selected)

    def _select(self, node_id: str | None) -> None:
        self.selected = node_id
        self._show_detail()

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the board's git history for the History view."""
        from trioboard.history import board_log
        from trioboard.store.repo import GitError

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
        self.selected = message.node_id
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one(DetailPane).show(self._detail())

    def _detail(self) -> Text | None:
        """What the detail pane shows: the highlighted finding, node, or place in a file."""
        state, selected = self.state, self.selected
        if state is None:
            return None
        text = None
        active = self.query_one(TabbedContent).active
        if active == "history":
            return self._commit_text
        if active == "findings":
            finding = self.query_one(FindingsList).current_finding()
            if finding is not None:
                text = views.finding_detail(state, finding)
        node = state.analysis.index.get(selected) if selected else None
        where = views.parse_location(selected) if selected else None
        below = views.detail(state, node) if node else views.location_detail(state, *where) if where else None
        if text is None or below is None:
            return text or below
        text.append("\n\n")
        text.append_text(below)
        return text

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        self.go_to(message.node_id)

    def go_to(self, node_id: str) -> None:
        """Show a node in the view where it lives and select it."""
        state = self.state
        if state is None:
            return
        node = state.analysis.index.get(node_id)
        if node is None and views.parse_location(node_id) is not None:
            # No node on the board to go to: the place in its file, in the detail pane.
            self.query_one(DetailPane).display = True
            self._select(node_id)
            return
        if node is None:
            self.notify(f"{clean(node_id)} is not on the board", severity="warning", markup=False)
            return
        tab = "teams" if isinstance(node, Team) else "strategy"
        self.query_one(TabbedContent).active = tab
        self._refresh_active_view()
        if isinstance(node, Team):
            self.query_one(TeamsTable).select_id(node_id)
            self.query_one(TeamsTable).focus()
        elif self.query_one(StrategyTree).select_id(node_id):
            self.query_one(StrategyTree).focus()
        self.selected = node_id
        self._show_detail()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_toggle_detail(self) -> None:
        detail = self.query_one(DetailPane)
        detail.display = not detail.display

    def action_help(self) -> None:
        self.push_screen(Help(self.KEYS))

    def action_find(self) -> None:
        state = self.state
        if state is None:
            return
        choices = [self._choice(node) for node in state.board.nodes() if state.analysis.index.get(node.id) is node]
        self.push_screen(Picker("Find a goal, team, outcome or item", choices), self._found)

    def _found(self, node_id: str | None) -> None:
        if node_id:
            self.go_to(node_id)

    def _choice(self, node: Node) -> Choice:
        return views.node_choice(node)

    # -- editing ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action in EDIT_ACTIONS)

    def get_system_commands(self, screen: Screen[object]) -> list[SystemCommand]:
        commands = list(super().get_system_commands(screen))
        ours = [
            ("Find", "Find a goal, team, outcome or item by id or title", self.action_find),
            ("Help", "Every key and what the marks mean", self.action_help),
        ]
        if not self.read_only:
            ours += [
                ("Add item", "A roadmap item in a team (n)", self.action_new_item),
                ("Add outcome", "An outcome of a team, serving goals (o)", self.action_new_outcome),
                ("Add goal", "A company goal (g)", self.action_new_goal),
                ("Add team", "A new team file (t)", self.action_new_team),
                ("Edit", "Change the selected node's fields (e)", self.action_edit),
                ("Link", "Link the selected item or outcome (l)", self.action_link),
                ("Unlink", "Remove a link of the selected item or outcome (u)", self.action_unlink),
                ("Move to team", "Move the selected item to another team (m)", self.action_move),
                ("Sooner", "Move the selected item to an earlier horizon (<)", lambda: self.action_horizon(-1)),
                ("Later", "Move the selected item to a later horizon (>)", lambda: self.action_horizon(1)),
                ("Block or unblock", "Block or unblock the selected item or team (b)", self.action_block),
                ("Remove", "Remove the selected node and every link to it (x)", self.action_remove),
                ("Undo", "Revert trioboard's last edit with a new commit (z)", self.action_undo),
            ]
        return commands + [SystemCommand(title, help_text, callback) for title, help_text, callback in ours]

    def run_edit(self, op: edits.Operation) -> None:
        """Commit one operation in a worker; the result comes back as a message."""
        self.query_one(StatusLine).update(Text("… committing", style="dim"))
        self._edit_worker(op)

    @work(thread=True, group="edit")
    def _edit_worker(self, op: edits.Operation | None) -> None:
        from trioboard.store.repo import GitError

        try:
            with self._lock:
                result = self.workspace.undo() if op is None else self.workspace.edit(op)
                self._signature = self.workspace.signature()
                state = self.workspace.state()
        except edits.Refused as exc:
            self.post_message(EditFailed(f"Refused: {exc}"))
            return
        except GitError as exc:
            self.post_message(EditFailed(f"Cannot commit: {exc}"))
            return
        self.post_message(EditDone(result, state))

    @on(EditDone)
    def _edit_done(self, message: EditDone) -> None:
        result = message.result
        self._show(message.state)
        line = label(("✓ ", "green"), (result.short, "bold"), " ", result.message)
        if result.recovered:
            line.append(f"  ({clean(result.recovered)})", style="dim")
        self.query_one(StatusLine).update(line)
        self.notify(f"{result.short} {clean(result.message)}", title="Committed", markup=False)

    @on(EditFailed)
    def _edit_failed(self, message: EditFailed) -> None:
        self.query_one(StatusLine).update(label(("✖ ", "red"), message.reason))
        self.notify(clean(message.reason), severity="error", markup=False, timeout=8)

    def _edit_with(self, make: Callable[[str], edits.Operation]) -> Callable[[object], None]:
        """A dialog callback: commit `make(answer)` when the dialog gave an answer."""

        def callback(answer: object) -> None:
            if answer:
                self.run_edit(make(str(answer)))

        return callback

    def _node(self, *kinds: type) -> Node | None:
        state = self.state
        node = state.analysis.index.get(self.selected) if state and self.selected else None
        if node is None or (kinds and not isinstance(node, kinds)):
            wanted = " or ".join(k.__name__.lower() for k in kinds) if kinds else "node"
            self.notify(
                f"Select {'an' if wanted[0] in 'aeiou' else 'a'} {wanted} first", severity="warning", markup=False
            )
            return None
        return node

    def _team_of(self, node: Node | None) -> str:
        if isinstance(node, Team):
            return node.id
        if isinstance(node, Item | Outcome):
            return node.team
        return ""

    def _teams(self) -> tuple[tuple[str, str], ...]:
        assert self.state is not None
        return tuple((f"{t.id} — {t.name}", t.id) for t in self.state.board.teams)

    def _taken(self) -> set[str]:
        assert self.state is not None
        return set(self.state.analysis.index)

    def action_new_item(self) -> None:
        state = self.state
        if state is None:
            return
        context = state.analysis.index.get(self.selected or "")
        outcome = context.id if isinstance(context, Outcome) else ""
        outcomes = tuple((f"{o.id} — {o.title}", o.id) for o in state.board.outcomes())
        fields = [
            Field("title", "Title", required=True),
            Field("id", "Id", required=True),
            Field("team", "Team", self._team_of(context), self._teams(), required=True),
            Field("outcome", "Serves", outcome, outcomes),
            Field("horizon", "Horizon", "next", tuple((h, h) for h in HORIZONS), required=True),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values:
                served = (values["outcome"],) if values["outcome"] else ()
                self.run_edit(edits.AddItem(values["id"], values["team"], values["title"], served, values["horizon"]))

        self.push_screen(Form("New roadmap item", fields, id_from="title", taken=self._taken()), done)

    def action_new_outcome(self) -> None:
        state = self.state
        if state is None:
            return
        context = state.analysis.index.get(self.selected or "")
        goal = context.id if isinstance(context, Goal) else ""
        fields = [
            Field("title", "Title", required=True),
            Field("id", "Id", required=True),
            Field("team", "Team", self._team_of(context), self._teams(), required=True),
            Field("goal", "Serves goal", goal, tuple((f"{g.id} — {g.title}", g.id) for g in state.board.goals)),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values:
                goals = (values["goal"],) if values["goal"] else ()
                self.run_edit(edits.AddOutcome(values["id"], values["team"], values["title"], goals))

        self.push_screen(Form("New outcome", fields, id_from="title", taken=self._taken()), done)

    def action_new_goal(self) -> None:
        if self.state is None:
            return
        fields = [
            Field("title", "Title", required=True),
            Field("id", "Id", required=True),
            Field("metric", "Metric"),
            Field("target", "Target"),
            Field("owner", "Owner"),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values:
                self.run_edit(
                    edits.AddGoal(
                        values["id"],
                        values["title"],
                        values["metric"] or None,
                        values["target"] or None,
                        values["owner"] or None,
                    )
                )

        self.push_screen(Form("New company goal", fields, id_from="title", taken=self._taken()), done)

    def action_new_team(self) -> None:
        if self.state is None:
            return
        fields = [
            Field("name", "Name", required=True),
            Field("id", "Id", required=True),
            Field("product", "Product lead"),
            Field("design", "Design lead"),
            Field("engineering", "Engineering lead"),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values:
                self.run_edit(
                    edits.AddTeam(
                        values["id"],
                        values["name"],
                        values["product"] or None,
                        values["design"] or None,
                        values["engineering"] or None,
                    )
                )

        self.push_screen(Form("New team", fields, id_from="name", taken=self._taken()), done)

    def action_edit(self) -> None:
        node = self._node()
        if node is None:
            return
        current = {key: edits.current_value(node, key) or "" for key in edits.SETTABLE[node.kind]}
        fields = []
        for key, value in current.items():
            if key == "horizon":
                fields.append(Field(key, key, value, tuple((h, h) for h in HORIZONS), required=True))
            elif key == "status":
                fields.append(Field(key, key, value, tuple((s, s) for s in STATUSES), required=True))
            else:
                fields.append(
                    Field(
                        key,
                        key.replace("trio.", "") + (" lead" if key.startswith("trio.") else ""),
                        value,
                        required=key in edits.REQUIRED,
                    )
                )

        def done(values: dict[str, str] | None) -> None:
            if not values:
                return
            changed = tuple((k, v) for k, v in values.items() if v != current[k])
            if changed:
                expect = tuple((k, current[k] or None) for k, _ in changed)
                self.run_edit(edits.SetFields(node.id, changed, expect))

        self.push_screen(Form(f"Edit {node.kind.value} {clean(node.id)}", fields), done)

    def action_link(self) -> None:
        node = self._node(Item, Outcome)
        state = self.state
        if node is None or state is None:
            return
        if isinstance(node, Outcome):
            targets: list[Node] = [g for g in state.board.goals if g.id not in {r.id for r in node.goals}]
            title = f"Link outcome {clean(node.id)} to a goal"
        else:
            assert isinstance(node, Item)
            have = {r.id for r in node.outcomes} | {r.id for r in node.depends_on} | {node.id}
            candidates: list[Node] = [*state.board.outcomes(), *state.board.items()]
            targets = [n for n in candidates if n.id not in have]
            title = f"Link item {clean(node.id)} to an outcome it serves, or an item it depends on"
        choices = [self._choice(t) for t in targets if state.analysis.index.get(t.id) is t]
        self.push_screen(Picker(title, choices), self._edit_with(lambda target: edits.Link(node.id, target)))

    def action_unlink(self) -> None:
        node = self._node(Item, Outcome)
        state = self.state
        if node is None or state is None:
            return
        if isinstance(node, Outcome):
            refs = [r.id for r in node.goals]
        else:
            assert isinstance(node, Item)
            refs = [r.id for r in (*node.outcomes, *node.depends_on)]
        index = state.analysis.index
        choices = [
            self._choice(index[r]) if r in index else Choice(r, label((r, "bold"), ("  (missing)", "dim")), r)
            for r in dict.fromkeys(refs)
        ]
        if not choices:
            self.notify(f"{clean(node.id)} has no links to remove", severity="warning", markup=False)
            return
        self.push_screen(
            Picker(f"Unlink {clean(node.id)} from…", choices),
            self._edit_with(lambda target: edits.Unlink(node.id, target)),
        )

    def action_move(self) -> None:
        node = self._node(Item)
        state = self.state
        if node is None or state is None:
            return
        assert isinstance(node, Item)
        choices = [views.team_choice(t) for t in state.board.teams if t.id != node.team]
        choices += [views.unreadable_team_choice(team) for team in views.unreadable_teams(state)]
        self.push_screen(
            Picker(f"Move item {clean(node.id)} to team…", choices),
            self._edit_with(lambda team: edits.Move(node.id, team)),
        )

    def action_horizon(self, step: int) -> None:
        node = self._node(Item)
        if node is None:
            return
        assert isinstance(node, Item)
        position = HORIZONS.index(node.horizon) + int(step)
        if not 0 <= position < len(HORIZONS):
            self.notify(f"{clean(node.id)} is already {node.horizon}", severity="warning", markup=False)
            return
        new = HORIZONS[position]
        self.run_edit(edits.SetFields(node.id, (("horizon", new),), (("horizon", node.horizon),)))

    def action_block(self) -> None:
        node = self._node(Item, Team)
        if node is None:
            return
        current = node.blocked  # type: ignore[union-attr]
        if current:
            self.run_edit(edits.SetFields(node.id, (("blocked", ""),), (("blocked", current),)))
            return

        def done(values: dict[str, str] | None) -> None:
            if values:
                self.run_edit(edits.SetFields(node.id, (("blocked", values["blocked"]),), (("blocked", None),)))

        self.push_screen(
            Form(f"Block {node.kind.value} {clean(node.id)}: why?", [Field("blocked", "Reason", required=True)]), done
        )

    def action_remove(self) -> None:
        node = self._node()
        if node is None:
            return
        question = label(
            "Remove ", (f"{node.kind.value} {node.id}", "bold"), " (", node.title, ") and every link to it?"
        )
        if isinstance(node, Team):
            question.append(
                f"\nIts file and its {len(node.outcomes)} outcomes and {len(node.items)} items go too.",
                style="bold red",
            )
        self.push_screen(Confirm(question), self._edit_with(lambda _: edits.Remove(node.id)))

    def action_undo(self) -> None:
        self.query_one(StatusLine).update(Text("… undoing", style="dim"))
        self._edit_worker(None)


def _terminal_theme() -> str:
    """Follow the terminal: ANSI colours, light or dark by what the terminal says it is."""
    colours = os.environ.get("COLORFGBG", "")
    background = colours.rsplit(";", 1)[-1] if colours else ""
    light = background in {"7", "15"}
    return "ansi-light" if light else "ansi-dark"


def run(root: Path, *, read_only: bool = False, author: str | None = None) -> None:
    """Open the board in the terminal.

    The board is read before the app starts: read in a worker while Textual
    draws its first frames, the same work took a third longer (one GIL), and
    a frame with nothing to show is no use to anyone.
    """
    workspace = Workspace(root, author)
    state = workspace.state()
    TrioboardApp(root, read_only=read_only, author=author, workspace=workspace, state=state).run()
