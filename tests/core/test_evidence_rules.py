"""The evidence and cadence rules (SPEC 11) at a fixed today: messages, lines, and when they stay quiet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.results import BoardState

from helpers import run
from helpers.evidence import BOARD, CHECKOUT, DISCOVERY_BOARD, FRONT, evidence_board, of_rule, write_evidence

TODAY = dt.date(2026, 7, 20)

OPPORTUNITIES = """\
opportunities:
  - id: card-reentry
    title: Buyers re-type card details
    outcomes: [conversion]
  - id: slow-page
    title: The payment page is slow
    outcomes: [conversion]
    status: parked
"""


def touchpoint(day: str, customer: str = "buyer-7", with_: str = "[Ana Ruiz, Ben Ode]", supports: str = "") -> str:
    return (
        FRONT.replace("2026-07-08", day)
        .replace("buyer-7", customer)
        .replace("[Ana Ruiz, Ben Ode]", with_)
        .replace("[one-click-pay]", supports or "[one-click-pay]")
    )


def load(board: Path, today: dt.date = TODAY) -> BoardState:
    return workspace.load(board, today=today)


def messages(state: BoardState, rule: str) -> list[str]:
    return [f.message for f in of_rule(state, rule)]


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return evidence_board(tmp_path / "b", DISCOVERY_BOARD)


def test_no_touchpoint_counts_the_window_and_names_the_last(board: Path) -> None:
    write_evidence(board, "a.md", touchpoint("2026-06-20"))  # 30 days back: out of the 3-week window
    write_evidence(board, "b.md", touchpoint("2026-07-01"))
    write_evidence(board, "c.md", touchpoint("2026-07-25"))  # after today: has not happened
    state = load(board)
    (finding,) = of_rule(state, "no-touchpoint")
    assert finding.message == "checkout: 1 touchpoint in the last 3 weeks, policy asks 3; last on 2026-07-01"
    assert (finding.severity, finding.file, finding.line, finding.ids) == (
        "warning",
        "teams/checkout.yaml",
        1,
        ("checkout",),
    )


def test_the_window_is_the_21_days_ending_today(board: Path) -> None:
    for n, day in enumerate(("2026-06-30", "2026-07-10", "2026-07-20")):
        write_evidence(board, f"{n}.md", touchpoint(day))
    assert messages(load(board), "no-touchpoint") == []
    assert messages(load(board, dt.date(2026, 7, 21)), "no-touchpoint") == [
        "checkout: 2 touchpoints in the last 3 weeks, policy asks 3; last on 2026-07-20"
    ]


def test_a_team_that_never_met_a_customer(board: Path) -> None:
    assert messages(load(board), "no-touchpoint") == [
        "checkout: 0 touchpoints in the last 3 weeks, policy asks 3; none recorded yet"
    ]


def test_a_window_of_one_week_reads_as_words(tmp_path: Path) -> None:
    board = evidence_board(tmp_path / "w", BOARD + "policy:\n  discovery:\n    touchpoints: 2\n    window_weeks: 1\n")
    write_evidence(board, "a.md", touchpoint("2026-07-19"))
    assert messages(load(board), "no-touchpoint") == [
        "checkout: 1 touchpoint in the last week, policy asks 2; last on 2026-07-19"
    ]


def test_without_policy_discovery_the_cadence_rules_stay_quiet(tmp_path: Path) -> None:
    board = evidence_board(tmp_path / "q", BOARD, {"checkout": CHECKOUT + OPPORTUNITIES})
    state = load(board)
    for rule in ("no-touchpoint", "trio-not-in-discovery", "unevidenced-opportunity"):
        assert of_rule(state, rule) == []


def test_trio_not_in_discovery_names_who_never_took_part(board: Path) -> None:
    write_evidence(board, "a.md", touchpoint("2026-07-10", with_="[Ana Ruiz, ben  ode]"))
    write_evidence(board, "b.md", touchpoint("2026-07-12", with_="[Ana Ruiz]"))
    write_evidence(board, "c.md", touchpoint("2026-06-01", with_="[Chen Li]"))  # before the window
    (finding,) = of_rule(load(board), "trio-not-in-discovery")
    assert finding.message == (
        "checkout: its engineering lead (Chen Li) took part in none of its 2 touchpoints in the last 3 weeks"
    )
    assert finding.severity == "info"


def test_trio_not_in_discovery_with_one_touchpoint_and_both_roles_missing(board: Path) -> None:
    write_evidence(board, "a.md", touchpoint("2026-07-10", with_="[Ana Ruiz]"))
    assert messages(load(board), "trio-not-in-discovery") == [
        "checkout: its design lead (Ben Ode) and engineering lead (Chen Li) did not take part in its one "
        "touchpoint in the last 3 weeks"
    ]


def test_trio_not_in_discovery_needs_whole_trio_and_a_touchpoint(tmp_path: Path) -> None:
    off = evidence_board(tmp_path / "off", DISCOVERY_BOARD.replace("whole_trio: true", "whole_trio: false"))
    write_evidence(off, "a.md", touchpoint("2026-07-10", with_="[Ana Ruiz]"))
    assert messages(load(off), "trio-not-in-discovery") == []
    none = evidence_board(tmp_path / "none", DISCOVERY_BOARD)
    assert messages(load(none), "trio-not-in-discovery") == []  # no touchpoint: no-touchpoint says so


def test_unevidenced_opportunity_counts_distinct_customers_of_open_ones(tmp_path: Path) -> None:
    board = evidence_board(tmp_path / "o", DISCOVERY_BOARD, {"checkout": CHECKOUT + OPPORTUNITIES})
    write_evidence(board, "a.md", touchpoint("2026-07-10", "buyer-7", supports="[card-reentry]"))
    write_evidence(board, "b.md", touchpoint("2026-07-11", "buyer-7", supports="[card-reentry, slow-page]"))
    write_evidence(board, "c.md", touchpoint("2026-07-11", "buyer-9", supports="[one-click-pay]"))
    (finding,) = of_rule(load(board), "unevidenced-opportunity")
    assert finding.message == "opportunity card-reentry: 1 distinct customer supports it, policy asks 2"
    assert (finding.file, finding.line, finding.ids) == ("teams/checkout.yaml", 16, ("card-reentry",))
    write_evidence(board, "d.md", touchpoint("2026-07-12", "buyer-8", supports="[card-reentry]"))
    assert of_rule(load(board), "unevidenced-opportunity") == []


def test_orphan_evidence_supports_and_challenges_nothing(board: Path) -> None:
    write_evidence(board, "a.md", FRONT.replace("supports: [one-click-pay]\n", ""))
    write_evidence(board, "b.md", FRONT.replace("supports: [one-click-pay]\n", "challenges: [one-click-pay]\n"))
    write_evidence(board, "c.md", FRONT.replace("supports: [one-click-pay]\n", "supports: []\n"))
    found = of_rule(load(board), "orphan-evidence")
    assert [(f.file, f.line, f.severity, f.message) for f in found] == [
        (
            "evidence/a.md",
            1,
            "info",
            "evidence/a.md supports and challenges nothing: name what it speaks for (supports:) or against "
            "(challenges:)",
        ),
        (
            "evidence/c.md",
            1,
            "info",
            "evidence/c.md supports and challenges nothing: name what it speaks for (supports:) or against "
            "(challenges:)",
        ),
    ]


def test_personal_data_says_where_and_what_never_the_value(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    front = FRONT.replace("customer: buyer-7", "customer: jane.doe@example.com")
    write_evidence(
        board, "a.md", front, body="Notes.\n\nShe said: call me on +49 30 1234567.\nOn 2026-07-08, v1.2.3.\n"
    )
    state = load(board)
    found = of_rule(state, "personal-data")
    assert [(f.line, f.column, f.severity, f.message) for f in found] == [
        (
            6,
            11,
            "error",
            "an email address in 'customer' of the front matter: customers stay pseudonymous in git; remove it "
            "or write a pseudonym",
        ),
        (
            11,
            22,
            "error",
            "a phone number in the body (line 11): customers stay pseudonymous in git; remove it or write a pseudonym",
        ),
    ]
    code, out, err = run(["check", str(board), "--today", "2026-07-20", "--format", "json"], capsys)
    assert code == 1 and err == ""
    assert "jane.doe" not in out and "1234567" not in out and "example.com" not in out
    code, out, _ = run(["check", str(board), "--today", "2026-07-20"], capsys)
    assert "jane.doe" not in out and "1234567" not in out


def test_policy_discovery_is_validated_like_the_rest_of_the_policy(tmp_path: Path) -> None:
    policy = """\
policy:
  discovery:
    touchpoints: -1
    window_weeks: 0
    whole_trio: sometimes
    min_customers: 2.5
    touchpionts: 3
"""
    board = evidence_board(tmp_path / "p", BOARD + policy)
    problems = [(f.line, f.message) for f in load(board).findings if f.rule == "schema"]
    assert problems == [
        (7, "policy.discovery.touchpoints must be a whole number, 0 or more"),
        (8, "policy.discovery.window_weeks must be a whole number from 1 to 52"),
        (9, "policy.discovery.whole_trio must be true or false, not text"),
        (10, "policy.discovery.min_customers must be a whole number, 1 or more"),
        (11, "unknown key 'touchpionts' in policy.discovery (did you mean 'touchpoints'?)"),
    ]
    assert load(board).board.policy.discovery is not None


def test_an_empty_discovery_block_takes_every_default(tmp_path: Path) -> None:
    board = evidence_board(tmp_path / "d", BOARD + "policy:\n  discovery: {}\n")
    policy = load(board).board.policy.discovery
    assert policy is not None
    assert (policy.touchpoints, policy.window_weeks, policy.whole_trio, policy.min_customers) == (1, 3, True, 3)
    board2 = evidence_board(tmp_path / "n", BOARD + "policy:\n  discovery:\n")
    assert load(board2).board.policy.discovery is not None


def test_check_today_pins_the_cadence(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n, day in enumerate(("2026-07-01", "2026-07-05", "2026-07-09")):
        write_evidence(board, f"{n}.md", touchpoint(day, with_="[Ana Ruiz, Ben Ode, Chen Li]"))
    code, out, _ = run(["check", str(board), "--today", "2026-07-10", "--fail-on", "warning"], capsys)
    assert code == 0, out
    code, out, _ = run(["check", str(board), "--today", "2026-08-10", "--fail-on", "warning"], capsys)
    assert code == 1
    assert (
        "warning[no-touchpoint] checkout: 0 touchpoints in the last 3 weeks, policy asks 3; last on 2026-07-09" in out
    )
