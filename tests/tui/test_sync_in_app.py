"""Syncing from the TUI: the status line, the key, the conflict dialog, background sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core.edits import SetFields
from trioboard.tui.app import TrioboardApp
from trioboard.tui.settle import SettleConflicts
from trioboard.tui.widgets import StatusLine, SyncBadge
from trioboard.workspace import Workspace

from helpers import git
from helpers.remote import Remote, diverged, top
from helpers.tui import SIZES, loaded, text_of, until


@pytest.mark.parametrize("size", SIZES)
async def test_the_status_line_shows_the_standing_and_s_syncs(tmp_path: Path, size: tuple[int, int]) -> None:
    remote = Remote(tmp_path)
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Ann"),)))
    Workspace(a).sync()
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    git(top(b), "fetch", "-q")
    app = TrioboardApp(b, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        badge = app.query_one(SyncBadge)
        await until(pilot, lambda: text_of(badge) == "↑1 ↓1")
        await pilot.press("s")
        await until(pilot, lambda: "✓" in text_of(app.query_one(StatusLine)))
        assert "synced with origin/main: 1 in, 1 out" in text_of(app.query_one(StatusLine))
        assert text_of(badge).startswith("up to date · synced ")
        app.commit(SetFields("saved-carts", (("horizon", "later"),)))  # a new commit, not yet published
        await until(pilot, lambda: text_of(badge).startswith("↑1 · synced "))
        # The remote's change is on screen: the board was read again.
        assert app.state is not None
        assert any(i.owner == "Ann" for i in app.state.board.items() if i.id == "one-click-pay")
    assert "owner: Bea" in remote.board_file("teams/checkout.yaml")


@pytest.mark.parametrize("size", SIZES)
async def test_conflicts_open_a_dialog_with_both_values_and_the_choice_is_committed(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    remote, b = diverged(tmp_path)
    head = git(top(b), "rev-parse", "HEAD")
    app = TrioboardApp(b, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettleConflicts))
        body = text_of(app.screen.query_one("#conflict-body"))
        assert "one-click-pay.horizon" in body and "'next'" in body and "'later'" in body
        assert git(top(b), "rev-parse", "HEAD") == head  # nothing changed while the trio decides
        await pilot.press("m")  # keep my horizon
        body = text_of(app.screen.query_one("#conflict-body"))
        assert "one-click-pay.owner" in body and "'Bea'" in body and "'Ann'" in body
        await pilot.press("t")  # take their owner
        await until(pilot, lambda: "✓" in text_of(app.query_one(StatusLine)))
    text = remote.board_file("teams/checkout.yaml")
    assert "horizon: next" in text and "owner: Ann" in text


@pytest.mark.parametrize("size", SIZES)
async def test_background_sync_shows_failures_on_the_status_line_only(tmp_path: Path, size: tuple[int, int]) -> None:
    remote = Remote(tmp_path)
    a, b = remote.clone("a"), remote.clone("b")
    app = TrioboardApp(b, watch=False, sync_every=1)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        focused = app.focused
        Workspace(a).edit(SetFields("one-click-pay", (("owner", "Ann"),)))
        Workspace(a).sync()
        await until(pilot, lambda: "1 in, 0 out" in text_of(app.query_one(StatusLine)), timeout=20)
        assert "owner: Ann" in (b / "teams" / "checkout.yaml").read_text()
        git(top(b), "remote", "set-url", "origin", str(tmp_path / "gone.git"))
        await until(pilot, lambda: "Sync failed" in text_of(app.query_one(StatusLine)), timeout=20)
        assert "gone.git" in text_of(app.query_one(StatusLine))
        assert app.focused is focused and not isinstance(app.screen, SettleConflicts)


def test_the_conflict_dialog_at_80x24(snap_compare: object, tmp_path: Path, monkeypatch: object) -> None:
    monkeypatch.delenv("COLORFGBG", raising=False)  # type: ignore[attr-defined]
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):  # theirs' commit id is on the screen
        monkeypatch.setenv(variable, "2026-06-02T10:00:00+00:00")  # type: ignore[attr-defined]
    _, b = diverged(tmp_path)
    app = TrioboardApp(b, watch=False)

    async def run(pilot: object) -> None:
        await loaded(app, pilot)  # type: ignore[arg-type]
        await pilot.press("s")  # type: ignore[attr-defined]
        await until(pilot, lambda: isinstance(app.screen, SettleConflicts))  # type: ignore[arg-type]
        await pilot.pause()  # type: ignore[attr-defined]

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)  # type: ignore[operator]


def record_evidence(board: Path, customer: str, kind: str) -> None:
    """`trioboard evidence add` on `board`: checkout's touchpoint with `customer` on 2026-07-08."""
    from trioboard.cli import main

    notes = top(board).parent / f"notes-{top(board).name}.txt"  # outside the clone
    notes.write_text(f"A {kind} with {customer}.\n", encoding="utf-8")
    args = ["evidence", "add", "--board", str(board), "--team", "checkout", "--kind", kind, "--customer", customer]
    assert (
        main([*args, "--date", "2026-07-08", "--with", "Ana Ruiz", "--supports", "one-click-pay", "--body", str(notes)])
        == 0
    )


async def test_the_notes_of_a_sync_are_on_the_status_line_and_whole_in_the_messages_log(tmp_path: Path) -> None:
    from trioboard.tui.messages_log import MessagesLog

    remote = Remote(tmp_path)
    a, b = remote.clone("a"), remote.clone("b")
    record_evidence(a, "buyer-7", "interview")
    Workspace(a).sync()
    record_evidence(b, "buyer-7", "support")  # the same file name: sync keeps both, renaming mine
    same = "evidence/2026-07-08-checkout-buyer-7.md"
    note = f"note: {same} was also recorded on origin/main: yours is now evidence/2026-07-08-checkout-buyer-7-2.md"
    app = TrioboardApp(b, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        status = app.query_one(StatusLine)
        await until(pilot, lambda: "✓" in text_of(status))
        assert "synced with origin/main: 1 in, 1 out" in text_of(status)
        assert "note: evidence/" in text_of(status)  # the status line says there is a note, cut or not
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, MessagesLog), what="the messages log")
        assert note in " ".join(text_of(app.screen.query_one("#messages-body")).split())
    assert "A support with buyer-7." in remote.board_file("evidence/2026-07-08-checkout-buyer-7-2.md")
