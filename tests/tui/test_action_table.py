"""The one table of actions: keys, footer, help and palette are generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.tui import actions
from trioboard.tui.app import TrioboardApp
from trioboard.tui.edit_flows import FLOWS
from trioboard.tui.screens.board import TABS

from helpers import demo_repo
from helpers.tui import loaded, until


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return demo_repo(tmp_path)


def test_every_flow_has_one_row_and_every_flow_row_a_flow() -> None:
    rows = {a.action.removeprefix("flow('").removesuffix("')") for a in actions.ACTIONS if a.name == "flow"}
    assert rows == set(FLOWS)
    assert len({a.action for a in actions.ACTIONS}) == len(actions.ACTIONS)
    keys = [k for a in actions.ACTIONS if a.bound for k in a.keys.split(",") if k]
    assert len(keys) == len(set(keys)), "two actions share a key"
    assert {f"tab('{t.id}')" for t in TABS} <= {a.action for a in actions.ACTIONS}


async def test_bindings_help_and_palette_come_from_the_table(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        bound = {b.action for b in app._bindings.key_to_bindings.get("l", [])}
        assert bound == {"flow('link')"}
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {a.title for a in actions.ACTIONS if a.palette} <= titles
        assert ("x", "remove the selected node and every link to it") in actions.help_keys()
        assert ("ctrl+p", "every command") in actions.help_keys()


async def test_read_only_palette_offers_no_edit(board: Path) -> None:
    app = TrioboardApp(board, watch=False, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Find" in titles
        assert not {a.title for a in actions.ACTIONS if a.edits} & titles


async def test_a_command_chosen_in_the_palette_runs(board: Path) -> None:
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    from trioboard.tui.dialogs import Picker

    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the command palette")
        await pilot.press(*"Find")
        # The palette searches in the background: Enter once Find is the highlighted command.
        commands = app.screen.query_one(OptionList)

        def find_highlighted() -> bool:
            at = commands.highlighted
            return at is not None and "Find" in str(commands.get_option_at_index(at).prompt)

        await until(pilot, find_highlighted)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, Picker))


async def test_find_says_opportunities_are_found_and_finds_one(board: Path) -> None:
    from textual.widgets import Label

    from trioboard.tui.dialogs import Picker

    words = "a goal, team, outcome, opportunity or item"
    assert dict(actions.help_keys())["/"] == f"find {words}"  # by id or title: the picker says so
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, Picker), what="find")
        assert str(app.screen.query_one(Label).render()) == f"Find {words}"
        await pilot.press(*"card-reentry", "enter")
        await until(pilot, lambda: len(app.screen_stack) == 1 and app.selected == "card-reentry")
