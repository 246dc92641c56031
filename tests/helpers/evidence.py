"""A small board with a checkout team, and evidence files written beside it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from trioboard.core.findings import Finding
from trioboard.core.results import BoardState

from helpers import write_board

BOARD = """\
name: Acme
goals:
  - id: grow
    title: Grow
"""

DISCOVERY_BOARD = (
    BOARD
    + """\
policy:
  discovery:
    touchpoints: 1
    window_weeks: 3
    whole_trio: true
    min_customers: 2
"""
)

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
roadmap:
  - id: one-click-pay
    title: One-click pay
    outcomes: [conversion]
"""

FRONT = """\
date: 2026-07-08
team: checkout
kind: interview
with: [Ana Ruiz, Ben Ode]
customer: buyer-7
supports: [one-click-pay]
"""


def evidence_board(root: Path, board: str = BOARD, teams: dict[str, str] | None = None) -> Path:
    """A board with the checkout team (or `teams`) and no evidence yet."""
    return write_board(root, board, {"checkout": CHECKOUT} if teams is None else teams)


def write_evidence(board: Path, name: str, front: str = FRONT, body: str = "What we heard.\n") -> Path:
    """`evidence/<name>` with `front` (dedented) between the --- lines, then `body`."""
    path = board / "evidence" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{textwrap.dedent(front)}---\n{body}", encoding="utf-8")
    return path


def about(state: BoardState, file: str) -> list[tuple[str, int, str]]:
    """(rule, line, message) of each finding in `file`."""
    return [(f.rule, f.line, f.message) for f in state.findings if f.file == file]


def of_rule(state: BoardState, rule: str) -> list[Finding]:
    """The findings of one rule."""
    return [f for f in state.findings if f.rule == rule]
