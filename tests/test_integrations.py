"""The GitHub Action and the pre-commit hook run what they say, safely."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from conftest import DEMO, REPO_ROOT


def load(name: str) -> object:
    return YAML(typ="safe").load((REPO_ROOT / name).read_text())


def step_script(name: str) -> tuple[str, dict[str, str]]:
    action = load("action.yml")
    assert isinstance(action, dict)
    step = next(s for s in action["runs"]["steps"] if s.get("name") == name)
    assert "${{" not in step["run"], "inputs reach scripts through env, never pasted in"
    return step["run"], step.get("env", {})


def run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    script, _ = step_script(name)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_check_step_annotates_and_fails(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    done = run_step("trioboard check", {"BOARD": "board", "FAIL_ON": "error", "SINCE": ""}, tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("::warning file=board/board.yaml,line=34")


def test_action_sarif_step_writes_the_file_and_lets_the_check_step_decide(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    env = {"BOARD": "board", "FAIL_ON": "error", "SINCE": "", "SARIF_FILE": "out.sarif"}
    done = run_step("Write SARIF", env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"


def test_action_inputs_cannot_inject_shell(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    env = {"BOARD": "board; touch injected", "FAIL_ON": "error", "SINCE": ""}
    done = run_step("trioboard check", env, tmp_path)
    assert done.returncode == 2
    assert not (tmp_path / "injected").exists()


def test_pre_commit_hook_runs_check_on_board_files() -> None:
    (hook,) = load(".pre-commit-hooks.yaml")  # type: ignore[misc]
    assert hook["entry"] == "trioboard check"
    assert hook["pass_filenames"] is False
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("boards/acme/teams/checkout.yaml")
    assert pattern.search("board.yaml")
    assert not pattern.search("docs/teams.md")
