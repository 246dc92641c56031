"""The forms of SPEC 11's edits: a new opportunity, and the assumptions of a roadmap item.

Flows of the `Host` (see `edit_flows`): each starts from the highlighted
node, shows one form, and turns it into one operation, so one Save is one
commit; a refusal is shown at its field with everything typed kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trioboard.core import edits
from trioboard.core.model import Assumption, Item, Opportunity, Outcome, Team
from trioboard.core.vocabulary import AssumptionKind, AssumptionResult, Risk
from trioboard.tui.dialogs import Choice, Field, Form, Picker
from trioboard.tui.text import clean, label

if TYPE_CHECKING:
    from trioboard.tui.edit_flows import Host

_NEW = "+"
"""The assumptions picker's first choice: a new assumption (no number can be `+`)."""


def new_opportunity(host: Host) -> None:
    """`p`: an opportunity of the highlighted team; under the highlighted outcome (it would move it) or
    opportunity (its parent); beside the highlighted item, moving what the item serves."""
    state = host.state
    if state is None:
        return
    context = host.context()
    team = context.id if isinstance(context, Team) else ""
    if isinstance(context, Item | Outcome | Opportunity):
        team = context.team
    outcome, parent = "", ""
    if isinstance(context, Outcome):
        outcome = context.id
    elif isinstance(context, Opportunity):
        parent = context.id
    elif isinstance(context, Item) and context.outcomes:
        outcome = context.outcomes[0].id
    board = state.board
    fields = [
        Field("title", "Title", required=True, hint="what customers need, or what holds them back"),
        Field("id", "Id", required=True),
        Field("team", "Team", team, tuple((f"{t.id} — {t.name}", t.id) for t in board.teams), required=True),
        Field("outcomes", "Would move", outcome, tuple((f"{o.id} — {o.title}", o.id) for o in board.outcomes())),
        Field("parent", "Under", parent, tuple((f"{o.id} — {o.title}", o.id) for o in board.opportunities())),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        outcomes = (values["outcomes"],) if values["outcomes"] else ()
        return edits.AddOpportunity(values["id"], values["team"], values["title"], outcomes, values["parent"] or None)

    host.ask(Form("New opportunity", fields, id_from="title", taken=set(state.analysis.index)), make)


def assumptions(host: Host) -> None:
    """`a`: the highlighted item's assumptions: add one, or set what testing one has shown."""
    node = host.target(Item)
    if node is None:
        return
    assert isinstance(node, Item)
    if not node.assumptions:
        _assume(host, node)
        return
    choices = [Choice(_NEW, label(("+ ", "bold green"), "Add an assumption"), "add new")]
    choices += [_assumption_choice(n, a) for n, a in enumerate(node.assumptions, 1)]

    def chosen(answer: str) -> None:
        if answer == _NEW:
            _assume(host, node)
        else:
            _set_result(host, node, int(answer))

    title = f"Assumptions of item {clean(node.id)}: add one, or choose one to set its result"
    host.pick(Picker(title, choices), chosen)


def _assumption_choice(number: int, held: Assumption) -> Choice:
    """An assumption as the picker lists it: its number, text, kind, risk and result."""
    about = ", ".join(v for v in (held.kind, held.risk and f"{held.risk} risk") if v)
    shown = label((f"{number}. ", "bold"), held.text, (f"  {about}", "dim"), "  ", (held.result, "cyan"))
    return Choice(str(number), shown, f"{held.text} {held.kind or ''} {held.risk or ''} {held.result}")


def _assume(host: Host, item: Item) -> None:
    fields = [
        Field("text", "Assumption", required=True, hint="what must be true for it to work"),
        Field("kind", "Kind", AssumptionKind.DESIRABILITY.value, tuple((k, k) for k in AssumptionKind), required=True),
        Field("risk", "Risk", Risk.HIGH.value, tuple((r, r) for r in Risk), required=True),
        Field("test", "Test", hint="how the trio will find out: a fake door for 5% of buyers"),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        return edits.Assume(item.id, values["text"], values["kind"], values["risk"], values["test"] or None)

    host.ask(Form(f"New assumption of item {clean(item.id)}", fields), make)


def _set_result(host: Host, item: Item, number: int) -> None:
    held = item.assumptions[number - 1]
    key = f"assumptions.{number}"
    fields = [Field("result", "Result", held.result, tuple((r, r) for r in AssumptionResult), required=True)]

    def make(values: dict[str, str]) -> edits.Operation:
        if values["result"] == held.result:
            raise edits.Refused(f"it is {held.result} already", "result")
        # The text too: the number must still name the assumption the user chose.
        expect = ((f"{key}.text", held.text), (f"{key}.result", held.result))
        return edits.SetFields(item.id, ((f"{key}.result", values["result"]),), expect)

    host.ask(Form(f"Result of assumption {number} of item {clean(item.id)}: {clean(held.text)}", fields), make)
