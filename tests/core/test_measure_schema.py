"""The Impact keys of SPEC 10 as the schema reads them: every problem a `schema` finding at its line."""

from __future__ import annotations

from datetime import date

import pytest

from trioboard.core import vocabulary as vocab
from trioboard.core.model import Board
from trioboard.core.vocabulary import Direction

from helpers.impact import board_from

BOARD = """\
name: Acme
goals:
  - id: grow
    title: Grow
    measure:
      metric: 90-day retention
      baseline: 38
      target: 45
policy:
  freshness:
    measure_days: 14
    impact_days: 60
"""

TEAM = """\
id: t
name: Team
outcomes:
  - id: conv
    title: Raise conversion
    goals: [grow]
    measure:
      metric: checkout conversion
      unit: "%"
      direction: increase
      baseline: 62
      target: 70
      by: 2026-09-30
      current: 64.5
      as_of: 2026-07-01
      confidence: 0.6
      source: https://metabase.example/q/812
      x-mine: anything
roadmap:
  - id: pay
    title: One-click pay
    outcomes: [conv]
    impact:
      outcome: conv
      expect: 3
      confidence: 0.5
      actual: 1.2
      x-note: ours
"""


def _read(board: str = BOARD, team: str = TEAM) -> tuple[Board, list[tuple[str, int, int, str]]]:
    read = board_from(board, {"t": team})
    problems = [(fp.file, p.line, p.column, p.message) for fp in read.problems for p in fp.problems]
    return read, problems


def test_a_whole_measure_and_impact_read_into_the_model() -> None:
    board, problems = _read()
    assert problems == []
    goal_measure = board.goals[0].measure
    assert goal_measure is not None
    assert (goal_measure.metric, goal_measure.baseline, goal_measure.target) == ("90-day retention", 38.0, 45.0)
    assert goal_measure.direction is Direction.INCREASE and goal_measure.current is None
    measure = board.outcomes()[0].measure
    assert measure is not None
    assert measure.unit == "%" and measure.by == date(2026, 9, 30) and measure.as_of == date(2026, 7, 1)
    assert (measure.current, measure.confidence) == (64.5, 0.6)
    assert measure.source == "https://metabase.example/q/812"
    assert (measure.pos.file, measure.pos.line) == ("teams/t.yaml", 8)
    assert measure.value_pos["as_of"].line == 15
    impact = board.items()[0].impact
    assert impact is not None and impact.outcome is not None
    assert (impact.outcome.id, impact.outcome.pos.line) == ("conv", 24)
    assert (impact.expect, impact.confidence, impact.actual) == (3.0, 0.5, 1.2)
    assert (board.policy.freshness.measure_days, board.policy.freshness.impact_days) == (14, 60)


def test_freshness_defaults_to_30_and_45_days() -> None:
    board, problems = _read(BOARD.split("policy:")[0])
    assert problems == []
    assert (board.policy.freshness.measure_days, board.policy.freshness.impact_days) == (30, 45)


# (case, file, the line replaced, its replacement, line, column, message)
CASES = [
    ("no metric", "t", "      metric: checkout conversion", "      x-metric: checkout conversion",
     8, 7, "the measure of outcome conv has no 'metric'"),
    ("no baseline", "t", "      baseline: 62", "", 8, 7, "the measure of outcome conv has no 'baseline'"),
    ("no target", "board", "      target: 45", "", 6, 7, "the measure of goal grow has no 'target'"),
    ("empty target", "board", "      target: 45", "      target:", 8, 7, "the measure of goal grow has no 'target'"),
    ("number as text", "t", "      baseline: 62", '      baseline: "62"',
     11, 17, "'baseline' of the measure of outcome conv must be a number, not '62'"),
    ("number with a percent sign", "t", "      target: 70", "      target: 70%",
     12, 15, "'target' of the measure of outcome conv must be a number, not '70%'"),
    ("number as a bool", "t", "      current: 64.5", "      current: true",
     14, 16, "'current' of the measure of outcome conv must be a number, not true (a true/false value)"),
    ("number infinite", "t", "      current: 64.5", "      current: .inf",
     14, 16, "'current' of the measure of outcome conv must be a number, not .inf"),
    ("number as a list", "t", "      current: 64.5", "      current: [1]",
     14, 16, "'current' of the measure of outcome conv must be a number, not a list"),
    ("date as words", "t", "      as_of: 2026-07-01", "      as_of: July 1st",
     15, 14, "'as_of' of the measure of outcome conv must be a date written YYYY-MM-DD, not 'July 1st'"),
    ("date not a day", "t", "      by: 2026-09-30", "      by: 2026-02-30",
     13, 11, "'by' of the measure of outcome conv must be a date written YYYY-MM-DD, not '2026-02-30'"),
    ("date as a number", "t", "      by: 2026-09-30", "      by: 20260930",
     13, 11, "'by' of the measure of outcome conv must be a date written YYYY-MM-DD, not 20260930"),
    ("confidence over 1", "t", "      confidence: 0.6", "      confidence: 1.5",
     16, 19, "'confidence' of the measure of outcome conv is 1.5; a confidence is from 0 to 1"),
    ("confidence below 0", "t", "      confidence: 0.5", "      confidence: -0.1",
     26, 19, "'confidence' of the impact of item pay is -0.1; a confidence is from 0 to 1"),
    ("confidence as text", "t", "      confidence: 0.6", "      confidence: high",
     16, 19, "'confidence' of the measure of outcome conv must be a number, not 'high'"),
    ("baseline equals target", "t", "      target: 70", "      target: 62.0",
     12, 15, "the measure of outcome conv has its baseline equal to its target (62): "
     "progress runs from the baseline to a different target"),
    ("unknown direction", "t", "      direction: increase", "      direction: up",
     10, 18, "'direction' of the measure of outcome conv is 'up'; use one of: increase, decrease, stay-above, stay-below"),
    ("unknown measure key", "t", '      unit: "%"', '      units: "%"',
     9, 7, "unknown key 'units' in the measure of outcome conv (did you mean 'unit'?)"),
    ("measure not a mapping", "board", "    measure:", "    measure: 45\n    x-was:",
     5, 14, "the measure of goal grow must be a mapping of keys, not a number"),
    ("metric on two lines", "t", "      metric: checkout conversion", '      metric: "a\\nb"',
     8, 15, "'metric' of the measure of outcome conv contains a line break; it must be one line of text"),
    ("impact without outcome", "t", "      outcome: conv", "      x-outcome: conv",
     24, 7, "the impact of item pay has no 'outcome'"),
    ("impact without expect", "t", "      expect: 3", "", 24, 7, "the impact of item pay has no 'expect'"),
    ("impact outcome a list", "t", "      outcome: conv", "      outcome: [conv]",
     24, 16, "'outcome' of the impact of item pay is a list where an id belongs; write one id"),
    ("impact outcome not an id", "t", "      outcome: conv", "      outcome: Conv Rate",
     24, 16, "'outcome' of the impact of item pay is 'Conv Rate', which is not a valid id; write one id"),
    ("impact actual as text", "t", "      actual: 1.2", "      actual: 1.2pp",
     27, 15, "'actual' of the impact of item pay must be a number, not '1.2pp'"),
    ("unknown impact key", "t", "      actual: 1.2", "      acutal: 1.2",
     27, 7, "unknown key 'acutal' in the impact of item pay (did you mean 'actual'?)"),
    ("impact not a mapping", "t", "    impact:", "    impact: [conv]\n    x-was:",
     23, 13, "the impact of item pay must be a mapping of keys, not a list"),
    ("freshness negative", "board", "    measure_days: 14", "    measure_days: -1",
     11, 19, "policy.freshness.measure_days must be a whole number of days, 0 or more"),
    ("freshness fraction", "board", "    impact_days: 60", "    impact_days: 1.5",
     12, 18, "policy.freshness.impact_days must be a whole number of days, 0 or more"),
    ("freshness unknown key", "board", "    impact_days: 60", "    impact_day: 60",
     12, 5, "unknown key 'impact_day' in policy.freshness (did you mean 'impact_days'?)"),
    ("freshness not a mapping", "board", "  freshness:", "  freshness: 30\n  x-was:",
     10, 14, "the freshness of the policy must be a mapping of keys, not a number"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "where", "old", "new", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_a_schema_finding_at_its_line(
    case: str, where: str, old: str, new: str, line: int, column: int, message: str
) -> None:
    source = BOARD if where == "board" else TEAM
    assert source.count(old + "\n") == 1, case
    broken = source.replace(old + "\n", new + "\n" if new else "")
    _, problems = _read(broken, TEAM) if where == "board" else _read(BOARD, broken)
    file = vocab.BOARD_FILE if where == "board" else vocab.team_file("t")
    assert problems == [(file, line, column, message)]


def test_a_broken_measure_is_no_measure_and_a_broken_optional_key_is_left_out() -> None:
    board, _ = _read(BOARD, TEAM.replace("      baseline: 62\n", '      baseline: "62"\n'))
    assert board.outcomes()[0].measure is None
    board, _ = _read(BOARD, TEAM.replace("      confidence: 0.6\n", "      confidence: 7\n"))
    measure = board.outcomes()[0].measure
    assert measure is not None and measure.confidence is None and measure.current == 64.5
    board, _ = _read(BOARD, TEAM.replace("      outcome: conv\n", "      outcome: [conv]\n"))
    impact = board.items()[0].impact
    assert impact is not None and impact.outcome is None and impact.expect == 3.0


def test_yaml_numbers_of_every_spelling_read_as_numbers() -> None:
    for written, value in (("0x10", 16.0), ("0o10", 8.0), ("017", 17.0), ("-2.5e1", -25.0), ("+3", 3.0)):
        board, problems = _read(BOARD, TEAM.replace("      current: 64.5\n", f"      current: {written}\n"))
        assert problems == [], written
        measure = board.outcomes()[0].measure
        assert measure is not None and measure.current == value, written
