"""A team "blocked" only for want of clarity is said to have no clarity: in `check`, `diff` and `log`."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import commit_all, git, run, write_board

BOARD = "name: Acme\ngoals:\n  - id: grow\n    title: Grow revenue\n"
TRIO = "trio: {product: A, design: B, engineering: C}\n"


def team(goals: str) -> str:
    return (
        f"id: checkout\nname: Checkout\n{TRIO}outcomes:\n  - id: conversion\n    title: Raise conversion\n"
        f"    goals: {goals}\nroadmap:\n  - id: one-click\n    title: One-click pay\n"
        "    outcomes: [conversion]\n    horizon: now\n"
    )


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Checkout serves a goal; one commit later its outcome serves none: it has no clarity."""
    board = write_board(tmp_path / "acme", BOARD, {"checkout": team("[grow]")})
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "Start")
    write_board(board, BOARD, {"checkout": team("[]")})
    commit_all(tmp_path, "Unlink the outcome")
    monkeypatch.chdir(tmp_path)
    return board


def test_check_says_no_clarity_not_blocked(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", str(history)], capsys)
    line = next(line for line in out.splitlines() if "[blocked-team]" in line)
    assert line.endswith(
        "team checkout has no clarity: its outcome serves no goal and its active item has no strategy link"
    )
    # The summary line does not call it blocked either.
    assert out.splitlines()[-1].endswith("; no blocked teams; no clarity: checkout")
    assert "is blocked" not in line


def test_diff_text_and_markdown_say_no_clarity(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, text, _ = run(["diff", "HEAD~1", "HEAD", "--board", str(history)], capsys)
    assert "◌ team checkout has no clarity: its outcome serves no goal" in text
    assert "team checkout became blocked" not in text
    _, markdown, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown", "--board", str(history)], capsys)
    assert "1 team has no clarity (`checkout`)" in markdown
    assert "becomes blocked" not in markdown
    _, log, _ = run(["log", "-n", "1", "--board", str(history)], capsys)
    assert "checkout has no clarity" in log and "checkout became blocked" not in log
