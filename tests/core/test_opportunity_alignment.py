"""Alignment through opportunities (SPEC 11 → 3): item → opportunity (→ parent …) → outcome → goal.

Each link of the chain is broken in turn and the unlinked item's reason
names where; a `parent` loop is a `schema` finding; a board's findings do
not change when opportunities that tie nothing are added to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.analysis import analyse
from trioboard.core.model import Opportunity, Pos
from trioboard.core.results import BoardState
from trioboard.core.rules import run_rules

from helpers import DEMO, REAL_BOARDS

Load = Callable[..., BoardState]

BOARD = "name: Acme\ngoals:\n  - id: grow\n    title: Grow revenue\n"
OUTCOMES = """\
outcomes:
  - id: checkout-conversion
    title: Raise checkout conversion
    goals: [grow]
  - id: adrift
    title: Serves no goal
"""


def _team(opportunities: str, roadmap: str) -> str:
    return f"id: checkout\nname: Checkout\n{OUTCOMES}opportunities:\n{opportunities}roadmap:\n{roadmap}"


def _opp(opp_id: str, *lines: str) -> str:
    return f"  - id: {opp_id}\n    title: {opp_id}\n" + "".join(f"    {line}\n" for line in lines)


def _item(item_id: str, *lines: str) -> str:
    return f"  - id: {item_id}\n    title: {item_id}\n" + "".join(f"    {line}\n" for line in lines)


def _reasons(state: BoardState) -> dict[str, str]:
    return {f.ids[0]: f.message for f in state.findings if f.rule == "unlinked-item"}


def test_an_item_that_answers_an_opportunity_serving_a_served_outcome_is_aligned(load_board: Load) -> None:
    state = load_board(
        BOARD,
        {
            "checkout": _team(
                _opp("card-reentry", "outcomes: [checkout-conversion]"),
                _item("one-click-pay", "opportunities: [card-reentry]"),
            )
        },
    )
    assert "one-click-pay" in state.analysis.aligned
    assert _reasons(state) == {}
    assert state.analysis.board_coverage.aligned == 1


def test_a_child_opportunity_serves_what_its_parent_serves(load_board: Load) -> None:
    state = load_board(
        BOARD,
        {
            "checkout": _team(
                _opp("mobile-friction", "outcomes: [checkout-conversion]")
                + _opp("card-reentry", "parent: mobile-friction")
                + _opp("autofill", "parent: card-reentry", "outcomes: [adrift]"),
                _item("one-click-pay", "opportunities: [autofill]"),
            )
        },
    )
    a = state.analysis
    assert "one-click-pay" in a.aligned
    assert a.opportunities.outcomes == {
        "mobile-friction": ["checkout-conversion"],
        "card-reentry": ["checkout-conversion"],
        "autofill": ["adrift", "checkout-conversion"],
    }
    assert a.opportunities.goals["autofill"] == ["grow"]
    assert a.opportunities.children == {"mobile-friction": ["card-reentry"], "card-reentry": ["autofill"]}
    assert a.opportunities.by_outcome == {"checkout-conversion": ["mobile-friction"], "adrift": ["autofill"]}
    assert a.opportunity_items == {"autofill": ["one-click-pay"]}
    assert a.team_of["autofill"] == "checkout"


@pytest.mark.parametrize(
    ("opportunities", "links", "reason"),
    [
        ("", "opportunities: [ghost]", "it links to ghost, which does not exist"),
        ("", "opportunities: [adrift]", "it links to adrift, which is not an opportunity"),
        (_opp("card-reentry"), "opportunities: [card-reentry]", "it answers card-reentry, which serves no outcome"),
        (
            _opp("mobile-friction") + _opp("card-reentry", "parent: mobile-friction"),
            "opportunities: [card-reentry]",
            "it answers card-reentry, which serves no outcome, nor does its parent mobile-friction",
        ),
        (
            _opp("top") + _opp("mobile-friction", "parent: top") + _opp("card-reentry", "parent: mobile-friction"),
            "opportunities: [card-reentry]",
            "it answers card-reentry, which serves no outcome, nor do its parents mobile-friction, top",
        ),
        (
            _opp("card-reentry", "outcomes: [adrift]"),
            "opportunities: [card-reentry]",
            "it answers card-reentry, which serves adrift, which serves no goal",
        ),
        (
            _opp("mobile-friction", "outcomes: [adrift]") + _opp("card-reentry", "parent: mobile-friction"),
            "opportunities: [card-reentry]",
            "it answers card-reentry, which serves adrift, which serves no goal",
        ),
        (
            _opp("card-reentry", "outcomes: [ghost]"),
            "opportunities: [card-reentry]",
            "it answers card-reentry, which links to ghost, which does not exist",
        ),
        (
            _opp("card-reentry", "outcomes: [grow]"),
            "opportunities: [card-reentry]",
            "it answers card-reentry, which links to grow, which is not an outcome",
        ),
        (
            _opp("card-reentry"),
            "outcomes: [adrift]\n    opportunities: [card-reentry, ghost]",
            "its outcome adrift serves no goal; it links to ghost, which does not exist; "
            "it answers card-reentry, which serves no outcome",
        ),
    ],
    ids=[
        "missing-opportunity",
        "not-an-opportunity",
        "opportunity-serves-no-outcome",
        "nor-its-parent",
        "nor-its-parents",
        "outcome-serves-no-goal",
        "inherited-outcome-serves-no-goal",
        "opportunity-names-a-missing-outcome",
        "opportunity-names-a-goal",
        "every-link-broken",
    ],
)
def test_the_reason_names_where_the_chain_breaks(load_board: Load, opportunities: str, links: str, reason: str) -> None:
    state = load_board(BOARD, {"checkout": _team(opportunities or "  []\n", _item("one-click-pay", links))})
    assert _reasons(state) == {"one-click-pay": f"one-click-pay has no strategy link: {reason}"}
    assert "one-click-pay" not in state.analysis.aligned


def test_a_parent_loop_is_a_schema_finding_naming_the_loop(load_board: Load) -> None:
    state = load_board(
        BOARD,
        {
            "checkout": _team(
                _opp("b", "parent: c")
                + _opp("a", "parent: b", "outcomes: [checkout-conversion]")
                + _opp("c", "parent: a"),
                _item("one-click-pay", "opportunities: [c]"),
            )
        },
    )
    (finding,) = [f for f in state.findings if f.rule == "schema"]
    assert (finding.line, finding.column, finding.severity.value) == (12, 13, "error")
    assert finding.message == "the parents of opportunity b form a loop: b → c → a → b"
    assert finding.ids == ("b", "c", "a")
    assert not [f for f in state.findings if f.rule == "dependency-cycle"]
    assert state.analysis.opportunities.loops == [["b", "c", "a", "b"]]
    # Each member of the loop serves what any of them serves.
    assert "one-click-pay" in state.analysis.aligned


def test_a_parent_in_another_team_counts_and_a_loop_across_teams_is_found(load_board: Load) -> None:
    payments = "id: payments\nname: Payments\nopportunities:\n" + _opp("stored-cards", "parent: card-reentry")
    state = load_board(
        BOARD,
        {
            "checkout": _team(
                _opp("card-reentry", "parent: stored-cards", "outcomes: [checkout-conversion]"),
                _item("one-click-pay", "opportunities: [stored-cards]"),
            ),
            "payments": payments,
        },
    )
    assert "one-click-pay" in state.analysis.aligned
    (finding,) = [f for f in state.findings if f.rule == "schema"]
    assert (finding.file, finding.line) == ("teams/checkout.yaml", 12)
    assert (
        finding.message
        == "the parents of opportunity card-reentry form a loop: card-reentry → stored-cards → card-reentry"
    )


def test_an_opportunity_id_shares_the_namespace(load_board: Load) -> None:
    state = load_board(
        BOARD,
        {
            "checkout": _team(
                _opp("checkout-conversion"), _item("one-click-pay", "opportunities: [checkout-conversion]")
            )
        },
    )
    (dup,) = [f for f in state.findings if f.rule == "duplicate-id"]
    assert (
        dup.message
        == "id checkout-conversion is defined twice: this opportunity and the outcome at teams/checkout.yaml:4"
    )
    assert dup.line == 10


# -- boards without opportunities keep their findings -------------------------------------------------


def _boards() -> list[Path]:
    real = sorted(p for p in REAL_BOARDS.glob("*") if (p / "board.yaml").is_file())
    return [DEMO, *real]


@pytest.mark.parametrize("root", _boards(), ids=lambda p: p.name)
def test_opportunities_that_tie_nothing_change_no_finding(root: Path) -> None:
    """An opportunity per team that serves nothing and that nothing answers leaves every finding as it was."""
    state = workspace.load(root)
    board = state.board
    teams = [
        dataclasses.replace(
            team, opportunities=[Opportunity(f"zz-idle-{team.id}"[:60], "Idle", team.id, Pos(team.pos.file, 10**6, 1))]
        )
        for team in board.teams
    ]
    padded = dataclasses.replace(board, teams=teams)
    analysis = analyse(padded)
    assert run_rules(padded, analysis) == state.findings
    assert analysis.unlinked == state.analysis.unlinked
    assert analysis.aligned == state.analysis.aligned
    assert analysis.team_blocks == state.analysis.team_blocks
