"""`trioboard export`: the strategy map as Mermaid, DOT, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import DEMO, golden, run, write_board


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "demo"


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "json", "csv"])
def test_demo_export_goldens(demo_copy: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(["export", "--format", fmt, "--board", "demo"], capsys)
    assert (code, err) == (0, "")
    golden(f"demo-export.{fmt}", out)


def test_mermaid_marks_unlinked_and_blocked_in_words(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["export", "--format", "mermaid", "--board", "demo"], capsys)[1]
    assert out.startswith("flowchart LR\n")
    assert re.search(r'\["⚠ no strategy link · dark-mode: Dark mode for the app"\]:::unlinked', out)
    assert re.search(r'\["⊘ blocked · one-click-pay: One-click pay for returning renters"\]:::blocked', out)
    assert "api-v1-sunset" not in out, "dropped items are not on the map"


def test_team_filter_keeps_what_the_team_links_to(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(run(["export", "--format", "json", "--team", "platform", "--board", "demo"], capsys)[1])
    assert {i["team"] for i in out["items"]} == {"platform"}
    assert {o["id"] for o in out["outcomes"]} == {
        "search-relevance",
        "checkout-conversion",
        "discovery-new-markets",
        "local-payment-methods",
        "payment-reliability",
    }
    assert {g["id"] for g in out["goals"]} == {"grow-retention", "grow-revenue", "expand-eu"}
    code, _, err = run(["export", "--format", "json", "--team", "nobody", "--board", "demo"], capsys)
    assert code == 2 and err == "trioboard: error: the board has no team 'nobody'\n"


def test_csv_cannot_smuggle_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = write_board(
        tmp_path / "b",
        "name: A\ngoals: []\n",
        {"alpha": 'id: alpha\nname: A\nroadmap:\n  - id: a\n    title: \'=HYPERLINK("http://x","y")\'\n'},
    )
    out = run(["export", "--format", "csv", "--board", str(board)], capsys)[1]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x","y")'
