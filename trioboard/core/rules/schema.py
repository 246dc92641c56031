"""schema: a file that does not follow the board format.

A missing required key (`id`, `title`, `name`), a value of the wrong type,
an unknown key (keys starting with `x-` are yours and always allowed), an
unknown value (a `horizon` other than now, next or later), a malformed id,
text with line breaks or control characters where one line belongs, a
duplicate key, an explicit YAML tag, a team file whose `id` differs from
its file name, or opportunities whose `parent` chain loops back on itself
(`a` under `b` under `a`: the finding names the loop, at the `parent:` of
its first member in the files).

Why it matters: a typo such as `depend_on` must never be silently ignored;
the node would look fine while its dependency is lost.

How to fix: follow the message (it suggests the nearest known key); see
docs/board-format.md for every key of every kind, or run `trioboard schema`
and point your editor at it to catch these as you type.

How to silence: It cannot be silenced: `policy.severity` cannot set it below
`error`, because a board that cannot be read cannot be trusted.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Opportunity
from trioboard.core.rules.base import Draft, Rule, load_problems


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """The format problems found while reading the files, and every loop of `parent`."""
    yield from load_problems(board, "schema")
    for loop in analysis.opportunities.loops:
        first = analysis.index[loop[0]]
        assert isinstance(first, Opportunity) and first.parent is not None
        if len(loop) == 2:
            message = f"opportunity {first.id} names itself as its parent"
        else:
            message = f"the parents of opportunity {first.id} form a loop: {' → '.join(loop)}"
        yield Draft(message, first.parent.pos, tuple(loop[:-1]))


RULE = Rule(
    "schema",
    Severity.ERROR,
    "a missing required key, a wrong type, an unknown key or value, a bad id",
    check,
    True,
    __doc__ or "",
)
