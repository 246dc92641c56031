"""unevidenced-opportunity: an open opportunity that fewer distinct customers support than the policy asks.

Counts the distinct `customer` pseudonyms of the evidence files that list
the opportunity in `supports:` (dated up to today), and compares them with
`policy.discovery.min_customers`. Only `open` opportunities are judged;
applies only when board.yaml has a `policy.discovery` block.

Why it matters: an opportunity one customer mentioned is an anecdote; a
roadmap built on it answers a need that may not be there.

How to fix: hear more customers about it and record each touchpoint with
`supports: [ID]`, or mark the opportunity `parked` if nobody else has it.

How to silence: lower `min_customers` in `policy.discovery`, or set the rule
to `off` in board.yaml: `policy: {severity: {unevidenced-opportunity: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.discovery import backing, opportunity_evidence
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.text import noun


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every open opportunity with too few distinct customers behind it."""
    policy = board.policy.discovery
    if policy is None:
        return
    backed = backing(board.evidence, analysis.today)
    for opportunity in board.opportunities():
        if analysis.index.get(opportunity.id) is not opportunity:
            continue
        found = opportunity_evidence(opportunity, backed.get(opportunity.id), policy)
        if found.unevidenced:
            yield Draft(
                f"opportunity {opportunity.id}: {found.customers} distinct {noun(found.customers, 'customer')} "
                f"{'supports' if found.customers == 1 else 'support'} it, policy asks {found.wanted}",
                opportunity.pos,
                (opportunity.id,),
            )


RULE = Rule(
    "unevidenced-opportunity",
    Severity.WARNING,
    "an open opportunity that fewer than policy.discovery.min_customers distinct customers support",
    check,
    doc=__doc__ or "",
)
