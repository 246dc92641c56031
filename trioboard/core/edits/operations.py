"""Edit operations: what a trio (or a script) can change, as typed values, and which fields they set.

Because an operation names ids and values rather than positions, it can be
re-planned against a board that changed underneath it, and refused when its
target has changed or vanished.
"""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.edits.values import DOTTED
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


@dataclass(frozen=True, slots=True)
class SetMeasure:
    """Give a goal or outcome a measure, or change it (SPEC 10): what is measured, from where, to where.

    Values are text as typed (a form, the command line); the plan reads
    numbers and dates from them and refuses what the schema would flag.
    None leaves an optional key as it is; "" removes it. A check-in's keys
    (current, as_of, confidence) are left alone: `CheckIn` sets those.
    """

    id: str
    metric: str
    baseline: str
    target: str
    unit: str | None = None
    direction: str | None = None
    by: str | None = None
    """YYYY-MM-DD."""
    source: str | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One check-in of a goal's or outcome's measure: its value now, when, how confident, from where.

    One check-in is one commit (`Check in ID: 64.5% (baseline 62, target 70), confidence 0.6 (was 0.7)`),
    so git holds the measure's series.
    """

    id: str
    value: str
    confidence: str | None = None
    """0..1; None leaves the confidence as it is."""
    as_of: str | None = None
    """YYYY-MM-DD: when the value was measured; None: today."""
    source: str | None = None
    """Where the number comes from; None leaves the source as it is."""
    note: str | None = None
    """Said in the commit body, not written to the board."""


@dataclass(frozen=True, slots=True)
class SetImpact:
    """Say what a roadmap item is expected to move: an outcome it serves that has a measure, by how much."""

    id: str
    """The roadmap item's id."""
    outcome: str
    expect: str
    """The expected change, in the measure's unit and direction."""
    confidence: str | None = None
    """0..1; None leaves it as it is, "" removes it."""


Operation = (
    AddGoal
    | AddTeam
    | AddOutcome
    | AddItem
    | SetFields
    | Link
    | Unlink
    | Move
    | Remove
    | SetMeasure
    | CheckIn
    | SetImpact
)


_EXTRAS = ("tags", "links", "notes")
SETTABLE: dict[Kind, tuple[str, ...]] = {
    Kind.GOAL: ("title", "metric", "target", "owner", *_EXTRAS),
    Kind.TEAM: ("name", "blocked", *(f"trio.{role}" for role in TrioRole), *_EXTRAS),
    Kind.OUTCOME: ("title", "owner", *_EXTRAS),
    Kind.ITEM: ("title", "horizon", "status", "blocked", "owner", "depends_on", *_EXTRAS),
}
"""The fields `set` may change, by kind of node, in the order a form shows them.

Every other key of a kind is its id, a list of nodes, or a link field set by
`Link` and `Unlink` (the vocabulary test holds this table to that).
"""
SUB_SETTABLE: dict[Kind, tuple[str, ...]] = {
    kind: tuple(f"{key.name}.{sub.name}" for key in spec.keys for sub in DOTTED.get(key.name, ()))
    for kind, spec in KINDS.items()
}
"""The dotted fields `set` may change besides `SETTABLE` (`measure.current`, `impact.actual`), typed as the
vocabulary says; `measure=` or `impact=` (empty) removes the whole mapping. They are not in the edit form:
`CheckIn`, `SetMeasure` and `SetImpact` are the forms' ways to change them."""
LIST_FIELDS = frozenset(key for keys in SETTABLE.values() for key in keys if key in LIST_KEYS)
"""Fields holding a list: set as one string of comma-separated values (`tags=a, b`); empty removes the key."""
REQUIRED = frozenset(
    key.name for spec in KINDS.values() for key in spec.keys if key.required and key.type is not ValueType.ID
)
"""Fields that cannot be set empty (`title`, a team's `name`)."""
