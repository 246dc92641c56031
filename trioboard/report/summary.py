"""What every check report renders: the findings, the numbers, and how it was asked for.

`CheckReport` is the one value every `check --format` renderer takes
(SPEC section 5); `Summary` is the numbers of `check --format json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.analysis import clarity_only, ratio_down
from trioboard.core.findings import Finding, Severity
from trioboard.core.model import Board

if TYPE_CHECKING:
    from trioboard.core.results import BoardState


@dataclass(frozen=True, slots=True)
class Since:
    """`--since REV`: which revision the findings are compared with."""

    revision: str
    not_shown: int
    """Findings the board already had at `revision`, left out of the report."""


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of findings by severity, and the board's alignment figures."""

    errors: int
    warnings: int
    infos: int
    goals: int
    outcomes: int
    items: int
    """Active items."""
    aligned_items: int
    coverage: float | None
    blocked_teams: list[str]
    since: Since | None = None
    no_clarity_teams: tuple[str, ...] = ()
    """Of `blocked_teams`, those whose only reason is that they have no clarity: the text says so in its own words.

    The JSON `blocked_teams` keeps listing them (an API); the text line does not call them blocked.
    """

    def as_dict(self) -> dict[str, object]:
        """The JSON `summary` object, keys in SPEC order (`since` only under `--since`)."""
        document: dict[str, object] = {
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "goals": self.goals,
            "outcomes": self.outcomes,
            "items": self.items,
            "aligned_items": self.aligned_items,
            "coverage": ratio_down(self.coverage),
            "blocked_teams": self.blocked_teams,
        }
        if self.since is not None:
            document["since"] = {"revision": self.since.revision, "not_shown": self.since.not_shown}
        return document


def summarise(state: BoardState, findings: list[Finding], since: Since | None = None) -> Summary:
    """The summary of a board and the findings being reported on it."""
    counts = {severity: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    analysis = state.analysis
    coverage = analysis.board_coverage
    return Summary(
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        goals=len(analysis.goal_outcomes),
        outcomes=len(analysis.outcome_goals),
        items=coverage.active,
        aligned_items=coverage.aligned,
        coverage=coverage.ratio,
        blocked_teams=sorted(analysis.team_blocks),
        since=since,
        no_clarity_teams=tuple(sorted(t for t, why in analysis.team_blocks.items() if clarity_only(why))),
    )


@dataclass(frozen=True, slots=True)
class CheckReport:
    """One run of `trioboard check`, as every format renders it."""

    root: Path
    """The board directory."""
    board: Board
    findings: list[Finding]
    """The findings reported (under `--since`, only the new ones)."""
    summary: Summary
    cwd: Path
    """Where the user stands: paths are shown relative to it."""
    fail_on: Severity
    seconds: float
    """How long the check took."""
    colour: bool = False

    def failing(self, finding: Finding) -> bool:
        """Whether `finding` is at or above `--fail-on`."""
        return finding.severity.rank >= self.fail_on.rank

    @property
    def failed(self) -> bool:
        """Whether the check fails (exit 1)."""
        return any(self.failing(f) for f in self.findings)
