"""Issue 10, defects 5, 7, 8, 9 and the expectations of a well-made TUI: Pilot tests on the demo board."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import OptionList
from tui_helpers import demo_repo, loaded

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Picker


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COLORFGBG", raising=False)
    return demo_repo(tmp_path)


def text_of(widget: object) -> str:
    content = widget.content  # type: ignore[attr-defined]
    return content.plain if isinstance(content, Text) else str(content)


def options(listing: OptionList) -> list[str]:
    return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]


# -- defect 7: find and pickers -----------------------------------------------------


async def test_find_ranks_an_id_prefix_above_a_word_and_shows_the_team(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"avail")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        shown = options(app.screen.query_one(OptionList))
        assert [s.split()[1] for s in shown] == ["availability-service", "date-picker-redesign"]
        assert shown[0].split()[2] == "platform"
        assert shown[1].split()[2] == "checkout"


async def test_the_move_picker_lists_a_team_whose_file_does_not_parse(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        app.go_to("guest-checkout")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        listing = app.screen.query_one(OptionList)
        shown = options(listing)
        assert any("teams/partnerships.yaml  does not parse: line 10:" in s for s in shown)
        unreadable = next(n for n, s in enumerate(shown) if "partnerships" in s)
        assert listing.get_option_at_index(unreadable).disabled
