"""The strategy tree: goals → outcomes → (opportunities →) items, with unlinked work gathered at the top.

Trees fill lazily, as their lines open, so a board of 10,000 items paints at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from trioboard.core.model import Goal, Item, Opportunity, Outcome
from trioboard.core.results import BoardState
from trioboard.core.text import plural
from trioboard.tui import labels
from trioboard.tui.discovery_labels import opportunity_label
from trioboard.tui.messages import NodeHighlighted
from trioboard.tui.text import UNLINKED, clean, label
from trioboard.tui.widgets.lazy_tree import LazyTree


@dataclass(frozen=True, slots=True)
class Entry:
    """What a tree line stands for."""

    kind: str
    """`unlinked`, `loose-outcomes` (headings), or `goal`, `outcome`, `opportunity`, `item`."""
    id: str = ""
    loaded: bool = False


class StrategyTree(LazyTree[Entry]):
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
                    labels.goal_label(state, goal),
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

    def _settle(self, scroll: float) -> None:
        """Scroll back to where the reader was, with the cursor still in sight."""
        self.scroll_to(y=scroll, animate=False)
        if self.cursor_node is not None:
            self.scroll_to_node(self.cursor_node, animate=False)

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
                text = labels.item_label(state, item)
                text.append(f"  · {clean(a.unlinked[item_id])}", style="dim")
                node.add_leaf(text, Entry("item", item_id))
        elif entry.kind == "loose-outcomes":
            for outcome in self._loose(state):
                node.add(labels.outcome_label(state, outcome), Entry("outcome", outcome.id), allow_expand=True)
        elif entry.kind == "goal":
            for outcome_id in a.goal_outcomes.get(entry.id, []):
                served = index[outcome_id]
                assert isinstance(served, Outcome)
                node.add(labels.outcome_label(state, served), Entry("outcome", outcome_id), allow_expand=True)
        elif entry.kind == "outcome":
            for opportunity in state.board.opportunities():
                if index.get(opportunity.id) is opportunity and any(r.id == entry.id for r in opportunity.outcomes):
                    self._add_opportunity(state, node, opportunity)
            for item in state.board.items():
                if index.get(item.id) is item and any(r.id == entry.id for r in item.outcomes):
                    node.add_leaf(labels.item_label(state, item), Entry("item", item.id))

        elif entry.kind == "opportunity":
            # Between the outcome and the items (SPEC 11): narrower opportunities, then the items answering it.
            for child_id in a.opportunities.children.get(entry.id, []):
                child = index[child_id]
                assert isinstance(child, Opportunity)
                self._add_opportunity(state, node, child)
            for item_id in a.opportunity_items.get(entry.id, []):
                item = index[item_id]
                assert isinstance(item, Item)
                node.add_leaf(labels.item_label(state, item), Entry("item", item.id))

    def _add_opportunity(self, state: BoardState, node: TreeNode[Entry], opportunity: Opportunity) -> None:
        a = state.analysis
        has = bool(a.opportunities.children.get(opportunity.id) or a.opportunity_items.get(opportunity.id))
        node.add(opportunity_label(state, opportunity), Entry("opportunity", opportunity.id), allow_expand=has)

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
                if outcome is not None:
                    path = [("goal", a.outcome_goals[outcome][0]), ("outcome", outcome), ("item", node.id)]
                else:
                    answered = next((r.id for r in node.opportunities if a.opportunities.goals.get(r.id)), None)
                    path = [*self._opportunity_path(answered), ("item", node.id)] if answered else []
        elif isinstance(node, Opportunity):
            path = self._opportunity_path(node.id)
        return self.open_path(path)

    def _opportunity_path(self, opportunity_id: str) -> list[tuple[str, str]]:
        """Goal, outcome, then the opportunities down to this one (empty when it serves no goal)."""
        a = self._state.analysis if self._state else None
        if a is None:
            return []
        chain: list[Opportunity] = []
        node = a.index.get(opportunity_id)
        while isinstance(node, Opportunity) and node not in chain:
            chain.append(node)
            outcome = next((r.id for r in node.outcomes if a.outcome_goals.get(r.id)), None)
            if outcome is not None:
                opportunities = [("opportunity", o.id) for o in reversed(chain)]
                return [("goal", a.outcome_goals[outcome][0]), ("outcome", outcome), *opportunities]
            node = a.index.get(node.parent.id) if node.parent else None
        return []
