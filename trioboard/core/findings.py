"""The one shape every problem takes, whatever renders it."""

from __future__ import annotations

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

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """File order, then rule: the order a person reads a file in."""
        return (self.file, self.line, self.column, self.rule, self.message)
