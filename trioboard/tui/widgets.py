"""The board's views: strategy tree, teams, roadmap, findings, history, detail.

Attributes down, messages up: the app hands each view a `BoardState` with
`show`, and a view tells the app which node the cursor is on by posting
`NodeHighlighted`. No view reaches into another; the app coordinates.
Trees and lists fill lazily, so a board of 10,000 items paints at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, OptionList, Select, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from trioboard.core.findings import Finding
from trioboard.core.model import HORIZONS, Goal, Item, Outcome
from trioboard.core.text import plural
from trioboard.history import LogEntry
from trioboard.tui import views
from trioboard.tui.text import UNLINKED, clean, label, percent
from trioboard.workspace import BoardState


@dataclass
class NodeHighlighted(Message):
    """The cursor is on a node (or on nothing the edits can act on)."""

    node_id: str | None


@dataclass
class JumpTo(Message):
    """The user asked to go to a node (from a finding)."""

    node_id: str


class BoardView(Protocol):
    """What the app asks of every view: the app looks views up by tab, never by type.

    The highlighted node is the one keys act on and the detail pane shows:
    `current_id` is read every time, never remembered by the app.
    """

    def show(self, state: BoardState) -> None:
        """Show a new state of the board, keeping the cursor on the same node where it can."""

    def current_id(self) -> str | None:
        """The node under the cursor, if it is one the edits can act on."""

    def select_id(self, node_id: str) -> bool:
        """Put the cursor on a node now; False when this view does not show it."""

    def focus_view(self) -> None:
        """Take the focus (the part of the view that holds the cursor)."""


# -- strategy tree ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """What a tree line stands for."""

    kind: str
    """`unlinked`, `loose-outcomes` (headings), or `goal`, `outcome`, `item`."""
    id: str = ""
    loaded: bool = False


class StrategyTree(Tree[Entry]):
    """Goals → outcomes → items, with unlinked work gathered at the top."""

    BINDINGS = [
        Binding("right", "expand_node", "Open", key_display="→", tooltip="Open the highlighted line"),
        Binding("enter", "select_cursor", "Open", show=False, tooltip="Open or close the highlighted line"),
        Binding("left", "collapse_node", "Close", key_display="←", tooltip="Close the highlighted line"),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
        Binding(
            "asterisk", "expand_all", "Open all", show=False, key_display="*", tooltip="Open every goal and outcome"
        ),
        Binding("minus", "collapse_all", "Close all", show=False, key_display="-", tooltip="Close every line"),
        Binding("f", "filter_team", "Team", tooltip="Show the unlinked work of one team"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text("board"), **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self._state: BoardState | None = None
        self.team_filter: str | None = None
        """Only this team's work under the "no link" headings (None: every team's)."""

    def show(self, state: BoardState) -> None:
        """Rebuild for a new state, keeping what was open and where the cursor was."""
        opened = {self._path(n) for n in self._walk(self.root) if n.is_expanded}
        cursor = self._path(self.cursor_node) if self.cursor_node is not None else None
        line = self.cursor_line
        scroll = self.scroll_y
        self._state = state
        self.clear()
        a = state.analysis
        unlinked = [i for i in a.unlinked if self._kept(i)]
        if unlinked or self.team_filter:
            items = plural(len(unlinked), "active item")
            heading = label((f"{UNLINKED} — {items} with no strategy link", "bold yellow"))
            if self.team_filter:
                heading.append_text(label((f"  (team {self.team_filter} of {len(a.unlinked)}; f: every team)", "dim")))
            node = self.root.add(heading, Entry("unlinked"), allow_expand=True)
            if len(unlinked) <= 15 and not opened:
                self._fill(node)
                node.expand()
        loose = self._loose(state)
        if loose:
            heading = label((f"{UNLINKED} — {plural(len(loose), 'outcome')} serving no goal", "bold yellow"))
            self.root.add(heading, Entry("loose-outcomes"), allow_expand=True)
        for goal in state.board.goals:
            if a.index.get(goal.id) is goal:
                self.root.add(
                    views.goal_label(state, goal),
                    Entry("goal", goal.id),
                    allow_expand=bool(a.goal_outcomes.get(goal.id)),
                )
        for node in list(self._walk(self.root)):
            if self._path(node) in opened:
                self._fill(node)
                node.expand()
                for child in node.children:
                    if self._path(child) in opened:
                        self._fill(child)
                        child.expand()
        target = None
        if cursor is not None:
            target = next((n for n in self._walk(self.root) if self._path(n) == cursor), None)
        # The cursor is placed now, not after the next refresh: a key pressed
        # at once must act on the node the cursor is seen on.
        lines = self._tree_lines
        if target is not None:
            self.move_cursor(target)
        elif lines and line >= 0:
            # Its node went (removed, or moved elsewhere): stay on the same line.
            self.cursor_line = min(line, len(lines) - 1)
        elif lines:
            # Start on the first line, so the first Down reaches the first item.
            self.cursor_line = 0
        self.call_after_refresh(self._settle, scroll)

    def current_id(self) -> str | None:
        """The node under the cursor, if it is one the edits can act on."""
        node = self.cursor_node
        return node.data.id if node is not None and node.data is not None and node.data.id else None

    def focus_view(self) -> None:
        """Take the focus."""
        self.focus()

    def _settle(self, scroll: float) -> None:
        """Scroll back to where the reader was, with the cursor still in sight."""
        self.scroll_to(y=scroll, animate=False)
        if self.cursor_node is not None:
            self.scroll_to_node(self.cursor_node, animate=False)

    def _walk(self, node: TreeNode[Entry]) -> list[TreeNode[Entry]]:
        out = []
        for child in node.children:
            out.append(child)
            out.extend(self._walk(child))
        return out

    def _path(self, node: TreeNode[Entry] | None) -> tuple[str, ...]:
        path: list[str] = []
        while node is not None and node.data is not None:
            path.append(f"{node.data.kind}:{node.data.id}")
            node = node.parent
        return tuple(reversed(path))

    def _fill(self, node: TreeNode[Entry]) -> None:
        state, entry = self._state, node.data
        if state is None or entry is None or node.children:
            return
        a = state.analysis
        index = a.index
        if entry.kind == "unlinked":
            for item_id in a.unlinked:
                if not self._kept(item_id):
                    continue
                item = index[item_id]
                assert isinstance(item, Item)
                text = views.item_label(state, item)
                text.append(f"  · {clean(a.unlinked[item_id])}", style="dim")
                node.add_leaf(text, Entry("item", item_id))
        elif entry.kind == "loose-outcomes":
            for outcome in self._loose(state):
                node.add(views.outcome_label(state, outcome), Entry("outcome", outcome.id), allow_expand=True)
        elif entry.kind == "goal":
            for outcome_id in a.goal_outcomes.get(entry.id, []):
                served = index[outcome_id]
                assert isinstance(served, Outcome)
                node.add(views.outcome_label(state, served), Entry("outcome", outcome_id), allow_expand=True)
        elif entry.kind == "outcome":
            for item in state.board.items():
                if index.get(item.id) is item and any(r.id == entry.id for r in item.outcomes):
                    node.add_leaf(views.item_label(state, item), Entry("item", item.id))

    def _kept(self, node_id: str) -> bool:
        """Whether the team filter keeps a node."""
        if self.team_filter is None or self._state is None:
            return True
        node = self._state.analysis.index.get(node_id)
        return isinstance(node, Item | Outcome) and node.team == self.team_filter

    def _loose(self, state: BoardState) -> list[Outcome]:
        """The outcomes serving no goal, as the team filter keeps them."""
        a = state.analysis
        return [
            o
            for o in state.board.outcomes()
            if o.id in a.unlinked_outcomes and a.index.get(o.id) is o and self._kept(o.id)
        ]

    def action_expand_all(self) -> None:
        """Open every heading, goal and outcome (filling them as they open)."""

        def open_(node: TreeNode[Entry]) -> None:
            self._fill(node)
            if node.allow_expand:
                node.expand()
            for child in node.children:
                open_(child)

        for child in self.root.children:
            open_(child)

    def action_collapse_all(self) -> None:
        """Close everything, back to the headings and goals."""
        for child in self.root.children:
            child.collapse_all()
        if self.root.children:
            self.move_cursor(self.root.children[0])

    def action_filter_team(self) -> None:
        """Pick the team whose unlinked work to show (or every team)."""
        state = self._state
        if state is None:
            return
        from trioboard.tui.dialogs import Choice, Picker

        counts: dict[str, int] = {}
        for item_id in state.analysis.unlinked:
            node = state.analysis.index.get(item_id)
            if isinstance(node, Item):
                counts[node.team] = counts.get(node.team, 0) + 1
        choices = [
            Choice("*", label(("every team", "bold"), f"  {len(state.analysis.unlinked)} unlinked"), "every team all")
        ]
        choices += [
            Choice(t.id, label((t.id, "bold"), "  ", t.name, (f"  {counts.get(t.id, 0)} unlinked", "dim")), t.name)
            for t in state.board.teams
            if state.analysis.index.get(t.id) is t
        ]

        def chosen(team: str | None) -> None:
            if team is not None:
                self.filter_team(None if team == "*" else team)

        self.app.push_screen(Picker("Show the unlinked work of…", choices), chosen)

    def filter_team(self, team: str | None) -> None:
        """Keep only one team's work under the "no link" headings."""
        self.team_filter = team
        if self._state is not None:
            self.show(self._state)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        self._fill(event.node)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        data = event.node.data
        self.post_message(NodeHighlighted(data.id if data and data.id else None))

    def select_id(self, node_id: str) -> bool:
        """Open the way to a node and put the cursor on it; False when it is not in the tree."""
        state = self._state
        if state is None:
            return False
        a = state.analysis
        node = a.index.get(node_id)
        path: list[tuple[str, str]] = []
        if isinstance(node, Goal):
            path = [("goal", node.id)]
        elif isinstance(node, Outcome):
            goals = a.outcome_goals.get(node.id)
            path = (
                [("goal", goals[0]), ("outcome", node.id)] if goals else [("loose-outcomes", ""), ("outcome", node.id)]
            )
        elif isinstance(node, Item):
            if node.id in a.unlinked:
                path = [("unlinked", ""), ("item", node.id)]
            else:
                outcome = next((r.id for r in node.outcomes if a.outcome_goals.get(r.id)), None)
                if outcome is None:
                    return False
                path = [("goal", a.outcome_goals[outcome][0]), ("outcome", outcome), ("item", node.id)]
        if not path:
            return False
        current = self.root
        for kind, wanted in path:
            self._fill(current)
            found = next((c for c in current.children if c.data and c.data.kind == kind and c.data.id == wanted), None)
            if found is None:
                return False
            if current is not self.root:
                current.expand()
            current = found
        # Reading the lines lays them out again after the expansions, so the
        # cursor moves now; scrolling waits for the new size.
        _ = self._tree_lines
        self.move_cursor(current)
        self.call_after_refresh(self._scroll_to_cursor)
        return True

    def _scroll_to_cursor(self) -> None:
        if self.cursor_node is not None:
            self.scroll_to_node(self.cursor_node, animate=False)


# -- teams ----------------------------------------------------------------------


COLUMNS = (
    ("team", 16),
    ("now", 3),
    ("next", 4),
    ("later", 5),
    ("cov.", 4),
    ("issues", 11),
    ("blocked", 36),
    ("trio", 40),
)
"""The most telling first: at 80 columns the trio scrolls off, and the detail pane shows it."""
WIDE_COLUMNS = ("blocked", "trio")
"""Columns that grow into the room a wide terminal has."""


class TeamsTable(DataTable[Text]):
    """Each team's trio, load by horizon, coverage, and what blocks it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for title, width in COLUMNS:
            self.add_column(title, width=width, key=title)

    def show(self, state: BoardState) -> None:
        """Refill, keeping the cursor on the same team."""
        keep = self._cursor_key()
        self.clear()
        for team in state.board.teams:
            if state.analysis.index.get(team.id) is team:
                self.add_row(*views.team_row(state, team), key=team.id)
        for unreadable in views.unreadable_teams(state):
            self.add_row(*views.unreadable_team_row(unreadable), key=views.location(unreadable.file, unreadable.line))
        if keep is not None:
            self.select_id(keep)
        self._fit_columns()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the room a wide terminal has to the columns whose text is long: blocked, trio.

        Each gets what its longest cell needs when there is room for both;
        else the spare room is shared in proportion to what each still needs.
        """
        wide = {title: width for title, width in COLUMNS if title in WIDE_COLUMNS}
        pad = 2 * self.cell_padding
        fixed = sum(width + pad for title, width in COLUMNS if title not in wide)
        room = self.size.width - fixed - pad * len(wide) - 2  # the vertical scrollbar
        columns = {str(key.value): column for key, column in self.columns.items()}
        if not all(t in columns for t in wide):
            return
        titles = [title for title, _ in COLUMNS]
        need = dict(wide)
        for row in range(self.row_count):
            cells = self.get_row_at(row)
            for title in wide:
                need[title] = max(need[title], cells[titles.index(title)].cell_len)
        spare = room - sum(wide.values())
        wanted = sum(need[t] - wide[t] for t in wide)
        for title, base in wide.items():
            if spare <= 0 or wanted <= 0:
                width = base
            elif wanted <= spare:
                width = need[title]
            else:
                width = base + spare * (need[title] - base) // wanted
            if columns[title].width != width:
                columns[title].width = width
                self._require_update_dimensions = True
        self.refresh()

    def current_id(self) -> str | None:
        """The team under the cursor."""
        return self._cursor_key()

    def focus_view(self) -> None:
        """Take the focus."""
        self.focus()

    def _cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def select_id(self, team_id: str) -> bool:
        """Put the cursor on a team's row."""
        try:
            self.move_cursor(row=self.get_row_index(team_id))
        except Exception:  # noqa: BLE001 - no such row
            return False
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.post_message(NodeHighlighted(str(event.row_key.value) if event.row_key else None))


def open_choices(select: Select[str]) -> None:
    """Open a filter's choices with the row of what it shows now highlighted.

    Textual opens a blank Select with no row highlighted, so the first ↓
    only reached "All …": `f ↓ ↓ Enter` chose the first team, not the second.
    """
    select.focus()
    select.expanded = True
    choices = select.query_one(OptionList)
    if choices.highlighted is None and choices.option_count:
        choices.highlighted = 0


# -- roadmap --------------------------------------------------------------------


class HorizonList(OptionList):
    """One horizon's active items; ←/→ go to the next column with items in it."""

    BINDINGS = [
        Binding("left", "column(-1)", "◀", key_display="←", tooltip="The column before (Now ← Next ← Later)"),
        Binding("right", "column(1)", "▶", key_display="→", tooltip="The next column (Now → Next → Later)"),
        Binding("tab", "app.focus_next", "Next", show=False, tooltip="The next column, then the team filter"),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Step(Message):
        """Move to the column `step` away from this one."""

        def __init__(self, column: HorizonList, step: int) -> None:
            super().__init__()
            self.column = column
            self.step = step

    class Resized(Message):
        """The column's width changed: its ids are cut to fit again."""

    fitted_width = 0
    """The width its labels were made for."""

    def action_column(self, step: int) -> None:
        self.post_message(self.Step(self, step))

    def label_width(self) -> int:
        """The columns a label has: the width less the scrollbar's, whether it shows or not yet."""
        return max(0, self.content_region.width - 1)

    def on_resize(self) -> None:
        if self.label_width() != self.fitted_width:
            self.post_message(self.Resized())

    def on_focus(self) -> None:
        # The row the keys act on is always highlighted, from the moment the column has focus.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
        self.post_message(NodeHighlighted(self.current_id()))

    def current_id(self) -> str | None:
        """The highlighted item."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.has_focus:
            self.post_message(NodeHighlighted(event.option.id))


class Roadmap(Vertical):
    """Now / Next / Later columns of active items, filterable by team.

    A column with items takes the room; an empty one shrinks to its heading.
    """

    ALL = "*"

    BINDINGS = [
        Binding("f", "filter", "Filter", tooltip="Show one team's items, or only the blocked, unlinked or erring")
    ]

    def action_filter(self) -> None:
        """Open the team filter's choices."""
        open_choices(self.query_one("#roadmap-team", Select))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._state: BoardState | None = None
        self._team: str = self.ALL
        self._last: str = HORIZONS[0]
        """The column that last had focus: where the keys come back to."""

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt="All teams", allow_blank=True, id="roadmap-team", compact=True)
        with Horizontal(id="roadmap-columns"):
            for horizon in HORIZONS:
                with Vertical(classes="horizon", id=f"column-{horizon}"):
                    yield Label(horizon.capitalize(), id=f"label-{horizon}", classes="horizon-title")
                    yield HorizonList(id=f"horizon-{horizon}", markup=False)

    def show(self, state: BoardState) -> None:
        """Refill the columns (and the team choices)."""
        self._state = state
        select = self.query_one("#roadmap-team", Select)
        options = [(clean(f"{t.id}  {t.name}"), t.id) for t in state.board.teams if state.analysis.index.get(t.id) is t]
        options += [(shown, f"mark:{mark}") for mark, (shown, _) in views.ROADMAP_MARKS.items()]
        with select.prevent(Select.Changed):
            current = select.value
            select.set_options(options)
            if current in {value for _, value in options}:
                select.value = current
        self._fill()

    def _column(self, horizon: str) -> HorizonList:
        return self.query_one(f"#horizon-{horizon}", HorizonList)

    def _fill(self) -> None:
        state = self._state
        if state is None:
            return
        index = state.analysis.index
        # Duplicates too (by their place in the file): a second `saved-searches` is not hidden.
        items = [i for i in state.board.items() if i.active and i.id in index]
        if self._team.startswith("mark:"):
            marked = views.ROADMAP_MARKS[self._team.removeprefix("mark:")][1]
            items = [i for i in items if marked(state, i)]
        elif self._team != self.ALL:
            items = [i for i in items if i.team == self._team]
        for horizon in HORIZONS:
            column = self._column(horizon)
            keep = column.highlighted
            keep_id = column.get_option_at_index(keep).id if keep is not None and keep < column.option_count else None
            chosen = [i for i in items if i.horizon == horizon]
            width = column.fitted_width = column.label_width()
            column.set_options(
                [Option(views.roadmap_label(state, i, width), id=views.roadmap_id(state, i)) for i in chosen]
            )
            self.query_one(f"#label-{horizon}", Label).update(Text(f"{horizon.capitalize()} ({len(chosen)})"))
            self.query_one(f"#column-{horizon}").set_class(not chosen, "empty")
            if chosen:
                # The same item where it is still here; else the row where the cursor was.
                ids = [views.roadmap_id(state, i) for i in chosen]
                column.highlighted = ids.index(keep_id) if keep_id in ids else min(keep or 0, len(chosen) - 1)

    @on(Select.Changed, "#roadmap-team")
    def _team_changed(self, event: Select.Changed) -> None:
        self._team = self.ALL if event.value is Select.NULL else str(event.value)
        self._fill()
        self.focus_view()  # back to the items: the keys act on them, not on the filter

    @on(HorizonList.Resized)
    def _refit(self, event: HorizonList.Resized) -> None:
        event.stop()
        if any(column.label_width() != column.fitted_width for column in map(self._column, HORIZONS)):
            self._fill()

    @on(HorizonList.Step)
    def _step(self, event: HorizonList.Step) -> None:
        event.stop()
        columns = [self._column(h) for h in HORIZONS]
        at = columns.index(event.column)
        row = event.column.highlighted or 0
        for other in columns[at + event.step :: event.step] if event.step > 0 else columns[at - 1 :: -1]:
            if other.option_count:
                other.highlighted = min(row, other.option_count - 1)
                other.focus()
                return

    @on(NodeHighlighted)
    def _remember(self, event: NodeHighlighted) -> None:
        for horizon in HORIZONS:
            if self._column(horizon).has_focus:
                self._last = horizon

    def current_id(self) -> str | None:
        """The item under the cursor of the column that has (or last had) focus."""
        return self._column(self._last).current_id()

    def focus_view(self) -> None:
        """Focus the column that last had focus, or the first with something in it."""
        columns = [self._column(self._last)] + [self._column(h) for h in HORIZONS]
        for column in columns:
            if column.option_count:
                self._focus_column(column)
                return

    def _focus_column(self, column: HorizonList) -> None:
        column.focus()
        # Now, not when the focus event arrives: a key pressed at once acts on this column.
        self._last = (column.id or "").removeprefix("horizon-")
        if column.highlighted is None and column.option_count:
            column.highlighted = 0

    def select_id(self, node_id: str) -> bool:
        """Put the cursor on an item in its column."""
        for horizon in HORIZONS:
            column = self._column(horizon)
            try:
                column.highlighted = column.get_option_index(node_id)
            except Exception:  # noqa: BLE001 - not in this column
                continue
            self._focus_column(column)
            return True
        return False


# -- findings ---------------------------------------------------------------------


class FindingsList(OptionList):
    """Every finding (or those the filter keeps); Enter jumps to its node, or its file and line."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Go to",
            key_display="enter",
            tooltip="Go to the finding's node, or show its file and line",
        ),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: list[Finding] = []
        self._targets: list[str] = []

    def show(self, state: BoardState, keep: Callable[[Finding], bool] | None = None) -> None:
        """Refill, keeping the cursor where it was."""
        was = self.highlighted
        # Errors first, as a linter's problem list has them; each severity in file order.
        kept = [f for f in state.findings if keep is None or keep(f)]
        self._shown = sorted(kept, key=lambda f: -f.severity.rank)
        self._targets = [views.finding_target(state, f) for f in self._shown]
        self.set_options([Option(views.finding_label(f), id=str(n)) for n, f in enumerate(self._shown)])
        if self._shown:
            self.highlighted = min(was or 0, len(self._shown) - 1)

    def current_finding(self) -> Finding | None:
        """The highlighted finding."""
        if self.highlighted is None or self.highlighted >= len(self._shown):
            return None
        return self._shown[self.highlighted]

    def current_id(self) -> str | None:
        """Where the highlighted finding points: a node id or a location."""
        if self.highlighted is None or self.highlighted >= len(self._targets):
            return None
        return self._targets[self.highlighted]

    def select_id(self, node_id: str) -> bool:
        """Findings are chosen by finding, not by node: the cursor stays."""
        return False

    def focus_view(self) -> None:
        """Take the focus, on the first finding when none is highlighted."""
        self.focus()
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.post_message(NodeHighlighted(self.current_id()))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        target = self._targets[int(event.option.id or 0)]
        self.post_message(JumpTo(target))


ALL = "*"


class FindingsView(Vertical):
    """The findings, filtered by severity, rule or team."""

    BINDINGS = [Binding("f", "filter", "Filter", tooltip="Show only one severity, rule or team")]

    def action_filter(self) -> None:
        """Open the filter's choices."""
        open_choices(self.query_one("#findings-filter", Select))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._state: BoardState | None = None
        self._filter = ALL

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt="All findings", allow_blank=True, id="findings-filter", compact=True)
        yield FindingsList(id="findings-list", markup=False)

    def show(self, state: BoardState) -> None:
        """Refill the list and the filter's choices."""
        self._state = state
        select = self.query_one("#findings-filter", Select)
        choices = views.finding_filters(state)
        with select.prevent(Select.Changed):
            current = select.value
            select.set_options(choices)
            if current in {value for _, value in choices}:
                select.value = current
        self._fill()

    def _fill(self) -> None:
        if self._state is not None:
            self.query_one(FindingsList).show(self._state, views.finding_filter(self._state, self._filter))

    @on(Select.Changed, "#findings-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        self._filter = ALL if event.value is Select.NULL else str(event.value)
        self._fill()
        self.focus_view()  # back to the findings: Enter goes to one, not to the filter

    def current_id(self) -> str | None:
        """The node the highlighted finding is about."""
        return self.query_one(FindingsList).current_id()

    def select_id(self, node_id: str) -> bool:
        """Findings are chosen by finding, not by node: the cursor stays."""
        return False

    def focus_view(self) -> None:
        """Focus the list, on the first finding when none is highlighted."""
        self.query_one(FindingsList).focus_view()


# -- history ----------------------------------------------------------------------


class Trend(Static):
    """The coverage bars: as many of the newest commits as fit the width."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._values: list[float | None] = []

    @property
    def values(self) -> list[float | None]:
        """Coverage per commit, oldest first."""
        return self._values

    @values.setter
    def values(self, values: list[float | None]) -> None:
        self._values = values
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.size.width)
        return views.trend(self._values[-width:])


class History(Vertical):
    """The board's commits with their summaries, the coverage trend, and undo.

    Highlighting a commit shows all of it in the detail pane; Enter asks for
    what it changed, by meaning.
    """

    BINDINGS = [
        Binding("enter", "changes", "Changes", key_display="enter", tooltip="Show what the commit changed, by meaning"),
        Binding(
            "z", "app.flow('undo')", "Undo it", key_display="z", tooltip="Undo the highlighted commit (asks first)"
        ),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_changes(self) -> None:
        entry = self.current()
        if entry is not None:
            self.post_message(self.CommitChosen(entry))

    def action_cursor_down(self) -> None:
        self.query_one("#history-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#history-list", OptionList).action_cursor_up()

    @dataclass
    class CommitHighlighted(Message):
        """The cursor is on a commit."""

        entry: LogEntry

    @dataclass
    class CommitChosen(Message):
        """Enter on a commit: show what it changed."""

        entry: LogEntry

    @dataclass
    class LogWanted(Message):
        """The board changed while History is shown: its commits must be read again."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._entries: dict[str, LogEntry] = {}

    def show(self, state: BoardState) -> None:
        """Ask for the commits again (reading them is git work: the app does it in a worker)."""
        self.post_message(self.LogWanted())

    def current_id(self) -> str | None:
        """History's cursor is on a commit, not a node."""
        return None

    def select_id(self, node_id: str) -> bool:
        """History does not show nodes."""
        return False

    def focus_view(self) -> None:
        """Focus the list of commits."""
        self.query_one("#history-list", OptionList).focus()

    def compose(self) -> ComposeResult:
        yield Static(Text("coverage over time", style="dim"), id="trend-label")
        yield Trend(id="trend")
        yield OptionList(Option(Text("Loading history…", style="dim")), id="history-list", markup=False)

    def show_log(self, entries: list[LogEntry]) -> None:
        """Show the commits, newest first."""
        listing = self.query_one("#history-list", OptionList)
        self._entries = {e.commit: e for e in entries}
        if not entries:
            listing.set_options([Option(Text("No commit has touched this board yet.", style="dim"))])
            return
        listing.set_options(
            [
                Option(
                    label(
                        (e.short, "bold"),
                        " ",
                        (e.date[:10], "dim"),
                        " ",
                        (e.author[:16].ljust(16), "cyan"),
                        f"  {percent(e.coverage):>4}  ",
                        e.summary,
                    ),
                    id=e.commit,
                )
                for e in entries
            ]
        )
        listing.highlighted = 0
        oldest_first = [e.coverage for e in reversed(entries)]
        self.query_one(Trend).values = oldest_first
        self.query_one("#trend-label", Static).update(views.trend_caption(oldest_first))

    def current(self) -> LogEntry | None:
        """The highlighted commit."""
        listing = self.query_one("#history-list", OptionList)
        if listing.highlighted is None or not self._entries:
            return None
        return self._entries.get(listing.get_option_at_index(listing.highlighted).id or "")

    @on(OptionList.OptionHighlighted, "#history-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entries.get(event.option.id or "")
        if entry is not None:
            self.post_message(self.CommitHighlighted(entry))

    @on(OptionList.OptionSelected, "#history-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        entry = self._entries.get(event.option.id or "")
        if entry is not None:
            self.post_message(self.CommitChosen(entry))


# -- detail -----------------------------------------------------------------------


class DetailPane(VerticalScroll):
    """All of the selected node: fields, links up and down, blocked chains."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a goal, team, outcome or item.", style="dim"), id="detail-body")

    def show(self, text: Text | None) -> None:
        """Show what the app made of the selection, or the hint when there is nothing."""
        body = self.query_one("#detail-body", Static)
        body.update(text if text is not None else Text("Select a goal, team, outcome or item.", style="dim"))


class TopBar(Static):
    """The board at a glance: name, coverage, blocked teams, findings.

    Blocked teams and errors are said in words at any width; on a narrow
    terminal the name and the coverage give way first.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._summary: tuple[BoardState, bool, int] | None = None

    def show(self, state: BoardState, *, read_only: bool, uncommitted: list[str] | None = None) -> None:
        """Summarise a state in one line."""
        self._summary = (state, read_only, len(uncommitted or ()))
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._summary is None:
            return
        width = self.content_region.width or self.app.size.width - 2
        variants = top_bar_variants(*self._summary)
        chosen = next((v for v in variants if v.cell_len <= width), variants[-1])
        if chosen.cell_len > width:
            chosen.truncate(width, overflow="ellipsis")
        self.update(chosen)


def top_bar_variants(state: BoardState, read_only: bool, uncommitted: int = 0) -> list[Text]:
    """The top bar from the most to the least said; blocked teams and errors are in every one."""
    a = state.analysis
    errors = sum(1 for f in state.findings if f.severity.value == "error")
    cov = a.board_coverage
    name = state.board.name or "(unnamed board)"
    blocked = len(a.team_blocks)
    must: list[tuple[object, str] | str] = []
    if blocked:
        must += ["  ", (f"⊘ {plural(blocked, 'team')} blocked", "bold red")]
    if errors:
        must += ["  ", (f"✖ {plural(errors, 'error')}", "red")]
    # Uncommitted files and read-only are marked at any width, in fewer words when narrow.
    must_short = list(must)
    if uncommitted:
        many = uncommitted != 1
        must += ["  ", (f"✎ {uncommitted} uncommitted file{'s' if many else ''}", "bold yellow")]
        must_short += ["  ", (f"✎ {uncommitted}", "bold yellow")]
    if read_only:
        must += ["  ", ("[read-only]", "reverse")]
        must_short += ["  ", ("[read-only]", "reverse")]
    unlinked = len(a.unlinked)
    long_cov: list[tuple[object, str] | str] = [
        ("  coverage ", "dim"),
        f"{percent(cov.ratio)} ({cov.aligned}/{cov.active})",
    ]
    short_cov: list[tuple[object, str] | str] = [("  cov ", "dim"), percent(cov.ratio)]
    long_unlinked: list[tuple[object, str] | str] = ["  ", (f"{UNLINKED} {unlinked}", "yellow")] if unlinked else []
    short_unlinked: list[tuple[object, str] | str] = ["  ", (f"⚠ {unlinked}", "yellow")] if unlinked else []
    head: list[tuple[object, str] | str] = [("trioboard ", "bold"), name]
    return [
        label(*head, *long_cov, *long_unlinked, *must),
        label(name, *long_cov, *long_unlinked, *must),
        label(name, *short_cov, *long_unlinked, *must),
        label(name, *short_cov, *short_unlinked, *must),
        label(name, *short_cov, *short_unlinked, *must_short),
        label(("cov ", "dim"), percent(cov.ratio), *short_unlinked, *must_short),
        label(*must_short[1:]) if must_short else label(name),
    ]


class StatusLine(Static):
    """What the last action did: the commit, a refusal, or work in progress."""


class SyncBadge(Static):
    """Where the board stands against its upstream (`↑2 ↓1`, "up to date", "no upstream") and the last sync."""
