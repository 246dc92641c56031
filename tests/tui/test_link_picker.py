"""Issue 17, small traps: the link picker lists the item's own team's outcomes first and marks
the outcomes that serve no goal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Picker

from helpers import commits, subjects
from helpers.tui import loaded, until


async def test_the_link_picker_puts_the_own_team_first_and_marks_outcomes_serving_no_goal(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.go_to("metrics-layer")  # an insights item serving self-serve-dashboards
        await pilot.pause()
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, Picker), what="the link picker")
        listing = app.screen.query_one(OptionList)
        shown = [listing.get_option_at_index(n) for n in range(listing.option_count)]
        labels = {str(o.id): str(o.prompt) for o in shown}
        # Insights' other outcome first (it was listed after checkout's, payments'…).
        assert shown[0].id == "experiment-velocity"
        assert labels["experiment-velocity"].endswith("⚠ serves no goal")
        assert "serves no goal" not in labels["checkout-conversion"]
        assert "serves no goal" not in labels["experiment-platform"], "items are not outcomes"
        # Enter takes the first: the link is made, as before.
        before = commits(board)
        await pilot.press("enter")
        await until(pilot, lambda: commits(board) == before + 1, what="the link's commit")
        assert subjects(board, 1) == ["Link metrics-layer to experiment-velocity"]
