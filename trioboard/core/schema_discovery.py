"""The discovery keys of a team file (SPEC 11): opportunities and an item's assumptions.

Read by `core.schema`'s file reader, with its helpers, so every problem is a
`schema` problem at the key or value it is about, worded like the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trioboard.core.model import OPPORTUNITY_STATUSES, Assumption, Opportunity
from trioboard.core.tree import PosMap
from trioboard.core.vocabulary import ASSUMPTION_KEYS, AssumptionResult, Kind, OpportunityStatus, keys_of

if TYPE_CHECKING:
    from trioboard.core.schema import _FileReader

OPPORTUNITY_KEYS = frozenset(keys_of(Kind.OPPORTUNITY))
"""The keys an opportunity may have."""
ASSUMPTION_KEY_NAMES = frozenset(key.name for key in ASSUMPTION_KEYS)
"""The keys one assumption may have."""
_CHOICES = {key.name: key.choices for key in ASSUMPTION_KEYS if key.choices}


def read_opportunity(reader: _FileReader, value: object, at: tuple[int, int], team_id: str) -> Opportunity | None:
    """One entry of a team's `opportunities:`; None when it is not a mapping or has no valid id."""
    head = reader.node_head(value, at, Kind.OPPORTUNITY, "an opportunity", OPPORTUNITY_KEYS)
    if head is None:
        return None
    node, opportunity_id, what, title = head
    outcomes = reader.refs(node, "outcomes", what)
    parent = reader.ref(node, "parent", what)
    status = reader.choice(node, "status", OPPORTUNITY_STATUSES, OpportunityStatus.OPEN.value, what)
    owner = reader.text(node, "owner", what)
    extras = reader.extras(node, what)
    if opportunity_id is None:
        return None
    return Opportunity(
        id=opportunity_id,
        title=title,
        team=team_id,
        pos=reader.pos(node.pos),
        outcomes=outcomes,
        parent=parent,
        status=status,
        owner=owner,
        extras=extras,
    )


def read_assumptions(reader: _FileReader, node: PosMap, what: str) -> list[Assumption]:
    """An item's `assumptions:`; an entry without valid text is left out (its problem is reported)."""
    out: list[Assumption] = []
    for value, at in reader.entries(node, "assumptions", what):
        label = f"an assumption of {what}"
        entry = reader.mapping(value, at, label)
        if entry is None:
            continue
        reader.check_keys(entry, ASSUMPTION_KEY_NAMES, label)
        text = reader.text(entry, "text", label, required=True)
        kind = reader.choice(entry, "kind", _CHOICES["kind"], "", label) or None
        risk = reader.choice(entry, "risk", _CHOICES["risk"], "", label) or None
        test = reader.text(entry, "test", label)
        result = reader.choice(entry, "result", _CHOICES["result"], AssumptionResult.UNTESTED.value, label)
        if text is not None:
            out.append(Assumption(text, reader.pos(entry.pos), kind, risk, test, result))
    return out
