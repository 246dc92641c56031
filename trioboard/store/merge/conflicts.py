"""What a merge reports: the conflicts, the merged text, and how a conflict is settled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from trioboard.core.vocabulary import MergeSide

MARKER = 7
"""Length of a conflict marker, as git writes them."""
SIDES = frozenset(side.value for side in MergeSide)
"""The sides a conflict can be settled to, as plain strings ("ours", "theirs")."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """One thing both sides changed differently."""

    node: str
    """The id of the node (a team's own fields: the team id; a file: its path)."""
    field: str | None
    """The field, or None when the whole node conflicts."""
    ours: str
    theirs: str
    """Both values, shown as one line each ("(removed)" for a removed node)."""

    def describe(self) -> str:
        """One line for a person: node, field and both values."""
        where = f"{self.node}.{self.field}" if self.field else self.node
        return f"{where}: {MergeSide.OURS.word} {self.ours}, {MergeSide.THEIRS.word} {self.theirs}"


@dataclass(slots=True)
class MergeResult:
    """The merged text and what could not be merged."""

    text: bytes
    conflicts: list[Conflict] = field(default_factory=list)
    semantic: bool = True
    """False when git's line merge was used instead (the file was not a readable board file)."""
    line_conflicts: int = 0
    """Conflicts left by the line merge (only when `semantic` is False)."""

    @property
    def clean(self) -> bool:
        """Whether the result holds no conflict."""
        return not self.conflicts and not self.line_conflicts


Prefer = str | Mapping[tuple[str, str | None], str] | None
"""How conflicts are settled: None (marked), "ours" or "theirs" for all, or per (node, field)."""


def side_for(prefer: Prefer, conflict: Conflict) -> str | None:
    """The side that settles `conflict` ("ours" or "theirs"), or None: leave it marked."""
    if prefer is None or isinstance(prefer, str):
        return prefer
    return prefer.get((conflict.node, conflict.field))


def flipped(prefer: Prefer) -> Prefer:
    """The same choices seen from the other side (for a replayed commit, ours and theirs swap)."""
    if prefer is None:
        return None
    if isinstance(prefer, str):
        return _other(prefer)
    return {key: MergeSide(value).other.value for key, value in prefer.items() if value in SIDES}


def _other(side: str) -> str | None:
    """The other side's name ("ours" ↔ "theirs"); None for anything else."""
    return MergeSide(side).other.value if side in SIDES else None


def unsettled(conflicts: list[Conflict], prefer: Prefer) -> list[Conflict]:
    """The conflicts `prefer` does not settle."""
    return [c for c in conflicts if side_for(prefer, c) is None]
