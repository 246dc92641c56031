"""`diff` and `log` report evidence files added and removed: per team, with what each supports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import git, run
from helpers.evidence import BOARD, CHECKOUT, FRONT, evidence_board, write_evidence


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = evidence_board(tmp_path / "repo", BOARD, {"checkout": CHECKOUT})
    write_evidence(root, "old.md", FRONT.replace("buyer-7", "buyer-1"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "board")
    return root


def test_added_and_removed_evidence_in_every_format(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_evidence(board, "2026/new.md", FRONT + "challenges: [conversion]\n")
    (board / "evidence" / "old.md").unlink()
    code, out, err = run(["diff", "--board", str(board), "--format", "json"], capsys)
    assert (code, err) == (0, "")
    evidence = [c for c in json.loads(out)["changes"] if c["kind"] == "evidence"]
    assert evidence == [
        {
            "change": "added",
            "kind": "evidence",
            "id": "evidence/2026/new.md",
            "title": "interview with buyer-7 for checkout on 2026-07-08, supports one-click-pay, challenges conversion",
            "team": "checkout",
            "date": "2026-07-08",
            "supports": ["one-click-pay"],
            "challenges": ["conversion"],
        },
        {
            "change": "removed",
            "kind": "evidence",
            "id": "evidence/old.md",
            "title": "interview with buyer-1 for checkout on 2026-07-08, supports one-click-pay",
            "team": "checkout",
            "date": "2026-07-08",
            "supports": ["one-click-pay"],
            "challenges": [],
        },
    ]
    _, text, _ = run(["diff", "--board", str(board)], capsys)
    assert (
        '  + evidence evidence/2026/new.md: "interview with buyer-7 for checkout on 2026-07-08, supports '
        'one-click-pay, challenges conversion"\n' in text
    )
    assert (
        '  - evidence evidence/old.md: "interview with buyer-1 for checkout on 2026-07-08, supports one-click-pay"\n'
        in text
    )
    _, markdown, _ = run(["diff", "--board", str(board), "--format", "markdown"], capsys)
    assert "This change adds 1 evidence file and removes 1 evidence file." in markdown


def test_log_names_the_evidence_a_commit_added(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(4):
        write_evidence(board, f"{n}.md", FRONT.replace("buyer-7", f"buyer-{n + 10}"))
    git(board, "add", "-A")
    git(board, "commit", "-qm", "four touchpoints")
    code, out, _ = run(["log", "--board", str(board), "--format", "json"], capsys)
    assert code == 0
    newest = json.loads(out)[0]
    assert newest["subject"] == "four touchpoints" and newest["summary"] == "added 4 evidence files"


def test_an_unchanged_evidence_folder_reports_nothing(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (board / "teams" / "checkout.yaml").write_text(CHECKOUT.replace("One-click pay", "One-click payment"))
    code, out, _ = run(["diff", "--board", str(board), "--format", "json"], capsys)
    assert code == 0
    assert [c["change"] for c in json.loads(out)["changes"]] == ["retitled"]
