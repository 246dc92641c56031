"""Alignment, blocked chains, clarity and coverage (SPEC section 3)."""

from __future__ import annotations

from collections.abc import Callable

from trioboard.core.results import BoardState

Load = Callable[..., BoardState]

BOARD = "name: Acme\ngoals:\n  - id: grow\n    title: Grow\n"
TRIO = "trio: {product: A, design: B, engineering: C}\n"

CHECKOUT = f"""\
id: checkout
name: Checkout
{TRIO}outcomes:
  - id: conversion
    title: Raise conversion
    goals: [grow]
roadmap:
  - id: one-click-pay
    title: One-click pay
    outcomes: [conversion]
    horizon: now
    depends_on: [tokenize-cards]
  - id: saved-carts
    title: Saved carts
    outcomes: [conversion]
    horizon: later
"""

PAYMENTS = f"""\
id: payments
name: Payments
{TRIO}outcomes:
  - id: reliability
    title: Reliable payments
    goals: [grow]
roadmap:
  - id: tokenize-cards
    title: Tokenise cards
    outcomes: [reliability]
    horizon: now
    depends_on: [pci-scope]
  - id: pci-scope
    title: Agree the PCI scope
    outcomes: [reliability]
    horizon: now
    blocked: PCI audit
"""


def test_chain_names_every_hop_and_team_down_to_the_root(load_board: Load) -> None:
    state = load_board(BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})
    chains = state.analysis.blocked["one-click-pay"]
    assert [c.describe(state.analysis.team_of) for c in chains] == [
        'one-click-pay ← tokenize-cards (payments) ← pci-scope (payments) ← blocked: "PCI audit"'
    ]
    assert "saved-carts" not in state.analysis.blocked


def test_a_team_is_blocked_by_another_teams_item_and_names_it(load_board: Load) -> None:
    state = load_board(BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})
    reasons = state.analysis.team_blocks["checkout"]
    assert [r.kind for r in reasons] == ["now-item"]
    assert reasons[0].item == "one-click-pay"
    assert reasons[0].chains[0].cause.team == "payments"
    finding = next(f for f in state.findings if f.rule == "blocked-team" and f.ids[0] == "checkout")
    assert finding.ids == ("checkout", "pci-scope")
    assert 'pci-scope (payments) ← blocked: "PCI audit"' in finding.message


def test_a_done_dependency_blocks_nothing(load_board: Load) -> None:
    payments = PAYMENTS.replace("    horizon: now\n    depends_on: [pci-scope]", "    status: done")
    state = load_board(BOARD, {"checkout": CHECKOUT, "payments": payments})
    assert "one-click-pay" not in state.analysis.blocked
    assert "checkout" not in state.analysis.team_blocks


def test_dropped_and_missing_dependencies_are_root_causes(load_board: Load) -> None:
    payments = PAYMENTS.replace("    blocked: PCI audit\n", "    status: dropped\n")
    checkout = CHECKOUT.replace("depends_on: [tokenize-cards]", "depends_on: [tokenize-cards, ghost]")
    state = load_board(BOARD, {"checkout": checkout, "payments": payments})
    described = [c.describe(state.analysis.team_of) for c in state.analysis.blocked["one-click-pay"]]
    assert described == [
        "one-click-pay ← tokenize-cards (payments) ← pci-scope (payments) ← dropped",
        "one-click-pay ← ghost ← no such item",
    ]


def test_every_member_of_a_cycle_and_its_dependents_are_blocked(load_board: Load) -> None:
    team = f"""\
id: alpha
name: Alpha
{TRIO}outcomes:
  - id: o
    title: O
    goals: [grow]
roadmap:
  - id: a
    title: A
    outcomes: [o]
    depends_on: [b]
  - id: b
    title: B
    outcomes: [o]
    depends_on: [c]
  - id: c
    title: C
    outcomes: [o]
    depends_on: [a]
  - id: waiting
    title: Waits on the cycle
    outcomes: [o]
    depends_on: [c]
"""
    state = load_board(BOARD, {"alpha": team})
    assert state.analysis.cycles == [["a", "b", "c", "a"]]
    assert set(state.analysis.blocked) == {"a", "b", "c", "waiting"}
    assert [c.describe(state.analysis.team_of) for c in state.analysis.blocked["waiting"]] == [
        "waiting ← c (alpha) ← in a dependency cycle: a → b → c → a"
    ]


def test_no_clarity_but_work_for_other_teams_outcomes_is_clarity(load_board: Load) -> None:
    platform = f"""\
id: platform
name: Platform
{TRIO}roadmap:
  - id: availability
    title: Availability service
    outcomes: [conversion]
"""
    lost = f"""\
id: lost
name: Lost
{TRIO}outcomes:
  - id: vague
    title: Be better
roadmap:
  - id: stuff
    title: Stuff
    outcomes: [vague]
"""
    idle = f"id: idle\nname: Idle\n{TRIO}"
    state = load_board(
        BOARD,
        {
            "checkout": CHECKOUT.replace("[tokenize-cards]", "[]"),
            "platform": platform,
            "lost": lost,
            "idle": idle,
        },
    )
    blocks = state.analysis.team_blocks
    assert "platform" not in blocks
    assert "checkout" not in blocks
    assert [r.text for r in blocks["lost"]] == [
        "no clarity: its outcome serves no goal and its active item has no strategy link"
    ]
    assert [r.text for r in blocks["idle"]] == ["no clarity: it has no outcomes and no active items"]


def test_coverage_per_team_and_board(load_board: Load) -> None:
    checkout = CHECKOUT + "  - id: loose\n    title: Loose\n  - id: gone\n    title: Gone\n    status: dropped\n"
    state = load_board(BOARD, {"checkout": checkout, "payments": PAYMENTS})
    cov = state.analysis.coverage
    assert (cov["checkout"].aligned, cov["checkout"].active) == (2, 3)
    assert cov["payments"].ratio == 1.0
    assert state.analysis.board_coverage.ratio == 4 / 5


def test_no_active_items_means_no_coverage(load_board: Load) -> None:
    state = load_board(BOARD, {"alpha": f"id: alpha\nname: A\n{TRIO}"})
    assert state.analysis.coverage["alpha"].ratio is None
    assert state.analysis.board_coverage.ratio is None


def test_dropped_items_take_part_only_in_structural_rules(load_board: Load) -> None:
    team = f"""\
id: alpha
name: Alpha
{TRIO}roadmap:
  - id: old
    title: Old
    status: dropped
    horizon: now
    blocked: nobody cares
    depends_on: [old, ghost]
"""
    state = load_board(BOARD + "policy: {wip_limit: 0}\n", {"alpha": team})
    rules = sorted({f.rule for f in state.findings if "old" in f.ids})
    assert rules == ["unknown-ref"]


def test_a_long_chain_is_shortened_in_the_middle(load_board: Load) -> None:
    items = (
        "".join(f"  - id: s{n}\n    title: Step {n}\n    depends_on: [s{n + 1}]\n" for n in range(20))
        + "  - id: s20\n    title: Last\n    blocked: vendor\n"
    )
    state = load_board(BOARD, {"alpha": f"id: alpha\nname: A\n{TRIO}roadmap:\n{items}"})
    text = state.analysis.blocked["s0"][0].describe(state.analysis.team_of)
    assert text == (
        "s0 ← s1 (alpha) ← s2 (alpha) ← s3 (alpha) ← s4 (alpha) ← s5 (alpha) ← … 14 more … "
        '← s20 (alpha) ← blocked: "vendor"'
    )
