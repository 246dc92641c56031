"""personal-data: an email address or a phone number in an evidence file.

Every evidence file is searched, front matter and body, while it is read.
The finding says where (the file, the line, the key of the front matter or
"the body") and what kind of thing it found, never the thing itself: a CI
log is as public as the repository. Dates, ids, version numbers, times and
digits in URLs are not phone numbers. Always on.

Why it matters: the board lives in git, where every clone keeps every
version; customers stay pseudonymous (`customer: buyer-7`), and an address
or number written once stays in the history.

How to fix: replace it with the customer's pseudonym or remove it; if it
was committed, rewrite that history as your organisation's data policy
says.

How to silence: set it to `off` (or `warning`, `info`) in board.yaml:
`policy: {severity: {personal-data: off}}`. Better: keep the notes elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule, load_problems


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """The personal data found while reading the evidence files."""
    return load_problems(board, "personal-data")


RULE = Rule(
    "personal-data",
    Severity.ERROR,
    "an email address or phone number in an evidence file (always on)",
    check,
    doc=__doc__ or "",
)
