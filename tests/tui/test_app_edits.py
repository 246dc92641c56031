"""The TUI, driven with Pilot: every edit lands as a commit with the right YAML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from trioboard.tui.app import TrioboardApp
from trioboard.tui.widgets import DetailPane, FindingsList, StatusLine, StrategyTree, TeamsTable

from helpers import REPO_ROOT, commits, git
from helpers.tui import idle, loaded, text_of, until


def last_commit(board: Path) -> str:
    return git(board, "log", "-1", "--format=%s").strip()


async def edit_and_wait(app: TrioboardApp, pilot: object, board: Path, *keys: str) -> None:
    before = commits(board)
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await until(pilot, lambda: commits(board) == before + 1)  # type: ignore[arg-type]
    await until(pilot, lambda: "✓" in text_of(app.query_one(StatusLine)))  # type: ignore[arg-type]


async def test_opens_on_the_strategy_tree_with_unlinked_work_first(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        tree = app.query_one(StrategyTree)
        first = tree.root.children[0]
        assert str(first.label).startswith("⚠ no link — 5 active items with no strategy link")
        assert [str(c.label).split("  ")[0] for c in first.children][:1] == ["⚠ no link dark-mode"]
        assert app.focused is tree


async def test_selecting_shows_the_chain_to_the_root_cause(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("one-click-pay")
        body = app.query_one(DetailPane).query_one("#detail-body")
        await until(pilot, lambda: "ITEM one-click-pay" in text_of(body))
        detail = text_of(body)
        assert "one-click-pay ← tokenize-cards (payments) ← blocked:" in detail.replace("\n", " ")
        assert "root cause owned by payments" in detail.replace("\n", " ")


async def test_link_an_item_from_the_tree(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("dark-mode")
        await edit_and_wait(app, pilot, board, "l", *"referral-loop", "enter")
        assert last_commit(board) == "Link dark-mode to referral-loop"
        assert "    outcomes: [referral-loop]\n    horizon: now\n" in (board / "teams" / "growth.yaml").read_text()
        assert git(board, "show", "--name-only", "--format=", "HEAD") == "teams/growth.yaml\n"
        # The tree moved it out of the unlinked heading at once.
        assert not str(app.query_one(StrategyTree).root.children[0].label).startswith("⚠ no link — 5")


async def test_unblock_a_team_then_undo(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("logistics")
        await pilot.press("b")
        await pilot.pause()
        # Unblocking asks first, showing the reason that would go.
        assert "Rotterdam warehouse lease not signed" in text_of(app.screen.query_one("#question"))
        await edit_and_wait(app, pilot, board, "y")
        assert last_commit(board) == "Unblock team logistics"
        assert "blocked:" not in (board / "teams" / "logistics.yaml").read_text()
        await edit_and_wait(app, pilot, board, "z", "y")
        assert last_commit(board) == "Undo: Unblock team logistics"
        assert "blocked: Rotterdam warehouse lease not signed" in (board / "teams" / "logistics.yaml").read_text()


async def test_block_an_item_with_a_reason(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("saved-carts")
        await pilot.press("b")
        await pilot.pause()
        await edit_and_wait(app, pilot, board, *"Waiting on [design] review", "enter")
        assert last_commit(board) == "Block item saved-carts: Waiting on [design] review"
        assert "    blocked: Waiting on [design] review\n" in (board / "teams" / "checkout.yaml").read_text()


async def test_new_item_proposes_its_id_from_the_title(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        app.go_to("referral-loop")
        await pilot.press("n")
        await pilot.pause()
        await edit_and_wait(app, pilot, board, *"Share a cart", "enter")
        assert last_commit(board) == "Add item share-a-cart to growth"
        text = (board / "teams" / "growth.yaml").read_text()
        assert (
            "  - id: share-a-cart\n    title: Share a cart\n    outcomes: [referral-loop]\n    horizon: later\n" in text
        )


async def test_n_beside_an_item_serves_its_outcome_and_can_change_it(board: Path) -> None:
    # "Serves" was empty beside an item: the new item was silently unlinked.
    from textual.widgets import Select

    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("winter-win-back-campaign")
        await pilot.press("n")
        await pilot.pause()
        serves = app.screen.query_one("#field-outcomes", Select)
        assert serves.value == "win-back"
        assert app.screen.query_one("#field-horizon", Select).value == "later", "edit add-item's default"
        serves.value = "referral-loop"
        await edit_and_wait(app, pilot, board, *"Spring win-back", "enter")
        assert last_commit(board) == "Add item spring-win-back to growth"
        text = (board / "teams" / "growth.yaml").read_text()
        assert "  - id: spring-win-back\n    title: Spring win-back\n    outcomes: [referral-loop]\n" in text


async def test_new_goal_outcome_and_team(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        await edit_and_wait(app, pilot, board, *"Win the enterprise", "enter")
        assert last_commit(board) == "Add goal win-the-enterprise"
        app.go_to("win-the-enterprise")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"SSO for every customer")
        await pilot.pause()
        app.screen.query_one("#field-team").value = "platform"  # type: ignore[attr-defined]
        await edit_and_wait(app, pilot, board, "enter")
        assert last_commit(board) == "Add outcome sso-for-every-customer to platform"
        assert "goals: [win-the-enterprise]" in (board / "teams" / "platform.yaml").read_text()
        await pilot.press("t")
        await pilot.pause()
        await edit_and_wait(app, pilot, board, *"Mobile", "enter")
        assert last_commit(board) == "Add team mobile"
        assert (board / "teams" / "mobile.yaml").read_text().startswith("id: mobile\nname: Mobile\n")


async def test_edit_title_move_horizon_and_team(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        app.go_to("guest-checkout")
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#field-title")
        title.value = "Guest checkout, no account needed"  # type: ignore[attr-defined]
        await edit_and_wait(app, pilot, board, "enter")
        assert last_commit(board) == "Retitle item guest-checkout to Guest checkout, no account needed"
        assert "title: Guest checkout, no account needed\n" in (board / "teams" / "checkout.yaml").read_text()
        app.go_to("guest-checkout")
        await edit_and_wait(app, pilot, board, "less_than_sign")
        assert last_commit(board) == "Set horizon of item guest-checkout to now"
        app.go_to("guest-checkout")
        await edit_and_wait(app, pilot, board, "m", *"growth", "enter")
        assert last_commit(board) == "Move item guest-checkout from checkout to growth"
        assert "id: guest-checkout" in (board / "teams" / "growth.yaml").read_text()
        assert "id: guest-checkout" not in (board / "teams" / "checkout.yaml").read_text()


async def test_unlink_and_remove(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        app.go_to("one-click-pay")
        await edit_and_wait(app, pilot, board, "u", *"tokenize", "enter")
        assert last_commit(board) == "Make one-click-pay no longer depend on tokenize-cards"
        app.go_to("legacy-gateway")
        await pilot.press("x")
        await pilot.pause()
        await edit_and_wait(app, pilot, board, "y")
        assert last_commit(board) == "Remove item legacy-gateway"
        assert "legacy-gateway" not in (board / "teams" / "payments.yaml").read_text()


async def test_a_refusal_is_a_notification_not_a_crash(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        before = commits(board)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"Grow retention again")
        app.screen.query_one("#field-id").value = "grow-retention"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: "Refused" in text_of(app.query_one(StatusLine)))
        assert "the id grow-retention is already taken" in text_of(app.query_one(StatusLine))
        assert commits(board) == before
        assert app.is_running


async def test_read_only_offers_no_edits(board: Path) -> None:
    app = TrioboardApp(board, read_only=True, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("dark-mode")
        before = commits(board)
        for key in ("l", "e", "b", "x", "z", "n", "g", "t", "o", "m", "greater_than_sign"):
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == 1, f"{key} opened a dialog"
        assert commits(board) == before
        assert "[read-only]" in text_of(app.query_one("#topbar"))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Find" in titles and "Link" not in titles


async def test_another_process_commit_shows_and_keeps_the_place(board: Path) -> None:
    app = TrioboardApp(board)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.query_one("#tabs").active = "teams"  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.query_one(TeamsTable)
        table.focus()
        table.select_id("payments")
        await pilot.pause()
        subprocess.run(
            [sys.executable, "-m", "trioboard", "edit", "set", "tokenize-cards", "blocked="],
            cwd=board,
            check=True,
            capture_output=True,
            env={"PYTHONPATH": str(REPO_ROOT), **__import__("os").environ},
        )
        await until(
            pilot, lambda: app.state is not None and "payments" not in app.state.analysis.team_blocks, timeout=5
        )
        assert str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value) == "payments"
        assert app.selected == "payments"


async def test_hostile_titles_are_shown_literally(tmp_path: Path) -> None:
    board = tmp_path / "hostile"
    (board / "teams").mkdir(parents=True)
    (board / "board.yaml").write_text("name: '[bold]Not bold[/] [@click=app.quit]quit[/]'\ngoals: []\n")
    (board / "teams" / "alpha.yaml").write_text(
        "id: alpha\nname: '[/]'\nroadmap:\n"
        "  - id: a\n    title: '[@click=app.quit]Click me[/]'\n"
        "  - id: b\n    title: '[WIP] ship'\n"
        '  - id: c\n    title: "\\e]0;pwned\\a"\n'
    )
    (board / "teams" / "osc\x1b]0;pwned\x07.yaml").write_text("id: x\nname: X\n")
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        tree = app.query_one(StrategyTree)
        unlinked = tree.root.children[0]
        tree._fill(unlinked)
        labels = [str(c.label) for c in unlinked.children]
        assert any("[@click=app.quit]Click me[/]" in text for text in labels)
        assert any("[WIP] ship" in text for text in labels)
        assert "[bold]Not bold[/]" in text_of(app.query_one("#topbar"))
        app.query_one("#tabs").active = "findings"  # type: ignore[attr-defined]
        await pilot.pause()
        options = app.query_one(FindingsList)
        shown = " ".join(str(options.get_option_at_index(n).prompt) for n in range(options.option_count))
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.click(StrategyTree, offset=(10, 1))
        assert app.is_running


async def test_the_tree_keeps_its_place_when_the_board_changes_underneath(board: Path) -> None:
    app = TrioboardApp(board)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        tree = app.query_one(StrategyTree)
        app.go_to("saved-carts")
        await until(
            pilot,
            lambda: (
                tree.cursor_node is not None
                and tree.cursor_node.data is not None
                and tree.cursor_node.data.id == "saved-carts"
            ),
        )
        before = app.state
        subprocess.run(
            [sys.executable, "-m", "trioboard", "edit", "set", "guest-checkout", "horizon=now"],
            cwd=board,
            check=True,
            capture_output=True,
            env={"PYTHONPATH": str(REPO_ROOT), **__import__("os").environ},
        )
        await until(pilot, lambda: app.state is not before, timeout=5)
        await idle(pilot)  # the views have been rebuilt from the new state
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.id == "saved-carts"
        assert app.selected == "saved-carts"


async def test_a_board_read_before_start_is_in_the_first_frame(board: Path) -> None:
    from trioboard.workspace import Workspace

    space = Workspace(board)
    app = TrioboardApp(board, workspace=space, state=space.state(), watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.loaded.is_set()
        assert "Fernway H2 2026" in text_of(app.query_one("#topbar"))
        assert app.query_one(StrategyTree).root.children
        await pilot.pause()
