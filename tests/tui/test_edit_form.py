"""Issue 10, defect 6: everything a user can change in the YAML, they can change in the edit form.

`e` shows depends_on (items), tags, links and notes of every kind, prefilled;
Save commits only what changed, as one commit; a refusal keeps the form, with
everything typed, and says why at the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Form, field_id

from helpers import commits, demo_repo, git, subjects
from helpers.tui import SIZES, committed, detail_text, loaded, until


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COLORFGBG", raising=False)
    return demo_repo(tmp_path)


async def open_form(app: TrioboardApp, pilot: object, node: str) -> Form:
    app.go_to(node)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    form = app.screen
    assert isinstance(form, Form), f"e on {node} opens its form"
    return form


def field(form: Form, name: str) -> Input:
    return form.query_one(f"#{field_id(name)}", Input)


def notes(form: Form) -> TextArea:
    return form.query_one(f"#{field_id('notes')}", TextArea)


@pytest.mark.parametrize("size", SIZES)
async def test_edit_form_sets_dependencies_tags_links_and_notes_of_an_item(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        form = await open_form(app, pilot, "one-click-pay")
        assert field(form, "depends_on").value == "tokenize-cards"
        assert (field(form, "tags").value, field(form, "links").value, notes(form).text) == ("", "", "")
        field(form, "depends_on").value = "tokenize-cards, saved-carts"
        field(form, "tags").value = "mobile,conversion"
        field(form, "links").value = "https://wiki.example.com/one-click"
        notes(form).text = "Pilot with 5% of renters.\nThen everyone."
        field(form, "title").focus()
        await committed(app, pilot, board, "enter")
        assert subjects(board, 1) == ["Update item one-click-pay: set dependencies, set tags, set links, set notes"]
        body = git(board, "log", "-1", "--format=%b")
        assert "The new notes:\nPilot with 5% of renters.\nThen everyone.\n" in body
        text = (board / "teams" / "checkout.yaml").read_text()
        assert (
            "    depends_on: [tokenize-cards, saved-carts]   # payments has to ship card tokens first\n"
            "    impact:\n"
            "      outcome: checkout-conversion\n"
            "      expect: 3\n"
            "      confidence: 0.5\n"
            "    owner: Chen Li\n"
            "    assumptions:\n"
            "      - text: Renters trust us to keep their card for next time\n"
            "        kind: desirability\n"
            "        risk: high\n"
            '        test: Fake door "Save this card" for 5% of mobile renters\n'
            "        result: untested\n"
            "    notes: |\n"
            "      Pilot with 5% of renters.\n"
            "      Then everyone.\n"
            "    links: ['https://wiki.example.com/one-click']\n"
            "    tags: [mobile, conversion]\n"
            "  - id: saved-carts\n"
        ) in text
        # Only those lines changed: the rest of the file is as it was, byte for byte.
        changed = [
            line
            for line in git(board, "diff", "HEAD~1", "--unified=0").splitlines()
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ]
        assert changed[0] == "-    depends_on: [tokenize-cards]   # payments has to ship card tokens first"
        assert len(changed) == 7
        assert app.screen is not form, "the form closes once the edit landed"
        # The detail pane shows all of it, on the node still highlighted.
        await until(pilot, lambda: "tags mobile, conversion" in detail_text(app))
        shown = detail_text(app)
        assert "notes\n  Pilot with 5% of renters.\n  Then everyone.\n" in shown
        assert "link https://wiki.example.com/one-click\n" in shown
        assert "depends on" in shown and "saved-carts" in shown.split("depends on", 1)[1]


@pytest.mark.parametrize("size", SIZES)
async def test_a_bad_tag_keeps_the_form_and_says_why_at_the_field(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        before = commits(board)
        form = await open_form(app, pilot, "saved-carts")
        field(form, "tags").value = "mobile, Not An Id"
        notes(form).focus()
        await pilot.press("end", "T", "y", "p", "e", "d", "enter", "K", "e", "p", "t")
        assert notes(form).text == "Typed\nKept", "Enter in the notes starts a new line"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at("tags") != "")
        assert app.screen is form
        assert form.error_at("tags") == "a tag is an id: 'Not An Id', which is not a valid id"
        assert field(form, "tags").value == "mobile, Not An Id"
        assert notes(form).text == "Typed\nKept"
        assert commits(board) == before
        field(form, "tags").value = "mobile"
        await committed(app, pilot, board, "enter")
        assert subjects(board, 1) == ["Update item saved-carts: set tags, set notes"]
        assert "    tags: [mobile]\n" in (board / "teams" / "checkout.yaml").read_text()


@pytest.mark.parametrize("size", SIZES)
async def test_an_item_cannot_depend_on_itself_from_the_form(board: Path, size: tuple[int, int]) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        form = await open_form(app, pilot, "guest-checkout")
        field(form, "depends_on").value = "guest-checkout"
        await pilot.press("enter")
        await until(pilot, lambda: form.error_at("depends_on") != "")
        assert "cannot depend on itself" in form.error_at("depends_on")
        assert app.screen is form


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("node", "file", "key", "value", "subject", "written"),
    [
        (
            "grow-retention",
            "board.yaml",
            "notes",
            "Measured by finance.\nReviewed monthly.",
            "Set notes of goal grow-retention",
            "    notes: |\n      Measured by finance.\n      Reviewed monthly.\n",
        ),
        (
            "checkout",
            "teams/checkout.yaml",
            "tags",
            "web, core",
            "Set tags of team checkout to web, core",
            "tags: [web, core]\n",
        ),
        (
            "checkout-conversion",
            "teams/checkout.yaml",
            "links",
            "https://dash.example.com/conversion",
            "Set links of outcome checkout-conversion",
            "    links: ['https://dash.example.com/conversion']\n",
        ),
    ],
)
async def test_goals_teams_and_outcomes_have_notes_links_and_tags(
    board: Path, size: tuple[int, int], node: str, file: str, key: str, value: str, subject: str, written: str
) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        if node == "checkout":
            await pilot.press("2")
            await pilot.pause()
        form = await open_form(app, pilot, node)
        assert {"notes", "links", "tags"} <= set(form._values())
        if key == "notes":
            notes(form).text = value
        else:
            field(form, key).value = value
        form.query_one(f"#{field_id(form._fields[0].name)}").focus()
        await committed(app, pilot, board, "enter")
        assert subjects(board, 1) == [subject]
        assert written in (board / file).read_text()


@pytest.mark.parametrize("size", SIZES)
async def test_the_forms_buttons_are_whole_on_screen(board: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Button

    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        for node in ("one-click-pay", "checkout", "grow-revenue"):
            form = await open_form(app, pilot, node)
            await pilot.pause()
            dialog = form.query_one(".dialog")
            inside = dialog.content_region
            for button in form.query(Button):
                region = button.region
                assert region.height == 3 and str(button.label) in ("Save", "Cancel")
                assert inside.y <= region.y and region.bottom <= inside.bottom, f"{button.label} cut at {size}"
            form.dismiss(None)
            await pilot.pause()


async def test_the_item_form_uses_the_height_there_is(board: Path) -> None:
    # At 120x40 it scrolled its fields while seven rows stayed empty below the dialog.
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        form = await open_form(app, pilot, "one-click-pay")
        await pilot.pause()
        fields = form.query_one(".form-fields")
        assert fields.max_scroll_y == 0, f"{fields.virtual_size.height} rows of fields in {fields.size.height}"
