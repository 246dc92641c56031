"""`trioboard check`: exit status, stdout and stderr, text and JSON (SPEC section 5)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DEMO, REPO_ROOT, golden, run, write_board


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "demo"


def test_demo_json_matches_golden(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "demo", "--format", "json"], capsys)
    assert (code, err) == (1, "")
    golden("demo-check.json", out)
    document = json.loads(out)
    assert list(document) == ["board", "summary", "findings"]
    assert document["board"] == "demo"
    assert list(document["summary"]) == [
        "errors",
        "warnings",
        "infos",
        "goals",
        "outcomes",
        "items",
        "aligned_items",
        "coverage",
        "blocked_teams",
    ]
    assert set(document["findings"][0]) == {"rule", "severity", "message", "file", "line", "column", "ids"}
    rules = {f["rule"] for f in document["findings"]}
    assert len(rules) == 18, "the demo shows every rule that needs neither history nor evidence"


def test_demo_text_matches_golden(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "demo"], capsys)
    assert (code, err) == (1, "")
    golden("demo-check.txt", out)
    assert "\x1b" not in out, "no colour when stdout is not a terminal"
    assert out.splitlines()[-1].startswith("demo: 6 errors, 33 warnings, 7 infos; coverage 87%")


def test_paths_are_relative_to_where_the_user_stands(
    demo_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(demo_copy / "teams")
    _, out, _ = run(["check", "..", "--format", "json"], capsys)
    document = json.loads(out)
    assert document["board"] == ".."
    assert {f["file"] for f in document["findings"]} >= {"../board.yaml", "checkout.yaml"}


def test_fail_on_sets_the_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Only a warning (an unsupported goal) and no error.
    board = write_board(tmp_path / "b", "name: Acme\ngoals:\n  - id: g\n    title: G\n")
    assert run(["check", str(board)], capsys)[0] == 0
    assert run(["check", str(board), "--fail-on", "warning"], capsys)[0] == 1
    assert run(["check", str(board), "--fail-on", "info"], capsys)[0] == 1
    clean = write_board(tmp_path / "c", "name: Acme\ngoals: []\n")
    code, out, _ = run(["check", str(clean), "--fail-on", "info"], capsys)
    assert code == 0
    assert out.endswith(": no findings; coverage — (no active items); no blocked teams\n")


def test_board_yaml_path_is_accepted(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "demo/board.yaml", "--format", "json"], capsys)[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "nope"], "trioboard: error: no board at nope: no such directory\n"),
        (["check", "--format", "xml"], "trioboard: error: argument --format: invalid choice: 'xml'"),
        (["check", "--fail-on", "never"], "trioboard: error: argument --fail-on: invalid choice: 'never'"),
        (["frobnicate", "--x"], "trioboard: error: "),
    ],
)
def test_cannot_run_is_exit_2_with_one_line_on_stderr(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_board_discovery_from_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check"], capsys)
    assert code == 2 and "no board here" in err
    write_board(tmp_path / "boards" / "acme", "name: Acme\ngoals: []\n")
    code, out, _ = run(["check"], capsys)
    assert code == 0 and out.startswith("boards/acme: no findings")
    write_board(tmp_path / "boards" / "zeta", "name: Zeta\ngoals: []\n")
    code, _, err = run(["check"], capsys)
    assert code == 2
    assert err == "trioboard: error: several boards under ./boards/; name one: boards/acme, boards/zeta\n"
    monkeypatch.chdir(tmp_path / "boards" / "zeta")
    code, out, _ = run(["check"], capsys)
    assert code == 0 and out.startswith(".: no findings")


def test_colour_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trioboard.cli.common import colour as _colour

    class Tty:
        def isatty(self) -> bool:
            return True

    assert _colour(Tty())
    assert not _colour(sys.stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _colour(Tty())


def test_hostile_titles_cannot_reach_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = write_board(
        tmp_path / "b",
        "name: Acme\ngoals: []\n",
        {
            "alpha": 'id: alpha\nname: A\nblocked: "\\e]0;pwned\\a [red]x[/]"\n'
            'roadmap:\n  - id: a\n    title: "\\e[2J"\n'
        },
    )
    code, out, err = run(["check", str(board)], capsys)
    assert code == 1 and err == ""
    assert "\x1b" not in out and "\x07" not in out


def test_as_a_process(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    done = subprocess.run(
        [sys.executable, "-m", "trioboard", "check", "demo", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    assert json.loads(done.stdout)["summary"]["errors"] == 6
