"""Issue 11: `diff` and `log` tell every change a leader reviews, over real git histories."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from trioboard.core.analysis import Coverage
from trioboard.workspace import load

from helpers import REPO_ROOT, git, run, write_board

BOARD = """\
name: Acme
goals:
  - id: grow
    title: Grow revenue
    metric: Revenue
    target: €48
    owner: Ana
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
    depends_on: [tokens]
  - id: wallet
    title: Wallet
    outcomes: [conversion]
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


def commit(root: Path, message: str, board: str | None = None, teams: dict[str, str] | None = None) -> None:
    if board is not None:
        write_board(root, board, teams)
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose top is the board, with one commit of BOARD, CHECKOUT and PAYMENTS."""
    write_board(tmp_path, BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})
    git(tmp_path, "init", "-q")
    commit(tmp_path, "Start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def diff_json(capsys: pytest.CaptureFixture[str], *revs: str) -> dict[str, object]:
    code, out, err = run(["diff", *revs, "--format", "json"], capsys)
    assert (code, err) == (0, "")
    document: dict[str, object] = json.loads(out)
    return document


def changes_of(document: dict[str, object]) -> list[dict[str, object]]:
    found = document["changes"]
    assert isinstance(found, list)
    return found


def log_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    code, out, err = run(["log", *args, "--format", "json"], capsys)
    assert (code, err) == (0, "")
    entries: list[dict[str, object]] = json.loads(out)
    return entries


# -- 1. blocked reasons -------------------------------------------------------------


def test_blocked_reasons_set_changed_on_blocked_items_and_teams(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payments = PAYMENTS.replace("blocked: PCI audit", "blocked: PCI audit and legal review")
    payments = payments.replace(TRIO, TRIO + "blocked: Hiring\n")
    # one-click was already blocked through tokens; now it has a reason of its own too.
    checkout = CHECKOUT.replace("    depends_on: [tokens]\n", "    depends_on: [tokens]\n    blocked: Design review\n")
    commit(repo, "Reasons", BOARD, {"checkout": checkout, "payments": payments})
    document = diff_json(capsys, "HEAD~1", "HEAD")
    found = changes_of(document)
    assert {
        "change": "reason",
        "kind": "item",
        "id": "tokens",
        "from": "PCI audit",
        "to": "PCI audit and legal review",
    } in found
    assert {"change": "reason", "kind": "item", "id": "one-click", "from": None, "to": "Design review"} in found
    team = next(c for c in found if c["change"] == "team-reasons" and c["id"] == "payments")
    assert team["from"] == ['now item tokens is blocked: tokens ← blocked: "PCI audit"']
    assert team["to"] == [
        'blocked: "Hiring"',
        'now item tokens is blocked: tokens ← blocked: "PCI audit and legal review"',
    ]
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert '  ~ item tokens blocked reason: "PCI audit" → "PCI audit and legal review"' in text
    assert "no alignment change" not in text
    summary = log_json(capsys)[0]["summary"]
    assert summary != "no alignment change"
    assert "tokens blocked reason changed" in str(summary)


# -- 2. fields leaders review ----------------------------------------------------------


def test_goal_fields_trio_team_name_and_policy_are_field_changes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = BOARD.replace("target: €48", "target: €50").replace("owner: Ana", "owner: Bo")
    board = board.replace("metric: Revenue", "metric: Net revenue") + "policy:\n  wip_limit: 1\n"
    checkout = CHECKOUT.replace("name: Checkout", "name: Checkout & Pay").replace("design: B", "design: Dee")
    commit(repo, "Leaders", board, {"checkout": checkout, "payments": PAYMENTS})
    found = changes_of(diff_json(capsys, "HEAD~1", "HEAD"))
    fields = {(c["kind"], c["id"], c["field"]): (c["from"], c["to"]) for c in found if c["change"] == "field"}
    assert fields == {
        ("goal", "grow", "metric"): ("Revenue", "Net revenue"),
        ("goal", "grow", "target"): ("€48", "€50"),
        ("goal", "grow", "owner"): ("Ana", "Bo"),
        ("team", "checkout", "name"): ("Checkout", "Checkout & Pay"),
        ("team", "checkout", "trio.design"): ("B", "Dee"),
        ("board", "board", "policy.wip_limit"): (None, 1),
    }
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert "  ~ goal grow target: €48 → €50" in text
    assert "  ~ board policy.wip_limit: (none) → 1" in text
    assert "no alignment change" not in log_json(capsys)[0]["summary"]  # type: ignore[operator]


def test_a_severity_policy_change_is_a_board_field(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, "Quiet", BOARD + "policy:\n  severity:\n    blocked-team: off\n")
    found = changes_of(diff_json(capsys, "HEAD~1", "HEAD"))
    assert {
        "change": "field",
        "kind": "board",
        "id": "board",
        "field": "policy.severity.blocked-team",
        "from": None,
        "to": "off",
    } in found


# -- 3. new nodes ------------------------------------------------------------------------


def test_new_items_are_added_saying_whether_aligned(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checkout = (
        CHECKOUT
        + "  - id: dark-mode\n    title: Dark mode\n"
        + "  - id: saved-carts\n    title: Saved carts\n    outcomes: [conversion]\n"
    )
    commit(repo, "Two new items", BOARD, {"checkout": checkout, "payments": PAYMENTS})
    found = changes_of(diff_json(capsys, "HEAD~1", "HEAD"))
    assert {
        "change": "added",
        "kind": "item",
        "id": "dark-mode",
        "title": "Dark mode",
        "team": "checkout",
        "horizon": "later",
        "status": "planned",
        "aligned": False,
        "reason": "it serves no outcome",
    } in found
    saved = {"title": "Saved carts", "team": "checkout", "horizon": "later", "status": "planned", "aligned": True}
    assert {"change": "added", "kind": "item", "id": "saved-carts", **saved} in found
    assert not [c for c in found if c["change"] in ("became-unlinked", "became-aligned")]
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert "lost" not in text
    assert (
        '  + item dark-mode: "Dark mode" (no strategy link: it serves no outcome) — in checkout: later, planned\n'
        in text
    )
    assert '  + item saved-carts: "Saved carts" (aligned) — in checkout: later, planned\n' in text


def test_an_import_commit_never_says_items_lost_the_link(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imported = f"id: imported\nname: Imported\n{TRIO}roadmap:\n" + "".join(
        f"  - id: task-{n}\n    title: Task {n}\n" for n in range(267)
    )
    commit(repo, "Import", BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS, "imported": imported})
    summary = str(log_json(capsys, "-n", "1")[0]["summary"])
    assert "lost" not in summary
    assert "added 1 team, 267 items (267 without a strategy link)" in summary
    _, md, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert "lose" not in md


# -- 4. findings delta ---------------------------------------------------------------------


def test_findings_new_and_resolved(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checkout = CHECKOUT.replace("    title: Raise conversion\n    goals: [grow]\n", "    title: Raise conversion\n")
    checkout = checkout.replace("  - id: conversion\n    title: Raise conversion\n", "")
    checkout = checkout.replace("outcomes:\nroadmap:", "roadmap:")
    commit(repo, "Drop the outcome", BOARD, {"checkout": checkout, "payments": PAYMENTS})
    document = diff_json(capsys, "HEAD~1", "HEAD")
    findings = document["findings"]
    assert isinstance(findings, dict)
    new = {(f["rule"], f["ids"][0]) for f in findings["new"]}
    assert ("unknown-ref", "one-click") in new and ("unknown-ref", "wallet") in new
    first = next(f for f in findings["new"] if f["rule"] == "unknown-ref")
    assert set(first) == {"rule", "severity", "message", "file", "line", "column", "ids"}
    assert first["file"] == "teams/checkout.yaml"
    assert findings["resolved"] == []
    back = diff_json(capsys, "HEAD", "HEAD~1")["findings"]
    assert isinstance(back, dict)
    assert {(f["rule"], f["ids"][0]) for f in back["resolved"]} == new
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert "New findings" in text
    assert re.search(r"  \+ teams/checkout\.yaml:\d+: error\[unknown-ref\] ", text)
    _, md, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert "New findings" in md


# -- 5. merge base ------------------------------------------------------------------------


def test_three_dots_compare_with_the_merge_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-qb", "pr-1")
    commit(repo, "PR item", BOARD, {"checkout": CHECKOUT + "  - id: from-pr\n    title: PR\n", "payments": PAYMENTS})
    git(repo, "checkout", "-q", "main")
    commit(repo, "Main item", BOARD, {"checkout": CHECKOUT + "  - id: on-main\n    title: M\n", "payments": PAYMENTS})
    base = git(repo, "merge-base", "main", "pr-1").strip()
    document = diff_json(capsys, "main...pr-1")
    assert {(c["change"], c["id"]) for c in changes_of(document)} == {("added", "from-pr")}
    assert (document["from"], document["to"]) == (base[:7], "pr-1")
    # Two dots (or two revisions) compare the tips, as `git diff` does.
    two = {(c["change"], c["id"]) for c in changes_of(diff_json(capsys, "main..pr-1"))}
    assert two == {("added", "from-pr"), ("removed", "on-main")}
    assert {(c["change"], c["id"]) for c in changes_of(diff_json(capsys, "main...pr-1"))} == {("added", "from-pr")}
    git(repo, "checkout", "-q", "pr-1")
    assert {(c["change"], c["id"]) for c in changes_of(diff_json(capsys, "main..."))} == {("added", "from-pr")}


def test_three_dots_without_common_history_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty_tree = subprocess.run(["git", "mktree"], cwd=repo, input="", capture_output=True, text=True, check=True)
    empty_tree_id = empty_tree.stdout.strip()
    git(repo, "branch", "orphan", git(repo, "commit-tree", empty_tree_id, "-m", "Other").strip())
    code, out, err = run(["diff", "main...orphan"], capsys)
    assert (code, out) == (2, "")
    assert err == "trioboard: error: main and orphan have no common history\n"


# -- 6. links -------------------------------------------------------------------------------


def test_links_say_serves_or_depends_on(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checkout = CHECKOUT.replace("    depends_on: [tokens]\n", "").replace(
        "  - id: wallet\n    title: Wallet\n    outcomes: [conversion]\n",
        "  - id: wallet\n    title: Wallet\n    outcomes: [conversion, reliability]\n    depends_on: [tokens]\n",
    )
    commit(repo, "Links", BOARD, {"checkout": checkout, "payments": PAYMENTS})
    found = changes_of(diff_json(capsys, "HEAD~1", "HEAD"))
    links = {(c["change"], c["id"], c["target"], c["link"]) for c in found if "link" in c}
    assert links == {
        ("link-removed", "one-click", "tokens", "depends_on"),
        ("link-added", "wallet", "reliability", "serves"),
        ("link-added", "wallet", "tokens", "depends_on"),
    }
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert "  + item wallet serves reliability" in text
    assert "  + item wallet depends on tokens" in text
    assert "  - item one-click no longer depends on tokens" in text
    _, md, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert '-->|"serves"| ' in md and '-.->|"no longer depends on"| ' in md


def test_mermaid_says_how_many_links_it_left_out(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = "".join(f"  - id: extra-{n}\n    title: Extra {n}\n" for n in range(130))
    commit(repo, "Items", BOARD, {"checkout": CHECKOUT + extra, "payments": PAYMENTS})
    linked = "".join(f"  - id: extra-{n}\n    title: Extra {n}\n    outcomes: [conversion]\n" for n in range(130))
    commit(repo, "Link them all", BOARD, {"checkout": CHECKOUT + linked, "payments": PAYMENTS})
    _, md, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    diagram = md.split("```mermaid", 1)[1].split("```", 1)
    assert diagram[0].count('-->|"serves"|') == 60
    assert "…and 70 more links not drawn" in diagram[1]


# -- 7. PR-sized Markdown ---------------------------------------------------------------------


def test_markdown_fits_one_pull_request_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    from synthetic import generate_size

    root = generate_size(tmp_path / "big", "M")
    git(root, "init", "-q")
    commit(root, "L board")
    board = (root / "board.yaml").read_text()
    # Remove every goal: every outcome loses its goal, every item its strategy link.
    head, _, rest = board.partition("goals:\n")
    policy = rest[rest.index("\npolicy:") :] if "\npolicy:" in rest else ""
    (root / "board.yaml").write_text(head + "goals: []\n" + policy.lstrip("\n"))
    commit(root, "No goals")
    monkeypatch.chdir(root)
    code, md, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert code == 0
    assert len(md) <= 60_000
    assert "<details>" in md and "</details>" in md
    assert md.count("<details>") == md.count("</details>")
    assert re.search(r"…and [\d,]+ more", md)
    assert "Removed" in md and "New findings" in md


def test_short_markdown_is_not_folded(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, "One item", BOARD, {"checkout": CHECKOUT + "  - id: x\n    title: X\n", "payments": PAYMENTS})
    _, md, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert "<details>" not in md and "more" not in md


# -- 8. coverage never rounds up to 100% ------------------------------------------------------


def test_coverage_never_rounds_up_to_100(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = "".join(f"  - id: i-{n}\n    title: I {n}\n    outcomes: [conversion]\n" for n in range(1940))
    checkout = CHECKOUT.replace("    depends_on: [tokens]\n", "") + many + "  - id: lonely\n    title: Lonely\n"
    commit(repo, "Many", BOARD, {"checkout": checkout, "payments": PAYMENTS.replace("    blocked: PCI audit\n", "")})
    state = load(repo)
    assert (state.analysis.board_coverage.aligned, state.analysis.board_coverage.active) == (1943, 1944)
    _, text, _ = run(["check", "."], capsys)
    assert "coverage 99% (1943 of 1944" in text
    _, check_json, _ = run(["check", ".", "--format", "json"], capsys)
    assert json.loads(check_json)["summary"]["coverage"] < 1
    _, diff_text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert diff_text.splitlines()[1] == "coverage 100% → 99% (3 of 3 → 1943 of 1944 active items aligned)"
    assert diff_json(capsys, "HEAD~1", "HEAD")["coverage"]["after"] < 1  # type: ignore[index]
    _, log_text, _ = run(["log", "-n", "1"], capsys)
    assert "(coverage 99%)" in log_text
    assert log_json(capsys, "-n", "1")[0]["coverage"] < 1  # type: ignore[operator]


def test_percent_rounds_down() -> None:
    from trioboard.core.analysis import percent

    assert percent(Coverage(1941, 1942).ratio) == "99%"
    assert percent(Coverage(29, 100).ratio) == "29%"
    assert percent(Coverage(2, 3).ratio) == "66%"
    assert percent(Coverage(5, 5).ratio) == "100%"
    assert percent(None) == "—"
    from trioboard.tui.text import percent as tui_percent

    assert tui_percent(Coverage(1941, 1942).ratio) == "99%", "the TUI's teams table, summary and history"


# -- 14. log -------------------------------------------------------------------------------------


def test_log_takes_ranges_shows_subjects_and_first_parent(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-qb", "plan-q3")
    now = CHECKOUT.replace("    title: Wallet\n", "    title: Wallet\n    horizon: now\n")
    commit(repo, "Plan Q3: wallet now", BOARD, {"checkout": now, "payments": PAYMENTS})
    commit(repo, "Plan Q3: keep", BOARD.replace("Keep customers", "Keep every customer"))
    entries = log_json(capsys, "main..plan-q3")
    assert [e["subject"] for e in entries] == ["Plan Q3: keep", "Plan Q3: wallet now"]
    assert set(entries[0]) == {"commit", "date", "author", "subject", "summary", "coverage"}
    assert entries[0]["summary"] == "retitled goal keep"
    _, text, _ = run(["log", "main..plan-q3"], capsys)
    first = text.splitlines()[0]
    assert first.endswith("  Plan Q3: keep — retitled goal keep  (coverage 100%)")
    # A merge: --first-parent shows the merge, not the branch's own commits.
    git(repo, "checkout", "-q", "main")
    renamed = PAYMENTS.replace("title: Tokenise cards", "title: Tokenise every card")
    commit(repo, "Main: tokens title", BOARD, {"checkout": CHECKOUT, "payments": renamed})
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge plan-q3", "plan-q3")
    all_subjects = [e["subject"] for e in log_json(capsys)]
    assert "Plan Q3: keep" in all_subjects
    first_parent = log_json(capsys, "--first-parent")
    assert [e["subject"] for e in first_parent] == ["Merge plan-q3", "Main: tokens title", "Start"]
    assert first_parent[0]["summary"] == "retitled goal keep; wallet horizon later → now"


def test_log_refuses_an_unknown_range(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["log", "main..nope"], capsys)
    assert (code, out) == (2, "")
    assert err == "trioboard: error: unknown revision or range 'main..nope'\n"


# -- held out: a cycle's finding names the whole group ------------------------------------------------


def test_dependency_cycle_ids_list_the_whole_group(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team = f"""\
id: alpha
name: Alpha
{TRIO}outcomes:
  - id: o
    title: O
    goals: [grow]
roadmap:
  - id: a
    title: A
    outcomes: [o]
    depends_on: [b]
  - id: b
    title: B
    outcomes: [o]
    depends_on: [a, c]
  - id: c
    title: C
    outcomes: [o]
    depends_on: [b]
"""
    write_board(repo, BOARD, {"alpha": team})
    _, out, _ = run(["check", ".", "--format", "json"], capsys)
    cycles = [f for f in json.loads(out)["findings"] if f["rule"] == "dependency-cycle"]
    assert len(cycles) == 1
    assert cycles[0]["message"] == "dependency cycle: a → b → a"
    assert cycles[0]["ids"] == ["a", "b", "c"]


# -- issue 18: the leaders' diff says where an item is planned, and what still blocks a team ----------


def test_an_added_item_says_its_team_horizon_status_and_the_wip_limit_it_breaks(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, "Limit", BOARD + "policy:\n  wip_limit: 1\n", {"checkout": CHECKOUT, "payments": PAYMENTS})
    payments = PAYMENTS + "  - id: wallet-v2\n    title: Wallet v2\n    outcomes: [reliability]\n    horizon: now\n"
    write_board(repo, BOARD + "policy:\n  wip_limit: 1\n", {"checkout": CHECKOUT, "payments": payments})
    commit(repo, "Wallet v2")
    added = next(c for c in changes_of(diff_json(capsys, "HEAD~1", "HEAD")) if c["change"] == "added")
    assert added == {
        "change": "added",
        "kind": "item",
        "id": "wallet-v2",
        "title": "Wallet v2",
        "team": "payments",
        "horizon": "now",
        "status": "planned",
        "aligned": True,
        "wip_limit": 1,
        "now_items": 2,
    }
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert text.startswith("Acme: HEAD~1 → HEAD\n")
    assert (
        '  + item wallet-v2: "Wallet v2" (aligned) — in payments: now, planned; '
        "takes payments over its WIP limit (2 now items, limit 1)\n"
    ) in text
    _, markdown, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert "Wallet v2 (aligned) — in `payments`: now · planned; over its WIP limit (2 now items, limit 1)" in markdown


def test_a_team_that_stays_blocked_says_by_what_now(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocked_twice = PAYMENTS.replace(TRIO, TRIO + "blocked: Hiring\n")
    commit(repo, "Hiring", BOARD, {"checkout": CHECKOUT, "payments": blocked_twice})
    commit(
        repo,
        "Audit done",
        BOARD,
        {"checkout": CHECKOUT, "payments": blocked_twice.replace("    blocked: PCI audit\n", "")},
    )
    _, text, _ = run(["diff", "HEAD~1", "HEAD"], capsys)
    assert '  ⊘ team payments still blocked, now only by blocked: "Hiring"\n' in text
    assert "for other reasons" not in text
    _, markdown, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert "still blocked, now only by" in markdown
