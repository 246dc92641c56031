"""Files trioboard may not read are findings, not crashes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trioboard import workspace

pytestmark = pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")


def test_unreadable_team_file_and_teams_directory(tmp_path: Path) -> None:
    (tmp_path / "board.yaml").write_text("name: A\ngoals: []\n")
    teams = tmp_path / "teams"
    teams.mkdir()
    locked = teams / "alpha.yaml"
    locked.write_text("id: alpha\nname: A\n")
    locked.chmod(0)
    state = workspace.load(tmp_path)
    assert [(f.rule, f.file) for f in state.findings][:1] == [("parse-error", "teams/alpha.yaml")]
    teams.chmod(0)
    try:
        state = workspace.load(tmp_path)
        assert [(f.rule, f.file) for f in state.findings] == [("parse-error", "teams")]
    finally:
        teams.chmod(0o755)
