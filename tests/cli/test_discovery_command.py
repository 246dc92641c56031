"""`trioboard discovery`: goldens for each format at a fixed today, and what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import golden, run, write_board
from helpers.evidence import DISCOVERY_BOARD, write_evidence

CHECKOUT = """\
id: checkout
name: Checkout
trio:
  product: Ana Ruiz
  design: Ben Ode
  engineering: Chen Li
outcomes:
  - id: conversion
    title: Raise conversion
    goals: [grow]
opportunities:
  - id: card-reentry
    title: Buyers re-type card details | on mobile
    outcomes: [conversion]
  - id: slow-page
    title: The payment page is slow
    outcomes: [conversion]
    status: parked
roadmap:
  - id: one-click-pay
    title: One-click pay
    outcomes: [conversion]
    opportunities: [card-reentry]
    horizon: now
    assumptions:
      - text: Buyers trust us with their card
        kind: desirability
        risk: high
      - text: The vault answers in time
        kind: feasibility
        risk: medium
        result: supported
"""

PAYMENTS = """\
id: payments
name: Payments
trio:
  product: Dana Ortiz
  engineering: Eli Park
outcomes:
  - id: fewer-declines
    title: Fewer declined cards
    goals: [grow]
roadmap:
  - id: retry-declines
    title: Retry soft declines
    outcomes: [fewer-declines]
"""

TOUCHPOINTS = [
    ("2026-04-01", "checkout", "buyer-1", "[Ana Ruiz, Ben Ode, Chen Li]", "[card-reentry]", "[]"),
    ("2026-06-29", "checkout", "buyer-2", "[Ana Ruiz, Ben Ode]", "[card-reentry]", "[]"),
    ("2026-07-06", "checkout", "buyer-2", "[Ana Ruiz]", "[card-reentry]", "[slow-page]"),
    ("2026-07-14", "checkout", "buyer-3", "[Ana Ruiz, Ben Ode]", "[one-click-pay]", "[]"),
    ("2026-07-15", "checkout", "buyer-4", "[Ana Ruiz, Ben Ode]", "[card-reentry]", "[]"),
    ("2026-07-19", "payments", "shop-9", "[Dana Ortiz, Eli Park]", "[retry-declines]", "[]"),
    ("2026-08-01", "payments", "shop-9", "[Dana Ortiz]", "[retry-declines]", "[]"),  # after today
]


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = write_board(tmp_path / "b", DISCOVERY_BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})
    for n, (day, team, customer, with_, supports, challenges) in enumerate(TOUCHPOINTS):
        front = (
            f"date: {day}\nteam: {team}\nkind: interview\nwith: {with_}\ncustomer: {customer}\n"
            f"supports: {supports}\nchallenges: {challenges}\n"
        )
        write_evidence(root, f"{day[:7]}/{n}-{team}.md", front)
    return root


def _discovery(board: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(["discovery", "--board", str(board), "--today", "2026-07-20", *args], capsys)
    assert (code, err) == (0, "")
    return out


@pytest.mark.parametrize(
    ("fmt", "name"), [("text", "discovery.txt"), ("markdown", "discovery.md"), ("json", "discovery.json")]
)
def test_each_format_is_its_golden(board: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str) -> None:
    golden(name, _discovery(board, capsys, "--format", fmt))


def test_the_json_counts_weeks_customers_and_the_trio(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_discovery(board, capsys, "--format", "json"))
    checkout, payments = data["teams"]
    assert checkout["weeks"] == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 2]
    assert (checkout["touchpoints"], checkout["customers"], checkout["last"]) == (4, 3, "2026-07-15")
    assert [p["took_part"] for p in checkout["trio"]] == [True, True, False]
    assert (checkout["in_window"], checkout["asked"], checkout["absent"], checkout["flagged"]) == (
        3,
        3,
        ["engineering"],
        True,
    )
    assert (payments["touchpoints"], payments["last"], payments["flagged"]) == (1, "2026-07-19", True)
    reentry = next(o for o in data["opportunities"] if o["id"] == "card-reentry")
    assert (reentry["supporting"], reentry["customers"], reentry["unevidenced"]) == (4, 3, False)
    slow = next(o for o in data["opportunities"] if o["id"] == "slow-page")
    assert (slow["challenging"], slow["wanted"], slow["unevidenced"]) == (1, None, False)
    assert data["assumptions"]["checkout"]["untested"] == 1 and data["assumptions"]["checkout"]["supported"] == 1


def test_weeks_and_team_narrow_it(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_discovery(board, capsys, "--format", "json", "--weeks", "2", "--team", "payments"))
    assert [t["id"] for t in data["teams"]] == ["payments"]
    assert data["teams"][0]["weeks"] == [0, 1] and data["opportunities"] == []


def test_bad_arguments_cannot_run(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["discovery", "--board", str(board), "--team", "nobody"], capsys)
    assert (code, out, err) == (2, "", "trioboard: error: no team 'nobody' on this board\n")
    code, _, err = run(["discovery", "--board", str(board), "--weeks", "0"], capsys)
    assert code == 2 and "a whole number of 1 or more" in err
    code, _, err = run(["discovery", "--board", str(board), "--format", "csv"], capsys)
    assert code == 2 and "invalid choice" in err
