"""Issue 17, lossless input: keys read in one burst reach the widget they were typed for, in order.

Each burst is posted as a terminal delivers one read: every key queued
before the app handles any. The assertions are on the commits and the YAML.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from trioboard import workspace
from trioboard.core.model import Outcome
from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Form, Picker

from helpers import commits, subjects
from helpers.tui import burst, idle, loaded, until


def _goals_of(board: Path, outcome: str) -> list[str]:
    node = workspace.load(board).analysis.index[outcome]
    assert isinstance(node, Outcome)
    return [ref.id for ref in node.goals]


async def commits_of_one_burst(
    app: TrioboardApp, pilot: Pilot[None], board: Path, count: int, *keys: str | events.Paste
) -> None:
    """Post keys as one burst; wait until they made `count` commits and every dialog has closed."""
    before = commits(board)
    burst(app, *keys)
    await until(
        pilot, lambda: commits(board) == before + count and len(app.screen_stack) == 1, what=f"{count} commit(s)"
    )


def _found(app: TrioboardApp, node: str) -> bool:
    return len(app.screen_stack) == 1 and app.selected == node


def _yaml(board: Path, team: str) -> str:
    return (board / "teams" / f"{team}.yaml").read_text()


async def test_two_items_typed_in_one_burst_are_two_linked_commits(board: Path) -> None:
    # Was ONE commit "Add item alpha-itemnbeta-item": the second `n` was typed into the first form.
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("experiment-velocity")
        await pilot.pause()
        await commits_of_one_burst(app, pilot, board, 2, "n", *"Alpha item", "enter", "n", *"Beta item", "enter")
        assert subjects(board, 2) == ["Add item beta-item to insights", "Add item alpha-item to insights"]
        text = _yaml(board, "insights")
        for item, title in (("alpha-item", "Alpha item"), ("beta-item", "Beta item")):
            assert (
                f"  - id: {item}\n    title: {title}\n    outcomes: [experiment-velocity]\n    horizon: later\n" in text
            )


async def test_find_then_link_in_one_burst(board: Path) -> None:
    # Find held "experiment-velocitylgrow-revenue".
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await commits_of_one_burst(
            app, pilot, board, 1, "slash", *"experiment-velocity", "enter", "l", *"grow-revenue", "enter"
        )
        assert subjects(board, 1) == ["Link experiment-velocity to grow-revenue"]
        assert _goals_of(board, "experiment-velocity") == ["grow-revenue"]
        assert app.selected == "experiment-velocity"


async def test_the_link_picker_gets_exactly_what_was_typed(board: Path) -> None:
    # Once typed "ut-costc" into the picker.
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("experiment-velocity")
        await pilot.pause()
        burst(app, "l", *"cut-cost")
        await until(pilot, lambda: isinstance(app.screen, Picker) and app.screen.query_one("#picker-query").value)  # type: ignore[attr-defined]
        await idle(pilot)
        assert app.screen.query_one("#picker-query").value == "cut-cost"  # type: ignore[attr-defined]
        await commits_of_one_burst(app, pilot, board, 1, "enter")
        assert subjects(board, 1) == ["Link experiment-velocity to cut-cost-to-serve"]


async def test_an_id_typed_after_clearing_the_generated_one_is_kept(board: Path) -> None:
    # The Id came out empty ("Id is required").
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await commits_of_one_burst(
            app, pilot, board, 1, "g", *"Win the Nordics", "tab", "end", "ctrl+u", *"nordics-win", "enter"
        )
        assert subjects(board, 1)[0].startswith("Add goal nordics-win")
        assert "  - id: nordics-win\n    title: Win the Nordics\n" in (board / "board.yaml").read_text()


async def test_an_id_typed_over_the_generated_one_replaces_it(board: Path) -> None:
    # The typed id was appended to the generated one: "faster-analysisquick-find".
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("experiment-velocity")
        await pilot.pause()
        burst(app, "o", *"Faster analysis")
        await until(pilot, lambda: isinstance(app.screen, Form) and app.screen._values()["id"] == "faster-analysis")
        # The generated id is shown; what is typed after Tab replaces it.
        await commits_of_one_burst(app, pilot, board, 1, "tab", *"quick-find", "enter")
        assert "  - id: quick-find\n    title: Faster analysis\n" in _yaml(board, "insights")


async def test_the_id_stops_following_the_title_once_edited(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        burst(app, "g", *"Nordics", "tab", *"my-id", "shift+tab", *" win")
        await until(pilot, lambda: isinstance(app.screen, Form) and app.screen._values()["title"] == "Nordics win")
        await idle(pilot)
        assert isinstance(app.screen, Form)
        assert app.screen._values()["id"] == "my-id"


async def test_a_find_query_read_in_one_burst_never_comes_out_reordered(board: Path) -> None:
    # On a large board "/jobs-fin⏎" came out "s-finjob" 3 times in 10.
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        for n in range(10):
            query, found = (
                ("experiment-pl", "experiment-platform") if n % 2 else ("experiment-ve", "experiment-velocity")
            )
            burst(app, "slash", *query, "enter")
            await until(pilot, partial(_found, app, found), what=f"run {n}: {found}")


async def test_a_paste_goes_into_the_field_as_text(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        burst(app, "slash", events.Paste("saved-carts"), "enter")
        await until(pilot, lambda: len(app.screen_stack) == 1 and app.selected == "saved-carts", what="saved-carts")
