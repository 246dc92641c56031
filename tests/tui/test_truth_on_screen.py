"""The screen tells the truth: ↑↓ after other processes' commits, a merge in progress, messages read whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from trioboard.core.edits import SetFields
from trioboard.tui import actions
from trioboard.tui.app import TrioboardApp
from trioboard.tui.widgets import StatusLine, SyncBadge
from trioboard.workspace import Workspace

from helpers import git, git_run, run
from helpers.remote import Remote, diverged, top
from helpers.tui import SIZES, loaded, text_of, until


def conflicted_pull(tmp_path: Path) -> Path:
    """A clone whose `git pull` stopped on conflicts in a team file (MERGE_HEAD set, markers in the file)."""
    remote = Remote(tmp_path)
    a, b = remote.clone("a"), remote.clone("b")
    for clone, owner in ((a, "Ann"), (b, "Bea")):
        path = clone / "teams" / "checkout.yaml"
        path.write_text(path.read_text().replace("owner: ", f"owner: {owner} was ", 1))
        git(top(clone), "commit", "-qam", f"{owner} by hand")
    git(top(a), "push", "-q")
    pulled = git_run(top(b), "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0 and (top(b) / ".git" / "MERGE_HEAD").exists()
    assert "<<<<<<<" in (b / "teams" / "checkout.yaml").read_text()
    return b


@pytest.mark.parametrize("size", SIZES)
async def test_a_commit_from_another_process_moves_the_ahead_count(tmp_path: Path, size: tuple[int, int]) -> None:
    remote = Remote(tmp_path)
    b = remote.clone("b")
    app = TrioboardApp(b)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        badge = app.query_one(SyncBadge)
        await until(pilot, lambda: text_of(badge) == "up to date")
        Workspace(b).edit(SetFields("one-click-pay", (("owner", "Ann"),)))  # as `trioboard edit` would
        await until(pilot, lambda: text_of(badge) == "↑1", what="↑1 in the sync badge")


async def test_a_merge_in_progress_is_shown_and_named_as_why_edits_are_refused(tmp_path: Path) -> None:
    b = conflicted_pull(tmp_path)
    app = TrioboardApp(b)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        badge = app.query_one(SyncBadge)
        await until(pilot, lambda: text_of(badge).startswith("⚠ merge in progress"), what="the merge in the badge")
        assert "up to date" not in text_of(badge)
        status = text_of(app.query_one(StatusLine))
        assert "a merge is in progress" in status and "Edits are off" in status


def test_edit_set_during_a_conflicted_pull_names_the_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = conflicted_pull(tmp_path)
    head = git(top(b), "rev-parse", "HEAD")
    code, out, err = run(["edit", "set", "one-click-pay", "horizon=now", "--board", str(b)], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("trioboard: refused: a merge is in progress in this repository; finish or abort it first")
    assert "git merge --abort" in err and "does not parse" not in err
    assert git(top(b), "rev-parse", "HEAD") == head


async def test_c_refuses_a_file_with_conflict_markers_naming_file_and_line(board: Path) -> None:
    from trioboard.tui.dialogs import Confirm

    path = board / "teams" / "search.yaml"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join([*lines[:3], "<<<<<<< HEAD\n", "=======\n", ">>>>>>> theirs\n", *lines[3:]]))
    head = git(board, "rev-parse", "HEAD")
    app = TrioboardApp(board)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("C")
        await until(pilot, lambda: "conflict marker" in text_of(app.query_one(StatusLine)), what="the refusal")
        assert not isinstance(app.screen, Confirm)
        assert "teams/search.yaml line 4" in text_of(app.query_one(StatusLine))
    assert git(board, "rev-parse", "HEAD") == head


async def test_a_message_the_status_line_cuts_is_read_whole_in_the_messages_log(board: Path) -> None:
    from trioboard.tui.messages_log import MessagesLog

    long = "a refusal that goes on " + "and on " * 20 + "to the very end"
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.board.say(Text(long))
        await pilot.pause()
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, MessagesLog), what="the messages log")
        shown = " ".join(text_of(app.screen.query_one("#messages-body")).split())
        assert long in shown
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, MessagesLog))
        assert any(key == "M" for key, _ in actions.help_keys())


async def test_the_conflict_dialog_names_theirs_commit_and_author(tmp_path: Path) -> None:
    from trioboard.tui.settle import SettleConflicts

    remote = Remote(tmp_path)
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a, "Ann Andersen <ann@example.com>").edit(SetFields("one-click-pay", (("owner", "Ann"),)))
    Workspace(a).sync()
    theirs = git(top(a), "rev-parse", "--short", "HEAD").strip()
    Workspace(b).edit(SetFields("one-click-pay", (("owner", "Bea"),)))
    head = git(top(b), "rev-parse", "HEAD")
    app = TrioboardApp(b, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettleConflicts), what="the conflict dialog")
        body = " ".join(text_of(app.screen.query_one("#conflict-body")).split())
        assert "'Ann'" in body and f"({theirs} by Ann Andersen)" in body
        assert git(top(b), "rev-parse", "HEAD") == head


@pytest.mark.parametrize("size", SIZES)
async def test_the_conflict_dialog_lets_the_trio_type_a_value(tmp_path: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Input

    from trioboard.tui.settle import SettleConflicts

    remote, b = diverged(tmp_path)
    app = TrioboardApp(b, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettleConflicts), what="the conflict dialog")
        field = app.screen.query_one("#conflict-value", Input)
        await pilot.press("m")  # my horizon
        await pilot.press("v")
        await until(pilot, lambda: field.has_focus, what="the value field")
        assert field.value == "Ann"  # theirs, to start from
        await pilot.press("end", "ctrl+u", *"Ann with Bea", "enter")
        await until(pilot, lambda: "✓" in text_of(app.query_one(StatusLine)), what="the sync")
    text = remote.board_file("teams/checkout.yaml")
    assert "owner: Ann with Bea\n" in text and "horizon: next" in text
