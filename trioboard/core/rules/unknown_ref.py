"""unknown-ref: a link to an id that does not exist, or to the wrong kind.

An outcome's `goals` name goals, an item's `outcomes` name outcomes (of any
team), its `opportunities` name opportunities (of any team), its
`depends_on` name roadmap items and its `impact.outcome` names an outcome;
an opportunity's `outcomes` name outcomes (of any team) and its `parent`
names an opportunity; an evidence file's `team` names a team, its
`supports` and `challenges` opportunities or items. The finding points at
the list entry. Applies to every node, dropped items included.

Why it matters: a link to nothing is a strategy link that does not hold; the
item looks tied to a goal it does not serve.

How to fix: correct the id (a typo, or an id renamed elsewhere), link to a
node of the right kind, or remove the entry.

How to silence: It cannot be silenced: `policy.severity` cannot set it below
`error`, because a board that cannot be read cannot be trusted.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Kind, Node, Ref
from trioboard.core.rules import evidence_refs
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.text import a_or_an
from trioboard.core.vocabulary import KINDS, ValueType

_FIELDS = {
    kind: tuple((key.name, key.target, key.type is ValueType.REF) for key in spec.refs if key.target)
    for kind, spec in KINDS.items()
}
"""Kind of node → (key, the kind the ids written there must name, whether it holds one id rather than a list)."""


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every link whose target is missing or of the wrong kind."""
    index = analysis.index
    for team in board.teams:
        nodes: tuple[Node, ...] = (*team.outcomes, *team.opportunities, *team.items)
        for node in nodes:
            for field, expected, single in _FIELDS[node.kind]:
                value = getattr(node, field)
                if value:
                    yield from _check(index, node, field, expected, (value,) if single else value)
        for item in team.items:
            if item.impact is not None and item.impact.outcome is not None:
                yield from _check(index, item, "impact.outcome", Kind.OUTCOME, [item.impact.outcome])
    yield from evidence_refs.check(board, analysis)


def _check(index: dict[str, Node], node: Node, field: str, expected: Kind, refs: Iterable[Ref]) -> Iterable[Draft]:
    for ref in refs:
        target = index.get(ref.id)
        if target is None:
            why = "which does not exist"
        elif target.kind is not expected:
            why = f"which is {a_or_an(target.kind.value)}, not {a_or_an(expected.value)}"
        else:
            continue
        yield Draft(f"'{field}' of {node.kind.value} {node.id} names {ref.id}, {why}", ref.pos, (node.id, ref.id))


RULE = Rule(
    "unknown-ref",
    Severity.ERROR,
    "a link to an id that does not exist, or to the wrong kind",
    check,
    True,
    __doc__ or "",
)
