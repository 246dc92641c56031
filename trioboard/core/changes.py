"""The values a diff is made of: what kind of change, about what kind of node, and the change itself.

Apart from `core.diff`, so the modules that find the changes of one part
of the board (`diff_discovery`, `diff_evidence`) and `diff` itself can all
build them without importing each other in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trioboard.core.model import Node


class ChangeKind(StrEnum):
    """Every `change` value the SPEC lists, in the order a diff reports them."""

    ADDED = "added"
    REMOVED = "removed"
    RETITLED = "retitled"
    MOVED = "moved"
    HORIZON = "horizon"
    STATUS = "status"
    FIELD = "field"
    REASON = "reason"
    ASSUMPTION = "assumption"
    BLOCKED = "blocked"
    UNBLOCKED = "unblocked"
    LINK_ADDED = "link-added"
    LINK_REMOVED = "link-removed"
    BECAME_UNLINKED = "became-unlinked"
    BECAME_ALIGNED = "became-aligned"
    TEAM_BLOCKED = "team-blocked"
    TEAM_UNBLOCKED = "team-unblocked"
    TEAM_REASONS = "team-reasons"


class ChangedKind(StrEnum):
    """What a change is about: a node kind, or the board itself (its name and policy)."""

    BOARD = "board"
    GOAL = "goal"
    TEAM = "team"
    OUTCOME = "outcome"
    OPPORTUNITY = "opportunity"
    ITEM = "item"
    EVIDENCE = "evidence"
    """An evidence file (SPEC 11): its `id` is its path."""


CHANGE_KINDS = tuple(c.value for c in ChangeKind)
"""Every `change` value, as the SPEC lists them."""
CHANGE_ORDER = {c: n for n, c in enumerate(ChangeKind)}
"""Where a change kind stands in a report."""
KIND_ORDER = {k: n for n, k in enumerate(ChangedKind)}
"""Where a kind of node stands in a report."""
BOARD_ID = "board"
"""The `id` of changes to the board itself (kind `board`): it has no id of its own."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change: what happened to which node, with its details."""

    change: ChangeKind
    kind: ChangedKind
    id: str
    details: tuple[tuple[str, object], ...] = ()
    """Extra fields in JSON order: target and link, from/to, field, reason or reasons."""

    def get(self, key: str) -> object:
        """A detail by name, or None."""
        return dict(self.details).get(key)

    def as_dict(self) -> dict[str, object]:
        """The JSON object of the SPEC: change, kind, id, then the details."""
        return {"change": self.change.value, "kind": self.kind.value, "id": self.id, **dict(self.details)}


def field_change(kind: ChangedKind, node_id: str, name: str, before: object, after: object) -> Change:
    """A `field` change: `name` of a node (or of the board) went from `before` to `after`."""
    return Change(ChangeKind.FIELD, kind, node_id, (("field", name), ("from", before), ("to", after)))


def link_changes(node: Node, link: str, before: list[str], after: list[str]) -> list[Change]:
    """The links of one kind (`serves`, `depends_on`, `answers`) a node broke and made, in the order written."""
    kind = ChangedKind(node.kind.value)
    gone = [t for t in dict.fromkeys(before) if t not in after]
    made = [t for t in dict.fromkeys(after) if t not in before]
    return [Change(ChangeKind.LINK_REMOVED, kind, node.id, (("target", t), ("link", link))) for t in gone] + [
        Change(ChangeKind.LINK_ADDED, kind, node.id, (("target", t), ("link", link))) for t in made
    ]
