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
    """`a`: the highlighted item's assumptions: add one, or choose one to set its result (or change it)."""
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
            _edit_assumption(host, node, int(answer))

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


def _edit_assumption(host: Host, item: Item, number: int) -> None:
    """One assumption's fields, its result first (what testing showed is what changes most), in one commit.

    The fields are named as `set` names them (`assumptions.2.result`), so a refusal is shown at its field.
    """
    held = item.assumptions[number - 1]
    key = f"assumptions.{number}"
    shown = {"result": held.result, "text": held.text, "kind": held.kind, "risk": held.risk, "test": held.test}
    fields = [
        Field(f"{key}.result", "Result", held.result, tuple((r, r) for r in AssumptionResult), required=True),
        Field(f"{key}.text", "Assumption", held.text, required=True),
        Field(f"{key}.kind", "Kind", held.kind or "", tuple((k, k) for k in AssumptionKind)),
        Field(f"{key}.risk", "Risk", held.risk or "", tuple((r, r) for r in Risk)),
        Field(f"{key}.test", "Test", held.test or "", hint="how the trio will find out"),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        # The text last: the file's entry is found by its text, so it changes after the other fields.
        order = ("result", "kind", "risk", "test", "text")
        changed = [f"{key}.{name}" for name in order if values[f"{key}.{name}"] != (shown[name] or "")]
        if not changed:
            raise edits.Refused("nothing was changed")
        # The text too: the number must still name the assumption the user chose.
        seen = ((f"{key}.text", held.text), *((k, shown[k.rpartition(".")[2]]) for k in changed))
        return edits.SetFields(item.id, tuple((k, values[k]) for k in changed), seen)

    host.ask(Form(f"Assumption {number} of item {clean(item.id)}", fields), make)
