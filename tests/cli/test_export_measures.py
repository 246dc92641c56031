"""`export --format json|csv` carries measures and impacts (SPEC 10); `git diff` shows a check-in in the outline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import git, run
from helpers.measures import measured_board


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    root = measured_board(tmp_path / "board")
    monkeypatch.chdir(root)
    args = ["edit", "impact", "one-click-pay", "--outcome", "checkout-conversion", "--expect", "-3"]
    assert run(args, capsys)[0] == 0
    return root


def test_json_gives_goals_and_outcomes_their_measure_and_items_their_impact(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["export", "--format", "json"], capsys)
    assert code == 0
    document = json.loads(out)
    outcomes = {o["id"]: o for o in document["outcomes"]}
    assert outcomes["checkout-conversion"]["measure"] == {
        "metric": "checkout conversion",
        "unit": "%",
        "direction": "increase",
        "baseline": 62,
        "target": 70,
        "by": "2026-09-30",
        "current": 63,
        "as_of": "2026-06-01",
        "confidence": 0.7,
        "source": "https://metabase.example/q/812",
    }
    assert outcomes["fewer-abandoned"]["measure"] is None
    assert [g["measure"] for g in document["goals"]] == [None]
    items = {i["id"]: i for i in document["items"]}
    assert items["one-click-pay"]["impact"] == {
        "outcome": "checkout-conversion",
        "expect": -3,
        "confidence": None,
        "actual": None,
    }
    assert items["saved-carts"]["impact"] is None


def test_csv_adds_impact_columns_and_the_measure_the_impact_is_said_in(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["export", "--format", "csv"], capsys)
    assert code == 0
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    one = rows["one-click-pay"]
    assert (one["impact_outcome"], one["impact_expect"], one["impact_confidence"], one["impact_actual"]) == (
        "checkout-conversion",
        "-3",  # a number, not a formula: no apostrophe
        "",
        "",
    )
    assert (one["measure_metric"], one["measure_unit"], one["measure_baseline"], one["measure_target"]) == (
        "checkout conversion",
        "%",
        "62",
        "70",
    )
    assert (one["measure_current"], one["measure_as_of"], one["measure_confidence"]) == ("63", "2026-06-01", "0.7")
    assert all(rows["saved-carts"][c] == "" for c in one if c.startswith(("impact_", "measure_")))
    header = out.splitlines()[0]
    assert header.startswith("team,id,title,horizon,status,state,outcomes,goals,")  # older columns first


def test_git_diff_through_the_outline_shows_a_check_in(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install-git"]) == 0
    assert run(["edit", "checkin", "checkout-conversion", "64.5", "--as-of", "2026-07-01"], capsys)[0] == 0
    shown = git(board, "log", "-1", "-p", "--format=")
    # The outline says a measure on one line under its outcome; a line with a comment shows as written.
    measure = "    measure: metric checkout conversion · unit % · baseline 62 · target 70 · by 2026-09-30 · "
    sourced = "confidence 0.7 · source https://metabase.example/q/812\n"
    assert f"-{measure}current 63 · as_of 2026-06-01 · {sourced}" in shown
    assert f"+{measure}current 64.5 · as_of 2026-07-01 · {sourced}" in shown
    assert "     metric: checkout conversion   # from the funnel dashboard\n" in shown


def test_the_outline_shows_an_impact_and_a_value_that_does_not_read(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = board / "teams" / "checkout.yaml"
    team.write_text(team.read_text().replace("current: 63", "current: sixty-three"))
    git(board, "commit", "-qam", "A hand edit the schema flags")
    assert main(["textconv", str(team)]) == 0
    out = capsys.readouterr().out
    assert " · current sixty-three · " in out  # in the measure's line, as written
    assert "    current: sixty-three\n" in out  # and the line with the problem, as every such line is
    assert "    impact: outcome checkout-conversion · expect -3\n" in out
