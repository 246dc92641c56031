"""The forms of SPEC 10 besides the check-in: a goal's or outcome's measure, and what an item is expected to move.

Each is a flow of the `Host` (see `edit_flows`): it looks at the highlighted
node, shows one form prefilled with what the board has, and turns the values
into one operation, so one Save is one commit. A refusal (a number that
does not read, a baseline equal to the target) is shown at its field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trioboard.core import edits
from trioboard.core.edits import values as values_of
from trioboard.core.model import Goal, Item, Outcome
from trioboard.core.vocabulary import Direction
from trioboard.tui.dialogs import Field, Form
from trioboard.tui.text import clean

if TYPE_CHECKING:
    from trioboard.tui.edit_flows import Host

_MEASURE_FIELDS = ("metric", "unit", "direction", "baseline", "target", "by", "source")
_IMPACT_FIELDS = ("outcome", "expect", "confidence", "actual")


def measure(host: Host) -> None:
    """`#`: give the highlighted goal or outcome a measure, or change the one it has (its check-ins stay)."""
    node = host.target(Goal, Outcome)
    if node is None:
        return
    assert isinstance(node, Goal | Outcome)
    shown = {name: edits.current_value(node, f"measure.{name}") or "" for name in _MEASURE_FIELDS}
    shown["direction"] = shown["direction"] or Direction.INCREASE.value  # the default, shown even when not written
    fields = [
        Field("metric", "Metric", shown["metric"], required=True, hint="what is measured: checkout conversion"),
        Field("unit", "Unit", shown["unit"], hint="shown after numbers: %, ms, k€"),
        Field("direction", "Direction", shown["direction"], tuple((d, d) for d in Direction), required=True),
        Field("baseline", "Baseline", shown["baseline"], required=True, hint="a number: where it started"),
        Field("target", "Target", shown["target"], required=True, hint="a number: where it should get"),
        Field("by", "By", shown["by"], hint="YYYY-MM-DD: when the target should be reached"),
        Field("source", "Source", shown["source"], hint="where the number comes from (a URL)"),
    ]

    def make(values: dict[str, str]) -> edits.Operation:
        # An optional field left as shown is left as it is: a default direction is not written out.
        def given(name: str) -> str | None:
            return None if values[name] == shown[name] else values[name]

        return edits.SetMeasure(
            node.id,
            values["metric"],
            values["baseline"],
            values["target"],
            given("unit"),
            given("direction"),
            given("by"),
            given("source"),
        )

    doing = "Change the measure of" if node.measure is not None else "Give a measure to"
    host.ask(Form(f"{doing} {node.kind.value} {clean(node.id)}", fields), make)


def impact(host: Host) -> None:
    """`i`: say what the highlighted item is expected to move (a measured outcome it serves), and what it did."""
    node = host.target(Item)
    state = host.state
    if node is None or state is None:
        return
    assert isinstance(node, Item)
    index = state.analysis.index
    served = [index.get(r.id) for r in node.outcomes]
    measured = [o for o in served if isinstance(o, Outcome) and o.measure is not None]
    shown = {name: edits.current_value(node, f"impact.{name}") or "" for name in _IMPACT_FIELDS}
    choices = [(f"{o.id} — {o.measure.metric}", o.id) for o in measured if o.measure is not None]
    if shown["outcome"] and shown["outcome"] not in {value for _, value in choices}:
        choices.append((f"{shown['outcome']} (not a measured outcome it serves)", shown["outcome"]))
    if not choices:
        host.refuse(
            f"Item {node.id} serves no outcome with a measure: link it to one (l), or give its outcome a measure (#)"
        )
        return
    fields = [
        Field("outcome", "Outcome", shown["outcome"] or choices[0][1], tuple(choices), required=True),
        Field("expect", "Expect", shown["expect"], required=True, hint="a number: the change, in the measure's unit"),
        Field("confidence", "Confidence", shown["confidence"], hint="0 to 1: how sure you are"),
    ]
    if node.impact is not None:
        # An actual is what a said expectation did: a new impact has none to report yet.
        fields.append(Field("actual", "Actual", shown["actual"], hint="a number: what it moved, once shipped"))

    def make(values: dict[str, str]) -> edits.Operation:
        changed = [name for name in _IMPACT_FIELDS if name in values and values[name] != shown[name]]
        if not changed:
            raise edits.Refused("nothing was changed")
        if node.impact is None or "actual" not in changed:
            return edits.SetImpact(
                node.id,
                values["outcome"],
                values["expect"],
                values["confidence"] if "confidence" in changed else None,
            )
        # The actual (and whatever else changed with it) as fields of the impact: still one commit.
        for name in changed:
            key = values_of.sub_key(f"impact.{name}")
            if key is not None and values[name].strip() and name != "outcome":
                values_of.typed(key, values[name], name)  # refused at the form's own field, not `impact.NAME`
        return edits.SetFields(
            node.id,
            tuple((f"impact.{name}", values[name]) for name in changed),
            tuple((f"impact.{name}", shown[name] or None) for name in changed),
        )

    doing = "Change what" if node.impact is not None else "Say what"
    host.ask(Form(f"{doing} item {clean(node.id)} is expected to move", fields), make)
