"""`trioboard diff` and `trioboard log` over real git histories built in tmp_path."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from trioboard.core.diff import CHANGE_KINDS

from helpers import commit_all, git, golden, run, write_board

BOARD = """\
name: Acme
goals:
  - id: grow
    title: Grow revenue
  - id: keep
    title: Keep customers
"""

TRIO = "trio: {product: A, design: B, engineering: C}\n"

CHECKOUT = f"""\
id: checkout
name: Checkout
{TRIO}outcomes:
  - id: conversion
    title: Raise conversion
    goals: [grow]
roadmap:
  - id: one-click
    title: One-click pay
    outcomes: [conversion]
    horizon: now
  - id: saved-carts
    title: Saved carts
    outcomes: [conversion]
    horizon: next
  - id: wallet
    title: Wallet
    outcomes: [conversion]
  - id: gift-cards
    title: Gift cards
    horizon: later
"""

PAYMENTS = f"""\
id: payments
name: Payments
{TRIO}outcomes:
  - id: reliability
    title: Reliable payments
    goals: [grow]
roadmap:
  - id: tokens
    title: Tokenise cards
    outcomes: [reliability]
    horizon: now
    blocked: PCI audit
"""

# One commit later: every kind of change at once.
CHECKOUT_2 = f"""\
id: checkout
name: Checkout
{TRIO}outcomes:
  - id: conversion
    title: Raise checkout conversion
    goals: [grow, keep]
roadmap:
  - id: one-click
    title: One-click pay
    outcomes: [conversion]
    horizon: now
    depends_on: [tokens]
  - id: saved-carts
    title: Saved carts
    horizon: now
    status: in-progress
  - id: gift-cards
    title: Gift cards
    outcomes: [conversion]
    horizon: later
  - id: dark-mode
    title: Dark mode
"""

PAYMENTS_2 = f"""\
id: payments
name: Payments
{TRIO}outcomes:
  - id: reliability
    title: Reliable payments
    goals: [grow]
roadmap:
  - id: tokens
    title: Tokenise cards
    outcomes: [reliability]
    horizon: now
  - id: wallet
    title: Wallet
    outcomes: [conversion]
"""


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repo with boards/acme: first commit, then one with every change."""
    board = write_board(tmp_path / "boards" / "acme", BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "Start")
    write_board(board, BOARD, {"checkout": CHECKOUT_2, "payments": PAYMENTS_2})
    commit_all(tmp_path, "Replan")
    # Then a third team that is blocked from the start, in the working tree only.
    (board / "teams" / "search.yaml").write_text(f"id: search\nname: Search\n{TRIO}blocked: Hiring\n")
    monkeypatch.chdir(tmp_path)
    return board


def changes(out: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(out)["changes"]
    return found


def test_every_change_kind_over_two_commits(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diff", "HEAD~1", "HEAD", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    found = changes(out)
    # The other three kinds are in the reverse diff, in the next test.
    assert {c["change"] for c in found} == set(CHANGE_KINDS) - {
        "removed",
        "blocked",
        "team-blocked",
        "field",
        "reason",
        "team-reasons",
        "assumption",  # discovery: tests/cli/test_diff_discovery.py
    }
    by = {(c["change"], c["id"], c.get("target")): c for c in found}
    assert by[("added", "dark-mode", None)] == {
        "change": "added",
        "kind": "item",
        "id": "dark-mode",
        "title": "Dark mode",
        "team": "checkout",
        "horizon": "later",
        "status": "planned",
        "aligned": False,
        "reason": "it serves no outcome",
    }
    assert by[("retitled", "conversion", None)]["to"] == "Raise checkout conversion"
    assert by[("moved", "wallet", None)] == {
        "change": "moved",
        "kind": "item",
        "id": "wallet",
        "from": "checkout",
        "to": "payments",
    }
    assert by[("horizon", "saved-carts", None)] == {
        "change": "horizon",
        "kind": "item",
        "id": "saved-carts",
        "from": "next",
        "to": "now",
    }
    assert by[("status", "saved-carts", None)]["to"] == "in-progress"
    assert ("link-added", "one-click", "tokens") in by and ("link-added", "conversion", "keep") in by
    assert ("link-removed", "saved-carts", "conversion") in by
    assert by[("became-unlinked", "saved-carts", None)]["reason"] == "it serves no outcome"
    assert ("became-unlinked", "dark-mode", None) not in by, "a new item never had a link to lose"
    assert ("became-aligned", "gift-cards", None) in by
    assert ("unblocked", "tokens", None) in by
    assert ("team-unblocked", "payments", None) in by
    document = json.loads(out)
    assert (document["from"], document["to"]) == ("HEAD~1", "HEAD")
    assert document["coverage"]["teams"]["checkout"] == {"before": 0.75, "after": 0.5}
    assert (document["coverage"]["before"], document["coverage"]["after"]) == (0.8, 0.6666)


def test_removed_blocked_and_team_blocked(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # From the second commit back to the first: the inverse changes.
    _, out, _ = run(["diff", "HEAD..HEAD~1", "--format", "json"], capsys)
    kinds = {(c["change"], c["id"]) for c in changes(out)}
    assert ("removed", "dark-mode") in kinds
    assert ("blocked", "tokens") in kinds
    assert ("team-blocked", "payments") in kinds
    blocked = next(c for c in changes(out) if c["change"] == "blocked" and c["id"] == "tokens")
    assert blocked["reasons"] == ['tokens ← blocked: "PCI audit"']


def test_default_is_head_against_the_working_tree(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "--format", "json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert (document["from"], document["to"]) == ("HEAD", "WORKTREE")
    assert {(c["change"], c["id"]) for c in document["changes"]} == {("added", "search"), ("team-blocked", "search")}
    code, one, _ = run(["diff", "HEAD", "--format", "json"], capsys)
    assert json.loads(one)["changes"] == document["changes"]


def test_markdown_golden(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert code == 0
    golden("diff.md", out)
    assert out.startswith(
        "## Alignment of Acme: HEAD\\~1 → HEAD\n\n"
        "This change adds 1 item (1 without a strategy link), retitles 1 outcome, moves 1 item"
    )
    assert "```mermaid" in out


def test_text_shows_sections_and_team_coverage(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert code == 0
    assert out.splitlines()[:2] == [
        "Acme: HEAD~1 → HEAD",  # the board by its name, as in Markdown
        "coverage 80% → 66% (4 of 5 → 4 of 6 active items aligned)",
    ]
    assert "  ~ item wallet moved: checkout → payments" in out
    assert "  ✗ saved-carts lost its strategy link: it serves no outcome" in out
    assert out.endswith("Coverage by team\n  checkout  75% → 50%\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "nope"], "trioboard: error: unknown revision 'nope'\n"),
        (["diff", "a", "b", "c"], "trioboard: error: diff takes at most two revisions\n"),
    ],
)
def test_diff_cannot_run(history: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(args, capsys)
    assert (code, out, err) == (2, "", message)


def test_diff_outside_git_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_board(tmp_path / "b", BOARD)
    monkeypatch.chdir(tmp_path / "b")
    code, out, err = run(["diff"], capsys)
    assert (code, out) == (2, "")
    assert err.endswith("is not in a git work tree\n")


def test_a_revision_without_the_board_compares_as_empty(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = history.parent.parent
    empty_tree = subprocess.run(["git", "mktree"], cwd=root, input="", capture_output=True, text=True, check=True)
    empty_tree_id = empty_tree.stdout.strip()
    orphan = git(root, "commit-tree", empty_tree_id, "-m", "No board").strip()
    git(root, "branch", "empty", orphan)
    _, out, _ = run(["diff", "empty", "HEAD", "--format", "json"], capsys)
    added = {c["id"] for c in changes(out) if c["change"] == "added"}
    assert {"grow", "keep", "checkout", "payments", "dark-mode"} <= added


# -- log ----------------------------------------------------------------------


def test_log_over_a_200_commit_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    board = write_board(tmp_path / "b", BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "Start")
    team = board / "teams" / "checkout.yaml"
    for n in range(199):
        horizon = ("now", "later")[n % 2]
        team.write_text(CHECKOUT.replace("    horizon: next", f"    horizon: {horizon}"))
        (tmp_path / "unrelated.txt").write_text(str(n))
        commit_all(tmp_path, f"Step {n}")
    (tmp_path / "unrelated.txt").write_text("only this")
    commit_all(tmp_path, "Not about the board")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["log", "--board", "b", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    entries = json.loads(out)
    assert len(entries) == 200
    assert entries[0]["summary"] == "saved-carts horizon later → now"
    assert entries[1]["summary"] == "saved-carts horizon now → later"
    assert entries[-2]["summary"] == "saved-carts horizon next → now"
    assert entries[-1]["summary"].startswith("added 2 goals, 2 teams, 2 outcomes, 5 items")
    assert all(e["coverage"] == 0.8 for e in entries)
    assert set(entries[0]) == {"commit", "date", "author", "subject", "summary", "coverage"}
    assert entries[0]["author"] == "Test Planner"
    cache = tmp_path / ".git" / "trioboard" / "log-cache.json"
    assert cache.exists()
    code, warm, _ = run(["log", "--board", "b", "--format", "json"], capsys)
    assert warm == out
    code, text, _ = run(["log", "--board", "b", "-n", "3"], capsys)
    lines = text.splitlines()
    assert len(lines) == 4
    sha = git(tmp_path, "rev-parse", "--short=7", "HEAD~1").strip()
    assert lines[0].startswith(f"{sha} ")
    assert lines[0].split()[2:4] == ["Test", "Planner"]
    assert lines[0].endswith("  Step 198 — saved-carts horizon later → now  (coverage 80%)")
    assert lines[-1] == "coverage, oldest to newest: ▇▇▇ 80% → 80%"


def test_log_cannot_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_board(tmp_path / "b", BOARD)
    monkeypatch.chdir(tmp_path)
    assert run(["log", "--board", "b"], capsys)[0] == 2
    assert run(["log", "--board", "b", "-n", "0"], capsys)[0] == 2


def test_install_git_makes_git_diff_read_as_an_outline(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = history.parent.parent
    code, out, _ = run(["install-git", "--board", "boards/acme"], capsys)
    assert (code, out) == (0, "")
    assert (root / ".gitattributes").read_text() == (
        "boards/acme/board.yaml diff=trioboard merge=trioboard\n"
        "boards/acme/teams/*.yaml diff=trioboard merge=trioboard\n"
    )
    assert git(root, "config", "diff.trioboard.textconv").strip().endswith(" -m trioboard textconv")
    run(["install-git", "--board", "boards/acme"], capsys)
    assert (root / ".gitattributes").read_text().count("diff=trioboard") == 2
    shown = git(root, "diff", "HEAD~1", "HEAD", "--", "boards/acme/teams/checkout.yaml")
    assert "+  item dark-mode: Dark mode" in shown
    assert "+    serves goals: grow, keep\n" in shown
    assert "+    depends on: tokens\n" in shown
    assert "id:" not in shown, "the outline, not the YAML"


def test_textconv_shows_an_unparsable_file_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "x.yaml"
    broken.write_text("id: a\nname: [unclosed\n")
    assert run(["textconv", str(broken)], capsys)[1] == "id: a\nname: [unclosed\n"
    fine = tmp_path / "y.yaml"
    fine.write_text('id: a\nname: "A \\e[31m"\nroadmap:\n  - id: x\n    title: X\n    typo: 1\n')
    out = run(["textconv", str(fine)], capsys)[1]
    assert "\x1b" not in out
    assert "  item x: X\n    later · planned\n" in out
    assert "  ! line 6: unknown key 'typo' in item x" in out
