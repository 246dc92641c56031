"""SPEC 11 in the TUI: the Discovery view (7), recording a touchpoint (E), reading one (Enter)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static, TabbedContent, TextArea

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import field_id
from trioboard.tui.evidence_dialogs import EvidenceForm, EvidenceViewer
from trioboard.tui.widgets import DiscoveryTree, StrategyTree

from helpers import commits, git, subjects
from helpers.discovery_tui import TODAY, discovery_board, fixed_today
from helpers.evidence import write_evidence
from helpers.tui import SIZES, detail_text, loaded, text_of, until


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    fixed_today(monkeypatch)
    return discovery_board(tmp_path)


def tree_lines(tree: DiscoveryTree | StrategyTree) -> list[str]:
    """Each line of a tree as shown: indented by depth, its label's plain text."""
    return ["  " * (len(line.path) - 1) + line.node.label.plain for line in tree._tree_lines]  # type: ignore[union-attr]


async def discovery(app: TrioboardApp, pilot: Pilot[None]) -> DiscoveryTree:
    """Open the Discovery view with every line open."""
    await loaded(app, pilot)
    await pilot.press("7")
    await until(pilot, lambda: app.active_tab == "discovery", what="the Discovery view")
    tree = app.query_one(DiscoveryTree)
    await until(pilot, lambda: tree.has_focus and tree.cursor_node is not None, what="the tree")
    await pilot.press("asterisk")
    await pilot.pause()
    return tree


@pytest.mark.parametrize("size", SIZES)
async def test_the_discovery_view_shows_outcome_opportunities_items_and_the_evidence(
    board: Path, size: tuple[int, int]
) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        tree = await discovery(app, pilot)
        assert tree_lines(tree) == [
            "■ checkout  Checkout  3 opportunities",
            "  Touchpoints (2)  ··········██  last 2026-07-08  ▲ below the discovery policy",
            "    2026-07-08 interview  buyer-7 (smb)  with Ana Ruiz, Ben Ode",
            "    2026-06-30 support  buyer-9  with Ana Ruiz",
            "  ◆ conversion  Raise conversion  (checkout)",
            "    ◇ mobile-friction  Buying on a phone is a chore  no evidence",
            # A title's markup is shown as written, never interpreted.
            "      ◇ card-reentry  [bold]Returning[/] buyers re-type card details  +1 −1 · 1 customer",
            "        one-click-pay  now  One-click pay  · 2 assumptions: 1 refuted, 1 untested",
            "          ○ untested  high desirability  Buyers trust us to store their card",
            "          ✗ refuted  medium feasibility  The bank lets us keep a token",
            "        + supports  2026-07-08 interview  buyer-7 (smb)  with Ana Ruiz, Ben Ode",
            "        − challenges  2026-06-30 support  buyer-9  with Ana Ruiz",
            "  ⚠ no link — 1 opportunity serving no outcome",
            "    ◇ slow-search  Buyers cannot find the size they want  no evidence  (parked)",
            "■ search  Search  no opportunity yet",
            "  Touchpoints (0)  ············  none recorded  ▲ below the discovery policy",
            "  ◆ findability  Find it first time  (search)  no opportunity yet",
        ]
        header = text_of(app.query_one("#discovery-cadence", Static))
        assert header.splitlines() == [
            "checkout  ··········██  last 2026-07-08 · 2 customers · touchpoints a week, 12 weeks",
            "▲ below the discovery policy: 2 touchpoints in the window, it asks 3; "
            "engineering lead Chen Li took part in none",
        ]


async def test_the_highlighted_line_drives_the_detail_pane_and_the_cadence(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await discovery(app, pilot)
        app.go_to("card-reentry")
        await until(pilot, lambda: app.selected == "card-reentry", what="card-reentry")
        shown = detail_text(app)
        assert "OPPORTUNITY card-reentry" in shown
        assert "parent: mobile-friction" in shown
        assert "→ through its parent: conversion" in shown
        assert "evidence 1 supporting, 1 challenging · 1 customer" in shown
        assert "▲ fewer customers than the policy asks (2)" in shown
        assert "answered by: one-click-pay" in shown
        await pilot.press("down")  # its item
        await until(pilot, lambda: app.selected == "one-click-pay", what="the item")
        shown = detail_text(app)
        assert "answers: card-reentry" in shown
        assert "○ untested  high desirability  Buyers trust us to store their card" in shown
        assert "test: Fake door for 5% of mobile buyers" in shown
        assert app.active_view.select_id("facets") is False  # not answering an opportunity: not in this view
        app.go_to("findability")
        await until(pilot, lambda: app.selected == "findability", what="search's outcome")
        header = text_of(app.query_one("#discovery-cadence", Static))
        assert header.startswith("search  ············  none recorded")
        assert "none recorded" in header


async def test_enter_on_a_piece_of_evidence_shows_it_whole_and_literally(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await discovery(app, pilot)
        app.go_to("evidence/2026-07-08-checkout-buyer-7.md")
        await until(pilot, lambda: app.selected == "evidence/2026-07-08-checkout-buyer-7.md", what="the evidence")
        assert "customer   buyer-7" in detail_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EvidenceViewer), what="the evidence shown")
        body = app.screen.query_one(TextArea)
        await until(pilot, lambda: "gave up" in body.text, what="its body")
        assert body.text == "She said: “I gave up at the card form.” [red]not markup[/]"
        head = text_of(app.screen.query_one("#evidence-head", Static))
        assert "supports   card-reentry" in head
        assert "with       Ana Ruiz, Ben Ode" in head
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, EvidenceViewer), what="the viewer closed")
        assert app.selected == "evidence/2026-07-08-checkout-buyer-7.md"


async def test_a_body_of_100000_characters_opens_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_today(monkeypatch)
    body = ("A long note about the card form, and what else we heard. " * 1800)[:99_990] + "\nTHE END\n"
    board = discovery_board(tmp_path, body=body)
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await discovery(app, pilot)
        app.go_to("evidence/2026-07-08-checkout-buyer-7.md")
        await until(pilot, lambda: app.selected is not None and app.selected.startswith("evidence/"))
        started = time.monotonic()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EvidenceViewer), what="the evidence shown")
        area = app.screen.query_one(TextArea)
        await until(pilot, lambda: area.text.endswith("THE END"), what="the whole body")
        await pilot.press("ctrl+end", "down", "up")
        await pilot.pause()
        assert time.monotonic() - started < 5  # generous: a busy machine; it takes a fraction of that
        assert area.document.line_count == 2


async def test_e_records_a_touchpoint_and_commits_the_evidence_file(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await discovery(app, pilot)
        app.go_to("card-reentry")
        await until(pilot, lambda: app.selected == "card-reentry")
        before = commits(board)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EvidenceForm), what="the form")
        form = app.screen
        assert form.query_one(f"#{field_id('date')}", Input).value == TODAY.isoformat()
        assert str(form.query_one(f"#{field_id('team')}").value) == "checkout"  # type: ignore[attr-defined]
        names = form.query_one(f"#{field_id('with')}", SelectionList)
        assert [str(names.get_option_at_index(n).prompt) for n in range(names.option_count)] == [
            "Ana Ruiz",
            "Ben Ode",
            "Chen Li",
        ]
        names.select("Ana Ruiz")
        names.select("Chen Li")
        form.query_one(f"#{field_id('customer')}", Input).value = "buyer-12"
        supports = form.query_one(f"#{field_id('supports')}", Input)
        supports.focus()
        await pilot.press(*"card-r")
        await until(pilot, lambda: supports._suggestion == "card-reentry", what="the id completed")
        await pilot.press("right")  # take the completion
        assert supports.value == "card-reentry"
        form.query_one(f"#{field_id('body')}", TextArea).text = "Wants to pay\nwith one tap."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: commits(board) == before + 1, what="one commit")
        await until(pilot, lambda: not isinstance(app.screen, EvidenceForm), what="the form closed")
        assert subjects(board, 1) == ["Record an interview with buyer-12 (checkout, 2026-07-10)"]
        written = (board / "evidence" / "2026-07-10-checkout-buyer-12.md").read_text(encoding="utf-8")
        assert written == (
            "---\ndate: 2026-07-10\nteam: checkout\nkind: interview\nwith: [Ana Ruiz, Chen Li]\n"
            "customer: buyer-12\nsupports: [card-reentry]\nchallenges: []\n---\nWants to pay\nwith one tap.\n"
        )
        assert git(board, "status", "--porcelain") == ""
        tree = app.query_one(DiscoveryTree)
        await until(pilot, lambda: any("buyer-12" in line for line in tree_lines(tree)), what="the new touchpoint")
        assert "Touchpoints (3)" in "\n".join(tree_lines(tree))


@pytest.mark.parametrize(
    ("field", "typed", "why"),
    [
        ("customer", "ana.ruiz@example.com", "the customer looks like an email address or a phone number"),
        ("supports", "card-reentry, ghost", "supports ghost: no such opportunity or item on this board"),
        ("date", "8 July", "'8 July' is not a date: write it YYYY-MM-DD"),
    ],
)
async def test_a_refused_touchpoint_keeps_what_was_typed_and_says_why_at_the_field(
    board: Path, field: str, typed: str, why: str
) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await discovery(app, pilot)
        before = commits(board)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EvidenceForm), what="the form")
        form = app.screen
        assert isinstance(form, EvidenceForm)
        values = {"customer": "buyer-3", "segment": "smb"}
        values[field] = typed
        for name, value in values.items():
            form.query_one(f"#{field_id(name)}", Input).value = value
        form.query_one(f"#{field_id('body')}", TextArea).text = "Notes kept"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.error_at(field) != "", what="the refusal at the field")
        assert form.error_at(field).startswith(why)
        assert app.screen is form
        for name, value in values.items():
            assert form.query_one(f"#{field_id(name)}", Input).value == value
        assert form.query_one(f"#{field_id('body')}", TextArea).text == "Notes kept"
        assert commits(board) == before
        assert not (board / "evidence" / "2026-07-10-checkout-buyer-3.md").exists()


async def test_the_strategy_tree_shows_opportunities_between_outcomes_and_items(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("asterisk")
        await pilot.pause()
        lines = tree_lines(app.query_one(StrategyTree))
        at = lines.index("  ◆ conversion  Raise conversion  (checkout)")
        assert lines[at + 1 : at + 5] == [
            "    ◇ mobile-friction  Buying on a phone is a chore  no evidence",
            "      ◇ card-reentry  [bold]Returning[/] buyers re-type card details  +1 −1 · 1 customer",
            "        one-click-pay  now  One-click pay  (checkout)",
            "    saved-addresses  next  Saved addresses  (checkout)",
        ]


async def test_a_board_that_does_no_discovery_keeps_its_tabs_until_7(tmp_path: Path) -> None:
    from helpers import demo_repo, without_discovery

    board = without_discovery(demo_repo(tmp_path))
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        tabs = app.query_one(TabbedContent)
        assert tabs.get_tab("discovery").display is False
        await pilot.press("7")
        await until(pilot, lambda: app.active_tab == "discovery", what="the Discovery view")
        assert tabs.get_tab("discovery").display is True


async def test_the_view_follows_evidence_committed_elsewhere(board: Path) -> None:
    app = TrioboardApp(board)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = await discovery(app, pilot)
        front = "date: 2026-07-09\nteam: checkout\nkind: sales\ncustomer: buyer-99\nsupports: [mobile-friction]\n"
        write_evidence(board, "elsewhere/2026-07-09-checkout-buyer-99.md", front)
        git(board, "add", "-A")
        git(board, "commit", "-qm", "A touchpoint from a script")
        await until(pilot, lambda: any("buyer-99" in line for line in tree_lines(tree)), what="the new evidence")
        assert "◇ mobile-friction  Buying on a phone is a chore  +1 −0 · 1 customer" in "\n".join(tree_lines(tree))


async def test_the_roadmap_shows_the_opportunities_an_item_answers(board: Path) -> None:
    from textual.widgets import OptionList

    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("3")
        await until(pilot, lambda: app.selected == "one-click-pay", what="the Roadmap")
        now = app.query_one("#horizon-now", OptionList)
        assert str(now.get_option_at_index(0).prompt).splitlines() == [
            "one-click-pay  checkout",
            " One-click pay",
            "  ◇ card-reentry",
        ]
        nxt = app.query_one("#horizon-next", OptionList)
        assert str(nxt.get_option_at_index(0).prompt).splitlines() == ["saved-addresses  checkout", " Saved addresses"]


async def test_go_to_an_item_aligned_through_opportunities_opens_the_way_in_the_strategy_tree(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.active_view.select_id("one-click-pay")
        await until(pilot, lambda: app.selected == "one-click-pay", what="the item")
        assert app.active_view.select_id("card-reentry")
        await until(pilot, lambda: app.selected == "card-reentry", what="the opportunity")
        assert "OPPORTUNITY card-reentry" in detail_text(app)


async def test_the_trio_offered_follows_the_team_chosen(board: Path) -> None:
    from textual.widgets import Select

    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await discovery(app, pilot)
        app.go_to("findability")  # search's part of the tree: the form starts on search
        await until(pilot, lambda: app.selected == "findability")
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EvidenceForm), what="the form")
        form = app.screen
        team: Select[str] = form.query_one(f"#{field_id('team')}", Select)
        names = form.query_one(f"#{field_id('with')}", SelectionList)
        assert team.value == "search"
        assert [str(names.get_option_at_index(n).prompt) for n in range(names.option_count)] == ["Dee Park"]
        team.value = "checkout"
        await until(pilot, lambda: names.option_count == 3, what="checkout's trio")
        assert [str(names.get_option_at_index(n).prompt) for n in range(names.option_count)] == [
            "Ana Ruiz",
            "Ben Ode",
            "Chen Li",
        ]


async def test_escape_sequences_in_an_evidence_body_are_never_sent_to_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed_today(monkeypatch)
    board = discovery_board(tmp_path, body="Before\x1b]0;pwned\x07 after\x1b[2J\n[@click=app.quit]x[/]\n")
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await discovery(app, pilot)
        app.go_to("evidence/2026-07-08-checkout-buyer-7.md")
        await until(pilot, lambda: app.selected is not None and app.selected.startswith("evidence/"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EvidenceViewer), what="the evidence shown")
        area = app.screen.query_one(TextArea)
        await until(pilot, lambda: "Before" in area.text, what="its body")
        assert area.text == "Before]0;pwned after[2J\n[@click=app.quit]x[/]"
        assert app.is_running
