"""Planning: an operation checked against the board as it is now, turned into document steps and a message.

Nothing here reads or writes a file: `store.editor` applies the steps,
`workspace` runs the whole edit (lock, re-read, apply, write, commit).
"""

from __future__ import annotations

from datetime import date

from trioboard.core.edits import discovery, measures, values
from trioboard.core.edits.index import BoardIndex as BoardIndex
from trioboard.core.edits.index import checked_choice as _choice
from trioboard.core.edits.index import checked_text as _text
from trioboard.core.edits.index import expect_kind as _expect_kind
from trioboard.core.edits.index import node_path as _path
from trioboard.core.edits.messages import link_message, remove_message, set_message
from trioboard.core.edits.operations import (
    LIST_FIELDS,
    REQUIRED,
    SETTABLE,
    SUB_SETTABLE,
    AddGoal,
    AddItem,
    AddOpportunity,
    AddOutcome,
    AddTeam,
    Assume,
    CheckIn,
    Link,
    Move,
    Operation,
    Remove,
    SetFields,
    SetImpact,
    SetMeasure,
    Unlink,
)
from trioboard.core.edits.steps import (
    AddRef,
    AppendEntry,
    CreateFile,
    CutEntry,
    DeleteFile,
    DeleteKey,
    DropRef,
    NodePath,
    PasteEntry,
    Plan,
    SetKey,
    SetList,
    Step,
)
from trioboard.core.errors import Refused
from trioboard.core.model import TRIO_ROLES, Goal, Item, Node, Opportunity, Outcome, Ref, Team, links_of
from trioboard.core.schema import link_problem, tag_problem
from trioboard.core.text import a_or_an, notes_problem
from trioboard.core.vocabulary import BOARD_FILE, KINDS, LINK_FIELDS, Kind, team_file

MOVABLE = (Kind.ITEM, Kind.OPPORTUNITY)
"""The kinds of node `Move` takes to another team's file (an outcome stays with the team that owns it)."""


def _refs_to(index: BoardIndex, target: str) -> list[DropRef | DeleteKey]:
    """Steps dropping every link to `target` from wherever it is written (an opportunity's `parent` included)."""
    drops: list[DropRef | DeleteKey] = []
    for node in index.board.nodes():
        for field_name, refs in links_of(node).items():
            if any(r.id == target for r in refs):
                drops.append(DropRef(index.file_of(node), _path(node), field_name, target))
        if isinstance(node, Opportunity) and node.parent is not None and node.parent.id == target:
            drops.append(DeleteKey(index.file_of(node), _path(node), "parent"))
    return drops


def plan(op: Operation, index: BoardIndex) -> Plan:
    """Check `op` against the board and say what it writes; raises Refused."""
    result = _plan(op, index)
    broken = [f for f in result.touched() if f in index.broken_files]
    if broken:
        raise Refused(f"{broken[0]} does not parse; fix it by hand before editing it here")
    return result


def _plan(op: Operation, index: BoardIndex) -> Plan:
    if isinstance(op, AddGoal):
        index.free_id(op.id)
        fields: list[tuple[str, str | tuple[str, ...]]] = [("id", op.id)]
        fields.append(("title", _text("the title", op.title, required=True, field="title") or ""))
        for key in ("metric", "target", "owner"):
            value = _text(key, getattr(op, key) or "", required=False, field=key)
            if value is not None:
                fields.append((key, value))
        return Plan(f"Add goal {op.id}", (AppendEntry(BOARD_FILE, "goals", tuple(fields)),))
    if isinstance(op, AddTeam):
        index.free_id(op.id)
        name = _text("the name", op.name, required=True, field="name")
        trio = {}
        for role in TRIO_ROLES:
            person = _text(f"the {role} lead", getattr(op, role) or "", required=False, field=role)
            if person is not None:
                trio[role] = person
        file_fields: list[tuple[str, object]] = [("id", op.id), ("name", name)]
        if trio:
            file_fields.append(("trio", trio))
        file_fields += [("outcomes", ()), ("roadmap", ())]
        return Plan(f"Add team {op.id}", (CreateFile(team_file(op.id), tuple(file_fields)),))
    if isinstance(op, AddOutcome):
        index.free_id(op.id)
        team = index.team(op.team)
        for goal in op.goals:
            _expect_kind(index, goal, Kind.GOAL, "goals")
        fields = [("id", op.id), ("title", _text("the title", op.title, required=True, field="title") or "")]
        if op.goals:
            fields.append(("goals", tuple(dict.fromkeys(op.goals))))
        return Plan(f"Add outcome {op.id} to {team.id}", (AppendEntry(team.pos.file, "outcomes", tuple(fields)),))
    if isinstance(op, AddOpportunity):
        return discovery.plan_add_opportunity(op, index)
    if isinstance(op, Assume):
        return discovery.plan_assume(op, index)
    if isinstance(op, AddItem):
        index.free_id(op.id)
        team = index.team(op.team)
        for outcome in op.outcomes:
            _expect_kind(index, outcome, Kind.OUTCOME, "outcomes")
        for dep in op.depends_on:
            if dep == op.id:
                raise Refused("an item cannot depend on itself")
            _expect_kind(index, dep, Kind.ITEM, "depends_on")
        fields = [("id", op.id), ("title", _text("the title", op.title, required=True, field="title") or "")]
        if op.outcomes:
            fields.append(("outcomes", tuple(dict.fromkeys(op.outcomes))))
        if op.horizon is not None:
            fields.append(("horizon", _choice("horizon", op.horizon, _choices(Kind.ITEM, "horizon"))))
        if op.status is not None:
            fields.append(("status", _choice("status", op.status, _choices(Kind.ITEM, "status"))))
        if op.depends_on:
            fields.append(("depends_on", tuple(dict.fromkeys(op.depends_on))))
        if op.owner:
            fields.append(("owner", _text("the owner", op.owner, required=False, field="owner") or ""))
        for tag in op.tags:
            why = tag_problem(tag)
            if why:
                raise Refused(f"{why} ({tag!r})", "tags")
        if op.tags:
            fields.append(("tags", tuple(dict.fromkeys(op.tags))))
        return Plan(f"Add item {op.id} to {team.id}", (AppendEntry(team.pos.file, "roadmap", tuple(fields)),))
    if isinstance(op, SetFields):
        return _plan_set(op, index)
    if isinstance(op, SetMeasure):
        node = index.get(op.id)
        return measures.plan_measure(op, node, _path(node))
    if isinstance(op, CheckIn):
        node = index.get(op.id)
        return measures.plan_check_in(op, node, _path(node), date.today())
    if isinstance(op, SetImpact):
        item = index.get(op.id)
        try:
            moved = index.get(op.outcome)
        except Refused as exc:
            raise Refused(str(exc), "outcome") from None
        return measures.plan_impact(op, item, moved, _path(item))
    if isinstance(op, Link | Unlink):
        return _plan_link(op, index)
    if isinstance(op, Move):
        item = index.get(op.item)
        if not isinstance(item, Item | Opportunity):
            raise Refused(
                f"only roadmap items and opportunities move between teams; {op.item} is {a_or_an(item.kind.value)}"
            )
        team = index.team(op.team)
        if item.team == team.id:
            raise Refused(f"{item.id} is already in team {team.id}")
        source, list_key = index.file_of(item), _path(item)[0]
        return Plan(
            f"Move {item.kind.value} {item.id} from {item.team} to {team.id}",
            (CutEntry(source, list_key, item.id), PasteEntry(team.pos.file, list_key, source, item.id)),
        )
    return _plan_remove(op, index)


def _choices(kind: Kind, key: str) -> tuple[str, ...]:
    """The values a closed-set field of `kind` takes (an item's and an opportunity's `status` differ)."""
    return KINDS[kind].key(key).choices


def current_value(node: Node, key: str) -> str | None:
    """The value of a settable field as the board has it now (None when unset).

    A list is given as its values joined by `, `, the way `set` takes it;
    an assumption's field is named `assumptions.N.FIELD` (N counted from 1).
    """
    if discovery.assumption_key(key):
        return discovery.current_assumption(node, key)
    listed = current_list(node, key)
    if listed is not None:
        return ", ".join(listed) or None
    if key in SUB_SETTABLE.get(node.kind, ()):
        return measures.written(node, key)
    if key == "notes":
        return node.extras.notes
    if key.startswith("trio."):
        assert isinstance(node, Team)
        return node.trio.get(key.removeprefix("trio."))
    value = getattr(node, "name" if key == "name" else key, None)
    if isinstance(value, Ref):
        return value.id  # an opportunity's parent
    return value if isinstance(value, str) else None


def current_list(node: Node, key: str) -> list[str] | None:
    """The values of a list field as the board has them (None: `key` is not a list field)."""
    if key not in LIST_FIELDS:
        return None
    refs = links_of(node).get(key)
    if refs is not None:
        return [r.id for r in refs]
    # `links` and `tags` are extras; a link field the node's kind lacks is empty.
    return list(getattr(node.extras, key, []))


def split_list(raw: str) -> list[str]:
    """`a, b,,a` → [a, b]: comma-separated values, blanks and repeats dropped."""
    return list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))


def _notes(raw: str) -> str | None:
    """Notes as given (line breaks kept), without the blank lines around them; "" removes them."""
    value = raw.replace("\r\n", "\n").strip("\n").rstrip()
    if not value:
        return None
    why = notes_problem(value)
    if why:
        raise Refused(f"the notes {why}", "notes")
    # Notes over several lines end with a line break, so they are written as
    # `|`, the block a person writes (and read back equal to what was set).
    return value + "\n" if "\n" in value else value


def _list_values(node: Node, key: str, raw: str, index: BoardIndex) -> list[str]:
    """The checked values of a list field: links are URLs, tags are ids, depends_on names other items."""
    values = split_list(raw)
    for value in values:
        if key == "depends_on":
            if value == node.id:
                raise Refused("an item cannot depend on itself", key)
            _expect_kind(index, value, Kind.ITEM, key)
            continue
        why = link_problem(value) if key == "links" else tag_problem(value)
        if why:
            raise Refused(why if value in why else f"{why} ({value!r})", key)
    return values


def _list_steps(file: str, path: NodePath, key: str, old: list[str], new: list[str]) -> list[Step]:
    """The steps turning list `old` into `new`, touching as few lines as they can.

    Dropping and appending values keeps the list's own lines and comments;
    only a new order rewrites it, and an emptied list loses its key.
    """
    if not new:
        return [DeleteKey(file, path, key)]
    kept = [v for v in old if v in new]
    if kept + [v for v in new if v not in old] != new:
        return [SetList(file, path, key, tuple(new))]
    steps: list[Step] = [DropRef(file, path, key, v) for v in old if v not in new]
    return steps + [AddRef(file, path, key, v) for v in new if v not in old]


def _plan_set(op: SetFields, index: BoardIndex) -> Plan:
    node = index.get(op.id)
    if not op.values:
        raise Refused("nothing to set: give KEY=VALUE")
    for key, seen in op.expect:
        if current_value(node, key) != seen:
            now = current_value(node, key)
            raise Refused(
                f"{key} of {node.id} was changed by someone else meanwhile"
                + (f" (it is now {now!r})" if now is not None and len(now) <= 80 else "")
                + "; look again and retry",
                key,
            )
    allowed = SETTABLE[node.kind]
    dotted = SUB_SETTABLE.get(node.kind, ())
    steps: list[Step] = []
    changed: list[tuple[str, str | None]] = []
    olds: dict[str, str | None] = {}
    typed: dict[str, values.Value | None] = {}
    file = index.file_of(node)
    for key, raw in op.values:
        if discovery.assumption_key(key):
            planned = discovery.assumption_step(node, key, raw, index)
            if planned is not None:
                olds[key] = current_value(node, key)
                steps.append(planned[0])
                changed.append((key, planned[1]))
            continue
        if key in dotted or key in measures.mappings(dotted):
            change = measures.dotted_change(node, key, raw, index.nodes, _path(node), typed)
            if change is not None:
                steps.append(change.step)
                changed.append((key, change.text))
                olds[key] = change.old
            continue
        if key not in allowed:
            more = ", assumptions.N.FIELD" if isinstance(node, Item) else ""
            every = ", ".join(allowed) + (f", {measures.key_list(dotted)}" if dotted else "") + more
            raise Refused(f"{a_or_an(node.kind.value)} has no field {key!r} to set; it has: {every}", key)
        old_list = current_list(node, key)
        if old_list is not None:
            new_list = _list_values(node, key, raw, index)
            if new_list != old_list:
                steps += _list_steps(file, _path(node), key, old_list, new_list)
                changed.append((key, ", ".join(new_list) or None))
            continue
        if key == "notes":
            value: str | None = _notes(raw)
        elif key in ("horizon", "status"):
            value = _choice(key, raw, _choices(node.kind, key))
        elif isinstance(node, Opportunity) and key == "parent":
            value = discovery.checked_parent(node, raw, index)
        else:
            value = _text(key, raw, required=key in REQUIRED, field=key)
        if value == current_value(node, key):
            continue
        olds[key] = current_value(node, key)
        sub, _, name = key.rpartition(".")
        if value is None:
            steps.append(DeleteKey(file, _path(node), name, sub or None))
        else:
            steps.append(SetKey(file, _path(node), name, value, sub or None))
        changed.append((key, value))
    if not steps:
        raise Refused(f"{node.id} already has {'those values' if len(op.values) > 1 else 'that value'}")
    measures.check_dotted(node, typed)
    subject, body = set_message(f"{node.kind.value} {node.id}", changed, olds)
    return Plan(subject, tuple(steps), body)


def _plan_link(op: Link | Unlink, index: BoardIndex) -> Plan:
    if isinstance(op, Unlink) and op.target not in index.nodes:
        return _plan_unlink_dangling(op, index)
    source, target = index.get(op.source), index.get(op.target)
    field_name = LINK_FIELDS.get((source.kind, target.kind))
    if isinstance(source, Opportunity) and isinstance(target, Opportunity):
        return discovery.plan_parent_link(op, source, target, index)
    if field_name is None:
        raise Refused(
            f"cannot link {a_or_an(source.kind.value)} to {a_or_an(target.kind.value)}: links go item → outcome, "
            "item → opportunity, opportunity → outcome, opportunity → opportunity (its parent), outcome → goal, "
            "or item → item (a dependency)"
        )
    assert isinstance(source, Item | Outcome | Opportunity)
    current = [r.id for r in getattr(source, field_name)]
    file = index.file_of(source)
    if isinstance(op, Link):
        if source.id == target.id:
            raise Refused("an item cannot depend on itself")
        if target.id in current:
            raise Refused(f"{source.id} is already linked to {target.id}")
        message = link_message(source.id, target.id, dependency=field_name == "depends_on", unlink=False)
        return Plan(message, (AddRef(file, _path(source), field_name, target.id),))
    if target.id not in current:
        raise Refused(f"{source.id} is not linked to {target.id}")
    measures.check_unlink(source, target.id)
    message = link_message(source.id, target.id, dependency=field_name == "depends_on", unlink=True)
    return Plan(message, (DropRef(file, _path(source), field_name, target.id),))


def _plan_unlink_dangling(op: Unlink, index: BoardIndex) -> Plan:
    """Remove a link to an id that names nothing: whatever else fails to parse, the link is there to drop.

    A missing id's kind is unknown, so the link is looked for in each of
    the source's link fields (an item's `outcomes`, `opportunities` and
    `depends_on`, an outcome's `goals`, an opportunity's `outcomes` and its
    `parent`).
    """
    source = index.get(op.source)
    fields = sorted({f for (kind, _), f in LINK_FIELDS.items() if kind is source.kind})
    held = [f for f in fields if op.target in [r.id for r in getattr(source, f, ())]]
    parent = isinstance(source, Opportunity) and source.parent is not None and source.parent.id == op.target
    if not held and not parent:
        index.get(op.target)  # says that no node has the id (and which file may hide it)
    steps: tuple[Step, ...] = tuple(DropRef(index.file_of(source), _path(source), f, op.target) for f in held)
    if parent:
        steps += (DeleteKey(index.file_of(source), _path(source), "parent"),)
    message = link_message(source.id, op.target, dependency=held == ["depends_on"], unlink=True)
    return Plan(message, steps)


def _plan_remove(op: Remove, index: BoardIndex) -> Plan:
    node = index.get(op.id)
    removed_ids = [node.id]
    steps: list[Step] = []
    if isinstance(node, Team):
        steps.append(DeleteFile(node.pos.file))
        removed_ids += [o.id for o in node.outcomes] + [o.id for o in node.opportunities] + [i.id for i in node.items]
    elif isinstance(node, Goal):
        steps.append(CutEntry(BOARD_FILE, "goals", node.id))
    else:
        steps.append(CutEntry(index.file_of(node), _path(node)[0], node.id))
    discovery.refuse_removing_what_evidence_names(index.board, removed_ids)
    own = {node.pos.file} if isinstance(node, Team) else set()
    drops: list[DropRef | DeleteKey] = [d for rid in removed_ids for d in _refs_to(index, rid) if d.file not in own]
    drops += [d for d in measures.impacts_naming(index.board.items(), set(removed_ids)) if d.file not in own]
    sources = sorted({d.path[1] for d in drops})
    contents = None
    if isinstance(node, Team) and len(removed_ids) > 1:
        contents = (len(node.outcomes), len(node.opportunities), len(node.items))
    message = remove_message(f"{node.kind.value} {node.id}", contents, len(drops), sources)
    return Plan(message, (*drops, *steps))
