"""How far a measure has come (SPEC 10): progress, held or not, and its state, in numbers and in words.

Pure functions of one `Measure`. Progress runs from the baseline (0) to the
target (1) whichever way the target lies, so `increase` and `decrease` read
the same; `stay-above` and `stay-below` hold a line instead and are *held*
or *not held*. A measure is *reached* when its current value meets the
target — exactly, by comparing the numbers, never by a rounded ratio — and
a percentage shown is never rounded up to 100% before that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from trioboard.core.model import Impact, Measure
from trioboard.core.vocabulary import Direction, MeasureState

ON_TRACK_FROM = 0.7
"""The lowest confidence that is *on track*."""
AT_RISK_FROM = 0.4
"""The lowest confidence that is *at risk*; below it a measure is *off track*."""

_FAR = 1e12
"""Ratios beyond this many targets are shown as this many (a float ratio may even be infinite)."""

HELD = "held"
NOT_HELD = "not held"


def is_reached(measure: Measure) -> bool:
    """Whether `current` meets the target: at or beyond it, on the far side from the baseline.

    For `stay-above` that is at or above the target, for `stay-below` at or
    below it (the line is held). False with no `current`.
    """
    current = measure.current
    if current is None:
        return False
    if measure.direction is Direction.STAY_ABOVE:
        return current >= measure.target
    if measure.direction is Direction.STAY_BELOW:
        return current <= measure.target
    if measure.target > measure.baseline:
        return current >= measure.target
    return current <= measure.target


def progress(measure: Measure) -> float | None:
    """`(current − baseline) / (target − baseline)` for increase and decrease, as a ratio (1.0 is the target).

    None with no `current`, and for `stay-above`/`stay-below` (see `held`).
    It may be below 0 (worse than the baseline) or above 1 (past the target).
    """
    if measure.current is None or measure.direction.holds:
        return None
    return (measure.current - measure.baseline) / (measure.target - measure.baseline)


def held(measure: Measure) -> bool | None:
    """For `stay-above`/`stay-below`: whether the line is held; None with no `current` or for other directions."""
    if measure.current is None or not measure.direction.holds:
        return None
    return is_reached(measure)


def state(measure: Measure) -> MeasureState:
    """Reached; else on track (confidence ≥ 0.7), at risk (0.4 to 0.7), off track (< 0.4) or no confidence given.

    A measure with no `current` is not measured yet, whatever its confidence.
    """
    if measure.current is None:
        return MeasureState.NOT_MEASURED
    if is_reached(measure):
        return MeasureState.REACHED
    confidence = measure.confidence
    if confidence is None:
        return MeasureState.NO_CONFIDENCE
    if confidence >= ON_TRACK_FROM:
        return MeasureState.ON_TRACK
    if confidence >= AT_RISK_FROM:
        return MeasureState.AT_RISK
    return MeasureState.OFF_TRACK


def percent(ratio: float, reached: bool) -> str:
    """A progress ratio as a whole percentage, rounded down; never 100% or more unless `reached`.

    `reached` is `is_reached` of the measure: the ratio of a value a hair
    short of the target may round to 1.0 in floating point, and must still
    read 99%.
    """
    ratio = max(-_FAR, min(_FAR, ratio))  # a current far past a target a hair from its baseline: inf
    whole = math.floor(ratio * 100 + (1e-9 if reached else 0.0))
    if not reached:
        whole = min(whole, 99)
    elif whole < 100:
        whole = 100  # reached exactly, with float error below the line
    return f"{whole}%"


def number_text(value: float) -> str:
    """A measure's number as a person writes it: `64.5`, `70`, `0.125` (ten significant digits at most)."""
    return f"{value:.10g}"


def progress_text(measure: Measure) -> str:
    """Progress as a person reads it: `31%`, `held`, `not held`, or `not measured yet`."""
    if measure.current is None:
        return MeasureState.NOT_MEASURED.words
    if measure.direction.holds:
        return HELD if is_reached(measure) else NOT_HELD
    ratio = progress(measure)
    assert ratio is not None  # there is a current and the direction moves
    return percent(ratio, is_reached(measure))


@dataclass(frozen=True, slots=True)
class Standing:
    """Everything a view shows of one measure, computed once."""

    state: MeasureState
    progress: float | None
    """The ratio (see `progress`); None when not measured yet, or for a line held."""
    held: bool | None
    """For stay-above/stay-below with a current; None otherwise."""
    reached: bool
    text: str
    """`progress_text`: `31%`, `held`, `not held`, `not measured yet`."""

    @property
    def label(self) -> str:
        """The symbol, the progress and the state in words: `◆ 31% at risk`, `✓ 100% reached`, `✓ held`."""
        if self.state is MeasureState.NOT_MEASURED or self.held:
            return f"{self.state.symbol} {self.text if self.held else self.state.words}"
        return f"{self.state.symbol} {self.text} {self.state.words}"


def standing(measure: Measure) -> Standing:
    """The state, progress and its text of `measure`."""
    return Standing(state(measure), progress(measure), held(measure), is_reached(measure), progress_text(measure))


def along(measure: Measure, change: float) -> float:
    """A change in the measure's direction (`impact.expect`, `impact.actual`) as a change of its number.

    `expect: 3` on a measure that should decrease is −3; on one that should
    increase, +3. For a line held, the side it is held on decides.
    """
    if measure.direction.holds:
        return change if measure.direction.upward else -change
    return change if measure.target > measure.baseline else -change


def expected_change(impact: Impact, measure: Measure) -> float | None:
    """What the item is expected to move the measure's number by (signed), or None with no `expect`."""
    return None if impact.expect is None else along(measure, impact.expect)
