"""The Discovery view (SPEC 11): per team, outcome → opportunities → items, with the evidence behind them.

Each team is a line of the tree. Under it: its touchpoints (newest first),
then its outcomes with the opportunities that would move them (nested by
`parent`), the items that answer each, the items' assumptions and the
evidence for and against. Above the tree, the cadence of the team the
cursor is in: touchpoints per week and whether the policy is met.

Like the strategy tree it fills lazily, as lines open, so a board with a
thousand opportunities and five thousand touchpoints paints at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from trioboard.core.model import Item, Opportunity, Outcome, Team
from trioboard.core.results import BoardState
from trioboard.core.text import plural
from trioboard.tui import discovery_labels as dl
from trioboard.tui import labels
from trioboard.tui.discovery_details import cadence_header, touchpoints_label
from trioboard.tui.messages import NodeHighlighted
from trioboard.tui.text import UNLINKED, label
from trioboard.tui.widgets.lazy_tree import LazyTree


@dataclass(frozen=True, slots=True)
class Entry:
    """What a line of the Discovery tree stands for."""

    kind: str
    """`team`, `touchpoints`, `outcome`, `no-outcome`, `opportunity`, `item`, `assumption` or `evidence`."""
    id: str = ""
    """The node's id; an evidence file's path; for an assumption, its item's id."""
    team: str = ""
    """The team whose part of the tree the line is in."""

    @property
    def selection(self) -> str | None:
        """What keys act on and the detail pane shows: the node, or the evidence file."""
        return self.id or None


class EvidenceChosen(Message):
    """Enter on a piece of evidence: show it whole."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class DiscoveryTree(LazyTree[Entry]):
    """Teams → touchpoints, outcomes → opportunities → items → assumptions and evidence."""

    BINDINGS = [
        Binding("right", "expand_node", "Open", key_display="→", tooltip="Open the highlighted line"),
        Binding(
            "enter", "select_cursor", "Open", show=False, tooltip="Open or close the line; on evidence, show it whole"
        ),
        Binding("left", "collapse_node", "Close", key_display="←", tooltip="Close the highlighted line"),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("asterisk", "expand_all", "Open all", show=False, key_display="*", tooltip="Open every line"),
        Binding("minus", "collapse_all", "Close all", show=False, key_display="-", tooltip="Close every line"),
    ]

    OPEN_TEAMS = 3
    """Up to this many teams, every team starts open; more, only the first."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text("board"), **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self._state: BoardState | None = None

    def show(self, state: BoardState) -> None:
        """Rebuild for a new state, keeping what was open and where the cursor was."""
        first = self._state is None
        opened = {self._path(n) for n in self._walk(self.root) if n.is_expanded}
        cursor = self._path(self.cursor_node) if self.cursor_node is not None else None
        line = self.cursor_line
        self._state = state
        self.clear()
        index = state.analysis.index
        teams = [t for t in state.board.teams if index.get(t.id) is t]
        for team in teams:
            self.root.add(self._team_label(state, team), Entry("team", team.id, team.id), allow_expand=True)
        if first and not opened:
            opened = {self._path(n) for n in self.root.children[: 1 if len(teams) > self.OPEN_TEAMS else len(teams)]}
        self._reopen(self.root, opened)
        lines = self._tree_lines
        target = next((n for n in self._walk(self.root) if self._path(n) == cursor), None) if cursor else None
        if target is not None:
            self.move_cursor(target)
        elif lines:
            self.cursor_line = min(max(line, 0), len(lines) - 1)

    def _reopen(self, node: TreeNode[Entry], opened: set[tuple[str, ...]]) -> None:
        for child in node.children:
            if self._path(child) in opened:
                self._fill(child)
                child.expand()
                self._reopen(child, opened)

    def current_entry(self) -> Entry | None:
        """What the cursor is on."""
        node = self.cursor_node
        return node.data if node is not None else None

    def current_id(self) -> str | None:
        """The node (or evidence file) under the cursor."""
        entry = self.current_entry()
        return entry.selection if entry is not None else None

    # -- filling ----------------------------------------------------------------------

    def _team_label(self, state: BoardState, team: Team) -> Text:
        count = len(team.opportunities)
        tail = f"  {plural(count, 'opportunity')}" if count else "  no opportunity yet"
        return label(("■ ", "blue"), (team.id, "bold"), "  ", team.name, (tail, "dim"))

    def _fill(self, node: TreeNode[Entry]) -> None:
        state, entry = self._state, node.data
        if state is None or entry is None or node.children:
            return
        if entry.kind == "team":
            self._fill_team(state, node, entry.id)
        elif entry.kind == "touchpoints":
            for evidence in dl.EvidenceIndex.of(state).by_team.get(entry.team, []):
                node.add_leaf(dl.evidence_label(evidence), Entry("evidence", evidence.path, entry.team))
        elif entry.kind in ("outcome", "no-outcome"):
            served = state.analysis.opportunities.outcomes
            for opportunity in _tops(state, entry.team):
                if (
                    (entry.id in served.get(opportunity.id, []))
                    if entry.kind == "outcome"
                    else not served.get(opportunity.id)
                ):
                    self._add_opportunity(state, node, opportunity, entry.team)
        elif entry.kind == "opportunity":
            self._fill_opportunity(state, node, entry)
        elif entry.kind == "item":
            item = state.analysis.index.get(entry.id)
            if isinstance(item, Item):
                for assumption in item.assumptions:
                    node.add_leaf(dl.assumption_label(assumption), Entry("assumption", item.id, entry.team))
            self._add_evidence(state, node, entry)

    def _fill_team(self, state: BoardState, node: TreeNode[Entry], team_id: str) -> None:
        index = dl.EvidenceIndex.of(state)
        if index.by_team.get(team_id) or state.board.policy.discovery is not None:
            node.add(
                touchpoints_label(state, team_id),
                Entry("touchpoints", "", team_id),
                allow_expand=bool(index.by_team.get(team_id)),
            )
        served = state.analysis.opportunities.outcomes
        tops = _tops(state, team_id)
        team = state.analysis.index.get(team_id)
        assert isinstance(team, Team)
        outcomes = [o.id for o in team.outcomes if state.analysis.index.get(o.id) is o]
        for opportunity in tops:
            outcomes += [o for o in served.get(opportunity.id, []) if o not in outcomes]
        for outcome_id in outcomes:
            outcome = state.analysis.index.get(outcome_id)
            if isinstance(outcome, Outcome):
                has = any(outcome_id in served.get(o.id, []) for o in tops)
                text = labels.outcome_label(state, outcome)
                if not has:
                    text.append_text(label(("  no opportunity yet", "dim")))
                node.add(text, Entry("outcome", outcome_id, team_id), allow_expand=has)
        loose = [o for o in tops if not served.get(o.id)]
        if loose:
            heading = label((f"{UNLINKED} — {plural(len(loose), 'opportunity')} serving no outcome", "bold yellow"))
            node.add(heading, Entry("no-outcome", "", team_id), allow_expand=True)

    def _add_opportunity(self, state: BoardState, node: TreeNode[Entry], opportunity: Opportunity, team: str) -> None:
        a = state.analysis
        has = bool(
            a.opportunities.children.get(opportunity.id)
            or a.opportunity_items.get(opportunity.id)
            or dl.EvidenceIndex.of(state).about(opportunity.id)
        )
        node.add(dl.opportunity_label(state, opportunity), Entry("opportunity", opportunity.id, team), allow_expand=has)

    def _fill_opportunity(self, state: BoardState, node: TreeNode[Entry], entry: Entry) -> None:
        a = state.analysis
        for child_id in a.opportunities.children.get(entry.id, []):
            child = a.index.get(child_id)
            if isinstance(child, Opportunity):
                self._add_opportunity(state, node, child, entry.team)
        for item_id in a.opportunity_items.get(entry.id, []):
            item = a.index.get(item_id)
            if isinstance(item, Item):
                text = labels.item_label(state, item, team=item.team != entry.team)
                summary = dl.assumptions_summary(item.assumptions)
                if summary:
                    text.append_text(label((f"  · {summary}", "dim")))
                has = bool(item.assumptions or dl.EvidenceIndex.of(state).about(item.id))
                node.add(text, Entry("item", item.id, entry.team), allow_expand=has)
        self._add_evidence(state, node, entry)

    def _add_evidence(self, state: BoardState, node: TreeNode[Entry], entry: Entry) -> None:
        for stance, evidence in dl.EvidenceIndex.of(state).about(entry.id):
            node.add_leaf(dl.evidence_label(evidence, stance), Entry("evidence", evidence.path, entry.team))

    # -- moving about -----------------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        data = event.node.data
        self.post_message(NodeHighlighted(data.selection if data else None))

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Entry]) -> None:
        data = event.node.data
        if data is not None and data.kind == "evidence":
            self.post_message(EvidenceChosen(data.id))

    def select_id(self, node_id: str) -> bool:
        """Open the way to a node (or evidence file) and put the cursor on it; False when the tree does not show it."""
        state = self._state
        if state is None:
            return False
        return self.open_path(_path_to(state, node_id))


def _tops(state: BoardState, team_id: str) -> list[Opportunity]:
    """A team's opportunities that head a branch: no parent, or a parent of another team (or none on the board)."""
    index = state.analysis.index
    team = index.get(team_id)
    if not isinstance(team, Team):
        return []
    out = []
    for opportunity in team.opportunities:
        if index.get(opportunity.id) is not opportunity:
            continue
        parent = index.get(opportunity.parent.id) if opportunity.parent else None
        if not isinstance(parent, Opportunity) or parent.team != team_id or parent is opportunity:
            out.append(opportunity)
    return out


def _path_to(state: BoardState, node_id: str) -> list[tuple[str, str]]:
    """The lines from a team down to a node or evidence file, as (kind, id); empty when the tree does not show it."""
    a = state.analysis
    if dl.is_evidence_path(node_id):
        evidence = dl.EvidenceIndex.of(state).by_path.get(node_id)
        if evidence is None or not evidence.team or not isinstance(a.index.get(evidence.team), Team):
            return []
        return [("team", evidence.team), ("touchpoints", ""), ("evidence", node_id)]
    node = a.index.get(node_id)
    if isinstance(node, Team):
        return [("team", node.id)]
    if isinstance(node, Outcome):
        return [("team", node.team), ("outcome", node.id)]
    if isinstance(node, Item):
        answered = next((r.id for r in node.opportunities if isinstance(a.index.get(r.id), Opportunity)), None)
        return [*_path_to(state, answered), ("item", node.id)] if answered else []
    if not isinstance(node, Opportunity):
        return []
    chain = [node]
    while True:
        parent = a.index.get(chain[-1].parent.id) if chain[-1].parent else None
        if not isinstance(parent, Opportunity) or parent.team != node.team or parent in chain:
            break
        chain.append(parent)
    top = chain[-1]
    served = a.opportunities.outcomes.get(top.id, [])
    head = ("outcome", served[0]) if served else ("no-outcome", "")
    return [("team", node.team), head, *(("opportunity", o.id) for o in reversed(chain))]


class DiscoveryView(Vertical):
    """The cadence of the team the cursor is in, above the Discovery tree."""

    _state: BoardState | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="discovery-cadence")
        yield DiscoveryTree(id="discovery-tree")

    @property
    def view_tree(self) -> DiscoveryTree:
        """The tree: it holds the cursor."""
        return self.query_one(DiscoveryTree)

    def show(self, state: BoardState) -> None:
        """Refill the tree and the cadence line."""
        self._state = state
        self.view_tree.show(state)
        self._show_cadence()

    def _show_cadence(self) -> None:
        state = self._state
        entry = self.view_tree.current_entry()
        team = entry.team if entry is not None else None
        if state is None:
            return
        if team is None:
            teams = [t for t in state.board.teams if state.analysis.index.get(t.id) is t]
            team = teams[0].id if teams else None
        self.query_one("#discovery-cadence", Static).update(cadence_header(state, team) if team else Text(""))

    @on(NodeHighlighted)
    def _moved(self, event: NodeHighlighted) -> None:
        self._show_cadence()

    def current_id(self) -> str | None:
        """The node or evidence file under the cursor."""
        return self.view_tree.current_id()

    def current_team(self) -> str | None:
        """The team whose part of the tree the cursor is in."""
        entry = self.view_tree.current_entry()
        return entry.team if entry is not None else None

    def select_id(self, node_id: str) -> bool:
        """Put the cursor on a node or evidence file."""
        return self.view_tree.select_id(node_id)

    def focus_view(self) -> None:
        """Focus the tree."""
        self.view_tree.focus()
