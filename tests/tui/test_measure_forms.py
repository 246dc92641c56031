"""`#` gives a goal or outcome a measure (or changes it) and `i` says what an item is expected to move:
one form each, one commit each, refusals at the field with what was typed kept."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Form, field_id
from trioboard.tui.widgets import StatusLine

from helpers import commit_all, commits, git
from helpers.impact_history import TODAY, impact_repo
from helpers.tui import SIZES, committed, loaded, notices, text_of, until

DAY = datetime.date.fromisoformat(TODAY)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return impact_repo(tmp_path / "board")


def field(form: Form, name: str) -> Input:
    return form.query_one(f"#{field_id(name)}", Input)


def choice(form: Form, name: str) -> object:
    return form.query_one(f"#{field_id(name)}", Select).value


def checkout(board: Path) -> str:
    return (board / "teams" / "checkout.yaml").read_text()


def status(app: TrioboardApp) -> str:
    return text_of(app.query_one(StatusLine))


def last_subject(board: Path) -> str:
    return git(board, "log", "-1", "--format=%s").strip()


async def open_form(app: TrioboardApp, pilot: object, node: str, key: str) -> Form:
    await loaded(app, pilot)  # type: ignore[arg-type]
    app.go_to(node)
    await until(pilot, lambda: app.selected == node, what=f"{node} highlighted")  # type: ignore[arg-type]
    await pilot.press(key)  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, Form), what="the form")  # type: ignore[arg-type]
    assert isinstance(app.screen, Form)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_hash_gives_an_outcome_a_measure_in_one_commit(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=size) as pilot:
        form = await open_form(app, pilot, "fewer-abandoned", "#")
        assert choice(form, "direction") == "increase", "the default direction is shown"
        await pilot.press(*"abandoned bookings", "tab", "%", "tab", "tab", *"30", "tab", *"20", "tab", *"2026-12-31")
        form.query_one(f"#{field_id('direction')}", Select).value = "decrease"
        before = commits(board)
        await committed(app, pilot, board, "ctrl+s")
        assert commits(board) == before + 1
        assert last_subject(board) == "Measure fewer-abandoned: abandoned bookings from 30% to 20%"
        assert "by 2026-12-31" in git(board, "log", "-1", "--format=%b")
        assert git(board, "show", "--name-only", "--format=", "HEAD") == "teams/checkout.yaml\n"
        assert (
            "    goals: [grow-revenue]\n    measure:\n      metric: abandoned bookings\n      unit: '%'\n"
            "      direction: decrease\n      baseline: 30\n      target: 20\n      by: 2026-12-31\n"
        ) in checkout(board)
        assert app.selected == "fewer-abandoned", "the cursor stays on the outcome"


async def test_hash_on_a_measured_outcome_is_prefilled_and_changes_only_what_changed(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "checkout-conversion", "#")
        shown = {name: field(form, name).value for name in ("metric", "unit", "baseline", "target", "by", "source")}
        assert shown == {
            "metric": "checkout conversion",
            "unit": "%",
            "baseline": "62",
            "target": "70",
            "by": "2026-09-30",
            "source": "https://metabase.example/q/812",
        }
        assert choice(form, "direction") == "increase"
        field(form, "target").value = "72"
        await committed(app, pilot, board, "ctrl+s")
        assert last_subject(board) == "Change the measure of checkout-conversion: target 70 → 72"
        written = checkout(board)
        assert "      baseline: 62\n      target: 72\n      by: 2026-09-30\n      current: 64.5\n" in written
        assert "direction" not in written.split("fewer-abandoned")[0], "the default direction is not written out"


async def test_a_refused_measure_keeps_what_was_typed_and_says_why_at_the_field(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "keep-customers", "#")  # a goal with no measure
        before = commits(board)
        await pilot.press(*"churn", "tab", "tab", "tab", *"about 5", "tab", *"3")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at("baseline") != "", what="the refusal at the baseline")
        assert "number" in form.error_at("baseline")
        assert form.is_current, "the form stays open"
        assert (field(form, "metric").value, field(form, "baseline").value) == ("churn", "about 5")
        field(form, "baseline").value = "3"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at("target") != "", what="the refusal at the target")
        assert "baseline and the target are both 3" in form.error_at("target")
        assert form.error_at("baseline") == ""
        assert commits(board) == before
        assert "measure" not in (board / "board.yaml").read_text().split("keep-customers")[1]
        field(form, "target").value = "2"
        await committed(app, pilot, board, "ctrl+s")
        assert last_subject(board) == "Measure keep-customers: churn from 3 to 2"


async def test_hash_on_an_item_or_team_says_what_to_select(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("saved-carts")
        await until(pilot, lambda: app.selected == "saved-carts")
        await pilot.press("#")
        await until(pilot, lambda: any("Select a goal or outcome first" in n for n in notices(app)))
        assert len(app.screen_stack) == 1


async def test_i_says_what_an_item_is_expected_to_move(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "saved-carts", "i")
        assert choice(form, "outcome") == "checkout-conversion", "the measured outcome it serves"
        assert not form.query(f"#{field_id('actual')}"), "no actual before there is an expectation"
        await pilot.press("tab", *"2", "tab", *"0.4")
        await committed(app, pilot, board, "ctrl+s")
        assert last_subject(board) == "Expect saved-carts to move checkout-conversion by 2%, confidence 0.4"
        assert (
            "    outcomes: [checkout-conversion]\n    horizon: now\n    impact:\n"
            "      outcome: checkout-conversion\n      expect: 2\n      confidence: 0.4\n"
        ) in checkout(board)


async def test_i_with_a_new_actual_sets_it_and_what_changed_with_it_in_one_commit(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "one-click-pay", "i")
        shown = {name: field(form, name).value for name in ("expect", "confidence", "actual")}
        assert shown == {"expect": "3", "confidence": "0.5", "actual": "1.2"}
        field(form, "actual").value = "lots"
        before = commits(board)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at("actual") != "", what="the refusal at the actual")
        assert "number" in form.error_at("actual") and field(form, "actual").value == "lots"
        assert commits(board) == before
        field(form, "actual").value = "1.5"
        field(form, "confidence").value = "0.6"
        await committed(app, pilot, board, "ctrl+s")
        assert commits(board) == before + 1
        assert "impact.confidence" in last_subject(board) and "impact.actual" in last_subject(board)
        assert "      expect: 3\n      confidence: 0.6\n      actual: 1.5\n" in checkout(board)


async def test_i_changing_the_expectation_commits_the_impact_edit(board: Path) -> None:
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "one-click-pay", "i")
        field(form, "expect").value = "4"
        await committed(app, pilot, board, "ctrl+s")
        assert last_subject(board) == "Expect one-click-pay to move checkout-conversion by 4%, confidence 0.5"
        assert "      expect: 4\n      confidence: 0.5\n      actual: 1.2\n" in checkout(board)


async def test_i_on_an_item_serving_no_measured_outcome_says_how_to_get_one(tmp_path: Path) -> None:
    board = impact_repo(tmp_path / "board")
    with (board / "teams" / "checkout.yaml").open("a") as team:
        team.write("  - id: new-copy\n    title: New copy\n    outcomes: [fewer-abandoned]\n    horizon: now\n")
    commit_all(board, "An item serving an outcome with no measure")
    app = TrioboardApp(board, watch=False, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        before = commits(board)
        for node, said in (("checkout", "Select an item first"), ("new-copy", "serves no outcome with a measure")):
            app.go_to(node)
            await until(pilot, lambda node=node: app.selected == node)  # type: ignore[misc]
            await pilot.press("i")
            await until(pilot, lambda said=said: said in status(app) + "".join(notices(app)), what=said)  # type: ignore[misc]
            assert len(app.screen_stack) == 1
        assert commits(board) == before


@pytest.mark.parametrize("key", ["#", "i"])
async def test_the_forms_are_not_offered_on_a_read_only_board(board: Path, key: str) -> None:
    app = TrioboardApp(board, watch=False, read_only=True, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.go_to("one-click-pay" if key == "i" else "checkout-conversion")
        await pilot.press(key)
        await until(pilot, lambda: any("Read-only" in n for n in notices(app)), what="the read-only notice")
        assert len(app.screen_stack) == 1
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert not {"Measure", "Expected impact"} & titles
