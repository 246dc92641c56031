"""unknown-ref: a link to an id that does not exist, or to the wrong kind.

An outcome's `goals` name goals, an item's `outcomes` name outcomes (of any
team) and its `depends_on` name roadmap items. The finding points at the
list entry. Applies to every node, dropped items included.

Always an error.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every link whose target is missing or of the wrong kind."""
    for bad in analysis.unknown_refs:
        owner = f"{bad.source.kind.value} {bad.source.id}"
        if bad.found is None:
            why = "which does not exist"
        else:
            why = f"which is {_a(bad.found.value)}, not {_a(bad.expected.value)}"
        yield Draft(f"'{bad.field}' of {owner} names {bad.ref.id}, {why}", bad.ref.pos, (bad.source.id, bad.ref.id))


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


RULE = Rule(
    "unknown-ref",
    Severity.ERROR,
    "a link to an id that does not exist, or to the wrong kind",
    check,
    True,
    __doc__ or "",
)
