"""Defects QA found in the Impact and Discovery edits: each test failed before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import commits, git, run


def test_a_symlink_in_evidence_does_not_stop_new_ids(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An evidence file defines no ids: one that cannot be read says nothing about which ids are taken.
    (board / "evidence").mkdir()
    os.symlink("/etc/passwd", board / "evidence" / "elsewhere.md")
    os.mkfifo(board / "evidence" / "pipe.md")
    before = commits(board)
    code, _, err = run(
        ["edit", "--board", str(board), "add-item", "brand-new", "--team", "payments", "--title", "N"], capsys
    )
    assert (code, err) == (0, "")
    assert commits(board) == before + 1
    code, _, err = run(["edit", "--board", str(board), "set", "brand-nw", "title=x"], capsys)
    assert code == 1 and "evidence/" not in err  # an unknown id is not blamed on evidence/


def test_an_assumption_on_what_is_not_an_item_is_refused_in_plain_words(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = git(board, "rev-parse", "HEAD")
    args = ["edit", "--board", str(board), "assume", "checkout-conversion", "--text", "T", "--kind", "usability"]
    code, out, err = run([*args, "--risk", "low"], capsys)
    assert (code, out) == (1, "")
    assert err == "trioboard: refused: only roadmap items have assumptions; checkout-conversion is an outcome\n"
    assert git(board, "rev-parse", "HEAD") == head


def test_a_measure_an_impact_is_said_in_is_not_removed_under_it(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit = ["edit", "--board", str(board)]
    measure = ["measure", "checkout-conversion", "--metric", "conversion", "--baseline", "62", "--target", "70"]
    assert run([*edit, *measure], capsys)[0] == 0
    for item in ("one-click-pay", "guest-checkout"):
        assert run([*edit, "impact", item, "--outcome", "checkout-conversion", "--expect", "2"], capsys)[0] == 0
    head = git(board, "rev-parse", "HEAD")
    code, out, err = run([*edit, "set", "checkout-conversion", "measure="], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "trioboard: refused: the impact of date-picker-redesign, guest-checkout, one-click-pay is said in the "
        "measure of checkout-conversion; remove it first (set date-picker-redesign impact=)\n"
    )
    assert git(board, "rev-parse", "HEAD") == head
    assert "impact-mismatch" not in run(["check", str(board)], capsys)[1]
