"""`trioboard impact` shows very small and very large numbers as they are (a defect QA found: failed before its fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import git, run, write_board

BOARD = """\
name: Ops
goals:
  - id: fewer-errors
    title: Fewer failed payments
    measure:
      metric: failure rate
      baseline: 0.0000005
      target: 0.0000001
      current: 0.0000003
      as_of: 2026-07-01
  - id: huge
    title: A number beyond any screen
    measure:
      metric: bytes stored
      unit: B
      baseline: 0
      target: 1.0e+300
      current: 2.5e+299
      as_of: 2026-07-01
"""


@pytest.fixture
def ops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_board(tmp_path / "ops", BOARD)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Ops board")
    monkeypatch.chdir(root)
    return root


def test_a_rate_of_a_few_in_ten_million_does_not_read_as_zero(ops: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["impact", "--today", "2026-07-02"], capsys)
    assert (code, err) == (0, "")
    assert "3e-07 as of 2026-07-01 · baseline 5e-07 → target 1e-07" in out
    assert "baseline 0 B → target 1e+300 B" in out and "2.5e+299 B as of 2026-07-01" in out
    assert max(len(line) for line in out.splitlines()) < 200
    code, out, _ = run(["impact", "--today", "2026-07-02", "--format", "markdown"], capsys)
    assert code == 0 and "target 1e\\-07" in out and "→ target 0 " not in out
    code, out, _ = run(["impact", "--format", "json"], capsys)
    assert json.loads(out)["measures"][0]["target"] == 1e-07  # JSON keeps the number itself


def test_log_measure_in_a_shallow_clone_says_where_its_history_begins(
    ops: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for value in ("0.0000004", "0.0000002"):
        assert run(["edit", "checkin", "fewer-errors", value], capsys)[0] == 0
    assert run(["edit", "checkin", "huge", "3e299"], capsys)[0] == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{ops}", str(clone))
    monkeypatch.chdir(clone)
    code, out, err = run(["log", "--measure", "fewer-errors"], capsys)
    assert (code, err) == (0, "")
    assert out == (
        "goal fewer-errors has no check-in in the history this shallow clone holds\n"
        "shallow clone: check-ins before its oldest commit are not here; git fetch --unshallow brings them\n"
    )
    code, out, _ = run(["log", "--measure", "huge"], capsys)
    assert code == 0 and out.splitlines()[-1].startswith("shallow clone: check-ins before its oldest commit")
