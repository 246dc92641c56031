"""Calibration: how well a team's expectations of impact matched what its items did.

For the items that say both what they were expected to move (`impact.expect`)
and what they moved (`impact.actual`): how many, how often the expectation
was met, and the mean of actual ÷ expected. Both numbers are in the
measure's unit and direction (SPEC 10), so an expectation is met when the
item moved at least as far as expected: actual ÷ expected ≥ 1. The ratio is
taken as written, so a board that writes a decrease as a negative change
(expect −3, actual −4) is judged the same as one that writes it as a
positive one (3, 4). An expectation of 0 is met by any actual ≥ 0 and has
no ratio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trioboard.core.model import Item


@dataclass(frozen=True, slots=True)
class Calibration:
    """How one team's (or the whole board's) expectations compared with what happened."""

    team: str | None
    """The team's id; None for the whole board."""
    items: int
    """Items with both `expect` and `actual`."""
    met: int
    """Of those, the items that moved at least as far as expected."""
    mean_ratio: float | None
    """The mean of actual ÷ expected (None: no item with a non-zero expectation)."""

    @property
    def met_share(self) -> float | None:
        """`met` as a share of `items` (None when there are none)."""
        return self.met / self.items if self.items else None


def calibrate(team: str | None, items: Iterable[Item]) -> Calibration:
    """The calibration of `items` (those without both numbers are left out)."""
    count = met = 0
    ratios: list[float] = []
    for item in items:
        impact = item.impact
        if impact is None or impact.expect is None or impact.actual is None:
            continue
        count += 1
        if impact.expect == 0:
            met += impact.actual >= 0
            continue
        ratio = impact.actual / impact.expect
        ratios.append(ratio)
        met += ratio >= 1
    return Calibration(team, count, met, sum(ratios) / len(ratios) if ratios else None)


def by_team(items_of: dict[str, list[Item]]) -> list[Calibration]:
    """A calibration per team with any item that has both numbers (in the order given), then the board's if several."""
    kept = [c for c in (calibrate(team, items) for team, items in items_of.items()) if c.items]
    if len(kept) < 2:
        return kept
    return [*kept, calibrate(None, [item for items in items_of.values() for item in items])]
