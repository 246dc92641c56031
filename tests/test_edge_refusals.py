"""Edits refused at the edges, before the transaction: real repositories under tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DEMO
from test_cli_check import run


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose top holds the demo board, committed; the cwd."""
    shutil.copytree(DEMO, tmp_path, dirs_exist_ok=True)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "board")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["add-item", "wallet-v2", "--team", "payments", "--title", "W"],
        ["add-outcome", "wallet-v2", "--team", "payments", "--title", "W"],
        ["add-goal", "wallet-v2", "--title", "W"],
        ["add-team", "wallet-v2", "--name", "W"],
    ],
)
def test_a_new_id_is_refused_while_a_team_file_does_not_parse(
    top: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = top / "teams" / "checkout.yaml"
    broken.write_text(broken.read_text() + "  - id: wallet-v2\n    title: [unclosed\n")
    git(top, "commit", "-q", "-am", "a hand edit that broke the file")
    head = git(top, "rev-parse", "HEAD")
    code, out, err = run(["edit", *args], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("trioboard: refused: ") and "teams/checkout.yaml does not parse" in err
    assert git(top, "rev-parse", "HEAD") == head
    assert git(top, "status", "--porcelain") == ""


def test_an_id_the_broken_file_does_not_mention_can_still_be_added(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The demo's teams/partnerships.yaml does not parse on purpose.
    assert "partnerships.yaml:10:1: error[parse-error]" in run(["check"], capsys)[1]
    code, _, err = run(["edit", "add-item", "brand-new-thing", "--team", "payments", "--title", "New"], capsys)
    assert (code, err) == (0, "")
    partnerships = (top / "teams" / "partnerships.yaml").read_text()
    assert "brand-partners" in partnerships  # an id written in the broken file
    code, _, err = run(["edit", "add-item", "brand-partners", "--team", "payments", "--title", "T"], capsys)
    assert code == 1
    assert "teams/partnerships.yaml does not parse and may already use the id brand-partners" in err
