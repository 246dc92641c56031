"""A board that does discovery, for the TUI's Discovery tests: opportunities, assumptions, evidence, a policy.

Judged at a fixed today (`TODAY`, see `fixed_today`), so the cadence and
the snapshots read the same on every day the tests run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import commit_all, git, write_board
from helpers.evidence import CHECKOUT as EVIDENCE_CHECKOUT
from helpers.evidence import DISCOVERY_BOARD, write_evidence

TODAY = dt.date(2026, 7, 10)
"""The day the board is judged at."""

BOARD = DISCOVERY_BOARD
"""One goal, and a discovery policy: a touchpoint a week over 3 weeks, the whole trio, 2 customers."""

CHECKOUT = (
    EVIDENCE_CHECKOUT.partition("roadmap:")[0]
    + """\
opportunities:
  - id: mobile-friction
    title: Buying on a phone is a chore
    outcomes: [conversion]
  - id: card-reentry
    title: "[bold]Returning[/] buyers re-type card details"
    parent: mobile-friction
  - id: slow-search
    title: Buyers cannot find the size they want
    status: parked
roadmap:
  - id: one-click-pay
    title: One-click pay
    horizon: now
    opportunities: [card-reentry]
    assumptions:
      - text: Buyers trust us to store their card
        kind: desirability
        risk: high
        test: Fake door for 5% of mobile buyers
        result: untested
      - text: The bank lets us keep a token
        kind: feasibility
        risk: medium
        result: refuted
  - id: saved-addresses
    title: Saved addresses
    horizon: next
    outcomes: [conversion]
"""
)

SEARCH = """\
id: search
name: Search
trio:
  product: Dee Park
outcomes:
  - id: findability
    title: Find it first time
    goals: [grow]
roadmap:
  - id: facets
    title: Facets
    outcomes: [findability]
"""

INTERVIEW = """\
date: 2026-07-08
team: checkout
kind: interview
with: [Ana Ruiz, Ben Ode]
customer: buyer-7
segment: smb
supports: [card-reentry]
"""

SUPPORT_CALL = """\
date: 2026-06-30
team: checkout
kind: support
with: [Ana Ruiz]
customer: buyer-9
challenges: [card-reentry]
"""


class FixedDate(dt.date):
    """`date` whose today is `TODAY`."""

    @classmethod
    def today(cls) -> FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Judge every board read from now on at `TODAY`."""
    monkeypatch.setattr("trioboard.core.analysis.date", FixedDate)


def discovery_board(root: Path, *, body: str = "She said: “I gave up at the card form.” [red]not markup[/]\n") -> Path:
    """The board above, with two touchpoints, committed in a fresh repository."""
    board = write_board(root / "acme", BOARD, {"checkout": CHECKOUT, "search": SEARCH})
    write_evidence(board, "2026-07-08-checkout-buyer-7.md", INTERVIEW, body)
    write_evidence(board, "2026/2026-06-30-checkout-buyer-9.md", SUPPORT_CALL, "Called about the card form.\n")
    git(board, "init", "-q")
    commit_all(board, "A board that does discovery")
    return board
