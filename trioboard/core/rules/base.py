"""What a rule is: a name, a default severity, its documentation and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Pos


@dataclass(frozen=True, slots=True)
class Draft:
    """A finding before the policy has given it a severity."""

    message: str
    pos: Pos
    ids: tuple[str, ...] = ()


Check = Callable[[Board, Analysis], Iterable[Draft]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of SPEC section 4."""

    name: str
    default: Severity
    summary: str
    """One line: what it finds."""
    check: Check
    structural: bool = False
    """Structural rules cannot be set below `error` by a policy."""
    doc: str = ""
    """The user documentation: the rule module's docstring."""


def load_problems(board: Board, rule: str) -> Iterable[Draft]:
    """The problems of one rule found while reading the files."""
    for entry in board.problems:
        for problem in entry.problems:
            if problem.rule == rule:
                yield Draft(problem.message, Pos(entry.file, problem.line, problem.column), problem.ids)
