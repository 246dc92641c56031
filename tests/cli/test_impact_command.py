"""`trioboard impact` and `trioboard log --measure`: what a user reads, in each format, and how they refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import FIXED, git, golden, run, write_board

BOARD = """\
name: Shop
goals:
  - id: grow
    title: Grow revenue
    measure:
      metric: monthly revenue
      unit: k€
      baseline: 100
      target: 150
      by: 2026-12-31
  - id: keep
    title: Keep customers
"""
CHECKOUT = """\
id: checkout
name: Checkout
outcomes:
  - id: conversion
    title: Raise checkout conversion from 62% to 70%
    goals: [grow]
    measure:
      metric: checkout conversion
      unit: "%"
      baseline: 62
      target: 70
      by: 2026-09-30
      current: {current}
      as_of: {as_of}
      confidence: {confidence}
  - id: latency
    title: Keep pages fast
    goals: [keep]
    measure:
      metric: p95 latency
      unit: ms
      direction: stay-below
      baseline: 900
      target: 800
      current: 780
      as_of: 2026-06-20
  - id: refunds
    title: "Fewer refunds | <b>[x](y)"
    goals: [keep]
roadmap:
  - id: one-click
    title: One-click pay
    outcomes: [conversion]
    status: done
    impact:
      outcome: conversion
      expect: 3
      actual: 1.5
  - id: saved-carts
    title: Saved carts
    outcomes: [conversion]
    impact:
      outcome: conversion
      expect: 1
      confidence: 0.4
"""
SEARCH = """\
id: search
name: Search
outcomes:
  - id: findability
    title: Customers find what they look for
    goals: [grow]
roadmap:
  - id: synonyms
    title: Synonyms
    outcomes: [findability]
    status: done
    impact:
      outcome: findability
      expect: 2
      actual: 2.5
"""
TODAY = ["--today", "2026-07-10"]


def _commit(board: Path, subject: str, author: str) -> None:
    git(board, "add", "-A")
    git(board, "commit", "-qm", subject, env={**FIXED, "GIT_AUTHOR_NAME": author})


def _checkout(board: Path, current: float, as_of: str, confidence: float) -> None:
    text = CHECKOUT.format(current=current, as_of=as_of, confidence=confidence)
    (board / "teams" / "checkout.yaml").write_text(text)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A board whose measures were checked in by three people over three commits (fixed ids)."""
    board = write_board(tmp_path / "shop", BOARD, {"search": SEARCH})
    _checkout(board, 62, "2026-05-01", 0.7)
    git(board, "init", "-q")
    _commit(board, "Create the board", "Dana Ortiz")
    _checkout(board, 64.5, "2026-06-01", 0.7)
    _commit(board, "Check in conversion: 64.5%", "Lena Fischer")
    _checkout(board, 64.5, "2026-07-01", 0.5)
    _commit(board, "Check in conversion: 64.5%, confidence 0.5 (was 0.7)", "Kofi Mensah")
    return board


@pytest.mark.parametrize(("fmt", "name"), [("text", "impact.txt"), ("markdown", "impact.md"), ("json", "impact.json")])
def test_the_report_in_each_format(
    shop: Path, fmt: str, name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(shop)
    code, out, err = run(["impact", "--format", fmt, *TODAY], capsys)
    assert (code, err) == (0, "")
    golden(name, out)


def test_the_text_says_state_progress_series_movers_unmeasured_and_calibration(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["impact", "--board", str(shop), *TODAY], capsys)

    assert code == 0
    assert "◆ at risk · 31% of the way · 64.5% as of 2026-07-01" in out
    assert "check-ins ▁▃▃ 62% → 64.5%: 3 check-ins, the last on 2026-06-02 by Kofi Mensah" in out
    assert "one-click expects 3%, did 1.5%, saved-carts expects 1% (not shipped yet)" in out
    assert "✓ reached · held · 780 ms" in out
    assert "goal grow: Grow revenue\n  · not measured yet · baseline 100 k€ → target 150 k€ by 2026-12-31" in out
    assert "outcome refunds (team checkout): Fewer refunds | <b>[x](y)" in out
    assert "checkout: 1 item reviewed, 0 met what was expected (0%), actual ÷ expected 0.50 on average" in out
    assert "search: 1 item reviewed, 1 met what was expected (100%), actual ÷ expected 1.25 on average" in out
    assert "whole board: 2 items reviewed, 1 met what was expected (50%)" in out


def test_json_carries_every_check_in_with_its_author_and_commit(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["impact", "--board", str(shop), "--format", "json", *TODAY], capsys)
    assert code == 0
    document = json.loads(out)

    conversion = next(m for m in document["measures"] if m["id"] == "conversion")
    assert [(c["value"], c["confidence"], c["author"]) for c in conversion["series"]] == [
        (62, 0.7, "Dana Ortiz"),
        (64.5, 0.7, "Lena Fischer"),
        (64.5, 0.5, "Kofi Mensah"),
    ]
    assert conversion["series"][-1]["commit"] == git(shop, "rev-parse", "HEAD").strip()
    assert (conversion["state"], conversion["progress"]) == ("at-risk", 0.3125)
    assert [i["id"] for i in conversion["items"]] == ["one-click", "saved-carts"]
    assert [(n["kind"], n["id"]) for n in document["unmeasured"]] == [
        ("goal", "keep"),
        ("outcome", "refunds"),
        ("outcome", "findability"),
    ]
    assert document["calibration"][-1] == {"team": None, "items": 2, "met": 1, "met_share": 0.5, "mean_ratio": 0.875}


def test_one_team(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["impact", "--board", str(shop), "--team", "search", "--format", "json", *TODAY], capsys)
    document = json.loads(out)

    assert code == 0
    assert [m["id"] for m in document["measures"]] == ["grow"]
    assert [n["id"] for n in document["unmeasured"]] == ["findability"]
    assert [c["team"] for c in document["calibration"]] == ["search"]


def test_a_range_shows_only_the_check_ins_made_in_it(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["impact", "HEAD~1..HEAD", "--board", str(shop), "--format", "json", *TODAY], capsys)
    assert code == 0
    conversion = next(m for m in json.loads(out)["measures"] if m["id"] == "conversion")
    assert [c["author"] for c in conversion["series"]] == ["Kofi Mensah"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "nope"], "trioboard: error: the board has no team 'nope'\n"),
        (["--today", "10/07/2026"], "expected a date written YYYY-MM-DD, not '10/07/2026'"),
        (["--today", "2026-02-30"], "expected a date written YYYY-MM-DD, not '2026-02-30'"),
        (["no-such-branch"], "unknown revision or range 'no-such-branch'"),
        (["--format", "html"], "invalid choice: 'html'"),
    ],
)
def test_what_cannot_run_exits_2_with_one_line(
    shop: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["impact", "--board", str(shop), *args], capsys)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and err.startswith("trioboard: error: ")


def test_no_board_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["impact"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("trioboard: error: ") and err.count("\n") == 1


def test_log_measure_lists_the_check_ins_oldest_first(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["log", "--measure", "conversion", "--board", str(shop)], capsys)

    assert code == 0
    lines = out.splitlines()
    assert [line.split()[2:4] for line in lines[:3]] == [["Dana", "Ortiz"], ["Lena", "Fischer"], ["Kofi", "Mensah"]]
    assert "62%    confidence 0.7  as of 2026-05-01  — Create the board" in lines[0]
    assert "64.5%  confidence 0.5  as of 2026-07-01  — Check in conversion: 64.5%, confidence 0.5" in lines[2]
    assert lines[3] == "conversion, oldest to newest: ▁▃▃"
    code, out, _ = run(["log", "--measure", "conversion", "--board", str(shop), "--format", "json"], capsys)
    assert [c["value"] for c in json.loads(out)] == [62, 64.5, 64.5]


def test_log_measure_lines_its_columns_up_whatever_the_widths(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["log", "--measure", "conversion", "--board", str(shop)], capsys)

    assert code == 0
    rows = out.splitlines()[:3]  # values 62% and 64.5%, authors of three widths
    for column in ("62%", "confidence", "as of", "— "):
        starts = {row.index("64.5%" if column == "62%" and "62%" not in row else column) for row in rows}
        assert len(starts) == 1, f"{column!r} starts at {sorted(starts)}:\n{out}"
    golden("log-measure.txt", out)


def test_log_measure_of_an_unmeasured_outcome_an_item_and_an_unknown_id(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["log", "--measure", "refunds", "--board", str(shop)], capsys) == (
        0,
        "outcome refunds has no measure\n",
        "",
    )
    assert (
        run(["log", "--measure", "grow", "--board", str(shop)], capsys)[1] == "goal grow has no check-in in git yet\n"
    )
    code, out, err = run(["log", "--measure", "one-click", "--board", str(shop)], capsys)
    assert (code, out) == (2, "")
    assert (
        err == "trioboard: error: one-click is an item, not a goal or outcome: only goals and outcomes have measures\n"
    )
    code, out, err = run(["log", "--measure", "nope", "--board", str(shop)], capsys)
    assert (code, out, err) == (2, "", "trioboard: error: the board has no goal or outcome 'nope'\n")


def test_a_check_in_older_than_the_policy_allows_is_called_stale_on_the_day_given(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, fresh, _ = run(["impact", "--board", str(shop), "--today", "2026-07-31"], capsys)
    _, late, _ = run(["impact", "--board", str(shop), "--today", "2026-08-01"], capsys)

    assert "64.5% as of 2026-07-01 · " in fresh
    assert "64.5% as of 2026-07-01 (31 days old: stale) · " in late


def test_a_board_outside_git_shows_its_measures_without_a_series_and_says_so_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = write_board(tmp_path / "b", BOARD, {"search": SEARCH})
    _checkout(board, 64.5, "2026-07-01", 0.5)
    code, out, err = run(["impact", "--board", str(board), *TODAY], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(
        "Impact on Shop, as of 2026-07-10\n"
        "no history outside git: check-ins are read from git, so no series of them is shown\n\n"
    )
    assert (
        "outcome conversion (team checkout): Raise checkout conversion from 62% to 70%\n"
        "  ◆ at risk · 31% of the way · 64.5% as of 2026-07-01 · baseline 62% → target 70% by 2026-09-30 · "
        "confidence 0.5\n"
        "  expected to move it: one-click expects 3%, did 1.5%, saved-carts expects 1% (not shipped yet)\n"
    ) in out
    assert out.count("check-in") == 1  # said once, no series line per measure
    assert "No measure yet:\n  goal keep: Keep customers\n" in out
    assert "  whole board: 2 items reviewed, 1 met what was expected (50%), actual ÷ expected 0.88 on average\n" in out
    code, out, err = run(["impact", "--board", str(board), "--format", "json", *TODAY], capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["history"] is False and [m["series"] for m in document["measures"]] == [[], [], []]
    assert [m["state"] for m in document["measures"]] == ["not-measured", "at-risk", "reached"]
    code, out, err = run(["impact", "--board", str(board), "--format", "markdown", *TODAY], capsys)
    assert (code, err) == (0, "") and out.count("o history outside git") == 1
    assert "| ◆ at risk | `conversion` (`checkout`): Raise checkout conversion" in out and "| 0.5 | — |" in out
    # A range of commits needs git: that cannot run.
    code, out, err = run(["impact", "HEAD~1..HEAD", "--board", str(board)], capsys)
    assert (code, out) == (2, "")
    assert err == f"trioboard: error: {board} is not in a git work tree\n"


def test_numbers_at_the_edge_of_a_float_make_a_report_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = SEARCH.replace("expect: 2\n      actual: 2.5", "expect: 1.0e-308\n      actual: 1.0e+308")
    team = team.replace(
        "    goals: [grow]\n",
        "    goals: [grow]\n    measure: {metric: m, baseline: -1.0e+308, target: 1.0e+308, current: 1.7e+308}\n",
        1,
    )
    board = write_board(tmp_path / "b", BOARD, {"search": team})
    git(board, "init", "-q")
    _commit(board, "Create", "Dana Ortiz")

    code, out, _ = run(["impact", "--board", str(board), "--format", "json", *TODAY], capsys)

    document = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert code == 0
    assert next(m for m in document["measures"] if m["id"] == "findability")["progress"] is None
    assert document["calibration"][0]["mean_ratio"] is None
    code, out, _ = run(["impact", "--board", str(board), *TODAY], capsys)
    assert code == 0
    assert "check-ins █ 1.7e+308: 1 check-in" in out
    assert "synonyms expects 1e-308, did 1e+308" in out
    assert "actual ÷ expected — on average" in out
    assert run(["impact", "--board", str(board), "--format", "markdown", *TODAY], capsys)[0] == 0
