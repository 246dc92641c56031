"""`trioboard diff` and `log` on discovery (SPEC 11): opportunities like other nodes, assumption results that changed.

The history is made with the edit engine in a real repository: a first
commit with opportunities and assumptions, then the edits a trio makes in a
week; text, JSON and Markdown are goldens (`UPDATE_GOLDEN=1` rewrites them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.workspace import Workspace

from helpers import git, golden, run

TRUST = "Renters trust us to store their card details for next time"


@pytest.fixture
def week(board: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo board with opportunities and assumptions (tagged `before`), then a week of discovery edits.

    The tests run in the board's directory, so findings name their files as `teams/checkout.yaml`.
    """
    monkeypatch.chdir(board)
    space = Workspace(board)
    op: E.Operation
    for op in (
        E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard", ("checkout-conversion",)),
        E.AddOpportunity("card-reentry", "checkout", "Renters re-type card details", parent="mobile-friction"),
        E.AddOpportunity("slow-quotes", "checkout", "Quotes take long"),
        E.AddOpportunity("deposit-surprise", "checkout", "The deposit comes as a surprise"),
        E.Link("one-click-pay", "card-reentry"),
        E.Assume("one-click-pay", TRUST, "desirability", "high"),
        E.Assume("one-click-pay", "Tokens come back in 200 ms", "feasibility", "medium"),
    ):
        space.edit(op)
    git(board, "tag", "before")
    for op in (
        E.SetFields("one-click-pay", (("assumptions.1.result", "refuted"),)),
        E.SetFields("one-click-pay", (("assumptions.1.risk", "medium"),)),
        E.Assume("one-click-pay", "Banks allow stored cards", "viability", "low"),
        E.AddOpportunity("no-wallet", "checkout", "No wallet payments", ("checkout-conversion",)),
        E.Link("guest-checkout", "no-wallet"),
        E.AddOpportunity("late-refunds", "checkout", "Refunds arrive late", parent="slow-quotes"),
        E.Unlink("one-click-pay", "card-reentry"),
        E.SetFields("card-reentry", (("title", "Renters re-type cards on phones"), ("status", "addressed"))),
        E.SetFields("card-reentry", (("parent", ""),)),
        E.Link("card-reentry", "fewer-abandoned-bookings"),
        E.Move("deposit-surprise", "payments"),
        E.Remove("slow-quotes"),
        E.SetFields("one-click-pay", (("assumptions.2", ""),)),
    ):
        space.edit(op)
    return board


def test_diff_text_reports_opportunities_and_assumptions(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diff", "before", "HEAD", "--board", str(week)], capsys)
    assert (code, err) == (0, "")
    golden("diff-discovery.txt", out)
    assert '  ~ item one-click-pay assumption "Renters trust us to store their card details for next time": ' in out
    assert "untested → refuted" in out
    assert '  + opportunity no-wallet: "No wallet payments" (aligned)\n' in out
    assert "  ~ item one-click-pay assumptions.1.risk: high → medium\n" in out
    # Where its chain breaks (its parent is removed in the same change, so it serves nothing).
    assert '  + opportunity late-refunds: "Refunds arrive late" (no strategy link: it serves no outcome)\n' in out


def test_diff_json_has_assumption_and_opportunity_changes(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "before", "HEAD", "--board", str(week), "--format", "json"], capsys)
    assert code == 0
    golden("diff-discovery.json", out)
    changes = json.loads(out)["changes"]
    assert {
        "change": "assumption",
        "kind": "item",
        "id": "one-click-pay",
        "text": TRUST,
        "from": "untested",
        "to": "refuted",
    } in changes
    assert {
        "change": "moved",
        "kind": "opportunity",
        "id": "deposit-surprise",
        "from": "checkout",
        "to": "payments",
    } in (changes)
    assert {
        "change": "field",
        "kind": "opportunity",
        "id": "card-reentry",
        "field": "parent",
        "from": "mobile-friction",
        "to": None,
    } in changes
    assert {
        "change": "link-added",
        "kind": "item",
        "id": "guest-checkout",
        "target": "no-wallet",
        "link": "answers",
    } in changes
    assert {"change": "removed", "kind": "opportunity", "id": "slow-quotes", "title": "Quotes take long"} in changes


def test_diff_markdown_golden(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "before", "HEAD", "--board", str(week), "--format", "markdown"], capsys)
    assert code == 0
    golden("diff-discovery.md", out)
    assert "| assumption | item | `one-click-pay` |" in out


def test_log_says_what_each_discovery_edit_did(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["log", "--board", str(week), "--format", "json", "-n", "14"], capsys)
    assert code == 0
    summaries = {entry["subject"]: entry["summary"] for entry in json.loads(out)}
    assert summaries["Set result of assumption 1 of item one-click-pay to refuted"] == (
        "one-click-pay: assumption 'Renters trust us to store their card…' untested → refuted"
    )
    assert summaries["Set risk of assumption 1 of item one-click-pay to medium"] == (
        "one-click-pay assumptions.1.risk high → medium"
    )
    assert summaries["Remove assumption 2 of item one-click-pay"] == (
        "one-click-pay: assumption 'Tokens come back in 200 ms' removed"
    )
    assert summaries["Add opportunity no-wallet to checkout"].startswith("added opportunity no-wallet")
    assert summaries["Move opportunity deposit-surprise from checkout to payments"] == (
        "moved deposit-surprise from checkout to payments"
    )


def test_git_diff_outline_shows_opportunities_and_assumptions(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """After `install-git`, `git diff` reads a team file as an outline: opportunities and assumptions included."""
    code, out, _ = run(["install-git", "--board", str(week)], capsys)
    assert (code, out) == (0, "")
    shown = git(week, "diff", "before", "HEAD", "--", "teams/checkout.yaml")
    assert "id:" not in shown and "text:" not in shown, "the outline, not the YAML"
    assert "-  opportunity slow-quotes: Quotes take long\n" in shown
    assert "+  opportunity no-wallet: No wallet payments\n" in shown
    assert "-    open · part of mobile-friction\n" in shown and "+    addressed\n" in shown
    assert "+    answers opportunities: no-wallet\n" in shown
    assert (
        "-    assumption (untested) Renters trust us to store their card details for next time"
        " · desirability · high risk\n"
    ) in shown
    assert "+    assumption (refuted) Renters trust us to store their card details for next time" in shown
