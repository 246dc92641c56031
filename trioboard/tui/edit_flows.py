"""The edit flows: from a key to a typed operation, through a dialog when one is needed.

Each flow is a function of the `Host` (the app): it looks at the highlighted
node, asks what it must, and hands an operation to `host.commit`. A flow
never commits itself, and never touches a file: the app runs the operation
in a worker through the workspace. A form stays open until its edit is
committed, so a refusal is shown at the field with everything still typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from rich.text import Text

from trioboard.core import edits
from trioboard.core.model import (
    HORIZONS,
    OPPORTUNITY_STATUSES,
    STATUSES,
    Goal,
    Item,
    Node,
    Opportunity,
    Outcome,
    Team,
    links_of,
)
from trioboard.core.results import BoardState
from trioboard.core.text import plural
from trioboard.core.vocabulary import KINDS, Horizon, Kind
from trioboard.report import impact_report as measure_text
from trioboard.tui import labels as views
from trioboard.tui.dialogs import Choice, Field, Form, Picker
from trioboard.tui.discovery_forms import assumptions, new_opportunity
from trioboard.tui.evidence_flow import record_touchpoint
from trioboard.tui.measure_forms import impact, measure
from trioboard.tui.session import Request
from trioboard.tui.text import NEWLINE, clean, label

MakeOp = Callable[[dict[str, str]], Request]
"""Turns a form's values into the operation (or other request) to commit."""


class Host(Protocol):
    """What a flow needs of the app."""

    state: BoardState | None

    @property
    def selected(self) -> str | None:
        """What the cursor is on: a node id, a place in a file, or an evidence file."""

    def target(self, *kinds: type) -> Node | None:
        """The highlighted node when it is one of `kinds`; otherwise say so and give None."""

    def context(self) -> Node | None:
        """The highlighted node, if any, without complaint (new nodes start from it)."""

    def ask(self, form: Form, make: MakeOp) -> None:
        """Show a form; commit `make(values)` on Save, keeping the form open until it lands."""

    def choose(self, picker: Picker, make: Callable[[str], edits.Operation]) -> None:
        """Show a picker; commit `make(choice)` when something was chosen."""

    def pick(self, picker: Picker, then: Callable[[str], None]) -> None:
        """Show a picker; run `then(choice)` when something was chosen (the flow's next step: a form)."""

    def confirm(self, question: Text, then: Callable[[], None]) -> None:
        """Ask yes or no (starting on no); run `then` on yes."""

    def commit(self, op: edits.Operation) -> None:
        """Commit one operation in a worker."""

    def warn(self, text: str) -> None:
        """Say why nothing happened."""

    def refuse(self, text: str) -> None:
        """Say on the status line why a key did nothing (the messages log keeps it whole)."""

    def today(self) -> date:
        """The date a check-in is measured at unless the form says otherwise."""

    def undo_last(self) -> None:
        """Undo this session's last edit (or, in History, the highlighted commit)."""

    def redo_last(self) -> None:
        """Redo what this session's last undo undid."""


def _team_of(node: Node | None) -> str:
    if isinstance(node, Team):
        return node.id
    if isinstance(node, Item | Outcome | Opportunity):
        return node.team
    return ""


def _outcome_of(node: Node | None) -> str:
    """The outcome a new item beside `node` serves: the outcome itself, or the first its item serves."""
    if isinstance(node, Outcome):
        return node.id
    if isinstance(node, Item) and node.outcomes:
        return node.outcomes[0].id
    return ""


def _teams(state: BoardState) -> tuple[tuple[str, str], ...]:
    return tuple((f"{t.id} — {t.name}", t.id) for t in state.board.teams)


def _taken(state: BoardState) -> set[str]:
    return set(state.analysis.index)


# -- adding -------------------------------------------------------------------------


def new_item(host: Host) -> None:
    """`n`: a roadmap item in the highlighted team, serving the highlighted outcome or the one
    the highlighted item serves (shown in the form, and changeable there)."""
    state = host.state
    if state is None:
        return
    context = host.context()
    outcome = _outcome_of(context)
    outcomes = tuple((f"{o.id} — {o.title}", o.id) for o in state.board.outcomes())
    fields = [
        Field("title", "Title", required=True),
        Field("id", "Id", required=True),
        Field("team", "Team", _team_of(context), _teams(state), required=True),
        Field("outcomes", "Serves", outcome, outcomes),
        # `edit add-item`'s default too: what the board format means by no horizon.
        Field("horizon", "Horizon", Horizon.LATER.value, tuple((h, h) for h in HORIZONS), required=True),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        served = (values["outcomes"],) if values["outcomes"] else ()
        return edits.AddItem(values["id"], values["team"], values["title"], served, values["horizon"])

    host.ask(Form("New roadmap item", fields, id_from="title", taken=_taken(state)), make)


def new_outcome(host: Host) -> None:
    """`o`: an outcome of the highlighted team, serving the highlighted goal."""
    state = host.state
    if state is None:
        return
    context = host.context()
    goal = context.id if isinstance(context, Goal) else ""
    fields = [
        Field("title", "Title", required=True),
        Field("id", "Id", required=True),
        Field("team", "Team", _team_of(context), _teams(state), required=True),
        Field("goals", "Serves goal", goal, tuple((f"{g.id} — {g.title}", g.id) for g in state.board.goals)),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        goals = (values["goals"],) if values["goals"] else ()
        return edits.AddOutcome(values["id"], values["team"], values["title"], goals)

    host.ask(Form("New outcome", fields, id_from="title", taken=_taken(state)), make)


def new_goal(host: Host) -> None:
    """`g`: a company goal."""
    state = host.state
    if state is None:
        return
    fields = [
        Field("title", "Title", required=True),
        Field("id", "Id", required=True),
        Field("metric", "Metric"),
        Field("target", "Target"),
        Field("owner", "Owner"),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        return edits.AddGoal(
            values["id"], values["title"], values["metric"] or None, values["target"] or None, values["owner"] or None
        )

    host.ask(Form("New company goal", fields, id_from="title", taken=_taken(state)), make)


def new_team(host: Host) -> None:
    """`t`: a team, in a file of its own."""
    state = host.state
    if state is None:
        return
    fields = [
        Field("name", "Name", required=True),
        Field("id", "Id", required=True),
        Field("product", "Product lead"),
        Field("design", "Design lead"),
        Field("engineering", "Engineering lead"),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        return edits.AddTeam(
            values["id"],
            values["name"],
            values["product"] or None,
            values["design"] or None,
            values["engineering"] or None,
        )

    host.ask(Form("New team", fields, id_from="name", taken=_taken(state)), make)


# -- changing -------------------------------------------------------------------------


def edit(host: Host) -> None:
    """`e`: every field of the highlighted node, in one form and one commit."""
    node = host.target()
    if node is None:
        return
    current = {key: edits.current_value(node, key) or "" for key in edits.SETTABLE[node.kind]}
    fields = []
    for key, value in current.items():
        if key == "horizon":
            fields.append(Field(key, key, value, tuple((h, h) for h in HORIZONS), required=True))
        elif key == "status":
            statuses = OPPORTUNITY_STATUSES if isinstance(node, Opportunity) else STATUSES
            fields.append(Field(key, key, value, tuple((s, s) for s in statuses), required=True))
        elif key == "notes":
            fields.append(Field(key, key, value, multiline=True, hint="free text, several lines allowed"))
        elif key in edits.LIST_FIELDS:
            hint = "comma-separated URLs" if key == "links" else "comma-separated ids"
            fields.append(Field(key, key.replace("_", " "), value, hint=hint))
        else:
            name = key.replace("trio.", "") + (" lead" if key.startswith("trio.") else "")
            fields.append(Field(key, name, value, required=key in edits.REQUIRED))

    def make(values: dict[str, str]) -> edits.Operation:
        changed = tuple((k, v) for k, v in values.items() if not _same(k, v, current[k]))
        if not changed:
            raise edits.Refused("nothing was changed")
        expect = tuple((k, current[k] or None) for k, _ in changed)
        return edits.SetFields(node.id, changed, expect)

    host.ask(Form(f"Edit {node.kind.value} {clean(node.id)}", fields), make)


def _same(key: str, typed: str, shown: str) -> bool:
    """Whether a form value is what the form showed: `a,b` is `a, b`, and notes ignore blank edges."""
    if key in edits.LIST_FIELDS:
        return edits.split_list(typed) == edits.split_list(shown)
    if key == "notes":
        return typed.strip() == shown.strip()
    return typed == shown


def link(host: Host) -> None:
    """`l`: link the highlighted item to an outcome, an opportunity it answers or an item it depends on;
    an opportunity to an outcome or its parent; an outcome to a goal."""
    node = host.target(Item, Outcome, Opportunity)
    state = host.state
    if node is None or state is None:
        return
    assert isinstance(node, Item | Outcome | Opportunity)
    # The nodes of every kind its link fields (and an opportunity's parent) point to, in the order written.
    have = set(_refs_of(node)) | {node.id}
    kinds = [key.target for key in KINDS[node.kind].refs if key.target is not None]
    targets = [n for kind in kinds for n in state.board.nodes_of(kind) if n.id not in have]
    title = {
        Kind.OUTCOME: f"Link outcome {clean(node.id)} to a goal",
        Kind.OPPORTUNITY: f"Link opportunity {clean(node.id)} to an outcome it would move, or a parent",
        Kind.ITEM: f"Link item {clean(node.id)} to an outcome, an opportunity it answers, or an item it depends on",
    }[node.kind]
    # Its own team's first (board order within): that is where an item's outcome usually is.
    targets.sort(key=lambda t: not (isinstance(t, Outcome | Opportunity) and t.team == node.team))
    choices = [_link_choice(t) for t in targets if state.analysis.index.get(t.id) is t]
    host.choose(Picker(title, choices), lambda target: edits.Link(node.id, target))


def _refs_of(node: Node) -> list[str]:
    """The ids a node links to: its link fields, then an opportunity's parent."""
    refs = [r.id for links in links_of(node).values() for r in links]
    return [*refs, node.parent.id] if isinstance(node, Opportunity) and node.parent else refs


def _link_choice(target: Node) -> Choice:
    """A node the link picker offers; an outcome that serves no goal says so (work linked
    to it is still loose from the strategy)."""
    choice = views.node_choice(target)
    if not isinstance(target, Outcome) or target.goals:
        return choice
    marked = choice.label.copy()
    marked.append("  ⚠ serves no goal", style="yellow")
    return Choice(choice.id, marked, choice.search, choice.enabled)


def unlink(host: Host) -> None:
    """`u`: remove one link of the highlighted item, opportunity (its parent too) or outcome."""
    node = host.target(Item, Outcome, Opportunity)
    state = host.state
    if node is None or state is None:
        return
    refs = _refs_of(node)
    index = state.analysis.index
    choices = [
        views.node_choice(index[r]) if r in index else Choice(r, label((r, "bold"), ("  (missing)", "dim")), r)
        for r in dict.fromkeys(refs)
    ]
    if not choices:
        host.warn(f"{clean(node.id)} has no links to remove")
        return
    host.choose(Picker(f"Unlink {clean(node.id)} from…", choices), lambda target: edits.Unlink(node.id, target))


def move(host: Host) -> None:
    """`m`: move the highlighted item or opportunity to another team."""
    node = host.target(Item, Opportunity)
    state = host.state
    if node is None or state is None:
        return
    assert isinstance(node, Item | Opportunity)
    choices = [views.team_choice(t) for t in state.board.teams if t.id != node.team]
    choices += [views.unreadable_team_choice(team) for team in views.unreadable_teams(state)]
    title = f"Move {node.kind.value} {clean(node.id)} to team…"
    host.choose(Picker(title, choices), lambda team: edits.Move(node.id, team))


def _horizon(host: Host, step: int) -> None:
    node = host.target(Item)
    if node is None:
        return
    assert isinstance(node, Item)
    position = HORIZONS.index(node.horizon) + step
    if not 0 <= position < len(HORIZONS):
        host.warn(f"{clean(node.id)} is already {node.horizon}")
        return
    host.commit(edits.SetFields(node.id, (("horizon", HORIZONS[position]),), (("horizon", node.horizon),)))


def sooner(host: Host) -> None:
    """`<`: the highlighted item one horizon earlier."""
    _horizon(host, -1)


def later(host: Host) -> None:
    """`>`: the highlighted item one horizon later."""
    _horizon(host, 1)


def block(host: Host) -> None:
    """`b`: block the highlighted item or team with a reason; unblock it after showing the reason."""
    node = host.target(Item, Team)
    if node is None:
        return
    assert isinstance(node, Item | Team)
    current = node.blocked
    if current:
        question = label(
            "Unblock ", (f"{node.kind.value} {node.id}", "bold"), "?", NEWLINE, "It is blocked: ", (current, "bold red")
        )
        op = edits.SetFields(node.id, (("blocked", ""),), (("blocked", current),))
        host.confirm(question, lambda: host.commit(op))
        return

    def make(values: dict[str, str]) -> edits.Operation:
        return edits.SetFields(node.id, (("blocked", values["blocked"]),), (("blocked", None),))

    host.ask(Form(f"Block {node.kind.value} {clean(node.id)}: why?", [Field("blocked", "Reason", required=True)]), make)


def remove(host: Host) -> None:
    """`x`: remove the highlighted node, saying first what else goes with it."""
    node = host.target()
    state = host.state
    if node is None or state is None:
        return
    question = label("Remove ", (f"{node.kind.value} {node.id}", "bold"), " (", node.title, ")?")
    question.append_text(_what_else_goes(state, node))
    host.confirm(question, lambda: host.commit(edits.Remove(node.id)))


def _what_else_goes(state: BoardState, node: Node) -> Text:
    """The nodes and links that go with `node`, in words."""
    out = Text()
    gone = {node.id}
    if isinstance(node, Team):
        held = node.opportunities
        gone |= {o.id for o in node.outcomes} | {o.id for o in held} | {i.id for i in node.items}
        also = f", {plural(len(held), 'opportunity')}" if held else ""
        out.append(
            f"\nIts file and its {plural(len(node.outcomes), 'outcome')}{also} and {plural(len(node.items), 'item')}"
            " go too.",
            style="bold red",
        )
    links: list[tuple[str, str]] = []
    for other in state.board.nodes():
        if other.id in gone:
            continue
        links += [(other.id, r) for r in _refs_of(other) if r in gone]
    links += [(node.id, r) for r in _refs_of(node)]
    if links:
        out.append(f"\n{plural(len(links), 'link')} {'goes' if len(links) == 1 else 'go'} too:", style="bold red")
        for source, target in links[:8]:
            out.append_text(label(NEWLINE, "  ", (source, "bold"), " → ", (target, "bold")))
        if len(links) > 8:
            out.append(f"\n  … and {len(links) - 8} more", style="dim")
    else:
        out.append("\nNo link goes with it.", style="dim")
    return out


def checkin(host: Host) -> None:
    """`c`: check in the highlighted measure: its value now, the confidence, when, and a note, in one form."""
    node = host.context()
    if not isinstance(node, Goal | Outcome) or node.measure is None:
        what = "nothing" if node is None else f"{node.kind.value} {node.id}"
        host.refuse(
            f"No measure to check in: {what} has none (# gives a goal or outcome one; Impact, 6, lists the measured)"
        )
        return
    measure = node.measure
    unit = f" ({measure.unit})" if measure.unit else ""
    now = "none yet" if measure.current is None else f"now {measure_text.amount(measure.current, measure.unit)}"
    confidence = "" if measure.confidence is None else measure_text.number(measure.confidence)
    fields = [
        Field(
            "current",
            f"Value{unit}",
            required=True,
            hint=f"a number: {now}, target {measure_text.number(measure.target)}",
        ),
        Field("confidence", "Confidence", confidence, hint="0 to 1: how sure you are of reaching the target"),
        Field("as_of", "As of", host.today().isoformat(), hint="YYYY-MM-DD: when it was measured"),
        Field("note", "Note", multiline=True, hint="what you learned (goes in the commit message)"),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        return edits.CheckIn(
            node.id,
            values["current"],
            values["confidence"] or None,
            values["as_of"] or None,
            note=values["note"].strip() or None,
        )

    title = f"Check in {node.kind.value} {clean(node.id)}: {clean(measure.metric)}"
    host.ask(Form(title, fields), make)


def undo(host: Host) -> None:
    """`z`: undo this session's last edit (in History: the highlighted commit)."""
    host.undo_last()


def redo(host: Host) -> None:
    """`Z`: redo what the last undo undid."""
    host.redo_last()


FLOWS: dict[str, Callable[[Host], None]] = {
    flow.__name__: flow
    for flow in (
        new_item,
        new_outcome,
        new_goal,
        new_team,
        edit,
        link,
        unlink,
        move,
        sooner,
        later,
        block,
        checkin,
        measure,
        impact,
        new_opportunity,
        assumptions,
        remove,
        undo,
        redo,
        record_touchpoint,
    )
}
"""The flows by the name the action table gives them: `flow('link')`."""
