"""`trioboard edit measure|checkin|impact` and `set` on measure./impact. fields (SPEC 10): one edit, one commit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import commits, git, run
from helpers.measures import CHECKOUT, last_commit, measured_board

TEAM = "teams/checkout.yaml"


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = measured_board(tmp_path / "board")
    monkeypatch.chdir(root)
    return root


def team_text(board: Path) -> str:
    return (board / TEAM).read_text()


def refused(board: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run an edit that must be refused: exit 1, nothing on stdout, no commit, nothing written. Its message."""
    before = commits(board), team_text(board)
    code, out, err = run(["edit", *args], capsys)
    assert (code, out) == (1, ""), err
    assert err.startswith("trioboard: refused: ") and err.count("\n") == 1
    assert (commits(board), team_text(board)) == before
    assert git(board, "status", "--porcelain") == ""
    return err.removeprefix("trioboard: refused: ").strip()


# -- check-in ------------------------------------------------------------------------------


def test_a_check_in_is_one_commit_saying_value_baseline_target_and_confidence(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["edit", "checkin", "checkout-conversion", "64.5", "--confidence", "0.6", "--as-of", "2026-07-01"]
    code, out, err = run([*args, "--note", "Funnel fix shipped on 28 June"], capsys)
    subject = "Check in checkout-conversion: 64.5% (baseline 62, target 70), confidence 0.6 (was 0.7)"
    assert (code, err) == (0, "")
    assert out.endswith(f" {subject}\n")
    assert commits(board) == 2
    message, body = last_commit(board)
    assert message == subject
    assert body.startswith("Note: Funnel fix shipped on 28 June\n\n")
    text = team_text(board)
    # Only the check-in's lines changed; the comment, the quoting and the order stay.
    assert text == CHECKOUT.replace("current: 63", "current: 64.5").replace(
        "as_of: 2026-06-01", "as_of: 2026-07-01"
    ).replace("confidence: 0.7", "confidence: 0.6")
    assert git(board, "show", "--stat", "--format=", "HEAD").strip().startswith(TEAM)


def test_a_check_in_without_confidence_or_date_is_dated_today_and_says_no_confidence(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["edit", "checkin", "checkout-conversion", "65"], capsys)
    assert (code, err) == (0, "")
    assert last_commit(board)[0] == "Check in checkout-conversion: 65% (baseline 62, target 70)"
    text = team_text(board)
    assert f"      as_of: {date.today().isoformat()}\n" in text
    assert "      current: 65\n" in text and "      confidence: 0.7\n" in text  # kept
    assert last_commit(board)[1].startswith("Trioboard-Edit:")  # no note: no body but the trailer


def test_a_value_may_be_typed_with_its_unit(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["edit", "checkin", "checkout-conversion", "64.5%"], capsys)[0] == 0
    assert "      current: 64.5\n" in team_text(board)
    assert "the value must be a number, not '64.5 ms'" in refused(
        board, ["checkin", "checkout-conversion", "64.5 ms"], capsys
    )


def test_an_unchanged_confidence_is_said_without_was(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["edit", "checkin", "checkout-conversion", "66", "--confidence", "0.7"], capsys)[0] == 0
    assert last_commit(board)[0] == "Check in checkout-conversion: 66% (baseline 62, target 70), confidence 0.7"


def test_a_source_given_with_a_check_in_replaces_the_old_one(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["edit", "checkin", "checkout-conversion", "64", "--source", "https://metabase.example/q/900"]
    assert run(args, capsys)[0] == 0
    assert "      source: https://metabase.example/q/900\n" in team_text(board)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["one-click-pay", "3"], "only goals and outcomes have a measure to check in; one-click-pay is an item"),
        (["checkout", "3"], "checkout is a team"),
        (["fewer-abandoned", "3"], "fewer-abandoned has no measure to check in (or one that does not read"),
        (["checkout-conversion", "a lot"], "the value must be a number, not 'a lot'"),
        (["checkout-conversion", "64", "--confidence", "1.5"], "confidence must be from 0 to 1, not 1.5"),
        (["checkout-conversion", "64", "--as-of", "2026-02-30"], "as_of must be a date written YYYY-MM-DD"),
        (["checkout-conversion", "64", "--as-of", "yesterday"], "as_of must be a date written YYYY-MM-DD"),
        (["checkout-conversion", "63", "--as-of", "2026-06-01"], "checkout-conversion already has that check-in"),
        (["nothing-here", "3"], "no goal, team, outcome or item has the id 'nothing-here'"),
    ],
)
def test_a_check_in_is_refused_with_the_reason(
    board: Path, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert says in refused(board, ["checkin", *args], capsys)


# -- measure ---------------------------------------------------------------------------------


def test_a_new_measure_is_written_in_spec_order_after_the_goals(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["edit", "measure", "fewer-abandoned", "--metric", "abandoned bookings", "--baseline", "30"]
    code, _, err = run(
        [*args, "--target", "20", "--unit", "%", "--direction", "decrease", "--by", "2026-12-31"], capsys
    )
    assert (code, err) == (0, "")
    # Too long for one subject line (git's 72) with its date: the body says it whole.
    subject, body = last_commit(board)
    assert subject == "Measure fewer-abandoned: abandoned bookings from 30% to 20%"
    assert body.startswith("The measure: abandoned bookings from 30% to 20% by 2026-12-31\n\n")
    assert (
        "    goals: [grow-revenue]\n"
        "    measure:\n"
        "      metric: abandoned bookings\n"
        "      unit: '%'\n"
        "      direction: decrease\n"
        "      baseline: 30\n"
        "      target: 20\n"
        "      by: 2026-12-31\n"
        "\n"
        "roadmap:\n"
    ) in team_text(board)
    code, out, _ = run(["check", "--format", "json"], capsys)
    assert '"rule": "schema"' not in out


def test_a_goal_can_be_measured_too(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["edit", "measure", "grow-revenue", "--metric", "monthly revenue", "--baseline", "48", "--target", "50"]
    assert run([*args, "--unit", "k€"], capsys)[0] == 0
    assert last_commit(board)[0] == "Measure grow-revenue: monthly revenue from 48 k€ to 50 k€"
    text = (board / "board.yaml").read_text()
    assert "    target: €50k\n    measure:\n      metric: monthly revenue\n      unit: k€\n" in text


def test_changing_a_measure_says_what_changed_and_keeps_its_check_in(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["edit", "measure", "checkout-conversion", "--metric", "checkout conversion", "--baseline", "62"]
    assert run([*args, "--target", "72"], capsys)[0] == 0
    assert last_commit(board)[0] == "Change the measure of checkout-conversion: target 70 → 72"
    assert team_text(board) == CHECKOUT.replace("target: 70", "target: 72")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["one-click-pay", "--baseline", "1", "--target", "2"], "only goals and outcomes have a measure to set"),
        (["checkout", "--baseline", "1", "--target", "2"], "checkout is a team"),
        (["fewer-abandoned", "--baseline", "5", "--target", "5"], "the baseline and the target are both 5"),
        (["fewer-abandoned", "--baseline", "five", "--target", "5"], "the baseline must be a number, not 'five'"),
        (["fewer-abandoned", "--baseline", "1", "--target", ".inf"], "the target must be a number"),
        (["fewer-abandoned", "--baseline", "1", "--target", "2", "--by", "soon"], "by must be a date"),
        (
            ["checkout-conversion", "--baseline", "62", "--target", "70", "--unit", "%", "--by", "2026-09-30"],
            "checkout-conversion already has that measure",
        ),
    ],
)
def test_a_measure_is_refused_with_the_reason(
    board: Path, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    metric = ["--metric", "checkout conversion"] if args[0] == "checkout-conversion" else ["--metric", "m"]
    assert says in refused(board, ["measure", args[0], *metric, *args[1:]], capsys)


# -- impact ------------------------------------------------------------------------------------


def test_an_impact_is_written_and_its_actual_set_later(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["edit", "impact", "one-click-pay", "--outcome", "checkout-conversion", "--expect", "3"]
    assert run([*args, "--confidence", "0.5"], capsys)[0] == 0
    assert last_commit(board)[0] == "Expect one-click-pay to move checkout-conversion by 3%, confidence 0.5"
    assert (
        "    status: in-progress\n"
        "    impact:\n"
        "      outcome: checkout-conversion\n"
        "      expect: 3\n"
        "      confidence: 0.5\n"
        "    owner: Chen Li   # ships with payments\n"
    ) in team_text(board)
    code, _, err = run(["edit", "set", "one-click-pay", "impact.actual=1.2"], capsys)
    assert (code, err) == (0, "")
    assert last_commit(board)[0] == "Set impact.actual of item one-click-pay to 1.2"
    assert "      confidence: 0.5\n      actual: 1.2\n    owner: Chen Li" in team_text(board)
    assert commits(board) == 3


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["saved-carts", "--outcome", "checkout-conversion"], "saved-carts does not serve checkout-conversion"),
        (["saved-carts", "--outcome", "fewer-abandoned"], "fewer-abandoned has no measure"),
        (["one-click-pay", "--outcome", "grow-revenue"], "an impact names an outcome, and grow-revenue is a goal"),
        (["checkout-conversion", "--outcome", "checkout-conversion"], "only roadmap items have an impact"),
        (["one-click-pay", "--outcome", "checkout-conversion", "--confidence", "-1"], "from 0 to 1"),
    ],
)
def test_an_impact_is_refused_with_the_reason(
    board: Path, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert says in refused(board, ["impact", *args[:3], "--expect", "2", *args[3:]], capsys)


# -- set on dotted fields -------------------------------------------------------------------------


def test_set_types_measure_fields_by_the_vocabulary(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["edit", "set", "checkout-conversion", "measure.target=72.5", "measure.by=2026-12-31", "measure.unit="]
    code, _, err = run(args, capsys)
    assert (code, err) == (0, "")
    text = team_text(board)
    assert "      target: 72.5\n" in text and "      by: 2026-12-31\n" in text and "unit:" not in text
    assert last_commit(board)[0] == (
        "Update outcome checkout-conversion: set measure.target, set measure.by, remove measure.unit"
    )


def test_set_measure_empty_removes_the_whole_measure(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["edit", "set", "checkout-conversion", "measure="], capsys)[0] == 0
    assert "measure" not in team_text(board) and "funnel dashboard" not in team_text(board)
    assert last_commit(board)[0] == "Remove measure of outcome checkout-conversion"


@pytest.mark.parametrize(
    ("pair", "says"),
    [
        ("impact.actual=2", "one-click-pay has no impact yet"),
        ("measure.current=2", "an item has no field 'measure.current' to set"),
        ("title=", "title cannot be empty"),
    ],
)
def test_set_refuses_on_an_item_without_an_impact(
    board: Path, pair: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert says in refused(board, ["set", "one-click-pay", pair], capsys)


@pytest.mark.parametrize(
    ("pair", "says"),
    [
        ("measure.current=lots", "measure.current must be a number, not 'lots'"),
        ("measure.confidence=2", "measure.confidence must be from 0 to 1"),
        ("measure.as_of=01/07/2026", "measure.as_of must be a date written YYYY-MM-DD"),
        ("measure.direction=up", "measure.direction must be one of increase, decrease, stay-above, stay-below"),
        ("measure.target=62", "the baseline and the target are both 62"),
        ("measure.metric=", "measure.metric cannot be empty: a measure needs metric, baseline, target"),
        ("measure=gone", "measure is set field by field"),
        ("measure.colour=red", "has no field 'measure.colour'"),
    ],
)
def test_set_refuses_what_the_schema_would_flag(
    board: Path, pair: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert says in refused(board, ["set", "checkout-conversion", pair], capsys)


# -- links and removals that an impact depends on -------------------------------------------------


def test_unlinking_the_outcome_an_impact_is_said_in_is_refused(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["edit", "impact", "one-click-pay", "--outcome", "checkout-conversion", "--expect", "3"]
    assert run(args, capsys)[0] == 0
    says = refused(board, ["unlink", "one-click-pay", "checkout-conversion"], capsys)
    assert says.startswith("the impact of one-click-pay is said in the measure of checkout-conversion; remove it first")


def test_removing_an_outcome_removes_the_impacts_said_in_it(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["edit", "impact", "one-click-pay", "--outcome", "checkout-conversion", "--expect", "3"]
    assert run(args, capsys)[0] == 0
    code, _, err = run(["edit", "rm", "checkout-conversion"], capsys)
    assert (code, err) == (0, "")
    assert last_commit(board)[0] == "Remove outcome checkout-conversion and 2 links to it from one-click-pay"
    text = team_text(board)
    assert "impact" not in text and "checkout-conversion" not in text
    assert "    status: in-progress\n    owner: Chen Li   # ships with payments\n" in text
    code, out, _ = run(["check", "--format", "json"], capsys)
    assert '"severity": "error"' not in out
