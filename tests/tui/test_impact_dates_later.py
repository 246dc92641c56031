"""The board is shown before git is asked when its items became done (SPEC 10); the findings follow.

Dating can take git seconds on a long history; the first paint must not
wait for it. Here git's answer is held back until the board is on screen.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from trioboard.core.model import Board
from trioboard.tui.app import TrioboardApp
from trioboard.workspace import dating

from helpers import commit_all, git, write_board
from helpers.tui import loaded, until

BOARD = "name: Acme\ngoals:\n  - id: grow\n    title: Grow\n"
TEAM = (
    "id: t\nname: Team\ntrio: {{product: Ana, design: Ben, engineering: Chen}}\n"
    "outcomes:\n  - id: conv\n    title: Raise conversion\n    goals: [grow]\n"
    "    measure:\n      metric: conversion\n      baseline: 62\n      target: 70\n      current: 63\n"
    "      as_of: 2026-05-30\n"
    "roadmap:\n  - id: pay\n    title: One-click pay\n    outcomes: [conv]\n    status: {status}\n"
    "    impact:\n      outcome: conv\n      expect: 3\n"
)
UNREVIEWED = (
    "item pay has been done since 2026-03-01 (92 days) and its impact has no actual value "
    "(policy: review within 45 days)"
)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """Item `pay` became done on 2026-03-01 and its impact was never reviewed."""
    root = write_board(tmp_path / "b", BOARD, {"t": TEAM.format(status="in-progress")})
    git(root, "init", "-q")
    commit_all(root, "Create the board", day="2026-01-10")
    (root / "teams" / "t.yaml").write_text(TEAM.format(status="done"))
    commit_all(root, "Ship pay", day="2026-03-01")
    return root


def _listed(app: TrioboardApp) -> list[str]:
    listing = app.query_one("#findings-list", OptionList)
    return [str(getattr(option.prompt, "plain", option.prompt)) for option in listing.options]


async def test_the_board_is_shown_before_the_dates_and_their_findings_follow(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = threading.Event()
    asked = threading.Event()
    real = dating.with_dates

    def held_back(root: Path, board: Board, rev: str = "HEAD") -> Board:
        asked.set()
        assert answer.wait(20), "the test never let git answer"
        return real(root, board, rev)

    monkeypatch.setattr(dating, "with_dates", held_back)
    app = TrioboardApp(board, watch=False, today=date(2026, 6, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await loaded(app, pilot, timeout=5)
            await until(pilot, asked.is_set, what="the dates to be asked for")
            assert app.state is not None
            assert [f.rule for f in app.state.findings] == []
            app.query_one("#tabs").active = "findings"  # type: ignore[attr-defined]
            await pilot.pause()
            assert not any("pay" in line for line in _listed(app))
        finally:
            answer.set()
        await until(pilot, lambda: any(UNREVIEWED in line for line in _listed(app)), what="the dated finding")
        assert app.state is not None
        assert [(f.rule, f.line) for f in app.state.findings] == [("impact-unreviewed", 20)]
