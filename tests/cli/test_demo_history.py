"""`trioboard demo` makes a living board: ten weeks of dated check-ins and touchpoints by the trios, ending recently."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from trioboard.cli import main
from trioboard.workspace import scaffold

from helpers import git, run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, date]:
    """One `trioboard demo --into DIR` for the module (it makes some eighty commits), and the day it was made."""
    target = tmp_path_factory.mktemp("made") / "fernway"
    today = date.today()
    assert main(["demo", "--into", str(target)]) == 0
    return target, today


def _log(board: Path) -> list[tuple[date, str, str]]:
    """(author date, author, subject) of every commit, oldest first."""
    lines = git(board, "log", "--reverse", "--date=short", "--format=%ad|%an|%s").splitlines()
    return [(date.fromisoformat(d), who, subject) for d, who, subject in (line.split("|", 2) for line in lines)]


def test_the_history_is_check_ins_and_touchpoints_by_the_trios_over_ten_weeks_up_to_today(
    demo: tuple[Path, date],
) -> None:
    board, today = demo
    log = _log(board)
    first, rest = log[0], log[1:]
    assert first == (today - timedelta(days=73), "trioboard demo", "Create the Fernway demo board")
    check_ins = [(d, who) for d, who, subject in rest if subject.startswith("Check in ")]
    touchpoints = [(d, who) for d, who, subject in rest if subject.startswith("Record ")]
    assert len(check_ins) >= 30 and len(touchpoints) >= 30
    assert len({who for _, who, _ in rest}) >= 15, "the trio members and goal owners, not one author"
    assert "trioboard demo" not in {who for _, who, _ in rest}
    days = [d for d, _, _ in log]
    assert days == sorted(days), "commits follow each other in time"
    assert max(days) == today - timedelta(days=2), "the latest check-ins are two days old whenever the demo is made"
    assert (max(days) - min(days)).days >= 70
    weeks = Counter((today - d).days // 7 for d, _ in check_ins)
    assert len(weeks) >= 9, f"check-ins in most of the ten weeks, not one burst: {sorted(weeks)}"
    assert git(board, "status", "--porcelain") == ""
    assert git(board, "show", "-s", "--format=%an <%ae>", ":/Check in checkout-conversion") == (
        "Ana Ruiz <ana.ruiz@fernway.example>\n"
    )


def test_impact_shows_each_measures_series_from_git(
    demo: tuple[Path, date], capsys: pytest.CaptureFixture[str]
) -> None:
    board, today = demo
    code, out, err = run(["impact", "--board", str(board), "--format", "json"], capsys)
    assert (code, err) == (0, "")
    view = json.loads(out)
    measures = {m["id"]: m for m in view["measures"]}
    conversion = measures["checkout-conversion"]
    assert [c["value"] for c in conversion["series"]] == [62.4, 62.9, 63.4, 63.1, 64.0, 64.8, 65.1]
    assert {c["author"] for c in conversion["series"][1:]} == {"Ana Ruiz", "Chen Li"}
    assert conversion["as_of"] == (today - timedelta(days=3)).isoformat() and not conversion["stale"]
    assert all(len(m["series"]) >= 2 for m in measures.values()), "every measure has been checked in"
    assert measures["payment-reliability"]["stale"], "payments stopped checking in, as it stopped talking to customers"
    assert {c["team"] for c in view["calibration"] if c["team"]} >= {"checkout", "growth", "platform"}
    code, out, _ = run(["impact", "--board", str(board)], capsys)
    assert "check-ins ▁▁▂▂▃▃▄ 62.4% → 65.1%: 7 check-ins" in out
    code, out, _ = run(["log", "--board", str(board), "--measure", "checkout-conversion"], capsys)
    assert code == 0 and len(out.splitlines()) == 8 and "Chen Li" in out


def test_the_rules_that_need_time_speak_on_the_made_demo(
    demo: tuple[Path, date], capsys: pytest.CaptureFixture[str]
) -> None:
    board = demo[0]
    _, out, _ = run(["check", str(board), "--format", "json"], capsys)
    found = Counter((f["rule"], *f["ids"][:1]) for f in json.loads(out)["findings"])
    assert found[("stale-measure", "payment-reliability")] == 1
    assert found[("impact-unreviewed", "damage-photo-checkin")] == 1
    assert sum(n for (rule, *_), n in found.items() if rule in ("stale-measure", "impact-unreviewed")) == 2


def test_the_history_is_dated_from_the_day_the_demo_is_made(tmp_path: Path) -> None:
    board = scaffold.make_demo(tmp_path / "later", today=date(2031, 3, 1))
    log = _log(board)
    assert log[0][0] == date(2031, 3, 1) - timedelta(days=73)
    assert log[-1][0] == date(2031, 2, 27)
    team = (board / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    assert "as_of: 2031-02-26" in team
    by = (board / "board.yaml").read_text(encoding="utf-8")
    assert "by: 2031-06-27" in by


def test_discovery_flags_the_one_team_that_stopped_talking_to_customers(
    demo: tuple[Path, date], capsys: pytest.CaptureFixture[str]
) -> None:
    board, today = demo
    code, out, err = run(["discovery", "--board", str(board), "--format", "json"], capsys)
    assert (code, err) == (0, "")
    view = json.loads(out)
    assert [t["id"] for t in view["teams"] if t["flagged"]] == ["payments"]
    payments = next(t for t in view["teams"] if t["id"] == "payments")
    assert payments["in_window"] == 0 and payments["touchpoints"] >= 3
    assert payments["last"] == (today - timedelta(days=38)).isoformat()
    assert [o["id"] for o in view["opportunities"] if o["unevidenced"]] == ["slow-claim-payouts"]
    busy = [t for t in view["teams"] if t["id"] != "payments"]
    assert all(t["in_window"] >= 3 for t in busy)
    _, out, _ = run(["check", str(board), "--format", "json"], capsys)
    cadence = [(f["rule"], f["ids"]) for f in json.loads(out)["findings"] if f["rule"] in _CADENCE]
    assert cadence == [("no-touchpoint", ["payments"]), ("unevidenced-opportunity", ["slow-claim-payouts"])]
    files = git(board, "log", "--format=%ad", "--date=short", "--", "evidence/*payments*").split()
    assert max(files) == (today - timedelta(days=38)).isoformat(), "each evidence file is committed on its own date"


def test_the_demo_stays_healthy_for_a_week_after_it_is_made(
    demo: tuple[Path, date], capsys: pytest.CaptureFixture[str]
) -> None:
    board, today = demo
    later = (today + timedelta(days=6)).isoformat()
    _, out, _ = run(["discovery", "--board", str(board), "--today", later, "--format", "json"], capsys)
    assert [t["id"] for t in json.loads(out)["teams"] if t["flagged"]] == ["payments"]


_CADENCE = ("no-touchpoint", "trio-not-in-discovery", "unevidenced-opportunity", "orphan-evidence", "personal-data")
"""The evidence rules that depend on how often and with whom the trios talk to customers."""
