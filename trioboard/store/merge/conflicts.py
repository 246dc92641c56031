"""What a merge reports: the conflicts, the merged text, and how a conflict is settled."""

from __future__ import annotations

from collections.abc import Mapping

from trioboard.core.results import Conflict, TypedValue
from trioboard.core.vocabulary import MergeSide

MARKER = 7
"""Length of a conflict marker, as git writes them."""
SIDES = frozenset(side.value for side in MergeSide)
"""The sides a conflict can be settled to, as plain strings ("ours", "theirs")."""


Prefer = str | Mapping[tuple[str, str | None], str | TypedValue] | None
"""How conflicts are settled: None (marked), "ours" or "theirs" for all, or per (node, field) a side or typed value."""


def side_for(prefer: Prefer, conflict: Conflict) -> str | TypedValue | None:
    """The side that settles `conflict` ("ours" or "theirs", or a typed value), or None: leave it marked."""
    if prefer is None or isinstance(prefer, str):
        return prefer
    return prefer.get((conflict.node, conflict.field))


def flipped(prefer: Prefer) -> Prefer:
    """The same choices seen from the other side (for a replayed commit, ours and theirs swap)."""
    if prefer is None:
        return None
    if isinstance(prefer, str):
        return _other(prefer)
    return {
        key: value if isinstance(value, TypedValue) else MergeSide(value).other.value
        for key, value in prefer.items()
        if isinstance(value, TypedValue) or value in SIDES
    }


def _other(side: str) -> str | None:
    """The other side's name ("ours" ↔ "theirs"); None for anything else."""
    return MergeSide(side).other.value if side in SIDES else None


def unsettled(conflicts: list[Conflict], prefer: Prefer) -> list[Conflict]:
    """The conflicts `prefer` does not settle."""
    return [c for c in conflicts if side_for(prefer, c) is None]
