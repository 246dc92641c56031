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

_ABOUT_THE_FIRST_ID = frozenset({"blocked-team", "blocked-item"})
"""Rules whose ids are the node, then the root causes of its chain."""
_ABOUT_A_SET = frozenset({"dependency-cycle", "duplicate-id"})
"""Rules about a group of nodes, in whatever order they are named."""
_ABOUT_ONE_PROBLEM = frozenset({"schema", "parse-error"})
"""Rules whose message says which of several problems with one node it is."""


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
        """What makes a finding the same one in another version of the board (SPEC 5).

        The one key `check --since`, `diff`'s findings delta and SARIF
        fingerprints all use: the rule and the node the finding is about,
        never its line, its message or the chain behind it. A blocked team
        or item is the same finding whatever its root causes now are (so
        unblocking one of two reasons is not a "new" finding); a cycle or a
        duplicate id is the same set of nodes whichever one it is named from.
        Schema problems keep their message (two different problems with one
        node are two findings); findings about no id (a file that does not
        parse) fall back to the file and the message.
        """
        if not self.ids:
            return (self.rule, self.file, self.message)
        if self.rule in _ABOUT_THE_FIRST_ID:
            return (self.rule, self.ids[0])
        if self.rule in _ABOUT_A_SET:
            return (self.rule, *sorted(set(self.ids)))
        if self.rule in _ABOUT_ONE_PROBLEM:
            return (self.rule, *self.ids, self.message)
        return (self.rule, *self.ids)

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
