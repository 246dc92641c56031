"""`diff` of measures and impacts (SPEC 10, issue 19 item 6): field changes, and what Markdown calls out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import golden, run
from helpers.measures import measured_board

FIXED_DATE = "2026-07-02T10:00:00+00:00"


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """The measured board, then one commit per edit: a check-in that loses confidence, a new measure
    whose number has no source, an impact, and its actual."""
    # Every commit on one day: each revision is judged at its commit date, so the findings are the same every run.
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, FIXED_DATE)
    root = measured_board(tmp_path / "board")
    monkeypatch.chdir(root)
    for args in (
        ["checkin", "checkout-conversion", "62.5", "--confidence", "0.4", "--as-of", "2026-07-01"],
        ["measure", "fewer-abandoned", "--metric", "abandoned bookings", "--baseline", "30", "--target", "20"],
        ["set", "fewer-abandoned", "measure.current=28", "measure.as_of=2026-07-01"],
        ["impact", "one-click-pay", "--outcome", "checkout-conversion", "--expect", "3", "--confidence", "0.5"],
        ["set", "one-click-pay", "impact.actual=1.2"],
    ):
        assert run(["edit", *args], capsys)[0] == 0
    return root


def test_diff_json_has_a_field_change_per_measure_and_impact_field(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["diff", "HEAD~5", "HEAD", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    changes = [c for c in json.loads(out)["changes"] if c["change"] == "field"]
    assert {"change": "field", "kind": "outcome", "id": "checkout-conversion", "field": "measure.current",
            "from": 63, "to": 62.5, "source": "https://metabase.example/q/812"} in changes  # fmt: skip
    assert {"change": "field", "kind": "outcome", "id": "checkout-conversion", "field": "measure.confidence",
            "from": 0.7, "to": 0.4} in changes  # fmt: skip
    assert {"change": "field", "kind": "outcome", "id": "fewer-abandoned", "field": "measure.baseline",
            "from": None, "to": 30} in changes  # fmt: skip
    assert {"change": "field", "kind": "item", "id": "one-click-pay", "field": "impact.outcome",
            "from": None, "to": "checkout-conversion"} in changes  # fmt: skip
    assert {"change": "field", "kind": "item", "id": "one-click-pay", "field": "impact.actual",
            "from": None, "to": 1.2} in changes  # fmt: skip
    golden("diff-measures.json", out)


def test_diff_text_says_each_field_from_and_to(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", "HEAD~5", "HEAD"], capsys)
    assert code == 0
    assert "  ~ outcome checkout-conversion measure.confidence: 0.7 → 0.4\n" in out
    assert "  ~ item one-click-pay impact.expect: (none) → 3\n" in out
    golden("diff-measures.txt", out)


def test_markdown_calls_out_a_confidence_that_fell_and_a_number_with_no_source(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["diff", "HEAD~5", "HEAD", "--format", "markdown"], capsys)
    assert code == 0
    golden("diff-measures.md", out)
    assert (
        "**Look at:** confidence fell by 0.2 or more on 1 measure (`checkout-conversion`) and "
        "1 number changed with no source (`fewer-abandoned`)."
    ) in out
    assert "### Check-ins to look at" in out
    assert "| outcome | `checkout-conversion` | confidence fell 0.7 → **0.4** |" in out
    assert "| outcome | `fewer-abandoned` | `current` \\(none\\) → 28 with no `source` |" in out


def test_a_small_fall_and_a_sourced_number_are_not_called_out(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["edit", "checkin", "checkout-conversion", "63", "--confidence", "0.25"], capsys)[0] == 0
    code, out, _ = run(["diff", "HEAD~1", "HEAD", "--format", "markdown"], capsys)
    assert code == 0
    assert "Look at" not in out and "Check-ins to look at" not in out
    assert "| field | outcome | `checkout-conversion` | measure\\.confidence: 0\\.4 → 0\\.25 |" in out
