"""Planning the discovery edits (SPEC 11): a new opportunity, its parent, and a roadmap item's assumptions.

An assumption has no id: `set ITEM assumptions.N.FIELD=VALUE` names it by
its number as the TUI and `trioboard discovery` list them, counted from 1
(`assumptions.N=` with nothing after it removes it),
and the step that writes it finds it in the file by its text (the text is
what the merge and the diff match assumptions by too), so an edit planned
against a board that changed underneath it is refused, never misplaced.
"""

from __future__ import annotations

import re

from trioboard.core.edits.index import BoardIndex, checked_choice, checked_text, expect_kind, node_path
from trioboard.core.edits.messages import SUBJECT_LIMIT, link_message
from trioboard.core.edits.operations import AddOpportunity, Assume, Link, Unlink
from trioboard.core.edits.steps import (
    AddListEntry,
    AppendEntry,
    DeleteKey,
    DropListEntry,
    Plan,
    SetKey,
    SetListEntry,
    Step,
)
from trioboard.core.errors import Refused
from trioboard.core.model import Item, Node, Opportunity
from trioboard.core.text import a_or_an, plural
from trioboard.core.vocabulary import ASSUMPTION_KEYS, Kind

ASSUMPTIONS = "assumptions"
"""The item key that holds its assumptions."""
ASSUMPTION_FIELDS = tuple(key.name for key in ASSUMPTION_KEYS)
"""The fields of one assumption, settable as `assumptions.N.FIELD`, in SPEC order."""
_ASSUMPTION_KEY = re.compile(r"assumptions\.([0-9]+)(?:\.([a-z_]+))?")
_CHOICES = {key.name: key.choices for key in ASSUMPTION_KEYS if key.choices}


# -- opportunities ---------------------------------------------------------------------------


def plan_add_opportunity(op: AddOpportunity, index: BoardIndex) -> Plan:
    """A new entry of the team's `opportunities:` (the list is made, before the roadmap, when it is the first)."""
    index.free_id(op.id)
    team = index.team(op.team)
    for outcome in op.outcomes:
        expect_kind(index, outcome, Kind.OUTCOME, "outcomes")
    fields: list[tuple[str, str | tuple[str, ...]]] = [
        ("id", op.id),
        ("title", checked_text("the title", op.title, required=True, field="title") or ""),
    ]
    if op.outcomes:
        fields.append(("outcomes", tuple(dict.fromkeys(op.outcomes))))
    if op.parent:
        if op.parent == op.id:
            raise Refused("an opportunity cannot be its own parent", "parent")
        expect_kind(index, op.parent, Kind.OPPORTUNITY, "parent")
        fields.append(("parent", op.parent))
    return Plan(f"Add opportunity {op.id} to {team.id}", (AppendEntry(team.pos.file, "opportunities", tuple(fields)),))


def checked_parent(node: Opportunity, raw: str, index: BoardIndex) -> str | None:
    """The new parent of an opportunity ("" removes it): an opportunity, never itself or below itself."""
    if raw == "":
        return None
    if raw == node.id:
        raise Refused("an opportunity cannot be its own parent", "parent")
    expect_kind(index, raw, Kind.OPPORTUNITY, "parent")
    loop = _loop(index, node.id, raw)
    if loop:
        raise Refused(f"{node.id} cannot go under {raw}: the parents would loop ({' → '.join(loop)})", "parent")
    return raw


def _loop(index: BoardIndex, child: str, parent: str) -> list[str]:
    """The chain `child → parent → … → child` when `parent` is already below `child`; empty when it is not."""
    chain = [child, parent]
    at: Node | None = index.nodes.get(parent)
    while isinstance(at, Opportunity) and at.parent is not None:
        chain.append(at.parent.id)
        if at.parent.id == child:
            return chain
        if at.parent.id in chain[:-1]:
            return []  # a loop above, not through `child`: a `schema` finding of its own
        at = index.nodes.get(at.parent.id)
    return []


def plan_parent_link(op: Link | Unlink, child: Opportunity, parent: Opportunity, index: BoardIndex) -> Plan:
    """`link CHILD PARENT` puts an opportunity under another; `unlink` takes it out again."""
    file, path = index.file_of(child), node_path(child)
    has = child.parent.id if child.parent else None
    if isinstance(op, Unlink):
        if has != parent.id:
            raise Refused(f"{child.id} is not under {parent.id}")
        return Plan(
            link_message(child.id, parent.id, dependency=False, unlink=True), (DeleteKey(file, path, "parent"),)
        )
    if has == parent.id:
        raise Refused(f"{child.id} is already under {parent.id}")
    if has is not None:
        raise Refused(f"{child.id} is already under {has}; set parent={parent.id} to move it")
    checked_parent(child, parent.id, index)
    return Plan(
        link_message(child.id, parent.id, dependency=False, unlink=False), (SetKey(file, path, "parent", parent.id),)
    )


# -- assumptions ----------------------------------------------------------------------------


def plan_assume(op: Assume, index: BoardIndex) -> Plan:
    """A new assumption at the end of the item's list, untested."""
    item = expect_kind(index, op.item, Kind.ITEM, "item")
    assert isinstance(item, Item)
    text = checked_text("the assumption", op.text, required=True, field="text") or ""
    for n, held in enumerate(item.assumptions, 1):
        if held.text == text:
            raise Refused(f"{item.id} already has this assumption (number {n})", "text")
    fields = [
        ("text", text),
        ("kind", checked_choice("kind", op.kind, _CHOICES["kind"])),
        ("risk", checked_choice("risk", op.risk, _CHOICES["risk"])),
    ]
    test = checked_text("the test", op.test or "", required=False, field="test")
    if test is not None:
        fields.append(("test", test))
    fields.append(("result", ASSUMPTION_KEYS[-1].default or ""))
    number = len(item.assumptions) + 1
    subject = f"Add assumption {number} to item {item.id}: {text}"
    body = ""
    if len(subject) > SUBJECT_LIMIT:
        subject, body = f"Add assumption {number} to item {item.id}", f"The new assumption: {text}"
    step = AddListEntry(index.file_of(item), node_path(item), ASSUMPTIONS, tuple(fields))
    return Plan(subject, (step,), body)


def assumption_key(key: str) -> tuple[int, str] | None:
    """`assumptions.2.result` → (2, "result"), `assumptions.2` → (2, ""); None when `key` names no assumption."""
    match = _ASSUMPTION_KEY.fullmatch(key)
    return (int(match.group(1)), match.group(2) or "") if match else None


def current_assumption(node: Node, key: str) -> str | None:
    """The value of `assumptions.N.FIELD` as the board has it (None: unset, or no such assumption)."""
    named = assumption_key(key)
    if named is None or not isinstance(node, Item) or not 1 <= named[0] <= len(node.assumptions):
        return None
    value = getattr(node.assumptions[named[0] - 1], named[1] or "text", None)
    return value if isinstance(value, str) else None


def assumption_step(node: Node, key: str, raw: str, index: BoardIndex) -> tuple[Step, str | None] | None:
    """The step setting `assumptions.N.FIELD` to `raw` ("" removes a field that may be absent), and the new value.

    `assumptions.N` set empty removes the whole assumption (the new value is
    None). None when the assumption already has that value. Refused for a
    node that is not an item, a number out of range, an unknown field or a
    bad value.
    """
    named = assumption_key(key)
    assert named is not None
    number, name = named
    if not isinstance(node, Item):
        raise Refused(f"only roadmap items have assumptions; {node.id} is {a_or_an(node.kind.value)}", key)
    count = len(node.assumptions)
    if count == 0:
        raise Refused(f"{node.id} has no assumptions yet; add one with `edit assume`", key)
    if not 1 <= number <= count:
        raise Refused(
            f"{node.id} has {plural(count, 'assumption')}: N in assumptions.N counts them from 1 to {count}", key
        )
    held = node.assumptions[number - 1]
    if not name:
        if raw:
            raise Refused(f"set one field, as {key}.result=VALUE; an empty {key}= removes the assumption", key)
        return DropListEntry(index.file_of(node), node_path(node), ASSUMPTIONS, held.text), None
    if name not in ASSUMPTION_FIELDS:
        raise Refused(f"an assumption has no field {name!r}; it has: {', '.join(ASSUMPTION_FIELDS)}", key)
    value: str | None
    if name in _CHOICES and (raw or name == "result"):
        value = checked_choice(name, raw, _CHOICES[name])  # a result is never removed: `untested` says it
    elif name in _CHOICES:
        value = None
    else:
        value = checked_text(f"the {name}", raw, required=name == "text", field=key)
    if name == "text" and any(a.text == value for a in node.assumptions if a is not held):
        raise Refused(f"{node.id} already has an assumption with this text", key)
    if value == current_assumption(node, key):
        return None
    step = SetListEntry(index.file_of(node), node_path(node), ASSUMPTIONS, held.text, name, value)
    return step, value
