"""A browser visitor says who they are; their commits carry it, the server's git user records them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static

from trioboard import workspace
from trioboard.core import edits
from trioboard.core.errors import NoIdentity
from trioboard.tui.identity import NotAPerson, VisitorApp, WhoIsPlanning, author_of, trio_members
from trioboard.workspace import Workspace

from helpers import demo_repo, git
from helpers.tui import loaded, until

SERVER = "Test Planner <planner@example.com>"


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return demo_repo(tmp_path)


def last(board: Path, fmt: str) -> str:
    return git(board, "log", "-1", f"--format={fmt}").strip()


@pytest.mark.parametrize(
    ("name", "email", "field"),
    [
        ("", "ada@example.com", "name"),
        ("   ", "ada@example.com", "name"),
        ("Ada <Lovelace>", "ada@example.com", "name"),
        ("Ada\x1b[31m", "ada@example.com", "name"),
        ("Ada", "", "email"),
        ("Ada", "ada", "email"),
        ("Ada", "ada@example", "email"),
        ("Ada", "ada lovelace@example.com", "email"),
        ("Ada", "<ada@example.com>", "email"),
        ("Ada", "ada\x9b@example.com", "email"),  # a C1 control (CSI): the visitor got in, every edit failed
        ("Ada", "ada\x00@example.com", "email"),
        ("Ada", "ada@example.com\u200b", "email"),
        pytest.param("Ada", "a" * 243 + "@example.com", "email", id="email-of-255-characters"),
        ("Ada\u202eecalevoL", "ada@example.com", "name"),  # right-to-left override: reads as another name
        ("Ada\u200bLovelace", "ada@example.com", "name"),
        ("Ada\u2066x\u2069", "ada@example.com", "name"),
        ("\ufeffAda", "ada@example.com", "name"),
        pytest.param("A" * 101, "ada@example.com", "name", id="name-of-101-characters"),
    ],
)
def test_a_malformed_identity_is_refused_at_its_field(name: str, email: str, field: str) -> None:
    with pytest.raises(NotAPerson) as refused:
        author_of(name, email)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("Ada", "ada\x9b@example.com"),
        ("Ada", "ada\x00@example.com"),
        ("Ada\u202eecalevoL", "ada@example.com"),
        ("Ada\u200dLovelace", "ada@example.com"),
        pytest.param("Ada", "a" * 243 + "@example.com", id="email-of-255-characters"),
        pytest.param("A" * 101, "ada@example.com", id="name-of-101-characters"),
    ],
)
def test_author_and_the_visitor_field_follow_one_rule(name: str, email: str) -> None:
    with pytest.raises(NotAPerson):
        author_of(name, email)
    with pytest.raises(NoIdentity, match="--author"):
        workspace.check_author(f"{name} <{email}>")


def test_the_longest_identity_the_rule_allows_is_an_author() -> None:
    name, email = "A" * 100, "a" * 242 + "@example.com"
    assert author_of(name, email) == f"{name} <{email}>"
    workspace.check_author(f"{name} <{email}>")


def test_a_good_identity_is_an_author_for_git() -> None:
    assert author_of("  Ada Lovelace ", " ada@example.com ") == "Ada Lovelace <ada@example.com>"


def test_the_trio_members_are_offered_in_board_order_each_once(board: Path) -> None:
    members = trio_members(workspace.load(board).board)
    assert members[:3] == [
        ("Ana Ruiz", "product, Checkout"),
        ("Ben Ode", "design, Checkout"),
        ("Chen Li", "engineering, Checkout"),
    ]
    assert len({name for name, _ in members}) == len(members)


def test_a_commit_for_nobody_is_refused_never_guessed(board: Path) -> None:
    head = last(board, "%H")
    with pytest.raises(NoIdentity, match="say who you are"):
        Workspace(board, committer=SERVER).edit(edits.AddGoal("win-the-north", "Win the north", None, None, None))
    assert last(board, "%H") == head
    assert git(board, "status", "--porcelain") == ""


async def test_the_visitor_is_asked_until_they_answer_and_then_commits_as_author(board: Path) -> None:
    ws = Workspace(board, committer=SERVER)
    app = VisitorApp(board, workspace=ws, state=ws.state(), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, WhoIsPlanning)
        assert app.screen.query_one("#who-members", OptionList).option_count >= 6
        await pilot.press("escape", "enter")  # nothing typed: asked again
        await pilot.pause()
        assert isinstance(app.screen, WhoIsPlanning)
        assert "your name" in str(app.screen.query_one("#who-error", Static).render())
        await pilot.press(*"Ada Lovelace", "tab", *"ada@nowhere", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsPlanning)
        assert "email" in str(app.screen.query_one("#who-error", Static).render())
        app.screen.query_one("#who-email", Input).value = "ada@example.com"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, WhoIsPlanning)
        assert ws.author == "Ada Lovelace <ada@example.com>"
        before = last(board, "%H")
        app.commit(edits.AddGoal("win-the-north", "Win the north", None, None, None))
        await until(pilot, lambda: last(board, "%H") != before)
    assert last(board, "%an <%ae>|%cn <%ce>|%s") == f"Ada Lovelace <ada@example.com>|{SERVER}|Add goal win-the-north"


async def test_a_pasted_identity_goes_through_the_same_check_at_its_field(board: Path) -> None:
    ws = Workspace(board, committer=SERVER)
    app = VisitorApp(board, workspace=ws, state=ws.state(), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        name = app.screen.query_one("#who-name", Input)
        app.screen.query_one("#who-name", Input).post_message(events.Paste("Ada\u202eecalevoL\nada@example.com"))
        await until(pilot, lambda: name.value == "Ada\u202eecalevoL")
        error = app.screen.query_one("#who-error", Static)
        assert "U+202E" in str(error.render()) and name.has_class("-invalid")
        await pilot.press("tab", *"ada@example.com", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsPlanning) and ws.author is None
        assert name.has_focus and "U+202E" in str(error.render())
        name.value = ""
        name.post_message(events.Paste("Ada Lovelace"))
        await until(pilot, lambda: name.value == "Ada Lovelace")
        assert str(error.render()) == "" and not name.has_class("-invalid")
        email = app.screen.query_one("#who-email", Input)
        email.value = ""
        email.post_message(events.Paste("ada\x9b@example.com"))
        await until(pilot, lambda: "U+009B" in str(error.render()))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsPlanning) and ws.author is None


async def test_picking_a_trio_member_fills_the_name(board: Path) -> None:
    ws = Workspace(board, committer=SERVER)
    app = VisitorApp(board, workspace=ws, state=ws.state(), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("shift+tab")  # from the name back to the list of members
        await pilot.pause()
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#who-name", Input).value == "Ben Ode"
        assert app.screen.query_one("#who-email", Input).has_focus


async def test_read_only_visitors_are_not_asked(board: Path) -> None:
    ws = Workspace(board)
    app = VisitorApp(board, workspace=ws, state=ws.state(), read_only=True, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert not isinstance(app.screen, WhoIsPlanning)
