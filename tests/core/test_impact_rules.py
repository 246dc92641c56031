"""The Impact rules of SPEC 10 at a fixed today: each finding, its line, its severity, and when it stays quiet."""

from __future__ import annotations

from datetime import date

import pytest

from trioboard.core import vocabulary as vocab
from trioboard.core.analysis import analyse
from trioboard.core.findings import Finding, Severity
from trioboard.core.model import Board
from trioboard.core.reanalysis import reanalyse
from trioboard.core.rechecking import recheck
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES, run_rules
from trioboard.core.schema import assemble, read_board_file, read_team_file
from trioboard.store import files

from helpers.impact import board_from

BOARD = """\
name: Acme
goals:
  - id: grow
    title: Grow
    measure:
      metric: revenue
      baseline: 10
      target: 12
      current: 11
      as_of: 2026-06-01
"""

TEAM = """\
id: t
name: Team
trio: {product: Ana, design: Ben, engineering: Chen}
outcomes:
  - id: conv
    title: Raise conversion
    goals: [grow]
    measure:
      metric: checkout conversion
      baseline: 62
      target: 70
      current: 64.5
      as_of: 2026-07-01
  - id: fresh
    title: Not measured yet
    goals: [grow]
    measure:
      metric: repeat buyers
      baseline: 5
      target: 8
  - id: plain
    title: No measure
    goals: [grow]
roadmap:
  - id: pay
    title: One-click pay
    outcomes: [conv]
    horizon: now
    status: done
    impact:
      outcome: conv
      expect: 3
  - id: wallet
    title: Wallet
    outcomes: [plain]
    horizon: now
    impact:
      outcome: conv
      expect: 1
  - id: badge
    title: Badge
    outcomes: [plain, conv]
    horizon: next
    impact:
      outcome: plain
      expect: 1
  - id: ghosted
    title: Ghosted
    outcomes: [conv]
    horizon: later
    impact:
      outcome: ghost
      expect: 1
  - id: soon
    title: Soon
    outcomes: [fresh]
    horizon: next
"""


def _board(board: str = BOARD, team: str = TEAM) -> Board:
    return board_from(board, {"t": team})


def _found(board: Board, today: date, rule: str) -> list[tuple[str, int, Severity, tuple[str, ...], str]]:
    findings: list[Finding] = run_rules(board, analyse(board, today=today))
    return [(f.file, f.line, f.severity, f.ids, f.message) for f in findings if f.rule == rule]


def _with_policy(policy: str) -> str:
    return BOARD + "policy:\n" + policy


def test_the_board_reads_without_schema_problems() -> None:
    assert _found(_board(), date(2026, 7, 1), "schema") == []


# -- stale-measure ------------------------------------------------------------------------------


def test_a_check_in_is_stale_after_30_days_by_default() -> None:
    board = _board()
    assert _found(board, date(2026, 7, 1), "stale-measure") == []
    assert _found(board, date(2026, 7, 31), "stale-measure") == [
        (
            "board.yaml",
            10,
            Severity.WARNING,
            ("grow",),
            "the measure of goal grow was last checked in on 2026-06-01, 60 days ago (policy: every 30 days)",
        )
    ]
    later = _found(board, date(2026, 8, 1), "stale-measure")
    assert [(f[0], f[1], f[3]) for f in later] == [("board.yaml", 10, ("grow",)), ("teams/t.yaml", 13, ("conv",))]
    assert later[1][4] == (
        "the measure of outcome conv was last checked in on 2026-07-01, 31 days ago (policy: every 30 days)"
    )


def test_policy_freshness_sets_the_days() -> None:
    board = _board(_with_policy("  freshness:\n    measure_days: 7\n"))
    assert [f[3] for f in _found(board, date(2026, 7, 8), "stale-measure")] == [("grow",)]
    assert [f[3] for f in _found(board, date(2026, 7, 9), "stale-measure")] == [("grow",), ("conv",)]


def test_no_current_is_stale_that_many_days_after_the_outcome_appeared() -> None:
    board = _board()
    board.appeared = {"fresh": date(2026, 6, 1)}
    assert _found(board, date(2026, 7, 1), "stale-measure") == []
    found = _found(board, date(2026, 7, 2), "stale-measure")
    assert found[1] == (
        "teams/t.yaml",
        18,
        Severity.WARNING,
        ("fresh",),
        "the measure of outcome fresh has no current value 31 days after it appeared on 2026-06-01 "
        "(policy: check in within 30 days)",
    )


def test_a_measure_whose_node_never_appeared_in_git_appeared_today() -> None:
    assert [f[3] for f in _found(_board(), date(2027, 1, 1), "stale-measure")] == [("grow",), ("conv",)]


# -- impact-unreviewed ----------------------------------------------------------------------------


def test_a_done_item_without_actual_is_unreviewed_after_45_days() -> None:
    board = _board()
    board.done_on = {"pay": date(2026, 5, 1)}
    assert _found(board, date(2026, 6, 15), "impact-unreviewed") == []
    assert _found(board, date(2026, 6, 16), "impact-unreviewed") == [
        (
            "teams/t.yaml",
            31,
            Severity.INFO,
            ("pay",),
            "item pay has been done since 2026-05-01 (46 days) and its impact has no actual value "
            "(policy: review within 45 days)",
        )
    ]
    reviewed = _board(BOARD, TEAM.replace("      expect: 3\n", "      expect: 3\n      actual: 1.2\n"))
    reviewed.done_on = board.done_on
    assert _found(reviewed, date(2027, 1, 1), "impact-unreviewed") == []


def test_an_item_done_today_is_not_unreviewed() -> None:
    assert _found(_board(), date(2030, 1, 1), "impact-unreviewed") == []


# -- impact-mismatch and unknown-ref ----------------------------------------------------------------


def test_an_impact_on_an_outcome_not_served_or_not_measured_is_a_mismatch() -> None:
    assert _found(_board(), date(2026, 7, 1), "impact-mismatch") == [
        (
            "teams/t.yaml",
            38,
            Severity.ERROR,
            ("wallet", "conv"),
            "the impact of item wallet names outcome conv, which the item does not serve (its outcomes: plain)",
        ),
        (
            "teams/t.yaml",
            45,
            Severity.ERROR,
            ("badge", "plain"),
            "the impact of item badge names outcome plain, which has no measure",
        ),
    ]


def test_an_impact_on_an_id_that_is_no_outcome_is_an_unknown_ref() -> None:
    found = _found(_board(), date(2026, 7, 1), "unknown-ref")
    assert found == [
        (
            "teams/t.yaml",
            52,
            Severity.ERROR,
            ("ghosted", "ghost"),
            "'impact.outcome' of item ghosted names ghost, which does not exist",
        )
    ]


def test_a_dropped_item_has_no_mismatch() -> None:
    team = TEAM.replace("    title: Wallet\n", "    title: Wallet\n    status: dropped\n")
    assert [f[3] for f in _found(_board(BOARD, team), date(2026, 7, 1), "impact-mismatch")] == [("badge", "plain")]


# -- the rules off by default --------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["unmeasured-outcome", "no-expected-impact"])
def test_off_by_default(rule: str) -> None:
    assert _found(_board(), date(2026, 7, 1), rule) == []


def test_unmeasured_outcome_when_the_policy_turns_it_on() -> None:
    board = _board(_with_policy("  severity:\n    unmeasured-outcome: warning\n"))
    assert _found(board, date(2026, 7, 1), "unmeasured-outcome") == [
        ("teams/t.yaml", 21, Severity.WARNING, ("plain",), "outcome plain serves a goal and has no measure")
    ]


def test_no_expected_impact_when_the_policy_turns_it_on() -> None:
    board = _board(_with_policy("  severity:\n    no-expected-impact: error\n"))
    assert _found(board, date(2026, 7, 1), "no-expected-impact") == [
        (
            "teams/t.yaml",
            54,
            Severity.ERROR,
            ("soon",),
            "next item soon serves measured outcome fresh and says nothing of its expected impact",
        )
    ]


def test_the_policy_turns_a_rule_off() -> None:
    board = _board(_with_policy("  severity:\n    stale-measure: 'off'\n    impact-mismatch: 'off'\n"))
    assert _found(board, date(2027, 1, 1), "stale-measure") == []
    assert _found(board, date(2027, 1, 1), "impact-mismatch") == []


# -- incremental checking ------------------------------------------------------------------------------


def test_rechecking_after_another_team_drops_a_measure_equals_a_full_check() -> None:
    """An item of team a expects to move b's outcome: b dropping its measure changes a finding in a's file."""
    head = read_board_file(files.parse_source(vocab.BOARD_FILE, BOARD.encode()), RULE_NAMES, STRUCTURAL_RULES)
    a = read_team_file(
        files.parse_source(
            "teams/a.yaml",
            b"id: a\nname: A\nroadmap:\n  - id: x\n    title: X\n    outcomes: [conv]\n"
            b"    impact: {outcome: conv, expect: 1}\n",
        )
    )
    b_before = read_team_file(files.parse_source("teams/t.yaml", TEAM.encode()))
    unmeasured = TEAM.replace("    measure:\n      metric: checkout conversion\n", "    x-measure:\n      metric: m\n")
    b_after = read_team_file(files.parse_source("teams/t.yaml", unmeasured.encode()))
    before, after = assemble(head, [a, b_before]), assemble(head, [a, b_after])
    today = date(2026, 7, 1)
    prior = analyse(before, today=today)
    derived = reanalyse(before, prior, after, today=today)
    full = run_rules(after, analyse(after, today=today))
    assert [f.ids for f in full if f.rule == "impact-mismatch"][:1] == [("x", "conv")]
    if derived is not None:
        got = recheck(before, run_rules(before, prior), after, derived) or run_rules(after, derived)
        assert got == full
