"""The numbers every check report carries (SPEC section 5, `check --format json`)."""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.analysis import ratio_down
from trioboard.core.findings import Finding, Severity
from trioboard.workspace import BoardState


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

    def as_dict(self) -> dict[str, object]:
        """The JSON `summary` object, keys in SPEC order."""
        return {
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


def summarise(state: BoardState, findings: list[Finding]) -> Summary:
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
    )
