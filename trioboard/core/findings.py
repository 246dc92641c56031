"""The one shape every problem takes, whatever renders it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters; `off` findings are never reported."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: compare with `--fail-on`."""
        return _RANK[self]


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem: which rule, how severe, what, where, and the ids involved."""

    rule: str
    severity: Severity
    message: str
    file: str
    """Relative to the board directory; renderers make it relative to the user."""
    line: int
    column: int
    ids: tuple[str, ...] = ()

    def identity(self) -> tuple[str, ...]:
        """What makes a finding the same one in another version of the board.

        The rule and the ids, not the line: a board that grew above a
        finding does not make it new. Findings about no id (a file that does
        not parse) fall back to the file and the message.
        """
        if self.ids:
            return (self.rule, *self.ids)
        return (self.rule, self.file, self.message)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """File order, then rule: the order a person reads a file in."""
        return (self.file, self.line, self.column, self.rule, self.message)


def new_findings(current: list[Finding], before: list[Finding]) -> list[Finding]:
    """The findings of `current` that `before` did not have, matched by identity.

    Counted as multisets: if a finding occurs twice now and once before, one
    of the two is new.
    """
    remaining = Counter(f.identity() for f in before)
    fresh = []
    for finding in current:
        key = finding.identity()
        if remaining[key]:
            remaining[key] -= 1
        else:
            fresh.append(finding)
    return fresh
