"""Document steps: what a plan does to the files, in terms of YAML nodes rather than lines.

`store.editor` applies them; nothing here reads or writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class AddListEntry:
    """Append a mapping, given as (key, value) pairs, to the list `key` of the node at `path` (an assumption)."""

    file: str
    path: NodePath
    key: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SetListEntry:
    """Set (or, with None, remove) `name` of the mapping in the list `key` of the node at `path` whose text is `match`.

    Found by its text, not its place: an entry that changed underneath the
    edit is refused rather than another one changed.
    """

    file: str
    path: NodePath
    key: str
    match: str
    name: str
    value: str | None


@dataclass(frozen=True, slots=True)
class DropListEntry:
    """Remove the mapping whose text is `match` from the list `key` of the node at `path` (the key, when emptied)."""

    file: str
    path: NodePath
    key: str
    match: str


Step = (
    SetKey
    | SetList
    | DeleteKey
    | AppendEntry
    | AddRef
    | DropRef
    | CreateFile
    | DeleteFile
    | CutEntry
    | PasteEntry
    | AddListEntry
    | SetListEntry
    | DropListEntry
)


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
