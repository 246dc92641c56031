"""Progress, held and state of a measure (SPEC 10), over every direction: examples and properties."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trioboard.core.impact import along, held, is_reached, percent, progress, progress_text, standing, state
from trioboard.core.model import Measure, Pos
from trioboard.core.vocabulary import Direction, MeasureState

AT = Pos("teams/t.yaml", 1, 1)


def measure(
    baseline: float = 62,
    target: float = 70,
    current: float | None = None,
    confidence: float | None = None,
    direction: Direction = Direction.INCREASE,
) -> Measure:
    return Measure(
        metric="m",
        baseline=baseline,
        target=target,
        pos=AT,
        direction=direction,
        current=current,
        confidence=confidence,
        as_of=date(2026, 7, 1) if current is not None else None,
    )


# -- examples ---------------------------------------------------------------------------------


def test_the_spec_example_is_31_percent_at_risk() -> None:
    m = measure(current=64.5, confidence=0.6)
    assert progress(m) == pytest.approx(0.3125)
    assert progress_text(m) == "31%"
    assert state(m) is MeasureState.AT_RISK
    assert standing(m).label == "◆ 31% at risk"


def test_a_hair_short_of_the_target_is_99_percent_and_the_target_is_100() -> None:
    assert progress_text(measure(baseline=0, target=1000, current=999.99)) == "99%"
    assert progress_text(measure(baseline=0, target=0.3, current=0.1 + 0.2 - 1e-17)) in ("99%", "100%")
    assert progress_text(measure(baseline=0, target=1000, current=1000)) == "100%"
    assert progress_text(measure(baseline=0, target=100, current=150)) == "150%"
    assert progress_text(measure(baseline=50, target=100, current=40)) == "-20%"


def test_a_decrease_counts_down_towards_its_target() -> None:
    m = measure(baseline=800, target=400, current=700, confidence=0.9, direction=Direction.DECREASE)
    assert (progress_text(m), state(m)) == ("25%", MeasureState.ON_TRACK)
    done = measure(baseline=800, target=400, current=390, direction=Direction.DECREASE)
    assert (progress_text(done), state(done)) == ("102%", MeasureState.REACHED)


def test_a_line_is_held_or_not() -> None:
    above = measure(baseline=99.5, target=99.9, current=99.95, direction=Direction.STAY_ABOVE)
    assert (held(above), progress(above), progress_text(above), state(above)) == (True, None, "held", "reached")
    assert standing(above).label == "✓ held"
    below = measure(baseline=200, target=300, current=310, confidence=0.2, direction=Direction.STAY_BELOW)
    assert (held(below), progress_text(below), state(below)) == (False, "not held", MeasureState.OFF_TRACK)
    assert standing(below).label == "▼ not held off track"


def test_no_current_is_not_measured_yet_whatever_the_confidence() -> None:
    for direction in Direction:
        m = measure(confidence=0.9, direction=direction)
        assert (state(m), progress_text(m), held(m), progress(m)) == (
            MeasureState.NOT_MEASURED,
            "not measured yet",
            None,
            None,
        )
        assert standing(m).label == "· not measured yet"


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (None, MeasureState.NO_CONFIDENCE),
        (0.0, MeasureState.OFF_TRACK),
        (0.39, MeasureState.OFF_TRACK),
        (0.4, MeasureState.AT_RISK),
        (0.69, MeasureState.AT_RISK),
        (0.7, MeasureState.ON_TRACK),
        (1.0, MeasureState.ON_TRACK),
    ],
)
def test_confidence_decides_the_state_short_of_the_target(confidence: float | None, expected: MeasureState) -> None:
    assert state(measure(current=63, confidence=confidence)) is expected


def test_every_state_has_words_and_a_distinct_symbol() -> None:
    assert [s.words for s in MeasureState] == [
        "reached",
        "on track",
        "at risk",
        "off track",
        "no confidence given",
        "not measured yet",
    ]
    symbols = [s.symbol for s in MeasureState]
    assert all(len(s) == 1 for s in symbols) and len(set(symbols)) == len(symbols)


def test_an_expected_change_follows_the_measure_s_direction() -> None:
    assert along(measure(), 3) == 3
    assert along(measure(baseline=800, target=400, direction=Direction.DECREASE), 3) == -3
    assert along(measure(direction=Direction.STAY_BELOW), 3) == -3
    assert along(measure(direction=Direction.STAY_ABOVE), 3) == 3


def test_a_current_far_past_a_tiny_span_still_shows() -> None:
    assert progress_text(measure(baseline=0, target=5e-324, current=1e300)) == "100000000000000%"


# -- properties -------------------------------------------------------------------------------

_NUMBERS = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
_CONFIDENCE = st.none() | st.floats(min_value=0, max_value=1)


@st.composite
def _measures(draw: st.DrawFn, current: bool = True) -> Measure:
    baseline = draw(_NUMBERS)
    target = draw(_NUMBERS.filter(lambda t: t != baseline))
    return measure(
        baseline=baseline,
        target=target,
        current=draw(_NUMBERS) if current else None,
        confidence=draw(_CONFIDENCE),
        direction=draw(st.sampled_from(list(Direction))),
    )


def _meets(m: Measure) -> bool:
    """The oracle: exact arithmetic on the numbers as written."""
    assert m.current is not None
    current, baseline, target = Fraction(m.current), Fraction(m.baseline), Fraction(m.target)
    if m.direction is Direction.STAY_ABOVE:
        return current >= target
    if m.direction is Direction.STAY_BELOW:
        return current <= target
    return (current - baseline) / (target - baseline) >= 1


def _shown_percent(m: Measure) -> int:
    return int(progress_text(m).removesuffix("%"))


@given(_measures())
def test_reached_iff_the_current_meets_the_target(m: Measure) -> None:
    assert is_reached(m) == _meets(m)
    assert (state(m) is MeasureState.REACHED) == _meets(m)


@given(_measures())
def test_progress_shows_under_100_percent_until_the_target_is_reached(m: Measure) -> None:
    if m.direction.holds:
        assert progress_text(m) == ("held" if _meets(m) else "not held")
        return
    if _meets(m):
        assert _shown_percent(m) >= 100
    else:
        assert _shown_percent(m) < 100


@given(_measures(), _NUMBERS)
def test_progress_is_monotone_in_current(m: Measure, other: float) -> None:
    assert m.current is not None
    low, high = sorted((m.current, other))
    upward = m.direction.upward if m.direction.holds else m.target > m.baseline
    if not upward:  # a lower number is further along (or holds the line below)
        low, high = high, low
    before, after = (measure(m.baseline, m.target, c, m.confidence, m.direction) for c in (low, high))
    assert is_reached(before) <= is_reached(after)
    if not m.direction.holds:
        assert progress(before) <= progress(after)  # type: ignore[operator]
        assert _shown_percent(before) <= _shown_percent(after)


@given(_measures())
def test_the_state_is_reached_or_the_confidence_band(m: Measure) -> None:
    got = state(m)
    if _meets(m):
        assert got is MeasureState.REACHED
    elif m.confidence is None:
        assert got is MeasureState.NO_CONFIDENCE
    else:
        assert got is (
            MeasureState.ON_TRACK
            if m.confidence >= 0.7
            else MeasureState.AT_RISK
            if m.confidence >= 0.4
            else MeasureState.OFF_TRACK
        )


@given(_measures(current=False))
def test_without_a_current_it_is_not_measured_yet(m: Measure) -> None:
    assert state(m) is MeasureState.NOT_MEASURED and not is_reached(m)


@given(st.floats(min_value=-10, max_value=10, allow_nan=False), st.booleans())
def test_percent_never_says_100_unless_reached(ratio: float, reached: bool) -> None:
    shown = int(percent(ratio, reached).removesuffix("%"))
    assert shown < 100 if not reached else shown >= 100
