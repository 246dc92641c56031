"""Dates git knows, for the Impact rules (SPEC 10): when a measured outcome appeared, when an item became done.

Each board is a real repository whose commits carry fixed dates; `check
--today` pins the day the board is judged at, and `diff` judges each
revision at its commit's date.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from trioboard import workspace

from helpers import git, run, write_board

BOARD = "name: Acme\ngoals:\n  - id: grow\n    title: Grow\n"
TRIO = "trio: {product: Ana, design: Ben, engineering: Chen}\n"
OUTCOME = (
    "outcomes:\n  - id: conv\n    title: Raise conversion\n    goals: [grow]\n"
    "    measure:\n      metric: conversion\n      baseline: 62\n      target: 70\n"
)
ITEM = (
    "roadmap:\n  - id: pay\n    title: One-click pay\n    outcomes: [conv]\n    status: {status}\n"
    "    impact:\n      outcome: conv\n      expect: 3\n"
)


def _team(status: str = "in-progress") -> str:
    return f"id: t\nname: Team\n{TRIO}{OUTCOME}{ITEM.format(status=status)}"


def _commit(board: Path, message: str, day: str) -> None:
    when = f"{day}T10:00:00+00:00"
    git(board, "add", "-A")
    git(board, "commit", "-qm", message, env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A board whose outcome `conv` (measured, no current) appeared on 2026-01-10 and whose item became done on 2026-03-01."""
    board = write_board(tmp_path / "b", BOARD, {"t": f"id: t\nname: Team\n{TRIO}"})
    git(board, "init", "-q")
    _commit(board, "Create the board", "2026-01-01")
    (board / "teams" / "t.yaml").write_text(_team())
    _commit(board, "Add conv and pay", "2026-01-10")
    (board / "teams" / "t.yaml").write_text(_team("done"))
    _commit(board, "Ship pay", "2026-03-01")
    return board


def _rules(board: Path, today: date, rule: str) -> list[str]:
    return [f.message for f in workspace.load(board, today=today).findings if f.rule == rule]


def test_a_measure_with_no_current_is_stale_30_days_after_its_outcome_appeared(repo: Path) -> None:
    assert _rules(repo, date(2026, 2, 9), "stale-measure") == []
    assert _rules(repo, date(2026, 2, 10), "stale-measure") == [
        "the measure of outcome conv has no current value 31 days after it appeared on 2026-01-10 "
        "(policy: check in within 30 days)"
    ]


def test_an_outcome_not_committed_yet_appeared_today(repo: Path) -> None:
    text = (repo / "teams" / "t.yaml").read_text().replace("id: conv", "id: conv2").replace("[conv]", "[conv2]")
    (repo / "teams" / "t.yaml").write_text(text.replace("outcome: conv\n", "outcome: conv2\n"))
    assert _rules(repo, date(2027, 1, 1), "stale-measure") == []


def test_a_board_outside_git_has_everything_appear_today(tmp_path: Path) -> None:
    board = write_board(tmp_path / "loose", BOARD, {"t": _team("done")})
    assert _rules(board, date(2030, 1, 1), "stale-measure") == []
    assert _rules(board, date(2030, 1, 1), "impact-unreviewed") == []


def test_an_item_done_in_git_for_more_than_45_days_has_its_impact_unreviewed(repo: Path) -> None:
    assert _rules(repo, date(2026, 4, 15), "impact-unreviewed") == []
    assert _rules(repo, date(2026, 4, 16), "impact-unreviewed") == [
        "item pay has been done since 2026-03-01 (46 days) and its impact has no actual value "
        "(policy: review within 45 days)"
    ]


def test_done_again_after_being_reopened_counts_from_the_last_time(repo: Path) -> None:
    (repo / "teams" / "t.yaml").write_text(_team("in-progress"))
    _commit(repo, "Reopen pay", "2026-03-10")
    (repo / "teams" / "t.yaml").write_text(_team("done"))
    _commit(repo, "Ship pay again", "2026-04-01")
    assert _rules(repo, date(2026, 5, 16), "impact-unreviewed") == []
    assert _rules(repo, date(2026, 5, 17), "impact-unreviewed") == [
        "item pay has been done since 2026-04-01 (46 days) and its impact has no actual value "
        "(policy: review within 45 days)"
    ]


def test_an_item_done_only_in_the_work_tree_became_done_today(repo: Path) -> None:
    (repo / "teams" / "t.yaml").write_text(_team("in-progress"))
    _commit(repo, "Reopen pay", "2026-03-10")
    (repo / "teams" / "t.yaml").write_text(_team("done"))
    assert _rules(repo, date(2027, 1, 1), "impact-unreviewed") == []


def test_check_today_pins_the_date(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(repo), "--today", "2026-02-10", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert [(f["rule"], f["line"]) for f in json.loads(out)["findings"]] == [("stale-measure", 9)]
    code, out, err = run(["check", str(repo), "--today", "2026-02-09", "--format", "json"], capsys)
    assert (code, json.loads(out)["findings"]) == (0, [])


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "2026-2-1", "20260210"])
def test_check_refuses_a_bad_today_in_one_line(repo: Path, bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(repo), "--today", bad], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"trioboard: error: argument --today: expected a date written YYYY-MM-DD, not '{bad}' "
        "(see 'trioboard check --help')\n"
    )


def test_check_since_judges_its_base_on_the_same_day(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The base's measure was fresh at its own commit date; judged on the same day as the work tree it is as
    # stale, so only what the change did is new: pay became done (and has waited 92 days for its actual).
    code, out, _ = run(["check", str(repo), "--since", "HEAD~1", "--today", "2026-06-01", "--format", "json"], capsys)
    assert code == 0
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["impact-unreviewed"]


def test_diff_judges_each_revision_at_its_commit_date(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # At HEAD~1 (2026-01-10) conv had just appeared; at HEAD (2026-03-01) it has waited 50 days for a current.
    code, out, err = run(["diff", "HEAD~1", "HEAD", "--board", str(repo), "--format", "json"], capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [f["rule"] for f in document["findings"]["new"]] == ["stale-measure"]
    assert "50 days after it appeared on 2026-01-10" in document["findings"]["new"][0]["message"]


def test_the_dates_read_the_yaml_where_git_shows_an_outline(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert run(["install-git", "--board", "."], capsys)[0] == 0
    assert "textconv" in git(repo, "config", "--list")
    assert len(_rules(repo, date(2026, 2, 10), "stale-measure")) == 1
    assert len(_rules(repo, date(2026, 4, 16), "impact-unreviewed")) == 1
