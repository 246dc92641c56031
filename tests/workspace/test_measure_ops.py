"""The measure edits as the TUI calls them through the Workspace: results, refusals at a field, file styles, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.store.merge import merge_text
from trioboard.workspace import Workspace

from helpers import git
from helpers.measures import CHECKOUT, handwritten_board, measured_board


@pytest.fixture
def handwritten(tmp_path: Path) -> Path:
    return handwritten_board(tmp_path)


def test_a_measure_and_a_check_in_in_a_crlf_file_with_its_own_indentation(handwritten: Path) -> None:
    space = Workspace(handwritten)
    made = space.edit(E.SetMeasure("uptime", "uptime", "99.9", "99.95", unit="%", direction="stay-above"))
    assert made.message == "Measure uptime: uptime from 99.9% to 99.95%"
    checked = space.edit(E.CheckIn("uptime", "99.97", "0.8", "2026-07-01", note="Quiet month"))
    assert checked.message == "Check in uptime: 99.97% (baseline 99.9, target 99.95), confidence 0.8"
    raw = (handwritten / "teams" / "ops.yaml").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # still CRLF throughout
    assert (
        b"  goals:\r\n  - keep\r\n  measure:\r\n      metric: uptime\r\n      unit: '%'\r\n"
        b"      direction: stay-above\r\n      baseline: 99.9\r\n      target: 99.95\r\n"
        b"      current: 99.97\r\n      as_of: 2026-07-01\r\n      confidence: 0.8\r\nroadmap:\r\n"
    ) in raw
    assert git(handwritten, "log", "-1", "--format=%b").startswith("Note: Quiet month\n")
    state = space.state()
    assert not [p for f in state.board.problems for p in f.problems]


@pytest.mark.parametrize(
    ("op", "field"),
    [
        (E.CheckIn("checkout-conversion", "lots"), "current"),
        (E.CheckIn("checkout-conversion", "64", confidence="high"), "confidence"),
        (E.CheckIn("checkout-conversion", "64", as_of="July"), "as_of"),
        (E.CheckIn("checkout-conversion", "64", note="\x1b[31mred"), "note"),
        (E.SetMeasure("fewer-abandoned", "", "1", "2"), "metric"),
        (E.SetMeasure("fewer-abandoned", "m", "1", "1"), "target"),
        (E.SetMeasure("fewer-abandoned", "m", "1", "2", direction="up"), "direction"),
        (E.SetImpact("one-click-pay", "fewer-abandoned", "2"), "outcome"),
        (E.SetImpact("one-click-pay", "nowhere", "2"), "outcome"),
        (E.SetImpact("one-click-pay", "checkout-conversion", "two"), "expect"),
        (E.SetFields("checkout-conversion", (("measure.current", "x"),)), "measure.current"),
    ],
)
def test_a_refusal_names_the_field_a_form_shows_it_at(tmp_path: Path, op: E.Operation, field: str) -> None:
    board = measured_board(tmp_path / "board")
    with pytest.raises(E.Refused) as refused:
        Workspace(board).edit(op)
    assert refused.value.field == field
    assert git(board, "rev-list", "--count", "HEAD").strip() == "1"


def test_a_check_in_is_undone_by_a_new_commit(tmp_path: Path) -> None:
    board = measured_board(tmp_path / "board")
    space = Workspace(board)
    space.edit(E.CheckIn("checkout-conversion", "64.5", "0.6", "2026-07-01"))
    undone = space.undo()
    assert (
        undone.message == "Undo: Check in checkout-conversion: 64.5% (baseline 62, target 70), confidence 0.6 (was 0.7)"
    )
    assert (board / "teams" / "checkout.yaml").read_text() == CHECKOUT


def test_a_measure_removed_on_one_side_and_checked_in_on_the_other_is_a_conflict() -> None:
    start = CHECKOUT.index("    measure:\n")
    end = CHECKOUT.index("  - id: fewer-abandoned")
    removed = CHECKOUT[:start] + CHECKOUT[end:]
    checked = CHECKOUT.replace("current: 63", "current: 64")
    result = merge_text(CHECKOUT.encode(), removed.encode(), checked.encode(), "teams/checkout.yaml")
    assert [(c.node, c.field, c.ours) for c in result.conflicts] == [("checkout-conversion", "measure", "(removed)")]
    assert result.conflicts[0].theirs.startswith("{metric: checkout conversion, unit: %")
