"""Edit operations: what a trio (or a script) can change, checked against the board.

Each operation is a typed value. `plan` checks it against the board as it is
now and turns it into document steps on the files it touches, plus the
one-line commit message. Nothing here reads or writes a file: `store.editor`
applies the steps, `workspace` runs the whole edit (lock, re-read, apply,
write, commit). Because an operation names ids and values rather than
positions, it can be re-planned against a board that changed underneath it,
and refused when its target has changed or vanished.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from trioboard.core.model import HORIZONS, STATUSES, TRIO_ROLES, Board, Goal, Item, Kind, Node, Outcome, Team
from trioboard.core.schema import link_problem, tag_problem
from trioboard.core.text import is_id, line_text_problem, notes_problem

BOARD_FILE = "board.yaml"


def team_file(team_id: str) -> str:
    """The file of a team; safe because a team id is a well-formed id."""
    return f"teams/{team_id}.yaml"


class Refused(Exception):
    """The operation cannot be applied to the board as it is; nothing is written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The field the refusal is about (`id`, `title`, `trio.product`), when it is one."""


# -- operations ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddGoal:
    """A company goal in board.yaml."""

    id: str
    title: str
    metric: str | None = None
    target: str | None = None
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class AddTeam:
    """A new team file, teams/<id>.yaml."""

    id: str
    name: str
    product: str | None = None
    design: str | None = None
    engineering: str | None = None


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """An outcome of a team, serving goals."""

    id: str
    team: str
    title: str
    goals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AddItem:
    """A roadmap item of a team."""

    id: str
    team: str
    title: str
    outcomes: tuple[str, ...] = ()
    horizon: str | None = None
    status: str | None = None
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SetFields:
    """Change fields of one node; an empty value removes an optional field.

    `expect` holds the values the user saw: when one has changed underneath
    (another person's commit), the edit is refused rather than overwrite it.
    """

    id: str
    values: tuple[tuple[str, str], ...]
    expect: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """item → outcome, outcome → goal, or item → item (a dependency)."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Unlink:
    """Remove a link made by `Link`."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Move:
    """Move a roadmap item (and nothing else) to another team's file."""

    item: str
    team: str


@dataclass(frozen=True, slots=True)
class Remove:
    """Remove a node and every link to it."""

    id: str


Operation = AddGoal | AddTeam | AddOutcome | AddItem | SetFields | Link | Unlink | Move | Remove


# -- document steps -----------------------------------------------------------

NodePath = tuple[str, ...]
"""Where a node is in its file: () the root, ("goals", id), ("outcomes", id), ("roadmap", id)."""


@dataclass(frozen=True, slots=True)
class SetKey:
    """Set `key` of the mapping at `path` (under `sub`, e.g. "trio", when given)."""

    file: str
    path: NodePath
    key: str
    value: str
    sub: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteKey:
    """Remove `key` of the mapping at `path` (under `sub` when given)."""

    file: str
    path: NodePath
    key: str
    sub: str | None = None


@dataclass(frozen=True, slots=True)
class AppendEntry:
    """Append a new node, given as ordered (key, value) pairs, to a top-level list."""

    file: str
    list_key: str
    fields: tuple[tuple[str, str | tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class AddRef:
    """Add `target` to the list `field` of the node at `path`."""

    file: str
    path: NodePath
    field: str
    target: str


@dataclass(frozen=True, slots=True)
class DropRef:
    """Remove `target` from the list `field` of the node at `path`."""

    file: str
    path: NodePath
    field: str
    target: str


@dataclass(frozen=True, slots=True)
class CreateFile:
    """A new file with the given top-level (key, value) pairs."""

    file: str
    fields: tuple[tuple[str, object], ...]


@dataclass(frozen=True, slots=True)
class DeleteFile:
    """Remove a whole file (a team)."""

    file: str


@dataclass(frozen=True, slots=True)
class CutEntry:
    """Remove a node from a top-level list, with its own comments."""

    file: str
    list_key: str
    id: str


@dataclass(frozen=True, slots=True)
class PasteEntry:
    """Append the node cut from `source` (same id) to a top-level list, comments and all."""

    file: str
    list_key: str
    source: str
    id: str


@dataclass(frozen=True, slots=True)
class SetList:
    """Make the list `key` of the node at `path` hold exactly `values` (used when the order changes)."""

    file: str
    path: NodePath
    key: str
    values: tuple[str, ...]


Step = SetKey | SetList | DeleteKey | AppendEntry | AddRef | DropRef | CreateFile | DeleteFile | CutEntry | PasteEntry


@dataclass(frozen=True, slots=True)
class Plan:
    """What an operation does to which files, and the commit message."""

    message: str
    """The subject: one line, saying what happened (with the new value when it is short)."""
    steps: tuple[Step, ...]
    body: str = ""
    """More, when a new value is too long for the subject: lines that each start with
    words of ours (`The new title: …`), so no board text can pass for a trailer."""

    def touched(self) -> tuple[str, ...]:
        """Every file the plan writes, created or deletes, in a stable order."""
        return tuple(dict.fromkeys(step.file for step in self.steps))


# -- checking and planning ----------------------------------------------------

_EXTRAS = ("tags", "links", "notes")
SETTABLE: dict[Kind, tuple[str, ...]] = {
    Kind.GOAL: ("title", "metric", "target", "owner", *_EXTRAS),
    Kind.TEAM: ("name", "blocked", "trio.product", "trio.design", "trio.engineering", *_EXTRAS),
    Kind.OUTCOME: ("title", "owner", *_EXTRAS),
    Kind.ITEM: ("title", "horizon", "status", "blocked", "owner", "depends_on", *_EXTRAS),
}
"""The fields `set` may change, by kind of node."""
LIST_FIELDS = frozenset(("depends_on", "links", "tags"))
"""Fields holding a list: set as one string of comma-separated values (`tags=a, b`); empty removes the key."""
REQUIRED = frozenset(("title", "name"))
LINK_FIELDS: dict[tuple[Kind, Kind], str] = {
    (Kind.ITEM, Kind.OUTCOME): "outcomes",
    (Kind.OUTCOME, Kind.GOAL): "goals",
    (Kind.ITEM, Kind.ITEM): "depends_on",
}
"""(source kind, target kind) → the list the link is written in."""


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
            raise Refused(f"no goal, team, outcome or item has the id {node_id!r}{hint}")
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
            raise Refused(
                f"{node_id!r} is not a valid id: use 1-63 lowercase letters, digits and '-', "
                "starting with a letter or digit",
                "id",
            )
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
    if isinstance(node, Goal):
        return ("goals", node.id)
    if isinstance(node, Outcome):
        return ("outcomes", node.id)
    if isinstance(node, Item):
        return ("roadmap", node.id)
    return ()


def _refs_to(index: BoardIndex, target: str) -> list[DropRef]:
    """A step dropping every link to `target` from wherever it is written."""
    drops = []
    for node in index.board.nodes():
        lists: list[tuple[str, list[str]]] = []
        if isinstance(node, Outcome):
            lists = [("goals", [r.id for r in node.goals])]
        elif isinstance(node, Item):
            lists = [("outcomes", [r.id for r in node.outcomes]), ("depends_on", [r.id for r in node.depends_on])]
        for field_name, ids in lists:
            if target in ids:
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
        return Plan(f"Add item {op.id} to {team.id}", (AppendEntry(team.pos.file, "roadmap", tuple(fields)),))
    if isinstance(op, SetFields):
        return _plan_set(op, index)
    if isinstance(op, Link | Unlink):
        return _plan_link(op, index)
    if isinstance(op, Move):
        item = index.get(op.item)
        if not isinstance(item, Item):
            raise Refused(f"only roadmap items move between teams; {op.item} is {_a(item.kind)}")
        team = index.team(op.team)
        if item.team == team.id:
            raise Refused(f"{item.id} is already in team {team.id}")
        source = index.file_of(item)
        return Plan(
            f"Move item {item.id} from {item.team} to {team.id}",
            (CutEntry(source, "roadmap", item.id), PasteEntry(team.pos.file, "roadmap", source, item.id)),
        )
    return _plan_remove(op, index)


def _count(n: int, word: str) -> str:
    """`1 outcome`, `3 outcomes`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _a(kind: Kind) -> str:
    return f"an {kind.value}" if kind.value[0] in "aeiou" else f"a {kind.value}"


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
        raise Refused(f"{field_name} names {kind.value}s, and {node_id} is {_a(node.kind)}", field_name)
    return node


def current_value(node: Node, key: str) -> str | None:
    """The value of a settable field as the board has it now (None when unset).

    A list is given as its values joined by `, `, the way `set` takes it.
    """
    values = current_list(node, key)
    if values is not None:
        return ", ".join(values) or None
    if key == "notes":
        return node.extras.notes
    if key.startswith("trio."):
        assert isinstance(node, Team)
        return node.trio.get(key.removeprefix("trio."))
    value = getattr(node, "name" if key == "name" else key, None)
    return value if isinstance(value, str) else None


def current_list(node: Node, key: str) -> list[str] | None:
    """The values of a list field as the board has them (None: `key` is not a list field)."""
    if key == "depends_on":
        return [r.id for r in node.depends_on] if isinstance(node, Item) else []
    if key in ("links", "tags"):
        return list(getattr(node.extras, key))
    return None


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
    steps: list[Step] = []
    changed: list[tuple[str, str | None]] = []
    file = index.file_of(node)
    for key, raw in op.values:
        if key not in allowed:
            raise Refused(f"{_a(node.kind)} has no field {key!r} to set; it has: {', '.join(allowed)}", key)
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
        sub, _, name = key.rpartition(".")
        if value is None:
            steps.append(DeleteKey(file, _path(node), name, sub or None))
        else:
            steps.append(SetKey(file, _path(node), name, value, sub or None))
        changed.append((key, value))
    if not steps:
        raise Refused(f"{node.id} already has {'those values' if len(op.values) > 1 else 'that value'}")
    what = f"{node.kind.value} {node.id}"
    body = "\n".join(_body_line(key, value) for key, value in changed if _free_text(key, value))
    if len(changed) == 1:
        key, value = changed[0]
        short = _set_message(what, key, value, with_value=key != "notes")
        if len(short) <= SUBJECT_LIMIT:
            return Plan(short, tuple(steps), body if key == "notes" else "")
        return Plan(_set_message(what, key, value, with_value=False), tuple(steps), body)
    phrases = ", ".join(_set_message("", key, value, with_value=False).lower().strip() for key, value in changed)
    return Plan(f"Update {what}: {phrases}", tuple(steps), body)


SUBJECT_LIMIT = 72
"""A subject longer than this (git's habit) says what changed, and the body says to what."""


def _field_words(key: str) -> str:
    """`trio.product` → `product lead`; `blocked` → `reason it is blocked`."""
    if key == "blocked":
        return "reason it is blocked"
    if key == "depends_on":
        return "dependencies"
    return key.replace("trio.", "") + (" lead" if key.startswith("trio.") else "")


def _body_line(key: str, value: str | None) -> str:
    """How a new value is said in the body: notes start on a line of their own.

    Every line of notes is board text, so `compose_message` drops any that
    look like trioboard's trailer, and the trailer is a paragraph of its own.
    """
    if key == "notes":
        return f"The new notes:\n{value}"
    return f"The new {_field_words(key)}: {value}"


def _free_text(key: str, value: str | None) -> bool:
    """Whether a new value is board text (said in the body when the subject has no room)."""
    return value is not None and key not in ("horizon", "status")


def _set_message(what: str, key: str, value: str | None, *, with_value: bool) -> str:
    """How one field change reads in a commit subject, with its new value or without.

    Values are one line (checked before this), and `one_line` makes the
    subject a single line again when it is written, so no value can add a
    line or a trailer.
    """
    field = _field_words(key)
    of = f" of {what}" if what else ""
    if key == "blocked":
        if value is None:
            return f"Unblock {what}"
        return f"Block {what}: {value}" if with_value else f"Block {what}"
    if value is None:
        return f"Remove {field}{of}"
    if key in ("horizon", "status"):
        return f"Set {field}{of} to {value}"
    to = f" to {value}" if with_value else ""
    if key in ("title", "name"):
        return f"Retitle {what}{to}" if key == "title" else f"Rename {what}{to}"
    return f"Set {field}{of}{to}"


def _plan_link(op: Link | Unlink, index: BoardIndex) -> Plan:
    source, target = index.get(op.source), index.get(op.target)
    field_name = LINK_FIELDS.get((source.kind, target.kind))
    if field_name is None:
        raise Refused(
            f"cannot link {_a(source.kind)} to {_a(target.kind)}: links go item → outcome, "
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
        message = (
            f"Make {source.id} depend on {target.id}"
            if field_name == "depends_on"
            else f"Link {source.id} to {target.id}"
        )
        return Plan(message, (AddRef(file, _path(source), field_name, target.id),))
    if target.id not in current:
        raise Refused(f"{source.id} is not linked to {target.id}")
    message = (
        f"Make {source.id} no longer depend on {target.id}"
        if field_name == "depends_on"
        else f"Unlink {source.id} from {target.id}"
    )
    return Plan(message, (DropRef(file, _path(source), field_name, target.id),))


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
    drops = [d for rid in removed_ids for d in _refs_to(index, rid) if d.file not in own]
    sources = sorted({d.path[1] for d in drops})
    message = f"Remove {node.kind.value} {node.id}"
    if isinstance(node, Team) and len(removed_ids) > 1:
        message += f" with its {_count(len(node.outcomes), 'outcome')} and {_count(len(node.items), 'item')}"
    if drops:
        links = "link" if len(drops) == 1 else "links"
        message += f" and {len(drops)} {links} to it from {', '.join(sources)}"
    return Plan(message, (*drops, *steps))
