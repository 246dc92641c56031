"""The Impact view (6), `c` to check a measure in, and measures and impacts in the detail pane (SPEC 10)."""

from __future__ import annotations

import datetime
import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList, TextArea

from trioboard.core.results import CheckIn
from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Form, field_id
from trioboard.tui.widgets import Impact, StatusLine
from trioboard.workspace import measure_history

from helpers import commits, git, write_board
from helpers.impact_history import TODAY, impact_repo
from helpers.tui import SIZES, committed, detail_text, loaded, notices, text_of, until

DAY = datetime.date.fromisoformat(TODAY)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return impact_repo(tmp_path / "board")


def rows(app: TrioboardApp) -> list[str]:
    """The Impact list, a line of text per screen line."""
    listing = app.query_one(Impact).query_one("#impact-list", OptionList)
    return [line for o in listing.options for line in str(getattr(o.prompt, "plain", o.prompt)).split("\n")]


def series_shown(app: TrioboardApp) -> bool:
    return not any("reading check-ins" in line for line in rows(app))


async def show_impact(app: TrioboardApp, pilot: object) -> None:
    await loaded(app, pilot)  # type: ignore[arg-type]
    await pilot.press("6")  # type: ignore[attr-defined]
    await until(pilot, lambda: app.active_tab == "impact" and series_shown(app), what="the check-ins")  # type: ignore[arg-type]


def field(form: Form, name: str) -> Input:
    return form.query_one(f"#{field_id(name)}", Input)


@pytest.mark.parametrize("size", SIZES)
async def test_each_measure_with_its_state_bar_confidence_check_ins_and_movers(
    board: Path, size: tuple[int, int]
) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=size) as pilot:
        await show_impact(app, pilot)
        shown = rows(app)
        wide = size[0] >= 120
        bar = "█████░░░░░░░░░░░" if wide else "███░░░░░░░"
        assert shown[0] == "MEASURED · 5"
        assert shown[1].startswith("? 40% no confidence given  grow-revenue  Grow revenue")
        assert shown[3].startswith("▲ 31% on track  checkout-conversion  checkout  Raise checkout conversion")
        # The baseline, the way to the target filled as far as the value, the target; its series from git.
        assert shown[4] == f"   62% {bar} 70%  now 64.5%  conf 0.7  ▁▂▃ 3 check-ins"
        assert shown[5] == "     ↳ one-click-pay  expects 3% (conf 0.5)  did 1.2%  done"
        # Behind its baseline: ◀, off track in words; the title's markup is shown as typed.
        assert shown[6] == "▼ -25% off track  page-speed  checkout  [bold]Faster[/] pages"
        assert shown[7].startswith("   1200 ms ◀░░░")
        assert shown[8] == "     ↳ lazy-images  expects 200 ms  actual —  planned"
        assert shown[9] == "✓ held reached  referral-share  growth  Keep referrals above 5% of sign-ups"
        assert shown[10].startswith("   4% ") and "▶ 5%  now 5.2%  conf 0.9  █ 1 check-in" in shown[10]
        assert shown[11] == "· not measured yet  activation  growth  More teams active in week one"
        assert shown[12].endswith("45%  conf —  no check-in in git yet")
        assert shown[13:] == [
            "NO MEASURE YET · 2",
            "· outcome fewer-abandoned  checkout  Fewer abandoned bookings  serves grow-revenue",
            "· item saved-carts  serves measured checkout-conversion, no expected impact  planned",
        ]
        summary = text_of(app.query_one("#impact-summary"))
        assert summary == (
            "5 measures: 1 ✓ reached, 1 ▲ on track, 1 ▼ off track, 1 ? no confidence given, 1 · not measured yet"
            " · 8 check-ins in git"
        )


async def test_the_board_is_shown_before_git_is_read(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate, reading = threading.Event(), threading.Event()
    real = measure_history.measure_series

    def slow(root: Path, revisions: list[str] | None = None) -> dict[str, list[CheckIn]]:
        reading.set()
        assert gate.wait(20), "the test never let the check-ins through"
        return real(root, revisions)

    monkeypatch.setattr(measure_history, "measure_series", slow)
    app = TrioboardApp(board, watch=False, today=DAY)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(app, pilot)
            await pilot.press("6")
            await until(pilot, reading.is_set, what="the check-ins to be asked for")
            await until(pilot, lambda: any("checkout-conversion" in line for line in rows(app)), what="the rows")
            assert any(line.endswith("conf 0.7  … reading check-ins") for line in rows(app))
            assert text_of(app.query_one("#impact-summary")).endswith(" · reading check-ins from git…")
            gate.set()
            await until(pilot, lambda: series_shown(app), what="the check-ins")
            assert any("▁▂▃ 3 check-ins" in line for line in rows(app))
    finally:
        gate.set()


async def test_the_selection_follows_the_highlighted_row_and_the_detail_pane_shows_it(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_impact(app, pilot)
        assert app.selected == "grow-revenue"
        await pilot.press("down")
        await until(pilot, lambda: app.selected == "checkout-conversion")
        await until(pilot, lambda: "OUTCOME checkout-conversion" in detail_text(app))
        shown = detail_text(app)
        assert "MEASURE checkout conversion\n" in shown
        assert "baseline 62% → current 64.5% → target 70%\n" in shown
        assert "progress 31% of the way   ▲ on track\n" in shown
        assert "confidence 0.7\nas of 2026-06-01\nby 2026-09-30\nsource https://metabase.example/q/812\n" in shown
        await pilot.press("j")
        await until(pilot, lambda: "ITEM one-click-pay" in detail_text(app))
        assert app.selected == "one-click-pay"
        shown = detail_text(app)
        assert "IMPACT on checkout-conversion\nmeasured by checkout conversion\nexpect 3%\n" in shown
        assert "confidence 0.5\nactual 1.2%\n" in shown


async def test_the_detail_pane_of_any_view_shows_the_measure_or_impact(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("page-speed")
        await until(pilot, lambda: "OUTCOME page-speed" in detail_text(app))
        assert app.active_tab == "strategy"
        shown = detail_text(app)
        assert "baseline 1200 ms → current 1300 ms → target 800 ms" in shown.replace("\n", " ")
        assert "▼ off track" in shown
        app.go_to("lazy-images")
        await until(pilot, lambda: "ITEM lazy-images" in detail_text(app))
        assert "IMPACT on page-speed" in detail_text(app)
        assert "actual — (not shipped yet)" in detail_text(app)
        app.go_to("fewer-abandoned")
        await until(pilot, lambda: "OUTCOME fewer-abandoned" in detail_text(app))
        assert "no measure yet" in detail_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_c_checks_in_the_highlighted_measure_in_one_commit(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=size) as pilot:
        await show_impact(app, pilot)
        app.go_to("checkout-conversion")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, Form))
        form = app.screen
        assert isinstance(form, Form)
        assert field(form, "confidence").value == "0.7", "the confidence starts as it is"
        assert field(form, "as_of").value == TODAY, "as of starts today"
        await pilot.press(*"66.5", "tab", "ctrl+u", *"0.6", "tab", "tab")
        await pilot.press(*"Funnel fix shipped")
        before = commits(board)
        await committed(app, pilot, board, "ctrl+s")
        assert commits(board) == before + 1
        subject = git(board, "log", "-1", "--format=%s").strip()
        assert subject == "Check in checkout-conversion: 66.5% (baseline 62, target 70), confidence 0.6 (was 0.7)"
        assert "Note: Funnel fix shipped" in git(board, "log", "-1", "--format=%b")
        assert git(board, "show", "--name-only", "--format=", "HEAD") == "teams/checkout.yaml\n"
        written = (board / "teams" / "checkout.yaml").read_text()
        assert "      current: 66.5\n      as_of: 2026-06-20\n      confidence: 0.6\n" in written
        # The view reads the new check-in from git, and the cursor stays on the measure.
        await until(pilot, lambda: any("now 66.5%  conf 0.6  ▁▂▃▅ 4 check-ins" in line for line in rows(app)))
        assert app.selected == "checkout-conversion"


async def test_a_refused_value_keeps_what_was_typed_and_says_why_at_the_field(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("checkout-conversion")  # from the strategy tree: c works wherever a measure is highlighted
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, Form))
        form = app.screen
        assert isinstance(form, Form)
        before = commits(board)
        await pilot.press(*"about 66", "tab", "ctrl+u", *"1.5")
        form.query_one(f"#{field_id('note')}", TextArea).text = "Kept\nas typed"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at("current") != "", what="the refusal at the value")
        assert "about 66" in form.error_at("current") and "number" in form.error_at("current")
        assert form.is_current, "the form stays open"
        assert field(form, "current").value == "about 66"
        assert field(form, "confidence").value == "1.5"
        assert commits(board) == before
        field(form, "current").value = "66"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at("confidence") != "", what="the refusal at the confidence")
        assert "0" in form.error_at("confidence") and "1" in form.error_at("confidence")
        assert form.error_at("current") == ""
        assert form.query_one(f"#{field_id('note')}", TextArea).text == "Kept\nas typed"
        assert commits(board) == before
        field(form, "confidence").value = "0.65"
        await committed(app, pilot, board, "ctrl+s")
        assert (
            git(board, "log", "-1", "--format=%s")
            .strip()
            .endswith("66% (baseline 62, target 70), confidence 0.65 (was 0.7)")
        )
        assert "Note: Kept\nas typed" in git(board, "log", "-1", "--format=%b")


@pytest.mark.parametrize("node", ["fewer-abandoned", "saved-carts", "checkout"])
async def test_c_on_a_node_without_a_measure_says_so_and_does_nothing(board: Path, node: str) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to(node)
        await until(pilot, lambda: app.selected == node)
        before = commits(board)
        await pilot.press("c")
        await until(pilot, lambda: "No measure to check in" in text_of(app.query_one(StatusLine)))
        assert node in text_of(app.query_one(StatusLine))
        assert len(app.screen_stack) == 1
        assert commits(board) == before


async def test_c_is_not_offered_on_a_read_only_board(board: Path) -> None:
    app = TrioboardApp(board, watch=False, read_only=True, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_impact(app, pilot)
        app.go_to("checkout-conversion")
        await pilot.press("c")
        await until(pilot, lambda: any("Read-only" in n for n in notices(app)), what="the read-only notice")
        assert len(app.screen_stack) == 1
        assert "Check in" not in {c.title for c in app.get_system_commands(app.screen)}


async def test_a_check_in_from_elsewhere_shows_in_the_open_view(board: Path) -> None:
    app = TrioboardApp(board, today=DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_impact(app, pilot)
        await pilot.press("down")
        await until(pilot, lambda: app.selected == "checkout-conversion")
        path = board / "teams" / "checkout.yaml"
        path.write_text(path.read_text().replace("current: 64.5", "current: 69"))
        env = {"GIT_AUTHOR_NAME": "Lena Fischer", "GIT_AUTHOR_EMAIL": "lena@example.com"}
        git(board, "commit", "-qam", "Check in checkout-conversion: 69%", env=env)
        await until(pilot, lambda: any("now 69%  conf 0.7  ▁▂▃█ 4 check-ins" in line for line in rows(app)))
        assert app.selected == "checkout-conversion"
        assert "current 69%" in detail_text(app)


HOSTILE = """\
id: checkout
name: Checkout
outcomes:
  - id: conversion
    title: "Conversion [@click=app.quit]now[/]"
    goals: [grow]
    measure:
      metric: "rate [bold]of[/] checkout"
      unit: "[i]pp"
      baseline: 1
      target: 2
      current: 1.5
      as_of: 2026-06-01
      confidence: 0.5
"""


async def test_markup_in_a_measure_is_shown_as_typed(tmp_path: Path) -> None:
    board = tmp_path / "board"
    write_board(board, "name: B\ngoals:\n  - id: grow\n    title: Grow\n", {"checkout": HOSTILE})
    git(board, "init", "-q", "-b", "main")
    git(board, "add", "-A")
    git(board, "commit", "-qm", "Start")
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_impact(app, pilot)
        shown = rows(app)
        assert shown[1] == "◆ 50% at risk  conversion  checkout  Conversion [@click=app.quit]now[/]"
        assert shown[2].startswith("   1 [i]pp ") and "2 [i]pp  now 1.5 [i]pp" in shown[2]
        await until(pilot, lambda: "MEASURE rate [bold]of[/] checkout" in detail_text(app))
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, Form))
        assert "Check in outcome conversion: rate [bold]of[/] checkout" in text_of(app.screen.query_one(Label))
        assert app.is_running


async def test_the_list_is_as_high_as_its_rows_have_lines(board: Path) -> None:
    """The Impact list counts its rows' lines instead of laying each out (`RowList`): the count must be Textual's."""
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_impact(app, pilot)
        listing = app.query_one(Impact).query_one("#impact-list", OptionList)
        assert listing.virtual_size.height == len(rows(app)) == 16
        styles, width = listing.styles, listing.virtual_size.width
        # What OptionList itself would count: each option laid out at the list's width.
        laid_out = 0
        for option in listing.options:
            laid_out += listing._get_visual(option).get_height(styles, width)  # type: ignore[arg-type]
        assert laid_out == len(rows(app))
