"""Hover keeps a user's text inert, whatever it holds (a defect QA found: each test failed before its fix)."""

from __future__ import annotations

from pathlib import Path

from trioboard import workspace
from trioboard.lsp.hover import hover_text

from helpers import write_board
from helpers.lsp import BOARD, PAYMENTS

CHECKOUT = """\
id: checkout
name: Checkout
outcomes:
  - id: checkout-conversion
    title: "Raise `conversion` <img src=x onerror=alert(1)> [site](javascript:alert(1)) *now*"
    goals: [grow-revenue]
    measure:
      metric: "`rate` [x](javascript:alert(1))"
      unit: "`%`"
      baseline: 62
      target: 70
"""


def test_a_title_metric_or_unit_with_a_backtick_is_still_shown_as_code(tmp_path: Path) -> None:
    state = workspace.load(write_board(tmp_path / "b", BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS}))
    text = hover_text("checkout-conversion", state.analysis)
    assert text is not None
    lines = text.splitlines()
    assert "`Raise 'conversion' <img src=x onerror=alert(1)> [site](javascript:alert(1)) *now*`" in lines
    assert "- measure `'rate' [x](javascript:alert(1))` (increase): · not measured yet" in lines
    assert lines[-1] == "- baseline 62, target 70 `'%'`"
