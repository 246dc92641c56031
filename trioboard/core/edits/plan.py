"""Planning: an operation checked against the board as it is now, turned into document steps and a message.

Nothing here reads or writes a file: `store.editor` applies the steps,
`workspace` runs the whole edit (lock, re-read, apply, write, commit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from trioboard.core.edits import measures, values
from trioboard.core.edits.messages import link_message, remove_message, set_message
from trioboard.core.edits.operations import (
    LIST_FIELDS,
    REQUIRED,
    SETTABLE,
    SUB_SETTABLE,
    AddGoal,
    AddItem,
    AddOutcome,
    AddTeam,
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
from trioboard.core.model import HORIZONS, STATUSES, TRIO_ROLES, Board, Goal, Item, Node, Outcome, Team, links_of
from trioboard.core.schema import link_problem, tag_problem
from trioboard.core.text import a_or_an, is_id, line_text_problem, notes_problem
from trioboard.core.vocabulary import BOARD_FILE, ID_RULE, KINDS, LINK_FIELDS, Kind, team_file

_ANY_KIND = ", ".join(kind.value for kind in list(Kind)[:-1]) + f" or {list(Kind)[-1].value}"
"""`goal, team, outcome or item`: every kind, for a message about an id that names none."""


class BoardIndex:
    """The ids of a board with what they are and where they are written."""

    def __init__(self, board: Board, broken_files: Mapping[str, str | None] | None = None) -> None:
        self.board = board
        self.nodes: dict[str, Node] = {}
        for node in board.nodes():
            self.nodes.setdefault(node.id, node)
        self.teams = {t.id: t for t in board.teams}
        self.broken_files: Mapping[str, str | None] = broken_files or {}
        """Files that do not parse, with their text (None: unreadable): an edit that must write them is refused."""

    def get(self, node_id: str) -> Node:
        node = self.nodes.get(node_id)
        if node is None:
            hint = ""
            if self.broken_files:
                hint = f" ({sorted(self.broken_files)[0]} does not parse, so its ids are unknown)"
            raise Refused(f"no {_ANY_KIND} has the id {node_id!r}{hint}")
        return node

    def team(self, team_id: str) -> Team:
        team = self.teams.get(team_id)
        if team is None:
            raise Refused(f"there is no team {team_id!r}", "team")
        return team

    def file_of(self, node: Node) -> str:
        return node.pos.file

    def free_id(self, node_id: str) -> None:
        if not is_id(node_id):
            raise Refused(f"{node_id!r} is not a valid id: {ID_RULE}", "id")
        for file, text in sorted(self.broken_files.items()):
            # Its ids are unknown to the model: a new id written there too would be a
            # duplicate once the file is fixed. Any mention of it in the text refuses.
            if text is None or re.search(rf"(?<![\w-]){re.escape(node_id)}(?![\w-])", text):
                raise Refused(
                    f"{file} does not parse and may already use the id {node_id}; fix it before adding {node_id}"
                )
        taken = self.nodes.get(node_id)
        if taken is not None:
            raise Refused(f"the id {node_id} is already taken by the {taken.kind.value} in {taken.pos.file}", "id")


def _text(label: str, value: str, *, required: bool, field: str) -> str | None:
    if value == "":
        if required:
            raise Refused(f"{label} cannot be empty", field)
        return None
    why = line_text_problem(value)
    if why:
        raise Refused(f"{label} {why}", field)
    return value


def _path(node: Node) -> NodePath:
    """Where a node is in its file: the list that holds it and its id, or () for a file's root (a team)."""
    list_key = KINDS[node.kind].list_key
    return (list_key, node.id) if list_key else ()


def _refs_to(index: BoardIndex, target: str) -> list[DropRef]:
    """A step dropping every link to `target` from wherever it is written."""
    drops = []
    for node in index.board.nodes():
        for field_name, refs in links_of(node).items():
            if any(r.id == target for r in refs):
                drops.append(DropRef(index.file_of(node), _path(node), field_name, target))
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
            fields.append(("horizon", _choice("horizon", op.horizon, HORIZONS)))
        if op.status is not None:
            fields.append(("status", _choice("status", op.status, STATUSES)))
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
        if not isinstance(item, Item):
            raise Refused(f"only roadmap items move between teams; {op.item} is {a_or_an(item.kind.value)}")
        team = index.team(op.team)
        if item.team == team.id:
            raise Refused(f"{item.id} is already in team {team.id}")
        source = index.file_of(item)
        return Plan(
            f"Move item {item.id} from {item.team} to {team.id}",
            (CutEntry(source, "roadmap", item.id), PasteEntry(team.pos.file, "roadmap", source, item.id)),
        )
    return _plan_remove(op, index)


def _choice(key: str, value: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise Refused(f"{key} must be one of {', '.join(options)}, not {value!r}", key)
    return value


def _expect_kind(index: BoardIndex, node_id: str, kind: Kind, field_name: str) -> Node:
    try:
        node = index.get(node_id)
    except Refused as exc:
        raise Refused(str(exc), field_name) from None
    if node.kind is not kind:
        raise Refused(f"{field_name} names {kind.value}s, and {node_id} is {a_or_an(node.kind.value)}", field_name)
    return node


def current_value(node: Node, key: str) -> str | None:
    """The value of a settable field as the board has it now (None when unset).

    A list is given as its values joined by `, `, the way `set` takes it.
    """
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
        if key in dotted or key in measures.mappings(dotted):
            change = measures.dotted_change(node, key, raw, index.nodes, _path(node), typed)
            if change is not None:
                steps.append(change.step)
                changed.append((key, change.text))
                olds[key] = change.old
            continue
        if key not in allowed:
            every = ", ".join(allowed) + (f", {measures.key_list(dotted)}" if dotted else "")
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
            value = _choice(key, raw, HORIZONS if key == "horizon" else STATUSES)
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
    if field_name is None:
        raise Refused(
            f"cannot link {a_or_an(source.kind.value)} to {a_or_an(target.kind.value)}: links go item → outcome, "
            "outcome → goal, or item → item (a dependency)"
        )
    assert isinstance(source, Item | Outcome)
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
    the source's link fields (an item's `outcomes` and `depends_on`, an
    outcome's `goals`).
    """
    source = index.get(op.source)
    fields = sorted({f for (kind, _), f in LINK_FIELDS.items() if kind is source.kind})
    held = [f for f in fields if op.target in [r.id for r in getattr(source, f, ())]]
    if not held:
        index.get(op.target)  # says that no node has the id (and which file may hide it)
    steps = tuple(DropRef(index.file_of(source), _path(source), f, op.target) for f in held)
    message = link_message(source.id, op.target, dependency=held == ["depends_on"], unlink=True)
    return Plan(message, steps)


def _plan_remove(op: Remove, index: BoardIndex) -> Plan:
    node = index.get(op.id)
    removed_ids = [node.id]
    steps: list[Step] = []
    if isinstance(node, Team):
        steps.append(DeleteFile(node.pos.file))
        removed_ids += [o.id for o in node.outcomes] + [i.id for i in node.items]
    elif isinstance(node, Goal):
        steps.append(CutEntry(BOARD_FILE, "goals", node.id))
    else:
        steps.append(CutEntry(index.file_of(node), _path(node)[0], node.id))
    own = {node.pos.file} if isinstance(node, Team) else set()
    drops: list[DropRef | DeleteKey] = [d for rid in removed_ids for d in _refs_to(index, rid) if d.file not in own]
    drops += [d for d in measures.impacts_naming(index.board.items(), set(removed_ids)) if d.file not in own]
    sources = sorted({d.path[1] for d in drops})
    contents = (len(node.outcomes), len(node.items)) if isinstance(node, Team) and len(removed_ids) > 1 else None
    message = remove_message(f"{node.kind.value} {node.id}", contents, len(drops), sources)
    return Plan(message, (*drops, *steps))
