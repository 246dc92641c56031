"""Issue 10, defects 1-4, 6 and 10: keys act on what the trio sees, and nothing typed is lost.

Each test drives the app with Pilot on the demo board in a real repository,
and asserts on the commit and the YAML as well as on the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Confirm, Form
from trioboard.tui.widgets import StatusLine, StrategyTree

from helpers import REPO_ROOT, commits, git, subjects
from helpers.tui import SIZES, GatedWorkspace, burst, committed, detail_text, idle, loaded, notices, text_of, until


async def refused(app: TrioboardApp, pilot: object, *keys: str) -> Form:
    """Press keys on an open form and wait until it shows a refusal."""
    form = app.screen
    assert isinstance(form, Form)
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await until(pilot, lambda: "Refused" in text_of(app.query_one(StatusLine)) or "required" in str(form._values()))  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]
    return form


def set_field(form: Form, name: str, value: str) -> None:
    from trioboard.tui.dialogs import field_id

    form.query_one(f"#{field_id(name)}", Input).value = value


# -- defect 1: `e` on a team ------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_edit_a_team_and_its_trio(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        app.go_to("checkout")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form), "e on a team opens its form"
        set_field(form, "trio.product", "Noor Haddad")
        await committed(app, pilot, board, "enter")
        assert subjects(board, 1) == ["Set product lead of team checkout to Noor Haddad"]
        assert "  product: Noor Haddad\n" in (board / "teams" / "checkout.yaml").read_text()


def test_a_crash_exits_non_zero(board: Path) -> None:
    crash = (
        "import sys\n"
        "from trioboard.tui.app import TrioboardApp\n"
        "def boom(self): raise RuntimeError('boom')\n"
        "TrioboardApp.on_mount = boom\n"
        "from trioboard.cli import main_exit\n"
        "main_exit()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", crash, str(board)],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        },
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "boom" in done.stdout + done.stderr


# -- defect 2: the cursor follows the edited node ----------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_roadmap_later_twice_moves_the_same_item_twice(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        app.go_to("date-picker-redesign")
        await pilot.pause()
        assert app.selected == "date-picker-redesign"
        await committed(app, pilot, board, "greater_than_sign")
        assert app.selected == "date-picker-redesign"
        assert "ITEM date-picker-redesign" in detail_text(app)
        await committed(app, pilot, board, "greater_than_sign")
        assert subjects(board, 2) == [
            "Set horizon of item date-picker-redesign to later",
            "Set horizon of item date-picker-redesign to next",
        ]
        assert app.selected == "date-picker-redesign"
        assert app.query_one("#horizon-later").has_focus
        assert "ITEM date-picker-redesign" in detail_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_tree_follows_an_item_linked_out_of_the_no_link_group(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        app.go_to("metrics-layer")
        await pilot.pause()
        await committed(app, pilot, board, "l", *"referral-loop", "enter")
        tree = app.query_one(StrategyTree)
        assert tree.current_id() == "metrics-layer"
        # Now under goal → outcome, not in the "no link" group.
        assert tree.cursor_node is not None and tree.cursor_node.parent is not None
        parent = tree.cursor_node.parent.data
        assert parent is not None and parent.kind == "outcome"
        assert "ITEM metrics-layer" in detail_text(app)
        await committed(app, pilot, board, "greater_than_sign")
        assert subjects(board, 1) == ["Set horizon of item metrics-layer to next"]


@pytest.mark.parametrize("size", SIZES)
async def test_after_an_unlink_x_offers_the_highlighted_node(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        app.go_to("checkout-conversion")
        await pilot.pause()
        await committed(app, pilot, board, "u", *"grow-revenue", "enter")
        tree = app.query_one(StrategyTree)
        # The outcome went to the "serving no goal" group; the cursor went with it.
        assert tree.current_id() == "checkout-conversion"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Remove outcome checkout-conversion" in text_of(app.screen.query_one("#question"))


@pytest.mark.parametrize("size", SIZES)
async def test_removing_leaves_the_cursor_on_a_neighbour_that_keys_act_on(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        app.go_to("dark-mode")
        await pilot.pause()
        await committed(app, pilot, board, "x", "y")
        assert subjects(board, 1) == ["Remove item dark-mode"]
        neighbour = app.selected
        assert neighbour is not None and neighbour != "dark-mode"
        assert f" {neighbour}" in detail_text(app).splitlines()[0]


# -- defect 3: a refused form keeps what was typed -----------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_a_taken_id_keeps_the_form_and_says_so_at_the_field(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        before = commits(board)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"Checkout")
        form = app.screen
        assert isinstance(form, Form)
        set_field(form, "product", "Ada Mensah")
        set_field(form, "id", "checkout")
        await refused(app, pilot, "enter")
        assert form.is_current
        assert "the id checkout is already taken" in form.error_at("id")
        assert form._values()["product"] == "Ada Mensah"
        assert form._values()["name"] == "Checkout"
        assert commits(board) == before
        # Fix the id and save: the same form commits and closes.
        set_field(form, "id", "checkout-two")
        await committed(app, pilot, board, "enter")
        assert app.screen is not form
        assert subjects(board, 1) == ["Add team checkout-two"]
        assert "product: Ada Mensah" in (board / "teams" / "checkout-two.yaml").read_text()


async def test_a_bad_id_and_a_long_title_are_refused_at_their_fields(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"Win")
        form = app.screen
        assert isinstance(form, Form)
        set_field(form, "id", "Not An Id!")
        await refused(app, pilot, "enter")
        assert "is not a valid id" in form.error_at("id")
        set_field(form, "id", "win")
        set_field(form, "title", "W" * 501)
        await refused(app, pilot, "enter")
        assert "the limit is 500" in form.error_at("title")
        assert form.error_at("id") == ""
        assert form.is_current and form._values()["title"] == "W" * 501


async def test_a_change_underneath_is_refused_at_the_field(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.go_to("guest-checkout")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form)
        set_field(form, "title", "Guest checkout, mine")
        subprocess.run(
            [sys.executable, "-m", "trioboard", "edit", "set", "guest-checkout", "title=Guest checkout, theirs"],
            cwd=board,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        before = commits(board)
        await refused(app, pilot, "enter")
        assert "changed by someone else" in form.error_at("title")
        assert form._values()["title"] == "Guest checkout, mine"
        assert commits(board) == before
        assert "title: Guest checkout, theirs\n" in (board / "teams" / "checkout.yaml").read_text()


async def test_keys_typed_quickly_after_tab_land_in_the_next_field(board: Path) -> None:
    from textual import events

    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, Form)
        # As a fast typist's terminal delivers them: no pause between the keys.
        for key, char in [("w", "w"), ("tab", None), ("x", "x"), ("tab", None), ("m", "m")]:
            app.post_message(events.Key(key, char))
        await until(pilot, lambda: form._values()["metric"] == "m", what="the last key in the metric field")
        values = form._values()
        assert (values["title"], values["metric"]) == ("w", "m")
        # What was typed in the id is kept, whether or not the proposal from the title came first.
        assert values["id"].endswith("x")


# -- defect 4: destructive keys -------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_x_then_enter_removes_nothing_and_says_what_else_goes(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        app.go_to("tokenize-cards")
        await pilot.pause()
        before = commits(board)
        await pilot.press("x")
        await pilot.pause()
        question = text_of(app.screen.query_one("#question"))
        assert "one-click-pay → tokenize-cards" in question
        assert "deposit-holds → tokenize-cards" in question
        assert "tokenize-cards → payment-reliability" in question
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert commits(board) == before
        assert "id: tokenize-cards" in (board / "teams" / "payments.yaml").read_text()


async def test_b_on_a_blocked_item_confirms_showing_the_reason(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("tokenize-cards")
        await pilot.pause()
        before = commits(board)
        reason = next(
            line.split("blocked: ", 1)[1]
            for line in (board / "teams" / "payments.yaml").read_text().splitlines()
            if "blocked: " in line
        )
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert reason in text_of(app.screen.query_one("#question")).replace("\n", " ")
        assert text_of(app.screen.query_one("#question")).startswith("Unblock item tokenize-cards?\nIt is blocked: ")
        await pilot.press("enter")  # the safe choice
        await pilot.pause()
        assert commits(board) == before
        await committed(app, pilot, board, "b", "y")
        assert subjects(board, 1) == ["Unblock item tokenize-cards"]


async def test_z_undoes_this_sessions_edit_not_someone_elses_and_Z_redoes(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        before = commits(board)
        await pilot.press("z")
        await pilot.pause()
        assert len(app.screen_stack) == 1, "nothing of this session to undo"
        assert commits(board) == before
        app.go_to("dark-mode")
        await pilot.pause()
        await committed(app, pilot, board, "greater_than_sign")
        # Someone else commits after us.
        subprocess.run(
            [sys.executable, "-m", "trioboard", "edit", "set", "guest-checkout", "horizon=now"],
            cwd=board,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Set horizon of item dark-mode to next" in text_of(app.screen.query_one("#question"))
        assert text_of(app.screen.query_one("#question")).startswith("Undo your last edit?\n")
        await committed(app, pilot, board, "y")
        assert subjects(board, 1) == ["Undo: Set horizon of item dark-mode to next"]
        growth = (board / "teams" / "growth.yaml").read_text()
        assert "  - id: dark-mode\n    title: Dark mode\n    horizon: now\n" in growth or "horizon: now" in growth
        assert "    horizon: now\n" in (board / "teams" / "checkout.yaml").read_text().split("guest-checkout")[1]
        await committed(app, pilot, board, "Z", "y")
        assert subjects(board, 1) == ["Redo: Set horizon of item dark-mode to next"]
        assert "horizon: next" in (board / "teams" / "growth.yaml").read_text().split("id: dark-mode")[1][:200]


async def test_someone_elses_edit_is_undone_from_history(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("5")
        await until(pilot, lambda: app.query_one("#history-list").option_count > 1)  # type: ignore[attr-defined]
        await pilot.pause()
        # The newest commit, made by Lena Fischer before this session.
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Lena Fischer" in text_of(app.screen.query_one("#question"))
        await committed(app, pilot, board, "y")
        assert subjects(board, 1) == ["Undo: Pull the app-store refresh into now"]


# -- defect 10: small things -----------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
async def test_the_header_says_blocked_teams_and_errors_in_words_at_any_width(
    board: Path, size: tuple[int, int]
) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        shown = app.query_one("#topbar").render_line(0).text
        assert "4 teams blocked" in shown
        assert "◌ 1 no clarity" in shown or "◌ 1 team with no clarity" in shown, "insights: not counted as blocked"
        assert "6 errors" in shown
        if size[0] >= 80:
            assert "Fernway H2 2026" in shown


def test_help_lists_no_suppressed_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trioboard", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=True,
    )
    assert "SUPPRESS" not in done.stdout
    assert "textconv" not in done.stdout


async def test_removing_a_team_counts_in_words_in_the_dialog(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("logistics")
        await pilot.press("x")
        await pilot.pause()
        question = text_of(app.screen.query_one("#question"))
        assert "its 2 outcomes and 4 items go too" in question
        app.screen.dismiss(False)
        await pilot.pause()
        app.go_to("insights")
        await pilot.press("x")
        await pilot.pause()
        assert "its 2 outcomes and 3 items go too" in text_of(app.screen.query_one("#question"))


async def test_one_of_a_kind_is_said_in_the_singular_in_the_dialog(board: Path) -> None:
    (board / "teams" / "legal.yaml").write_text(
        "id: legal\nname: Legal\ntrio: {product: A, design: B, engineering: C}\n"
        "outcomes:\n  - id: clear-terms\n    title: Renters understand the terms\n    goals: [grow-retention]\n"
        "roadmap:\n  - id: plain-terms\n    title: Terms in plain words\n    horizon: now\n    status: planned\n"
        "    outcomes: [clear-terms]\n"
    )
    git(board, "add", "-A")
    git(board, "commit", "-qm", "Add Legal")
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("legal")
        await pilot.press("x")
        await pilot.pause()
        question = " ".join(text_of(app.screen.query_one("#question")).split())
        assert "Its file and its 1 outcome and 1 item go too. No link goes with it." in question
        app.screen.dismiss(False)
        await pilot.pause()
        app.go_to("plain-terms")
        await pilot.press("x")
        await pilot.pause()
        assert "\n1 link goes too:\n  plain-terms → clear-terms" in text_of(app.screen.query_one("#question"))


# -- keys read in one burst (typed fast, or over ssh) -------------------------------------


async def test_keys_read_with_the_one_that_opened_find_go_into_find(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        # The query was lost and Enter chose the first entry of the whole list (a goal).
        burst(app, "slash", *"tokenize", "enter")
        await until(pilot, lambda: len(app.screen_stack) == 1 and app.selected == "tokenize-cards")
        # A double Enter: the second found Find closed and popped the app's own screen (exit 2).
        burst(app, "slash", *"saved-c", "enter", "enter")
        await until(pilot, lambda: app.selected == "saved-carts")
        await idle(pilot)  # the second Enter has been handled, whatever it did
        assert app.is_running and app.return_code is None
        assert len(app.screen_stack) == 1


async def test_a_form_submitted_twice_in_one_burst_commits_once(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("dark-mode")
        await pilot.pause()
        before = commits(board)
        burst(app, "b", *"Waiting", "space", *"on", "space", *"design", "enter", "enter")
        await until(pilot, lambda: commits(board) == before + 1 and len(app.screen_stack) == 1)
        await idle(pilot)  # the second Enter has been handled: a second edit would be in a worker now
        await app.workers.wait_for_complete()
        assert commits(board) == before + 1
        assert subjects(board, 1) == ["Block item dark-mode: Waiting on design"]
        assert "Refused" not in str(app.query_one(StatusLine).content)


async def test_typing_in_the_title_adds_to_it_and_spaces_at_the_ends_go(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("dark-mode")
        await pilot.pause()
        burst(app, "e", "space", *"v2", "space", "enter")
        await until(pilot, lambda: subjects(board, 1)[0].startswith("Retitle item dark-mode"))
        assert "    title: Dark mode for the app v2\n" in (board / "teams" / "growth.yaml").read_text()


async def test_z_while_the_last_edit_is_still_committing_says_so(board: Path) -> None:
    # A large board, a slow disk: the edit is held at the gate until `z` has been pressed.
    workspace = GatedWorkspace(board, gated="edit")
    app = TrioboardApp(board, watch=False, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        with workspace.gated():
            await loaded(app, pilot)
            app.go_to("dark-mode")
            await pilot.pause()
            before = commits(board)
            await pilot.press("greater_than_sign")
            await until(pilot, workspace.reached.is_set, what="the edit to reach the workspace")
            await pilot.press("z")
            await pilot.pause()
            # It said "You have made no edit in this session to undo".
            assert any("still being committed" in n for n in notices(app))
            workspace.open()
            await until(pilot, lambda: commits(board) == before + 1, what="the held edit's commit")
            await pilot.pause()
            await pilot.press("z")
            await until(pilot, lambda: isinstance(app.screen, Confirm), what="the undo's question")


async def test_finding_a_node_no_view_shows_says_where_it_is(board: Path) -> None:
    growth = board / "teams" / "growth.yaml"
    growth.write_text(growth.read_text() + "  - id: old-newsletter\n    title: The old newsletter\n    status: done\n")
    git(board, "commit", "-qam", "An old item, done and unlinked")
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"old-newsletter", "enter")
        await until(pilot, lambda: len(app.screen_stack) == 1)
        await pilot.pause()
        line = growth.read_text().splitlines().index("  - id: old-newsletter") + 1
        assert notices(app)[-1] == (
            f"old-newsletter is in no view (it is not active and has no strategy link): see teams/growth.yaml:{line}"
        )


async def test_moves_read_in_one_burst_with_an_action_come_first(board: Path) -> None:
    # With the app's keys as priority bindings, `j j x` asked to remove the row
    # highlighted before the j's: the action overtook the moves read with it.
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("3")
        await until(pilot, lambda: app.active_tab == "roadmap" and app.selected is not None)
        column = app.query_one("#horizon-now")
        third = column.get_option_at_index(2).id  # type: ignore[attr-defined]
        burst(app, "j", "j", "x")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert f"Remove item {third} " in text_of(app.screen.query_one("#question"))
