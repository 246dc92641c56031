"""The Teams view: no clarity in its own words, incomplete trios marked, whole team ids where there is room."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.tui.app import TrioboardApp
from trioboard.tui.widgets import TeamsTable
from trioboard.tui.widgets.top_bar import TopBar

from helpers import commit_all
from helpers.tui import SIZES, detail_text, loaded, text_of, until

LONG_ID = "customer-experience-platform"


@pytest.mark.parametrize("size", SIZES)
async def test_no_clarity_is_said_in_its_own_words_and_incomplete_trios_are_marked(
    board: Path, size: tuple[int, int]
) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        table = app.query_one(TeamsTable)
        await until(pilot, lambda: table.row_count > 0)
        row = [str(cell) for cell in table.get_row("insights")]
        assert row[5].startswith("◌") and "⊘" not in row[5], "no clarity: not the blocked mark"
        assert "◑ trio" in row[5], "the incomplete trio is marked where 80 columns show it"
        assert row[6].startswith("◌ no clarity: none of its 2 outcomes serves a goal")
        assert "— no product lead" in row[7]
        assert str(table.get_row("checkout")[5]).startswith("⊘")
        top = text_of(app.query_one(TopBar))
        assert "◌ 1 team with no clarity" in top or "◌ 1 no clarity" in top
        assert "⊘ 4 teams blocked" in top
        table.select_id("insights")
        await pilot.pause()
        detail = detail_text(app)
        assert "◌ no clarity:" in detail and "product lead" in detail


async def test_a_long_team_id_is_whole_at_120_columns_and_cut_at_80(board: Path) -> None:
    (board / "teams" / f"{LONG_ID}.yaml").write_text(
        f"id: {LONG_ID}\nname: CX\ntrio: {{product: A, design: B, engineering: C}}\n"
    )
    commit_all(board, "A team with a long id")
    for size, whole in (((120, 40), True), ((80, 24), False)):
        app = TrioboardApp(board, watch=False)
        async with app.run_test(size=size) as pilot:
            await loaded(app, pilot)
            await pilot.press("2")
            table = app.query_one(TeamsTable)
            await until(pilot, lambda t=table: t.row_count > 0)  # type: ignore[misc]
            await pilot.pause()
            width = next(c.width for k, c in table.columns.items() if k.value == "team")
            assert (width >= len(LONG_ID)) is whole, (size, width)
            assert width >= 16
