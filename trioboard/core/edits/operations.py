"""Edit operations: what a trio (or a script) can change, as typed values, and which fields they set.

Because an operation names ids and values rather than positions, it can be
re-planned against a board that changed underneath it, and refused when its
target has changed or vanished.
"""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.vocabulary import KINDS, LIST_KEYS, Kind, TrioRole, ValueType

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
    owner: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AddOpportunity:
    """An opportunity of a team (SPEC 11): what customers need, the outcomes it would move, a broader one above it."""

    id: str
    team: str
    title: str
    outcomes: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Assume:
    """A new assumption of a roadmap item: what must be true for it to work, and how the trio will test it."""

    item: str
    text: str
    kind: str
    risk: str
    test: str | None = None


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
    """item → outcome, opportunity or item (a dependency); opportunity → outcome or its parent; outcome → goal."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Unlink:
    """Remove a link made by `Link`."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Move:
    """Move a roadmap item or an opportunity (and nothing else) to another team's file."""

    item: str
    team: str


@dataclass(frozen=True, slots=True)
class Remove:
    """Remove a node and every link to it."""

    id: str


Operation = (
    AddGoal | AddTeam | AddOutcome | AddOpportunity | AddItem | Assume | SetFields | Link | Unlink | Move | Remove
)


_EXTRAS = ("tags", "links", "notes")
SETTABLE: dict[Kind, tuple[str, ...]] = {
    Kind.GOAL: ("title", "metric", "target", "owner", *_EXTRAS),
    Kind.TEAM: ("name", "blocked", *(f"trio.{role}" for role in TrioRole), *_EXTRAS),
    Kind.OUTCOME: ("title", "owner", *_EXTRAS),
    Kind.OPPORTUNITY: ("title", "status", "parent", "owner", *_EXTRAS),
    Kind.ITEM: ("title", "horizon", "status", "blocked", "owner", "depends_on", *_EXTRAS),
}
"""The fields `set` may change, by kind of node, in the order a form shows them.

Every other key of a kind is its id, a list of nodes, or a link field set by
`Link` and `Unlink` (the vocabulary test holds this table to that).
"""
ENTRY_LISTS: dict[Kind, tuple[str, ...]] = {Kind.ITEM: ("assumptions",)}
"""Lists of mappings a node holds, by kind: an entry is added by its own operation (`Assume`) and each of its
fields set as `KEY.N.FIELD` (`assumptions.2.result`, N counted from 1)."""
LIST_FIELDS = frozenset(key for keys in SETTABLE.values() for key in keys if key in LIST_KEYS)
"""Fields holding a list: set as one string of comma-separated values (`tags=a, b`); empty removes the key."""
REQUIRED = frozenset(
    key.name for spec in KINDS.values() for key in spec.keys if key.required and key.type is not ValueType.ID
)
"""Fields that cannot be set empty (`title`, a team's `name`)."""
