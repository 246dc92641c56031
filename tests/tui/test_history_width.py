"""History at 80 columns: the summary has the width, and an undo or a redo says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from trioboard.core.edits import SetFields
from trioboard.tui.app import TrioboardApp
from trioboard.workspace import Workspace

from helpers.tui import SIZES, loaded, until


@pytest.mark.parametrize("size", SIZES)
async def test_history_gives_the_summary_the_width_and_names_undo_and_redo(board: Path, size: tuple[int, int]) -> None:
    workspace = Workspace(board)
    edit = workspace.edit(SetFields("dark-mode", (("owner", "Noor Haddad"),)))
    undo = workspace.undo(edit.sha)
    workspace.undo(undo.sha, redo=True)
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.press("5")
        listing = app.query_one("#history-list", OptionList)
        await until(pilot, lambda: listing.option_count >= 5, what="the commits")
        await pilot.pause()
        rows = [listing.render_line(n).text.strip() for n in range(listing.size.height)]
        redo_row = next(r for r in rows if "redo of" in r)
        undo_row = next(r for r in rows if "undo of" in r)
        assert "redo of Set owner of item dark-mode" in redo_row
        assert "undo of Set owner of item dark-mode" in undo_row
        # The summary of a plain commit is readable, not cut to five characters by the date and author.
        assert any("app-store-refresh horizon next →" in r for r in rows), rows
