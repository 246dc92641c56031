"""A roadmap exported as CSV (Jira, Linear, any spreadsheet) turned into board additions.

Pure: the file's bytes and the board's ids in, the additions (teams,
outcomes, items with horizon, status and dependencies) and a report of what
could not be mapped out. The workspace commits the additions as one commit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from trioboard.core.edits import AddItem, Addition, AddOutcome, AddTeam
from trioboard.core.model import Board
from trioboard.core.text import id_from_title, is_id, line_text_problem, printable
from trioboard.core.vocabulary import ID_RULE, Horizon, Status


class Field(StrEnum):
    """What a column can hold, as `--map COLUMN=FIELD` names it."""

    TITLE = "title"
    ID = "id"
    """The board id to give the item (otherwise made from the title)."""
    KEY = "key"
    """The tool's own id (`PROJ-12`, `ENG-7`): what dependency columns name; unique in the file."""
    KIND = "kind"
    """The issue type: an `Epic` row becomes an outcome, every other row an item."""
    TEAM = "team"
    STATUS = "status"
    HORIZON = "horizon"
    SPRINT = "sprint"
    """A sprint or cycle: planned work in one is `next`."""
    OUTCOME = "outcome"
    """The outcome an item serves: an epic's key or title, a project's name, an outcome id."""
    DEPENDS_ON = "depends_on"
    """Keys (or ids) of the items this one needs first ("is blocked by")."""
    BLOCKS = "blocks"
    """Keys (or ids) of the items that need this one first."""
    OWNER = "owner"
    """Who owns the item (the assignee)."""
    TAGS = "tags"
    """Labels: each becomes a tag, an id made from it (`Tech Debt` → `tech-debt`)."""


PRESETS: Mapping[str, Sequence[tuple[str, Field]]] = {
    # Jira's "Export → CSV (all fields)": a multi-valued field is repeated, one column per value,
    # under the same name (Sprint, Labels, "Inward issue link (Blocks)").
    "jira": (
        ("Summary", Field.TITLE),
        ("Issue key", Field.KEY),
        ("Issue Type", Field.KIND),
        ("Status", Field.STATUS),
        ("Custom field (Team)", Field.TEAM),
        ("Team", Field.TEAM),
        ("Project name", Field.TEAM),
        ("Sprint", Field.SPRINT),
        ("Custom field (Epic Link)", Field.OUTCOME),
        ("Epic Link", Field.OUTCOME),
        ("Parent summary", Field.OUTCOME),
        ("Inward issue link (Blocks)", Field.DEPENDS_ON),
        ("Outward issue link (Blocks)", Field.BLOCKS),
        ("Assignee", Field.OWNER),
        ("Labels", Field.TAGS),
    ),
    # Linear's "Export CSV" of issues.
    "linear": (
        ("Title", Field.TITLE),
        ("ID", Field.KEY),
        ("Team", Field.TEAM),
        ("Status", Field.STATUS),
        ("Cycle Name", Field.SPRINT),
        ("Cycle Number", Field.SPRINT),
        ("Project", Field.OUTCOME),
        ("Blocked by", Field.DEPENDS_ON),
        ("Assignee", Field.OWNER),
        ("Labels", Field.TAGS),
    ),
}
"""Each tool's columns and the field each holds; the first non-empty column wins for a one-value field."""

STATUSES: Mapping[str, Status] = {
    **dict.fromkeys(
        ("to do", "todo", "backlog", "open", "new", "triage", "selected for development", "planned", "unstarted"),
        Status.PLANNED,
    ),
    **dict.fromkeys(
        ("in progress", "in-progress", "in review", "in development", "started", "doing", "review", "testing"),
        Status.IN_PROGRESS,
    ),
    **dict.fromkeys(("done", "closed", "resolved", "completed", "complete", "shipped", "released"), Status.DONE),
    **dict.fromkeys(
        ("canceled", "cancelled", "won't do", "wont do", "won't fix", "duplicate", "dropped", "rejected"),
        Status.DROPPED,
    ),
}
"""Tool statuses (case-insensitive) and the board's status each becomes; any other is `planned`, and said."""


class BadFile(Exception):
    """The file cannot be imported as it is (not UTF-8, no title column, a key twice): one line, nothing written."""


class Taken(Exception):
    """The board refuses the import (an id in the file is already on it): one line, nothing written."""


@dataclass(slots=True)
class Imported:
    """What an import adds, in the order it must be planned, and what it could not map."""

    ops: list[Addition] = field(default_factory=list)
    teams: list[AddTeam] = field(default_factory=list)
    outcomes: list[AddOutcome] = field(default_factory=list)
    items: list[AddItem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    """One line per thing left out: a column not imported, a status not known, a dependency not found."""


@dataclass(slots=True)
class _Row:
    line: int
    values: dict[Field, list[str]]

    def one(self, name: Field) -> str:
        found = self.values.get(name)
        return found[0] if found else ""


def parse_mapping(preset: str | None, maps: Sequence[str]) -> list[tuple[str, Field]]:
    """The (column, field) pairs of a preset and `--map COLUMN=FIELD` options (which win); BadFile when wrong."""
    pairs = list(PRESETS[preset]) if preset else []
    for one in maps:
        column, eq, name = one.rpartition("=")
        if not eq or not column.strip():
            raise BadFile(f"--map takes COLUMN=FIELD, not {printable(one)!r}")
        try:
            target = Field(name.strip())
        except ValueError:
            raise BadFile(
                f"--map {printable(one)!r}: no field {printable(name)!r}; fields: {', '.join(f.value for f in Field)}"
            ) from None
        pairs = [(c, f) for c, f in pairs if c.casefold() != column.strip().casefold()]
        pairs.insert(0, (column.strip(), target))
    if not pairs:
        pairs = [(f.value, f) for f in Field]  # a spreadsheet whose headers are the field names
    return pairs


def read_csv(
    data: bytes, name: str, mapping: Sequence[tuple[str, Field]], board: Board, team: str | None = None
) -> Imported:
    """The additions a CSV file makes to `board`; raises BadFile with one line naming the file and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadFile(
            f"{name}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); export it again as UTF-8 CSV"
        ) from None
    if "\x00" in text:
        raise BadFile(f"{name}:{text[: text.index(chr(0))].count(chr(10)) + 1}: holds a NUL byte; not a CSV file")
    # Jira puts whole descriptions in one cell; the csv module's default limit is 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    first_line = text.partition("\n")[0]
    # A spreadsheet saved as CSV in a locale whose decimal mark is a comma separates with semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise BadFile(f"{name}: is empty; a CSV export starts with a line of column names")
        columns = _columns(header, mapping, name)
        rows, line = [], reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                values: dict[Field, list[str]] = {}
                for index, target, _ in columns:
                    # A spreadsheet cell may wrap its text over lines or hold a tab; a title is one line.
                    raw = record[index] if index < len(record) else ""
                    cell = " ".join(raw.replace("\r", "").replace("\t", " ").split("\n")).strip()
                    if cell:
                        values.setdefault(target, []).append(cell)
                rows.append(_Row(line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise BadFile(f"{name}:{reader.line_num}: not a CSV file ({exc})") from None
    result = Imported()
    left = [h.strip() for n, h in enumerate(header) if h.strip() and n not in {c[0] for c in columns}]
    if left:
        shown = ", ".join(printable(h) for h in dict.fromkeys(left))
        result.unmapped.append(f"columns not imported: {shown}")
    _Builder(board, name, team, result).build(rows)
    return result


def _columns(header: list[str], mapping: Sequence[tuple[str, Field]], name: str) -> list[tuple[int, Field, int]]:
    """(index, field, rank) for each column the mapping names, in the mapping's order of preference."""
    wanted = {column.casefold(): (target, rank) for rank, (column, target) in reversed(list(enumerate(mapping)))}
    found = []
    for index, title in enumerate(header):
        hit = wanted.get(title.strip().casefold())
        if hit is not None:
            found.append((index, hit[0], hit[1]))
    found.sort(key=lambda c: (c[2], c[0]))
    if not any(target is Field.TITLE for _, target, _ in found):
        titles = [column for column, target in mapping if target is Field.TITLE]
        raise BadFile(
            f"{name}:1: no title column ({' or '.join(repr(t) for t in titles)}); "
            "name it with --map COLUMN=title or pick the tool with --preset jira|linear"
        )
    seen: dict[Field, int] = {}
    for _, target, _ in found:
        seen[target] = seen.get(target, 0) + 1
    twice = [t for t, n in seen.items() if n > 1 and t in (Field.KEY, Field.ID, Field.TITLE)]
    if twice:
        raise BadFile(f"{name}:1: two columns hold the {twice[0].value}; map one of them with --map")
    return found


class _Builder:
    """Turns rows into additions: teams first, then outcomes, then items in dependency order."""

    def __init__(self, board: Board, name: str, team: str | None, result: Imported) -> None:
        self.board, self.name, self.result = board, name, result
        self.on_board = frozenset(node.id for node in board.nodes())
        self.taken = set(self.on_board)
        self.teams = {t.id: t.id for t in board.teams} | {t.name.casefold(): t.id for t in board.teams}
        self.outcomes = {o.id: o.id for t in board.teams for o in t.outcomes}
        self.outcomes |= {o.title.casefold(): o.id for t in board.teams for o in t.outcomes}
        self.only_team = team
        self.statuses: dict[str, int] = {}

    def build(self, rows: list[_Row]) -> None:
        self._check(rows)
        epics = [r for r in rows if r.one(Field.KIND).casefold() == "epic"]
        items = [r for r in rows if r.one(Field.KIND).casefold() != "epic"]
        keys: dict[str, str] = {}
        self.taken |= {r.one(Field.ID) for r in items if r.one(Field.ID)}  # given ids keep theirs
        for row in epics:
            outcome = self._outcome(row.one(Field.TITLE), self._team(row), row)
            if row.one(Field.KEY):
                self.outcomes[row.one(Field.KEY).casefold()] = outcome
        made: list[tuple[_Row, str]] = []
        on_board = {(i.team, i.title.casefold()): i.id for t in self.board.teams for i in t.items}
        skipped = 0
        for row in items:
            team = self.teams.get(self.only_team or row.one(Field.TEAM), "") or self.teams.get(
                (self.only_team or row.one(Field.TEAM)).casefold(), ""
            )
            there = on_board.get((team, row.one(Field.TITLE).casefold()))
            if there is not None:
                # Imported before (or typed in): the same team has an item with this title.
                skipped += 1
                if row.one(Field.KEY):
                    keys[row.one(Field.KEY).casefold()] = there
                continue
            item_id = row.one(Field.ID) or id_from_title(row.one(Field.TITLE), self.taken)
            if row.one(Field.ID) and row.one(Field.ID) in self.on_board:
                raise Taken(f"{self.name}:{row.line}: the id {row.one(Field.ID)} is already on the board")
            self.taken.add(item_id)
            made.append((row, item_id))
            if row.one(Field.KEY):
                keys[row.one(Field.KEY).casefold()] = item_id
        self._items(made, keys)
        if skipped:
            self.result.unmapped.append(
                f"{skipped} row(s) already on the board (an item of the same team has the title): left as they are"
            )
        for status, count in sorted(self.statuses.items()):
            self.result.unmapped.append(f"status {printable(status)!r} on {count} row(s) is not known: made planned")

    def _check(self, rows: list[_Row]) -> None:
        """One line for the first row the file cannot be imported with."""
        first: dict[tuple[Field, str], int] = {}
        for row in rows:
            title = row.one(Field.TITLE)
            if not title:
                raise BadFile(f"{self.name}:{row.line}: no title")
            why = line_text_problem(title)
            if why:
                raise BadFile(f"{self.name}:{row.line}: the title {why}")
            for unique in (Field.KEY, Field.ID):
                value = row.one(unique)
                if not value:
                    continue
                if unique is Field.ID and not is_id(value):
                    raise BadFile(f"{self.name}:{row.line}: {printable(value)!r} is not a valid id: {ID_RULE}")
                seen = first.setdefault((unique, value.casefold()), row.line)
                if seen != row.line:
                    raise BadFile(
                        f"{self.name}:{row.line}: the {unique.value} {printable(value)!r} is also on line {seen}; "
                        "ids in a file must be unique"
                    )
            if not self.only_team and not row.one(Field.TEAM):
                raise BadFile(f"{self.name}:{row.line}: no team; name one with --team T or map a team column")
            for name, what in ((Field.TEAM, "team"), (Field.OWNER, "owner")):
                why = line_text_problem(row.one(name)) if row.one(name) else None
                if why:
                    raise BadFile(f"{self.name}:{row.line}: the {what} {why}")

    def _team(self, row: _Row) -> str:
        name = self.only_team or row.one(Field.TEAM)
        known = self.teams.get(name) or self.teams.get(name.casefold())
        if known:
            return known
        team_id = name if self.only_team else id_from_title(name, self.taken)
        op = AddTeam(team_id, name)
        self.taken.add(team_id)
        self.teams[name.casefold()] = self.teams[team_id] = team_id
        self.result.ops.append(op)
        self.result.teams.append(op)
        return team_id

    def _outcome(self, title: str, team: str, row: _Row) -> str:
        known = self.outcomes.get(title) or self.outcomes.get(title.casefold())
        if known:
            return known
        why = line_text_problem(title)
        if why:
            raise BadFile(f"{self.name}:{row.line}: the outcome {why}")
        outcome_id = id_from_title(title, self.taken)
        self.taken.add(outcome_id)
        self.outcomes[title.casefold()] = outcome_id
        op = AddOutcome(outcome_id, team, title)
        self.result.ops.append(op)
        self.result.outcomes.append(op)
        return outcome_id

    def _items(self, made: list[tuple[_Row, str]], keys: dict[str, str]) -> None:
        own = {item_id for _, item_id in made}
        existing = {i.id for t in self.board.teams for i in t.items}
        needs: dict[str, list[str]] = {item_id: [] for _, item_id in made}
        missing: list[str] = []

        def resolve(ref: str) -> str | None:
            found = keys.get(ref.casefold()) or (ref if ref in own or ref in existing else None)
            if found is None:
                missing.append(ref)
            return found

        for row, item_id in made:
            for cell in row.values.get(Field.DEPENDS_ON, []):
                needs[item_id] += [d for ref in _split(cell) if (d := resolve(ref)) and d != item_id]
            for cell in row.values.get(Field.BLOCKS, []):
                for ref in _split(cell):
                    other = resolve(ref)
                    if other in needs and other != item_id:
                        needs[other].append(item_id)
        order, dropped = _dependency_order([item_id for _, item_id in made], needs)
        rows = {item_id: row for row, item_id in made}
        for item_id in order:
            row = rows[item_id]
            team = self._team(row)
            outcome = row.one(Field.OUTCOME)
            outcomes = (self._outcome(outcome, team, row),) if outcome else ()
            status = self._status(row)
            deps = tuple(dict.fromkeys(d for d in needs[item_id] if (item_id, d) not in dropped))
            op = AddItem(
                item_id,
                team,
                row.one(Field.TITLE),
                outcomes,
                self._horizon(row, status),
                None if status is Status.PLANNED else status.value,
                deps,
                row.one(Field.OWNER) or None,
                tuple(
                    dict.fromkeys(
                        _tag(label)
                        for cell in row.values.get(Field.TAGS, [])
                        for label in _split(cell)
                        if any(c.isalnum() for c in label.lower() if c.isascii())
                    )
                ),
            )
            self.result.ops.append(op)
            self.result.items.append(op)
        if missing:
            shown = ", ".join(printable(m) for m in list(dict.fromkeys(missing))[:5])
            more = f" and {len(set(missing)) - 5} more" if len(set(missing)) > 5 else ""
            self.result.unmapped.append(
                f"{len(missing)} dependency link(s) name issues not in the file or on the board: {shown}{more}"
            )
        for item_id, dep in sorted(dropped):
            self.result.unmapped.append(f"{item_id} depends on {dep} in a cycle: that link is left out")

    def _status(self, row: _Row) -> Status:
        raw = row.one(Field.STATUS)
        if not raw:
            return Status.PLANNED
        known = STATUSES.get(raw.casefold())
        if known is None:
            self.statuses[raw] = self.statuses.get(raw, 0) + 1
            return Status.PLANNED
        return known

    def _horizon(self, row: _Row, status: Status) -> str | None:
        raw = row.one(Field.HORIZON).casefold()
        if raw in {h.value for h in Horizon}:
            return raw
        if raw:
            self.result.unmapped.append(f"{self.name}:{row.line}: horizon {printable(raw)!r} is not now, next or later")
        if status in (Status.DONE, Status.DROPPED):
            return None
        if status is Status.IN_PROGRESS:
            return Horizon.NOW.value
        return Horizon.NEXT.value if row.values.get(Field.SPRINT) else Horizon.LATER.value


def _tag(label: str) -> str:
    """A label as a tag: `Tech Debt` → `tech-debt`, as an id is made from a title."""
    return id_from_title(label)


def _split(cell: str) -> list[str]:
    """A cell of keys: `ENG-1, ENG-2` → [ENG-1, ENG-2]."""
    return [part.strip() for part in cell.replace(";", ",").split(",") if part.strip()]


def _dependency_order(ids: list[str], needs: dict[str, list[str]]) -> tuple[list[str], set[tuple[str, str]]]:
    """`ids` with every item after the items it needs (the file's order otherwise); links in a cycle are dropped."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being placed, 2: placed
    dropped: set[tuple[str, str]] = set()
    for start in ids:
        if state.get(start):
            continue
        stack = [(start, iter(needs[start]))]
        state[start] = 1
        while stack:
            node, pending = stack[-1]
            for dep in pending:
                if dep not in needs:
                    continue  # an item already on the board
                if state.get(dep) == 1:
                    dropped.add((node, dep))
                elif not state.get(dep):
                    state[dep] = 1
                    stack.append((dep, iter(needs[dep])))
                    break
            else:
                stack.pop()
                state[node] = 2
                order.append(node)
    return order, dropped
